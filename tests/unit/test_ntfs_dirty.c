/* The builder's dirty flag (src/diskgen/ntfs_dirty.c) on a hand-made volume in a temp file: the flag lands
 * in $Volume's $VOLUME_INFORMATION and in its $MFTMirr copy, and a record without it is refused with
 * nothing written. No root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskgen/ntfs_dirty.h"

#define OFFSET 1048576u  /* the volume's first byte in the image */
#define CLUSTER 4096u
#define MFT_LCN 4u
#define MIRROR_LCN 2u
#define RECORD 1024u
#define VOLINFO 0x98u    /* the $VOLUME_INFORMATION attribute in record 3 */
#define FLAGS (VOLINFO + 0x18u + 0x0au)

static uint8_t image[OFFSET + 8 * CLUSTER];

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* record 3 with an attribute of type 0x10, then (when with_volinfo) $VOLUME_INFORMATION, then the end */
static void record(uint8_t *r, int with_volinfo)
{
	memcpy(r, "FILE", 4);
	put(r + 0x14, 0x38, 2);
	put(r + 0x38, 0x10, 4);
	put(r + 0x3c, VOLINFO - 0x38, 4);
	if (with_volinfo) {
		put(r + VOLINFO, 0x70, 4);
		put(r + VOLINFO + 4, 0x28, 4);
		put(r + VOLINFO + 0x14, 0x18, 2);
		put(r + VOLINFO + 0x28, 0xffffffffu, 4);
	} else {
		put(r + VOLINFO, 0xffffffffu, 4);
	}
}

static char *write_image(int with_volinfo)
{
	memset(image, 0, sizeof image);
	uint8_t *boot = image + OFFSET;
	memcpy(boot + 3, "NTFS    ", 8);
	put(boot + 0x0b, 512, 2);
	put(boot + 0x0d, CLUSTER / 512, 1);
	put(boot + 0x30, MFT_LCN, 8);
	put(boot + 0x38, MIRROR_LCN, 8);
	boot[0x40] = (uint8_t)(int8_t)-10; /* 2^10 bytes per record */
	record(boot + MFT_LCN * CLUSTER + 3 * RECORD, with_volinfo);
	record(boot + MIRROR_LCN * CLUSTER + 3 * RECORD, with_volinfo);
	static char path[] = "/tmp/rw-ntfs-dirty.XXXXXX";
	strcpy(path + strlen(path) - 6, "XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, image, sizeof image), (ssize_t)sizeof image);
	close(fd);
	return path;
}

static uint8_t byte_at(const char *path, uint64_t at)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t b = 0;
	assert_int_equal(fseek(f, (long)at, SEEK_SET), 0);
	assert_int_equal(fread(&b, 1, 1, f), 1);
	fclose(f);
	return b;
}

static void the_flag_lands_in_volume_and_its_mirror(void **state)
{
	(void)state;
	char *path = write_image(1);
	struct rw_error e = {0};
	assert_int_equal(ntfs_mark_dirty(path, OFFSET, &e), 0);
	assert_int_equal(byte_at(path, OFFSET + MFT_LCN * CLUSTER + 3 * RECORD + FLAGS), 1);
	assert_int_equal(byte_at(path, OFFSET + MIRROR_LCN * CLUSTER + 3 * RECORD + FLAGS), 1);
	unlink(path);
}

static void a_volume_without_volume_information_is_refused_untouched(void **state)
{
	(void)state;
	char *path = write_image(0);
	struct rw_error e = {0};
	assert_int_equal(ntfs_mark_dirty(path, OFFSET, &e), -1);
	assert_non_null(strstr(e.text, "$Volume has no $VOLUME_INFORMATION"));
	FILE *f = fopen(path, "rb");
	static uint8_t after[sizeof image];
	assert_int_equal(fread(after, 1, sizeof after, f), sizeof after);
	fclose(f);
	assert_memory_equal(after, image, sizeof image);
	unlink(path);
}

static void a_volume_that_is_not_ntfs_is_refused(void **state)
{
	(void)state;
	char *path = write_image(1);
	struct rw_error e = {0};
	assert_int_equal(ntfs_mark_dirty(path, 0, &e), -1);
	assert_non_null(strstr(e.text, "no NTFS boot sector"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_flag_lands_in_volume_and_its_mirror),
		cmocka_unit_test(a_volume_without_volume_information_is_refused_untouched),
		cmocka_unit_test(a_volume_that_is_not_ntfs_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
