/* What the SYSTEM hive says about booting and crash dumps: Select, the control sets that exist, CrashControl
 * and Memory Management per control set, and MountedDevices (drive letters). Read-only. */
#ifndef RW_HIVE_SYSTEM_H
#define RW_HIVE_SYSTEM_H

#include <hivex.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/guid.h"
#include "hive/value.h"

struct control_set {
	char name[32];              /* "ControlSet001" as found in the hive */
	int number;                 /* 1 */
	bool has_crash_control;
	struct reg_value *crash_control; /* every value under Control\CrashControl, hive order */
	size_t ncrash_control;
	char **paging_files;        /* Memory Management\PagingFiles, NULL when missing */
	size_t npaging_files;
	char **existing_page_files; /* Memory Management\ExistingPageFiles */
	size_t nexisting_page_files;
};

enum mounted_kind { MOUNTED_MBR, MOUNTED_GPT, MOUNTED_OTHER };

struct mounted_device {
	char *name;                 /* "\DosDevices\C:" or "\??\Volume{...}" */
	char letter;                /* 'C' for \DosDevices\C:, 0 otherwise */
	int kind;                   /* enum mounted_kind */
	uint32_t mbr_signature;     /* MBR */
	uint64_t mbr_offset;        /* MBR: byte offset of the partition */
	char partition_guid[GUID_TEXT_LEN]; /* GPT */
	char *other;                /* OTHER: UTF-8 of the UTF-16 device path (may be empty) */
};

struct select_info {
	int current, default_set, last_known_good, failed; /* -1 when the value is missing */
};

struct system_info {
	struct select_info select;
	struct control_set *control_sets; /* sorted by number */
	size_t ncontrol_sets;
	struct mounted_device *mounted;   /* hive order */
	size_t nmounted;
};

/* Fails (REFUSED) only when the hive has neither Select nor any ControlSet00N. */
int system_read(hive_h *h, const char *file_for_messages, struct system_info *out, struct rw_error *e);
void system_free(struct system_info *s);

/* Decoders, separate for unit tests. */
void mounted_device_decode(const char *name, const uint8_t *data, size_t len, struct mounted_device *out);
void mounted_device_clear(struct mounted_device *m);
/* Which control set number Windows boots: Select\Current if that set exists, else Default, else the lowest. */
int system_boot_control_set(const struct system_info *s);
const struct control_set *system_control_set(const struct system_info *s, int number);
const struct reg_value *control_set_crash_value(const struct control_set *cs, const char *name);

#endif
