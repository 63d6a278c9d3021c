/* The follower: a file written from its start to its end is read back and hashed whole while it is written;
 * the first piece may be changed before it is hashed, or stop the follower. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/files.h"
#include "core/follower.h"

static char dir[] = "/tmp/rescuewiz-test-follower.XXXXXX";
static char path[300];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/hive", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static int new_file(void)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	return fd;
}

/* pieces of 300 KB, a millisecond apart, so the follower catches up with the end and waits for more */
static size_t write_slowly(int fd, uint8_t *data, size_t len)
{
	size_t done = 0, piece = 300 * 1024;
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 131 + i / 4096);
	while (done < len) {
		size_t n = len - done < piece ? len - done : piece;
		assert_int_equal(write(fd, data + done, n), (ssize_t)n);
		done += n;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	return done;
}

/* A file of len bytes written slowly while a follower (first: its first-piece call) follows it, ended as
 * `written` says: the follower's answer, its digest and count; *data gets what was written (freed by the
 * caller) */
static int followed(size_t len, follower_first_fn first, bool written, char hex[SHA256_HEX_LEN], uint64_t *hashed,
		    uint8_t **data)
{
	*data = malloc(len);
	assert_non_null(*data);
	int fd = new_file();
	struct follower *f = follower_start(fd, first, NULL);
	assert_non_null(f);
	write_slowly(fd, *data, len);
	*hashed = 0;
	int rc = follower_end(f, written, hex, hashed);
	close(fd);
	return rc;
}

static void a_file_is_hashed_whole_while_it_is_written(void **state)
{
	(void)state;
	size_t len = 5 * (1u << 20) / 2 + 77;
	char hex[SHA256_HEX_LEN], want[SHA256_HEX_LEN];
	uint64_t hashed;
	uint8_t *data;
	assert_int_equal(followed(len, NULL, true, hex, &hashed, &data), 0);
	assert_int_equal(hashed, len);
	sha256_buffer(data, len, want);
	assert_string_equal(hex, want);
	free(data);
}

static bool mark_first(void *ctx, uint8_t *piece, size_t len)
{
	(void)ctx;
	assert_true(len > 0);
	piece[0] ^= 0xff;
	return true;
}

static void the_first_piece_is_hashed_as_the_call_leaves_it(void **state)
{
	(void)state;
	size_t len = 3u << 20;
	char hex[SHA256_HEX_LEN], want[SHA256_HEX_LEN];
	uint64_t hashed;
	uint8_t *data;
	assert_int_equal(followed(len, mark_first, true, hex, &hashed, &data), 0);
	data[0] ^= 0xff;
	sha256_buffer(data, len, want);
	assert_string_equal(hex, want);
	free(data);
}

static bool refuse_first(void *ctx, uint8_t *piece, size_t len)
{
	(void)ctx;
	(void)piece;
	(void)len;
	return false;
}

static void a_first_piece_refused_stops_the_follower(void **state)
{
	(void)state;
	char hex[SHA256_HEX_LEN];
	uint64_t hashed;
	uint8_t *data;
	assert_int_equal(followed(1u << 20, refuse_first, true, hex, &hashed, &data), ECANCELED);
	free(data);
}

/* a writer that fails ends the follower with what the file holds so far */
static void a_failed_writer_ends_it_with_what_was_written(void **state)
{
	(void)state;
	size_t len = 700 * 1024;
	char hex[SHA256_HEX_LEN], want[SHA256_HEX_LEN];
	uint64_t hashed;
	uint8_t *data;
	assert_int_equal(followed(len, NULL, false, hex, &hashed, &data), 0);
	assert_int_equal(hashed, len);
	sha256_buffer(data, len, want);
	assert_string_equal(hex, want);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_file_is_hashed_whole_while_it_is_written),
		cmocka_unit_test(the_first_piece_is_hashed_as_the_call_leaves_it),
		cmocka_unit_test(a_first_piece_refused_stops_the_follower),
		cmocka_unit_test(a_failed_writer_ends_it_with_what_was_written),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
