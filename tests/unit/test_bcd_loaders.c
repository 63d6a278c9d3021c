/* Which loaders a wizard may change, and why a store has none, on stores built in memory: objects with
 * elements decoded from the bytes a real store holds (devices laid out as src/bcd/device.c documents). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"

#define LOADER_A "{11111111-2222-3333-4444-555555555555}"
#define LOADER_B "{22222222-2222-3333-4444-555555555555}"
#define WINRE "{33333333-2222-3333-4444-555555555555}"
#define GLOBALSETTINGS "{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"
#define MAX_OBJECTS 8

static int setup(void **state)
{
	struct bcd_store *s = calloc(1, sizeof *s);
	if (!s || !(s->objects = calloc(MAX_OBJECTS, sizeof *s->objects)))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	bcd_free(*state);
	free(*state);
	return 0;
}

static struct bcd_object *object(void **state, const char *guid, uint32_t type)
{
	struct bcd_store *s = *state;
	assert_true(s->nobjects < MAX_OBJECTS);
	struct bcd_object *o = &s->objects[s->nobjects++];
	snprintf(o->guid, sizeof o->guid, "%s", guid);
	o->alias = bcd_alias_for(guid);
	o->type = type;
	return o;
}

/* Kept sorted by id, as bcd_read leaves them, since bcd_own searches by halves. */
static void element(struct bcd_object *o, uint32_t id, int reg_type, const uint8_t *data, size_t len)
{
	struct bcd_element *grown = realloc(o->elements, (o->nelements + 1) * sizeof *grown);
	assert_non_null(grown);
	o->elements = grown;
	size_t at = 0;
	while (at < o->nelements && o->elements[at].id < id)
		at++;
	memmove(&o->elements[at + 1], &o->elements[at], (o->nelements - at) * sizeof *grown);
	o->nelements++;
	bcd_element_decode(id, reg_type, data, len, &o->elements[at]);
}

