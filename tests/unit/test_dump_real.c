/* The parser on real dumps: the kernel minidumps of rizinorg/rizin-testbins (dmp/triage_x64.dmp, 1,444,532
 * bytes, and dmp/triage_arm64.dmp, 1,216,428 bytes). That repository states no licence for them, so no byte
 * of them is committed here: set RESCUEWIZ_TEST_DUMPS to a folder holding the two files (a checkout's dmp/)
 * and these tests read them; without it they are skipped and say so. The expected facts are those of the
 * design note (shared/design/dumps-and-crashcontrol.md, sections 2.4 and 7), found with rizin. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

static bool real_dump(const char *name, struct dump_file *d)
{
	const char *dir = getenv("RESCUEWIZ_TEST_DUMPS");
	char path[4096];
	struct rw_error e = {0};
	if (!dir || !*dir)
		return false;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (triage_file(path, d, &e) != 0)
		fail_msg("%s (RESCUEWIZ_TEST_DUMPS is set: the file must be there)", e.text);
	return true;
}

static void x64_minidump_header(void **state)
{
	(void)state;
	struct dump_file d;
	if (!real_dump("triage_x64.dmp", &d)) {
		print_message("RESCUEWIZ_TEST_DUMPS not set: the real x64 minidump is not checked\n");
		skip();
	}
	const struct dump_header *h = &d.header;
	int64_t t = 0;
	assert_int_equal(d.size, 1444532);
	assert_int_equal(h->bits, 64);
	assert_int_equal(h->build, 19041);
	assert_int_equal(h->processors, 16);
	assert_int_equal(h->machine, 0x8664);
	assert_int_equal(h->dump_type, DUMP_TYPE_TRIAGE);
	assert_int_equal(h->bugcheck, 0x1000007E);
	assert_int_equal(h->params[0], 0xFFFFFFFFC0000005ULL);
	assert_int_equal(h->params[1], 0xFFFFF8048B58334CULL);
	assert_int_equal(h->product_type, 1);
	/* PhysicalMemoryBlock and Attributes are left "PAGE" in minidumps */
	assert_int_equal(h->ram_bytes, 0);
	assert_false(h->has_attributes);
	assert_true(dump_filetime_to_unix(h->system_time, &t));
	assert_int_equal(t, 1613871502); /* 2021-02-21 01:38:22 UTC */
}

static void x64_minidump_is_complete_and_names_amdppm(void **state)
{
	(void)state;
	struct dump_file d;
	if (!real_dump("triage_x64.dmp", &d))
		skip();
	assert_int_equal(d.check.verdict, DUMP_COMPLETE);
	assert_true(d.check.drivers_read);
	assert_int_equal(d.check.driver_count, 151);
	assert_true(d.check.module_of[1].found);
	assert_string_equal(d.check.module_of[1].path, "\\SystemRoot\\System32\\drivers\\amdppm.sys");
	struct stopcode_catalog c;
	struct rw_error e = {0};
	if (catalog_load("share/stopcodes.yaml", &c, &e) != 0)
		fail_msg("%s", e.text);
	struct stop_explained x;
	triage_explain(&c, &d, &x);
	assert_string_equal(x.name, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M");
	assert_string_equal(x.module_name, "amdppm.sys");
	assert_int_equal(x.module_param, 1);
	assert_non_null(strstr(x.meaning[0], "0xC0000005, access violation"));
	catalog_free(&c);
}

static void arm64_minidump(void **state)
{
	(void)state;
	struct dump_file d;
	if (!real_dump("triage_arm64.dmp", &d)) {
		print_message("RESCUEWIZ_TEST_DUMPS not set: the real ARM64 minidump is not checked\n");
		skip();
	}
	assert_int_equal(d.header.build, 22000);
	assert_int_equal(d.header.machine, 0xAA64);
	assert_int_equal(d.header.bugcheck, 0x1C8);
	assert_int_equal(d.check.verdict, DUMP_COMPLETE);
	assert_int_equal(d.check.driver_count, 245);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(x64_minidump_header),
		cmocka_unit_test(x64_minidump_is_complete_and_names_amdppm),
		cmocka_unit_test(arm64_minidump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
