#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf16.h"
#include "core/number.h"
#include "hive/software.h"
#include "plan/condition.h"

void question_add(struct fe_question *q, const char *value, const char *label, const char *detail)
{
	struct fe_option *grown = realloc(q->options, (q->noptions + 1) * sizeof *grown);
	if (!grown)
		return;
	q->options = grown;
	struct fe_option *o = &q->options[q->noptions++];
	memset(o, 0, sizeof *o);
	snprintf(o->value, sizeof o->value, "%s", value);
	snprintf(o->label, sizeof o->label, "%s", label);
	snprintf(o->detail, sizeof o->detail, "%s", detail ? detail : "");
}

bool step_param_number(const struct run *r, const struct step *st, const char *name, uint64_t *out)
{
	const char *text = step_param(st, name);
	char *v = text ? answers_expand(&r->answers, text, NULL) : NULL;
	bool ok = v && number_parse(v, out);
	free(v);
	return ok;
}

void question_free(struct fe_question *q)
{
	free(q->options);
	memset(q, 0, sizeof *q);
}

/* The step's refuse-if conditions, on the answers it just recorded: the first that holds refuses the answer
 * with its reason (and forgets what the step recorded). */
static int refused(struct run *r, const struct step *st, struct rw_error *why)
{
	struct facts f;
	facts_init(&f, r->snapshot);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < st->nrefusals; i++) {
		bool holds = false;
		if (condition_holds(&st->refusals[i].when, &r->answers, &f, &holds, why) != 0)
			rc = -1;
		else if (holds) {
			char *because = answers_expand(&r->answers, st->refusals[i].because, why);
			rc = rw_fail(why, RW_EXIT_REFUSED, "%s", because ? because : st->refusals[i].because);
			free(because);
		}
	}
	facts_close(&f);
	if (rc != 0)
		answers_drop_step(&r->answers, st->id);
	return rc;
}

/* engine_step_skipped on facts the caller holds open (a hive a condition reads is opened once for all) */
static int skipped_on(struct run *r, const struct step *st, struct facts *f, bool *skip, struct rw_error *e)
{
	*skip = false;
	int rc = 0;
	for (size_t i = 0; rc == 0 && !*skip && i < st->nwhen; i++) {
		bool holds = false;
		rc = condition_holds(&st->when[i], &r->answers, f, &holds, e);
		*skip = rc == 0 && !holds;
	}
	if (rc != 0) {
		char why[sizeof e->text];
		snprintf(why, sizeof why, "%s", e->text);
		rw_fail(e, e->exit_code ? e->exit_code : RW_EXIT_USAGE, "step '%s', when: %s", st->id, why);
	}
	return rc;
}

/* "step N of M" for step i: the steps before it that were asked, and of the later ones those whose when:
 * the answers so far do not rule out (one that names a step not answered yet counts). */
static void count_steps(struct run *r, size_t i, struct fe_question *q)
{
	unsigned before = 0, after = 0;
	for (size_t j = 0; j < i; j++)
		before += !engine_was_skipped(r, r->wizard->steps[j].id);
	struct facts f;
	facts_init(&f, r->snapshot);
	for (size_t j = i + 1; j < r->wizard->nsteps; j++) {
		bool skip;
		struct rw_error undecided = {0};
		after += skipped_on(r, &r->wizard->steps[j], &f, &skip, &undecided) != 0 || !skip;
	}
	facts_close(&f);
	q->number = before + 1;
	q->total = before + 1 + after;
}

/* One step: prepare its question, ask until the answer is accepted or the front end goes back or quits.
 * `given` holds the step's last accepted answer, so a step the operator comes back to starts on it. */
