/* hivex's commit of an edited hive, sealed clean (replay_seal), straight into the file that gets it. The file
 * is read back and hashed while hivex writes it (a second thread follows its end), so the sha256 the runbook
 * records is of the bytes in the file and runs beside the write instead of after it; the base block is
 * sealed in place once hivex is done. The hive is never held twice in memory. */
#ifndef RW_HIVE_COMMIT_H
#define RW_HIVE_COMMIT_H

#include <hivex.h>
#include <stdint.h>

#include "core/error.h"
#include "core/files.h"

/* What a commit wrote: the number it was sealed at; len and sha256 are of the file as read back, sealed */
struct sealed_commit {
	uint32_t seq;
	uint64_t len;
	char sha256[SHA256_HEX_LEN];
};

/* Commits h into out, a new empty file open for writing, sealed above highest_seq (the highest sequence
 * number of the base block and its logs). 0, or -1 with e (ROLLED_BACK: not a hive) or errno (the file
 * refused). */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e);

#endif
