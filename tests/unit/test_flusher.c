/* The flusher: a file that grows is flushed while it is written, a small one never by the thread; a failed
 * flush is reported to whoever waits for the file, by the flusher and by replace_file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/files.h"
#include "core/flusher.h"

static char dir[] = "/tmp/rescuewiz-test-flusher.XXXXXX";
static char path[300];
static atomic_int flushes;

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/SYSTEM", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static int counted(int fd)
{
	atomic_fetch_add(&flushes, 1);
	return fdatasync(fd);
}

static atomic_llong last_flushed_size;

/* counts, and remembers how large the file was at the flush */
static int measured(int fd)
{
	struct stat st;
	if (fstat(fd, &st) == 0)
		atomic_store(&last_flushed_size, (long long)st.st_size);
	return counted(fd);
}

static int failing(int fd)
{
	(void)fd;
	atomic_fetch_add(&flushes, 1);
	errno = EIO;
	return -1;
}

/* writes `pieces` pieces of 1 MiB into fd, a millisecond apart (as a copy or hivex fills a file) */
static void write_slowly(int fd, int pieces)
{
	static uint8_t piece[1u << 20];
	for (int i = 0; i < pieces; i++) {
		memset(piece, i, sizeof piece);
		assert_int_equal(write(fd, piece, sizeof piece), (ssize_t)sizeof piece);
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
}

static int new_file(void)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	return fd;
}

static void a_growing_file_is_flushed_while_it_is_written(void **state)
{
	(void)state;
	int fd = new_file();
	atomic_store(&flushes, 0);
	struct flusher *f = flusher_start_with(fd, counted);
	assert_non_null(f);
	write_slowly(fd, 24);
	int during = atomic_load(&flushes);
	assert_int_equal(flusher_free(f), 0);
	assert_true(during >= 1);
	close(fd);
}

/* a small file is left to the caller's fsync, whether its writes end with flusher_end or flusher_finish */
static void small_file_gets_no_flush(void (*end)(struct flusher *f))
{
	int fd = new_file();
	atomic_store(&flushes, 0);
	struct flusher *f = flusher_start_with(fd, counted);
	assert_non_null(f);
	write_slowly(fd, 1);
	nanosleep(&(struct timespec){0, 20000000}, NULL);
	end(f);
	assert_int_equal(flusher_free(f), 0);
	assert_int_equal(atomic_load(&flushes), 0);
	close(fd);
}

static void a_small_file_is_left_to_the_callers_fsync(void **state)
{
	(void)state;
	small_file_gets_no_flush(flusher_end);
}

static void a_finished_small_file_is_left_to_the_callers_fsync(void **state)
{
	(void)state;
	small_file_gets_no_flush(flusher_finish);
}

/* finish: the thread flushes the rest, less than a step, of a file it flushed before, and then ends */
static void a_finished_file_has_its_rest_flushed_by_the_thread(void **state)
{
	(void)state;
	int fd = new_file();
	atomic_store(&flushes, 0);
	atomic_store(&last_flushed_size, 0);
	struct flusher *f = flusher_start_with(fd, measured);
	assert_non_null(f);
	write_slowly(fd, 4);
	/* a step's worth: the thread flushes it (however slow the disk) */
	for (int i = 0; i < 1000 && atomic_load(&last_flushed_size) != 4 << 20; i++)
		nanosleep(&(struct timespec){0, 5000000}, NULL);
	assert_int_equal(atomic_load(&last_flushed_size), 4 << 20);
	write_slowly(fd, 1);
	flusher_finish(f);
	assert_int_equal(flusher_wait(f), 0);
	assert_int_equal(atomic_load(&last_flushed_size), 5 << 20);
	assert_int_equal(flusher_free(f), 0);
	close(fd);
}

static void a_failed_flush_is_reported_to_every_wait(void **state)
{
	(void)state;
	int fd = new_file();
	struct flusher *f = flusher_start_with(fd, failing);
	assert_non_null(f);
	write_slowly(fd, 12);
	flusher_end(f);
	assert_int_equal(flusher_wait(f), EIO);
	assert_int_equal(flusher_wait(f), EIO);
	assert_int_equal(flusher_free(f), EIO);
	close(fd);
}

static void nothing_to_flush_is_no_error(void **state)
{
	(void)state;
	flusher_end(NULL);
	assert_int_equal(flusher_wait(NULL), 0);
	assert_int_equal(flusher_free(NULL), 0);
}

/* a started copy of a large file keeps flushing after it returns; waiting for it is 0 and can be repeated,
 * and the release ends it */
static void a_started_copy_flushes_until_it_is_waited_for(void **state)
{
	(void)state;
	int fd = new_file();
	write_slowly(fd, 9);
	close(fd);
	char dest[320];
	snprintf(dest, sizeof dest, "%s/copy", dir);
	struct file_copy made;
	struct rw_error e = {0};
	assert_int_equal(copy_file_started(path, dest, 16u << 20, &made, &e), 0);
	assert_non_null(made.flushing);
	assert_int_equal(copy_flushed(&made), 0);
	assert_int_equal(copy_flushed(&made), 0);
	copy_release(&made);
	assert_null(made.flushing);
	unlink(dest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_growing_file_is_flushed_while_it_is_written),
		cmocka_unit_test(a_small_file_is_left_to_the_callers_fsync),
		cmocka_unit_test(a_finished_file_has_its_rest_flushed_by_the_thread),
		cmocka_unit_test(a_finished_small_file_is_left_to_the_callers_fsync),
		cmocka_unit_test(a_failed_flush_is_reported_to_every_wait),
		cmocka_unit_test(nothing_to_flush_is_no_error),
		cmocka_unit_test(a_started_copy_flushes_until_it_is_waited_for),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
