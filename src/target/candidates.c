/* The rescue VM's own disks are found from what is mounted (/, /boot, /boot/efi) and swapped on, through
 * sysfs: a device number -> its sysfs node -> the whole disk (a partition's parent), following
 * device-mapper and md "slaves" down to the disks underneath. */
#include "target/candidates.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAX_OWN 32

struct own_disks {
	char names[MAX_OWN][64];
	int n;
};

static void add_own(struct own_disks *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], name))
			return;
	if (o->n < MAX_OWN)
		snprintf(o->names[o->n++], sizeof o->names[0], "%.63s", name);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Marks the disk under a sysfs block node (a partition's parent, or the slaves of a dm/md device). */
static void mark_node(const char *sysfs, const char *node_path, struct own_disks *o, int depth)
{
	char real[PATH_MAX], probe[PATH_MAX + 16];
	if (depth > 8 || !realpath(node_path, real))
		return;
	snprintf(probe, sizeof probe, "%s/partition", real);
	if (exists(probe)) {
		char *slash = strrchr(real, '/');
		if (slash)
			*slash = '\0';
	}
	snprintf(probe, sizeof probe, "%s/slaves", real);
	DIR *dir = opendir(probe);
	struct dirent *de;
	bool had_slaves = false;
	while (dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		char slave[PATH_MAX + 300];
		snprintf(slave, sizeof slave, "%s/class/block/%s", sysfs, de->d_name);
		mark_node(sysfs, slave, o, depth + 1);
		had_slaves = true;
	}
	if (dir)
		closedir(dir);
	if (!had_slaves) {
		const char *name = strrchr(real, '/');
		add_own(o, name ? name + 1 : real);
	}
}

static void mark_devnum(const char *sysfs, unsigned maj, unsigned min, struct own_disks *o)
{
	char node[PATH_MAX];
	snprintf(node, sizeof node, "%s/dev/block/%u:%u", sysfs, maj, min);
	mark_node(sysfs, node, o, 0);
}

static void own_from_mountinfo(const char *sysfs, const char *proc, struct own_disks *o)
{
	char path[PATH_MAX], line[4096];
	snprintf(path, sizeof path, "%s/self/mountinfo", proc);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		unsigned maj, min;
		char mnt[1024];
		if (sscanf(line, "%*d %*d %u:%u %*s %1023s", &maj, &min, mnt) != 3)
			continue;
		if (!strcmp(mnt, "/") || !strcmp(mnt, "/boot") || !strcmp(mnt, "/boot/efi") || !strcmp(mnt, "/usr"))
			mark_devnum(sysfs, maj, min, o);
	}
	if (f)
		fclose(f);
}

static void own_from_swaps(const char *sysfs, const char *proc, struct own_disks *o)
{
	char path[PATH_MAX], line[1024], dev[512];
	snprintf(path, sizeof path, "%s/swaps", proc);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		struct stat st;
		if (sscanf(line, "%511s", dev) == 1 && dev[0] == '/' && stat(dev, &st) == 0 && S_ISBLK(st.st_mode))
			mark_devnum(sysfs, major(st.st_rdev), minor(st.st_rdev), o);
	}
	if (f)
		fclose(f);
}

static void own_disks(const char *sysfs, const char *proc, struct own_disks *o)
{
	o->n = 0;
	own_from_mountinfo(sysfs, proc, o);
	own_from_swaps(sysfs, proc, o);
}

static bool skipped_kind(const char *name)
{
	static const char *const prefixes[] = {"loop", "ram", "zram", "sr", "dm-", "md", "nbd", "fd", NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(name, *p, strlen(*p)))
			return true;
	return false;
}

static void read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	out[0] = '\0';
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	for (size_t n = strlen(out); n && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
	if (f)
		fclose(f);
}

int candidates_list(const char *sysfs, const char *proc, struct candidate **out, size_t *n, struct rw_error *e)
{
	struct own_disks own;
	char path[PATH_MAX];
	own_disks(sysfs, proc, &own);
	snprintf(path, sizeof path, "%s/block", sysfs);
	DIR *dir = opendir(path);
	if (!dir)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: can not list block devices", path);
	*out = NULL;
	*n = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || skipped_kind(de->d_name))
			continue;
		bool mine = false;
		for (int i = 0; i < own.n; i++)
			mine |= !strcmp(own.names[i], de->d_name);
		char size[64];
		snprintf(path, sizeof path, "%s/block/%s/size", sysfs, de->d_name);
		read_line(path, size, sizeof size);
		uint64_t bytes = strtoull(size, NULL, 10) * 512;
		if (mine || bytes == 0)
			continue;
		struct candidate *grown = realloc(*out, (*n + 1) * sizeof **out);
		if (!grown)
			break;
		*out = grown;
		struct candidate *c = &(*out)[(*n)++];
		snprintf(c->path, sizeof c->path, "/dev/%.58s", de->d_name);
		c->size = bytes;
		snprintf(path, sizeof path, "%s/block/%s/device/model", sysfs, de->d_name);
		read_line(path, c->model, sizeof c->model);
	}
	closedir(dir);
	return 0;
}

int candidates_is_own_disk(const char *sysfs, const char *proc, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISBLK(st.st_mode))
		return 0;
	struct own_disks own, target = {0};
	own_disks(sysfs, proc, &own);
	mark_devnum(sysfs, major(st.st_rdev), minor(st.st_rdev), &target);
	for (int i = 0; i < target.n; i++)
		for (int j = 0; j < own.n; j++)
			if (!strcmp(target.names[i], own.names[j]))
				return 1;
	return 0;
}
