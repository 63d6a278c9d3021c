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
#include "diskgen/triage_dumps.h"
#include "diskgen/variants.h"
#include "dump/check.h"

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

/* the file a spec_dump gives, in memory: the bytes built, zeros after them up to its size */
struct memfile {
	const uint8_t *data;
	size_t len;
	uint64_t size;
};

static long mem_read_at(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct memfile *m = ctx;
	assert_true(offset <= m->size && len <= m->size - offset);
	memset(buf, 0, len);
	if (offset < m->len)
		memcpy(buf, m->data + offset, len < m->len - offset ? len : m->len - (size_t)offset);
	return (long)len;
}

/* the verdict src/dump gives the file the builder writes */
static void judge(const struct disk_desc *d, bool memory_dmp, struct dump_header *h, struct dump_check *c,
		  uint64_t *size)
{
	struct dump_spec spec;
	spec_dump(d, memory_dmp, &spec);
	size_t len;
	uint8_t *bytes = dump_build(&spec, &len);
	assert_non_null(bytes);
	*size = dump_build_size(&spec);
	struct memfile m = {bytes, len < *size ? len : (size_t)*size, *size};
	struct dump_reader r = {&m, m.size, mem_read_at};
	assert_int_equal(dump_examine(&r, h, c), 0);
	free(bytes);
}

static void a_complete_dump_disk_holds_a_complete_0x7e_in_rwtest(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 1, .dump_ram_mib = 4096, .dump_complete = true};
	struct dump_header h;
	struct dump_check c;
	uint64_t size;
	judge(&d, true, &h, &c, &size);
	if (c.verdict != DUMP_COMPLETE)
		fail_msg("MEMORY.DMP: %s", c.reason);
	assert_int_equal(h.bugcheck, 0x7e);
	assert_int_equal(h.dump_type, 6);
	assert_int_equal(h.params[1], SPEC_RWTEST_FAULT);
	assert_int_equal(size, 0x3000 + 256 * 4096);
	judge(&d, false, &h, &c, &size);
	if (c.verdict != DUMP_COMPLETE)
		fail_msg("the minidump: %s", c.reason);
	assert_int_equal(h.bugcheck, 0x7e);
	assert_true(c.module_of[1].found);
	assert_string_equal(c.module_of[1].path, "\\SystemRoot\\System32\\drivers\\rwtest.sys");
	/* the other lessons' disks: an NMI's MEMORY.DMP of 64 KiB, a minidump naming no driver */
	d.dump_complete = false;
	judge(&d, true, &h, &c, &size);
	assert_int_equal(h.bugcheck, 0x80);
	assert_int_equal(size, 65536);
	judge(&d, false, &h, &c, &size);
	assert_int_equal(h.bugcheck, 0x7e);
	assert_false(c.module_of[1].found);
	assert_int_equal(c.verdict, DUMP_MINIDUMP_INCOMPLETE);
}

/* the named disk with its defaults and layout */
static void named(const char *name, struct disk_desc *d, struct disk_layout *l)
{
	memset(d, 0, sizeof *d);
	assert_int_equal(disk_variant(name, d), 0);
	disk_desc_defaults(d);
	disk_layout_of(d, l);
}

