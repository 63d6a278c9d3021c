/* The SOFTWARE hive: which Windows is installed (Microsoft\Windows NT\CurrentVersion), named as people name
 * it, with every value of a hostile hive bounded and kept printable. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/software.h"
#include "diskgen/hive_minimal.h"

static int read_spec(const char *spec, struct software_info *si, struct rw_error *e)
{
	char path[64], err[256];
	if (hive_spec_file(spec, "ROOT", path, sizeof path, err, sizeof err) != 0)
		fail_msg("%s", err);
	hive_h *h = hivex_open(path, 0);
	assert_non_null(h);
	int rc = software_read(h, "SOFTWARE", si, e);
	hivex_close(h);
	unlink(path);
	return rc;
}

#define KEY "[Microsoft\\Windows NT\\CurrentVersion]\n"

static void server_2019_is_named_with_its_build(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	char buf[200];
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Windows Server 2019 Datacenter\n"
				       "\"EditionID\"=sz:ServerDatacenter\n\"InstallationType\"=sz:Server\n"
				       "\"CurrentBuild\"=sz:17763\n\"CurrentBuildNumber\"=sz:17763\n\"UBR\"=dword:1234\n"
				       "\"CurrentMajorVersionNumber\"=dword:10\n\"CurrentMinorVersionNumber\"=dword:0\n"
				       "\"CurrentVersion\"=sz:6.3\n\"ReleaseId\"=sz:1809\n",
				   &si, &e),
			 0);
	assert_string_equal(si.product_name, "Windows Server 2019 Datacenter");
	assert_string_equal(si.edition_id, "ServerDatacenter");
	assert_string_equal(si.installation_type, "Server");
	assert_string_equal(si.display_version, "");
	assert_string_equal(si.current_build, "17763");
	assert_string_equal(si.current_build_number, "17763");
	assert_string_equal(si.current_version, "6.3");
	assert_int_equal(si.ubr, 1234);
	assert_int_equal(si.major_version, 10);
	assert_int_equal(si.minor_version, 0);
	assert_int_equal(software_build(&si), 17763);
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Windows Server 2019 Datacenter, build 17763.1234");
}

static void windows_11_is_named_by_its_build_not_its_product_name(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	char buf[200];
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Windows 10 Pro\n\"DisplayVersion\"=sz:23H2\n"
				       "\"CurrentBuild\"=sz:22631\n\"UBR\"=dword:2861\n",
				   &si, &e),
			 0);
	assert_string_equal(si.product_name, "Windows 10 Pro"); /* as stored */
	assert_string_equal(si.display_version, "23H2");
	assert_string_equal(software_product(&si, buf, sizeof buf), "Windows 11 Pro");
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Windows 11 Pro, build 22631.2861");
}

static void windows_10_and_server_2022_keep_their_names(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	char buf[200];
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Windows 10 Enterprise\n\"CurrentBuild\"=sz:19045\n", &si, &e), 0);
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Windows 10 Enterprise, build 19045");
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Windows Server 2022 Datacenter\n\"CurrentBuild\"=sz:20348\n"
				       "\"UBR\"=dword:0\n",
				   &si, &e),
			 0);
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Windows Server 2022 Datacenter, build 20348.0");
	/* a name that only starts with the same digits is another product */
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Windows 100\n\"CurrentBuild\"=sz:26100\n", &si, &e), 0);
	assert_string_equal(software_product(&si, buf, sizeof buf), "Windows 100");
}

static void hive_without_current_version_is_refused(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e = {0};
	assert_int_equal(read_spec("[Microsoft\\Windows NT]\n\"x\"=dword:1\n", &si, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_string_equal(e.text, "SOFTWARE: not a SOFTWARE hive (no Microsoft\\Windows NT\\CurrentVersion key)");
}

static void values_of_the_wrong_type_count_as_missing(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	char buf[200];
	assert_int_equal(read_spec(KEY "\"ProductName\"=dword:7\n\"UBR\"=sz:1234\n\"CurrentMajorVersionNumber\"=qword:10\n"
				       "\"CurrentMinorVersionNumber\"=hex(4):01 00\n\"EditionID\"=binary:41 00 42 00\n",
				   &si, &e),
			 0);
	assert_string_equal(si.product_name, "");
	assert_string_equal(si.edition_id, "");
	assert_int_equal(si.ubr, -1);
	assert_int_equal(si.major_version, -1);
	assert_int_equal(si.minor_version, -1);
	assert_int_equal(software_build(&si), 0);
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Windows");
}

/* Windows XP and 2003 kept obsolete text in CurrentBuild; CurrentBuildNumber has the build */
static void build_falls_back_to_current_build_number(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	char buf[200];
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Microsoft Windows Server 2003\n"
				       "\"CurrentBuild\"=sz:1.511.1 () (Obsolete data - do not use)\n"
				       "\"CurrentBuildNumber\"=sz:3790\n",
				   &si, &e),
			 0);
	assert_int_equal(software_build(&si), 3790);
	assert_string_equal(software_describe(&si, buf, sizeof buf), "Microsoft Windows Server 2003, build 3790");
	assert_int_equal(read_spec(KEY "\"CurrentBuild\"=sz:12345678\n\"CurrentBuildNumber\"=sz:-5\n", &si, &e), 0);
	assert_int_equal(software_build(&si), 0);
}

/* ESC (a terminal escape), DEL, U+009B (CSI, the one-character escape of the C1 range) and a tab are shown
 * as \xNN, as everything from the disk (core/utf16.h) */
static void control_characters_are_shown_escaped(void **state)
{
	(void)state;
	struct software_info si;
	struct rw_error e;
	assert_int_equal(read_spec(KEY "\"ProductName\"=sz:Win\x1b[2Jdows\x7f\x9b" "31m\n\"EditionID\"=sz:a\tb\n", &si, &e), 0);
	assert_string_equal(si.product_name, "Win\\x1b[2Jdows\\x7f\\xc2\\x9b31m");
	assert_string_equal(si.edition_id, "a\\x09b");
}

/* 300 times U+00E9 (2 bytes of UTF-8 each): cut to what fits, never inside a character */
static void long_values_are_cut_on_a_character_boundary(void **state)
{
	(void)state;
	char spec[1024];
	int at = snprintf(spec, sizeof spec, KEY "\"ProductName\"=sz:");
	for (int i = 0; i < 300; i++)
		spec[at++] = '\xe9';
	snprintf(spec + at, sizeof spec - (size_t)at, "\n\"CurrentVersion\"=sz:6.3.9600.12345.67890\n");
	struct software_info si;
	struct rw_error e;
	assert_int_equal(read_spec(spec, &si, &e), 0);
	size_t n = strlen(si.product_name);
	assert_int_equal(n, sizeof si.product_name - 2); /* 63 characters; a 64th would leave no room for NUL */
	for (size_t i = 0; i < n; i += 2)
		assert_memory_equal(si.product_name + i, "\xc3\xa9", 2);
	assert_string_equal(si.current_version, "6.3.9600.12345.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(server_2019_is_named_with_its_build),
		cmocka_unit_test(windows_11_is_named_by_its_build_not_its_product_name),
		cmocka_unit_test(windows_10_and_server_2022_keep_their_names),
		cmocka_unit_test(hive_without_current_version_is_refused),
		cmocka_unit_test(values_of_the_wrong_type_count_as_missing),
		cmocka_unit_test(build_falls_back_to_current_build_number),
		cmocka_unit_test(control_characters_are_shown_escaped),
		cmocka_unit_test(long_values_are_cut_on_a_character_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
