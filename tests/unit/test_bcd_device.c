/* Device elements: partitions on MBR and GPT disks, boot/locate devices, WinRE ramdisks and files, and every
 * truncation of them (run under ASan: no read past the data). The bytes are laid out here by hand, with
 * this file's own little-endian and GUID writers, following the layout written down in src/bcd/device.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"

#define PART_GUID "{1a2b3c4d-0004-4000-8000-00000000aa04}"
#define DISK_GUID "{6d2f4f5a-2b1c-4e3d-9a8b-7c6d5e4f3a21}"
#define OPTIONS_GUID "{ae5534e0-a924-466c-b836-758539a3ee3a}"
#define WIM_PATH "\\Recovery\\WindowsRE\\Winre.wim"

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static unsigned hex_byte(const char *s)
{
	unsigned v = 0;
	for (int i = 0; i < 2; i++)
		v = v * 16 + (unsigned)(s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
	return v;
}

/* "{00112233-4455-6677-8899-aabbccddeeff}" -> 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff */
static void put_guid(uint8_t *p, const char *g)
{
	static const int text_at[16] = {7, 5, 3, 1, 12, 10, 17, 15, 20, 22, 25, 27, 29, 31, 33, 35};
	for (int i = 0; i < 16; i++)
		p[i] = (uint8_t)hex_byte(g + text_at[i]);
}

/* 16-byte descriptor header: type, flags, size, reserved */
static void header(uint8_t *p, uint32_t type, uint32_t flags, uint32_t size)
{
	put32(p, type);
	put32(p + 4, flags);
	put32(p + 8, size);
}

/* A 0x48-byte partition descriptor at p */
static void mbr_partition(uint8_t *p, uint32_t signature, uint64_t offset)
{
	header(p, 6, 0, 0x48);
	put64(p + 0x10, offset);
	put32(p + 0x24, 1);
	put32(p + 0x28, signature);
}

static void gpt_partition(uint8_t *p, const char *part, const char *disk)
{
	header(p, 6, 0, 0x48);
	put_guid(p + 0x10, part);
	put32(p + 0x24, 0);
	put_guid(p + 0x28, disk);
}

static size_t put_utf16(uint8_t *p, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i <= n; i++) {
		p[2 * i] = (uint8_t)s[i];
		p[2 * i + 1] = 0;
	}
	return 2 * (n + 1);
}

/* WinRE's ramdisk: options GUID, local device (0) of local type 3, a file path at 0x38 holding a 0x48-byte
 * partition descriptor (built by `holder` at 0x44) and the path. Returns the element's length. */
static size_t ramdisk(uint8_t *d, void (*holder)(uint8_t *), const char *path)
{
	put_guid(d, OPTIONS_GUID);
	holder(d + 0x44);
	size_t len = 0x44 + 0x48 + put_utf16(d + 0x44 + 0x48, path);
	header(d + 0x10, 0, 1, (uint32_t)(len - 0x10));
	put32(d + 0x20, 3);
	put32(d + 0x38, 1);
	put32(d + 0x3c, (uint32_t)(len - 0x38));
	put32(d + 0x40, 5);
	return len;
}

static void mbr_holder(uint8_t *p)
{
	mbr_partition(p, 0x12345678, 1048576);
}

static void gpt_holder(uint8_t *p)
{
	gpt_partition(p, PART_GUID, DISK_GUID);
}

static void boot_holder(uint8_t *p)
{
	header(p, 5, 0, 0x48);
}

static bool decode(const uint8_t *d, size_t len, struct bcd_device *dev, char *problem)
{
	return bcd_device_decode(d, len, dev, problem, 128);
}

static void mbr_partition_gives_signature_and_offset(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	mbr_partition(d + 0x10, 0x12345678, 1048576);
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, sizeof d, &dev, problem));
	assert_int_equal(dev.type, BCD_DEVICE_PARTITION);
	assert_true(dev.has_partition);
	assert_int_equal(dev.style, BCD_STYLE_MBR);
	assert_int_equal(dev.mbr_signature, 0x12345678);
	assert_int_equal(dev.mbr_offset, 1048576);
	assert_string_equal(dev.options, "");
	assert_null(dev.file_path);
}

