/* The mount options of the target's volumes: read-only unless apply asks, nosuid,nodev,noexec, and root's
 * alone (ntfs-3g would add allow_other and show every file 0777 otherwise). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "disk/volume.h"

/* Whether the comma-separated list holds exactly this option. */
static bool has_option(const char *list, const char *option)
{
	size_t n = strlen(option);
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, option, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static void ntfs_is_mounted_for_root_alone(void **state)
{
	(void)state;
	char o[256];
	assert_int_equal(volume_mount_options("ntfs-3g", false, o, sizeof o), 0);
	static const char *const want[] = {"ro", "nosuid", "nodev", "noexec", "no_def_opts", "uid=0", "gid=0",
					   "umask=0077"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!has_option(o, want[i]))
			fail_msg("'%s' lacks %s", o, want[i]);
	assert_false(has_option(o, "allow_other"));
	assert_false(has_option(o, "rw"));
	/* the loop device is rescuewiz's own (disk/loop.h), never one libmount sets up */
	assert_false(has_option(o, "loop"));
}

static void apply_mounts_read_write_with_the_same_restrictions(void **state)
{
	(void)state;
	char ro[256], rw[256];
	assert_int_equal(volume_mount_options("ntfs-3g", false, ro, sizeof ro), 0);
	assert_int_equal(volume_mount_options("ntfs-3g", true, rw, sizeof rw), 0);
	assert_true(has_option(rw, "rw"));
	assert_false(has_option(rw, "ro"));
	assert_string_equal(strchr(ro, ','), strchr(rw, ','));
}

static void fat_files_are_root_s_and_private(void **state)
{
	(void)state;
	char o[256];
	assert_int_equal(volume_mount_options("vfat", false, o, sizeof o), 0);
	assert_true(has_option(o, "uid=0") && has_option(o, "fmask=0177") && has_option(o, "dmask=0077"));
	assert_true(has_option(o, "nosuid") && has_option(o, "nodev") && has_option(o, "noexec"));
}

static void other_drivers_are_not_mounted(void **state)
{
	(void)state;
	char o[256];
	assert_int_equal(volume_mount_options("ext4", false, o, sizeof o), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ntfs_is_mounted_for_root_alone),
		cmocka_unit_test(apply_mounts_read_write_with_the_same_restrictions),
		cmocka_unit_test(fat_files_are_root_s_and_private),
		cmocka_unit_test(other_drivers_are_not_mounted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
