#include "diskgen/ntfs_dirty.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define VOLUME_RECORD 3
#define ATTR_VOLUME_INFORMATION 0x70u
#define ATTR_END 0xffffffffu
#define VOLUME_IS_DIRTY 0x0001u

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static int fail(struct rw_error *e, const char *image, const char *what)
{
	return rw_fail(e, RW_EXIT_USAGE, "%s: marking its NTFS volume dirty: %s", image, what);
}

int ntfs_mark_dirty(const char *image, uint64_t offset, struct rw_error *e)
{
	int fd = open(image, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", image, strerror(errno));
	uint8_t boot[512], rec[4096];
	int rc = -1;
	if (pread(fd, boot, sizeof boot, (off_t)offset) != (ssize_t)sizeof boot || memcmp(boot + 3, "NTFS    ", 8) != 0) {
		fail(e, image, "no NTFS boot sector");
		goto out;
	}
	uint64_t cluster = le(boot + 0x0b, 2) * le(boot + 0x0d, 1);
	int8_t per_record = (int8_t)boot[0x40];
	uint64_t rsize = per_record < 0 ? 1ull << -per_record : (uint64_t)per_record * cluster;
	if (!cluster || rsize < 1024 || rsize > sizeof rec) {
		fail(e, image, "an MFT record size it does not know");
		goto out;
	}
	uint64_t at = offset + le(boot + 0x30, 8) * cluster + VOLUME_RECORD * rsize;
	uint64_t mirror = offset + le(boot + 0x38, 8) * cluster + VOLUME_RECORD * rsize;
	if (pread(fd, rec, rsize, (off_t)at) != (ssize_t)rsize || memcmp(rec, "FILE", 4) != 0) {
		fail(e, image, "MFT record 3 is not a FILE record");
		goto out;
	}
	/* the attributes from the record's first one to the end marker, each inside the record */
	for (uint64_t a = le(rec + 0x14, 2); a + 24 <= rsize;) {
		uint32_t type = (uint32_t)le(rec + a, 4), len = (uint32_t)le(rec + a + 4, 4);
		if (type == ATTR_END || len < 24 || a + len > rsize)
			break;
		if (type != ATTR_VOLUME_INFORMATION) {
			a += len;
			continue;
		}
		/* resident: the value's offset at 0x14, its flags at byte 0x0a of the value. The update sequence
		 * array replaces the last two bytes of each sector, so the flag must not be there. */
		uint64_t flags = a + le(rec + a + 0x14, 2) + 0x0a;
		if (flags + 2 > a + len || flags % 512 >= 510) {
			fail(e, image, "$VOLUME_INFORMATION is not where it can be written");
			goto out;
		}
		uint8_t v[2] = {(uint8_t)(rec[flags] | VOLUME_IS_DIRTY), rec[flags + 1]};
		/* $MFTMirr holds a copy of records 0-3: the same byte there, or the volume reads as inconsistent */
		if (pwrite(fd, v, 2, (off_t)(at + flags)) != 2 || pwrite(fd, v, 2, (off_t)(mirror + flags)) != 2 ||
		    fsync(fd) != 0) {
			fail(e, image, strerror(errno));
			goto out;
		}
		rc = 0;
		goto out;
	}
	fail(e, image, "$Volume has no $VOLUME_INFORMATION");
out:
	close(fd);
	return rc;
}
