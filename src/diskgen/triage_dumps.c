#include "diskgen/triage_dumps.h"

/* 2026-02-21 10:15:00 UTC as a FILETIME: 100 ns since 1601, (1771668900 s + 11644473600 s) x 10^7 */
#define CRASH_TIME "2026-02-21 10:15:00Z"
#define CRASH_FILETIME ((1771668900ull + 11644473600ull) * 10000000ull)
#define MINI_P2 0xfffff80212345678ull
#define MINI_DRIVER "\\SystemRoot\\System32\\drivers\\rwtest.sys"
#define DDF_PAGES 262144u

const char triage_dumps_system[] = "[ControlSet001\\Control\\CrashControl]\n\"DedicatedDumpFile\"=sz:C:\\dd.sys\n"
				   "\"NMICrashDump\"=qword:1\n"
				   "[ControlSet002\\Control\\CrashControl]\n\"NMICrashDump\"=sz:1\n";

void triage_dump_files(struct triage_dump_file out[TRIAGE_DUMP_FILES])
{
	const struct dump_spec base = {.bits = 64, .processors = 4, .build = 17763, .machine = 0x8664};
	/* MEMORY.DMP zeroed: the write never got past the header; the default minidump (112426-01.dmp, no
	 * end marker) stays as the incomplete one */
	out[0] = (struct triage_dump_file){"Windows/MEMORY.DMP", base, 0};
	out[0].spec.processors = 2;
	out[0].spec.zeroed = true;
	out[0].spec.cut_at = 65536;
	/* a 0x7E minidump naming the driver that faulted */
	out[1] = (struct triage_dump_file){"Windows/Minidump/022126-01.dmp", base, 0};
	struct dump_spec *m = &out[1].spec;
	m->dump_type = 4;
	m->product_type = 3;
	m->bugcheck = 0x1000007e;
	m->params[0] = 0xffffffffc0000005ull;
	m->params[1] = MINI_P2;
	m->params[2] = 0xffff850429891ee8ull;
	m->params[3] = 0xffff850429891720ull;
	m->system_time = CRASH_FILETIME;
	m->uptime = 36000000000ull;
	m->drivers[0] = (struct dump_build_driver){"\\SystemRoot\\system32\\ntoskrnl.exe", 0xfffff80210000000ull, 0x1046000};
	m->drivers[1] = (struct dump_build_driver){MINI_DRIVER, 0xfffff80212340000ull, 0x10000};
	m->ndrivers = 2;
	/* a bitmap kernel dump left at offset 0 of the 4 MiB page file by an NMI: the VM never booted again */
	out[2] = (struct triage_dump_file){"pagefile.sys", base, 4u << 20};
	out[2].spec.dump_type = 6;
	out[2].spec.bugcheck = 0x80;
	out[2].spec.bitmap_pages = 16;
	out[2].spec.system_time = CRASH_FILETIME;
	/* a full dump of 1 GiB cut at 1 MiB in the dedicated dump file: it was too small */
	out[3] = (struct triage_dump_file){"dd.sys", base, 0};
	out[3].spec.dump_type = 1;
	out[3].spec.bugcheck = 0x7b;
	out[3].spec.pages = DDF_PAGES;
	out[3].spec.cut_at = 1u << 20;
}

void triage_dumps_expect(FILE *out)
{
	fprintf(out,
		"DUMPS_TIME='" CRASH_TIME "'\nDUMPS_MINI='\\Windows\\Minidump\\022126-01.dmp'\nDUMPS_MINI_P2=0x%llx\n"
		"DUMPS_MINI_DRIVER='" MINI_DRIVER "'\nDUMPS_MINI_BUGCHECK=0x1000007e\n"
		"DUMPS_MINI_NAME=SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M\nDUMPS_MINI_CUT='\\Windows\\Minidump\\112426-01.dmp'\n"
		"DUMPS_PAGEFILE='\\pagefile.sys'\nDUMPS_PAGEFILE_BUGCHECK=0x00000080\nDUMPS_PAGEFILE_SIZE=%u\n"
		"DUMPS_DDF_PATH='\\dd.sys'\nDUMPS_DDF_BUGCHECK=0x0000007b\nDUMPS_DDF_EXPECTED=%llu\n"
		"DUMPS_NMI_QWORD_SET=ControlSet001\nDUMPS_NMI_SZ_SET=ControlSet002\n",
		(unsigned long long)MINI_P2, 4u << 20, 0x2000ull + DDF_PAGES * 4096ull);
}
