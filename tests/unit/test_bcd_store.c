/* A whole store read through hivex: objects, aliases, default, inheritance (with a cycle and a missing
 * object), WinRE detection, odd keys and values, a store of a thousand objects, and a hive that is no
 * BCD store. Hives are made from nothing with the test support library. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcd/bcd.h"
#include "diskgen/hive_minimal.h"

#define BOOTMGR "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
#define LOADERSETTINGS "{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}"
#define GLOBALSETTINGS "{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"
#define EMSSETTINGS "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"
#define LOADER "{11111111-2222-3333-4444-555555555555}"
#define LOADER_UPPER "{AAAAAAAA-2222-3333-4444-555555555555}"
#define WINRE "{33333333-2222-3333-4444-555555555555}"
#define WINRE_WIM "{44444444-2222-3333-4444-555555555555}"
#define CYCLE_A "{c0c0c0c0-0000-0000-0000-00000000000a}"
#define CYCLE_B "{c0c0c0c0-0000-0000-0000-00000000000b}"
#define MISSING "{99999999-0000-0000-0000-000000000000}"

#define OBJ(guid, type) "[Objects\\" guid "\\Description]\n\"Type\"=dword:" type "\n"
#define EL(guid, id, value) "[Objects\\" guid "\\Elements\\" id "]\n\"Element\"=" value "\n"

/* WinRE's osdevice, laid out as src/bcd/device.c documents it: a ramdisk (local device 0, local type 3)
 * whose image \w.wim is on the MBR partition at byte 1048576 of disk 0x12345678. */
#define RAMDISK_WIM                                                                  \
	"binary:e0 34 55 ae 24 a9 6c 46 b8 36 75 85 39 a3 ee 3a "                    \
	"00 00 00 00 01 00 00 00 8a 00 00 00 00 00 00 00 "                           \
	"03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "   \
	"01 00 00 00 62 00 00 00 05 00 00 00 "                                       \
	"06 00 00 00 00 00 00 00 48 00 00 00 00 00 00 00 "                           \
	"00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 "   \
	"78 56 34 12 00 00 00 00 00 00 00 00 00 00 00 00 "                           \
	"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "                           \
	"5c 00 77 00 2e 00 77 00 69 00 6d 00 00 00"

static const char spec[] =
	"[Description]\n\"KeyName\"=sz:BCD00000000\n"
	OBJ(BOOTMGR, "0x10100002")
	EL(BOOTMGR, "12000004", "sz:Windows Boot Manager")
	EL(BOOTMGR, "14000006", "multi_sz:" GLOBALSETTINGS)
	EL(BOOTMGR, "23000003", "sz:" LOADER)
	EL(BOOTMGR, "24000001", "multi_sz:" LOADER "|" LOADER_UPPER "|" WINRE)
	OBJ(LOADER, "0x10200003")
	EL(LOADER, "14000006", "multi_sz:" LOADERSETTINGS)
	EL(LOADER, "15000023", "binary:00 96 00 00 00 00 00 00")
	EL(LOADER, "260000B0", "binary:01")
	EL(LOADER, "12000004", "sz:Windows Server")
	EL(LOADER, "notanid", "binary:01")
	"[Objects\\" LOADER "\\Elements\\16000010]\n"
	OBJ(LOADER_UPPER, "0x10200003")
	EL(LOADER_UPPER, "14000006", "multi_sz:" CYCLE_A "|" MISSING "|" LOADERSETTINGS)
	OBJ(WINRE, "0x10200003")
	EL(WINRE, "14000006", "multi_sz:" LOADERSETTINGS)
	EL(WINRE, "26000022", "binary:01")
	EL(WINRE, "12000004", "binary:57 00")
	OBJ(WINRE_WIM, "0x10200003")
	EL(WINRE_WIM, "21000001", RAMDISK_WIM)
	OBJ(LOADERSETTINGS, "0x20200003")
	EL(LOADERSETTINGS, "14000006", "multi_sz:" GLOBALSETTINGS)
	OBJ(GLOBALSETTINGS, "0x20100000")
	EL(GLOBALSETTINGS, "14000006", "multi_sz:" EMSSETTINGS)
	OBJ(EMSSETTINGS, "0x20100000")
	EL(EMSSETTINGS, "15000022", "binary:01 00 00 00 00 00 00 00")
	EL(EMSSETTINGS, "15000023", "binary:00 c2 01 00 00 00 00 00")
	OBJ(CYCLE_A, "0x20100000")
	EL(CYCLE_A, "14000006", "multi_sz:" CYCLE_B)
	OBJ(CYCLE_B, "0x20100000")
	EL(CYCLE_B, "14000006", "multi_sz:" CYCLE_A)
	OBJ("NotAGuid", "0x20100000");

