/* Replaying a dirty hive's transaction logs into a copy of its primary, our own code since no library does
 * it (hivex reads the primary only). Rules and layouts: the regf specification by Maxim Suhanov, sections
 * "Transaction log files" (old and new formats), "Dirty state of a hive", "Multiple transaction log files". */
#ifndef RW_HIVE_REPLAY_H
#define RW_HIVE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct replay_log {
	const char *name;     /* "SYSTEM.LOG1", for messages */
	const uint8_t *data;  /* NULL/0 when the log is absent */
	size_t len;
};

struct replay_result {
	unsigned entries;     /* log entries (new format) or dirty sectors (old format) applied */
	uint32_t sequence;    /* the sequence number the replayed primary carries (both fields) */
	uint32_t hive_bins_size; /* of the replayed primary */
	int format;           /* enum regf_log_format of the logs used, REGF_LOG_NONE when none */
	char used[64];        /* "SYSTEM.LOG2+SYSTEM.LOG1" */
	char problem[300];    /* -1: why no log can be trusted; 0: why replay stopped early ("" when it did not) */
};

/* Replays the logs into a new buffer; never touches the files. Returns
 *  0 with a malloc'd consistent primary in *out (clean base block: both sequence numbers those of the last
 *    applied entry, hive bins size from it, checksum fixed; it may be longer than the input),
 *  1 when the primary is clean (logs ignored, as Windows does): *out is a malloc'd copy,
 * -1 with r->problem (which log, which entry and offset, what was expected and found) when the primary is
 *    dirty and no log can be trusted: *out is NULL. */
int replay_logs(const uint8_t *primary, size_t len, const struct replay_log *logs, size_t nlogs, uint8_t **out,
		size_t *out_len, struct replay_result *r);

/* The same in a file: fd (open for reading and writing, *len bytes, the primary's copy) becomes the replayed
 * hive, *len its new length. Only the pages the logs bring are touched, instead of the whole hive being copied
 * twice through memory. On -1 the file holds half a replay: the caller throws it away. */
int replay_logs_in_file(int fd, size_t *len, const struct replay_log *logs, size_t nlogs, struct replay_result *r);

/* Prepares a clean primary for our own write: both sequence numbers set to max(its own, highest_log_seq) + 1
 * and the checksum fixed, so no stale log entry can continue the chain at the next boot. Returns the number
 * set (0: not a base block, nothing changed). */
uint32_t replay_seal(uint8_t *primary, size_t len, uint32_t highest_log_seq);

#endif
