/* Log replay on synthetic dirty hives: a clean hive A, A with a new key M, M with more values B (all made with
 * hivex), and logs holding the pages that differ, written the way Windows writes them (tests/fixtures/lib).
 * The dirty primary is A's bytes with sequence numbers N+1/N, as a crash between log and primary leaves it. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hive/regf.h"
#include "hive/replay.h"
#include "diskgen/hive_log.h"
#include "diskgen/hive_minimal.h"
#include "testfile.h"

struct hives {
	uint8_t *a, *m, *b, *dirty;
	size_t alen, mlen, blen;
	uint32_t n;
};

static struct hives H;

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *d = test_slurp(path, len);
	assert_non_null(d);
	return d;
}

static void apply(const char *path, const char *spec)
{
	char err[256];
	assert_int_equal(hive_spec_apply(path, spec, err, sizeof err), 0);
}

/* B holds a 6000-byte value: a cell larger than a bin, so B has more hive bins data than A and replay grows it */
static char *big_value_spec(void)
{
	static const char head[] = "[ControlSet001\\Services\\NewDriver]\n\"Blob\"=binary:";
	char *spec = malloc(sizeof head + 2 * 6000 + 2);
	assert_non_null(spec);
	strcpy(spec, head);
	for (int i = 0; i < 6000; i++)
		sprintf(spec + strlen(head) + 2 * i, "%02x", i & 0xff);
	strcat(spec, "\n");
	return spec;
}

static int hives_make(void **state)
{
	(void)state;
	char path[] = "/tmp/rescuewiz-test-replay.XXXXXX";
	close(mkstemp(path));
	assert_int_equal(hive_minimal_write(path, "ROOT"), 0);
	apply(path, "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n");
	H.a = slurp(path, &H.alen);
	apply(path, "[ControlSet001\\Services\\NewDriver]\n\"Start\"=dword:3\n");
	H.m = slurp(path, &H.mlen);
	char *spec = big_value_spec();
	apply(path, spec);
	free(spec);
	H.b = slurp(path, &H.blen);
	unlink(path);
	assert_true(H.blen > H.alen);
	/* room below N for older entries */
	H.n = hive_get32(H.a + 4) + 100;
	H.dirty = malloc(H.alen);
	memcpy(H.dirty, H.a, H.alen);
	hive_put32(H.dirty + 4, H.n + 1);
	hive_put32(H.dirty + 8, H.n);
	hive_put32(H.dirty + 0x1fc, regf_checksum(H.dirty));
	return 0;
}

static int hives_free(void **state)
{
	(void)state;
	free(H.a);
	free(H.m);
	free(H.b);
	free(H.dirty);
	return 0;
}

/* one log entry: the pages of `to` that differ from `from` */
struct step {
	const uint8_t *from, *to;
	size_t flen, tlen;
	uint32_t seq;
};

#define A_TO_M(seq) ((struct step){H.a, H.m, H.alen, H.mlen, (seq)})
#define M_TO_B(seq) ((struct step){H.m, H.b, H.mlen, H.blen, (seq)})
#define A_TO_B(seq) ((struct step){H.a, H.b, H.alen, H.blen, (seq)})

static uint8_t *log_of(uint32_t base_seq, const struct step *steps, size_t n, size_t *len)
{
	uint8_t *entries[4];
	size_t lens[4];
	for (size_t i = 0; i < n; i++) {
		entries[i] = hive_log_entry(steps[i].from, steps[i].flen, steps[i].to, steps[i].tlen, steps[i].seq,
					    &lens[i]);
		assert_non_null(entries[i]);
	}
	uint8_t *log = hive_log_file(H.b, base_seq, (const uint8_t *const *)entries, lens, n, len);
	assert_non_null(log);
	for (size_t i = 0; i < n; i++)
		free(entries[i]);
	return log;
}

/* The hive bins data equals the expected hive's, the base block is clean and says so. */
static void assert_replayed_to(const uint8_t *want, size_t wlen, const uint8_t *out, size_t len, uint32_t seq)
{
	assert_int_equal(len, wlen);
	assert_memory_equal(out + 4096, want + 4096, wlen - 4096);
	struct regf_base b;
	assert_true(regf_base_parse(out, len, &b));
	assert_true(b.checksum_ok);
	assert_int_equal(b.primary_seq, seq);
	assert_int_equal(b.secondary_seq, seq);
	assert_int_equal(b.file_type, 0);
	assert_int_equal(b.hive_bins_size, hive_get32(want + 0x28));
}

