/* Writing a plan: nothing before every check passed; each hive rebuilt from its backup copy with hivex,
 * its base block sealed clean with sequence numbers above any in its logs (so Windows never replays a stale
 * log over it), written by temp file + fsync + rename, then read back from a fresh mount and compared edit
 * by edit. Any failure after the first write restores the backups and checks them by sha256. */
#ifndef RW_APPLY_APPLY_H
#define RW_APPLY_APPLY_H

#include <stdbool.h>

#include "core/error.h"
#include "plan/plan.h"
#include "snapshot/snapshot.h"

struct apply_result {
	unsigned hives_written;
	unsigned edits_verified;
	bool rolled_back;
	bool restore_verified;
	char journal[4096];   /* what happened, one line per action, for the runbook */
	char sha256_before[HIVE_COUNT][65]; /* per enum hive_name: the backup, "" when the hive was not written */
	char sha256_after[HIVE_COUNT][65];  /* what was written, "" until its file is */
};

/* Why apply_plan would refuse before writing a byte to one of the hives marked (found on the disk): no
 * backup, or dirty with logs that can not be replayed (unless the request accepts losing them). Before the
 * first question the hives are those the wizard's edits name. 0 or -1 with e (REFUSED). */
int apply_refusal(const struct snapshot *s, const bool hives[HIVE_COUNT], struct rw_error *e);

/* Told before each action (building, writing, verifying each hive; restoring): a front end's progress.
 * record (optional) is called with what apply has done so far, for the runbook, so a kill at any later
 * moment leaves a runbook that `rollback` can finish: once when every hive is built and before the first
 * byte is written (moment "before-writing": sha256_before of each hive to be written), then for each hive
 * when its new file is written beside it and before it takes the hive's place ("system-record", ...: its
 * sha256_after). A failure stops apply before that hive is replaced. */
struct apply_progress {
	void (*tell)(void *ctx, const char *what, unsigned done, unsigned total);
	void *ctx;
	int (*record)(void *record_ctx, const struct apply_result *so_far, const char *moment, struct rw_error *e);
	void *record_ctx;
};

/* 0 done and verified; -1 with e: REFUSED (nothing written) or ROLLED_BACK (backups of the hives written
 * restored; only those). progress may be NULL. */
int apply_plan(const struct snapshot *s, const struct plan *p, const struct apply_progress *progress,
	       struct apply_result *r, struct rw_error *e);

#endif
