#include "engine/answers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static struct answer *find(const struct answers *a, const char *step, const char *field)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->items[i].step, step) && !strcmp(a->items[i].field, field))
			return &a->items[i];
	return NULL;
}

int answers_set(struct answers *a, const char *step, const char *field, const char *value, int source)
{
	struct answer *old = find(a, step, field);
	char *copy = strdup(value);
	if (!copy)
		return -1;
	if (old) {
		free(old->value);
		old->value = copy;
		old->source = source;
		return 0;
	}
	struct answer *grown = realloc(a->items, (a->n + 1) * sizeof *grown);
	if (!grown) {
		free(copy);
		return -1;
	}
	a->items = grown;
	struct answer *n = &a->items[a->n++];
	snprintf(n->step, sizeof n->step, "%s", step);
	snprintf(n->field, sizeof n->field, "%s", field);
	n->value = copy;
	n->source = source;
	return 0;
}

int answers_record(struct answers *a, const char *step, const char *const *fields, const char *const *values,
		   int source, struct rw_error *e)
{
	for (size_t i = 0; fields[i]; i++)
		if (answers_set(a, step, fields[i], values[i], source) != 0)
			return rw_fail(e, RW_EXIT_USAGE, "out of memory");
	return 0;
}

const char *answers_get(const struct answers *a, const char *step, const char *field)
{
	const struct answer *x = find(a, step, field);
	return x ? x->value : NULL;
}

void answers_drop_step(struct answers *a, const char *step)
{
	size_t kept = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (!strcmp(a->items[i].step, step))
			free(a->items[i].value);
		else
			a->items[kept++] = a->items[i];
	}
	a->n = kept;
}

void answers_free(struct answers *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->items[i].value);
	free(a->items);
	a->items = NULL;
	a->n = 0;
}

const char *answer_source_name(int source)
{
	static const char *const names[] = {"operator", "answers file", "default", "detected"};
	return source >= 0 && source <= ANSWER_DETECTED ? names[source] : "?";
}

char *answers_expand(const struct answers *a, const char *text, struct rw_error *e)
{
	size_t cap = strlen(text) + 1, len = 0;
	char *out = malloc(cap);
	const char *p = text;
	while (out && *p) {
		const char *ref = strstr(p, "${"), *end = ref ? strchr(ref, '}') : NULL;
		const char *dot = end ? memchr(ref, '.', (size_t)(end - ref)) : NULL;
		size_t lit = ref && dot ? (size_t)(ref - p) : strlen(p);
		char step[64] = "", field[64] = "";
		const char *value = "";
		if (ref && dot) {
			snprintf(step, sizeof step, "%.*s", (int)(dot - ref - 2), ref + 2);
			snprintf(field, sizeof field, "%.*s", (int)(end - dot - 1), dot + 1);
			value = answers_get(a, step, field);
			if (!value) {
				free(out);
				rw_fail(e, RW_EXIT_USAGE, "${%s.%s} has no answer yet", step, field);
				return NULL;
			}
		}
		size_t need = len + lit + strlen(value) + 1;
		if (need > cap) {
			char *grown = realloc(out, cap = need * 2);
			if (!grown)
				free(out);
			out = grown;
			if (!out)
				break;
		}
		memcpy(out + len, p, lit);
		len += lit;
		memcpy(out + len, value, strlen(value));
		len += strlen(value);
		p = ref && dot ? end + 1 : p + lit;
	}
	if (out)
		out[len] = '\0';
	return out;
}

bool answer_is_true(const char *v)
{
	return v && (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcmp(v, "1"));
}
