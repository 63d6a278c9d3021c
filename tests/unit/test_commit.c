/* The edited hive committed by hivex into the file that gets it: sealed clean above the logs' sequence
 * numbers and above hivex's own, and hashed as read back (the runbook records that digest). */
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

/* commits h sealed above highest into a new file next to path; the file's name in out */
static struct sealed_commit commit_to(hive_h *h, const char *path, uint32_t highest, char *out, size_t len)
{
	static int n;
	snprintf(out, len, "%s.out%d", path, n++);
	/* write-only, as the temp file of a replaced hive is */
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	struct sealed_commit c = {0};
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
	struct sealed_commit c = commit_to(h, path, 40, out, sizeof out);
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

/* with logs below the hive's own numbers, the seal goes above the number hivex wrote, which moves on with
 * each commit, and so do the bytes */
static void each_commit_seals_above_the_number_hivex_wrote(void **state)
{
	(void)state;
	char path[64], first_out[80], again_out[80];
	hive_h *h = open_edited(path, sizeof path);
	struct sealed_commit first = commit_to(h, path, 0, first_out, sizeof first_out);
	struct sealed_commit again = commit_to(h, path, 0, again_out, sizeof again_out);
	assert_true(first.seq > 1);
	assert_true(again.seq > first.seq);
	assert_int_equal(first.len, again.len);
	assert_string_not_equal(first.sha256, again.sha256);
	hivex_close(h);
	unlink(first_out);
	unlink(again_out);
	unlink(path);
}

/* a hive of several of the follower's pieces (it hashes the file while hivex writes it): the digest is of the
 * whole file as it is once sealed, read with sha256_file afterwards */
static void a_hive_larger_than_a_piece_is_hashed_whole(void **state)
{
	(void)state;
	char path[64], out[80], written[SHA256_HEX_LEN];
	hive_h *h = open_edited(path, sizeof path);
	static char data[4000];
	memset(data, 'x', sizeof data);
	hive_node_h root = hivex_root(h);
	for (int i = 0; i < 1200; i++) {
		char name[16];
		snprintf(name, sizeof name, "K%04d", i);
		hive_node_h node = hivex_node_add_child(h, root, name);
		hive_set_value v = {.key = "Data", .t = hive_t_REG_BINARY, .len = sizeof data, .value = data};
		assert_int_equal(hivex_node_set_value(h, node, &v, 0), 0);
	}
	struct sealed_commit c = commit_to(h, path, 7, out, sizeof out);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_true(st.st_size > 3 * (1 << 20));
	assert_int_equal(c.len, st.st_size);
	struct rw_error e = {0};
	assert_int_equal(sha256_file(out, written, &e), 0);
	assert_string_equal(written, c.sha256);
	hive_h *back = hivex_open(out, 0);
	assert_non_null(back);
	assert_true(hivex_node_get_child(back, hivex_root(back), "K1199") != 0);
	hivex_close(back);
	hivex_close(h);
	unlink(out);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_file_written_is_the_file_hashed_and_sealed),
		cmocka_unit_test(each_commit_seals_above_the_number_hivex_wrote),
		cmocka_unit_test(a_hive_larger_than_a_piece_is_hashed_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