/* Every replay runs both ways, in memory and in a file (the snapshot's): the same answer, the same bytes */
static int replay(const uint8_t *primary, size_t plen, const struct replay_log *logs, size_t n, uint8_t **out,
		  size_t *olen, struct replay_result *r)
{
	*out = NULL;
	int rc = replay_logs(primary, plen, logs, n, out, olen, r);
	int fd = memfd_create("test-replay", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, primary, plen), (ssize_t)plen);
	size_t flen = plen;
	struct replay_result fr;
	assert_int_equal(replay_logs_in_file(fd, &flen, logs, n, &fr), rc);
	assert_string_equal(fr.problem, r->problem);
	assert_int_equal(fr.entries, r->entries);
	assert_int_equal(fr.sequence, r->sequence);
	if (rc >= 0) {
		assert_int_equal(flen, *olen);
		uint8_t *back = malloc(flen);
		assert_non_null(back);
		assert_int_equal(pread(fd, back, flen, 0), (ssize_t)flen);
		assert_memory_equal(back, *out, flen);
		free(back);
	}
	close(fd);
	return rc;
}

static void one_new_format_log_gives_the_newer_hive(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}, {"SYSTEM.LOG2", NULL, 0}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_int_equal(r.format, REGF_LOG_NEW);
	assert_int_equal(r.hive_bins_size, H.blen - 4096);
	assert_string_equal(r.used, "SYSTEM.LOG1");
	assert_string_equal(r.problem, "");
	assert_replayed_to(H.b, H.blen, out, olen, H.n + 1);
	free(out);
	free(log);
}

static void replayed_hive_is_read_by_hivex(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), 0);
	char path[] = "/tmp/rescuewiz-test-replayed.XXXXXX";
	int fd = mkstemp(path);
	assert_int_equal(write(fd, out, olen), (ssize_t)olen);
	close(fd);
	hive_h *h = hivex_open(path, 0);
	assert_non_null(h);
	hive_node_h node = hivex_node_get_child(h, hivex_root(h), "ControlSet001");
	node = hivex_node_get_child(h, hivex_node_get_child(h, node, "Services"), "NewDriver");
	assert_true(node != 0);
	hive_value_h v = hivex_node_get_value(h, node, "Start");
	assert_true(v != 0);
	assert_int_equal(hivex_value_dword(h, v), 3);
	hivex_close(h);
	unlink(path);
	free(out);
	free(log);
}

static void entries_split_over_both_logs_apply_the_earlier_log_first(void **state)
{
	(void)state;
	size_t l1, l2, olen;
	struct step first[] = {A_TO_M(H.n + 1)}, second[] = {M_TO_B(H.n + 2)};
	uint8_t *log2 = log_of(H.n + 1, first, 1, &l2), *log1 = log_of(H.n + 2, second, 1, &l1), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log1, l1}, {"SYSTEM.LOG2", log2, l2}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 2);
	assert_string_equal(r.used, "SYSTEM.LOG2+SYSTEM.LOG1");
	assert_int_equal(r.sequence, H.n + 2);
	assert_replayed_to(H.b, H.blen, out, olen, H.n + 2);
	free(out);
	free(log1);
	free(log2);
}

static void torn_last_entry_keeps_the_earlier_ones(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_M(H.n + 1), M_TO_B(H.n + 2)};
	uint8_t *log = log_of(H.n + 1, s, 2, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len - 512}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG1: entry 2 at offset"));
	assert_non_null(strstr(r.problem, "torn"));
	assert_replayed_to(H.m, H.mlen, out, olen, H.n + 1);
	free(out);
	free(log);
}

static void bad_hash_in_the_first_entry_is_refused(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	log[len - 1] ^= 0x5a;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), -1);
	assert_null(out);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG1: entry 1 at offset 512: hash-1"));
	free(log);
}

