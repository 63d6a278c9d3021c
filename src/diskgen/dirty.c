#include "diskgen/dirty.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "diskgen/hive_log.h"
#include "diskgen/hive_minimal.h"
#include "hive/regf.h"

static int write_whole(const char *path, const uint8_t *data, size_t len, struct rw_error *e)
{
	FILE *f = fopen(path, "wb");
	int rc = f && fwrite(data, 1, len, f) == len ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	return rc == 0 ? 0 : rw_fail(e, RW_EXIT_USAGE, "%s: can not write it: %s", path, strerror(errno));
}

int hive_make_dirty(const char *clean, const char *spec, const char *primary, const char *log1, const char *log2,
		    const char *expected, struct rw_error *e)
{
	uint8_t *a = NULL, *b = NULL, *entry = NULL, *log = NULL;
	size_t alen, blen, elen, loglen;
	char err[512];
	int rc = -1;
	if (read_file(clean, HIVE_MAX_BYTES, &a, &alen, e) != 0 || write_whole(expected, a, alen, e) != 0)
		goto out;
	if (hive_spec_apply(expected, spec, err, sizeof err) != 0) {
		rw_fail(e, RW_EXIT_USAGE, "the changes kept in the logs: %s", err);
		goto out;
	}
	if (read_file(expected, HIVE_MAX_BYTES, &b, &blen, e) != 0)
		goto out;
	uint32_t n = hive_get32(a + 4);
	entry = hive_log_entry(a, alen, b, blen, n + 1, &elen);
	const uint8_t *entries[] = {entry};
	log = entry ? hive_log_file(b, n + 1, entries, &elen, 1, &loglen) : NULL;
	if (!log) {
		rw_fail(e, RW_EXIT_USAGE, "out of memory");
		goto out;
	}
	hive_put32(log + 0x28, (uint32_t)(alen - 4096));
	hive_put32(log + 0x1fc, regf_checksum(log));
	hive_put32(a + 4, n + 1); /* the primary: bumped before a write that never happened */
	hive_put32(a + 8, n);
	hive_put32(a + 0x1fc, regf_checksum(a));
	if (write_whole(primary, a, alen, e) == 0 && write_whole(log1, log, loglen, e) == 0 &&
	    write_whole(log2, (const uint8_t *)"", 0, e) == 0)
		rc = 0;
out:
	free(a);
	free(b);
	free(entry);
	free(log);
	return rc;
}
