#include "hive/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/sha256_thread.h"
#include "core/worker.h"
#include "hive/regf.h"
#include "hive/replay.h"

/* hivex writes the whole hive with one write(2), so the file grows from its start to its end while hivex is
 * in hivex_commit. A second thread follows it: it reads each piece below the file's end as soon as it is
 * there (a fresh file's bytes below its size are the ones written) and hands it to the sha256 thread. So
 * the hash, the slowest part, runs beside hivex's write instead of after it, and it is of the bytes read
 * back from the file. The base block is sealed on the follower's copy, hashed sealed, and written over
 * hivex's once hivex is done. */
enum { WRITING, WRITTEN, FAILED };

struct follower {
	int fd;
	uint32_t highest_seq;
	atomic_int writer;  /* WRITING while hivex commits, then WRITTEN or FAILED */
	uint8_t base[REGF_BASE_BLOCK_SIZE]; /* sealed */
	uint32_t seq;       /* 0: hivex wrote no base block */
	uint64_t len;       /* bytes read and hashed */
	int err;            /* a read's errno */
	char sha256[SHA256_HEX_LEN];
};

/* Up to len bytes at `at`, waiting for the writer while the file is shorter: fewer only at the end of what
 * the writer wrote, or when it failed. */
static ssize_t read_growing(struct follower *f, uint8_t *buf, size_t len, off_t at)
{
	size_t got = 0;
	while (got < len) {
		/* read before the read: once the writer is done, a read that finds nothing is the end */
		int writer = atomic_load(&f->writer);
		ssize_t n = pread(f->fd, buf + got, len - got, at + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		got += (size_t)n;
		if (n == 0 && writer != WRITING)
			break;
		if (n == 0)
			nanosleep(&(struct timespec){0, 50000}, NULL);
	}
	return (ssize_t)got;
}

static void *follow(void *arg)
{
	struct follower *f = arg;
	struct sha256_thread *hash = sha256_thread_start();
	if (!hash) {
		f->err = ENOMEM;
		return NULL;
	}
	uint8_t *buf;
	ssize_t n;
	while ((n = read_growing(f, buf = sha256_thread_buffer(hash), SHA256_THREAD_CHUNK, (off_t)f->len)) > 0) {
		if (f->len == 0) {
			if ((size_t)n < sizeof f->base || !(f->seq = replay_seal(buf, sizeof f->base, f->highest_seq)))
				break;
			memcpy(f->base, buf, sizeof f->base);
		}
		sha256_thread_add(hash, (size_t)n);
		f->len += (uint64_t)n;
	}
	if (n < 0)
		f->err = errno;
	sha256_thread_end(hash, f->sha256);
	return NULL;
}

/* hivex commits only to a path: out's path in /proc opens the same file */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	char path[64];
	memset(c, 0, sizeof *c);
	snprintf(path, sizeof path, "/proc/self/fd/%d", out);
	/* out may be open for writing only */
	struct follower f = {.fd = open(path, O_RDWR | O_CLOEXEC), .highest_seq = highest_seq};
	if (f.fd < 0)
		return -1;
	atomic_init(&f.writer, WRITING);
	pthread_t thread;
	int err = worker_start(&thread, follow, &f);
	if (err) {
		close(f.fd);
		errno = err;
		return -1;
	}
	int rc = hivex_commit(h, path, 0);
	err = errno;
	atomic_store(&f.writer, rc == 0 ? WRITTEN : FAILED);
	pthread_join(thread, NULL);
	struct stat st;
	if (rc == 0 && fstat(f.fd, &st) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && (st.st_size < REGF_BASE_BLOCK_SIZE || (uint64_t)st.st_size > HIVE_MAX_BYTES)) {
		close(f.fd);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (%lld bytes)", (long long)st.st_size);
	}
	if (rc == 0 && !f.seq) {
		close(f.fd);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (no base block)");
	}
	if (rc == 0 && (f.err || f.len != (uint64_t)st.st_size)) {
		rc = -1;
		err = f.err ? f.err : EIO;
	}
	if (rc == 0 && pwrite(f.fd, f.base, sizeof f.base, 0) != (ssize_t)sizeof f.base) {
		rc = -1;
		err = errno;
	}
	if (close(f.fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0) {
		c->seq = f.seq;
		c->len = f.len;
		memcpy(c->sha256, f.sha256, SHA256_HEX_LEN);
	}
	errno = err;
	return rc;
}
