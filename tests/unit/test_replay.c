/* Log replay on synthetic dirty hives: a clean hive A, the same hive with more keys B (both made with
 * hivex), and logs holding B's changed pages, written the way Windows writes them (tests/fixtures/lib). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/regf.h"
#include "hive/replay.h"
#include "hive_log.h"
#include "hive_minimal.h"
#include "testfile.h"

struct pair {
	uint8_t *a, *b, *dirty;
	size_t alen, blen;
	uint32_t n;
};

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *d = test_slurp(path, len);
	assert_non_null(d);
	return d;
}

static void make_pair(struct pair *p)
{
	char path[] = "/tmp/rescuewiz-test-replay.XXXXXX", err[256];
	close(mkstemp(path));
	assert_int_equal(hive_minimal_write(path, "ROOT"), 0);
	assert_int_equal(hive_spec_apply(path, "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n", err,
					 sizeof err), 0);
	p->a = slurp(path, &p->alen);
	/* enough new data that B spans more pages than A: the replay must grow the file */
	assert_int_equal(hive_spec_apply(path, "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:2\n"
					 "[ControlSet001\\Services\\NewDriver]\n\"Start\"=dword:3\n"
					 "\"ImagePath\"=expand_sz:system32\\drivers\\newdriver.sys\n"
					 "\"Blob\"=binary:" "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff\n",
					 err, sizeof err), 0);
	p->b = slurp(path, &p->blen);
	unlink(path);
	p->n = hive_get32(p->a + 4);
	p->dirty = malloc(p->alen);
	memcpy(p->dirty, p->a, p->alen);
	hive_put32(p->dirty + 4, p->n + 1);
	hive_put32(p->dirty + 8, p->n);
	hive_put32(p->dirty + 0x1fc, regf_checksum(p->dirty));
}

static void free_pair(struct pair *p)
{
	free(p->a);
	free(p->b);
	free(p->dirty);
}

static uint8_t *log_with(const struct pair *p, uint32_t base_seq, const uint32_t *seqs, size_t n, size_t *len)
{
	uint8_t *entries[4];
	size_t lens[4];
	for (size_t i = 0; i < n; i++)
		entries[i] = hive_log_entry(p->a, p->alen, p->b, p->blen, seqs[i], &lens[i]);
	uint8_t *log = hive_log_file(p->b, base_seq, (const uint8_t *const *)entries, lens, n, len);
	for (size_t i = 0; i < n; i++)
		free(entries[i]);
	return log;
}

/* The replayed hive holds B's bins and a clean base block; hivex reads the value only B has. */
static void assert_is_b(const struct pair *p, const uint8_t *out, size_t len)
{
	assert_int_equal(len, p->blen);
	assert_memory_equal(out + 4096, p->b + 4096, p->blen - 4096);
	struct regf_base b;
	assert_true(regf_base_parse(out, len, &b));
	assert_true(b.checksum_ok);
	assert_int_equal(b.primary_seq, b.secondary_seq);
	char path[] = "/tmp/rescuewiz-test-replayed.XXXXXX";
	int fd = mkstemp(path);
	assert_int_equal(write(fd, out, len), (ssize_t)len);
	close(fd);
	hive_h *h = hivex_open(path, 0);
	assert_non_null(h);
	hive_node_h node = hivex_node_get_child(h, hivex_root(h), "ControlSet001");
	node = hivex_node_get_child(h, hivex_node_get_child(h, node, "Services"), "NewDriver");
	assert_true(node != 0);
	hivex_close(h);
	unlink(path);
}

static void one_new_format_log(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t len, olen;
	uint32_t seqs[] = {p.n + 1};
	uint8_t *log = log_with(&p, p.n + 1, seqs, 1, &len), *out = NULL;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}, {"SYSTEM.LOG2", (const uint8_t *)"", 0}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_string_equal(r.used, "SYSTEM.LOG1");
	assert_is_b(&p, out, olen);
	free(out);
	free(log);
	free_pair(&p);
}

