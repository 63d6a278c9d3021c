#include "diskgen/specs.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diskgen/triage_dumps.h"

/* a volume of a disk that is not this one: where a default loader that boots "elsewhere" points */
#define OTHER_DISK "{0badf00d-0000-4000-8000-000000000001}"
#define OTHER_PART "{0badf00d-0000-4000-8000-000000000002}"
#define OTHER_SIGNATURE 0x0badf00du
#define EMS "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"
#define GLOBAL "{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"
#define DBG "{4636856e-540f-4170-a130-a84776f4c654}"
#define BADMEM "{5189b25c-5558-4bf2-bca4-289b11bd29e2}"
#define LOADERSET "{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}"
#define RAMDISKOPT "{ae5534e0-a924-466c-b836-758539a3ee3a}"
#define HYPERV "{7ff607e0-4395-11db-b0de-0800200c9a66}"
#define MEMDIAG "{b2721d73-1db4-4c62-bf78-c548a880142d}"
/* Gen2's second loader is written in capitals: GUIDs must be compared without case */
#define LOADER_B_UPPER "{3B1A6C2E-8D4F-11EE-9A01-00155D000002}"

#define MIB 2048u /* sectors */

void disk_layout_of(const struct disk_desc *d, struct disk_layout *l)
{
	memset(l, 0, sizeof *l);
	l->sectors = d->size_mib * MIB;
	if (d->shape == DISK_DATA_ONLY) {
		/* the one volume is "Windows" here only by place: it holds no Windows */
		l->windows_start = 2048;
		l->windows_sectors = l->sectors - l->windows_start - MIB;
		return;
	}
	if (d->generation == 1) {
		l->boot_start = 2048;
		l->boot_sectors = d->single_volume ? l->sectors - 2 * 2048 : 1024000;
		l->windows_start = d->single_volume ? l->boot_start : l->boot_start + l->boot_sectors;
		l->windows_sectors = l->sectors - l->windows_start - 2048;
		return;
	}
	l->recovery_start = 2048;
	l->recovery_sectors = 499 * MIB;
	l->boot_start = l->recovery_start + l->recovery_sectors;
	l->boot_sectors = 99 * MIB;
	l->msr_start = l->boot_start + l->boot_sectors;
	l->msr_sectors = 16 * MIB;
	l->windows_start = l->msr_start + l->msr_sectors;
	/* the last MiB holds the backup GPT */
	l->windows_sectors = l->sectors - l->windows_start - MIB;
}

char *spec_partitions(const struct disk_desc *d, const struct disk_layout *l)
{
	char *s = NULL;
	/* sfdisk wants GUIDs without braces */
#define BARE(g) ((g) + 1)
	if (d->shape == DISK_DATA_ONLY)
		return asprintf(&s, "label: gpt\nlabel-id: %.36s\n"
				"start=%llu, size=%llu, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=\"Basic data partition\"\n",
				BARE(DISK_GUID), (unsigned long long)l->windows_start, (unsigned long long)l->windows_sectors) < 0
			       ? NULL
			       : s;
	if (d->generation == 1 && d->single_volume)
		return asprintf(&s, "label: dos\nlabel-id: 0x%08x\nstart=%llu, size=%llu, type=7, bootable\n",
				DISKGEN_MBR_SIGNATURE, (unsigned long long)l->windows_start,
				(unsigned long long)l->windows_sectors) < 0 ? NULL : s;
	if (d->generation == 1)
		return asprintf(&s, "label: dos\nlabel-id: 0x%08x\n"
				"start=%llu, size=%llu, type=7, bootable\nstart=%llu, size=%llu, type=7\n",
				DISKGEN_MBR_SIGNATURE, (unsigned long long)l->boot_start,
				(unsigned long long)l->boot_sectors, (unsigned long long)l->windows_start,
				(unsigned long long)l->windows_sectors) < 0 ? NULL : s;
	return asprintf(&s,
			"label: gpt\nlabel-id: %.36s\n"
			"start=%llu, size=%llu, type=DE94BBA4-06D1-4D40-A16A-BFD50179D6AC, uuid=%.36s, "
			"name=\"Basic data partition\", attrs=\"RequiredPartition GUID:63\"\n"
			"start=%llu, size=%llu, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=%.36s, "
			"name=\"EFI system partition\"\n"
			"start=%llu, size=%llu, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=%.36s, "
			"name=\"Microsoft reserved partition\"\n"
			"start=%llu, size=%llu, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=%.36s, "
			"name=\"Basic data partition\"\n",
			BARE(DISK_GUID), (unsigned long long)l->recovery_start, (unsigned long long)l->recovery_sectors,
			BARE(P_RECOVERY), (unsigned long long)l->boot_start, (unsigned long long)l->boot_sectors,
			BARE(P_ESP), (unsigned long long)l->msr_start, (unsigned long long)l->msr_sectors, BARE(P_MSR),
			(unsigned long long)l->windows_start, (unsigned long long)l->windows_sectors,
			BARE(P_WINDOWS)) < 0
		       ? NULL
		       : s;
#undef BARE
}

