#include "plan/condition.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"
#include "hive/value.h"

/* A place exists when it is in every control set its scope names. */
static int place_exists(const struct reg_place *p, const struct answers *a, struct facts *f, bool *out,
			struct rw_error *e)
{
	int sets[16];
	size_t n;
	*out = false;
	char *key = answers_expand(a, p->key, e);
	if (!key)
		return -1;
	hive_h *h = facts_hive(f, p->hive);
	struct rw_error ignored;
	if (!h || facts_control_sets(f->s, p->scope, sets, &n, &ignored) != 0) {
		free(key);
		return 0;
	}
	bool all = true;
	for (size_t i = 0; i < n && all; i++) {
		char path[1024];
		facts_key_path(f->s, sets[i], key, path, sizeof path);
		hive_node_h node = reg_node_path(h, hivex_root(h), path);
		all = node && (!p->value || hivex_node_get_value(h, node, p->value));
	}
	free(key);
	*out = all;
	return 0;
}

static int expanded_equal(const char *x, const char *y, const struct answers *a, bool *out, struct rw_error *e)
{
	char *ax = answers_expand(a, x, e), *ay = ax ? answers_expand(a, y, e) : NULL;
	if (ay)
		*out = !strcasecmp(ax, ay);
	int rc = ay ? 0 : -1;
	free(ax);
	free(ay);
	return rc;
}

/* Both whole numbers, the first at least the second; a value that is not a number is false (an unknown
 * build is 0). */
static int at_least(const char *x, const char *y, const struct answers *a, bool *out, struct rw_error *e)
{
	char *ax = answers_expand(a, x, e), *ay = ax ? answers_expand(a, y, e) : NULL;
	uint64_t vx, vy;
	if (ay)
		*out = number_parse(ax, &vx) && number_parse(ay, &vy) && vx >= vy;
	int rc = ay ? 0 : -1;
	free(ax);
	free(ay);
	return rc;
}

int condition_holds(const struct condition *c, const struct answers *a, struct facts *f, bool *out,
		    struct rw_error *e)
{
	char *text;
	bool sub = false;
	switch (c->op) {
	case COND_TRUE:
		if (!(text = answers_expand(a, c->text, e)))
			return -1;
		*out = answer_is_true(text);
		free(text);
		return 0;
	case COND_EQUALS:
		return expanded_equal(c->text, c->other, a, out, e);
	case COND_AT_LEAST:
		return at_least(c->text, c->other, a, out, e);
	case COND_NOT:
		if (condition_holds(&c->sub[0], a, f, &sub, e) != 0)
			return -1;
		*out = !sub;
		return 0;
	case COND_ALL:
	case COND_ANY:
		*out = c->op == COND_ALL;
		for (size_t i = 0; i < c->nsub; i++) {
			if (condition_holds(&c->sub[i], a, f, &sub, e) != 0)
				return -1;
			if (sub != (c->op == COND_ALL)) {
				*out = sub;
				break;
			}
		}
		return 0;
	case COND_VALUE_EXISTS:
	case COND_KEY_EXISTS:
		return place_exists(&c->place, a, f, out, e);
	case COND_CONTROL_SET_EXISTS:
		if (!(text = answers_expand(a, c->text, e)))
			return -1;
		{
			int number = facts_control_set_number(f->s, text);
			*out = number > 0 && f->s->have_system && system_control_set(&f->s->system, number);
		}
		free(text);
		return 0;
	}
	return rw_fail(e, RW_EXIT_USAGE, "unknown condition");
}
