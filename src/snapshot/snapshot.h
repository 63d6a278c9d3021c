/* The Target snapshot: everything rescuewiz knows about an attached Windows OS disk (or operator-mounted
 * volumes, or bare hive files), taken read-only in one go. Volumes are mounted while it is taken and
 * unmounted before snapshot_take returns. Front ends and the wizard engine read this, never the disk. */
#ifndef RW_SNAPSHOT_SNAPSHOT_H
#define RW_SNAPSHOT_SNAPSHOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bcd/bcd.h"
#include "core/error.h"
#include "core/files.h"
#include "hive/open_ahead.h"
#include "hive/regf.h"
#include "hive/replay.h"
#include "hive/software.h"
#include "hive/system.h"
#include "disk/disk.h"
#include "disk/volume.h"
#include "dump/check.h"
#include "dump/dump.h"

struct snapshot_request {
	const char *disk;        /* --disk DEV|IMAGE */
	const char *windows_dir; /* --windows DIR: root of the Windows volume */
	const char *boot_dir;    /* --boot DIR: root of the volume holding the BCD store */
	const char *bcd_file;    /* --bcd FILE */
	const char *system_file; /* --system FILE */
	const char *copy_hives_to; /* when set: a private folder that gets a copy of each hive and its logs */
	bool ignore_bad_logs;      /* edit a dirty hive whose logs can not be replayed (their changes are lost) */
	/* with copy_hives_to, the hives apply is going to edit: each is opened for writing from the base of its
	 * edits (snapshot_edit_base) in a worker as soon as that file is made (hive/open_ahead.h) */
	bool edit_bcd, edit_system, edit_software;
};

enum problem_severity { PROBLEM_REFUSE, PROBLEM_WARN, PROBLEM_NOTE };

struct problem {
	int severity;
	char code[24];     /* stable, for scripts: "bitlocker", "hibernated", "no-windows", "hive-corrupt", ... */
	char text[400];    /* what was found, where, and what to do */
};

/* Where a hive was found and what state it is in. */
struct hive_file {
	bool found;
	int partition;             /* partition number on the disk, 0 for operator dirs and bare files */
	char where[PATH_MAX];      /* Windows path as found on disk, or the bare file's path */
	char winpath[PATH_MAX];    /* the path inside its volume or folder, with the case found on disk */
	struct regf_health health;
	bool readable;             /* hivex opened it and it had the expected shape */
	char copy[PATH_MAX];       /* with copy_hives_to: the copy of the primary, "" otherwise */
	struct file_copy copy_made; /* its sha256 and the state of the primary it was made of ("" without a copy) */
	char log_copies[3][PATH_MAX]; /* and of its logs ("" when absent), in the order LOG, LOG1, LOG2 */
	struct file_copy log_copies_made[3]; /* their sha256, taken while they were made */
	int replay_state;          /* dirty hives: 1 logs replayed (values read from the replayed copy), -1 the
				    * logs could not be used (values from the primary), 0 clean */
	struct replay_result replay;
	char replayed[PATH_MAX];   /* with copy_hives_to: the replayed copy, the base of any edit: a file in
				    * memory (its /proc/self/fd path), which the snapshot holds open */
	int replayed_fd;           /* that file, when replayed_open */
	bool replayed_open;
	struct open_ahead *for_edit; /* the writable open of its edit base, for apply to take (NULL: none) */
	hive_h *reader;            /* its edit base open read-only, as the snapshot read it, for the plan and the
				    * steps to read (NULL: none); snapshot_free closes it */
};

/* Where a dump was looked for (design note 1: a VM that never booted again still has its dump at offset 0 of
 * the page file or the dedicated dump file). */
enum dump_place { DUMP_AT_MEMORY_DMP, DUMP_AT_MINIDUMP, DUMP_AT_PAGE_FILE, DUMP_AT_DEDICATED, DUMP_AT_FILE };

struct dump_file {
	int partition;
	int place;                 /* enum dump_place */
	char where[PATH_MAX];      /* Windows path as found (DUMP_AT_FILE: the path given) */
	uint64_t size;
	time_t mtime;
	struct dump_header header;
	struct dump_check check;   /* complete or not, and the drivers a minidump names */
};

