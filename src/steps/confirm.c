/* confirm: one of the step's choices (yes/no and the like), the step's default recommended. */
#include <string.h>
#include <strings.h>

#include "engine/engine.h"

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)r;
	(void)e;
	for (size_t i = 0; i < st->nchoices; i++) {
		question_add(q, st->choices[i].value, st->choices[i].label, NULL);
		if (st->default_value && !strcmp(st->default_value, st->choices[i].value))
			q->recommended = (int)i;
	}
	if (!st->nchoices) {
		question_add(q, "yes", "Yes", NULL);
		question_add(q, "no", "No", NULL);
		q->recommended = st->default_value && answer_is_true(st->default_value) ? 0 : 1;
	}
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	for (size_t i = 0; i < st->nchoices; i++)
		if (!strcasecmp(answer, st->choices[i].value))
			return answers_set(&r->answers, st->id, "value", st->choices[i].value, source);
	if (!st->nchoices && (!strcasecmp(answer, "yes") || !strcasecmp(answer, "no")))
		return answers_set(&r->answers, st->id, "value", answer, source);
	return rw_fail(e, RW_EXIT_USAGE, "'%s' is not one of the answers this step takes", answer);
}

static const char *const fields[] = {"value", NULL};

const struct step_kind step_confirm = {
	.name = "confirm",
	.summary = "one of the step's choices (yes/no when it gives none); default: the recommended one",
	.fields = fields,
	.flags = STEP_TAKES_CHOICES,
	.replay_field = "value",
	.prepare = prepare,
	.accept = accept,
};