/* an expect file's text for d */
static char *expect_of(const struct disk_desc *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	diskgen_expect(d, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void a_single_volume_gen1_disk_boots_from_the_windows_volume(void **state)
{
	(void)state;
	struct disk_desc d = {0};
	struct disk_layout l;
	named("gen1-single", &d, &l);
	assert_int_equal(l.boot_start, l.windows_start);
	assert_int_equal(l.boot_sectors, l.windows_sectors);
	char *parts = spec_partitions(&d, &l);
	assert_string_equal(parts, "label: dos\nlabel-id: 0x12345678\nstart=2048, size=4190208, type=7, bootable\n");
	char *exp = expect_of(&d);
	assert_non_null(strstr(exp, "\nWINDOWS_PART=1\nNPARTS=1\nBCD_PATH='\\Boot\\BCD'\n"));
	free(parts);
	free(exp);
	disk_desc_free(&d);
}

static void the_expect_file_counts_the_objects_of_the_store(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 1};
	char *exp = expect_of(&d);
	assert_non_null(strstr(exp, "\nNOBJECTS=11\n"));
	free(exp);
	/* a lesson's extra object counts: without {emssettings} and with one of its own, 11 again */
	d.bcd_extra = strdup("[Objects\\{11111111-2222-3333-4444-555555555555}\\Description]\n\"Type\"=dword:0x10200003");
	d.emssettings_set = true;
	exp = expect_of(&d);
	assert_non_null(strstr(exp, "\nNOBJECTS=11\n"));
	assert_non_null(strstr(exp, "CONTROL_SETS='ControlSet001 ControlSet002'\n"));
	free(exp);
	disk_desc_free(&d);
}

static void the_named_disks_are_what_their_names_say(void **state)
{
	(void)state;
	struct disk_desc d = {0};
	assert_int_equal(disk_variant("no-such-disk", &d), -1);
	assert_int_equal(disk_variant("mixedcase", &d), 0);
	char *exp = expect_of(&d);
	assert_non_null(strstr(exp, "BCD_PATH='\\boot\\bcd'"));
	free(exp);
	disk_desc_free(&d);
	assert_int_equal(disk_variant("dirty", &d), 0);
	assert_non_null(d.system_in_logs);
	disk_desc_free(&d);
	assert_int_equal(disk_variant("notable", &d), 0);
	exp = expect_of(&d);
	assert_string_equal(exp, "GENERATION=\n");
	free(exp);
	disk_desc_free(&d);
	/* the data disk: GPT, one basic data partition to the last MiB */
	struct disk_layout l;
	named("nowin", &d, &l);
	char *parts = spec_partitions(&d, &l);
	assert_non_null(strstr(parts, "label: gpt\n"));
	assert_non_null(strstr(parts, "start=2048, size=4190208, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"));
	free(parts);
	disk_desc_free(&d);
}

static void the_dumps_disk_sets_a_dump_file_and_nmicrashdump_of_the_wrong_types(void **state)
{
	(void)state;
	struct disk_desc d = {0};
	struct disk_layout l;
	named("dumps", &d, &l);
	char *sys = spec_system(&d, &l);
	assert_non_null(strstr(sys, "\"DedicatedDumpFile\"=sz:C:\\dd.sys\n\"NMICrashDump\"=qword:1\n"));
	assert_non_null(strstr(sys, "[ControlSet002\\Control\\CrashControl]\n\"NMICrashDump\"=sz:1\n"));
	free(sys);
	char *exp = expect_of(&d);
	assert_non_null(strstr(exp, "DUMPS_DDF_EXPECTED=1073750016\n"));
	free(exp);
	/* the page file holds a bitmap dump of an NMI and stays 4 MiB long */
	struct triage_dump_file files[TRIAGE_DUMP_FILES];
	triage_dump_files(files);
	assert_string_equal(files[2].path, "pagefile.sys");
	assert_int_equal(files[2].size, 4u << 20);
	assert_true(dump_build_size(&files[2].spec) <= files[2].size);
	disk_desc_free(&d);
}

static void the_gen1_disk_has_a_dvd_drive_letter_that_is_no_partition(void **state)
{
	(void)state;
	struct disk_desc d = {.generation = 1};
	disk_desc_defaults(&d);
	struct disk_layout l;
	disk_layout_of(&d, &l);
	char *sys = spec_system(&d, &l);
	/* "\??\S" in UTF-16LE, after D: */
	const char *e = strstr(sys, "\"\\DosDevices\\E:\"=binary:5c 00 3f 00 3f 00 5c 00 53 00");
	assert_non_null(e);
	assert_true(strstr(sys, "\\DosDevices\\D:") < e);
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gen1_loader_boots_c_by_signature_and_offset),
		cmocka_unit_test(gen2_has_two_loaders_and_no_emssettings),
		cmocka_unit_test(a_lesson_sets_select_and_adds_its_lines),
		cmocka_unit_test(a_complete_dump_disk_holds_a_complete_0x7e_in_rwtest),
		cmocka_unit_test(a_single_volume_gen1_disk_boots_from_the_windows_volume),
		cmocka_unit_test(the_expect_file_counts_the_objects_of_the_store),
		cmocka_unit_test(the_named_disks_are_what_their_names_say),
		cmocka_unit_test(the_dumps_disk_sets_a_dump_file_and_nmicrashdump_of_the_wrong_types),
		cmocka_unit_test(the_gen1_disk_has_a_dvd_drive_letter_that_is_no_partition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
