#include "core/follower.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/sha256_thread.h"
#include "core/worker.h"

enum { WRITING, WRITTEN, FAILED };

struct follower {
	pthread_t thread;
	int fd;
	atomic_int writer;  /* WRITING while the other thread writes, then WRITTEN or FAILED */
	follower_first_fn first;
	void *ctx;
	uint64_t len;       /* bytes read and hashed */
	int err;            /* a read's errno, ECANCELED when first stopped it */
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
		if (f->len == 0 && f->first && !f->first(f->ctx, buf, (size_t)n)) {
			f->err = ECANCELED;
			break;
		}
		sha256_thread_add(hash, (size_t)n);
		f->len += (uint64_t)n;
	}
	if (n < 0)
		f->err = errno;
	sha256_thread_end(hash, f->sha256);
	return NULL;
}

struct follower *follower_start(int fd, follower_first_fn first, void *ctx)
{
	struct follower *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->fd = reopen_for_reading(fd);
	f->first = first;
	f->ctx = ctx;
	atomic_init(&f->writer, WRITING);
	int err = f->fd >= 0 ? worker_start(&f->thread, follow, f) : errno;
	if (err == 0)
		return f;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
	errno = err;
	return NULL;
}

int follower_end(struct follower *f, bool written, char hex[SHA256_HEX_LEN], uint64_t *len)
{
	atomic_store(&f->writer, written ? WRITTEN : FAILED);
	pthread_join(f->thread, NULL);
	int err = f->err;
	if (err == 0) {
		snprintf(hex, SHA256_HEX_LEN, "%s", f->sha256);
		*len = f->len;
	}
	close(f->fd);
	free(f);
	return err;
}
