/* A file system of the target, opened read-only: NTFS through ntfs-3g (libmount sets up an autoclear loop
 * device at the partition's offset), FAT through the kernel vfat driver where it exists or mtools where it
 * does not (no fusefat: it breaks 8.3 names), or a directory the operator mounted (--windows/--boot).
 * Windows paths inside a volume are resolved case-insensitively, one component at a time, never following a
 * symbolic link, so nothing can lead out of the volume. */
#ifndef RW_DISK_VOLUME_H
#define RW_DISK_VOLUME_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"
#include "core/files.h"
#include "disk/disk.h"

enum volume_access { VOLUME_MOUNTED, VOLUME_MTOOLS, VOLUME_DIR };

struct volume {
	int access;               /* enum volume_access */
	const struct partition *part; /* NULL for VOLUME_DIR */
	char root[PATH_MAX];      /* mount point or operator directory; "" for MTOOLS */
	char mtools_image[PATH_MAX + 32]; /* "disk@@offset" for MTOOLS */
	char scratch[PATH_MAX];   /* private 0700 folder for files fetched through mtools */
	bool mounted_here;        /* we mounted it: volume_close unmounts */
	int cleanup;              /* its undo in core/cleanup.h (mount or private folder), 0 when none */
	bool writable;            /* opened with volume_open_rw, and the mount really is rw */
	uint64_t free_bytes, total_bytes;
};

struct volume_entry {
	char name[256];           /* as found on disk */
	bool is_dir;
	bool is_file;             /* a regular file (not a FIFO, device or socket, which nothing reads) */
	uint64_t size;
	time_t mtime;
};

/* Read-only open. fstype is the partition's ("ntfs", "vfat"). The mount is root's alone: its mount point is
 * inside a private 0700 folder, and the driver lets no other user in (volume_mount_options). It is registered
 * with core/cleanup.h, so an exit or a signal at any point unmounts it and detaches its loop device. */
int volume_open(struct volume *v, const struct disk *d, const struct partition *p, struct rw_error *e);
int volume_open_dir(struct volume *v, const char *dir, struct rw_error *e);
/* Read-write, for apply only: refuses when the mount comes out read-only (ntfs-3g on a hibernated volume). */
int volume_open_rw(struct volume *v, const struct disk *d, const struct partition *p, struct rw_error *e);
/* Replaces a file by new content: temp file + fsync + rename + fsync of the folder where the volume is
 * mounted; mcopy -o through mtools. `fault` names the fault-injection points (core/fault.h). */
int volume_replace(struct volume *v, const char *winpath, const struct file_content *content, const char *fault,
		   struct rw_error *e);
/* Removes a regular file (never a folder, never through a link) and syncs its folder, on a folder or a
 * read-write mount: 1 removed, 0 absent, -1 error. FAT through mtools is refused: nothing rescuewiz writes
 * leaves a file there (mtools writes from its scratch folder). */
int volume_remove(struct volume *v, const char *winpath, struct rw_error *e);
void volume_close(struct volume *v);
/* The mount options for a driver ("ntfs-3g", "vfat") of a partition's loop device: read-only or rw,
 * nosuid,nodev,noexec, and for root only. 0, or -1 for a driver rescuewiz does not mount. */
int volume_mount_options(const char *fstype, bool rw, char *out, size_t len);

/* Resolves a Windows path ("\EFI\Microsoft\Boot\BCD", either slash) case-insensitively. Returns 1 and a local
 * path readable by open(2) (for MTOOLS: a copy in scratch), 0 when absent, -1 on error. `found_as` (optional,
 * size PATH_MAX) gets the path with the case found on disk, in Windows form. */
int volume_resolve(struct volume *v, const char *winpath, char *local, size_t local_len, char *found_as,
		   struct rw_error *e);
/* Lists a folder (case-insensitive path). Returns the count (0 when absent or empty), -1 on error. */
int volume_list(struct volume *v, const char *winpath, struct volume_entry **out, struct rw_error *e);
/* Stat of a file by Windows path, without fetching it: 1 found, 0 absent, -1 error. */
int volume_stat(struct volume *v, const char *winpath, struct volume_entry *out, struct rw_error *e);
/* Opens a file by Windows path for reading (never through a symbolic link): the descriptor, -2 when the file
 * is absent, -1 on error. For files read in parts (dump headers and driver lists of multi-GB dumps). */
int volume_open_read(struct volume *v, const char *winpath, struct rw_error *e);
/* Reads up to len bytes from the start of a file (headers: hiberfil.sys, dumps): bytes read, 0 absent, -1. */
long volume_read_head(struct volume *v, const char *winpath, uint8_t *buf, size_t len, struct rw_error *e);

#endif
