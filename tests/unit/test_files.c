/* Only regular files are read: a FIFO, a device, a socket, a folder or a link in their place is refused at
 * once, never waited on. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_regular_file_opens),
		cmocka_unit_test(a_fifo_is_refused_without_waiting_for_a_writer),
		cmocka_unit_test(devices_sockets_folders_and_links_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