static void sequence_gap_between_logs_stops_the_chain(void **state)
{
	(void)state;
	size_t l1, l2, olen;
	struct step first[] = {A_TO_M(H.n + 1)}, later[] = {M_TO_B(H.n + 3)};
	uint8_t *log1 = log_of(H.n + 1, first, 1, &l1), *log2 = log_of(H.n + 3, later, 1, &l2), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log1, l1}, {"SYSTEM.LOG2", log2, l2}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 2, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 1);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG2"));
	assert_non_null(strstr(r.problem, "gap"));
	assert_replayed_to(H.m, H.mlen, out, olen, H.n + 1);
	free(out);
	free(log1);
	free(log2);
}

static void gap_at_the_start_of_a_log_is_refused(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 2)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), -1);
	char want[64];
	snprintf(want, sizeof want, "sequence number %u, expected %u", H.n + 2, H.n + 1);
	assert_non_null(strstr(r.problem, want));
	free(log);
}

static void entries_may_start_above_the_primarys_secondary_number(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 5)};
	uint8_t *log = log_of(H.n + 5, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), 0);
	assert_replayed_to(H.b, H.blen, out, olen, H.n + 5);
	free(out);
	free(log);
}

static void log_older_than_the_primary_is_not_used(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n - 1)};
	uint8_t *log = log_of(H.n - 1, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), -1);
	assert_non_null(strstr(r.problem, "already in the primary"));
	free(log);
}

static void older_entries_after_the_newest_end_the_chain_quietly(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_M(H.n + 1), M_TO_B(H.n + 2), A_TO_M(H.n - 3)};
	uint8_t *log = log_of(H.n + 1, s, 3, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 2);
	assert_string_equal(r.problem, "");
	assert_replayed_to(H.b, H.blen, out, olen, H.n + 2);
	free(out);
	free(log);
}

static void page_past_the_entrys_hive_bins_size_is_refused(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	hive_put32(log + 512 + 0x28, (uint32_t)(H.blen - 4096)); /* the first page starts where the bins end */
	hive_log_entry_rehash(log + 512);
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), -1);
	assert_null(out);
	assert_non_null(strstr(r.problem, "lies past the hive bins data size"));
	free(log);
}

static void damaged_primary_base_block_is_recovered_from_the_log(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out, *broken = malloc(H.alen);
	memcpy(broken, H.dirty, H.alen);
	broken[0x1fc] ^= 0xff;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(broken, H.alen, logs, 1, &out, &olen, &r), 0);
	assert_replayed_to(H.b, H.blen, out, olen, H.n + 1);
	free(out);
	free(broken);
	free(log);
}

static void clean_primary_ignores_newer_logs(void **state)
{
	(void)state;
	size_t len, olen;
	struct step s[] = {A_TO_B(H.n + 1)};
	uint8_t *log = log_of(H.n + 1, s, 1, &len), *out;
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.a, H.alen, logs, 1, &out, &olen, &r), 1);
	assert_int_equal(olen, H.alen);
	assert_memory_equal(out, H.a, H.alen);
	assert_int_equal(r.entries, 0);
	free(out);
	free(log);
}

static void dirty_primary_without_logs_is_refused(void **state)
{
	(void)state;
	uint8_t *out;
	size_t olen;
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, NULL, 0, &out, &olen, &r), -1);
	assert_null(out);
	assert_non_null(strstr(r.problem, "no log file"));
}

static void log_shorter_than_its_base_block_is_refused(void **state)
{
	(void)state;
	uint8_t *out;
	size_t olen;
	struct replay_log logs[] = {{"SYSTEM.LOG1", H.b, 100}, {"SYSTEM.LOG2", NULL, 0}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 2, &out, &olen, &r), -1);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG1: 100 bytes, shorter than the 512-byte base block"));
	assert_non_null(strstr(r.problem, "SYSTEM.LOG2: empty"));
}

/* An old-format log for the dirty primary: its base block (file type 1, same timestamp), "DIRT" and the bitmap
 * at 512, the dirty 512-byte pages from 1024 (the bitmap of a small hive fits in one sector). */
