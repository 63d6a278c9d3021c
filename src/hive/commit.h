/* hivex's commit of an edited hive streamed through a pipe instead of landing in a file first: the base
 * block sealed clean on the way (replay_seal), the bytes hashed, and written to a descriptor or only hashed.
 * So a 100 MB hive is never held twice in memory, and what is written is hashed as it is written. */
#ifndef RW_HIVE_COMMIT_H
#define RW_HIVE_COMMIT_H

#include <hivex.h>
#include <stdint.h>

#include "core/error.h"
#include "core/files.h"

/* Commits h sealed, into out (out < 0: hashed only). *seq 0: sealed above highest_seq and *seq set to the
 * number chosen; else sealed at *seq. hivex's commit changes nothing in h but its sequence numbers and
 * checksum, which the seal sets again, so committing the same handle again at the same *seq streams the same
 * bytes. 0 with the sha256 in hex, or -1 with e (REFUSED) or errno (out refused a write). */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, uint32_t *seq, int out, char hex[SHA256_HEX_LEN],
		       struct rw_error *e);

#endif
