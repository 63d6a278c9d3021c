/* Disk probing on small sparse images built with sfdisk, sgdisk and mkfs.fat: table ids, partition offsets in
 * bytes, GPT GUIDs, roles, file systems, BitLocker boot sectors and the refusal of a disk without a table.
 * Skipped when the tools are missing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk/disk.h"

#define DISK_GUID "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"
#define ESP_GUID "11111111-2222-3333-4444-555555555555"
#define MSR_GUID "66666666-7777-8888-9999-aaaaaaaaaaaa"
#define DATA_GUID "BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF"

static char dir[] = "/tmp/rescuewiz-test-disk.XXXXXX";
static char mbr_img[300], gpt_img[300], bare_img[300], empty_img[300];
static int have_tools;
static int have_mkntfs;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* dos, label-id 0x12345678: 1 bootable type 7 (NTFS when mkntfs exists) at sector 2048, 2 type 7 with a
 * BitLocker boot sector at sector 22528 */
static int build_mbr(void)
{
	if (sh("truncate -s 40M %s && printf 'label: dos\\nlabel-id: 0x12345678\\n"
	       "start=2048, size=20480, type=7, bootable\\nstart=22528, type=7\\n' | sfdisk -q %s >/dev/null 2>&1",
	       mbr_img, mbr_img))
		return -1;
	if (have_mkntfs && sh("truncate -s 10M %s/ntfs && mkntfs -q -Q -F -L Windows %s/ntfs >/dev/null 2>&1 && "
			      "dd if=%s/ntfs of=%s bs=512 seek=2048 conv=notrunc status=none",
			      dir, dir, dir, mbr_img))
		return -1;
	return sh("printf %%s -FVE-FS- | dd of=%s bs=1 seek=$((22528 * 512 + 3)) conv=notrunc status=none",
		  mbr_img);
}

/* GPT with a given disk GUID (upper case, to see it normalised): ESP (FAT32), MSR, basic data */
static int build_gpt(void)
{
	return sh("truncate -s 100M %s && sgdisk -U " DISK_GUID " -n 1:2048:+40M -t 1:EF00 -u 1:" ESP_GUID
		  " -c 1:'EFI system partition' -n 2:0:+16M -t 2:0C01 -u 2:" MSR_GUID
		  " -c 2:'Microsoft reserved partition' -n 3:0:0 -t 3:0700 -u 3:" DATA_GUID
		  " -c 3:'Basic data partition' %s >/dev/null 2>&1 && "
		  "mkfs.fat -F 32 -s 1 -n ESP --offset=2048 %s 40960 >/dev/null 2>&1",
		  gpt_img, gpt_img, gpt_img);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(mbr_img, sizeof mbr_img, "%s/mbr.img", dir);
	snprintf(gpt_img, sizeof gpt_img, "%s/gpt.img", dir);
	snprintf(bare_img, sizeof bare_img, "%s/bare.img", dir);
	snprintf(empty_img, sizeof empty_img, "%s/empty.img", dir);
	have_tools = !sh("command -v sfdisk >/dev/null && command -v sgdisk >/dev/null && command -v mkfs.fat >/dev/null");
	have_mkntfs = !sh("command -v mkntfs >/dev/null 2>&1");
	if (!have_tools)
		return 0;
	if (build_mbr() || build_gpt())
		return -1;
	return sh("truncate -s 8M %s && truncate -s 40M %s && mkfs.fat -F 32 -s 1 %s >/dev/null 2>&1", empty_img,
		  bare_img, bare_img);
}

static int teardown(void **state)
{
	(void)state;
	return sh("rm -rf '%s'", dir);
}

static void probe(const char *path, struct disk *d)
{
	struct rw_error e = {0};
	if (!have_tools)
		skip();
	int rc = disk_probe(path, d, &e);
	if (rc != 0)
		fail_msg("%s", e.text);
}

