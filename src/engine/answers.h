/* The answers of a run: for each step, the fields its kind answers (${step.field}), and whether the operator
 * gave it, the answers file gave it, or the step's recommendation was taken (--defaults). */
#ifndef RW_ENGINE_ANSWERS_H
#define RW_ENGINE_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

enum answer_source { ANSWER_OPERATOR, ANSWER_FILE, ANSWER_DEFAULT, ANSWER_DETECTED };

struct answer {
	char step[64];
	char field[64];
	char *value;
	int source;
};

struct answers {
	struct answer *items;
	size_t n;
};

int answers_set(struct answers *a, const char *step, const char *field, const char *value, int source);
/* Records one answer per field of the kind's list (NULL terminated), values in the same order: 0, or -1
 * with e when out of memory. */
int answers_record(struct answers *a, const char *step, const char *const *fields, const char *const *values,
		   int source, struct rw_error *e);
const char *answers_get(const struct answers *a, const char *step, const char *field);
/* Forgets every answer of a step (going back to it). */
void answers_drop_step(struct answers *a, const char *step);
void answers_free(struct answers *a);
const char *answer_source_name(int source);
bool answer_is_true(const char *value); /* yes, true, on, 1 */

/* Replaces each ${step.field} in text by its answer. Fails naming the reference when one has no answer. */
char *answers_expand(const struct answers *a, const char *text, struct rw_error *e);

#endif
