#include "hive/open_ahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/worker.h"

struct open_ahead {
	pthread_t thread;
	bool joined;
	char *path;
	hive_h *h;
	int err;
};

static void *run_open(void *arg)
{
	struct open_ahead *o = arg;
	o->h = hivex_open(o->path, HIVEX_OPEN_WRITE);
	o->err = o->h ? 0 : errno;
	return NULL;
}

struct open_ahead *open_ahead_start(const char *path)
{
	struct open_ahead *o = calloc(1, sizeof *o);
	if (o && (o->path = strdup(path)) && worker_start(&o->thread, run_open, o) == 0)
		return o;
	if (o)
		free(o->path);
	free(o);
	return NULL;
}

static void wait_open(struct open_ahead *o)
{
	if (!o->joined)
		pthread_join(o->thread, NULL);
	o->joined = true;
}

hive_h *open_ahead_take(struct open_ahead *o)
{
	wait_open(o);
	hive_h *h = o->h;
	o->h = NULL;
	if (!h)
		errno = o->err ? o->err : EALREADY;
	return h;
}

void open_ahead_drop(struct open_ahead *o)
{
	if (!o)
		return;
	wait_open(o);
	if (o->h)
		hivex_close(o->h);
	free(o->path);
	free(o);
}
