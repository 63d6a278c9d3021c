/* The edited hive streamed out of hivex: sealed clean above the logs' sequence numbers, hashed as written,
 * and the same bytes every time the same handle is committed at the same number (the runbook records the
 * digest of the first commit; the second is the one written). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "diskgen/hive_minimal.h"
#include "hive/commit.h"
#include "hive/regf.h"

static const char spec[] = "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n";

static hive_h *open_edited(char *path, size_t len)
{
	char err[256];
	if (hive_spec_file(spec, "ROOT", path, len, err, sizeof err) != 0)
		fail_msg("%s", err);
	hive_h *h = hivex_open(path, HIVEX_OPEN_WRITE);
	assert_non_null(h);
	hive_node_h node = hivex_node_add_child(h, hivex_root(h), "Added");
	assert_true(node != 0);
	return h;
}

static void the_stream_written_is_the_stream_hashed_and_sealed(void **state)
{
	(void)state;
	char path[64], out[80], written[SHA256_HEX_LEN];
	hive_h *h = open_edited(path, sizeof path);
	snprintf(out, sizeof out, "%s.out", path);
	int fd = open(out, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	struct sealed_commit planned = {0};
	struct rw_error e = {0};
	assert_int_equal(hive_commit_sealed(h, 40, -1, &planned, &e), 0);
	assert_int_equal(planned.seq, 41);
	struct sealed_commit c = {.seq = planned.seq};
	assert_int_equal(hive_commit_sealed(h, 40, fd, &c, &e), 0);
	close(fd);
	assert_int_equal(c.seq, 41);
	assert_memory_equal(planned.check, c.check, sizeof c.check);
	assert_int_equal(sha256_file(out, written, &e), 0);
	assert_string_equal(written, planned.sha256);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(c.len, st.st_size);
	uint8_t base[REGF_BASE_BLOCK_SIZE];
	fd = open(out, O_RDONLY);
	assert_int_equal(read(fd, base, sizeof base), sizeof base);
	close(fd);
	struct regf_base b;
	assert_true(regf_base_parse(base, sizeof base, &b));
	assert_true(b.checksum_ok);
	assert_int_equal(b.primary_seq, 41);
	assert_int_equal(b.secondary_seq, 41);
	hivex_close(h);
	unlink(out);
	unlink(path);
}

static void a_second_commit_at_the_same_number_streams_the_same_bytes(void **state)
{
	(void)state;
	char path[64];
	hive_h *h = open_edited(path, sizeof path);
	struct sealed_commit first = {0};
	struct rw_error e = {0};
	assert_int_equal(hive_commit_sealed(h, 0, -1, &first, &e), 0);
	struct sealed_commit second = {.seq = first.seq};
	assert_int_equal(hive_commit_sealed(h, 0, -1, &second, &e), 0);
	assert_string_equal(first.sha256, second.sha256);
	assert_int_equal(first.len, second.len);
	assert_memory_equal(first.check, second.check, sizeof first.check);
	/* without the number chosen before, hivex's own count moves on and so do the bytes */
	struct sealed_commit again = {0};
	assert_int_equal(hive_commit_sealed(h, 0, -1, &again, &e), 0);
	assert_true(again.seq > first.seq);
	assert_string_not_equal(first.sha256, again.sha256);
	assert_memory_not_equal(first.check, again.check, sizeof first.check);
	hivex_close(h);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_stream_written_is_the_stream_hashed_and_sealed),
		cmocka_unit_test(a_second_commit_at_the_same_number_streams_the_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
