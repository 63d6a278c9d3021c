/* detect-layout: Gen1 or Gen2, from the snapshot's evidence. Nothing to choose; the operator confirms. */
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	const struct snapshot *s = r->snapshot;
	(void)st;
	if (!s->generation)
		return rw_fail(e, RW_EXIT_REFUSED, "the layout can not be decided: %s", s->generation_why);
	snprintf(q->detected, sizeof q->detected, "%s\nBCD store: %s", s->generation_why,
		 s->bcd_file.found ? s->bcd_file.where : "not found");
	question_add(q, s->generation == 2 ? "2" : "1",
		     s->generation == 2 ? "Gen2 (UEFI, GPT, EFI system partition)" : "Gen1 (BIOS, MBR)", s->generation_why);
	q->recommended = 0;
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	char want[4];
	snprintf(want, sizeof want, "%d", r->snapshot->generation);
	if (strcmp(answer, want) && strcasecmp(answer, r->snapshot->generation == 2 ? "gen2" : "gen1"))
		return rw_fail(e, RW_EXIT_USAGE, "this disk is Gen%s (%s), the answer says '%s'", want,
			       r->snapshot->generation_why, answer);
	return answers_set(&r->answers, st->id, "generation", want, source);
}

static const char *const fields[] = {"generation", NULL};

const struct step_kind step_detect_layout = {
	.name = "detect-layout",
	.summary = "Gen1 (BIOS, MBR) or Gen2 (UEFI, GPT), from the disk's evidence; the operator confirms",
	.fields = fields,
	.flags = STEP_DETECTED,
	.replay_field = "generation",
	.prepare = prepare,
	.accept = accept,
};
