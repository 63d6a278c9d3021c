#include "hive/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256_thread.h"
#include "core/worker.h"
#include "hive/regf.h"
#include "hive/replay.h"

struct stream {
	int in, out;
	uint32_t highest_seq, *seq;
	uint64_t total;
	int write_err;  /* errno of the first write to out that failed */
	bool too_large;
	struct sha256_thread *hash;  /* NULL: only checked */
	uint8_t *own;                /* the piece's buffer when there is no hash thread to lend one */
	uint64_t *check;
};

/* A check that a second commit streams the bytes of the first at memory speed (the sha256 of the first names
 * them for the runbook; this only has to see a difference): four lanes, each word xored in and multiplied by
 * an odd constant, which maps different lanes to different lanes, so a change anywhere stays seen. Pieces
 * are whole multiples of 32 bytes but the last. */
static void check_piece(uint64_t lane[4], const uint8_t *p, size_t n)
{
	const uint64_t odd = 0x9e3779b97f4a7c15u;
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int k = 0; k < 4; k++) {
			uint64_t w;
			memcpy(&w, p + i + 8 * k, sizeof w);
			lane[k] = (lane[k] ^ w) * odd;
		}
	for (; i < n; i++)
		lane[0] = (lane[0] ^ p[i]) * odd;
}

/* Fills buf from the pipe up to len: a short piece only at the end of the stream */
static ssize_t read_piece(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
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

static void seal(struct stream *s, uint8_t *first)
{
	if (*s->seq)
		replay_seal_at(first, *s->seq);
	else
		*s->seq = replay_seal(first, REGF_BASE_BLOCK_SIZE, s->highest_seq);
}

/* The pipe's reader: each piece is checked, hashed by the hash thread while it is written. It drains the
 * pipe to its end whatever fails, so hivex's write never blocks on a reader that stopped. */
static void *drain(void *arg)
{
	struct stream *s = arg;
	for (;;) {
		uint8_t *buf = s->hash ? sha256_thread_buffer(s->hash) : s->own;
		ssize_t n = read_piece(s->in, buf, SHA256_THREAD_CHUNK);
		if (n <= 0)
			break;
		if (s->total == 0 && n >= REGF_BASE_BLOCK_SIZE)
			seal(s, buf);
		s->total += (uint64_t)n;
		s->too_large |= s->total > HIVE_MAX_BYTES;
		if (s->write_err || s->too_large)
			continue;
		check_piece(s->check, buf, (size_t)n);
		if (s->hash)
			sha256_thread_add(s->hash, (size_t)n);
		if (s->out >= 0 && write_all(s->out, buf, (size_t)n) != 0)
			s->write_err = errno;
	}
	return NULL;
}

int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "no pipe for the edited hive: %s", strerror(errno));
	/* a larger pipe lets hivex hand over more per system call; the default size works too */
	fcntl(p[1], F_SETPIPE_SZ, SHA256_THREAD_CHUNK);
	struct stream s = {.in = p[0], .out = out, .highest_seq = highest_seq, .seq = &c->seq, .check = c->check};
	memset(c->check, 0, sizeof c->check);
	if (out < 0)
		s.hash = sha256_thread_start();
	else
		s.own = malloc(SHA256_THREAD_CHUNK);
	pthread_t reader;
	int err = s.hash || s.own ? worker_start(&reader, drain, &s) : ENOMEM;
	if (err) {
		if (s.hash)
			sha256_thread_end(s.hash, NULL);
		free(s.own);
		close(p[0]);
		close(p[1]);
		return rw_fail(e, RW_EXIT_REFUSED, "no thread to write the edited hive: %s", strerror(err));
	}
	/* hivex commits only to a path: the pipe's own, which opens the same pipe */
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
	int rc = hivex_commit(h, path, 0);
	int commit_err = errno;
	close(p[1]);
	pthread_join(reader, NULL);
	close(p[0]);
	if (s.hash)
		sha256_thread_end(s.hash, c->sha256);
	free(s.own);
	if (rc != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "hivex can not write the edited hive: %s", strerror(commit_err));
	if (s.total < REGF_BASE_BLOCK_SIZE || s.too_large || !c->seq)
		return rw_fail(e, RW_EXIT_REFUSED, "hivex wrote no hive (%llu bytes)", (unsigned long long)s.total);
	if (s.write_err) {
		errno = s.write_err;
		return -1;
	}
	c->len = s.total;
	return 0;
}
