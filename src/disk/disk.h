/* A disk or disk image: its partition table and partitions, read with libblkid. Read-only. */
#ifndef RW_DISK_DISK_H
#define RW_DISK_DISK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/guid.h"

#define DISK_MAX_PARTITIONS 128

/* GPT partition type GUIDs (lower case, braces) */
#define GPT_TYPE_ESP "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}"
#define GPT_TYPE_MSR "{e3c9e316-0b5c-4db8-817d-f92df00215ae}"
#define GPT_TYPE_BASIC_DATA "{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}"
#define GPT_TYPE_RECOVERY "{de94bba4-06d1-4d40-a16a-bfd50179d6ac}"

enum partition_role { ROLE_OTHER, ROLE_ESP, ROLE_MSR, ROLE_RECOVERY, ROLE_BASIC_DATA };

struct partition {
	int number;             /* 1-based, as in the table */
	uint64_t start, size;   /* bytes */
	char type[GUID_TEXT_LEN]; /* GPT: type GUID; MBR: "0x07" */
	char name[80];          /* GPT partition name, UTF-8 */
	char guid[GUID_TEXT_LEN]; /* GPT: partition GUID (lower case, braces); MBR: "" */
	bool bootable;          /* MBR active flag */
	int role;               /* enum partition_role */
	char fstype[16];        /* "ntfs", "vfat", "BitLocker", "" when unknown */
	char label[64];
	char uuid[40];          /* file system UUID / NTFS serial, as blkid prints it */
	bool bitlocker;         /* "-FVE-FS-" at offset 3 of the boot sector (checked ourselves: blkid wants FVE metadata) */
};

struct disk {
	char path[PATH_MAX];    /* as given */
	bool is_image;          /* a regular file, not a block device */
	uint64_t size;
	char model[64];         /* from sysfs, "" for images */
	char pttype[8];         /* "dos", "gpt", "" when none */
	uint32_t mbr_signature; /* dos */
	char disk_guid[GUID_TEXT_LEN]; /* gpt */
	struct partition parts[DISK_MAX_PARTITIONS];
	int nparts;
};

/* Probes the table and every partition's file system. REFUSED with a clear message when the disk has no
 * partition table we know (dos/gpt) or can not be read. */
int disk_probe(const char *path, struct disk *d, struct rw_error *e);
const struct partition *disk_partition(const struct disk *d, int number);
/* The partition holding byte offset `offset` exactly at its start (MBR device elements, MountedDevices). */
const struct partition *disk_partition_at(const struct disk *d, uint64_t offset);
const struct partition *disk_partition_by_guid(const struct disk *d, const char *normalised_guid);
/* "GPT, partitions: 1 ntfs \"Recovery\", 2 vfat \"SYSTEM\", 3 -, 4 BitLocker" */
void disk_describe(const struct disk *d, char *out, size_t len);
const char *partition_role_name(int role); /* "EFI system", "Microsoft reserved", "Recovery", "Basic data", "" */

#endif
