/* Is a dump complete? The checks of the design note (section 2.5), in order, first hit wins, and for a
 * 64-bit minidump the drivers its list names at the bug check parameters. The file is untrusted: every
 * offset is bounded by its size before it is read, and only what a check needs is read (the header, the
 * summary or triage header, the 4 bytes at ValidOffset, the driver list): never the whole multi-GB file. */
#ifndef RW_DUMP_CHECK_H
#define RW_DUMP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump/dump.h"

/* Bytes of a file at an offset: how many were read (fewer at its end), -1 on an I/O error. */
struct dump_reader {
	void *ctx;
	uint64_t size;
	long (*read_at)(void *ctx, uint64_t offset, void *buf, size_t len);
};

/* A reader over an open file descriptor (pread); size from fstat. */
void dump_reader_fd(struct dump_reader *r, int *fd, uint64_t size);

enum dump_verdict {
	DUMP_NO_DUMP,              /* < 8 bytes or 8 zero bytes */
	DUMP_USER_MODE,            /* MDMP */
	DUMP_NOT_A_DUMP,           /* no PAGE */
	DUMP_NEVER_COMPLETED,      /* PAGE but ValidDump not DU64/DUMP */
	DUMP_TRUNCATED_HEADER,     /* shorter than the header */
	DUMP_BAD_HEADER,           /* a whole header whose fields no Windows writes (0 processors) */
	DUMP_TRUNCATED,            /* full or bitmap: shorter than its pages */
	DUMP_INCOMPLETE,           /* bitmap: the summary header was not written */
	DUMP_MINIDUMP_INCOMPLETE,  /* triage: SizeOfDump past the end, or no TRGD at ValidOffset */
	DUMP_CUT_SHORT,            /* Attributes: InsufficientDumpfileSize */
	DUMP_ENCRYPTED,            /* Attributes: EncryptedDumpData */
	DUMP_COMPLETE,
	DUMP_UNREADABLE,           /* an I/O error */
	DUMP_VERDICT_COUNT
};

/* The driver of a minidump's list whose image holds an address. */
struct dump_module {
	bool found;
	char path[272];            /* UTF-8 as stored ("\SystemRoot\System32\drivers\amdppm.sys"): quote it */
	uint64_t base;
	uint32_t size;
	uint32_t timestamp;        /* TimeDateStamp; on Windows 10+ often a hash, not a date */
};

struct dump_check {
	int verdict;               /* enum dump_verdict */
	char reason[200];          /* what was found, in words */
	uint64_t expected_size;    /* the bytes the dump should have, 0 when unknown */
	uint32_t driver_count;     /* triage: entries in the driver list */
	bool drivers_read;         /* the list was there and in bounds */
	char drivers_problem[160]; /* why not, when not */
	struct dump_module module_of[4]; /* the driver holding P1..P4 */
};

/* Reads the header (into h) and judges the file; 0, or -1 when the first read fails (verdict
 * DUMP_UNREADABLE). */
int dump_examine(const struct dump_reader *r, struct dump_header *h, struct dump_check *c);
const char *dump_verdict_code(int verdict);  /* "complete", "truncated", ... (stable, for scripts) */

#endif