static void entries_split_over_both_logs_older_in_log2(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t l1, l2, olen;
	uint32_t first[] = {p.n + 1}, second[] = {p.n + 2};
	uint8_t *log2 = log_with(&p, p.n + 1, first, 1, &l2), *log1 = log_with(&p, p.n + 2, second, 1, &l1), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log1, l1}, {"SYSTEM.LOG2", log2, l2}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 2);
	assert_string_equal(r.used, "SYSTEM.LOG2+SYSTEM.LOG1");
	assert_int_equal(r.sequence, p.n + 2);
	assert_is_b(&p, out, olen);
	free(out);
	free(log1);
	free(log2);
	free_pair(&p);
}

static void torn_last_entry_keeps_the_earlier_ones(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t len, olen;
	uint32_t seqs[] = {p.n + 1, p.n + 2};
	uint8_t *log = log_with(&p, p.n + 1, seqs, 2, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len - 512}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 1, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG1"));
	assert_is_b(&p, out, olen);
	free(out);
	free(log);
	free_pair(&p);
}

static void bad_hash_in_the_first_entry_is_refused(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t len, olen;
	uint32_t seqs[] = {p.n + 1};
	uint8_t *log = log_with(&p, p.n + 1, seqs, 1, &len), *out = NULL;
	log[len - 1] ^= 0x5a;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 1, &out, &olen, &r), -1);
	assert_null(out);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG1"));
	free(log);
	free_pair(&p);
}

static void sequence_gap_stops_the_chain(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t l1, l2, olen;
	uint32_t first[] = {p.n + 1}, later[] = {p.n + 3};
	uint8_t *log1 = log_with(&p, p.n + 1, first, 1, &l1), *log2 = log_with(&p, p.n + 3, later, 1, &l2), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log1, l1}, {"SYSTEM.LOG2", log2, l2}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_int_equal(r.sequence, p.n + 1);
	free(out);
	free(log1);
	free(log2);
	free_pair(&p);
}

static void clean_primary_ignores_newer_logs(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	size_t len, olen;
	uint32_t seqs[] = {p.n + 1};
	uint8_t *log = log_with(&p, p.n + 1, seqs, 1, &len), *out = NULL;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.a, p.alen, logs, 1, &out, &olen, &r), 1);
	assert_null(out);
	free(log);
	free_pair(&p);
}

static void dirty_primary_without_logs_is_refused(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	uint8_t *out = NULL;
	size_t olen;
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, NULL, 0, &out, &olen, &r), -1);
	assert_non_null(strstr(r.problem, "no transaction log"));
	free_pair(&p);
}

static void old_format_dirty_sectors_are_copied(void **state)
{
	(void)state;
	struct pair p;
	make_pair(&p);
	/* the primary's first two sectors of bins data differ in the log; bitmap bits 0 and 1 */
	size_t len = 1024 + 1024, olen;
	uint8_t *log = calloc(1, len), *out;
	memcpy(log, p.dirty, 512);
	hive_put32(log + 0x1c, 1);
	hive_put32(log + 0x1fc, regf_checksum(log));
	memcpy(log + 512, "DIRT", 4);
	log[516] = 0x03;
	memset(log + 1024, 0xab, 1024);
	struct replay_log logs[] = {{"SYSTEM.LOG", log, len}};
	struct replay_result r;
	assert_int_equal(replay_logs(p.dirty, p.alen, logs, 1, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 2);
	assert_int_equal(out[4096], 0xab);
	assert_int_equal(out[4096 + 1023], 0xab);
	assert_memory_equal(out + 4096 + 1024, p.a + 4096 + 1024, 512);
	free(out);
	free(log);
	free_pair(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_new_format_log),
		cmocka_unit_test(entries_split_over_both_logs_older_in_log2),
		cmocka_unit_test(torn_last_entry_keeps_the_earlier_ones),
		cmocka_unit_test(bad_hash_in_the_first_entry_is_refused),
		cmocka_unit_test(sequence_gap_stops_the_chain),
		cmocka_unit_test(clean_primary_ignores_newer_logs),
		cmocka_unit_test(dirty_primary_without_logs_is_refused),
		cmocka_unit_test(old_format_dirty_sectors_are_copied),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
