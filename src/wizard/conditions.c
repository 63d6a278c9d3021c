/* Conditions of when: and refuse-if:, as a wizard writes them:
 *   '${console.value}'                         true when the text is yes, true, on or 1
 *   {equals: ['${a.b}', 'x']}                  {not: CONDITION}
 *   {at-least: ['${windows.build}', 9200]}     whole numbers: the first is at least the second
 *   {all: [CONDITION, ...]}                    {any: [CONDITION, ...]}
 *   {value-exists: {hive, key, control-sets, value}}   {key-exists: {hive, key, control-sets}}
 *   {control-set-exists: '${lkg.number}'}      (a number, or current/default/last-known-good/failed)
 * Evaluated on the snapshot and the answers by plan/condition.c. */
#include <stdlib.h>
#include <string.h>

#include "wizard/loader.h"

static const struct {
	const char *name;
	int op;
} forms[] = {
	{"equals", COND_EQUALS},
	{"not", COND_NOT},
	{"all", COND_ALL},
	{"any", COND_ANY},
	{"value-exists", COND_VALUE_EXISTS},
	{"key-exists", COND_KEY_EXISTS},
	{"control-set-exists", COND_CONTROL_SET_EXISTS},
	{"at-least", COND_AT_LEAST},
};

static int text_of(struct loader *l, yaml_node_t *n, char **out)
{
	const char *s = yamldoc_scalar(n);
	if (!s)
		return yamldoc_fail(&l->y, n, l->e, "a single value is expected here");
	*out = strdup(s);
	return loader_references(l, n, s);
}

static int subconditions(struct loader *l, yaml_node_t *n, struct condition *c, size_t want)
{
	bool list = n->type == YAML_SEQUENCE_NODE;
	size_t count = list ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 1;
	if ((want && count != want) || (!want && (!list || !count)))
		return yamldoc_fail(&l->y, n, l->e, want ? "'not' takes one condition" : "a list of conditions is "
				    "expected here");
	c->sub = calloc(count, sizeof *c->sub);
	if (!c->sub)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < count; i++) {
		c->nsub++;
		if (loader_condition(l, list ? yamldoc_node(&l->y, n->data.sequence.items.start[i]) : n, &c->sub[i]))
			return -1;
	}
	return 0;
}

static int pair(struct loader *l, yaml_node_t *n, struct condition *c, const char *form)
{
	if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.top - n->data.sequence.items.start != 2)
		return yamldoc_fail(&l->y, n, l->e, "%s takes a list of two values: [A, B]", form);
	return text_of(l, yamldoc_node(&l->y, n->data.sequence.items.start[0]), &c->text) != 0 ||
			       text_of(l, yamldoc_node(&l->y, n->data.sequence.items.start[1]), &c->other) != 0
		       ? -1
		       : 0;
}

int loader_condition(struct loader *l, yaml_node_t *n, struct condition *c)
{
	c->at = where_of(n);
	if (yamldoc_scalar(n)) {
		c->op = COND_TRUE;
		return text_of(l, n, &c->text);
	}
	if (n->type != YAML_MAPPING_NODE || n->data.mapping.pairs.top - n->data.mapping.pairs.start != 1)
		return yamldoc_fail(&l->y, n, l->e, "a condition is a reference ('${step.field}') or one of equals, "
				    "not, all, any, at-least, value-exists, key-exists, control-set-exists");
	const char *form = yamldoc_scalar(yamldoc_node(&l->y, n->data.mapping.pairs.start->key));
	yaml_node_t *arg = yamldoc_node(&l->y, n->data.mapping.pairs.start->value);
	c->op = -1;
	for (size_t i = 0; form && i < sizeof forms / sizeof *forms; i++)
		if (!strcmp(forms[i].name, form))
			c->op = forms[i].op;
	switch (c->op) {
	case COND_EQUALS: return pair(l, arg, c, "equals");
	case COND_AT_LEAST: return pair(l, arg, c, "at-least");
	case COND_NOT: return subconditions(l, arg, c, 1);
	case COND_ALL:
	case COND_ANY: return subconditions(l, arg, c, 0);
	case COND_VALUE_EXISTS: return loader_place(l, arg, 1, &c->place);
	case COND_KEY_EXISTS: return loader_place(l, arg, 0, &c->place);
	case COND_CONTROL_SET_EXISTS: return text_of(l, arg, &c->text);
	default:
		return yamldoc_fail(&l->y, n, l->e, "unknown condition '%s' (known: equals, not, all, any, "
				    "at-least, value-exists, key-exists, control-set-exists)", form ? form : "?");
	}
}

void condition_clear(struct condition *c)
{
	free(c->text);
	free(c->other);
	for (size_t i = 0; i < c->nsub; i++)
		condition_clear(&c->sub[i]);
	free(c->sub);
	place_clear(&c->place);
	memset(c, 0, sizeof *c);
}
