#include "core/files.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/magic.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/fault.h"
#include "core/flusher.h"
#include "core/sha256_thread.h"
#include "core/worker.h"

/* What files are read and hashed in: large enough that a 100 MB hive takes a hundred system calls */
#define COPY_CHUNK (1u << 20)

void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[SHA256_HEX_LEN])
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

void sha256_buffer(const uint8_t *data, size_t len, char hex[SHA256_HEX_LEN])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	sha256_hex(digest, hex);
}

static const char *kind_of(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) ? "a character device"
	       : S_ISBLK(mode) ? "a block device" : S_ISDIR(mode) ? "a folder" : S_ISLNK(mode) ? "a link" : "not a file";
}

static int refuse(int fd, mode_t mode, char *why, size_t why_len)
{
	if (fd >= 0)
		close(fd);
	snprintf(why, why_len, "%s, not a regular file: rescuewiz does not read it", kind_of(mode));
	errno = EINVAL;
	return -1;
}

int open_regular(const char *path, char *why, size_t why_len)
{
	struct stat before, after;
	if (lstat(path, &before) != 0) {
		snprintf(why, why_len, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(before.st_mode))
		return refuse(-1, before.st_mode, why, why_len);
	/* O_NONBLOCK: should a FIFO take the file's place after the lstat, the open does not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &after) != 0 || !S_ISREG(after.st_mode) || after.st_ino != before.st_ino ||
	    after.st_dev != before.st_dev)
		return refuse(fd, after.st_mode, why, why_len);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int sha256_fd(int fd, char hex[SHA256_HEX_LEN])
{
	struct sha256_thread *hash = sha256_thread_start();
	if (!hash) {
		errno = ENOMEM;
		return -1;
	}
	ssize_t n;
	off_t at = 0;
	while ((n = read_upto(fd, sha256_thread_buffer(hash), SHA256_THREAD_CHUNK, at)) > 0) {
		sha256_thread_add(hash, (size_t)n);
		at += n;
	}
	int err = errno;
	sha256_thread_end(hash, hex);
	errno = err;
	return n < 0 ? -1 : 0;
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN], struct rw_error *e)
{
	char why[80];
	int fd = open_regular(path, why, sizeof why);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: %s", path, why);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	int rc = sha256_fd(fd, hex), err = errno;
	close(fd);
	if (rc != 0)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: read: %s", path, strerror(err));
	return 0;
}

int read_file(const char *path, size_t max_len, uint8_t **data, size_t *len, struct rw_error *e)
{
	char why[80];
	int fd = open_regular(path, why, sizeof why);
	struct stat st;
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", path, why);
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", path, strerror(err));
	}
	if ((uint64_t)st.st_size > max_len) {
		close(fd);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %lld bytes is larger than the %zu bytes expected of it", path,
			       (long long)st.st_size, max_len);
	}
	*data = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	ssize_t n = 1;
	while (*data && got < (size_t)st.st_size && (n = read(fd, *data + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (!*data || n < 0) {
		free(*data);
		*data = NULL;
		return rw_fail(e, RW_EXIT_REFUSED, "%s: read failed", path);
	}
	*len = got;
	return 0;
}

ssize_t read_upto(int fd, void *buf, size_t len, off_t at)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = at < 0 ? read(fd, (uint8_t *)buf + got, len - got)
				   : pread(fd, (uint8_t *)buf + got, len - got, at + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int write_all(int fd, const uint8_t *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int fsync_dir_of(const char *path)
{
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s", path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* some FUSE file systems do not implement fsync on folders: that is not a failure of ours */
	int rc = fsync(fd) == 0 || errno == EINVAL || errno == ENOSYS ? 0 : -1;
	close(fd);
	return rc;
}

void file_identity_of_stat(const struct stat *st, struct file_identity *id)
{
	id->known = true;
	id->ino = st->st_ino;
	id->size = st->st_size;
	id->mtime = st->st_mtim;
	id->ctime = st->st_ctim;
}

bool file_identity_same(const struct file_identity *a, const struct file_identity *b)
{
	return a->known && b->known && a->ino == b->ino && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec && a->ctime.tv_sec == b->ctime.tv_sec &&
	       a->ctime.tv_nsec == b->ctime.tv_nsec;
}

int file_identity_of(const char *path, struct file_identity *id)
{
	struct stat st;
	memset(id, 0, sizeof *id);
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	file_identity_of_stat(&st, id);
	return 0;
}

/* src open for reading, a regular file of at most max_len bytes (*st: its state then); -1 with e */
static int open_source(const char *src, size_t max_len, struct stat *st, struct rw_error *e)
{
	char why[80];
	int in = open_regular(src, why, sizeof why);
	if (in < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", src, why);
	if (fstat(in, st) != 0 || (uint64_t)st->st_size > max_len) {
		close(in);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %lld bytes is larger than the %zu bytes expected of it", src,
			       (long long)st->st_size, max_len);
	}
	return in;
}

/* Streamed through two buffers of SHA256_THREAD_CHUNK bytes, hashed in a second thread on the way: a hive is
 * read once and nothing of its size is allocated. */
static int copy_file(const char *src, const char *dest, size_t max_len, struct file_copy *made, bool sync,
		     struct rw_error *e)
{
	struct stat st;
	if (made)
		made->flushing = NULL;
	int in = open_source(src, max_len, &st, e);
	if (in < 0)
		return -1;
	/* hashed in a second thread while the copy goes on */
	struct sha256_thread *hash = sha256_thread_start();
	int out = hash ? open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
	int rc = out >= 0 ? 0 : -1, err = hash ? errno : ENOMEM;
	posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
	struct flusher *flush = out >= 0 ? flusher_start(out) : NULL;
	uint64_t total = 0;
	ssize_t n;
	uint8_t *buf;
	while (rc == 0 && (n = read(in, buf = sha256_thread_buffer(hash), SHA256_THREAD_CHUNK)) != 0) {
		if (n < 0 || (total += (uint64_t)n) > max_len) {
			err = n < 0 ? errno : EFBIG;
			rc = -1;
			break;
		}
		sha256_thread_add(hash, (size_t)n);
		if (write_all(out, buf, (size_t)n) != 0) {
			err = errno;
			rc = -1;
		}
	}
	char hex[SHA256_HEX_LEN] = "";
	if (hash)
		sha256_thread_end(hash, hex);
	/* a copy somebody waits for later goes on flushing its last bytes meanwhile */
	bool flushing = flush != NULL, kept = made && !sync && rc == 0;
	if (kept)
		flusher_finish(flush);
	else
		flusher_end(flush);
	int flushed = kept ? 0 : flusher_free(flush);
	if (kept)
		made->flushing = flush;
	if (rc == 0 && flushed) {
		err = flushed;
		rc = -1;
	}
	/* without a flusher (FUSE) the writeback is at least started */
	if (rc == 0 && (sync ? fsync(out) : flushing ? 0 : sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE)) != 0) {
		err = errno;
		rc = -1;
	}
	if (out >= 0 && close(out) != 0 && rc == 0) {
		err = errno;
		rc = -1;
	}
	struct stat after;
	if (made) {
		struct file_identity was, is;
		file_identity_of_stat(&st, &was);
		memset(&is, 0, sizeof is);
		if (fstat(in, &after) == 0)
			file_identity_of_stat(&after, &is);
		memset(&made->source, 0, sizeof made->source);
		if (file_identity_same(&was, &is))
			made->source = was;
	}
	close(in);
	/* the file this call made (O_EXCL) and could not finish goes: never a half backup */
	if (rc != 0 && out >= 0)
		unlink(dest);
	if (rc != 0)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "copying %s to %s: %s", src, dest, strerror(err));
	if (made)
		memcpy(made->sha256, hex, SHA256_HEX_LEN);
	return 0;
}