/* Writes a hive made from `spec` to a new temporary file, whose name goes to path. */
static int make_hive(char *path, const char *text)
{
	char err[256] = "";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	if (hive_minimal_write(path, "ROOT") != 0 || (text && hive_spec_apply(path, text, err, sizeof err) != 0)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int read_store(const char *path, struct bcd_store *s, struct rw_error *e)
{
	hive_h *h = hivex_open(path, 0);
	if (!h)
		return -2;
	int rc = bcd_read(h, path, s, e);
	hivex_close(h);
	return rc;
}

static int setup(void **state)
{
	char path[] = "/tmp/rescuewiz-test-bcd.XXXXXX";
	struct bcd_store *s = calloc(1, sizeof *s);
	struct rw_error e;
	int rc = s && make_hive(path, spec) == 0 ? read_store(path, s, &e) : -1;
	unlink(path);
	*state = s;
	return rc;
}

static int teardown(void **state)
{
	bcd_free(*state);
	free(*state);
	return 0;
}

static const struct bcd_object *find(void **state, const char *guid)
{
	const struct bcd_object *o = bcd_find(*state, guid);
	assert_non_null(o);
	return o;
}

static void every_object_is_read(void **state)
{
	struct bcd_store *s = *state;
	assert_int_equal(s->nobjects, 11);
}

static void system_store_is_recognised(void **state)
{
	struct bcd_store *s = *state;
	assert_true(s->is_system_store);
}

static void default_comes_from_bootmgr(void **state)
{
	struct bcd_store *s = *state;
	assert_string_equal(s->default_guid, LOADER);
}

static void display_order_is_normalised(void **state)
{
	const struct bcd_element *el = bcd_own(find(state, "{bootmgr}"), BCD_DISPLAYORDER);
	assert_non_null(el);
	assert_int_equal(el->nlist, 3);
	assert_string_equal(el->list[0], LOADER);
	assert_string_equal(el->list[1], "{aaaaaaaa-2222-3333-4444-555555555555}");
	assert_string_equal(el->list[2], WINRE);
}

static void well_known_objects_have_their_alias(void **state)
{
	assert_string_equal(find(state, BOOTMGR)->alias, "{bootmgr}");
	assert_string_equal(find(state, EMSSETTINGS)->alias, "{emssettings}");
	assert_string_equal(find(state, LOADERSETTINGS)->alias, "{bootloadersettings}");
	assert_null(find(state, LOADER)->alias);
}

static void object_types_are_read(void **state)
{
	assert_int_equal(find(state, "{bootmgr}")->type, BCD_TYPE_BOOTMGR);
	assert_int_equal(find(state, LOADER)->type, BCD_TYPE_OSLOADER);
	assert_int_equal(find(state, "{bootloadersettings}")->type, BCD_TYPE_INHERIT_LOADER);
	assert_int_equal(find(state, "{emssettings}")->type, BCD_TYPE_INHERIT_ANY);
	assert_string_equal(bcd_type_name(BCD_TYPE_OSLOADER), "Windows Boot Loader");
}

static void upper_case_key_is_found_in_any_spelling(void **state)
{
	const struct bcd_object *o = find(state, "aaaaaaaa-2222-3333-4444-555555555555");
	assert_string_equal(o->key_name, LOADER_UPPER);
	assert_string_equal(o->guid, "{aaaaaaaa-2222-3333-4444-555555555555}");
	assert_ptr_equal(bcd_find(*state, LOADER_UPPER), o);
}

static void key_that_is_no_guid_is_kept_lower_case(void **state)
{
	const struct bcd_object *o = find(state, "notaguid");
	assert_string_equal(o->key_name, "NotAGuid");
	assert_string_equal(o->guid, "notaguid");
	assert_null(o->alias);
}

static void elements_are_sorted_by_id(void **state)
{
	const struct bcd_object *o = find(state, LOADER);
	assert_true(o->nelements > 1);
	for (size_t i = 1; i < o->nelements; i++)
		assert_true(o->elements[i - 1].id < o->elements[i].id);
}

static void upper_case_element_key_is_read(void **state)
{
	const struct bcd_element *el = bcd_own(find(state, LOADER), BCD_EMS);
	assert_non_null(el);
	assert_true(el->decoded);
	assert_int_equal(el->integer, 1);
}

static void element_key_that_is_no_hex_id_is_skipped(void **state)
{
	/* inherit, description, 15000023, 260000b0, and the key without a value; not "notanid" */
	assert_int_equal(find(state, LOADER)->nelements, 5);
}

static void element_key_without_value_is_kept_with_a_problem(void **state)
{
	const struct bcd_element *el = bcd_own(find(state, LOADER), BCD_BOOTDEBUG);
	assert_non_null(el);
	assert_false(el->decoded);
	assert_non_null(strstr(el->problem, "no Element value"));
}

static void element_of_wrong_type_is_kept_with_a_problem(void **state)
{
	const struct bcd_element *el = bcd_own(find(state, WINRE), BCD_DESCRIPTION);
	assert_non_null(el);
	assert_false(el->decoded);
	assert_string_equal(el->problem, "expected REG_SZ for a string element, found REG_BINARY");
}

static void inherited_value_comes_from_emssettings(void **state)
{
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(*state, find(state, LOADER), BCD_EMSPORT, &from);
	assert_non_null(el);
	assert_int_equal(el->integer, 1);
	assert_string_equal(from->alias, "{emssettings}");
}

static void own_value_wins_over_inherited(void **state)
{
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(*state, find(state, LOADER), BCD_EMSBAUDRATE, &from);
	assert_non_null(el);
	assert_int_equal(el->integer, 38400);
	assert_string_equal(from->guid, LOADER);
}

static void cycle_and_missing_object_are_passed_over(void **state)
{
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(*state, find(state, LOADER_UPPER), BCD_EMSBAUDRATE, &from);
	assert_non_null(el);
	assert_int_equal(el->integer, 115200);
	assert_string_equal(from->guid, EMSSETTINGS);
}

static void cycle_alone_ends_without_a_value(void **state)
{
	assert_null(bcd_effective(*state, find(state, CYCLE_A), BCD_EMSPORT, NULL));
}

static void winpe_loader_is_winre(void **state)
{
	assert_true(bcd_is_winre(*state, find(state, WINRE)));
}

static void loader_booting_a_wim_ramdisk_is_winre(void **state)
{
	const struct bcd_object *o = find(state, WINRE_WIM);
	const struct bcd_element *dev = bcd_own(o, BCD_OSDEVICE);
	assert_non_null(dev);
	assert_true(dev->decoded);
	assert_int_equal(dev->device.mbr_offset, 1048576);
	assert_string_equal(dev->device.file_path, "\\w.wim");
	assert_true(bcd_is_winre(*state, o));
}

static void os_loaders_are_not_winre(void **state)
{
	assert_false(bcd_is_winre(*state, find(state, LOADER)));
	assert_false(bcd_is_winre(*state, find(state, LOADER_UPPER)));
	assert_true(bcd_is_os_loader(find(state, LOADER)));
}

static void hive_without_objects_is_refused(void **state)
{
	(void)state;
	char path[] = "/tmp/rescuewiz-test-notbcd.XXXXXX";
	assert_int_equal(make_hive(path, NULL), 0);
	struct bcd_store s;
	struct rw_error e = {0};
	int rc = read_store(path, &s, &e);
	unlink(path);
	assert_int_equal(rc, -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_string_equal(e.text + strlen(path), ": not a BCD store (no Objects key)");
}

#define MANY 1000

/* MANY settings objects, each inheriting the next; only the last one has emsport. */
static char *chain_spec(void)
{
	size_t cap = (size_t)MANY * 400, n = 0;
	char *text = malloc(cap);
	for (int i = 0; text && i < MANY; i++) {
		n += (size_t)snprintf(text + n, cap - n, "[Objects\\{%08x-0000-4000-8000-000000000000}\\Description]\n"
				      "\"Type\"=dword:0x20100000\n", i);
		if (i + 1 < MANY)
			n += (size_t)snprintf(text + n, cap - n, "[Objects\\{%08x-0000-4000-8000-000000000000}\\Elements\\"
					      "14000006]\n\"Element\"=multi_sz:{%08x-0000-4000-8000-000000000000}\n",
					      i, i + 1);
	}
	if (text)
		snprintf(text + n, cap - n, "[Objects\\{%08x-0000-4000-8000-000000000000}\\Elements\\15000022]\n"
			 "\"Element\"=binary:02 00 00 00 00 00 00 00\n", MANY - 1);
	return text;
}

static void a_thousand_objects_and_a_long_inherit_chain(void **state)
{
	(void)state;
	char path[] = "/tmp/rescuewiz-test-bigbcd.XXXXXX";
	char *text = chain_spec();
	assert_non_null(text);
	assert_int_equal(make_hive(path, text), 0);
	free(text);
	struct bcd_store s;
	struct rw_error e;
	int rc = read_store(path, &s, &e);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_int_equal(s.nobjects, MANY);
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(&s, bcd_find(&s, "{00000000-0000-4000-8000-000000000000}"),
						     BCD_EMSPORT, &from);
	assert_non_null(el);
	assert_int_equal(el->integer, 2);
	char last[GUID_TEXT_LEN];
	snprintf(last, sizeof last, "{%08x-0000-4000-8000-000000000000}", MANY - 1);
	assert_string_equal(from->guid, last);
	bcd_free(&s);
}

#define TANGLED 8

/* Never stops a walk that works; one that enters objects again and again is stopped after 1000 calls in all,
 * so the test fails rather than hangs. */
static bool never(const struct bcd_object *o, void *ctx)
{
	(void)o;
	(void)ctx;
	static unsigned calls;
	return ++calls > 1000;
}

/* TANGLED objects, each inheriting all of them (itself too); only the last has emsport. Without a record of
 * the objects entered a depth-first walk would follow TANGLED^depth paths. */
static void objects_that_all_inherit_each_other_are_entered_once(void **state)
{
	(void)state;
	char text[TANGLED * 512], list[16 + TANGLED * 40] = "multi_sz:";
	size_t n = 0;
	for (int i = 0; i < TANGLED; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s{%08x-0000-4000-8000-00000000000e}",
			 i ? "|" : "", i);
	for (int i = 0; i < TANGLED; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "[Objects\\{%08x-0000-4000-8000-00000000000e}\\Elements\\"
				      "14000006]\n\"Element\"=%s\n", i, list);
	snprintf(text + n, sizeof text - n, "[Objects\\{%08x-0000-4000-8000-00000000000e}\\Elements\\15000022]\n"
		 "\"Element\"=binary:03 00 00 00 00 00 00 00\n", TANGLED - 1);
	char path[] = "/tmp/rescuewiz-test-tangled.XXXXXX";
	assert_int_equal(make_hive(path, text), 0);
	struct bcd_store s;
	struct rw_error e;
	int rc = read_store(path, &s, &e);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_int_equal(s.nobjects, TANGLED);
	for (size_t i = 0; i < s.nobjects; i++) {
		size_t visits = 0;
		assert_null(bcd_inherit_walk(&s, &s.objects[i], never, NULL, &visits));
		assert_int_equal(visits, TANGLED);
		const struct bcd_object *from = NULL;
		const struct bcd_element *el = bcd_effective(&s, &s.objects[i], BCD_EMSPORT, &from);
		assert_non_null(el);
		assert_int_equal(el->integer, 3);
		assert_null(bcd_effective(&s, &s.objects[i], BCD_EMSBAUDRATE, NULL));
	}
	/* a copy from outside the store is one more place, never more */
	struct bcd_object copy = s.objects[0];
	size_t visits = 0;
	assert_null(bcd_inherit_walk(&s, &copy, never, NULL, &visits));
	assert_int_equal(visits, TANGLED + 1);
	bcd_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_object_is_read),
		cmocka_unit_test(system_store_is_recognised),
		cmocka_unit_test(default_comes_from_bootmgr),
		cmocka_unit_test(display_order_is_normalised),
		cmocka_unit_test(well_known_objects_have_their_alias),
		cmocka_unit_test(object_types_are_read),
		cmocka_unit_test(upper_case_key_is_found_in_any_spelling),
		cmocka_unit_test(key_that_is_no_guid_is_kept_lower_case),
		cmocka_unit_test(elements_are_sorted_by_id),
		cmocka_unit_test(upper_case_element_key_is_read),
		cmocka_unit_test(element_key_that_is_no_hex_id_is_skipped),
		cmocka_unit_test(element_key_without_value_is_kept_with_a_problem),
		cmocka_unit_test(element_of_wrong_type_is_kept_with_a_problem),
		cmocka_unit_test(inherited_value_comes_from_emssettings),
		cmocka_unit_test(own_value_wins_over_inherited),
		cmocka_unit_test(cycle_and_missing_object_are_passed_over),
		cmocka_unit_test(cycle_alone_ends_without_a_value),
		cmocka_unit_test(winpe_loader_is_winre),
		cmocka_unit_test(loader_booting_a_wim_ramdisk_is_winre),
		cmocka_unit_test(os_loaders_are_not_winre),
		cmocka_unit_test(hive_without_objects_is_refused),
		cmocka_unit_test(a_thousand_objects_and_a_long_inherit_chain),
		cmocka_unit_test(objects_that_all_inherit_each_other_are_entered_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
