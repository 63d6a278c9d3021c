/* Where a crash dump can be written, on a snapshot (shared/design/dumps-and-crashcontrol.md, 1 and 4): (a) at
 * the bug check, crashdmp.sys writes into the page file on the boot volume (or the DedicatedDumpFile), so
 * that file must be large enough or able to grow; (b) at the next boot Smss moves it to DumpFile, which needs
 * room there when DumpFile is on another volume (or when a DedicatedDumpFile keeps its own space). */
#ifndef RW_SNAPSHOT_DUMP_ROOM_H
#define RW_SNAPSHOT_DUMP_ROOM_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot/snapshot.h"

enum room_state { ROOM_OK, ROOM_SHORT, ROOM_UNKNOWN, ROOM_NOT_NEEDED };

struct dump_room {
	uint64_t need;            /* bytes the dump needs */
	/* (a) the write at the bug check */
	int crash;                /* enum room_state */
	uint64_t crash_have;
	char crash_where[200];    /* "the system-managed page file ?:\pagefile.sys on C: (+ free space)" */
	bool dedicated;           /* a DedicatedDumpFile takes the write */
	bool temp_disk;           /* the page file is on a volume that is not on this disk (Azure temporary disk) */
	/* (b) the file at the next boot */
	int next;                 /* enum room_state */
	uint64_t next_have;
	char next_where[200];
};

/* What a dump type needs for this RAM (the design note's safe bounds): complete and active RAM + 257 MB,
 * kernel and automatic RAM, small 2 MB. type: CrashDumpEnabled (1, 2, 3, 7). */
uint64_t dump_need_bytes(int type, uint64_t ram);
/* Room for a dump of `need` bytes that Windows moves to dump_path (DumpFile: %SystemRoot%\... or X:\...). */
void dump_room_check(const struct snapshot *s, uint64_t need, const char *dump_path, struct dump_room *out);
/* The letter the broken VM gives a volume of this disk (the Windows volume is C: when MountedDevices does not
 * say), 0 when none. */
char dump_letter_of_volume(const struct snapshot *s, const struct volume_info *v);
/* The volume of this disk that the broken VM calls `letter` (C: is the Windows volume when MountedDevices
 * does not say), NULL when none. */
const struct volume_info *dump_volume_of_letter(const struct snapshot *s, char letter);

#endif