static void gpt_partition_gives_partition_and_disk_guid(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	gpt_partition(d + 0x10, PART_GUID, DISK_GUID);
	assert_int_equal(d[0x20], 0x4d); /* Windows byte order: the first field is little endian */
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, sizeof d, &dev, problem));
	assert_int_equal(dev.style, BCD_STYLE_GPT);
	assert_string_equal(dev.partition_guid, PART_GUID);
	assert_string_equal(dev.disk_guid, DISK_GUID);
}

static void unknown_partition_style_is_a_problem(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	mbr_partition(d + 0x10, 1, 1);
	put32(d + 0x34, 2);
	struct bcd_device dev;
	char problem[128] = "";
	assert_false(decode(d, sizeof d, &dev, problem));
	assert_false(dev.has_partition);
	assert_non_null(strstr(problem, "partition style 2"));
}

static void no_partition_for(uint32_t type)
{
	uint8_t d[88] = {0};
	header(d + 0x10, type, 0, 0x48);
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, sizeof d, &dev, problem));
	assert_int_equal(dev.type, type);
	assert_false(dev.has_partition);
	assert_int_equal(dev.style, BCD_STYLE_NONE);
}

static void boot_device_has_no_partition(void **state)
{
	(void)state;
	no_partition_for(BCD_DEVICE_BOOT);
}

static void locate_device_has_no_partition(void **state)
{
	(void)state;
	no_partition_for(BCD_DEVICE_LOCATE);
}

static void unknown_device_type_keeps_its_number(void **state)
{
	(void)state;
	no_partition_for(99);
}

static void every_truncation_of_a_partition_is_refused(void **state)
{
	(void)state;
	uint8_t full[88] = {0};
	mbr_partition(full + 0x10, 0x12345678, 1048576);
	for (size_t len = 0; len < sizeof full; len++) {
		uint8_t *d = malloc(len ? len : 1); /* exact size, so ASan sees any overread */
		memcpy(d, full, len);
		struct bcd_device dev;
		char problem[128] = "";
		assert_false(decode(d, len, &dev, problem));
		assert_false(dev.has_partition);
		assert_true(problem[0] != '\0');
		free(d);
	}
}

static void size_beyond_the_data_is_a_problem(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	mbr_partition(d + 0x10, 1, 1);
	put32(d + 0x18, 0x100);
	struct bcd_device dev;
	char problem[128] = "";
	assert_false(decode(d, sizeof d, &dev, problem));
	assert_int_equal(dev.type, BCD_DEVICE_PARTITION);
	assert_non_null(strstr(problem, "says it is 256 bytes"));
}

static void winre_ramdisk_gives_nested_partition_and_wim_path(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	size_t len = ramdisk(d, mbr_holder, WIM_PATH);
	assert_int_equal(len, 200);
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, len, &dev, problem));
	assert_int_equal(dev.type, BCD_DEVICE_LOCAL);
	assert_int_equal(dev.local_type, BCD_LOCAL_RAMDISK);
	assert_int_equal(dev.parent_type, BCD_DEVICE_PARTITION);
	assert_string_equal(dev.options, OPTIONS_GUID);
	assert_true(dev.has_partition);
	assert_int_equal(dev.style, BCD_STYLE_MBR);
	assert_int_equal(dev.mbr_signature, 0x12345678);
	assert_int_equal(dev.mbr_offset, 1048576);
	assert_string_equal(dev.file_path, WIM_PATH);
	assert_string_equal(bcd_device_kind(&dev), "ramdisk");
	free(dev.file_path);
}

static void winre_ramdisk_on_gpt_gives_partition_guid(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	size_t len = ramdisk(d, gpt_holder, WIM_PATH);
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, len, &dev, problem));
	assert_int_equal(dev.style, BCD_STYLE_GPT);
	assert_string_equal(dev.partition_guid, PART_GUID);
	assert_string_equal(dev.disk_guid, DISK_GUID);
	free(dev.file_path);
}

static void ramdisk_on_the_boot_device_has_a_path_but_no_partition(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	size_t len = ramdisk(d, boot_holder, "\\sources\\boot.wim");
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, len, &dev, problem));
	assert_int_equal(dev.parent_type, BCD_DEVICE_BOOT);
	assert_false(dev.has_partition);
	assert_string_equal(dev.file_path, "\\sources\\boot.wim");
	free(dev.file_path);
}

