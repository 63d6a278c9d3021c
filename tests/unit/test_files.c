/* Files: only regular files are read (a FIFO, a device, a socket, a folder or a link in their place is
 * refused at once, never waited on); copies are hashed on their way, never replace a file, and know the
 * state they were made of. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/files.h"

static char dir[] = "/tmp/rescuewiz-test-files.XXXXXX";
static char file[300], fifo[300], link_path[300], sock[300];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof file, "%s/SYSTEM", dir);
	snprintf(fifo, sizeof fifo, "%s/SYSTEM.LOG1", dir);
	snprintf(link_path, sizeof link_path, "%s/SYSTEM.LOG2", dir);
	snprintf(sock, sizeof sock, "%s/s", dir);
	FILE *f = fopen(file, "w");
	if (!f)
		return -1;
	fputs("regf", f);
	fclose(f);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	int bound = s >= 0 ? bind(s, (struct sockaddr *)&addr, sizeof addr) : -1;
	if (s >= 0)
		close(s);
	return mkfifo(fifo, 0600) == 0 && symlink(file, link_path) == 0 && bound == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void a_regular_file_opens(void **state)
{
	(void)state;
	char why[80];
	int fd = open_regular(file, why, sizeof why);
	assert_true(fd >= 0);
	char buf[8] = "";
	assert_int_equal(read(fd, buf, sizeof buf), 4);
	close(fd);
}

static void refused(const char *path, const char *what)
{
	char why[80] = "";
	assert_int_equal(open_regular(path, why, sizeof why), -1);
	if (!strstr(why, what))
		fail_msg("%s: '%s' does not say %s", path, why, what);
}

static void a_fifo_is_refused_without_waiting_for_a_writer(void **state)
{
	(void)state;
	refused(fifo, "a FIFO, not a regular file");
	struct rw_error e = {0};
	uint8_t *data = NULL;
	size_t len = 0;
	assert_int_equal(read_file(fifo, 1024, &data, &len, &e), -1);
	assert_non_null(strstr(e.text, "a FIFO"));
	char hex[SHA256_HEX_LEN];
	assert_int_equal(sha256_file(fifo, hex, &e), -1);
	assert_non_null(strstr(e.text, "a FIFO"));
}

static void devices_sockets_folders_and_links_are_refused(void **state)
{
	(void)state;
	refused("/dev/null", "a character device");
	refused(sock, "a socket");
	refused(dir, "a folder");
	refused(link_path, "a link");
}

/* sha256 of the 4 bytes "regf", as sha256sum prints it */
#define REGF_SHA256 "7323e77d1f51ee69b36ef874d2ee6f85f322e12a46f6281f9bd29c8dbb829460"

static void a_copy_is_hashed_on_its_way(void **state)
{
	(void)state;
	char dest[320];
	struct file_copy made;
	struct rw_error e = {0};
	snprintf(dest, sizeof dest, "%s/copy", dir);
	assert_int_equal(copy_file_synced(file, dest, 1024, &made, &e), 0);
	assert_string_equal(made.sha256, REGF_SHA256);
	char hex[SHA256_HEX_LEN];
	assert_int_equal(sha256_file(dest, hex, &e), 0);
	assert_string_equal(hex, REGF_SHA256);
	unlink(dest);
}

/* a hive of several pieces is hashed in the second thread piece after piece, in order, as one stream */
static void a_copy_of_many_pieces_is_hashed_as_one_stream(void **state)
{
	(void)state;
	size_t len = 5 * (1u << 20) / 2 + 77;
	uint8_t *data = malloc(len);
	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 131 + i / 4096);
	char src[320], dest[320], want[SHA256_HEX_LEN], hex[SHA256_HEX_LEN];
	snprintf(src, sizeof src, "%s/big", dir);
	snprintf(dest, sizeof dest, "%s/big.copy", dir);
	FILE *f = fopen(src, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	sha256_buffer(data, len, want);
	struct file_copy made;
	struct rw_error e = {0};
	assert_int_equal(copy_file_synced(src, dest, len, &made, &e), 0);
	assert_string_equal(made.sha256, want);
	assert_int_equal(sha256_file(dest, hex, &e), 0);
	assert_string_equal(hex, want);
	free(data);
	unlink(src);
	unlink(dest);
}

/* a backup is never replaced: the copy fails on an existing file and leaves it as it was */
static void a_copy_never_replaces_a_file(void **state)
{
	(void)state;
	char dest[320];
	struct rw_error e = {0};
	snprintf(dest, sizeof dest, "%s/kept", dir);
	FILE *f = fopen(dest, "w");
	assert_non_null(f);
	fputs("original", f);
	fclose(f);
	assert_int_equal(copy_file_started(file, dest, 1024, NULL, &e), -1);
	char hex[SHA256_HEX_LEN], want[SHA256_HEX_LEN];
	sha256_buffer((const uint8_t *)"original", 8, want);
	assert_int_equal(sha256_file(dest, hex, &e), 0);
	assert_string_equal(hex, want);
	unlink(dest);
}

static void a_copy_larger_than_allowed_is_refused(void **state)
{
	(void)state;
	char dest[320];
	struct rw_error e = {0};
	snprintf(dest, sizeof dest, "%s/big", dir);
	assert_int_equal(copy_file_synced(file, dest, 3, NULL, &e), -1);
	assert_int_equal(access(dest, F_OK), -1);
}

/* the state the copy was made of is the file's state while nothing touches it; a write or a change of its
 * times makes it another state, whose bytes must be read again */
static void the_state_copied_is_the_files_until_it_changes(void **state)
{
	(void)state;
	char dest[320];
	struct file_copy made;
	struct file_identity now;
	struct rw_error e = {0};
	snprintf(dest, sizeof dest, "%s/state", dir);
	assert_int_equal(copy_file_synced(file, dest, 1024, &made, &e), 0);
	assert_true(made.source.known);
	assert_int_equal(file_identity_of(file, &now), 0);
	assert_true(file_identity_same(&now, &made.source));
	struct timespec times[2] = {{.tv_sec = 1}, {.tv_sec = 1}};
	assert_int_equal(utimensat(AT_FDCWD, file, times, 0), 0);
	assert_int_equal(file_identity_of(file, &now), 0);
	assert_false(file_identity_same(&now, &made.source));
	struct file_identity unknown = {0};
	assert_false(file_identity_same(&unknown, &unknown));
	unlink(dest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_regular_file_opens),
		cmocka_unit_test(a_fifo_is_refused_without_waiting_for_a_writer),
		cmocka_unit_test(devices_sockets_folders_and_links_are_refused),
		cmocka_unit_test(a_copy_is_hashed_on_its_way),
		cmocka_unit_test(a_copy_of_many_pieces_is_hashed_as_one_stream),
		cmocka_unit_test(a_copy_never_replaces_a_file),
		cmocka_unit_test(a_copy_larger_than_allowed_is_refused),
		cmocka_unit_test(the_state_copied_is_the_files_until_it_changes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