struct volume_info {
	int partition;             /* 0: an operator directory */
	bool mounted;              /* could be read */
	uint64_t free_bytes, total_bytes;
	bool holds_windows, holds_bcd, hibernated;
	bool ntfs_dirty;           /* the NTFS volume flags say chkdsk is needed */
	uint64_t pagefile_bytes;   /* \pagefile.sys at the volume's root, 0 when there is none */
	uint64_t hiberfil_bytes;   /* \hiberfil.sys, 0 when there is none */
};

/* Where a BCD device element points, in this disk's terms. */
struct device_location {
	int partition;             /* >0: partition of this disk */
	bool on_this_disk;
	char text[160];            /* "partition 2 (C:, NTFS \"Windows\")", "not on this disk (signature ...)", ... */
};

struct snapshot {
	struct snapshot_request request;
	bool have_disk;
	struct disk disk;
	int generation;            /* 1, 2, or 0 when it can not be decided */
	char generation_why[256];

	struct volume_info volumes[DISK_MAX_PARTITIONS + 2];
	size_t nvolumes;

	struct hive_file bcd_file;
	bool have_bcd;
	struct bcd_store bcd;

	struct hive_file system_file;
	bool have_system;
	struct system_info system;
	int windows_partition;     /* 0 when not on a partition of the disk */

	/* Which Windows it is. A missing or damaged SOFTWARE hive is a warning: only
	 * wizards that edit it need it, and the plan refuses those without it. */
	struct hive_file software_file;
	bool have_software;
	struct software_info software;

	struct dump_file *dumps;
	size_t ndumps;

	struct problem *problems;
	size_t nproblems;
};

/* Takes the snapshot. Returns -1 only for usage errors and when nothing could be read at all (no partition
 * table); a disk that can be read but must be refused (BitLocker, hibernated, no Windows, corrupt hive) gives
 * 0 with PROBLEM_REFUSE entries, so the report can still show what was found. */
int snapshot_take(struct snapshot *s, const struct snapshot_request *req, struct rw_error *e);
/* Waits until the copies the snapshot made (copy_hives_to: the hives and their logs; a replayed hive is in
 * memory) and their folder are on the disk. They were only started on their way by snapshot_take, so that
 * the work after it overlaps their writeback; nothing may be written to the disk before this returned 0. */
int snapshot_sync_copies(const struct snapshot *s, struct rw_error *e);
/* The file a hive's edits are made on: its replayed copy when it was dirty, else its backup ("" without) */
const char *snapshot_edit_base(const struct hive_file *hf);
void snapshot_free(struct snapshot *s);
bool snapshot_refused(const struct snapshot *s);
void snapshot_problem(struct snapshot *s, int severity, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Parts of the snapshot (snapshot/dumps.c, snapshot/crash_control.c): the dumps of the Windows volume
 * (MEMORY.DMP, Minidump\*.dmp, pagefile.sys and the DedicatedDumpFile of the boot control set, each judged
 * with dump_examine; page files are listed even when they hold no dump), and the CrashControl values
 * Windows would ignore (an NMICrashDump that is not 4 bytes). */
void snapshot_find_dumps(struct snapshot *s, struct volume *v, int partition);
void snapshot_check_crash_control(struct snapshot *s);
/* A dump worth copying: not zeros, not something else (a page file is listed even when it holds no dump,
 * a zeroed MEMORY.DMP is none). Incomplete ones count: what they hold may still help. */
bool snapshot_dump_holds_dump(const struct dump_file *d);
/* "memory-dmp", "minidump", "page-file", "dedicated-dump-file", "file" */
const char *snapshot_dump_place_name(int place);

/* Resolution of BCD device elements and MountedDevices entries against the snapshot's disk. */
void snapshot_locate_device(const struct snapshot *s, const struct bcd_device *dev, struct device_location *out);
void snapshot_locate_mounted(const struct snapshot *s, const struct mounted_device *m, struct device_location *out);
/* The drive letter MountedDevices gives a partition, 0 when none. */
char snapshot_letter_of(const struct snapshot *s, int partition);

#endif
