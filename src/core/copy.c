#include "core/copy.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* 1 MiB on top of the files: the folder entries and the file system's own rounding */
#define ROOM_MARGIN (1u << 20)

int copy_check_room(const char *dir, uint64_t need, struct rw_error *e)
{
	struct statvfs sv;
	if (statvfs(dir, &sv) != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s: give a folder that exists on this rescue VM", dir,
			       strerror(errno));
	uint64_t room = (uint64_t)sv.f_bavail * sv.f_frsize;
	if (room < need + ROOM_MARGIN)
		return rw_fail(e, RW_EXIT_REFUSED, "%s has %llu MiB free, the copy needs %llu MiB: nothing was copied. "
			       "Attach a data disk to this rescue VM and name a folder on it (e.g. 'all to /mnt/data'), "
			       "or choose fewer dumps", dir, (unsigned long long)(room >> 20),
			       (unsigned long long)((need + ROOM_MARGIN) >> 20));
	return 0;
}

static void hex_of(struct sha256_ctx *ctx, char hex[SHA256_HEX_LEN])
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Source to copy, hashing what was read. The bytes pass through user space anyway for the hash, so
 * copy_file_range would only add a second read of the source (through FUSE for ntfs-3g). */
static int pump(int src, int dst, uint8_t *buf, uint64_t total, const struct copy_progress *p,
		struct copy_result *out, struct rw_error *e)
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	uint64_t step = 0;
	for (;;) {
		ssize_t n = read(src, buf, COPY_BUFFER);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rw_fail(e, RW_EXIT_REFUSED, "reading the dump failed after %llu bytes: %s",
				       (unsigned long long)out->bytes, strerror(errno));
		if (n == 0)
			break;
		sha256_update(&ctx, (size_t)n, buf);
		if (write_all(dst, buf, (size_t)n) != 0)
			return rw_fail(e, RW_EXIT_REFUSED, "writing the copy failed after %llu bytes: %s",
				       (unsigned long long)out->bytes, strerror(errno));
		out->bytes += (uint64_t)n;
		if (p && p->fn && out->bytes - step >= 64u * COPY_BUFFER) {
			step = out->bytes;
			p->fn(p->ctx, out->bytes, total);
		}
	}
	hex_of(&ctx, out->sha256);
	if (p && p->fn)
		p->fn(p->ctx, out->bytes, total);
	return 0;
}

/* The copy as the disk holds it: its pages are dropped from the cache after the fsync, so the read back
 * comes from the disk, not from the memory the copy was written from. */
static int read_back(int dst, uint8_t *buf, char hex[SHA256_HEX_LEN], struct rw_error *e)
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	posix_fadvise(dst, 0, 0, POSIX_FADV_DONTNEED);
	posix_fadvise(dst, 0, 0, POSIX_FADV_SEQUENTIAL);
	ssize_t n;
	off_t at = 0;
	while ((n = pread(dst, buf, COPY_BUFFER, at)) > 0) {
		sha256_update(&ctx, (size_t)n, buf);
		at += n;
	}
	if (n < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "reading the copy back failed: %s", strerror(errno));
	hex_of(&ctx, hex);
	return 0;
}

static int copy_into(int src, int dst, uint64_t size, const struct copy_progress *p, struct copy_result *out,
		     struct rw_error *e)
{
	uint8_t *buf = malloc(COPY_BUFFER);
	if (!buf)
		return rw_fail(e, RW_EXIT_REFUSED, "out of memory");
	posix_fadvise(src, 0, 0, POSIX_FADV_SEQUENTIAL);
	char back[SHA256_HEX_LEN];
	int rc = pump(src, dst, buf, size, p, out, e);
	if (rc == 0 && fsync(dst) != 0)
		rc = rw_fail(e, RW_EXIT_REFUSED, "fsync of the copy failed: %s", strerror(errno));
	if (rc == 0)
		rc = read_back(dst, buf, back, e);
	if (rc == 0 && strcmp(back, out->sha256))
		rc = rw_fail(e, RW_EXIT_REFUSED, "the copy reads back with sha256 %s, the dump read %s: the copy is "
			     "not the dump (a failing disk of this rescue VM?)", back, out->sha256);
	free(buf);
	return rc;
}

int copy_verified(int src_fd, const char *dir, const char *name, const struct copy_progress *p,
		  struct copy_result *out, struct rw_error *e)
{
	memset(out, 0, sizeof *out);
	struct stat st;
	if (fstat(src_fd, &st) != 0 || !S_ISREG(st.st_mode))
		return rw_fail(e, RW_EXIT_REFUSED, "%s: the source is not a regular file (a FIFO, a device or a folder "
			       "is never read as a dump)", name);
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return rw_fail(e, RW_EXIT_REFUSED, "'%s' can not be the name of a copy", name);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s: give a folder that exists (not a symbolic link)", dir,
			       strerror(errno));
	int dst = openat(dfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dst < 0) {
		int err = errno;
		close(dfd);
		if (err == EEXIST)
			return rw_fail(e, RW_EXIT_REFUSED, "%s/%s exists already: a copy never replaces a file. Move it "
				       "away or name another folder", dir, name);
		return rw_fail(e, RW_EXIT_REFUSED, "%s/%s: %s", dir, name, strerror(err));
	}
	int rc = copy_into(src_fd, dst, (uint64_t)st.st_size, p, out, e);
	if (close(dst) != 0 && rc == 0)
		rc = rw_fail(e, RW_EXIT_REFUSED, "%s/%s: %s", dir, name, strerror(errno));
	if (rc != 0)
		unlinkat(dfd, name, 0);
	if (rc == 0 && fsync(dfd) != 0)
		rc = rw_fail(e, RW_EXIT_REFUSED, "%s: fsync of the folder failed: %s", dir, strerror(errno));
	close(dfd);
	return rc;
}

int copy_open_source(const char *path, struct rw_error *e)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return rw_fail(e, RW_EXIT_REFUSED, "%s is not a regular file (a FIFO, a device or a folder is never "
			       "read as a dump)", path);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
