/* The SYSTEM hive: Select, control sets in any case, CrashControl and page files, MountedDevices, and
 * which control set boots. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/system.h"
#include "diskgen/hive_minimal.h"

static int read_spec(const char *spec, struct system_info *s, struct rw_error *e)
{
	char path[64], err[256];
	if (hive_spec_file(spec, "ROOT", path, sizeof path, err, sizeof err) != 0)
		fail_msg("%s", err);
	hive_h *h = hivex_open(path, 0);
	assert_non_null(h);
	int rc = system_read(h, "SYSTEM", s, e);
	hivex_close(h);
	unlink(path);
	return rc;
}

static const char three_sets[] =
	"[Select]\n\"Current\"=dword:2\n\"Default\"=dword:2\n\"LastKnownGood\"=dword:3\n\"Failed\"=dword:1\n"
	"[ControlSet003\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:1\n"
	"[controlset002\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n"
	"\"DumpFile\"=expand_sz:%SystemRoot%\\MEMORY.DMP\n\"NMICrashDump\"=dword:1\n"
	"[controlset002\\Control\\Session Manager\\Memory Management]\n\"PagingFiles\"=multi_sz:C:\\pagefile.sys 0 0|D:\\pagefile.sys\n"
	"[ControlSet001\\Control]\n\"x\"=dword:0\n"
	"[ControlSetXYZ\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:3\n"
	"[MountedDevices]\n\"\\DosDevices\\C:\"=binary:78 56 34 12 00 00 10 00 00 00 00 00\n";

static void select_and_control_sets_in_any_case(void **state)
{
	(void)state;
	struct system_info s;
	struct rw_error e;
	assert_int_equal(read_spec(three_sets, &s, &e), 0);
	assert_int_equal(s.select.current, 2);
	assert_int_equal(s.select.last_known_good, 3);
	assert_int_equal(s.select.failed, 1);
	assert_int_equal(s.ncontrol_sets, 3); /* ControlSetXYZ is not a control set */
	assert_int_equal(s.control_sets[0].number, 1);
	assert_string_equal(s.control_sets[1].name, "controlset002");
	assert_false(s.control_sets[0].has_crash_control);
	const struct reg_value *v = control_set_crash_value(&s.control_sets[1], "dumpfile");
	assert_non_null(v);
	assert_int_equal(v->type, hive_t_REG_EXPAND_SZ);
	assert_string_equal(v->text, "%SystemRoot%\\MEMORY.DMP");
	assert_int_equal(control_set_crash_value(&s.control_sets[1], "NMICrashDump")->number, 1);
	assert_int_equal(s.control_sets[1].npaging_files, 2);
	assert_string_equal(s.control_sets[1].paging_files[0], "C:\\pagefile.sys 0 0");
	assert_int_equal(s.nmounted, 1);
	assert_int_equal(s.mounted[0].letter, 'C');
	assert_int_equal(system_boot_control_set(&s), 2);
	system_free(&s);
}

static void boot_set_falls_back_when_current_is_missing(void **state)
{
	(void)state;
	struct system_info s;
	struct rw_error e;
	assert_int_equal(read_spec("[Select]\n\"Current\"=dword:5\n\"Default\"=dword:9\n"
				   "[ControlSet004\\Control]\n\"x\"=dword:0\n",
				   &s, &e),
			 0);
	assert_int_equal(s.ncontrol_sets, 1);
	assert_int_equal(system_boot_control_set(&s), 4);
	system_free(&s);
}

static void one_control_set_without_select(void **state)
{
	(void)state;
	struct system_info s;
	struct rw_error e;
	assert_int_equal(read_spec("[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:2\n", &s, &e), 0);
	assert_int_equal(s.select.current, -1);
	assert_int_equal(system_boot_control_set(&s), 1);
	system_free(&s);
}

static void hive_without_select_or_control_set_is_refused(void **state)
{
	(void)state;
	struct system_info s;
	struct rw_error e = {0};
	assert_int_equal(read_spec("[Software\\x]\n\"a\"=dword:1\n", &s, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_string_equal(e.text, "SYSTEM: not a SYSTEM hive (no Select key and no ControlSet00N)");
}

static void mounted_device_forms(void **state)
{
	(void)state;
	struct mounted_device m;
	static const uint8_t mbr[12] = {0x78, 0x56, 0x34, 0x12, 0, 0, 0x10, 0, 0, 0, 0, 0};
	mounted_device_decode("\\DosDevices\\c:", mbr, sizeof mbr, &m);
	assert_int_equal(m.kind, MOUNTED_MBR);
	assert_int_equal(m.letter, 'C');
	assert_int_equal(m.mbr_signature, 0x12345678);
	assert_int_equal(m.mbr_offset, 1048576);
	mounted_device_clear(&m);

	uint8_t gpt[24] = "DMIO:ID:";
	assert_true(guid_parse("{1a2b3c4d-0004-4000-8000-00000000aa04}", gpt + 8));
	mounted_device_decode("\\??\\Volume{x}", gpt, sizeof gpt, &m);
	assert_int_equal(m.kind, MOUNTED_GPT);
	assert_int_equal(m.letter, 0);
	assert_string_equal(m.partition_guid, "{1a2b3c4d-0004-4000-8000-00000000aa04}");
	mounted_device_clear(&m);

	static const uint8_t other[] = {'\\', 0, '?', 0, '?', 0};
	mounted_device_decode("\\DosDevices\\E:", other, sizeof other, &m);
	assert_int_equal(m.kind, MOUNTED_OTHER);
	assert_string_equal(m.other, "\\??");
	mounted_device_clear(&m);
}

static void mounted_device_odd_lengths_never_overread(void **state)
{
	(void)state;
	static const size_t lengths[] = {0, 1, 11, 13, 23, 25};
	for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
		uint8_t *d = malloc(lengths[i] ? lengths[i] : 1);
		memset(d, 'A', lengths[i]);
		struct mounted_device m;
		mounted_device_decode("\\DosDevices\\Z:", d, lengths[i], &m);
		assert_int_equal(m.kind, MOUNTED_OTHER);
		mounted_device_clear(&m);
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(select_and_control_sets_in_any_case),
		cmocka_unit_test(boot_set_falls_back_when_current_is_missing),
		cmocka_unit_test(one_control_set_without_select),
		cmocka_unit_test(hive_without_select_or_control_set_is_refused),
		cmocka_unit_test(mounted_device_forms),
		cmocka_unit_test(mounted_device_odd_lengths_never_overread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
