/* The disk builder: a sparse image file that looks like the OS disk of a broken Windows VM, made from a
 * description (a training lesson's `disk:` mapping fills it). The recipe is the one of the test-disk notes:
 * truncate, sfdisk --no-tell-kernel, mkfs.fat --offset + mtools for the ESP, mkntfs on a loop device limited
 * to the partition, ntfs-3g to copy the files in; the hives are made from nothing (hive_minimal.h) and
 * filled with hivex. External tools run from argument vectors, never through a shell. Needs root (loop
 * devices, mounts). Layout and identities: rescuewiz(8), TRAIN. */
#ifndef RW_DISKGEN_DISKGEN_H
#define RW_DISKGEN_DISKGEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"

/* The fixed identities of every generated disk: the boot entries a lesson's answers and checks name. */
#define DISKGEN_LOADER_A "{3b1a6c2e-8d4f-11ee-9a01-00155d000001}"
#define DISKGEN_LOADER_B "{3b1a6c2e-8d4f-11ee-9a01-00155d000002}"
#define DISKGEN_WINRE "{3b1a6c2e-8d4f-11ee-9a01-00155d000003}"
#define DISKGEN_MBR_SIGNATURE 0x12345678u

/* What the disk is: the OS disk of a Windows VM (generation 1 or 2), a data disk without Windows (GPT, one
 * NTFS volume), or a blank disk with no partition table. */
enum disk_shape { DISK_WINDOWS, DISK_DATA_ONLY, DISK_BLANK };

struct disk_desc {
	enum disk_shape shape;
	int generation;          /* 1: MBR, System Reserved + C:; 2: GPT, Recovery, ESP, MSR, C: */
	uint64_t size_mib;       /* the image (sparse); 0: 2048 */
	unsigned control_sets;   /* ControlSet001..; 0: 2 on Gen1, 3 on Gen2 */
	unsigned current, deflt, last_known_good, failed; /* Select; 0: 1, 1, the last set, 0 */
	bool emssettings;        /* a {emssettings} object inherited by every loader (set: Gen1 has one) */
	bool emssettings_set;
	unsigned loaders;        /* Windows boot loaders; 0: 1 on Gen1, 2 on Gen2 */
	bool default_elsewhere;  /* the default loader boots a volume of another disk; the second one boots C: */
	uint64_t dump_ram_mib;   /* RAM in \Windows\MEMORY.DMP's header; 0: 8192 */
	bool dump_complete;      /* MEMORY.DMP is a complete kernel dump of a 0x7E in rwtest.sys (a 1 MiB bitmap
				  * dump) and the minidump names rwtest.sys, instead of an NMI's dump of 64 KiB */
	uint64_t pagefile_mib;   /* \pagefile.sys on C: (sparse); 0: 4 */
	char *system_extra;      /* hive spec lines (hive_minimal.h) applied to SYSTEM after the default ones */
	char *bcd_extra;         /* the same for BCD */
	char *system_in_logs;    /* spec lines that live only in SYSTEM's transaction logs (a dirty hive) */
	bool bitlocker;          /* C: starts with the -FVE-FS- signature */
	bool hibernated;         /* C:\hiberfil.sys starts with HIBR */
	/* the flavours of the test disks (variants.h) */
	bool single_volume;      /* Gen1: one NTFS volume holds \Boot and \Windows */
	bool mixed_case;         /* \boot\bcd and \WINDOWS\System32\CONFIG\system, as some installs name them */
	bool truncated_system;   /* SYSTEM cut at 6000 bytes: a hive nobody can read */
	bool damaged_bcd;        /* BCD's base block signature and its first bin overwritten */
	bool ntfs_dirty;         /* C:'s $Volume says VOLUME_IS_DIRTY: chkdsk is due */
	bool triage_dumps;       /* one dump of each kind triage tells apart (triage_dumps.h) */
};

/* Fills the defaults left at 0 (generation must be 1 or 2 for a Windows disk). */
void disk_desc_defaults(struct disk_desc *d);
void disk_desc_free(struct disk_desc *d);

/* Builds the image at `image` (a new file; an existing one is replaced) and leaves the hives as they were
 * written in `hives_dir` (SYSTEM, SOFTWARE, BCD; with a dirty hive also SYSTEM.LOG1, SYSTEM.LOG2 and
 * SYSTEM.expected, what a correct replay gives) when it is not NULL. 0, or -1 with e saying which tool
 * failed and what it said. */
int diskgen_build(const struct disk_desc *d, const char *image, const char *hives_dir, struct rw_error *e);

/* What a built disk holds, as shell variables (GENERATION=2, P4_START=..., LOADER_A=...): the words of the
 * test disks' .expect files, for the tests and make demo. */
void diskgen_expect(const struct disk_desc *d, FILE *out);

#endif
