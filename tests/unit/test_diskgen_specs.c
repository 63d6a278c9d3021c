/* The hive specs of the disk builder (src/diskgen/specs.c): device elements encoded byte for byte as
 * Windows writes them (the test-disk notes' worked example: C: of a Gen1 disk at sector 1026048, MBR
 * signature 0x12345678), the layouts, and what a lesson's description changes. In memory, no root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "diskgen/specs.h"

/* the osdevice of C:: a partition device (type 6, 72 bytes of location) holding the MBR partition's byte
 * offset 0x1F500000, partition style 1 (MBR) and the disk signature */
static const char gen1_c_device[] = "binary:00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 00 00 00 00 00 00 48 00 00 00 00 00 00 00 00 00 50 1f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 78 56 34 12 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

static void gen1_loader_boots_c_by_signature_and_offset(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 1};
	struct disk_layout l;
	disk_desc_defaults(&d);
	disk_layout_of(&d, &l);
	assert_int_equal(l.windows_start, 1026048);
	char *bcd = spec_bcd(&d, &l);
	assert_non_null(strstr(bcd, "[Objects\\" DISKGEN_LOADER_A "\\Elements\\21000001]\n\"Element\"="));
	assert_non_null(strstr(bcd, gen1_c_device));
	/* Gen1 keeps its {emssettings}; one loader */
	assert_non_null(strstr(bcd, "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Description"));
	assert_null(strstr(bcd, DISKGEN_LOADER_B));
	free(bcd);
}

static void gen2_has_two_loaders_and_no_emssettings(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 2};
	struct disk_layout l;
	disk_desc_defaults(&d);
	disk_layout_of(&d, &l);
	assert_int_equal(l.boot_start, 1024000);
	assert_int_equal(l.windows_start, 1259520);
	assert_int_equal(l.windows_start + l.windows_sectors + 2048, 2048u * 2048);
	char *bcd = spec_bcd(&d, &l);
	assert_null(strstr(bcd, "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Description"));
	assert_non_null(strstr(bcd, "{3B1A6C2E-8D4F-11EE-9A01-00155D000002}\\Description"));
	free(bcd);
	char *parts = spec_partitions(&d, &l);
	assert_non_null(strstr(parts, "label: gpt\n"));
	assert_non_null(strstr(parts, "start=1259520, size="));
	free(parts);
}

static void a_lesson_sets_select_and_adds_its_lines(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 2, .control_sets = 3, .current = 2, .system_extra = "[X]\n\"Y\"=dword:1"};
	struct disk_layout l;
	disk_desc_defaults(&d);
	disk_layout_of(&d, &l);
	assert_int_equal(d.deflt, 2);
	assert_int_equal(d.last_known_good, 3);
	char *sys = spec_system(&d, &l);
	assert_non_null(strstr(sys, "\"Current\"=dword:2\n\"Default\"=dword:2\n\"LastKnownGood\"=dword:3\n"));
	assert_non_null(strstr(sys, "[ControlSet003\\Control\\CrashControl]"));
	assert_null(strstr(sys, "[ControlSet004"));
	assert_non_null(strstr(sys, "[X]\n\"Y\"=dword:1"));
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gen1_loader_boots_c_by_signature_and_offset),
		cmocka_unit_test(gen2_has_two_loaders_and_no_emssettings),
		cmocka_unit_test(a_lesson_sets_select_and_adds_its_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
