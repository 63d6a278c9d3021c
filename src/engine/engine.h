/* The wizard engine: runs a wizard's steps in order over a Target snapshot, asking a front end, keeping the
 * answers, and going back a step when the front end says so. Each step kind is C code in src/steps/,
 * reached through struct step_kind_ops; the engine knows none of them by name. */
#ifndef RW_ENGINE_ENGINE_H
#define RW_ENGINE_ENGINE_H

#include "core/error.h"
#include "engine/answers.h"
#include "engine/frontend.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

struct run {
	const struct wizard *wizard;
	const struct snapshot *snapshot;
	const struct frontend *frontend;
	struct answers answers;
	struct plan *plan;          /* built by the apply step */
};

struct step_kind_ops {
	/* The question of a step, from the snapshot and the answers so far; -1 with e when it can not be asked
	 * (e.g. no Windows boot loader at all). */
	int (*prepare)(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e);
	/* Checks an answer and records the step's fields; -1 with e naming what was expected. */
	int (*accept)(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e);
};

const struct step_kind_ops *step_kind_ops(int kind);

/* Runs every step, the apply step last: returns FE_OK when the operator confirmed the plan (r->plan set),
 * FE_QUIT when they quit, FE_FAIL with e set. Nothing is written here. */
int engine_run(struct run *r, struct rw_error *e);
void run_free(struct run *r);

/* Shared by step kinds */
void question_add(struct fe_question *q, const char *value, const char *label, const char *detail);
void question_free(struct fe_question *q);
bool answer_is_true(const char *value); /* yes, true, on, 1 */

#endif
