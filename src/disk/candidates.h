/* The disks an operator may repair: every whole block device except the rescue VM's own (the disks that
 * hold /, /boot, /boot/efi or swap, found from /proc/self/mountinfo and /proc/swaps through sysfs), loop,
 * ram, zram, optical and device-mapper nodes. */
#ifndef RW_DISK_CANDIDATES_H
#define RW_DISK_CANDIDATES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct candidate {
	char path[64];     /* "/dev/sdc" */
	uint64_t size;
	char model[64];
};

/* sysfs_root and proc_root are "/sys" and "/proc" except in tests. */
int candidates_list(const char *sysfs_root, const char *proc_root, struct candidate **out, size_t *n,
		    struct rw_error *e);
/* The first line of a sysfs attribute, trailing blanks removed; "" when it can not be read. */
void sysfs_read_line(const char *path, char *out, size_t len);
/* True when `path` is (a partition of) a disk of the rescue VM itself. */
int candidates_is_own_disk(const char *sysfs_root, const char *proc_root, const char *path);

#endif
