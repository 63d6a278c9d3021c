/* choose-control-set: a control set of the SYSTEM hive, by its number. Only sets that exist are offered
 * (pointing Select at a missing set is a known way to make a VM unbootable, 0xc0000225); the step's
 * default names the recommended one by its Select role (current, default, last-known-good, failed) or its
 * number. Records the chosen set and the one Windows boots now, so a wizard can refuse the current one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "plan/facts.h"

static void roles(const struct select_info *sel, int number, char *out, size_t len)
{
	static const char *const names[] = {"Current", "Default", "LastKnownGood", "Failed"};
	const int values[] = {sel->current, sel->default_set, sel->last_known_good, sel->failed};
	out[0] = '\0';
	for (int i = 0; i < 4; i++)
		if (values[i] == number)
			snprintf(out + strlen(out), len - strlen(out), "%s%s", *out ? ", " : "Select: ", names[i]);
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	const struct snapshot *s = r->snapshot;
	if (!s->have_system || !s->system.ncontrol_sets)
		return rw_fail(e, RW_EXIT_REFUSED, "no readable SYSTEM hive with control sets on this disk");
	const struct select_info *sel = &s->system.select;
	int want = st->default_value ? facts_control_set_number(s, st->default_value) : -1;
	for (size_t i = 0; i < s->system.ncontrol_sets; i++) {
		const struct control_set *cs = &s->system.control_sets[i];
		char value[16], detail[120];
		snprintf(value, sizeof value, "%d", cs->number);
		roles(sel, cs->number, detail, sizeof detail);
		question_add(q, value, cs->name, detail);
		if (cs->number == want)
			q->recommended = (int)i;
	}
	snprintf(q->detected, sizeof q->detected, "Select: Current %d, Default %d, LastKnownGood %d, Failed %d\n"
		 "Windows boots ControlSet%03d now", sel->current, sel->default_set, sel->last_known_good, sel->failed,
		 system_boot_control_set(&s->system));
	if (st->default_value && q->recommended < 0)
		snprintf(q->warning, sizeof q->warning, "Select names control set %d as %s, and the SYSTEM hive has no "
			 "such control set: there is nothing to go back to.", want, st->default_value);
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	const struct snapshot *s = r->snapshot;
	const char *text = !strncasecmp(answer, "ControlSet", 10) ? answer + 10 : answer;
	int number = facts_control_set_number(s, text);
	const struct control_set *cs = number > 0 ? system_control_set(&s->system, number) : NULL;
	if (!cs)
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a control set of this SYSTEM hive (give the number of one "
			       "that exists: pointing Select at a missing set makes the VM unbootable, 0xc0000225)",
			       answer);
	int now = system_boot_control_set(&s->system);
	char num[16], cur[16];
	snprintf(num, sizeof num, "%d", cs->number);
	snprintf(cur, sizeof cur, "%d", now);
	if (answers_set(&r->answers, st->id, "number", num, source) != 0 ||
	    answers_set(&r->answers, st->id, "name", cs->name, ANSWER_DETECTED) != 0 ||
	    answers_set(&r->answers, st->id, "current", cur, ANSWER_DETECTED) != 0)
		return -1;
	return answers_set(&r->answers, st->id, "is_current", cs->number == now ? "yes" : "no", ANSWER_DETECTED);
}

static const char *const fields[] = {"number", "name", "current", "is_current", NULL};

const struct step_kind step_choose_control_set = {
	.name = "choose-control-set",
	.summary = "a control set of SYSTEM that exists; default: its Select role (last-known-good) or number",
	.fields = fields,
	.flags = STEP_TYPED,
	.replay_field = "number",
	.prepare = prepare,
	.accept = accept,
};
