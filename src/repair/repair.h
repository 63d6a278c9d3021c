/* The one function that runs a repair: a target, a wizard and a front end in, an outcome out. `run`,
 * `wizard` (and `train`) are thin fronts over it, so they can not drift apart: the same refusals, the same
 * order (snapshot, refusals, questions, plan, apply), the same runbook. It owns the plan. */
#ifndef RW_REPAIR_REPAIR_H
#define RW_REPAIR_REPAIR_H

#include <limits.h>
#include <stdbool.h>

#include "apply/apply.h"
#include "engine/frontend.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

struct repair_request {
	const struct wizard *wizard;
	struct snapshot_request target; /* copy_hives_to is set here, to the runbook's backup/ */
	const char *runbook_dir;        /* NULL: a new folder in the working directory */
	const struct frontend *frontend;
	bool dry_run;
};

struct repair_outcome {
	int code;                 /* enum rw_exit */
	const char *result;       /* "applied and verified", "dry run: nothing written", "refused", ... */
	char message[1024];       /* the error or refusal, "" when none */
	char runbook[PATH_MAX];   /* the runbook folder, "" when none could be made */
	bool applied;             /* apply ran (apply holds what it did) */
	struct apply_result apply;
	unsigned edits, changes;  /* the plan's size */
	char *json;               /* runbook.json's text (run --json prints it); NULL when not written */
};

/* Always returns with out filled; out->code is the exit status. */
int repair_run(const struct repair_request *rq, struct repair_outcome *out);
void repair_outcome_free(struct repair_outcome *out);

/* The target options every repairing command takes: --disk DEV|IMAGE, or --windows DIR with --boot DIR.
 * 0 when fine (need_target: one of them must be given), -1 with e naming the rule broken. */
int repair_check_target(const struct snapshot_request *t, bool need_target, struct rw_error *e);

#endif
