/* A dirty hive as a crashed VM leaves it: the changes of a spec (hive_minimal.h) live only in a new-format
 * transaction log (LOG1: one HvLE entry holding every changed 4096-byte page); the primary keeps the clean
 * bytes with sequence numbers N+1/N; LOG2 is empty. `expected` gets what a correct replay must give.
 * Formats: the regf specification's "New format" section. */
#ifndef RW_DISKGEN_DIRTY_H
#define RW_DISKGEN_DIRTY_H

#include "core/error.h"

int hive_make_dirty(const char *clean, const char *spec, const char *primary, const char *log1, const char *log2,
		    const char *expected, struct rw_error *e);

#endif