/* --- bytes of BCD device elements, as "binary:" text --- */

struct bytes {
	uint8_t b[512];
	size_t n;
};

static void le(struct bytes *x, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n && i < 8 && x->n < sizeof x->b; i++)
		x->b[x->n++] = (uint8_t)(v >> (8 * i));
}

static void zeros(struct bytes *x, unsigned n)
{
	for (unsigned i = 0; i < n && x->n < sizeof x->b; i++)
		x->b[x->n++] = 0;
}

static unsigned hexval(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* {aabbccdd-eeff-0011-2233-445566778899} in Windows byte order: the first three fields little endian */
static void guid(struct bytes *x, const char *g)
{
	uint8_t raw[16];
	size_t k = 0;
	for (const char *p = g; *p && k < 16; p++)
		if (p[0] != '{' && p[0] != '}' && p[0] != '-') {
			raw[k++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
			p++;
		}
	static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	for (int i = 0; i < 16; i++)
		le(x, 1, raw[order[i]]);
}

static void utf16z(struct bytes *x, const char *s)
{
	for (; *s; s++)
		le(x, 2, (unsigned char)*s);
	le(x, 2, 0);
}

static void part_data_mbr(struct bytes *x, uint32_t signature, uint64_t offset)
{
	le(x, 8, offset);
	zeros(x, 12);
	le(x, 4, 1);
	le(x, 4, signature);
	zeros(x, 28);
}

static void part_data_gpt(struct bytes *x, const char *part, const char *disk)
{
	guid(x, part);
	zeros(x, 8);
	guid(x, disk);
	zeros(x, 16);
}

/* a partition device: a local partition (6) with its 72-byte location (the partition data above) */
static void holder(struct bytes *x, const struct bytes *pd)
{
	le(x, 4, 6);
	le(x, 4, 0);
	le(x, 4, 72);
	zeros(x, 4);
	memcpy(x->b + x->n, pd->b, pd->n);
	x->n += pd->n;
}

static void dev_partition(struct bytes *x, const struct bytes *pd)
{
	zeros(x, 16);
	holder(x, pd);
}

/* WinRE's ramdisk: a file on a partition, with its options object */
static void dev_file(struct bytes *x, const char *options, const struct bytes *pd, const char *path)
{
	struct bytes tail = {0};
	holder(&tail, pd);
	utf16z(&tail, path);
	size_t len = 0x44 + tail.n;
	guid(x, options);
	le(x, 4, 0);
	le(x, 4, 1);
	le(x, 4, len - 0x10);
	zeros(x, 4);
	le(x, 4, 3);
	zeros(x, 20);
	le(x, 4, 1);
	le(x, 4, len - 0x38);
	le(x, 4, 5);
	memcpy(x->b + x->n, tail.b, tail.n);
	x->n += tail.n;
}

static void binary(FILE *f, const struct bytes *x)
{
	fputs("binary:", f);
	for (size_t i = 0; i < x->n; i++)
		fprintf(f, "%s%02x", i ? " " : "", x->b[i]);
	fputc('\n', f);
}

/* the device of a volume of this disk (which: 'b' boot, 'w' Windows, 'r' recovery) or of another disk */
static void volume_data(struct bytes *pd, const struct disk_desc *d, const struct disk_layout *l, char which)
{
	if (which == 'o')
		d->generation == 1 ? part_data_mbr(pd, OTHER_SIGNATURE, 1048576) : part_data_gpt(pd, OTHER_PART, OTHER_DISK);
	else if (d->generation == 1)
		part_data_mbr(pd, DISKGEN_MBR_SIGNATURE, (which == 'w' ? l->windows_start : l->boot_start) * 512);
	else
		part_data_gpt(pd, which == 'w' ? P_WINDOWS : which == 'b' ? P_ESP : P_RECOVERY, DISK_GUID);
}

static void el(FILE *f, const char *obj, const char *element, const char *value)
{
	fprintf(f, "[Objects\\%s\\Elements\\%s]\n\"Element\"=%s\n", obj, element, value);
}

static void el_device(FILE *f, const char *obj, const char *element, const struct bytes *dev)
{
	fprintf(f, "[Objects\\%s\\Elements\\%s]\n\"Element\"=", obj, element);
	binary(f, dev);
}

static void obj(FILE *f, const char *o, uint32_t type)
{
	fprintf(f, "[Objects\\%s\\Description]\n\"Type\"=dword:0x%08x\n", o, type);
}

static void loader(FILE *f, const char *g, const struct bytes *dev, const char *winload, const char *description)
{
	obj(f, g, 0x10200003);
	el_device(f, g, "11000001", dev);
	el_device(f, g, "21000001", dev);
	fprintf(f, "[Objects\\%s\\Elements\\12000004]\n\"Element\"=sz:%s\n", g, description);
	el(f, g, "12000002", winload);
	el(f, g, "22000002", "sz:\\Windows");
	el(f, g, "14000006", "multi_sz:" LOADERSET);
	el(f, g, "14000008", "multi_sz:" DISKGEN_WINRE);
	el(f, g, "250000e0", "binary:01 00 00 00 00 00 00 00");
}

char *spec_bcd(const struct disk_desc *d, const struct disk_layout *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	bool gen2 = d->generation == 2;
	struct bytes pd_boot = {0}, pd_win = {0}, pd_rec = {0}, pd_other = {0};
	volume_data(&pd_boot, d, l, 'b');
	volume_data(&pd_win, d, l, 'w');
	volume_data(&pd_rec, d, l, gen2 ? 'r' : 'b');
	volume_data(&pd_other, d, l, 'o');
	struct bytes bootdev = {0}, osdev = {0}, otherdev = {0}, winredev = {0};
	dev_partition(&bootdev, &pd_boot);
	dev_partition(&osdev, &pd_win);
	dev_partition(&otherdev, &pd_other);
	dev_file(&winredev, RAMDISKOPT, &pd_rec, "\\Recovery\\WindowsRE\\Winre.wim");
	const char *winload = gen2 ? "sz:\\Windows\\system32\\winload.efi" : "sz:\\Windows\\system32\\winload.exe";
	const char *second = gen2 ? LOADER_B_UPPER : DISKGEN_LOADER_B;

	fputs("[Description]\n\"KeyName\"=sz:BCD00000000\n", f);
	obj(f, BOOTMGR, 0x10100002);
	el_device(f, BOOTMGR, "11000001", &bootdev);
	el(f, BOOTMGR, "12000004", "sz:Windows Boot Manager");
	el(f, BOOTMGR, "12000005", "sz:en-US");
	el(f, BOOTMGR, "14000006", "multi_sz:" GLOBAL);
	el(f, BOOTMGR, "23000003", "sz:" DISKGEN_LOADER_A);
	el(f, BOOTMGR, "25000004", "binary:1e 00 00 00 00 00 00 00");
	if (gen2)
		el(f, BOOTMGR, "12000002", "sz:\\EFI\\Microsoft\\Boot\\bootmgfw.efi");
	fprintf(f, "[Objects\\%s\\Elements\\24000001]\n\"Element\"=multi_sz:%s%s%s\n", BOOTMGR, DISKGEN_LOADER_A,
		d->loaders > 1 ? "|" : "", d->loaders > 1 ? second : "");
	const char *release = gen2 ? "Windows Server 2019" : "Windows Server 2016";
	loader(f, DISKGEN_LOADER_A, d->default_elsewhere ? &otherdev : &osdev, winload, release);
	if (d->loaders > 1) {
		char old[80];
		snprintf(old, sizeof old, "%s (old)", release);
		loader(f, second, &osdev, winload, old);
		/* the 4-byte boolean some tools write: readers must take any length */
		if (gen2 && !d->default_elsewhere)
			el(f, second, "260000b0", "binary:01 00 00 00");
	}
	obj(f, DISKGEN_WINRE, 0x10200003);
	el_device(f, DISKGEN_WINRE, "11000001", &winredev);
	el_device(f, DISKGEN_WINRE, "21000001", &winredev);
	el(f, DISKGEN_WINRE, "12000004", "sz:Windows Recovery Environment");
	el(f, DISKGEN_WINRE, "12000002", winload);
	el(f, DISKGEN_WINRE, "22000002", "sz:\\windows");
	el(f, DISKGEN_WINRE, "26000022", "binary:01");
	el(f, DISKGEN_WINRE, "14000006", "multi_sz:" LOADERSET);
	obj(f, RAMDISKOPT, 0x30000000);
	el(f, RAMDISKOPT, "12000004", "sz:Windows Recovery");
	el(f, RAMDISKOPT, "32000004", "sz:\\Recovery\\WindowsRE\\boot.sdi");
	obj(f, LOADERSET, 0x20200003);
	el(f, LOADERSET, "14000006", "multi_sz:" GLOBAL "|" HYPERV);
	obj(f, HYPERV, 0x20200003);
	obj(f, GLOBAL, 0x20100000);
	el(f, GLOBAL, "14000006", d->emssettings ? "multi_sz:" DBG "|" EMS "|" BADMEM : "multi_sz:" DBG "|" BADMEM);
	if (d->emssettings) {
		obj(f, EMS, 0x20100000);
		el(f, EMS, "16000020", "binary:00");
	}
	obj(f, DBG, 0x20100000);
	el(f, DBG, "15000011", "binary:04 00 00 00 00 00 00 00");
	obj(f, BADMEM, 0x20100000);
	obj(f, MEMDIAG, 0x10200005);
	el(f, MEMDIAG, "12000004", "sz:Windows Memory Diagnostic");
	if (d->bcd_extra)
		fprintf(f, "%s\n", d->bcd_extra);
	return fclose(f) == 0 ? text : (free(text), NULL);
}

static void mounted_mbr(FILE *f, const char *name, uint32_t signature, uint64_t offset)
{
	struct bytes x = {0};
	le(&x, 4, signature);
	le(&x, 8, offset);
	fprintf(f, "\"%s\"=", name);
	binary(f, &x);
}

static void mounted_gpt(FILE *f, const char *name, const char *part)
{
	struct bytes x = {0};
	for (const char *p = "DMIO:ID:"; *p; p++)
		le(&x, 1, (unsigned char)*p);
	guid(&x, part);
	fprintf(f, "\"%s\"=", name);
	binary(f, &x);
}

static void mounted_name(FILE *f, const char *name, const char *device)
{
	struct bytes x = {0};
	for (const char *p = device; *p; p++)
		le(&x, 2, (unsigned char)*p);
	fprintf(f, "\"%s\"=", name);
	binary(f, &x);
}

char *spec_system(const struct disk_desc *d, const struct disk_layout *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	fprintf(f, "[Select]\n\"Current\"=dword:%u\n\"Default\"=dword:%u\n\"LastKnownGood\"=dword:%u\n\"Failed\"=dword:%u\n",
		d->current, d->deflt, d->last_known_good, d->failed);
	for (unsigned i = 1; i <= d->control_sets; i++) {
		fprintf(f, "[ControlSet%03u\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n"
			"\"DumpFile\"=expand_sz:%%SystemRoot%%\\MEMORY.DMP\n\"MinidumpDir\"=expand_sz:%%SystemRoot%%\\Minidump\n"
			"\"AutoReboot\"=dword:1\n\"Overwrite\"=dword:1\n\"LogEvent\"=dword:1\n", i);
		fprintf(f, "[ControlSet%03u\\Control\\Session Manager\\Memory Management]\n"
			"\"PagingFiles\"=multi_sz:?:\\pagefile.sys\n\"ExistingPageFiles\"=multi_sz:\\??\\C:\\pagefile.sys\n", i);
		fprintf(f, "[ControlSet%03u\\Services\\Tcpip\\Parameters]\n\"Hostname\"=sz:broken-vm\n", i);
	}
	fputs("[MountedDevices]\n", f);
	if (d->generation == 1) {
		mounted_mbr(f, "\\DosDevices\\C:", DISKGEN_MBR_SIGNATURE, l->windows_start * 512);
		mounted_mbr(f, "\\??\\Volume{0a0b0c0d-0000-0000-0000-100000000000}", DISKGEN_MBR_SIGNATURE, l->boot_start * 512);
		mounted_mbr(f, "\\??\\Volume{0a0b0c0d-0000-0000-0000-200000000000}", DISKGEN_MBR_SIGNATURE, l->windows_start * 512);
	} else {
		mounted_gpt(f, "\\DosDevices\\C:", P_WINDOWS);
		mounted_gpt(f, "\\??\\Volume{0a0b0c0d-0000-0000-0000-400000000000}", P_WINDOWS);
		mounted_gpt(f, "\\??\\Volume{0a0b0c0d-0000-0000-0000-100000000000}", P_RECOVERY);
	}
	mounted_mbr(f, "\\DosDevices\\D:", OTHER_SIGNATURE, 1048576);
	/* a DVD drive: a device name in UTF-16, not a partition */
	if (d->generation == 1)
		mounted_name(f, "\\DosDevices\\E:",
			     "\\??\\SCSI#CdRom&Ven_Msft&Prod_Virtual_DVD-ROM#2&1f4adffe&0&000002#"
			     "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}");
	if (d->triage_dumps)
		fputs(triage_dumps_system, f);
	if (d->system_extra)
		fprintf(f, "%s\n", d->system_extra);
	return fclose(f) == 0 ? text : (free(text), NULL);
}

/* Server 2016 and 2019 have no DisplayVersion. Gen2's boot entry still says 2019: names must come from
 * SOFTWARE. */
const struct spec_release *spec_release_of(const struct disk_desc *d)
{
	static const struct spec_release gen1 = {"Windows Server 2016 Datacenter", "ServerDatacenter", "14393", "6252", ""},
					 gen2 = {"Windows Server 2022 Datacenter", "ServerDatacenter", "20348", "2227", "21H2"};
	return d->generation == 2 ? &gen2 : &gen1;
}

/* Windows Server writes CurrentVersion "6.3" since Windows 8.1; the version numbers are 10.0. */
char *spec_software(const struct disk_desc *d)
{
	const struct spec_release *r = spec_release_of(d);
	char display[64] = "";
	if (*r->display_version)
		snprintf(display, sizeof display, "\"DisplayVersion\"=sz:%s\n", r->display_version);
	char *s = NULL;
	return asprintf(&s,
			"[Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=sz:%s\n\"EditionID\"=sz:%s\n"
			"\"InstallationType\"=sz:Server\n\"CurrentBuild\"=sz:%s\n\"CurrentBuildNumber\"=sz:%s\n"
			"\"UBR\"=dword:%s\n\"CurrentMajorVersionNumber\"=dword:10\n\"CurrentMinorVersionNumber\"=dword:0\n"
			"\"CurrentVersion\"=sz:6.3\n\"SystemRoot\"=sz:C:\\Windows\n\"RegisteredOwner\"=sz:Windows User\n%s"
			"[Microsoft\\Windows\\CurrentVersion]\n\"ProgramFilesDir\"=sz:C:\\Program Files\n",
			r->product, r->edition, r->build, r->build, r->ubr, display) < 0
		       ? NULL
		       : s;
}

void spec_dump(const struct disk_desc *d, bool memory_dmp, struct dump_spec *out)
{
	uint64_t pages = (d->dump_ram_mib ? d->dump_ram_mib : 8192) * 256;
	bool whole = d->dump_complete;
	*out = (struct dump_spec){.dump_type = memory_dmp ? whole ? 6 : 2 : 4, .build = 17763, .processors = 2,
				  .machine = 0x8664, .bugcheck = memory_dmp && !whole ? 0x80 : 0x7e, .pages = pages,
				  .required_space = pages * 4096 + 8192, .system_time = 133770000000000000ull,
				  .cut_at = 65536};
	if (!whole) {
		/* a dump whose write stopped after the header: the minidump has no end marker */
		out->params[0] = 0x4f4454;
		out->no_trgd = !memory_dmp;
		return;
	}
	out->params[0] = 0xc0000005u;
	out->params[1] = SPEC_RWTEST_FAULT;
	out->params[2] = 0xffffd88f1c2e7a48ull;
	out->params[3] = 0xffffd88f1c2e7280ull;
	out->bitmap_pages = 256;
	out->drivers[0] = (struct dump_build_driver){"\\SystemRoot\\System32\\ntoskrnl.exe", 0xfffff80510000000ull, 0x1046000};
	out->drivers[1] = (struct dump_build_driver){"\\SystemRoot\\System32\\drivers\\rwtest.sys", SPEC_RWTEST_BASE,
						     SPEC_RWTEST_SIZE};
	out->ndrivers = 2;
	out->cut_at = memory_dmp ? 0 : 65536;
}
