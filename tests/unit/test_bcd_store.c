/* A whole store read through hivex: objects, aliases, default, inheritance (with a cycle and a missing
 * object), WinRE detection, and a hive that is no BCD store. Hives are made from nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bcd/bcd.h"
#include "hive_minimal.h"

#define LOADER "{11111111-2222-3333-4444-555555555555}"
#define LOADER_UPPER "{AAAAAAAA-2222-3333-4444-555555555555}"
#define WINRE "{33333333-2222-3333-4444-555555555555}"
#define CYCLE_A "{c0c0c0c0-0000-0000-0000-00000000000a}"
#define CYCLE_B "{c0c0c0c0-0000-0000-0000-00000000000b}"

static const char spec[] =
	"[Description]\n\"KeyName\"=sz:BCD00000000\n"
	"[Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Description]\n\"Type\"=dword:0x10100002\n"
	"[Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003]\n\"Element\"=sz:" LOADER "\n"
	"[Objects\\" LOADER "\\Description]\n\"Type\"=dword:0x10200003\n"
	"[Objects\\" LOADER "\\Elements\\14000006]\n\"Element\"=multi_sz:{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}\n"
	"[Objects\\" LOADER "\\Elements\\15000023]\n\"Element\"=binary:00 96 00 00 00 00 00 00\n"
	"[Objects\\" LOADER_UPPER "\\Description]\n\"Type\"=dword:0x10200003\n"
	"[Objects\\" LOADER_UPPER "\\Elements\\14000006]\n\"Element\"=multi_sz:" CYCLE_A "|{99999999-0000-0000-0000-000000000000}\n"
	"[Objects\\" WINRE "\\Description]\n\"Type\"=dword:0x10200003\n"
	"[Objects\\" WINRE "\\Elements\\26000022]\n\"Element\"=binary:01\n"
	"[Objects\\{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}\\Description]\n\"Type\"=dword:0x20200003\n"
	"[Objects\\{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}\\Elements\\14000006]\n\"Element\"=multi_sz:{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}\n"
	"[Objects\\{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}\\Description]\n\"Type\"=dword:0x20100000\n"
	"[Objects\\{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}\\Elements\\14000006]\n\"Element\"=multi_sz:{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\n"
	"[Objects\\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Description]\n\"Type\"=dword:0x20100000\n"
	"[Objects\\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Elements\\15000022]\n\"Element\"=binary:01 00 00 00 00 00 00 00\n"
	"[Objects\\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Elements\\15000023]\n\"Element\"=binary:00 c2 01 00 00 00 00 00\n"
	"[Objects\\" CYCLE_A "\\Description]\n\"Type\"=dword:0x20100000\n"
	"[Objects\\" CYCLE_A "\\Elements\\14000006]\n\"Element\"=multi_sz:" CYCLE_B "\n"
	"[Objects\\" CYCLE_B "\\Description]\n\"Type\"=dword:0x20100000\n"
	"[Objects\\" CYCLE_B "\\Elements\\14000006]\n\"Element\"=multi_sz:" CYCLE_A "\n";

static char path[] = "/tmp/rescuewiz-test-bcd.XXXXXX";

static int setup(void **state)
{
	char err[256];
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	if (hive_minimal_write(path, "ROOT") != 0 || hive_spec_apply(path, spec, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	struct bcd_store *s = calloc(1, sizeof *s);
	hive_h *h = hivex_open(path, 0);
	struct rw_error e;
	if (!h || bcd_read(h, path, s, &e) != 0)
		return -1;
	hivex_close(h);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	bcd_free(*state);
	free(*state);
	unlink(path);
	return 0;
}

static void objects_default_and_aliases(void **state)
{
	struct bcd_store *s = *state;
	assert_true(s->is_system_store);
	assert_int_equal(s->nobjects, 9);
	assert_string_equal(s->default_guid, LOADER);
	const struct bcd_object *bm = bcd_find(s, "{bootmgr}");
	assert_non_null(bm);
	assert_string_equal(bm->alias, "{bootmgr}");
	assert_int_equal(bm->type, BCD_TYPE_BOOTMGR);
}

static void upper_case_key_is_found_in_any_spelling(void **state)
{
	struct bcd_store *s = *state;
	const struct bcd_object *o = bcd_find(s, "{aaaaaaaa-2222-3333-4444-555555555555}");
	assert_non_null(o);
	assert_string_equal(o->key_name, LOADER_UPPER);
	assert_string_equal(o->guid, "{aaaaaaaa-2222-3333-4444-555555555555}");
	assert_ptr_equal(bcd_find(s, LOADER_UPPER), o);
}

static void inherited_value_comes_from_emssettings(void **state)
{
	struct bcd_store *s = *state;
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(s, bcd_find(s, LOADER), BCD_EMSPORT, &from);
	assert_non_null(el);
	assert_int_equal(el->integer, 1);
	assert_string_equal(from->alias, "{emssettings}");
}

static void own_value_wins_over_inherited(void **state)
{
	struct bcd_store *s = *state;
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(s, bcd_find(s, LOADER), BCD_EMSBAUDRATE, &from);
	assert_int_equal(el->integer, 38400);
	assert_string_equal(from->guid, LOADER);
}

static void cycle_and_missing_object_end_the_walk(void **state)
{
	struct bcd_store *s = *state;
	assert_null(bcd_effective(s, bcd_find(s, LOADER_UPPER), BCD_EMSPORT, NULL));
}

static void winre_only_for_the_winpe_loader(void **state)
{
	struct bcd_store *s = *state;
	assert_true(bcd_is_winre(s, bcd_find(s, WINRE)));
	assert_false(bcd_is_winre(s, bcd_find(s, LOADER)));
	assert_true(bcd_is_os_loader(bcd_find(s, WINRE)));
}

static void hive_without_objects_is_refused(void **state)
{
	(void)state;
	char other[] = "/tmp/rescuewiz-test-notbcd.XXXXXX";
	int fd = mkstemp(other);
	close(fd);
	assert_int_equal(hive_minimal_write(other, "ROOT"), 0);
	hive_h *h = hivex_open(other, 0);
	struct bcd_store s;
	struct rw_error e = {0};
	assert_int_equal(bcd_read(h, "SOMEFILE", &s, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_string_equal(e.text, "SOMEFILE: not a BCD store (no Objects key)");
	hivex_close(h);
	unlink(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(objects_default_and_aliases),
		cmocka_unit_test(upper_case_key_is_found_in_any_spelling),
		cmocka_unit_test(inherited_value_comes_from_emssettings),
		cmocka_unit_test(own_value_wins_over_inherited),
		cmocka_unit_test(cycle_and_missing_object_end_the_walk),
		cmocka_unit_test(winre_only_for_the_winpe_loader),
		cmocka_unit_test(hive_without_objects_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
