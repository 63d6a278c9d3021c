/* The score of a lesson, in memory: 100, less each hint taken, each known wrong turn among the trainee's
 * answers and each check that failed (their costs are the lesson's), never below 0. */
#ifndef RW_TRAIN_SCORE_H
#define RW_TRAIN_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "train/scenario.h"

struct trainee_answers {
	const char *const *ids, *const *values;
	size_t n;
};

struct score {
	int points;
	size_t hints_taken;
	unsigned hint_cost, wrong_cost, check_cost;
	bool wrong_hit[32];       /* per wrong turn of the lesson (at most 32 count) */
	size_t nwrong_hit;
	size_t checks_passed;
};

/* The trainee's answer to a step, NULL when the step was not answered */
const char *trainee_answer(const struct trainee_answers *a, const char *step);
void score_compute(const struct scenario *s, const struct trainee_answers *a, size_t hints_taken,
		   const bool *check_passed, struct score *out);

#endif
