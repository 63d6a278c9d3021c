/* when: and refuse-if: conditions, decided on the answers so far and the facts of the snapshot. */
#ifndef RW_PLAN_CONDITION_H
#define RW_PLAN_CONDITION_H

#include <stdbool.h>

#include "engine/answers.h"
#include "plan/facts.h"
#include "wizard/wizard.h"

/* 0 with *out set, or -1 with e (a reference without an answer, a key that can not be expanded). */
int condition_holds(const struct condition *c, const struct answers *a, struct facts *f, bool *out,
		    struct rw_error *e);

#endif