int copy_file_synced(const char *src, const char *dest, size_t max_len, struct file_copy *made, struct rw_error *e)
{
	return copy_file(src, dest, max_len, made, true, e);
}

int copy_file_started(const char *src, const char *dest, size_t max_len, struct file_copy *made, struct rw_error *e)
{
	return copy_file(src, dest, max_len, made, false, e);
}

int copy_flushed(const struct file_copy *made)
{
	int err = flusher_wait(made->flushing);
	errno = err;
	return err ? -1 : 0;
}

void copy_release(struct file_copy *made)
{
	flusher_free(made->flushing);
	made->flushing = NULL;
}

int file_send(const char *src, int out, size_t max_len, size_t *len, struct rw_error *e)
{
	struct stat st;
	*len = 0;
	int in = open_source(src, max_len, &st, e);
	if (in < 0)
		return -1;
	ssize_t n = 1;
	/* a file that grows meanwhile stops at max_len */
	while (*len < max_len && (n = sendfile(out, in, NULL, max_len - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		*len += (size_t)n;
	}
	int err = errno;
	close(in);
	if (n < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", src, strerror(err));
	return 0;
}

int reopen_for_reading(int fd)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int fsync_file(const char *path)
{
	if (!*path)
		return 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The file a rename replaces, held open so that its blocks are freed at its last close, by close_later,
 * instead of inside the rename (about 40 ms for 100 MB on ext4). Not on FUSE: there the kernel would keep
 * an open file that is replaced under a hidden name on the volume until the close. -1: not held. */
static int hold_replaced(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct statfs sfs;
	struct stat st;
	if (fd >= 0 && (fstatfs(fd, &sfs) != 0 || sfs.f_type == FUSE_SUPER_MAGIC || fstat(fd, &st) != 0 ||
			!S_ISREG(st.st_mode) || st.st_size < (off_t)(1u << 20))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void *close_it(void *arg)
{
	close((int)(intptr_t)arg);
	return NULL;
}

/* Closes fd in a worker while the caller goes on (fd -1: nothing) */
static void close_later(int fd)
{
	pthread_t thread;
	if (fd >= 0 && worker_start(&thread, close_it, (void *)(intptr_t)fd) == 0)
		pthread_detach(thread);
	else if (fd >= 0)
		close(fd);
}

int replace_file(const char *path, const struct file_content *content, const char *fault, struct rw_error *e)
{
	char tmp[PATH_MAX + 32], point[64];
	snprintf(tmp, sizeof tmp, "%s" REPLACE_TEMP_SUFFIX, path);
	unlink(tmp);
	/* a signal before the rename removes the half-written temp file from the volume */
	int undo = cleanup_add(CLEANUP_FILE, tmp);
	int fd = undo ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
	if (fd < 0) {
		int err = undo ? errno : ENOMEM;
		cleanup_forget(undo);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: %s", tmp, strerror(err));
	}
	snprintf(point, sizeof point, "%s-write", fault);
	/* the content says what went wrong with it (e), else errno says what the file system refused */
	struct rw_error filled = {0};
	struct flusher *flush = flusher_start(fd);
	int rc = fault_point(point) == 0 && content->fill(content->ctx, fd, &filled) == 0 ? 0 : -1;
	int flushed = flusher_free(flush);
	if (rc == 0 && flushed) {
		rc = -1;
		errno = flushed;
	}
	snprintf(point, sizeof point, "%s-fsync", fault);
	if (rc == 0)
		rc = fault_point(point) == 0 && fsync(fd) == 0 ? 0 : -1;
	int err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	snprintf(point, sizeof point, "%s-rename", fault);
	int old = rc == 0 ? hold_replaced(path) : -1;
	if (rc == 0 && (fault_point(point) != 0 || rename(tmp, path) != 0)) {
		rc = -1;
		err = errno;
	}
	if (rc != 0) {
		if (old >= 0)
			close(old);
		cleanup_run(undo);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "writing %s: %s", path, *filled.text ? filled.text : strerror(err));
	}
	cleanup_forget(undo);
	snprintf(point, sizeof point, "%s-dirsync", fault);
	rc = fault_point(point) == 0 && fsync_dir_of(path) == 0 ? 0 : -1;
	err = errno;
	/* after the folder's sync, which would wait for the freeing */
	close_later(old);
	errno = err;
	return rc == 0 ? 0 : rw_fail(e, RW_EXIT_ROLLED_BACK, "syncing the folder of %s: %s", path, strerror(err));
}

static int fill_bytes(void *ctx, int fd, struct rw_error *e)
{
	const struct file_bytes *b = ctx;
	(void)e;
	return write_all(fd, b->data, b->len);
}

struct file_content file_content_bytes(struct file_bytes *b)
{
	return (struct file_content){fill_bytes, b};
}

void drop_cached(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
}
