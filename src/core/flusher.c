#include "core/flusher.h"

#include <errno.h>
#include <linux/magic.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/files.h"
#include "core/worker.h"

/* how often the thread looks at the file's size, and how much it must have grown since the last flush for
 * the next one: a flush of little or nothing still asks the disk to empty its cache, and a small file is
 * never flushed by the thread at all */
#define FLUSH_PAUSE_NS 2000000L
#define FLUSH_STEP (4u << 20)

struct flusher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool stop;
	bool finish;  /* flusher_finish: the thread flushes what the writes left before it ends */
	bool joined;  /* the caller's: the thread is gone */
	int (*flush)(int fd);
	int fd;   /* a file description of the flusher's own: a failed flush is reported to the caller's too */
	int err;  /* the first flush that failed */
};

static void *flush_loop(void *arg)
{
	struct flusher *f = arg;
	off_t flushed = 0;
	for (;;) {
		pthread_mutex_lock(&f->lock);
		bool stopped = f->stop, finish = f->finish;
		pthread_mutex_unlock(&f->lock);
		if (stopped && !finish)
			return NULL;
		/* the last flush (flusher_finish) takes any rest of a file the thread flushed before */
		off_t enough = stopped && flushed ? 1 : (off_t)FLUSH_STEP;
		struct stat st;
		int rc = 0, err = 0;
		if (fstat(f->fd, &st) == 0 && st.st_size - flushed >= enough) {
			rc = f->flush(f->fd);
			err = errno;
			flushed = st.st_size;
		}
		pthread_mutex_lock(&f->lock);
		if (rc != 0 && !f->err)
			f->err = err;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += FLUSH_PAUSE_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!stopped && !f->stop && pthread_cond_timedwait(&f->changed, &f->lock, &until) == 0)
			;
		pthread_mutex_unlock(&f->lock);
		if (stopped)
			return NULL;
	}
}

struct flusher *flusher_start(int fd)
{
	return flusher_start_with(fd, fdatasync);
}

struct flusher *flusher_start_with(int fd, int (*flush)(int fd))
{
	struct statfs sfs;
	if (fstatfs(fd, &sfs) != 0 || sfs.f_type == FUSE_SUPER_MAGIC)
		return NULL;
	struct flusher *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->fd = reopen_for_reading(fd);
	if (f->fd < 0) {
		free(f);
		return NULL;
	}
	f->flush = flush;
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->changed, NULL);
	if (worker_start(&f->thread, flush_loop, f) == 0)
		return f;
	pthread_cond_destroy(&f->changed);
	pthread_mutex_destroy(&f->lock);
	close(f->fd);
	free(f);
	return NULL;
}

static void stop(struct flusher *f, bool finish)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	if (!f->stop)
		f->finish = finish;
	f->stop = true;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
}

void flusher_end(struct flusher *f)
{
	stop(f, false);
}

void flusher_finish(struct flusher *f)
{
	stop(f, true);
}

int flusher_wait(struct flusher *f)
{
	if (!f)
		return 0;
	flusher_end(f);
	if (!f->joined)
		pthread_join(f->thread, NULL);
	f->joined = true;
	return f->err;
}

int flusher_free(struct flusher *f)
{
	if (!f)
		return 0;
	int err = flusher_wait(f);
	pthread_cond_destroy(&f->changed);
	pthread_mutex_destroy(&f->lock);
	close(f->fd);
	free(f);
	return err;
}
