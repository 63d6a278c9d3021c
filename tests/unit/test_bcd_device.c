/* Device elements: partitions on MBR and GPT disks, boot/locate devices, WinRE ramdisks, and every
 * truncation of them (run under ASan: no read past the data). The bytes are laid out here by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* 16-byte descriptor header (type, flags, size, reserved) */
static void header(uint8_t *p, uint32_t type, uint32_t size)
{
	put32(p, type);
	put32(p + 8, size);
}

static void mbr_partition_data(uint8_t *p, uint32_t signature, uint64_t offset)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(offset >> (8 * i));
	put32(p + 0x14, 1);
	put32(p + 0x18, signature);
}

static void gpt_partition_data(uint8_t *p, const char *part, const char *disk)
{
	assert_true(guid_parse(part, p));
	put32(p + 0x14, 0);
	assert_true(guid_parse(disk, p + 0x18));
}

static void mbr_partition(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	header(d + 0x10, 6, 0x48);
	mbr_partition_data(d + 0x20, 0x12345678, 1048576);
	struct bcd_device dev;
	char problem[128];
	assert_true(bcd_device_decode(d, sizeof d, &dev, problem, sizeof problem));
	assert_int_equal(dev.type, BCD_DEVICE_PARTITION);
	assert_true(dev.has_partition);
	assert_int_equal(dev.style, BCD_STYLE_MBR);
	assert_int_equal(dev.mbr_signature, 0x12345678);
	assert_int_equal(dev.mbr_offset, 1048576);
	assert_string_equal(dev.options, "");
}

static void gpt_partition_in_windows_byte_order(void **state)
{
	(void)state;
	uint8_t d[88] = {0};
	header(d + 0x10, 6, 0x48);
	gpt_partition_data(d + 0x20, "{1a2b3c4d-0004-4000-8000-00000000aa04}", "{6d2f4f5a-2b1c-4e3d-9a8b-7c6d5e4f3a21}");
	/* Windows byte order: the first field's bytes are reversed on disk */
	assert_int_equal(d[0x20], 0x4d);
	struct bcd_device dev;
	char problem[128];
	assert_true(bcd_device_decode(d, sizeof d, &dev, problem, sizeof problem));
	assert_int_equal(dev.style, BCD_STYLE_GPT);
	assert_string_equal(dev.partition_guid, "{1a2b3c4d-0004-4000-8000-00000000aa04}");
	assert_string_equal(dev.disk_guid, "{6d2f4f5a-2b1c-4e3d-9a8b-7c6d5e4f3a21}");
}

static void boot_and_locate_have_no_partition(void **state)
{
	(void)state;
	uint32_t types[] = {BCD_DEVICE_BOOT, BCD_DEVICE_LOCATE, 99};
	for (size_t i = 0; i < 3; i++) {
		uint8_t d[0x48] = {0};
		header(d + 0x10, types[i], 0x38);
		struct bcd_device dev;
		char problem[128];
		assert_true(bcd_device_decode(d, sizeof d, &dev, problem, sizeof problem));
		assert_int_equal(dev.type, types[i]);
		assert_false(dev.has_partition);
	}
}

static void winre_ramdisk_gives_partition_and_wim_path(void **state)
{
	(void)state;
	const char *path = "\\Recovery\\WindowsRE\\Winre.wim";
	size_t plen = 2 * (strlen(path) + 1), len = 0x20 + 0x48 + plen;
	uint8_t *d = calloc(1, len);
	assert_true(guid_parse("{ae5534e0-a924-466c-b836-758539a3ee3a}", d));
	header(d + 0x10, BCD_DEVICE_FILE, (uint32_t)(len - 0x10));
	header(d + 0x20, BCD_DEVICE_PARTITION, 0x48);
	mbr_partition_data(d + 0x30, 0x12345678, 1048576);
	for (size_t i = 0; path[i]; i++)
		d[0x20 + 0x48 + 2 * i] = (uint8_t)path[i];
	struct bcd_device dev;
	char problem[128];
	assert_true(bcd_device_decode(d, len, &dev, problem, sizeof problem));
	assert_int_equal(dev.type, BCD_DEVICE_FILE);
	assert_string_equal(dev.options, "{ae5534e0-a924-466c-b836-758539a3ee3a}");
	assert_true(dev.has_partition);
	assert_int_equal(dev.mbr_offset, 1048576);
	assert_string_equal(dev.file_path, path);
	free(dev.file_path);
	free(d);
}

static void every_truncation_is_refused_or_partial_without_overread(void **state)
{
	(void)state;
	uint8_t full[88] = {0};
	header(full + 0x10, 6, 0x48);
	mbr_partition_data(full + 0x20, 0x12345678, 1048576);
	for (size_t len = 0; len < sizeof full; len++) {
		uint8_t *d = malloc(len ? len : 1); /* exact size, so ASan sees any overread */
		memcpy(d, full, len);
		struct bcd_device dev;
		char problem[128] = "";
		assert_false(bcd_device_decode(d, len, &dev, problem, sizeof problem));
		assert_true(problem[0] != '\0');
		free(d);
	}
}

static void truncated_file_device_never_overreads(void **state)
{
	(void)state;
	for (size_t len = 0x20; len < 0x20 + 0x48 + 8; len++) {
		uint8_t *d = calloc(1, len);
		header(d + 0x10, BCD_DEVICE_FILE, (uint32_t)(len - 0x10));
		if (len >= 0x30)
			header(d + 0x20, BCD_DEVICE_PARTITION, 0x48);
		struct bcd_device dev;
		char problem[128];
		bcd_device_decode(d, len, &dev, problem, sizeof problem);
		free(dev.file_path);
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mbr_partition),
		cmocka_unit_test(gpt_partition_in_windows_byte_order),
		cmocka_unit_test(boot_and_locate_have_no_partition),
		cmocka_unit_test(winre_ramdisk_gives_partition_and_wim_path),
		cmocka_unit_test(every_truncation_is_refused_or_partial_without_overread),
		cmocka_unit_test(truncated_file_device_never_overreads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
