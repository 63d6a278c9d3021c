/* What the libFuzzer harnesses (tests/fuzz/fuzz_NAME.c, one per parser of disk bytes or operator files)
 * share: inputs that hold several files, files for parsers that take a path, and checksums made right again
 * so that mutations reach past them. tests/fuzz/run.sh runs every harness; `make fuzz` for longer. */
#ifndef RW_TESTS_FUZZ_H
#define RW_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Several files in one input are joined by this (tests/fixtures/mkseeds.c writes seeds so). */
#define FUZZ_SEPARATOR "RWFUZZ::"
#define FUZZ_PATH_MAX 256

struct fuzz_part {
	const uint8_t *data;
	size_t len;
};

/* Splits data at each separator into at most max parts (the last one keeps the rest); returns how many. */
size_t fuzz_split(const uint8_t *data, size_t len, struct fuzz_part *parts, size_t max);

/* Writes data to the file `name` (no slash) in a folder of this process, made on first use and removed with
 * its files at exit; its path goes to path. Aborts when the file can not be written. */
void fuzz_file(const char *name, const uint8_t *data, size_t len, char path[FUZZ_PATH_MAX]);

/* A copy of a part that a harness may change (and free()); one spare NUL byte after it. */
uint8_t *fuzz_copy(const struct fuzz_part *p);

/* When the first byte of an input has this bit set, the harnesses of hive files fix the checksum of each
 * base block and the hashes of each log entry before parsing, so the fuzzer explores what lies past them;
 * without it the checksum checks themselves are explored. */
#define FUZZ_RESEAL 0x01

#endif
