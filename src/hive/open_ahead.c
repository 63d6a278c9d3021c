#include "hive/open_ahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/worker.h"

struct open_ahead {
	pthread_t thread;
	bool joined;
	bool copied; /* open_ahead_start_copied: the handle counts only in the expected state */
	char *path;
	hive_h *h;
	int err;
	struct file_identity before, after, expected;
};

/* hivex reads the file through the descriptor the worker holds (its /proc link opens that very file, not
 * whatever the path names by then), whose state is taken before and after */
static void open_copied(struct open_ahead *o)
{
	char why[80], proc[32];
	struct stat st;
	int fd = open_regular(o->path, why, sizeof why);
	if (fd < 0 || fstat(fd, &st) != 0) {
		o->err = errno ? errno : EINVAL;
		if (fd >= 0)
			close(fd);
		return;
	}
	file_identity_of_stat(&st, &o->before);
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	o->h = hivex_open(proc, HIVEX_OPEN_WRITE);
	o->err = o->h ? 0 : errno;
	if (fstat(fd, &st) == 0)
		file_identity_of_stat(&st, &o->after);
	close(fd);
}

static void *run_open(void *arg)
{
	struct open_ahead *o = arg;
	if (o->copied) {
		open_copied(o);
		return NULL;
	}
	o->h = hivex_open(o->path, HIVEX_OPEN_WRITE);
	o->err = o->h ? 0 : errno;
	return NULL;
}

static struct open_ahead *start(const char *path, bool copied)
{
	struct open_ahead *o = calloc(1, sizeof *o);
	if (o) {
		o->copied = copied;
		if ((o->path = strdup(path)) && worker_start(&o->thread, run_open, o) == 0)
			return o;
		free(o->path);
	}
	free(o);
	return NULL;
}

struct open_ahead *open_ahead_start(const char *path)
{
	return start(path, false);
}

struct open_ahead *open_ahead_start_copied(const char *path)
{
	return start(path, true);
}

void open_ahead_expect(struct open_ahead *o, const struct file_identity *id)
{
	if (o)
		o->expected = *id;
}

void open_ahead_wait(struct open_ahead *o)
{
	if (!o || o->joined)
		return;
	pthread_join(o->thread, NULL);
	o->joined = true;
}

hive_h *open_ahead_take(struct open_ahead *o)
{
	open_ahead_wait(o);
	hive_h *h = o->h;
	o->h = NULL;
	if (h && o->copied &&
	    !(file_identity_same(&o->before, &o->expected) && file_identity_same(&o->after, &o->expected))) {
		hivex_close(h);
		h = NULL;
		o->err = ESTALE;
	}
	if (!h)
		errno = o->err ? o->err : EALREADY;
	o->err = EALREADY;
	return h;
}

void open_ahead_drop(struct open_ahead *o)
{
	if (!o)
		return;
	open_ahead_wait(o);
	if (o->h)
		hivex_close(o->h);
	free(o->path);
	free(o);
}
