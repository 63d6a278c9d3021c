/* The rescue VM's own disks are found from what is mounted (/, /boot, /boot/efi, /usr) and swapped on,
 * through sysfs: a device number -> its sysfs node (/sys/dev/block/MAJ:MIN) -> the whole disk (a partition's
 * parent folder), following the "slaves" of device-mapper (LVM, LUKS) and md nodes down to the disks under
 * them. */
#include "disk/candidates.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/number.h"

#define MAX_OWN 32
#define MAX_DEPTH 8

struct disk_names {
	char names[MAX_OWN][64];
	int n;
};

static void add_name(struct disk_names *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], name))
			return;
	if (o->n < MAX_OWN)
		snprintf(o->names[o->n++], sizeof o->names[0], "%.63s", name);
}

static bool has_name(const struct disk_names *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], name))
			return true;
	return false;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void mark_node(const char *sysfs, const char *node_path, struct disk_names *o, int depth);

/* A dm or md node stands on the nodes in its "slaves" folder; true when it had any. */
static bool mark_slaves(const char *sysfs, const char *node, struct disk_names *o, int depth)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/slaves", node);
	DIR *dir = opendir(path);
	if (!dir)
		return false;
	bool any = false;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		char slave[PATH_MAX + 300];
		snprintf(slave, sizeof slave, "%s/class/block/%s", sysfs, de->d_name);
		mark_node(sysfs, slave, o, depth + 1);
		any = true;
	}
	closedir(dir);
	return any;
}

/* Adds the whole disk(s) under a sysfs block node. */
static void mark_node(const char *sysfs, const char *node_path, struct disk_names *o, int depth)
{
	char real[PATH_MAX], probe[PATH_MAX + 16];
	if (depth > MAX_DEPTH || !realpath(node_path, real))
		return;
	snprintf(probe, sizeof probe, "%s/partition", real);
	if (exists(probe)) {
		char *slash = strrchr(real, '/');
		if (slash)
			*slash = '\0';
	}
	if (mark_slaves(sysfs, real, o, depth))
		return;
	const char *name = strrchr(real, '/');
	add_name(o, name ? name + 1 : real);
}

static void mark_devnum(const char *sysfs, dev_t dev, struct disk_names *o)
{
	char node[PATH_MAX];
	snprintf(node, sizeof node, "%s/dev/block/%u:%u", sysfs, major(dev), minor(dev));
	mark_node(sysfs, node, o, 0);
}

static bool is_system_mount(const char *mnt)
{
	static const char *const system_mounts[] = {"/", "/boot", "/boot/efi", "/usr"};
	for (size_t i = 0; i < sizeof system_mounts / sizeof *system_mounts; i++)
		if (!strcmp(mnt, system_mounts[i]))
			return true;
	return false;
}

/* mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS". btrfs gives
 * an anonymous 0:N device number, so the source device is used when the major is 0. */
static void mark_mount(const char *sysfs, const char *line, struct disk_names *o)
{
	unsigned maj, min;
	char mnt[1024], source[512];
	if (sscanf(line, "%*d %*d %u:%u %*s %1023s", &maj, &min, mnt) != 3 || !is_system_mount(mnt))
		return;
	if (maj != 0) {
		mark_devnum(sysfs, makedev(maj, min), o);
		return;
	}
	const char *tail = strstr(line, " - ");
	struct stat st;
	if (tail && sscanf(tail, " - %*s %511s", source) == 1 && source[0] == '/' && stat(source, &st) == 0 &&
	    S_ISBLK(st.st_mode))
		mark_devnum(sysfs, st.st_rdev, o);
}

static void own_from_mountinfo(const char *sysfs, const char *proc, struct disk_names *o)
{
	char path[PATH_MAX], line[4096];
	snprintf(path, sizeof path, "%s/self/mountinfo", proc);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		mark_mount(sysfs, line, o);
	fclose(f);
}

/* A swap partition names its device; a swap file lives on the disk of the file system holding it. */
static void own_from_swaps(const char *sysfs, const char *proc, struct disk_names *o)
{
	char path[PATH_MAX], line[1024], dev[512];
	snprintf(path, sizeof path, "%s/swaps", proc);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		struct stat st;
		if (sscanf(line, "%511s", dev) != 1 || dev[0] != '/' || stat(dev, &st) != 0)
			continue;
		mark_devnum(sysfs, S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev, o);
	}
	fclose(f);
}

