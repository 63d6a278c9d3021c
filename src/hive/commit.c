#include "hive/commit.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/follower.h"
#include "hive/regf.h"
#include "hive/replay.h"

/* hivex writes the whole hive with one write(2), so the file grows from its start to its end while hivex is
 * in hivex_commit: a follower (core/follower.h) reads and hashes it meanwhile. The base block is sealed on
 * the follower's copy of the first piece, hashed sealed, and written over hivex's once hivex is done. */
struct seal {
	uint32_t highest_seq;
	uint8_t base[REGF_BASE_BLOCK_SIZE]; /* sealed */
	uint32_t seq;       /* 0: hivex wrote no base block */
};

static bool seal_first(void *ctx, uint8_t *piece, size_t len)
{
	struct seal *s = ctx;
	if (len < sizeof s->base || !(s->seq = replay_seal(piece, sizeof s->base, s->highest_seq)))
		return false;
	memcpy(s->base, piece, sizeof s->base);
	return true;
}

/* hivex commits only to a path: out's path in /proc opens the same file */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	char path[64];
	memset(c, 0, sizeof *c);
	snprintf(path, sizeof path, "/proc/self/fd/%d", out);
	struct seal seal = {.highest_seq = highest_seq};
	struct follower *f = follower_start(out, seal_first, &seal);
	if (!f)
		return -1;
	int rc = hivex_commit(h, path, 0);
	int err = errno;
	uint64_t len = 0;
	char hex[SHA256_HEX_LEN];
	int read_err = follower_end(f, rc == 0, hex, &len);
	struct stat st;
	if (rc == 0 && fstat(out, &st) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && (st.st_size < REGF_BASE_BLOCK_SIZE || (uint64_t)st.st_size > HIVE_MAX_BYTES))
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (%lld bytes)", (long long)st.st_size);
	if (rc == 0 && !seal.seq)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (no base block)");
	if (rc == 0 && (read_err || len != (uint64_t)st.st_size)) {
		rc = -1;
		err = read_err ? read_err : EIO;
	}
	if (rc == 0 && pwrite(out, seal.base, sizeof seal.base, 0) != (ssize_t)sizeof seal.base) {
		rc = -1;
		err = errno;
	}
	if (rc == 0) {
		c->seq = seal.seq;
		c->len = len;
		memcpy(c->sha256, hex, SHA256_HEX_LEN);
	}
	errno = err;
	return rc;
}
