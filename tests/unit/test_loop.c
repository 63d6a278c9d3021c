/* The loop device rescuewiz sets up for a partition (disk/loop.h): it shows exactly the partition's bytes,
 * refuses writes unless asked for read-write, and goes by itself once its last user closes it. Needs root
 * and /dev/loop-control: skipped without them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "disk/loop.h"

#define PART_AT 8192
#define PART_LEN 16384

/* A file of 32 KiB whose byte i is i * 7 + (i >> 8) */
static void image(char *path)
{
	if (geteuid() != 0 || access("/dev/loop-control", W_OK) != 0)
		skip();
	strcpy(path, "/tmp/rescuewiz-test-loop.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static uint8_t data[32768];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 8));
	assert_int_equal(write(fd, data, sizeof data), sizeof data);
	close(fd);
}

static bool attached(const char *dev)
{
	struct loop_info64 info;
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	bool yes = fd >= 0 && ioctl(fd, LOOP_GET_STATUS64, &info) == 0;
	if (fd >= 0)
		close(fd);
	return yes;
}

static void the_device_holds_the_partition_s_bytes_and_nothing_else(void **state)
{
	(void)state;
	char path[64], dev[32], why[256];
	image(path);
	int fd = loop_attach(path, PART_AT, PART_LEN, false, dev, sizeof dev, why, sizeof why);
	assert_true(fd >= 0);
	uint8_t got[PART_LEN + 1];
	assert_int_equal(pread(fd, got, sizeof got, 0), PART_LEN);
	for (size_t i = 0; i < PART_LEN; i++)
		if (got[i] != (uint8_t)((i + PART_AT) * 7 + ((i + PART_AT) >> 8)))
			fail_msg("byte %zu of the device is not byte %zu of the image", i, i + PART_AT);
	close(fd);
	unlink(path);
}

static void a_read_only_device_refuses_writes(void **state)
{
	(void)state;
	char path[64], dev[32], why[256];
	image(path);
	int fd = loop_attach(path, PART_AT, PART_LEN, false, dev, sizeof dev, why, sizeof why);
	assert_true(fd >= 0);
	int w = open(dev, O_WRONLY | O_CLOEXEC);
	assert_true(w < 0 || write(w, "x", 1) < 0);
	if (w >= 0)
		close(w);
	close(fd);
	int rw = loop_attach(path, PART_AT, PART_LEN, true, dev, sizeof dev, why, sizeof why);
	assert_true(rw >= 0);
	assert_int_equal(pwrite(rw, "x", 1, 0), 1);
	close(rw);
	unlink(path);
}

static void the_device_goes_once_its_last_user_closes_it(void **state)
{
	(void)state;
	char path[64], dev[32], why[256];
	image(path);
	int fd = loop_attach(path, PART_AT, PART_LEN, false, dev, sizeof dev, why, sizeof why);
	assert_true(fd >= 0);
	assert_true(attached(dev));
	close(fd);
	/* the kernel detaches an autoclear device after its last close, a moment later */
	for (int i = 0; i < 200 && attached(dev); i++)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	assert_false(attached(dev));
	unlink(path);
}

static void a_missing_image_says_which(void **state)
{
	(void)state;
	char dev[32], why[256];
	if (geteuid() != 0 || access("/dev/loop-control", W_OK) != 0)
		skip();
	assert_int_equal(loop_attach("/nonexistent/disk.img", 0, 4096, false, dev, sizeof dev, why, sizeof why), -1);
	assert_non_null(strstr(why, "/nonexistent/disk.img"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_device_holds_the_partition_s_bytes_and_nothing_else),
		cmocka_unit_test(a_read_only_device_refuses_writes),
		cmocka_unit_test(the_device_goes_once_its_last_user_closes_it),
		cmocka_unit_test(a_missing_image_says_which),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
