#include "hive/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "core/worker.h"
#include "hive/regf.h"
#include "hive/replay.h"

/* hivex writes the whole hive in one write(); it is read in pieces of this size */
#define PIECE (1u << 20)

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

static void seal(uint8_t *base, uint32_t highest_seq, uint32_t *seq)
{
	if (*seq)
		replay_seal_at(base, *seq);
	else
		*seq = replay_seal(base, REGF_BASE_BLOCK_SIZE, highest_seq);
}

struct stream {
	int in;
	uint32_t highest_seq;
	struct sealed_commit *c;
	bool too_large;
	struct sha256_ctx hash;
	uint8_t *buf;
};

/* The pipe's reader, beside hivex's writer: each piece is sealed (the first), checked and hashed. It drains
 * the pipe to its end whatever is wrong, so hivex's write never blocks on a reader that stopped. */
static void *drain(void *arg)
{
	struct stream *s = arg;
	for (;;) {
		ssize_t n = read_upto(s->in, s->buf, PIECE, -1);
		if (n <= 0)
			break;
		if (s->c->len == 0 && n >= REGF_BASE_BLOCK_SIZE)
			seal(s->buf, s->highest_seq, &s->c->seq);
		s->c->len += (uint64_t)n;
		s->too_large |= s->c->len > HIVE_MAX_BYTES;
		if (s->too_large)
			continue;
		check_piece(s->c->check, s->buf, (size_t)n);
		sha256_update(&s->hash, (size_t)n, s->buf);
	}
	return NULL;
}

/* Only hashed: hivex commits into a pipe (it commits only to a path: the pipe's own opens the same pipe),
 * read by a second thread */
static int commit_hashed(hive_h *h, uint32_t highest_seq, struct sealed_commit *c, struct rw_error *e)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "no pipe for the edited hive: %s", strerror(errno));
	/* a larger pipe lets hivex hand over more per system call; the default size works too */
	fcntl(p[1], F_SETPIPE_SZ, PIECE);
	struct stream s = {.in = p[0], .highest_seq = highest_seq, .c = c, .buf = malloc(PIECE)};
	sha256_init(&s.hash);
	pthread_t reader;
	int err = s.buf ? worker_start(&reader, drain, &s) : ENOMEM;
	if (err) {
		free(s.buf);
		close(p[0]);
		close(p[1]);
		return rw_fail(e, RW_EXIT_REFUSED, "no thread to hash the edited hive: %s", strerror(err));
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
	int rc = hivex_commit(h, path, 0);
	int commit_err = errno;
	close(p[1]);
	pthread_join(reader, NULL);
	close(p[0]);
	free(s.buf);
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&s.hash, sizeof digest, digest);
	sha256_hex(digest, c->sha256);
	if (rc != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "hivex can not write the edited hive: %s", strerror(commit_err));
	if (c->len < REGF_BASE_BLOCK_SIZE || s.too_large || !c->seq)
		return rw_fail(e, RW_EXIT_REFUSED, "hivex wrote no hive (%llu bytes)", (unsigned long long)c->len);
	return 0;
}

/* Written: hivex commits straight into out's file (its path in /proc opens the same file), the base block is
 * sealed in place, and the file is read back from the page cache for the check: one copy of the hive less
 * than through a pipe, and no second thread */
static int commit_into(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", out);
	if (hivex_commit(h, path, 0) != 0)
		return -1;
	/* out may be open for writing only */
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat st;
	uint8_t *buf = fd >= 0 ? malloc(PIECE) : NULL;
	if (!buf || fstat(fd, &st) != 0) {
		int err = fd < 0 || buf ? errno : ENOMEM;
		free(buf);
		if (fd >= 0)
			close(fd);
		errno = err;
		return -1;
	}
	if (st.st_size < REGF_BASE_BLOCK_SIZE || (uint64_t)st.st_size > HIVE_MAX_BYTES) {
		free(buf);
		close(fd);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (%lld bytes)", (long long)st.st_size);
	}
	int rc = pread(fd, buf, REGF_BASE_BLOCK_SIZE, 0) == REGF_BASE_BLOCK_SIZE ? 0 : -1;
	if (rc == 0) {
		seal(buf, highest_seq, &c->seq);
		rc = pwrite(fd, buf, REGF_BASE_BLOCK_SIZE, 0) == REGF_BASE_BLOCK_SIZE ? 0 : -1;
	}
	for (off_t at = 0; rc == 0 && at < st.st_size;) {
		ssize_t n = pread(fd, buf, PIECE, at);
		if (n <= 0) {
			rc = -1;
			errno = n == 0 ? EIO : errno;
			break;
		}
		check_piece(c->check, buf, (size_t)n);
		at += n;
	}
	int err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	free(buf);
	c->len = (uint64_t)st.st_size;
	errno = err;
	return rc;
}

int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	memset(c->check, 0, sizeof c->check);
	c->len = 0;
	return out < 0 ? commit_hashed(h, highest_seq, c, e) : commit_into(h, highest_seq, out, c, e);
}