static void file_device_gives_partition_and_path(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	mbr_partition(d + 0x30, 0xcafe, 2048 * 512);
	size_t len = 0x30 + 0x48 + put_utf16(d + 0x30 + 0x48, "\\disk.vhdx");
	header(d + 0x10, 0, 0, (uint32_t)(len - 0x10));
	put32(d + 0x20, 5);
	put32(d + 0x24, 1);
	put32(d + 0x28, (uint32_t)(len - 0x24));
	put32(d + 0x2c, 5);
	struct bcd_device dev;
	char problem[128];
	assert_true(decode(d, len, &dev, problem));
	assert_int_equal(dev.local_type, BCD_LOCAL_FILE);
	assert_int_equal(dev.mbr_signature, 0xcafe);
	assert_string_equal(dev.file_path, "\\disk.vhdx");
	assert_string_equal(bcd_device_kind(&dev), "file");
	free(dev.file_path);
}

static void every_truncation_of_a_ramdisk_is_refused(void **state)
{
	(void)state;
	uint8_t full[256] = {0};
	size_t full_len = ramdisk(full, mbr_holder, WIM_PATH);
	for (size_t len = 0; len < full_len; len++) {
		uint8_t *d = malloc(len ? len : 1);
		memcpy(d, full, len);
		struct bcd_device dev;
		char problem[128] = "";
		assert_false(decode(d, len, &dev, problem));
		assert_null(dev.file_path);
		free(d);
	}
}

static void file_path_longer_than_the_device_is_a_problem(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	size_t len = ramdisk(d, mbr_holder, WIM_PATH);
	put32(d + 0x3c, (uint32_t)(len - 0x38 + 2));
	struct bcd_device dev;
	char problem[128] = "";
	assert_false(decode(d, len, &dev, problem));
	assert_non_null(strstr(problem, "file path at offset 0x38"));
	assert_null(dev.file_path);
}

static void nested_device_longer_than_its_path_is_a_problem(void **state)
{
	(void)state;
	uint8_t d[256] = {0};
	size_t len = ramdisk(d, mbr_holder, WIM_PATH);
	put32(d + 0x44 + 8, 0x1000);
	struct bcd_device dev;
	char problem[128] = "";
	assert_false(decode(d, len, &dev, problem));
	assert_non_null(strstr(problem, "offset 0x44"));
}

/* Random sizes and offsets inside ramdisk, file and partition devices: any answer is fine, but nothing may
 * be read outside the buffer (ASan) and a device with a path must say true. */
static void garbage_never_reads_out_of_bounds(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	for (int round = 0; round < 20000; round++) {
		size_t len = 0x20 + round % 200;
		uint8_t *d = malloc(len);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			d[i] = (uint8_t)(seed >> 16);
		}
		static const uint32_t types[] = {0, 6, 0, 99};
		put32(d + 0x10, types[round % 4]);
		put32(d + 0x18, (uint32_t)(len - 0x10 - (size_t)(round % 3)));
		if (len >= 0x24)
			put32(d + 0x20, round % 2 ? 3 : 5);
		struct bcd_device dev;
		char problem[128];
		bool ok = decode(d, len, &dev, problem);
		if (dev.file_path)
			assert_true(ok);
		free(dev.file_path);
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mbr_partition_gives_signature_and_offset),
		cmocka_unit_test(gpt_partition_gives_partition_and_disk_guid),
		cmocka_unit_test(unknown_partition_style_is_a_problem),
		cmocka_unit_test(boot_device_has_no_partition),
		cmocka_unit_test(locate_device_has_no_partition),
		cmocka_unit_test(unknown_device_type_keeps_its_number),
		cmocka_unit_test(every_truncation_of_a_partition_is_refused),
		cmocka_unit_test(size_beyond_the_data_is_a_problem),
		cmocka_unit_test(winre_ramdisk_gives_nested_partition_and_wim_path),
		cmocka_unit_test(winre_ramdisk_on_gpt_gives_partition_guid),
		cmocka_unit_test(ramdisk_on_the_boot_device_has_a_path_but_no_partition),
		cmocka_unit_test(file_device_gives_partition_and_path),
		cmocka_unit_test(every_truncation_of_a_ramdisk_is_refused),
		cmocka_unit_test(file_path_longer_than_the_device_is_a_problem),
		cmocka_unit_test(nested_device_longer_than_its_path_is_a_problem),
		cmocka_unit_test(garbage_never_reads_out_of_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