static uint8_t *old_log(const uint8_t *bitmap, size_t bytes, const uint8_t *const pages[], size_t n, size_t *len)
{
	*len = 1024 + 512 * n;
	uint8_t *log = calloc(1, *len);
	assert_non_null(log);
	memcpy(log, H.dirty, 512);
	hive_put32(log + 4, H.n + 1);
	hive_put32(log + 8, H.n + 1);
	hive_put32(log + 0x1c, 1);
	hive_put32(log + 0x1fc, regf_checksum(log));
	memcpy(log + 512, "DIRT", 4);
	memcpy(log + 516, bitmap, bytes);
	for (size_t i = 0; i < n; i++)
		memcpy(log + 1024 + 512 * i, pages[i], 512);
	return log;
}

static void old_format_dirty_sectors_are_applied(void **state)
{
	(void)state;
	uint8_t s0[512], s2[512], bitmap[] = {0x05}, *out;
	memcpy(s0, H.a + 4096, 512);
	memset(s0 + 200, 0xab, 10);
	memcpy(s2, H.a + 4096 + 1024, 512);
	memset(s2, 0xcd, 10);
	const uint8_t *pages[] = {s0, s2};
	size_t len, olen;
	uint8_t *log = old_log(bitmap, 1, pages, 2, &len);
	struct replay_log logs[] = {{"SYSTEM.LOG", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), 0);
	assert_int_equal(r.entries, 2);
	assert_int_equal(r.format, REGF_LOG_OLD);
	assert_memory_equal(out + 4096, s0, 512);
	assert_memory_equal(out + 4096 + 512, H.a + 4096 + 512, 512);
	assert_memory_equal(out + 4096 + 1024, s2, 512);
	assert_int_equal(hive_get32(out + 4), hive_get32(out + 8));
	assert_int_equal(regf_checksum(out), hive_get32(out + 0x1fc));
	free(out);
	free(log);
}

static void old_format_log_of_another_write_is_refused(void **state)
{
	(void)state;
	uint8_t bitmap[] = {0x01}, *out;
	const uint8_t *pages[] = {H.a + 4096};
	size_t len, olen;
	uint8_t *log = old_log(bitmap, 1, pages, 1, &len);
	log[0x0c] ^= 1; /* last written timestamp */
	hive_put32(log + 0x1fc, regf_checksum(log));
	struct replay_log logs[] = {{"SYSTEM.LOG", log, len}};
	struct replay_result r;
	assert_int_equal(replay(H.dirty, H.alen, logs, 1, &out, &olen, &r), -1);
	assert_non_null(strstr(r.problem, "SYSTEM.LOG: its base block was written at FILETIME"));
	free(log);
}

/* The largest single allocation while a replay runs, from the sanitizers' allocator hooks (unit tests always
 * run under ASan; a hook can not be removed, so it records only while `recording`): what a forged size would
 * make replay ask for. */
int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void *, size_t),
					      void (*on_free)(const volatile void *));
static size_t biggest;
static bool recording;
static void note_malloc(const volatile void *p, size_t n)
{
	(void)p;
	if (recording && n > biggest)
		biggest = n;
}
static void note_free(const volatile void *p)
{
	(void)p;
}

/* A 17 KB log must not make replay allocate (and later write) the 1 GiB its size fields claim. */
static void assert_forged_growth_refused(const uint8_t *log, size_t len, size_t most)
{
	struct replay_log logs[] = {{"SYSTEM.LOG1", log, len}};
	struct replay_result r;
	uint8_t *out;
	size_t olen;
	static int installed;
	if (!installed)
		installed = __sanitizer_install_malloc_and_free_hooks(note_malloc, note_free);
	assert_true(installed > 0);
	biggest = 0;
	recording = true;
	int rc = replay(H.dirty, H.alen, logs, 1, &out, &olen, &r);
	recording = false;
	assert_int_equal(rc, -1);
	assert_null(out);
	if (!strstr(r.problem, "SYSTEM.LOG1") || !strstr(r.problem, "a forged or damaged log"))
		fail_msg("refused for another reason: %s", r.problem);
	assert_in_range(biggest, 1, most);
}

