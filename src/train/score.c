#include "train/score.h"

#include <string.h>
#include <strings.h>

const char *trainee_answer(const struct trainee_answers *a, const char *step)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (!strcmp(a->ids[i], step))
			return a->values[i];
	return NULL;
}

void score_compute(const struct scenario *s, const struct trainee_answers *a, size_t hints_taken,
		   const bool *check_passed, struct score *out)
{
	memset(out, 0, sizeof *out);
	out->hints_taken = hints_taken < s->nhints ? hints_taken : s->nhints;
	for (size_t i = 0; i < out->hints_taken; i++)
		out->hint_cost += s->hints[i].cost;
	for (size_t i = 0; i < s->nwrong && i < sizeof out->wrong_hit / sizeof *out->wrong_hit; i++) {
		const char *given = trainee_answer(a, s->wrong[i].step);
		if (given && !strcasecmp(given, s->wrong[i].answer)) {
			out->wrong_hit[i] = true;
			out->nwrong_hit++;
			out->wrong_cost += s->wrong[i].cost;
		}
	}
	for (size_t i = 0; i < s->nchecks; i++) {
		if (check_passed[i])
			out->checks_passed++;
		else
			out->check_cost += s->checks[i].cost;
	}
	int points = 100 - (int)(out->hint_cost + out->wrong_cost + out->check_cost);
	out->points = points < 0 ? 0 : points;
}
