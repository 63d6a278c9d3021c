/* The regf base block and the transaction logs beside a hive, read with bounded parsing of our own: hivex
 * neither reports the dirty state reliably nor reads logs (README "Dirty hives"). Read-only here; replay is
 * a separate module. Source of every field: the Windows registry file format specification (msuhanov/regf). */
#ifndef RW_HIVE_REGF_H
#define RW_HIVE_REGF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REGF_BASE_BLOCK_SIZE 4096
/* The largest hive (primary or log) rescuewiz reads, copies, rebuilds by replay or writes: ours, not
 * Windows'. Far above real hives (a large SOFTWARE hive is a few hundred MB), it keeps a forged size field or
 * a hostile file from costing gigabytes of memory and disk. */
#define HIVE_MAX_BYTES (1u << 30)

struct regf_base {
	bool signature_ok;   /* "regf" */
	bool checksum_ok;
	uint32_t primary_seq, secondary_seq;
	uint64_t last_written; /* FILETIME */
	uint32_t major, minor;
	uint32_t file_type;  /* 0 primary, 1/2 old log, 6 new log */
	uint32_t root_offset;
	uint32_t hive_bins_size;
};

/* Parses the first 512 bytes (the part covered by the checksum) of a primary or log file. False when
 * len < 512 or the signature is wrong; checksum_ok says whether the checksum matches. */
bool regf_base_parse(const uint8_t *data, size_t len, struct regf_base *out);
uint32_t regf_checksum(const uint8_t *first512);
/* Marvin32 as used by new-format log entries (seed 0x82EF4D887A4E55C5). */
uint64_t regf_marvin32(const uint8_t *data, size_t len);
uint64_t regf_marvin32_seeded(uint64_t seed, const uint8_t *data, size_t len);

enum regf_log_format { REGF_LOG_NONE = 0, REGF_LOG_EMPTY, REGF_LOG_OLD, REGF_LOG_NEW, REGF_LOG_INVALID };

struct regf_log_info {
	char name[16];        /* "LOG", "LOG1", "LOG2" (the suffix as found on disk, upper case) */
	bool present;
	uint64_t size;
	int format;           /* enum regf_log_format */
	bool base_ok;         /* base block valid: checksum and equal sequence numbers */
	uint32_t base_seq;    /* primary sequence number in the log's base block */
	unsigned entries;     /* new format: valid consecutive HvLE entries from the start; old: dirty pages */
	uint32_t first_seq, last_seq; /* new format: sequence numbers of the first and last valid entry */
	char problem[160];    /* first reason the log stops being valid, "" when none */
};

enum regf_state { REGF_CLEAN, REGF_DIRTY, REGF_INVALID };

struct regf_health {
	int state;            /* enum regf_state */
	struct regf_base base;
	char problem[200];    /* INVALID: why (truncated, bad signature, bad checksum, ...) */
	struct regf_log_info logs[3];
	size_t nlogs;
	bool logs_hold_newer_data; /* DIRTY and at least one log has entries the primary lacks */
};

/* Reads the primary's base block and each log given (paths may be NULL for "not present"). Never fails:
 * every problem ends in the struct. */
void regf_health_read(const char *primary, const char *const log_paths[3], const char *const log_names[3],
		      struct regf_health *out);
const char *regf_state_name(int state); /* "clean", "dirty", "invalid" */

#endif
