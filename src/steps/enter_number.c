/* enter-number: a whole number typed by the operator within the step's range (min, max), shown beside the
 * value the registry holds now (reads:, with absent: the value Windows uses when it is missing); the
 * recommendation is that value plus `add`, at most max (IrpStackSize: current + 3, capped at 50). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "engine/engine.h"
#include "hive/value.h"
#include "plan/facts.h"

static uint64_t param_number(const struct run *r, const struct step *st, const char *name, uint64_t otherwise)
{
	uint64_t v;
	return step_param_number(r, st, name, &v) ? v : otherwise;
}

/* The value at the step's `reads:` place now: 1 with *v, 0 when it is missing or not a number. */
static int current_value(struct run *r, const struct step *st, uint64_t *v, char *where, size_t len)
{
	int sets[16];
	size_t n;
	struct rw_error ignored;
	struct facts f;
	snprintf(where, len, "not read");
	if (!st->has_reads || facts_control_sets(r->snapshot, st->reads.scope, sets, &n, &ignored) != 0)
		return 0;
	char *key = answers_expand(&r->answers, st->reads.key, NULL), path[512];
	if (!key)
		return 0;
	facts_key_path(r->snapshot, sets[0], key, path, sizeof path);
	free(key);
	snprintf(where, len, "%s\\%s", path, st->reads.value);
	facts_init(&f, r->snapshot);
	hive_h *h = facts_hive(&f, st->reads.hive);
	hive_node_h node = h ? reg_node_path(h, hivex_root(h), path) : 0;
	hive_value_h val = node ? hivex_node_get_value(h, node, st->reads.value) : 0;
	struct reg_value rv = {0};
	int found = val && reg_value_read(h, val, &rv) == 0 &&
		    (rv.type == hive_t_REG_DWORD || rv.type == hive_t_REG_QWORD);
	if (found)
		*v = rv.number;
	reg_value_clear(&rv);
	facts_close(&f);
	return found;
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)e;
	uint64_t min = param_number(r, st, "min", 0), max = param_number(r, st, "max", UINT32_MAX), now = 0;
	char where[600], value[32], label[96];
	int found = current_value(r, st, &now, where, sizeof where);
	const char *absent = step_param(st, "absent");
	bool known = found || (absent && number_parse(absent, &now));
	if (found)
		snprintf(q->detected, sizeof q->detected, "%s: %llu", where, (unsigned long long)now);
	else if (known)
		snprintf(q->detected, sizeof q->detected, "%s: not set (Windows uses %llu)", where,
			 (unsigned long long)now);
	else
		snprintf(q->detected, sizeof q->detected, "%s: not set", where);
	snprintf(q->detected + strlen(q->detected), sizeof q->detected - strlen(q->detected),
		 "\nAccepted: %llu to %llu", (unsigned long long)min, (unsigned long long)max);
	q->free_text = true;
	snprintf(q->free_text_prompt, sizeof q->free_text_prompt, "A number from %llu to %llu:",
		 (unsigned long long)min, (unsigned long long)max);
	if (known) {
		uint64_t add = param_number(r, st, "add", 0), want = add > UINT64_MAX - now ? UINT64_MAX : now + add;
		want = want > max ? max : want < min ? min : want;
		snprintf(value, sizeof value, "%llu", (unsigned long long)want);
		snprintf(label, sizeof label, "%llu (now %llu)", (unsigned long long)want, (unsigned long long)now);
		question_add(q, value, label, NULL);
		q->recommended = 0;
	}
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	uint64_t min = param_number(r, st, "min", 0), max = param_number(r, st, "max", UINT32_MAX), v, now = 0;
	char where[600], text[32];
	if (!number_in_range(answer, min, max, &v))
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a whole number from %llu to %llu", answer, (unsigned long long)min, (unsigned long long)max);
	snprintf(text, sizeof text, "%llu", (unsigned long long)v);
	if (answers_set(&r->answers, st->id, "value", text, source) != 0)
		return -1;
	const char *absent = step_param(st, "absent");
	if (!current_value(r, st, &now, where, sizeof where) && !(absent && number_parse(absent, &now)))
		return answers_set(&r->answers, st->id, "current", "", ANSWER_DETECTED);
	snprintf(text, sizeof text, "%llu", (unsigned long long)now);
	return answers_set(&r->answers, st->id, "current", text, ANSWER_DETECTED);
}

static const char *const fields[] = {"value", "current", NULL};
static const struct step_param_info params[] = {
	{"min", PARAM_NUMBER, "the smallest number accepted"},
	{"max", PARAM_NUMBER, "the largest number accepted"},
	{"add", PARAM_NUMBER, "the recommendation: the value now plus this, at most max"},
	{"absent", PARAM_NUMBER, "the value Windows uses when the registry value is missing"},
	{"reads", PARAM_PLACE, "{hive, key, control-sets, value}: the registry value shown as the value now"},
	{NULL, 0, NULL},
};

const struct step_kind step_enter_number = {
	.name = "enter-number",
	.summary = "a whole number in the step's range, shown beside the registry value it replaces",
	.fields = fields,
	.params = params,
	.flags = STEP_TYPED,
	.replay_field = "value",
	.prepare = prepare,
	.accept = accept,
};
