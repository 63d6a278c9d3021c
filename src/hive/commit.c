#include "hive/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/worker.h"
#include "hive/regf.h"
#include "hive/replay.h"

/* hivex writes the whole hive in one write(); the pipe is read in pieces of this size */
#define STREAM_PIECE (1u << 20)

struct stream {
	int in, out;
	uint32_t highest_seq, *seq;
	uint64_t total;
	int write_err;  /* errno of the first write to out that failed */
	bool too_large;
	bool hashed;  /* else only checked */
	struct sha256_ctx hash;
	uint8_t *buf;
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

/* The pipe's reader, beside hivex's writer: each piece is checked, and hashed or written. It drains the pipe
 * to its end whatever fails, so hivex's write never blocks on a reader that stopped. */
static void *drain(void *arg)
{
	struct stream *s = arg;
	uint8_t *buf = s->buf;
	for (;;) {
		ssize_t n = read_piece(s->in, buf, STREAM_PIECE);
		if (n <= 0)
			break;
		if (s->total == 0 && n >= REGF_BASE_BLOCK_SIZE)
			seal(s, buf);
		s->total += (uint64_t)n;
		s->too_large |= s->total > HIVE_MAX_BYTES;
		if (s->write_err || s->too_large)
			continue;
		check_piece(s->check, buf, (size_t)n);
		if (s->hashed)
			sha256_update(&s->hash, (size_t)n, buf);
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
	fcntl(p[1], F_SETPIPE_SZ, STREAM_PIECE);
	struct stream s = {.in = p[0], .out = out, .highest_seq = highest_seq, .seq = &c->seq, .check = c->check};
	memset(c->check, 0, sizeof c->check);
	s.hashed = out < 0;
	sha256_init(&s.hash);
	s.buf = malloc(STREAM_PIECE);
	pthread_t reader;
	int err = s.buf ? worker_start(&reader, drain, &s) : ENOMEM;
	if (err) {
		free(s.buf);
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
	free(s.buf);
	if (s.hashed) {
		uint8_t digest[SHA256_DIGEST_SIZE];
		sha256_digest(&s.hash, sizeof digest, digest);
		sha256_hex(digest, c->sha256);
	}
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
