#include "core/sha256_thread.h"

#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/worker.h"

struct sha256_thread {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint8_t *buf[2];
	size_t len[2];
	bool full[2], ending;
	int next;  /* the producer's next buffer */
	struct sha256_ctx ctx;
};

static void *hash_buffers(void *arg)
{
	struct sha256_thread *t = arg;
	for (int k = 0;; k ^= 1) {
		pthread_mutex_lock(&t->lock);
		while (!t->full[k] && !t->ending)
			pthread_cond_wait(&t->changed, &t->lock);
		bool done = !t->full[k];
		pthread_mutex_unlock(&t->lock);
		if (done)
			return NULL;
		sha256_update(&t->ctx, t->len[k], t->buf[k]);
		pthread_mutex_lock(&t->lock);
		t->full[k] = false;
		pthread_cond_broadcast(&t->changed);
		pthread_mutex_unlock(&t->lock);
	}
}

struct sha256_thread *sha256_thread_start(void)
{
	struct sha256_thread *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->buf[0] = malloc(SHA256_THREAD_CHUNK);
	t->buf[1] = malloc(SHA256_THREAD_CHUNK);
	sha256_init(&t->ctx);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->changed, NULL);
	if (t->buf[0] && t->buf[1] && worker_start(&t->thread, hash_buffers, t) == 0)
		return t;
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->changed);
	free(t->buf[0]);
	free(t->buf[1]);
	free(t);
	return NULL;
}

uint8_t *sha256_thread_buffer(struct sha256_thread *t)
{
	pthread_mutex_lock(&t->lock);
	while (t->full[t->next])
		pthread_cond_wait(&t->changed, &t->lock);
	pthread_mutex_unlock(&t->lock);
	return t->buf[t->next];
}

void sha256_thread_add(struct sha256_thread *t, size_t len)
{
	pthread_mutex_lock(&t->lock);
	t->len[t->next] = len;
	t->full[t->next] = true;
	t->next ^= 1;
	pthread_cond_broadcast(&t->changed);
	pthread_mutex_unlock(&t->lock);
}

void sha256_thread_end(struct sha256_thread *t, char hex[SHA256_HEX_LEN])
{
	pthread_mutex_lock(&t->lock);
	t->ending = true;
	pthread_cond_broadcast(&t->changed);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&t->ctx, sizeof digest, digest);
	if (hex)
		sha256_hex(digest, hex);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->changed);
	free(t->buf[0]);
	free(t->buf[1]);
	free(t);
}
