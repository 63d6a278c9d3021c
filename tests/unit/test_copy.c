/* Copying a dump off the disk (core/copy.c): the copy has the bytes and the sha256 of the source, an
 * existing file is never overwritten, a FIFO is never read, and too little free space is refused before
 * anything is written. Everything in a temporary folder: no root, no disk. */
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

#include "core/copy.h"

static char dir[] = "/tmp/rescuewiz-test-copy.XXXXXX";
static char src[300], out[300];
static uint8_t *data;
/* more than two reads of COPY_BUFFER, and not a multiple of it */
#define DATA_LEN (2 * COPY_BUFFER + 12345)

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(src, sizeof src, "%s/MEMORY.DMP", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	data = malloc(DATA_LEN);
	for (size_t i = 0; data && i < DATA_LEN; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 13));
	FILE *f = fopen(src, "w");
	if (!data || !f || fwrite(data, 1, DATA_LEN, f) != DATA_LEN || fclose(f) != 0)
		return -1;
	return mkdir(out, 0700);
}

static int teardown(void **state)
{
	(void)state;
	free(data);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void progress(void *ctx, uint64_t done, uint64_t total)
{
	uint64_t *last = ctx;
	assert_true(done >= *last);
	assert_true(done <= total);
	*last = done;
}

static void a_copy_has_the_bytes_and_sha256_of_the_dump(void **state)
{
	(void)state;
	struct rw_error e = {0};
	int fd = copy_open_source(src, &e);
	assert_true(fd >= 0);
	struct copy_result r;
	uint64_t last = 0;
	struct copy_progress p = {progress, &last};
	if (copy_verified(fd, out, "MEMORY.DMP", &p, &r, &e) != 0)
		fail_msg("%s", e.text);
	close(fd);
	char want[SHA256_HEX_LEN], copy[400];
	sha256_buffer(data, DATA_LEN, want);
	assert_string_equal(r.sha256, want);
	assert_int_equal(r.bytes, DATA_LEN);
	assert_int_equal(last, DATA_LEN);
	snprintf(copy, sizeof copy, "%s/MEMORY.DMP", out);
	char got[SHA256_HEX_LEN];
	assert_int_equal(sha256_file(copy, got, &e), 0);
	assert_string_equal(got, want);
	struct stat st;
	assert_int_equal(stat(copy, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink(copy);
}

static void an_existing_file_is_never_overwritten(void **state)
{
	(void)state;
	char existing[400];
	snprintf(existing, sizeof existing, "%s/taken.dmp", out);
	FILE *f = fopen(existing, "w");
	fputs("the operator's own file", f);
	fclose(f);
	struct rw_error e = {0};
	int fd = copy_open_source(src, &e);
	struct copy_result r;
	assert_int_equal(copy_verified(fd, out, "taken.dmp", NULL, &r, &e), -1);
	close(fd);
	assert_non_null(strstr(e.text, "taken.dmp exists already: a copy never replaces a file"));
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	char text[64] = "";
	f = fopen(existing, "r");
	assert_non_null(fgets(text, sizeof text, f));
	fclose(f);
	assert_string_equal(text, "the operator's own file");
	unlink(existing);
}

/* a symbolic link where the copy would go is "exists" too: it is not followed */
static void a_symbolic_link_in_the_folder_is_not_followed(void **state)
{
	(void)state;
	char link[400], target[400];
	snprintf(link, sizeof link, "%s/link.dmp", out);
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	assert_int_equal(symlink(target, link), 0);
	struct rw_error e = {0};
	int fd = copy_open_source(src, &e);
	struct copy_result r;
	assert_int_equal(copy_verified(fd, out, "link.dmp", NULL, &r, &e), -1);
	close(fd);
	assert_int_equal(access(target, F_OK), -1);
	unlink(link);
}

static void a_fifo_is_never_read_as_a_dump(void **state)
{
	(void)state;
	char fifo[400];
	snprintf(fifo, sizeof fifo, "%s/MEMORY.FIFO", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	struct rw_error e = {0};
	/* would block forever in open(2) without O_NONBLOCK: no writer */
	assert_int_equal(copy_open_source(fifo, &e), -1);
	assert_non_null(strstr(e.text, "a FIFO, not a regular file"));
	int fd = open(fifo, O_RDONLY | O_NONBLOCK);
	struct copy_result r;
	assert_int_equal(copy_verified(fd, out, "fifo.dmp", NULL, &r, &e), -1);
	assert_non_null(strstr(e.text, "not a regular file"));
	close(fd);
	char copy[400];
	snprintf(copy, sizeof copy, "%s/fifo.dmp", out);
	assert_int_equal(access(copy, F_OK), -1);
	unlink(fifo);
}

static void too_little_free_space_is_refused_before_anything_is_written(void **state)
{
	(void)state;
	struct rw_error e = {0};
	assert_int_equal(copy_check_room(out, DATA_LEN, &e), 0);
	/* no file system of a test machine has an exbibyte free */
	assert_int_equal(copy_check_room(out, 1ULL << 60, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_REFUSED);
	assert_non_null(strstr(e.text, out));
	assert_non_null(strstr(e.text, "MiB free, the copy needs 1099511627777 MiB: nothing was copied"));
	assert_int_equal(copy_check_room("/no/such/folder", 1, &e), -1);
	assert_non_null(strstr(e.text, "give a folder that exists"));
}

static void a_name_with_a_slash_is_refused(void **state)
{
	(void)state;
	struct rw_error e = {0};
	int fd = copy_open_source(src, &e);
	struct copy_result r;
	assert_int_equal(copy_verified(fd, out, "../escape.dmp", NULL, &r, &e), -1);
	assert_int_equal(copy_verified(fd, out, "..", NULL, &r, &e), -1);
	close(fd);
	char escaped[400];
	snprintf(escaped, sizeof escaped, "%s/escape.dmp", dir);
	assert_int_equal(access(escaped, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_copy_has_the_bytes_and_sha256_of_the_dump),
		cmocka_unit_test(an_existing_file_is_never_overwritten),
		cmocka_unit_test(a_symbolic_link_in_the_folder_is_not_followed),
		cmocka_unit_test(a_fifo_is_never_read_as_a_dump),
		cmocka_unit_test(too_little_free_space_is_refused_before_anything_is_written),
		cmocka_unit_test(a_name_with_a_slash_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
