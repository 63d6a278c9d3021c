/* hivex's commit of an edited hive, sealed clean (replay_seal) without landing in a file first: streamed
 * through a pipe to be hashed, or straight into the file that gets it and checked there. So a 100 MB hive is
 * never held twice in memory. */
#ifndef RW_HIVE_COMMIT_H
#define RW_HIVE_COMMIT_H

#include <hivex.h>
#include <stdint.h>

#include "core/error.h"
#include "core/files.h"

/* What a commit streamed: seq is read first (0: seal above highest_seq; else seal at it) and then holds the
 * number sealed at; check is a fast digest of the bytes, sha256 their sha256 when they were only hashed */
struct sealed_commit {
	uint32_t seq;
	uint64_t len;
	uint64_t check[4];
	char sha256[SHA256_HEX_LEN];
};

/* Commits h sealed. out < 0: the bytes are hashed (sha256) and checked; else out, a new empty file, gets
 * them and they are only checked, which costs a fraction of a hash. hivex's commit changes nothing in h but
 * its sequence numbers and checksum, which the seal sets again, so committing the same handle again at the
 * same seq gives the same bytes: the same check. 0, or -1 with e (REFUSED) or errno (out refused a write). */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e);

#endif
