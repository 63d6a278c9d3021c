/* The edited hive committed by hivex into the file that gets it: sealed clean above the logs' sequence
 * numbers, hashed as read back (the runbook records that digest), and the same bytes every time the same
 * handle is committed at the same number. */
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

/* commits h at seq (0: above highest) into a new file next to path; the file's name in out */
static struct sealed_commit commit_to(hive_h *h, const char *path, uint32_t highest, uint32_t seq, char *out,
				      size_t len)
{
	static int n;
	snprintf(out, len, "%s.out%d", path, n++);
	/* write-only, as the temp file of a replaced hive is */
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	struct sealed_commit c = {.seq = seq};
	struct rw_error e = {0};
	assert_int_equal(hive_commit_sealed(h, highest, fd, &c, &e), 0);
	close(fd);
	return c;
}

static void the_file_written_is_the_file_hashed_and_sealed(void **state)
{
	(void)state;
	char path[64], out[80], written[SHA256_HEX_LEN];
	hive_h *h = open_edited(path, sizeof path);
	struct sealed_commit c = commit_to(h, path, 40, 0, out, sizeof out);
	assert_int_equal(c.seq, 41);
	struct rw_error e = {0};
	assert_int_equal(sha256_file(out, written, &e), 0);
	assert_string_equal(written, c.sha256);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(c.len, st.st_size);
	uint8_t base[REGF_BASE_BLOCK_SIZE];
	int fd = open(out, O_RDONLY);
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

static void a_second_commit_at_the_same_number_writes_the_same_bytes(void **state)
{
	(void)state;
	char path[64], first_out[80], second_out[80], again_out[80];
	hive_h *h = open_edited(path, sizeof path);
	struct sealed_commit first = commit_to(h, path, 0, 0, first_out, sizeof first_out);
	struct sealed_commit second = commit_to(h, path, 0, first.seq, second_out, sizeof second_out);
	assert_string_equal(first.sha256, second.sha256);
	assert_int_equal(first.len, second.len);
	/* without the number chosen before, hivex's own count moves on and so do the bytes */
	struct sealed_commit again = commit_to(h, path, 0, 0, again_out, sizeof again_out);
	assert_true(again.seq > first.seq);
	assert_string_not_equal(first.sha256, again.sha256);
	hivex_close(h);
	unlink(first_out);
	unlink(second_out);
	unlink(again_out);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_file_written_is_the_file_hashed_and_sealed),
		cmocka_unit_test(a_second_commit_at_the_same_number_writes_the_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