static void own_disks(const char *sysfs, const char *proc, struct disk_names *o)
{
	o->n = 0;
	own_from_mountinfo(sysfs, proc, o);
	own_from_swaps(sysfs, proc, o);
}

static bool skipped_kind(const char *name)
{
	static const char *const prefixes[] = {"loop", "ram", "zram", "sr", "dm-", "md", "nbd", "fd"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

void sysfs_read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	out[0] = '\0';
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	for (size_t n = strlen(out); n && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
	fclose(f);
}

/* sysfs writes '/' in a kernel device name as '!' (cciss!c0d0 is /dev/cciss/c0d0). */
static void fill_candidate(const char *sysfs, const char *name, uint64_t bytes, struct candidate *c)
{
	char path[PATH_MAX];
	snprintf(c->path, sizeof c->path, "/dev/%.58s", name);
	for (char *p = c->path; *p; p++)
		if (*p == '!')
			*p = '/';
	c->size = bytes;
	snprintf(path, sizeof path, "%s/block/%s/device/model", sysfs, name);
	sysfs_read_line(path, c->model, sizeof c->model);
}

/* "size" counts 512-byte sectors whatever the logical sector size. */
static uint64_t disk_bytes(const char *sysfs, const char *name)
{
	char path[PATH_MAX], size[64];
	snprintf(path, sizeof path, "%s/block/%s/size", sysfs, name);
	sysfs_read_line(path, size, sizeof size);
	uint64_t sectors;
	return number_in_range(size, 0, UINT64_MAX / 512, &sectors) ? sectors * 512 : 0;
}

/* sda..sdz before sdaa: shorter names first */
static int by_path(const void *a, const void *b)
{
	const char *x = ((const struct candidate *)a)->path, *y = ((const struct candidate *)b)->path;
	size_t lx = strlen(x), ly = strlen(y);
	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

int candidates_list(const char *sysfs, const char *proc, struct candidate **out, size_t *n, struct rw_error *e)
{
	struct disk_names own;
	char path[PATH_MAX];
	*out = NULL;
	*n = 0;
	own_disks(sysfs, proc, &own);
	snprintf(path, sizeof path, "%s/block", sysfs);
	DIR *dir = opendir(path);
	if (!dir)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: can not list block devices; is sysfs mounted?", path);
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || skipped_kind(de->d_name) || has_name(&own, de->d_name))
			continue;
		uint64_t bytes = disk_bytes(sysfs, de->d_name);
		if (bytes == 0)
			continue;
		struct candidate *grown = realloc(*out, (*n + 1) * sizeof **out);
		if (!grown) {
			closedir(dir);
			free(*out);
			*out = NULL;
			*n = 0;
			return rw_fail(e, RW_EXIT_REFUSED, "out of memory listing the disks in %s", path);
		}
		*out = grown;
		fill_candidate(sysfs, de->d_name, bytes, &(*out)[(*n)++]);
	}
	closedir(dir);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, by_path);
	return 0;
}

/* The sysfs node of a device path: by its kernel name when it resolves into /dev (so a fake sysfs works in
 * tests and /dev/disk/by-id links work), by its device number otherwise. */
static void mark_path(const char *sysfs, const char *path, struct disk_names *target)
{
	char real[PATH_MAX], node[PATH_MAX + 320];
	const char *name = realpath(path, real) ? real : path;
	struct stat st;
	if (!strncmp(name, "/dev/", 5) && !strchr(name + 5, '/')) {
		snprintf(node, sizeof node, "%s/class/block/%s", sysfs, name + 5);
		if (exists(node)) {
			mark_node(sysfs, node, target, 0);
			return;
		}
	}
	if (stat(path, &st) == 0 && S_ISBLK(st.st_mode))
		mark_devnum(sysfs, st.st_rdev, target);
}

int candidates_is_own_disk(const char *sysfs, const char *proc, const char *path)
{
	struct disk_names own, target = {0};
	own_disks(sysfs, proc, &own);
	mark_path(sysfs, path, &target);
	for (int i = 0; i < target.n; i++)
		if (has_name(&own, target.names[i]))
			return 1;
	return 0;
}
