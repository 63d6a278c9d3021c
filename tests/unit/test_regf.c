/* Hive health from the base block and the logs beside it: clean, dirty, damaged; new-format logs counted
 * entry by entry until the first bad one; old-format DIRT logs; empty logs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/regf.h"
#include "diskgen/hive_log.h"
#include "diskgen/hive_minimal.h"
#include "testfile.h"

static char dir[] = "/tmp/rescuewiz-test-regf.XXXXXX";
static char primary[300], log1[300], log2[300];

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *d = test_slurp(path, len);
	assert_non_null(d);
	return d;
}

static void spit(const char *path, const uint8_t *d, size_t len)
{
	assert_int_equal(test_spit(path, d, len), 0);
}

static void health(struct regf_health *h, bool with_logs)
{
	const char *paths[3] = {NULL, with_logs ? log1 : NULL, with_logs ? log2 : NULL};
	const char *names[3] = {"LOG", "LOG1", "LOG2"};
	regf_health_read(primary, paths, names, h);
}

/* A clean hive A, and a log whose entries turn it into A + spec. Returns A's bytes. */
static uint8_t *dirty_pair(const char *spec, unsigned nentries, size_t *alen)
{
	char err[256];
	assert_int_equal(hive_minimal_write(primary, "ROOT"), 0);
	assert_int_equal(hive_spec_apply(primary, "[A]\n\"x\"=dword:1\n", err, sizeof err), 0);
	uint8_t *a = slurp(primary, alen);
	assert_int_equal(hive_spec_apply(primary, spec, err, sizeof err), 0);
	size_t blen;
	uint8_t *b = slurp(primary, &blen);
	uint32_t n = hive_get32(a + 4);
	uint8_t *entries[4];
	size_t lens[4];
	for (unsigned i = 0; i < nentries; i++)
		entries[i] = hive_log_entry(a, *alen, b, blen, n + 1 + i, &lens[i]);
	size_t loglen;
	uint8_t *log = hive_log_file(b, n + 1, (const uint8_t *const *)entries, lens, nentries, &loglen);
	spit(log1, log, loglen);
	spit(log2, (const uint8_t *)"", 0);
	hive_put32(a + 4, n + 1);
	hive_put32(a + 8, n);
	hive_put32(a + 0x1fc, regf_checksum(a));
	spit(primary, a, *alen);
	for (unsigned i = 0; i < nentries; i++)
		free(entries[i]);
	free(log);
	free(b);
	return a;
}

static void new_hive_is_clean(void **state)
{
	(void)state;
	assert_int_equal(hive_minimal_write(primary, "ROOT"), 0);
	struct regf_health h;
	health(&h, false);
	assert_int_equal(h.state, REGF_CLEAN);
	assert_int_equal(h.base.primary_seq, 1);
	assert_int_equal(h.nlogs, 0);
}

static void differing_sequence_numbers_are_dirty(void **state)
{
	(void)state;
	size_t len;
	free(dirty_pair("[B]\n\"y\"=sz:new\n", 1, &len));
	struct regf_health h;
	health(&h, true);
	assert_int_equal(h.state, REGF_DIRTY);
	assert_true(h.logs_hold_newer_data);
	assert_int_equal(h.logs[0].format, REGF_LOG_NEW);
	assert_int_equal(h.logs[0].entries, 1);
	assert_int_equal(h.logs[0].first_seq, h.base.primary_seq);
	assert_int_equal(h.logs[1].format, REGF_LOG_EMPTY);
}

static void entries_are_counted_until_the_first_bad_hash(void **state)
{
	(void)state;
	size_t len, loglen;
	free(dirty_pair("[B]\n\"y\"=sz:new\n", 3, &len));
	uint8_t *log = slurp(log1, &loglen);
	size_t first = hive_get32(log + 512 + 4), second_at = 512 + first;
	log[second_at + hive_get32(log + second_at + 4) - 1] ^= 0xff; /* last byte of entry 2 */
	spit(log1, log, loglen);
	free(log);
	struct regf_health h;
	health(&h, true);
	assert_int_equal(h.logs[0].entries, 1);
	assert_non_null(strstr(h.logs[0].problem, "hash mismatch"));
}

static void sequence_gap_stops_the_count(void **state)
{
	(void)state;
	size_t len, loglen;
	free(dirty_pair("[B]\n\"y\"=sz:new\n", 2, &len));
	uint8_t *log = slurp(log1, &loglen);
	size_t second_at = 512 + hive_get32(log + 512 + 4);
	hive_put32(log + second_at + 12, hive_get32(log + second_at + 12) + 5);
	spit(log1, log, loglen);
	free(log);
	struct regf_health h;
	health(&h, true);
	assert_int_equal(h.logs[0].entries, 1);
	assert_non_null(strstr(h.logs[0].problem, "sequence number"));
}

static void damaged_base_block_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(hive_minimal_write(primary, "ROOT"), 0);
	size_t len;
	uint8_t *d = slurp(primary, &len);
	d[0x30] ^= 1;
	spit(primary, d, len);
	struct regf_health h;
	health(&h, false);
	assert_int_equal(h.state, REGF_INVALID);
	assert_string_equal(h.problem, "the base block checksum is wrong");
	spit(primary, d, 3000);
	health(&h, false);
	assert_int_equal(h.state, REGF_INVALID);
	assert_non_null(strstr(h.problem, "truncated: 3000 bytes"));
	free(d);
}

static void old_format_log_counts_dirty_sectors(void **state)
{
	(void)state;
	assert_int_equal(hive_minimal_write(primary, "ROOT"), 0);
	size_t len;
	uint8_t *d = slurp(primary, &len);
	uint8_t log[1024 + 512 * 3] = {0};
	memcpy(log, d, 512);
	hive_put32(log + 0x1c, 1);
	hive_put32(log + 0x1fc, regf_checksum(log));
	memcpy(log + 512, "DIRT", 4);
	log[516] = 0x0b; /* sectors 0, 1 and 3 */
	spit(log1, log, sizeof log);
	free(d);
	struct regf_health h;
	health(&h, true);
	assert_int_equal(h.logs[0].format, REGF_LOG_OLD);
	assert_int_equal(h.logs[0].entries, 3);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(primary, sizeof primary, "%s/SYSTEM", dir);
	snprintf(log1, sizeof log1, "%s/SYSTEM.LOG1", dir);
	snprintf(log2, sizeof log2, "%s/SYSTEM.LOG2", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(primary);
	unlink(log1);
	unlink(log2);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_hive_is_clean),
		cmocka_unit_test(differing_sequence_numbers_are_dirty),
		cmocka_unit_test(entries_are_counted_until_the_first_bad_hash),
		cmocka_unit_test(sequence_gap_stops_the_count),
		cmocka_unit_test(damaged_base_block_is_invalid),
		cmocka_unit_test(old_format_log_counts_dirty_sectors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
