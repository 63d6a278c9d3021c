/* Candidate disks from a fake sysfs and proc: the disk holding / is never offered, nor loop devices. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "target/candidates.h"

static char root[] = "/tmp/rescuewiz-test-sys.XXXXXX";
static char sys[300], proc[300];

static void put(const char *rel, const char *text)
{
	char p[600], dir[700];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	snprintf(dir, sizeof dir, "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(dir), 0);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *rel, const char *target)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(sys, sizeof sys, "%s/sys", root);
	snprintf(proc, sizeof proc, "%s/proc", root);
	/* sda holds / (on sda1); sdb is the attached OS disk; loop0 is never a candidate */
	put("sys/devices/pci/sda/size", "62914560\n");
	put("sys/devices/pci/sda/device/model", "Virtual Disk    \n");
	put("sys/devices/pci/sda/sda1/partition", "1\n");
	put("sys/devices/pci/sdb/size", "266338304\n");
	put("sys/devices/pci/sdb/device/model", "Msft Virtual Disk\n");
	put("sys/devices/virtual/loop0/size", "2048\n");
	put("sys/dev/block/.keep", "");
	put("sys/block/.keep", "");
	char target[600];
	snprintf(target, sizeof target, "%s/sys/devices/pci/sda/sda1", root);
	link_to("sys/dev/block/8:1", target);
	snprintf(target, sizeof target, "%s/sys/devices/pci/sda", root);
	link_to("sys/block/sda", target);
	snprintf(target, sizeof target, "%s/sys/devices/pci/sdb", root);
	link_to("sys/block/sdb", target);
	snprintf(target, sizeof target, "%s/sys/devices/virtual/loop0", root);
	link_to("sys/block/loop0", target);
	put("proc/self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
				   "30 22 0:5 / /dev rw - devtmpfs udev rw\n");
	put("proc/swaps", "Filename Type Size Used Priority\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd);
}

static void only_the_attached_disk_is_offered(void **state)
{
	(void)state;
	struct candidate *c = NULL;
	size_t n = 0;
	struct rw_error e;
	assert_int_equal(candidates_list(sys, proc, &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].path, "/dev/sdb");
	assert_int_equal(c[0].size, 266338304ULL * 512);
	assert_string_equal(c[0].model, "Msft Virtual Disk");
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_attached_disk_is_offered),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
