#include "batch/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/answers.h"
#include "steps/kind.h"
#include "wizard/yamldoc.h"

int batch_load(struct batch *b, const char *file, const struct wizard *w, struct rw_error *e)
{
	static const char *const keys[] = {"wizard", "disk", "answers", NULL};
	struct yamldoc y;
	if (!file)
		return 0;
	b->file = strdup(file);
	if (yamldoc_load(&y, file, e) != 0)
		return -1;
	yaml_node_t *root = yamldoc_root(&y), *name = NULL, *ans = NULL;
	int rc = yamldoc_check_keys(&y, root, "the answers file", keys, e);
	if (rc == 0 && (name = yamldoc_get(&y, root, "wizard")) && yamldoc_scalar(name) &&
	    strcmp(yamldoc_scalar(name), w->name))
		rc = yamldoc_fail(&y, name, e, "these answers are for wizard '%s', not '%s'", yamldoc_scalar(name),
				  w->name);
	if (rc == 0 && (ans = yamldoc_get(&y, root, "answers")) && ans->type != YAML_MAPPING_NODE)
		rc = yamldoc_fail(&y, ans, e, "'answers' must map step ids to answers");
	for (yaml_node_pair_t *p = ans && rc == 0 ? ans->data.mapping.pairs.start : NULL;
	     p && p < ans->data.mapping.pairs.top && rc == 0; p++) {
		yaml_node_t *kn = yamldoc_node(&y, p->key), *vn = yamldoc_node(&y, p->value);
		const char *id = yamldoc_scalar(kn), *value = yamldoc_scalar(vn);
		if (!id || !wizard_step(w, id))
			rc = yamldoc_fail(&y, kn, e, "wizard '%s' has no step '%s'", w->name, id ? id : "?");
		else if (!value)
			rc = yamldoc_fail(&y, vn, e, "the answer for step '%s' must be a single value", id);
		else {
			char **ids = realloc(b->ids, (b->n + 1) * sizeof *ids);
			char **values = ids ? realloc(b->values, (b->n + 1) * sizeof *values) : NULL;
			if (ids)
				b->ids = ids;
			if (values)
				b->values = values;
			if (!ids || !values)
				rc = rw_fail(e, RW_EXIT_USAGE, "out of memory");
			else {
				b->ids[b->n] = strdup(id);
				b->values[b->n++] = strdup(value);
			}
		}
	}
	yamldoc_free(&y);
	return rc;
}

void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->ids[i]);
		free(b->values[i]);
	}
	free(b->ids);
	free(b->values);
	free(b->file);
	memset(b, 0, sizeof *b);
}

static int ask(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source)
{
	struct batch *b = ctx;
	if (*q->error) {
		snprintf(answer, len, "the answer in %s is refused: %s", b->file ? b->file : "the answers file", q->error);
		return FE_FAIL;
	}
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->ids[i], q->step->id)) {
			snprintf(answer, len, "%s", b->values[i]);
			*source = ANSWER_FILE;
			return FE_OK;
		}
	/* what the disk shows is no question: detected, unless the answers file says otherwise */
	if ((q->step->kind->flags & STEP_DETECTED) && q->recommended >= 0) {
		snprintf(answer, len, "%s", q->options[q->recommended].value);
		*source = ANSWER_DETECTED;
		return FE_OK;
	}
	/* running `run` without --dry-run is the operator's confirmation of the apply step */
	if (q->step->kind->flags & STEP_CONFIRMS) {
		snprintf(answer, len, "apply");
		*source = ANSWER_OPERATOR;
		return FE_OK;
	}
	if (b->use_defaults && q->recommended >= 0) {
		snprintf(answer, len, "%s", q->options[q->recommended].value);
		*source = ANSWER_DEFAULT;
		return FE_OK;
	}
	snprintf(answer, len, "no answer for step '%s' (key '%s' under 'answers:' in %s)%s%s", q->step->id, q->step->id,
		 b->file ? b->file : "the answers file",
		 !b->use_defaults ? "; or run with --defaults to take the recommended answers"
		 : q->recommended < 0 ? "; --defaults can not choose here: there is no safe recommendation. "
				      : "",
		 b->use_defaults && q->recommended < 0 ? q->warning : "");
	return FE_FAIL;
}

void batch_frontend(struct batch *b, struct frontend *fe)
{
	memset(fe, 0, sizeof *fe);
	fe->ctx = b;
	fe->ask = ask;
}
