/* Layouts: the NTFS documentation of the Linux-NTFS project (boot sector, FILE records with their update
 * sequence array, attribute headers, $VOLUME_INFORMATION = type 0x70 with its flags at offset 0x0A). */
#include "ntfs/ntfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

/* Puts back the last two bytes of each sector, which the update sequence array stands in for on disk. */
static int fixup(uint8_t *rec, size_t size, uint16_t sector)
{
	uint16_t ofs = le16(rec + 4), count = le16(rec + 6);
	if (count < 1 || (size_t)ofs + 2u * count > size || (size_t)(count - 1) * sector > size)
		return -1;
	for (uint16_t i = 1; i < count; i++) {
		uint8_t *end = rec + (size_t)i * sector - 2;
		if (memcmp(end, rec + ofs, 2))
			return -1;
		memcpy(end, rec + ofs + 2 * i, 2);
	}
	return 0;
}

int ntfs_volume_flags(int fd, uint64_t offset, uint16_t *flags, char *problem, size_t len)
{
	uint8_t boot[512];
	if (pread(fd, boot, sizeof boot, (off_t)offset) != (ssize_t)sizeof boot || memcmp(boot + 3, "NTFS    ", 8))
		return snprintf(problem, len, "no NTFS boot sector"), -1;
	uint16_t sector = le16(boot + 0x0b);
	uint8_t per_cluster = boot[0x0d];
	int8_t per_record = (int8_t)boot[0x40];
	uint64_t mft = (uint64_t)le32(boot + 0x30) | (uint64_t)le32(boot + 0x34) << 32;
	uint64_t cluster = (uint64_t)sector * per_cluster;
	/* a negative count is a power of two of bytes; records are 1 KiB to 64 KiB, so larger shifts (up to 128,
	 * past the width of any type) are refused before they are made */
	size_t size = per_record >= 0 ? (size_t)per_record * cluster : -per_record <= 16 ? (size_t)1 << -per_record : 0;
	if (sector < 256 || sector > 4096 || !per_cluster || size < 512 || size > 65536 || mft > (1ULL << 40))
		return snprintf(problem, len, "implausible NTFS boot sector"), -1;
	uint8_t *rec = malloc(size);
	int rc = -1;
	/* $Volume is MFT record 3; the first records of the MFT are contiguous */
	if (rec && pread(fd, rec, size, (off_t)(offset + mft * cluster + 3 * size)) == (ssize_t)size &&
	    !memcmp(rec, "FILE", 4) && fixup(rec, size, sector) == 0) {
		for (size_t at = le16(rec + 0x14); at + 24 <= size;) {
			uint32_t type = le32(rec + at), alen = le32(rec + at + 4);
			if (type == 0xffffffff || alen < 24 || alen > size - at)
				break;
			uint16_t vofs = le16(rec + at + 0x14);
			if (type == 0x70 && !rec[at + 8] && at + vofs + 12 <= size) {
				*flags = le16(rec + at + vofs + 0x0a);
				rc = 0;
				break;
			}
			at += alen;
		}
	}
	if (rc != 0)
		snprintf(problem, len, "the $Volume record could not be read");
	free(rec);
	return rc;
}
