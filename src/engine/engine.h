/* The wizard engine: runs a wizard's steps in order over a Target snapshot, asking a front end, keeping the
 * answers, and going back a step when the front end says so. Each step kind is C code in src/steps/,
 * reached through its struct step_kind; the engine knows none of them by name. The plan belongs to whoever
 * runs the repair (repair/repair.c): the apply step fills it. */
#ifndef RW_ENGINE_ENGINE_H
#define RW_ENGINE_ENGINE_H

#include "core/error.h"
#include "engine/answers.h"
#include "engine/frontend.h"
#include "steps/kind.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

struct run {
	const struct wizard *wizard;
	const struct snapshot *snapshot;
	const struct frontend *frontend;
	struct answers answers;
	struct plan *plan;          /* the caller's; filled by the apply step */
};


/* Runs every step, the apply step last: returns FE_OK when the operator confirmed the plan (r->plan set),
 * FE_QUIT when they quit, FE_FAIL with e set. Nothing is written here. */
int engine_run(struct run *r, struct rw_error *e);
void run_free(struct run *r);

/* Shared by step kinds */
/* A number key of the step (min: 11, ram: '${space.ram_bytes}'), its references filled in: false when the
 * step does not give it or it is not a whole number. */
bool step_param_number(const struct run *r, const struct step *st, const char *name, uint64_t *out);
void question_add(struct fe_question *q, const char *value, const char *label, const char *detail);
void question_free(struct fe_question *q);

#endif
