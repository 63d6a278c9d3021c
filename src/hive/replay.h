/* Replaying a dirty hive's transaction logs into a copy of its primary, our own code since no library does
 * it (hivex reads the primary only). Rules and layouts: the regf specification by Maxim Suhanov, sections
 * "Transaction log files" (old and new formats) and "Dirty state of a hive". */
#ifndef RW_HIVE_REPLAY_H
#define RW_HIVE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct replay_log {
	const char *name;     /* "SYSTEM.LOG1", for messages */
	const uint8_t *data;
	size_t len;
};

struct replay_result {
	unsigned entries;     /* log entries (new format) or dirty sectors (old format) applied */
	uint32_t sequence;    /* the sequence number the replayed primary carries */
	char used[64];        /* "SYSTEM.LOG2+SYSTEM.LOG1" */
	char problem[300];    /* why replay stopped early or failed */
};

/* Returns 1 when the primary is clean (nothing to replay: *out untouched), 0 with a new malloc'd primary in
 * *out when the logs were applied, -1 with r->problem when the primary is dirty and no log can be trusted. */
int replay_logs(const uint8_t *primary, size_t len, const struct replay_log *logs, size_t nlogs, uint8_t **out,
		size_t *out_len, struct replay_result *r);

#endif
