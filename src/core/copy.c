#include "core/copy.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
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

/* The caller's thread reads the source into a ring of slots; a writer thread takes them in turn: hashes
 * the chunk, writes it, pushes it to the disk (sync_file_range), drops it from the cache, reads it back and
 * hashes that. So the reads of the source (FUSE for ntfs-3g, the slow side) never wait for the hashing,
 * the writing or the read back, and the copy is verified as the disk holds it, not as memory does. The
 * bytes pass through user space for the hash anyway: copy_file_range would only add a second read of the
 * source. */
#define COPY_SLOTS 4
#define VERIFY_LAG (16u * COPY_BUFFER)

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint8_t *buf[COPY_SLOTS];
	uint8_t *back;             /* the writer's: a chunk read back from the copy */
	size_t len[COPY_SLOTS];
	bool full[COPY_SLOTS];
	bool end;                  /* the reader is done: all read, or it failed */
	int dst;
	int write_errno;           /* why the writer stopped (EIO for a short read back), 0 while it runs */
	uint64_t written, verified;  /* bytes of the copy written, and read back */
	struct sha256_ctx source, copy;
};

/* Reads back and hashes the copy from pl->verified to `upto`, once the disk has it: synced, dropped from
 * the cache, read. 0 or an errno. */
static int verify_upto(struct pipeline *pl, uint64_t upto)
{
	while (pl->verified < upto) {
		off_t at = (off_t)pl->verified;
		size_t len = upto - pl->verified < COPY_BUFFER ? (size_t)(upto - pl->verified) : COPY_BUFFER;
		if (sync_file_range(pl->dst, at, (off_t)len, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
					    SYNC_FILE_RANGE_WAIT_AFTER) != 0 && fdatasync(pl->dst) != 0)
			return errno;
		posix_fadvise(pl->dst, at, (off_t)len, POSIX_FADV_DONTNEED);
		ssize_t n = pread(pl->dst, pl->back, len, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		sha256_update(&pl->copy, (size_t)n, pl->back);
		pl->verified += (uint64_t)n;
	}
	return 0;
}

/* A chunk: hashed, written, its write-back started; the copy is read back VERIFY_LAG behind, so the disk
 * always has writes queued while the read back waits for the older ones. */
static int write_chunk(struct pipeline *pl, const uint8_t *buf, size_t len)
{
	sha256_update(&pl->source, len, buf);
	if (write_all(pl->dst, buf, len) != 0)
		return errno ? errno : EIO;
	sync_file_range(pl->dst, (off_t)pl->written, (off_t)len, SYNC_FILE_RANGE_WRITE);
	pl->written += len;
	return pl->written - pl->verified > VERIFY_LAG ? verify_upto(pl, pl->written - VERIFY_LAG) : 0;
}

static void *writer(void *arg)
{
	struct pipeline *pl = arg;
	for (size_t slot = 0;; slot = (slot + 1) % COPY_SLOTS) {
		pthread_mutex_lock(&pl->lock);
		while (!pl->full[slot] && !pl->end)
			pthread_cond_wait(&pl->changed, &pl->lock);
		/* slots are filled in order: the next one empty after the end means there is no more */
		bool more = pl->full[slot];
		pthread_mutex_unlock(&pl->lock);
		if (!more) {
			pl->write_errno = verify_upto(pl, pl->written);
			return NULL;
		}
		int err = write_chunk(pl, pl->buf[slot], pl->len[slot]);
		pthread_mutex_lock(&pl->lock);
		pl->full[slot] = false;
		pl->write_errno = err;
		pthread_cond_broadcast(&pl->changed);
		pthread_mutex_unlock(&pl->lock);
		if (err)
			return NULL;
	}
}

/* Fills the slots until the end of the source or an error of either side: 0, or the read's errno. */
static int read_all(int src, struct pipeline *pl, uint64_t total, const struct copy_progress *p)
{
	uint64_t read_bytes = 0, step = 0;
	for (size_t slot = 0;; slot = (slot + 1) % COPY_SLOTS) {
		pthread_mutex_lock(&pl->lock);
		while (pl->full[slot] && !pl->write_errno)
			pthread_cond_wait(&pl->changed, &pl->lock);
		int stopped = pl->write_errno;
		pthread_mutex_unlock(&pl->lock);
		if (stopped)
			return 0;
		ssize_t n;
		while ((n = read(src, pl->buf[slot], COPY_BUFFER)) < 0 && errno == EINTR)
			;
		if (n <= 0)
			return n < 0 ? errno : 0;
		pthread_mutex_lock(&pl->lock);
		pl->len[slot] = (size_t)n;
		pl->full[slot] = true;
		pthread_cond_broadcast(&pl->changed);
		pthread_mutex_unlock(&pl->lock);
		read_bytes += (uint64_t)n;
		if (p && p->fn && read_bytes - step >= 64u * COPY_BUFFER) {
			step = read_bytes;
			p->fn(p->ctx, read_bytes, total);
		}
	}
}

static int pump(int src, struct pipeline *pl, uint64_t total, const struct copy_progress *p,
		struct copy_result *out, char back[SHA256_HEX_LEN], struct rw_error *e)
{
	pthread_t thread;
	int err = pthread_create(&thread, NULL, writer, pl);
	if (err)
		return rw_fail(e, RW_EXIT_REFUSED, "can not start the writer of the copy: %s", strerror(err));
	int read_errno = read_all(src, pl, total, p);
	pthread_mutex_lock(&pl->lock);
	pl->end = true;
	pthread_cond_broadcast(&pl->changed);
	pthread_mutex_unlock(&pl->lock);
	pthread_join(thread, NULL);
	out->bytes = pl->written;
	if (read_errno)
		return rw_fail(e, RW_EXIT_REFUSED, "reading the dump failed after %llu bytes: %s",
			       (unsigned long long)out->bytes, strerror(read_errno));
	if (pl->write_errno)
		return rw_fail(e, RW_EXIT_REFUSED, "writing the copy failed after %llu bytes: %s",
			       (unsigned long long)out->bytes, strerror(pl->write_errno));
	hex_of(&pl->source, out->sha256);
	hex_of(&pl->copy, back);
	if (p && p->fn)
		p->fn(p->ctx, out->bytes, total);
	return 0;
}

static int copy_into(int src, int dst, uint64_t size, const struct copy_progress *p, struct copy_result *out,
		     struct rw_error *e)
{
	struct pipeline pl = {.dst = dst};
	bool ok = true;
	for (size_t i = 0; i < COPY_SLOTS; i++)
		ok = (pl.buf[i] = malloc(COPY_BUFFER)) && ok;
	pl.back = malloc(COPY_BUFFER);
	int rc = ok && pl.back ? 0 : rw_fail(e, RW_EXIT_REFUSED, "out of memory");
	char back[SHA256_HEX_LEN];
	if (rc == 0) {
		pthread_mutex_init(&pl.lock, NULL);
		pthread_cond_init(&pl.changed, NULL);
		sha256_init(&pl.source);
		sha256_init(&pl.copy);
		posix_fadvise(src, 0, 0, POSIX_FADV_SEQUENTIAL);
		rc = pump(src, &pl, size, p, out, back, e);
		pthread_cond_destroy(&pl.changed);
		pthread_mutex_destroy(&pl.lock);
	}
	if (rc == 0 && fsync(dst) != 0)
		rc = rw_fail(e, RW_EXIT_REFUSED, "fsync of the copy failed: %s", strerror(errno));
	if (rc == 0 && strcmp(back, out->sha256))
		rc = rw_fail(e, RW_EXIT_REFUSED, "the copy reads back with sha256 %s, the dump read %s: the copy is "
			     "not the dump (a failing disk of this rescue VM?)", back, out->sha256);
	for (size_t i = 0; i < COPY_SLOTS; i++)
		free(pl.buf[i]);
	free(pl.back);
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
	char why[256];
	int fd = open_regular(path, why, sizeof why);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s (only a regular file is read as a dump)", path, why);
	return fd;
}
