/* The NTFS dirty flag reader on garbage and truncated volumes: never a crash, always a refusal to guess
 * (the real flag is checked end to end against ntfsinfo in tests/e2e). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ntfs/ntfs.h"

static int temp_with(const uint8_t *data, size_t len)
{
	char path[] = "/tmp/rescuewiz-test-ntfs.XXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	return fd;
}

static void not_ntfs_is_refused(void **state)
{
	(void)state;
	uint8_t zero[4096] = {0};
	int fd = temp_with(zero, sizeof zero);
	uint16_t flags;
	char problem[128];
	assert_int_equal(ntfs_volume_flags(fd, 0, &flags, problem, sizeof problem), -1);
	assert_string_equal(problem, "no NTFS boot sector");
	close(fd);
}

static void implausible_geometry_is_refused(void **state)
{
	(void)state;
	uint8_t boot[4096] = {0};
	memcpy(boot + 3, "NTFS    ", 8);
	boot[0x0b] = 0x10; /* 16-byte sectors */
	boot[0x0d] = 8;
	int fd = temp_with(boot, sizeof boot);
	uint16_t flags;
	char problem[128];
	assert_int_equal(ntfs_volume_flags(fd, 0, &flags, problem, sizeof problem), -1);
	assert_string_equal(problem, "implausible NTFS boot sector");
	close(fd);
}

static void mft_past_the_end_is_refused(void **state)
{
	(void)state;
	uint8_t boot[512] = {0};
	memcpy(boot + 3, "NTFS    ", 8);
	boot[0x0b] = 0x00, boot[0x0c] = 0x02; /* 512-byte sectors */
	boot[0x0d] = 8;
	boot[0x30] = 0x40; /* MFT at cluster 64: beyond this 512-byte file */
	boot[0x40] = 0xf6; /* 1024-byte records */
	int fd = temp_with(boot, sizeof boot);
	uint16_t flags;
	char problem[128];
	assert_int_equal(ntfs_volume_flags(fd, 0, &flags, problem, sizeof problem), -1);
	close(fd);
}

/* fuzz_ntfs: a record size of -113 (0x8f) is 2^113 bytes, a shift past the width of size_t */
static void record_size_beyond_any_width_is_refused(void **state)
{
	(void)state;
	uint8_t boot[512] = {0};
	memcpy(boot + 3, "NTFS    ", 8);
	boot[0x0b] = 0x00, boot[0x0c] = 0x02;
	boot[0x0d] = 1;
	boot[0x40] = 0x8f;
	int fd = temp_with(boot, sizeof boot);
	uint16_t flags;
	char problem[128];
	assert_int_equal(ntfs_volume_flags(fd, 0, &flags, problem, sizeof problem), -1);
	assert_string_equal(problem, "implausible NTFS boot sector");
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_ntfs_is_refused),
		cmocka_unit_test(implausible_geometry_is_refused),
		cmocka_unit_test(mft_past_the_end_is_refused),
		cmocka_unit_test(record_size_beyond_any_width_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