static void forged_new_format_log_can_not_grow_the_hive_to_the_limit(void **state)
{
	(void)state;
	enum { PAGES = 4 };
	size_t size = (0x28 + 8 * PAGES + 4096 * PAGES + 511) / 512 * 512, len;
	uint8_t *e = calloc(1, size);
	assert_non_null(e);
	memcpy(e, "HvLE", 4);
	hive_put32(e + 4, (uint32_t)size);
	hive_put32(e + 12, H.n + 1);
	hive_put32(e + 16, HIVE_MAX_BYTES - 4096);
	hive_put32(e + 20, PAGES);
	for (uint32_t i = 0; i < PAGES; i++) {
		hive_put32(e + 0x28 + 8 * i, 4096 * i);
		hive_put32(e + 0x28 + 8 * i + 4, 4096);
	}
	hive_log_entry_rehash(e);
	const uint8_t *entries[] = {e};
	uint8_t *log = hive_log_file(H.b, H.n + 1, entries, &size, 1, &len);
	assert_non_null(log);
	assert_in_range(len, 17 * 1024, 18 * 1024);
	assert_forged_growth_refused(log, len, H.alen + len);
	free(log);
	free(e);
}

/* old format: a 17 KB dirty vector speaks for 64 MiB of hive bins, with no dirty page behind it */
static void forged_old_format_log_can_not_grow_the_hive(void **state)
{
	(void)state;
	const size_t bytes = 16 * 1024;
	uint8_t none[1] = {0};
	size_t len;
	uint8_t *log = old_log(none, 1, NULL, 0, &len);
	/* the dirty pages would start at the sector after the vector: the log ends there */
	len = (516 + bytes + 511) / 512 * 512;
	uint8_t *grown = realloc(log, len);
	assert_non_null(grown);
	log = grown;
	memset(log + 516, 0, len - 516);
	hive_put32(log + 0x28, (uint32_t)(bytes * 8 * 512));
	hive_put32(log + 0x1fc, regf_checksum(log));
	assert_in_range(len, 17 * 1024, 18 * 1024);
	assert_forged_growth_refused(log, len, H.alen + len);
	free(log);
}

static void seal_lifts_both_sequence_numbers_above_the_logs(void **state)
{
	(void)state;
	uint8_t *p = malloc(H.alen);
	memcpy(p, H.a, H.alen);
	replay_seal(p, H.alen, H.n + 7);
	struct regf_base b;
	assert_true(regf_base_parse(p, H.alen, &b));
	assert_true(b.checksum_ok);
	assert_int_equal(b.primary_seq, H.n + 8);
	assert_int_equal(b.secondary_seq, H.n + 8);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_new_format_log_gives_the_newer_hive),
		cmocka_unit_test(replayed_hive_is_read_by_hivex),
		cmocka_unit_test(entries_split_over_both_logs_apply_the_earlier_log_first),
		cmocka_unit_test(torn_last_entry_keeps_the_earlier_ones),
		cmocka_unit_test(bad_hash_in_the_first_entry_is_refused),
		cmocka_unit_test(sequence_gap_between_logs_stops_the_chain),
		cmocka_unit_test(gap_at_the_start_of_a_log_is_refused),
		cmocka_unit_test(entries_may_start_above_the_primarys_secondary_number),
		cmocka_unit_test(log_older_than_the_primary_is_not_used),
		cmocka_unit_test(older_entries_after_the_newest_end_the_chain_quietly),
		cmocka_unit_test(page_past_the_entrys_hive_bins_size_is_refused),
		cmocka_unit_test(damaged_primary_base_block_is_recovered_from_the_log),
		cmocka_unit_test(clean_primary_ignores_newer_logs),
		cmocka_unit_test(dirty_primary_without_logs_is_refused),
		cmocka_unit_test(log_shorter_than_its_base_block_is_refused),
		cmocka_unit_test(old_format_dirty_sectors_are_applied),
		cmocka_unit_test(old_format_log_of_another_write_is_refused),
		cmocka_unit_test(forged_new_format_log_can_not_grow_the_hive_to_the_limit),
		cmocka_unit_test(forged_old_format_log_can_not_grow_the_hive),
		cmocka_unit_test(seal_lifts_both_sequence_numbers_above_the_logs),
	};
	return cmocka_run_group_tests(tests, hives_make, hives_free);
}