/* An element given as bcdedit would take it */
static void set(struct bcd_object *o, const char *name, const char *value)
{
	struct bcd_value v;
	char why[256];
	if (bcd_encode(name, &value, 1, &v, why, sizeof why))
		fail_msg("%s", why);
	element(o, v.id, v.reg_type, v.data, v.len);
	bcd_value_free(&v);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A descriptor of `type` (6 partition, 5 boot, 8 locate) with 0x48 bytes of data; a partition is the MBR
 * partition at 1 MiB of disk 0x12345678. */
static size_t descriptor(uint8_t *d, uint32_t type)
{
	memset(d, 0, 0x48);
	put32(d, type);
	put32(d + 8, 0x48);
	if (type == BCD_DEVICE_PARTITION) {
		put32(d + 0x10, 0x100000);
		put32(d + 0x10 + 0x14, BCD_STYLE_MBR);
		put32(d + 0x10 + 0x18, 0x12345678);
	}
	return 0x48;
}

static void device(struct bcd_object *o, uint32_t id, uint32_t type)
{
	uint8_t d[0x10 + 0x48] = {0};
	descriptor(d + 0x10, type);
	element(o, id, hive_t_REG_BINARY, d, sizeof d);
}

/* A ramdisk (local device, local type 3) whose image `path` is on the partition above. */
static void ramdisk(struct bcd_object *o, const char *path)
{
	uint8_t d[512] = {0};
	size_t at = 0x38, holder = at + 12, end = holder + descriptor(d + holder, BCD_DEVICE_PARTITION);
	put32(d + 0x14, 1);
	put32(d + 0x20, BCD_LOCAL_RAMDISK);
	put32(d + at, 1);
	put32(d + at + 8, 5);
	for (const char *c = path; *c; c++, end += 2)
		d[end] = (uint8_t)*c;
	end += 2;
	put32(d + at + 4, (uint32_t)(end - at));
	put32(d + 0x18, (uint32_t)(end - 0x10));
	element(o, BCD_OSDEVICE, hive_t_REG_BINARY, d, end);
}

static struct bcd_object *installed(void **state, const char *guid)
{
	struct bcd_object *o = object(state, guid, BCD_TYPE_OSLOADER);
	device(o, BCD_DEVICE, BCD_DEVICE_PARTITION);
	device(o, BCD_OSDEVICE, BCD_DEVICE_PARTITION);
	set(o, "description", "Windows Server");
	return o;
}

static struct bcd_object *winre(void **state, const char *guid, const char *wim)
{
	struct bcd_object *o = object(state, guid, BCD_TYPE_OSLOADER);
	ramdisk(o, wim);
	element(o, BCD_WINPE, hive_t_REG_BINARY, (const uint8_t[]){1}, 1);
	return o;
}

static struct bcd_object *template(void **state, const char *guid)
{
	struct bcd_object *o = object(state, guid, BCD_TYPE_OSLOADER);
	device(o, BCD_DEVICE, BCD_DEVICE_LOCATE);
	device(o, BCD_OSDEVICE, BCD_DEVICE_LOCATE);
	return o;
}

static void assert_none(void **state, const char *why)
{
	char got[256] = "x";
	assert_int_equal(bcd_usable_loaders(*state, got, sizeof got), 0);
	assert_string_equal(got, why);
}

static void empty_store_has_no_loader_at_all(void **state)
{
	assert_none(state, "no Windows boot loader at all");
}

static void boot_manager_and_other_applications_are_no_loaders(void **state)
{
	object(state, BCD_GUID_BOOTMGR, BCD_TYPE_BOOTMGR);
	object(state, LOADER_A, BCD_TYPE_RESUME);
	object(state, "{b2721d73-1db4-4c62-bf78-c548a880142d}", BCD_TYPE_MEMTEST);
	assert_none(state, "no Windows boot loader at all");
}

static void installed_windows_is_usable(void **state)
{
	struct bcd_object *o = installed(state, LOADER_A);
	char why[256] = "x";
	assert_int_equal(bcd_usable_loaders(*state, why, sizeof why), 1);
	assert_string_equal(why, "");
	assert_true(bcd_loader_usable(*state, o));
}

static void boot_manager_is_not_a_usable_loader(void **state)
{
	struct bcd_object *bm = object(state, BCD_GUID_BOOTMGR, BCD_TYPE_BOOTMGR);
	device(bm, BCD_DEVICE, BCD_DEVICE_PARTITION);
	assert_false(bcd_loader_usable(*state, bm));
}

static void only_loader_marked_winpe_is_rescue_media(void **state)
{
	struct bcd_object *o = object(state, LOADER_A, BCD_TYPE_OSLOADER);
	device(o, BCD_OSDEVICE, BCD_DEVICE_BOOT);
	set(o, "description", "Windows PE");
	element(o, BCD_WINPE, hive_t_REG_BINARY, (const uint8_t[]){1}, 1);
	assert_none(state, "the only loader is marked WinPE (element 26000022): this is install or rescue media, "
		    "not an installed Windows");
	assert_false(bcd_loader_usable(*state, o));
}

static void several_winpe_loaders_are_named_together(void **state)
{
	struct bcd_object *a = object(state, LOADER_A, BCD_TYPE_OSLOADER);
	struct bcd_object *b = object(state, LOADER_B, BCD_TYPE_OSLOADER);
	element(a, BCD_WINPE, hive_t_REG_BINARY, (const uint8_t[]){1}, 1);
	element(b, BCD_WINPE, hive_t_REG_BINARY, (const uint8_t[]){1, 0, 0, 0}, 4);
	assert_none(state, "the loaders are marked WinPE (element 26000022): this is install or rescue media, "
		    "not an installed Windows");
}

static void winpe_inherited_from_settings_counts(void **state)
{
	struct bcd_object *g = object(state, GLOBALSETTINGS, BCD_TYPE_INHERIT_ANY);
	element(g, BCD_WINPE, hive_t_REG_BINARY, (const uint8_t[]){1}, 1);
	struct bcd_object *o = installed(state, LOADER_A);
	set(o, "inherit", "{globalsettings}");
	assert_int_equal(bcd_usable_loaders(*state, NULL, 0), 0);
}

static void ramdisk_wim_is_install_media_with_its_path(void **state)
{
	winre(state, LOADER_A, "\\sources\\boot.wim");
	assert_none(state, "the loaders boot a ramdisk (install media: \\sources\\boot.wim)");
}

static void install_media_path_from_the_disk_is_shown_escaped(void **state)
{
	winre(state, LOADER_A, "\\sources\x1b[2J.wim");
	assert_none(state, "the loaders boot a ramdisk (install media: \\sources\\x1b[2J.wim)");
}

static void locate_devices_are_a_template(void **state)
{
	template(state, LOADER_A);
	template(state, LOADER_B);
	assert_none(state, "the loaders are templates whose devices are all 'locate' (a generalised image before "
		    "first boot)");
}

static void locate_osdevice_alone_makes_a_template(void **state)
{
	struct bcd_object *o = object(state, LOADER_A, BCD_TYPE_OSLOADER);
	device(o, BCD_DEVICE, BCD_DEVICE_PARTITION);
	device(o, BCD_OSDEVICE, BCD_DEVICE_LOCATE);
	assert_false(bcd_loader_usable(*state, o));
}

static void wim_under_the_recovery_folder_is_a_recovery_entry(void **state)
{
	winre(state, WINRE, "\\Recovery\\WindowsRE\\Winre.wim");
	assert_none(state, "only recovery (WinRE) entries");
}

static void loader_named_by_a_recoverysequence_is_a_recovery_entry(void **state)
{
	struct bcd_object *g = object(state, GLOBALSETTINGS, BCD_TYPE_INHERIT_ANY);
	set(g, "recoverysequence", WINRE);
	winre(state, WINRE, "\\w.wim");
	assert_none(state, "only recovery (WinRE) entries");
}

static void mixed_kinds_are_each_counted(void **state)
{
	winre(state, WINRE, "\\Recovery\\WindowsRE\\Winre.wim");
	template(state, LOADER_A);
	template(state, LOADER_B);
	assert_none(state, "none of the 3 loaders is an installed Windows: 1 is a recovery (WinRE) entry, 2 are "
		    "templates whose devices are 'locate'");
}

static void usable_loaders_are_counted_among_the_others(void **state)
{
	struct bcd_object *a = installed(state, LOADER_A);
	set(a, "recoverysequence", WINRE);
	struct bcd_object *re = winre(state, WINRE, "\\Recovery\\WindowsRE\\Winre.wim");
	struct bcd_object *b = installed(state, LOADER_B);
	char why[256] = "x";
	assert_int_equal(bcd_usable_loaders(*state, why, sizeof why), 2);
	assert_string_equal(why, "");
	assert_true(bcd_loader_usable(*state, a));
	assert_true(bcd_loader_usable(*state, b));
	assert_false(bcd_loader_usable(*state, re));
}

static void usable_loader_is_never_winre(void **state)
{
	struct bcd_object *a = installed(state, LOADER_A), *re = winre(state, WINRE, "\\w.wim");
	assert_false(bcd_is_winre(*state, a));
	assert_true(bcd_is_winre(*state, re));
	assert_string_equal(bcd_wim_image(*state, re), "\\w.wim");
	assert_null(bcd_wim_image(*state, a));
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(empty_store_has_no_loader_at_all),
		TEST(boot_manager_and_other_applications_are_no_loaders),
		TEST(installed_windows_is_usable),
		TEST(boot_manager_is_not_a_usable_loader),
		TEST(only_loader_marked_winpe_is_rescue_media),
		TEST(several_winpe_loaders_are_named_together),
		TEST(winpe_inherited_from_settings_counts),
		TEST(ramdisk_wim_is_install_media_with_its_path),
		TEST(install_media_path_from_the_disk_is_shown_escaped),
		TEST(locate_devices_are_a_template),
		TEST(locate_osdevice_alone_makes_a_template),
		TEST(wim_under_the_recovery_folder_is_a_recovery_entry),
		TEST(loader_named_by_a_recoverysequence_is_a_recovery_entry),
		TEST(mixed_kinds_are_each_counted),
		TEST(usable_loaders_are_counted_among_the_others),
		TEST(usable_loader_is_never_winre),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