static void mbr_table_gives_type_and_disk_signature(void **state)
{
	(void)state;
	static struct disk d;
	probe(mbr_img, &d);
	assert_string_equal(d.pttype, "dos");
	assert_int_equal(d.mbr_signature, 0x12345678);
	assert_string_equal(d.disk_guid, "");
	assert_true(d.is_image);
	assert_int_equal(d.size, 40ULL << 20);
}

static void mbr_partitions_are_numbered_with_starts_in_bytes(void **state)
{
	(void)state;
	static struct disk d;
	probe(mbr_img, &d);
	assert_int_equal(d.nparts, 2);
	assert_int_equal(d.parts[0].number, 1);
	assert_int_equal(d.parts[0].start, 2048ULL * 512);
	assert_int_equal(d.parts[0].size, 20480ULL * 512);
	assert_int_equal(d.parts[1].number, 2);
	assert_int_equal(d.parts[1].start, 22528ULL * 512);
	assert_string_equal(d.parts[0].type, "0x07");
	assert_string_equal(d.parts[0].guid, "");
}

static void mbr_active_flag_marks_the_bootable_partition(void **state)
{
	(void)state;
	static struct disk d;
	probe(mbr_img, &d);
	assert_true(d.parts[0].bootable);
	assert_false(d.parts[1].bootable);
}

static void mbr_type_07_holding_ntfs_is_basic_data(void **state)
{
	(void)state;
	static struct disk d;
	if (!have_mkntfs)
		skip();
	probe(mbr_img, &d);
	assert_string_equal(d.parts[0].fstype, "ntfs");
	assert_string_equal(d.parts[0].label, "Windows");
	assert_int_equal(d.parts[0].role, ROLE_BASIC_DATA);
}

static void bitlocker_boot_sector_is_flagged(void **state)
{
	(void)state;
	static struct disk d;
	probe(mbr_img, &d);
	assert_true(d.parts[1].bitlocker);
	assert_string_equal(d.parts[1].fstype, "BitLocker");
	assert_int_equal(d.parts[1].role, ROLE_BASIC_DATA);
	assert_false(d.parts[0].bitlocker);
}

static void gpt_disk_guid_is_lower_case_with_braces(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	assert_string_equal(d.pttype, "gpt");
	assert_string_equal(d.disk_guid, "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}");
	assert_int_equal(d.mbr_signature, 0);
}

static void gpt_partitions_have_guids_names_and_starts(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	assert_int_equal(d.nparts, 3);
	assert_string_equal(d.parts[0].guid, "{11111111-2222-3333-4444-555555555555}");
	assert_string_equal(d.parts[2].guid, "{bbbbbbbb-cccc-dddd-eeee-ffffffffffff}");
	assert_string_equal(d.parts[1].name, "Microsoft reserved partition");
	assert_int_equal(d.parts[0].start, 2048ULL * 512);
	assert_int_equal(d.parts[1].start, (2048ULL << 9) + (40ULL << 20));
	assert_int_equal(d.parts[0].size, 40ULL << 20);
}

static void gpt_type_guids_give_roles(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	assert_string_equal(d.parts[0].type, GPT_TYPE_ESP);
	assert_int_equal(d.parts[0].role, ROLE_ESP);
	assert_int_equal(d.parts[1].role, ROLE_MSR);
	assert_int_equal(d.parts[2].role, ROLE_BASIC_DATA);
}

static void esp_file_system_is_vfat_with_label(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	assert_string_equal(d.parts[0].fstype, "vfat");
	assert_string_equal(d.parts[0].label, "ESP");
	assert_true(*d.parts[0].uuid);
	assert_string_equal(d.parts[2].fstype, "");
}

static void partitions_are_found_by_number_offset_and_guid(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	assert_ptr_equal(disk_partition(&d, 2), &d.parts[1]);
	assert_null(disk_partition(&d, 4));
	assert_ptr_equal(disk_partition_at(&d, 2048ULL * 512), &d.parts[0]);
	assert_null(disk_partition_at(&d, 2049ULL * 512));
	assert_ptr_equal(disk_partition_by_guid(&d, "{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}"), &d.parts[2]);
	assert_null(disk_partition_by_guid(&d, "{00000000-0000-0000-0000-000000000000}"));
	assert_null(disk_partition_by_guid(&d, "not a guid"));
}

