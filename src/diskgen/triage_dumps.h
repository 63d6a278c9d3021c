/* The dumps test disk: one dump of each kind triage tells apart, each where Windows leaves it, and what
 * triage must say of them (the expect lines). */
#ifndef RW_DISKGEN_TRIAGE_DUMPS_H
#define RW_DISKGEN_TRIAGE_DUMPS_H

#include <stdint.h>
#include <stdio.h>

#include "diskgen/dump_build.h"

struct triage_dump_file {
	const char *path;       /* on C:, '/' between names */
	struct dump_spec spec;
	uint64_t size;          /* the file is at least this long (a page file holding a dump) */
};

#define TRIAGE_DUMP_FILES 4
void triage_dump_files(struct triage_dump_file out[TRIAGE_DUMP_FILES]);
/* SYSTEM spec lines: a dedicated dump file and NMICrashDump of the wrong types */
extern const char triage_dumps_system[];
void triage_dumps_expect(FILE *out);

#endif
