/* The hive specs (hive_minimal.h's text format) of a generated disk: the BCD store with its device
 * elements encoded as Windows writes them (layout: src/bcd/device.c), the SYSTEM hive with its control
 * sets, Select and MountedDevices, and the SOFTWARE hive naming the Windows release. */
#ifndef RW_DISKGEN_SPECS_H
#define RW_DISKGEN_SPECS_H

#include <stdint.h>

#include "diskgen/diskgen.h"
#include "diskgen/dump_build.h"

/* The identities of every generated disk beside the boot entries of diskgen.h */
#define DISK_GUID "{6d2f4f5a-2b1c-4e3d-9a8b-7c6d5e4f3a21}"
#define P_RECOVERY "{1a2b3c4d-0001-4000-8000-00000000aa01}"
#define P_ESP "{1a2b3c4d-0002-4000-8000-00000000aa02}"
#define P_MSR "{1a2b3c4d-0003-4000-8000-00000000aa03}"
#define P_WINDOWS "{1a2b3c4d-0004-4000-8000-00000000aa04}"
#define BOOTMGR "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"

/* The Windows release the SOFTWARE hive names ("" for no DisplayVersion) */
struct spec_release {
	const char *product, *edition, *build, *ubr, *display_version;
};
const struct spec_release *spec_release_of(const struct disk_desc *d);

/* Where the partitions of a generated disk are, in 512-byte sectors. */
struct disk_layout {
	uint64_t sectors;
	uint64_t boot_start, boot_sectors;       /* Gen1: System Reserved; Gen2: the ESP */
	uint64_t recovery_start, recovery_sectors; /* Gen2 only */
	uint64_t msr_start, msr_sectors;         /* Gen2 only */
	uint64_t windows_start, windows_sectors;
};

void disk_layout_of(const struct disk_desc *d, struct disk_layout *l);
/* The partition script for sfdisk. */
char *spec_partitions(const struct disk_desc *d, const struct disk_layout *l);
/* malloc'd spec texts, NULL when out of memory */
char *spec_bcd(const struct disk_desc *d, const struct disk_layout *l);
char *spec_system(const struct disk_desc *d, const struct disk_layout *l);
char *spec_software(const struct disk_desc *d);
/* \Windows\MEMORY.DMP (memory_dmp) or \Windows\Minidump\112426-01.dmp: by default an NMI's kernel dump and
 * a 0x7E minidump naming no driver, each a file of 64 KiB; with dump_complete a complete 0x7E at
 * SPEC_RWTEST_FAULT: a bitmap kernel dump of 256 pages, and a minidump whose driver list names rwtest.sys */
void spec_dump(const struct disk_desc *d, bool memory_dmp, struct dump_spec *out);

#define SPEC_RWTEST_BASE 0xfffff80512340000ull
#define SPEC_RWTEST_SIZE 0x20000u
#define SPEC_RWTEST_FAULT (SPEC_RWTEST_BASE + 0x1a2bu)

#endif
