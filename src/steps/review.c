/* apply: the plan of the wizard's edits, shown before anything is written; the operator confirms it by
 * answering "apply" (as cfdisk wants "yes" typed out). Writing is src/apply/, after the engine returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "plan/plan.h"

/* What earlier steps warned of (a dump that will not fit, a letter whose space is unknown), to be read once
 * more before writing. */
static void warnings(const struct answers *a, struct fe_question *q)
{
	for (size_t i = 0; i < a->n; i++) {
		size_t used = strlen(q->warning);
		if (!strcmp(a->items[i].field, "warning"))
			snprintf(q->warning + used, sizeof q->warning - used, "%sBefore you apply: %s.", used ? " " : "",
				 a->items[i].value);
	}
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	struct plan *p = r->plan;
	plan_free(p);
	if (plan_build(p, st, &r->answers, r->snapshot, e) != 0)
		return -1;
	q->plan = p;
	snprintf(q->detected, sizeof q->detected, "%zu edits, %zu of them change something", p->n, p->changes);
	question_add(q, "apply", "Apply: back up, write, verify", NULL);
	question_add(q, "cancel", "Cancel: write nothing", NULL);
	q->recommended = 0;
	warnings(&r->answers, q);
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	if (strcasecmp(answer, "apply") && strcasecmp(answer, "cancel"))
		return rw_fail(e, RW_EXIT_USAGE, "type 'apply' to write the edits, or 'cancel'");
	return answers_set(&r->answers, st->id, "confirmed", strcasecmp(answer, "apply") ? "no" : "yes", source);
}

static const char *const fields[] = {"confirmed", NULL};

const struct step_kind step_review = {
	.name = "apply",
	.summary = "the review of every edit (before -> after, the Windows command); typed 'apply' confirms",
	.fields = fields,
	.flags = STEP_TAKES_EDITS | STEP_CONFIRMS,
	.prepare = prepare,
	.accept = accept,
};