static int run_step(struct run *r, size_t i, char given[FE_ANSWER_MAX], struct rw_error *e)
{
	const struct step *st = &r->wizard->steps[i];
	const struct step_kind *ops = st->kind;
	struct fe_question q = {0};
	q.step = st;
	q.recommended = -1;
	count_steps(r, i, &q);
	int reply = ops->prepare(r, st, &q, e) == 0 ? FE_OK : FE_FAIL;
	char *help = st->help ? answers_expand(&r->answers, st->help, NULL) : NULL;
	snprintf(q.help, sizeof q.help, "%s", help ? help : "");
	free(help);
	snprintf(q.previous, sizeof q.previous, "%s", given);
	while (reply == FE_OK) {
		char answer[FE_ANSWER_MAX] = "";
		int source = ANSWER_OPERATOR;
		reply = r->frontend->ask(r->frontend->ctx, &q, answer, sizeof answer, &source);
		if (reply == FE_FAIL)
			rw_fail(e, RW_EXIT_USAGE, "step '%s': %s", st->id, answer);
		if (reply != FE_OK)
			break;
		struct rw_error why = {0};
		if (ops->accept(r, st, answer, source, &why) == 0 && refused(r, st, &why) == 0) {
			snprintf(given, FE_ANSWER_MAX, "%s", answer);
			break;
		}
		snprintf(q.error, sizeof q.error, "%.399s", why.text);
	}
	question_free(&q);
	return reply;
}

/* ${windows.product}, ${windows.build}, ${windows.version}: what the SOFTWARE hive says, for any text
 * (help and titles: printable, so the hive can not add a line of its own to them). */
static void record_facts(struct run *r)
{
	const struct snapshot *s = r->snapshot;
	char product[160] = "Windows (version unknown)", version[200] = "Windows (version unknown)", build[16] = "0";
	if (s->have_software) {
		char text[200];
		utf8_printable(software_product(&s->software, text, sizeof text), product, sizeof product);
		utf8_printable(software_describe(&s->software, text, sizeof text), version, sizeof version);
		snprintf(build, sizeof build, "%d", software_build(&s->software));
	}
	answers_set(&r->answers, WIZARD_FACTS_STEP, "product", product, ANSWER_DETECTED);
	answers_set(&r->answers, WIZARD_FACTS_STEP, "build", build, ANSWER_DETECTED);
	answers_set(&r->answers, WIZARD_FACTS_STEP, "version", version, ANSWER_DETECTED);
}

int engine_step_skipped(struct run *r, const struct step *st, bool *skip, struct rw_error *e)
{
	*skip = false;
	if (!st->nwhen)
		return 0;
	struct facts f;
	facts_init(&f, r->snapshot);
	int rc = skipped_on(r, st, &f, skip, e);
	facts_close(&f);
	return rc;
}

/* Back from step i: to the step before it that was asked, forgetting the skipped ones on the way (their
 * when: is decided again on the way forward). */
static size_t step_back(struct run *r, size_t i)
{
	while (i > 0) {
		i--;
		bool was_skipped = answers_get(&r->answers, r->wizard->steps[i].id, WIZARD_SKIPPED_FIELD) != NULL;
		answers_drop_step(&r->answers, r->wizard->steps[i].id);
		if (!was_skipped)
			return i;
	}
	answers_drop_step(&r->answers, r->wizard->steps[0].id);
	return 0;
}

int engine_run(struct run *r, struct rw_error *e)
{
	record_facts(r);
	char (*given)[FE_ANSWER_MAX] = calloc(r->wizard->nsteps ? r->wizard->nsteps : 1, sizeof *given);
	if (!given)
		return rw_fail(e, RW_EXIT_USAGE, "out of memory"), FE_FAIL;
	size_t i = 0;
	while (i < r->wizard->nsteps) {
		const struct step *st = &r->wizard->steps[i];
		bool skip;
		if (engine_step_skipped(r, st, &skip, e) != 0) {
			free(given);
			return FE_FAIL;
		}
		if (skip) {
			answers_set(&r->answers, st->id, WIZARD_SKIPPED_FIELD, "yes", ANSWER_DETECTED);
			i++;
			continue;
		}
		int reply = run_step(r, i, given[i], e);
		if (reply == FE_QUIT || reply == FE_FAIL) {
			free(given);
			return reply;
		}
		if (reply == FE_BACK) {
			i = step_back(r, i);
			continue;
		}
		i++;
	}
	free(given);
	return FE_OK;
}

void run_free(struct run *r)
{
	answers_free(&r->answers);
	free(r->copies);
	r->copies = NULL;
	r->ncopies = 0;
}

bool engine_was_skipped(const struct run *r, const char *step_id)
{
	return answers_get(&r->answers, step_id, WIZARD_SKIPPED_FIELD) != NULL;
}
