/* Candidate disks from a fake sysfs and proc: the disks holding / and /boot (through LVM) are never offered,
 * nor loop devices or empty drives. */
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

#include "disk/candidates.h"

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

/* rel -> root/sys/target */
static void link_to(const char *rel, const char *target)
{
	char p[600], t[600], dir[700];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	snprintf(t, sizeof t, "%s/sys/%s", root, target);
	snprintf(dir, sizeof dir, "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(dir), 0);
	assert_int_equal(symlink(t, p), 0);
}

/* sda holds / (on sda1); sdd holds /boot through LVM (dm-0 on sdd2); sdb is the attached OS disk; sdc is
 * an empty drive; loop0 is never a candidate. */
static void fake_sysfs(void)
{
	static const char *const files[][2] = {
		{"sys/devices/pci/sda/size", "62914560\n"},
		{"sys/devices/pci/sda/device/model", "Virtual Disk    \n"},
		{"sys/devices/pci/sda/sda1/partition", "1\n"},
		{"sys/devices/pci/sda/sda1/dev", "8:1\n"},
		{"sys/devices/pci/sdb/size", "266338304\n"},
		{"sys/devices/pci/sdb/device/model", "Msft Virtual Disk\n"},
		{"sys/devices/pci/sdc/size", "0\n"},
		{"sys/devices/pci/sdd/size", "20971520\n"},
		{"sys/devices/pci/sdd/sdd2/partition", "2\n"},
		{"sys/devices/virtual/dm-0/size", "2097152\n"},
		{"sys/devices/virtual/loop0/size", "2048\n"},
	};
	static const char *const links[][2] = {
		{"sys/block/sda", "devices/pci/sda"},
		{"sys/block/sdb", "devices/pci/sdb"},
		{"sys/block/sdc", "devices/pci/sdc"},
		{"sys/block/sdd", "devices/pci/sdd"},
		{"sys/block/dm-0", "devices/virtual/dm-0"},
		{"sys/block/loop0", "devices/virtual/loop0"},
		{"sys/class/block/sda", "devices/pci/sda"},
		{"sys/class/block/sda1", "devices/pci/sda/sda1"},
		{"sys/class/block/sdb", "devices/pci/sdb"},
		{"sys/class/block/sdd", "devices/pci/sdd"},
		{"sys/class/block/sdd2", "devices/pci/sdd/sdd2"},
		{"sys/class/block/dm-0", "devices/virtual/dm-0"},
		{"sys/devices/virtual/dm-0/slaves/sdd2", "devices/pci/sdd/sdd2"},
		{"sys/dev/block/8:1", "devices/pci/sda/sda1"},
		{"sys/dev/block/253:0", "devices/virtual/dm-0"},
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		put(files[i][0], files[i][1]);
	for (size_t i = 0; i < sizeof links / sizeof *links; i++)
		link_to(links[i][0], links[i][1]);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(sys, sizeof sys, "%s/sys", root);
	snprintf(proc, sizeof proc, "%s/proc", root);
	fake_sysfs();
	put("proc/self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
				   "30 22 0:5 / /dev rw - devtmpfs udev rw\n"
				   "31 22 253:0 / /boot rw,relatime shared:2 - ext4 /dev/mapper/vg-boot rw\n"
				   "40 22 8:17 / /mnt/windows rw - fuseblk /dev/sdb2 rw\n");
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
	free(c);
}

static void candidate_has_size_in_bytes_and_trimmed_model(void **state)
{
	(void)state;
	struct candidate *c = NULL;
	size_t n = 0;
	struct rw_error e;
	assert_int_equal(candidates_list(sys, proc, &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].size, 266338304ULL * 512);
	assert_string_equal(c[0].model, "Msft Virtual Disk");
	free(c);
}

static void partition_of_the_root_disk_is_own(void **state)
{
	(void)state;
	assert_int_equal(candidates_is_own_disk(sys, proc, "/dev/sda1"), 1);
}

static void root_disk_itself_is_own(void **state)
{
	(void)state;
	assert_int_equal(candidates_is_own_disk(sys, proc, "/dev/sda"), 1);
}

static void disk_under_lvm_boot_is_own(void **state)
{
	(void)state;
	assert_int_equal(candidates_is_own_disk(sys, proc, "/dev/sdd"), 1);
}

static void attached_disk_is_not_own(void **state)
{
	(void)state;
	assert_int_equal(candidates_is_own_disk(sys, proc, "/dev/sdb"), 0);
}

static void missing_sysfs_is_an_error_naming_it(void **state)
{
	(void)state;
	struct candidate *c = NULL;
	size_t n = 7;
	struct rw_error e = {0};
	char nowhere[400];
	snprintf(nowhere, sizeof nowhere, "%s/nothing", root);
	assert_int_equal(candidates_list(nowhere, proc, &c, &n, &e), -1);
	assert_int_equal(n, 0);
	assert_non_null(strstr(e.text, nowhere));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_attached_disk_is_offered),
		cmocka_unit_test(candidate_has_size_in_bytes_and_trimmed_model),
		cmocka_unit_test(partition_of_the_root_disk_is_own),
		cmocka_unit_test(root_disk_itself_is_own),
		cmocka_unit_test(disk_under_lvm_boot_is_own),
		cmocka_unit_test(attached_disk_is_not_own),
		cmocka_unit_test(missing_sysfs_is_an_error_naming_it),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