static void disk_without_table_is_refused_naming_the_path(void **state)
{
	(void)state;
	static struct disk d;
	struct rw_error e = {0};
	if (!have_tools)
		skip();
	assert_int_equal(disk_probe(empty_img, &d, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_non_null(strstr(e.text, empty_img));
	assert_non_null(strstr(e.text, "no partition table found"));
}

static void bare_file_system_is_refused_as_a_partition_given(void **state)
{
	(void)state;
	static struct disk d;
	struct rw_error e = {0};
	if (!have_tools)
		skip();
	assert_int_equal(disk_probe(bare_img, &d, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_non_null(strstr(e.text, "bare vfat file system"));
}

static void missing_image_is_a_usage_error(void **state)
{
	(void)state;
	static struct disk d;
	struct rw_error e = {0};
	char path[400];
	snprintf(path, sizeof path, "%s/nothing.img", dir);
	assert_int_equal(disk_probe(path, &d, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_USAGE);
	assert_non_null(strstr(e.text, path));
}

static void role_names_are_the_windows_ones(void **state)
{
	(void)state;
	assert_string_equal(partition_role_name(ROLE_ESP), "EFI system");
	assert_string_equal(partition_role_name(ROLE_MSR), "Microsoft reserved");
	assert_string_equal(partition_role_name(ROLE_RECOVERY), "Recovery");
	assert_string_equal(partition_role_name(ROLE_BASIC_DATA), "Basic data");
	assert_string_equal(partition_role_name(ROLE_OTHER), "");
	assert_string_equal(partition_role_name(99), "");
}

/* The first screen's line for a disk, from images probed with libblkid: table, file systems, BitLocker */
static void description_of_a_gpt_disk_names_file_systems_and_labels(void **state)
{
	(void)state;
	static struct disk d;
	probe(gpt_img, &d);
	char text[200];
	disk_describe(&d, text, sizeof text);
	assert_string_equal(text, "GPT, partitions: 1 vfat \"ESP\", 2 -, 3 -");
}

static void description_of_an_mbr_disk_warns_of_bitlocker(void **state)
{
	(void)state;
	static struct disk d;
	probe(mbr_img, &d);
	char text[200];
	disk_describe(&d, text, sizeof text);
	assert_non_null(strstr(text, "MBR, partitions: 1 "));
	assert_non_null(strstr(text, ", 2 BitLocker"));
	if (have_mkntfs)
		assert_non_null(strstr(text, "1 ntfs \"Windows\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mbr_table_gives_type_and_disk_signature),
		cmocka_unit_test(mbr_partitions_are_numbered_with_starts_in_bytes),
		cmocka_unit_test(mbr_active_flag_marks_the_bootable_partition),
		cmocka_unit_test(mbr_type_07_holding_ntfs_is_basic_data),
		cmocka_unit_test(bitlocker_boot_sector_is_flagged),
		cmocka_unit_test(gpt_disk_guid_is_lower_case_with_braces),
		cmocka_unit_test(gpt_partitions_have_guids_names_and_starts),
		cmocka_unit_test(gpt_type_guids_give_roles),
		cmocka_unit_test(esp_file_system_is_vfat_with_label),
		cmocka_unit_test(partitions_are_found_by_number_offset_and_guid),
		cmocka_unit_test(disk_without_table_is_refused_naming_the_path),
		cmocka_unit_test(bare_file_system_is_refused_as_a_partition_given),
		cmocka_unit_test(missing_image_is_a_usage_error),
		cmocka_unit_test(role_names_are_the_windows_ones),
		cmocka_unit_test(description_of_a_gpt_disk_names_file_systems_and_labels),
		cmocka_unit_test(description_of_an_mbr_disk_warns_of_bitlocker),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
