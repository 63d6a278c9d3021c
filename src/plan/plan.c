/* From a wizard's declarative edits and the answers to typed edits with their before and after values.
 * Values before come from the snapshot's private copies of the hives, read with hivex. */
#include "plan/plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "plan/render.h"

static struct plan_edit *add_edit(struct plan *p, int hive, int kind)
{
	struct plan_edit *grown = realloc(p->edits, (p->n + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	p->edits = grown;
	struct plan_edit *ed = &p->edits[p->n++];
	memset(ed, 0, sizeof *ed);
	ed->hive = hive;
	ed->kind = kind;
	return ed;
}

/* The value as it is in the hive copy now. */
static void read_before(const char *hive_copy, struct plan_edit *ed)
{
	hive_h *h = *hive_copy ? hivex_open(hive_copy, 0) : NULL;
	hive_node_h node = h ? reg_node_path(h, hivex_root(h), ed->key) : 0;
	hive_value_h v = node ? hivex_node_get_value(h, node, ed->name) : 0;
	if (v) {
		hive_type t;
		size_t len;
		char *data = hivex_value_value(h, v, &t, &len);
		if (data) {
			ed->existed = true;
			ed->old_type = (int)t;
			ed->old_data = (uint8_t *)data;
			ed->old_len = len;
		}
	}
	if (h)
		hivex_close(h);
	ed->no_change = ed->existed && ed->old_type == ed->type && ed->old_len == ed->len &&
			!memcmp(ed->old_data, ed->data, ed->len);
}

static uint8_t *utf16z(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *o = calloc(n + 1, 2);
	/* wizard texts are ASCII (paths, %SystemRoot%): one code unit per byte */
	for (size_t i = 0; o && i < n; i++)
		o[2 * i] = (uint8_t)s[i];
	*len = 2 * (n + 1);
	return o;
}

static uint8_t *little_endian(uint64_t v, size_t n)
{
	uint8_t *o = malloc(n);
	for (size_t i = 0; o && i < n; i++)
		o[i] = (uint8_t)(v >> (8 * i));
	return o;
}

static int encode(struct plan_edit *ed, int value_type, const char *text, struct rw_error *e)
{
	switch (value_type) {
	case VALUE_DWORD:
		ed->type = hive_t_REG_DWORD;
		ed->data = little_endian(strtoull(text, NULL, 0), ed->len = 4);
		break;
	case VALUE_QWORD:
		ed->type = hive_t_REG_QWORD;
		ed->data = little_endian(strtoull(text, NULL, 0), ed->len = 8);
		break;
	case VALUE_SZ:
	case VALUE_EXPAND_SZ:
		ed->type = value_type == VALUE_SZ ? hive_t_REG_SZ : hive_t_REG_EXPAND_SZ;
		ed->data = utf16z(text, &ed->len);
		break;
	case VALUE_BOOLEAN: /* BCD booleans: 1 byte, as bcdedit writes them */
		ed->type = hive_t_REG_BINARY;
		ed->data = little_endian(answer_is_true(text), ed->len = 1);
		break;
	case VALUE_INTEGER: /* BCD integers: 8 bytes little endian */
		ed->type = hive_t_REG_BINARY;
		ed->data = little_endian(strtoull(text, NULL, 0), ed->len = 8);
		break;
	}
	return ed->data ? 0 : rw_fail(e, RW_EXIT_USAGE, "out of memory");
}

static int registry_edit(struct plan *p, const struct edit *ed, const struct answers *a, const struct snapshot *s,
			 struct rw_error *e)
{
	if (!s->have_system)
		return rw_fail(e, RW_EXIT_REFUSED, "no readable SYSTEM hive to edit");
	int boot = system_boot_control_set(&s->system);
	for (size_t c = 0; c < s->system.ncontrol_sets; c++) {
		const struct control_set *cs = &s->system.control_sets[c];
		if (ed->scope == SCOPE_CURRENT && cs->number != boot)
			continue;
		for (size_t i = 0; i < ed->nvalues; i++) {
			char *text = answers_expand(a, ed->values[i].text, e);
			struct plan_edit *pe = text ? add_edit(p, PLAN_SYSTEM, PLAN_REGISTRY_VALUE) : NULL;
			if (!pe || encode(pe, ed->values[i].type, text, e) != 0) {
				free(text);
				return -1;
			}
			snprintf(pe->key, sizeof pe->key, "%s\\%s", cs->name, ed->key);
			snprintf(pe->name, sizeof pe->name, "%s", ed->values[i].name);
			read_before(*s->system_file.replayed ? s->system_file.replayed : s->system_file.copy, pe);
			free(text);
		}
	}
	return 0;
}

/* Does `from` reach `target` through inherit lists (or is it `target`)? */
static bool reaches(const struct bcd_store *b, const struct bcd_object *from, const char *target, int depth)
{
	if (!from || depth > 16)
		return false;
	if (!strcmp(from->guid, target))
		return true;
	const struct bcd_element *inh = bcd_own(from, BCD_INHERIT);
	for (size_t i = 0; inh && inh->decoded && i < inh->nlist; i++)
		if (reaches(b, bcd_find(b, inh->list[i]), target, depth + 1))
			return true;
	return false;
}

static const char *key_of(const struct bcd_store *b, const char *guid)
{
	const struct bcd_object *o = bcd_find(b, guid);
	return o ? o->key_name : guid;
}

/* Makes `target` inherited by {globalsettings} when the loader reaches that, else by the loader itself. */
static int inherit_edit(struct plan *p, const struct snapshot *s, const char *loader, const char *target,
			struct rw_error *e)
{
	const struct bcd_store *b = &s->bcd;
	const struct bcd_object *from = bcd_find(b, loader), *global = bcd_find(b, "{globalsettings}");
	if (!from)
		return rw_fail(e, RW_EXIT_USAGE, "%s is not in the BCD store", loader);
	if (reaches(b, from, target, 0))
		return 0;
	const struct bcd_object *holder = global && reaches(b, from, global->guid, 0) ? global : from;
	const struct bcd_element *inh = bcd_own(holder, BCD_INHERIT);
	size_t len = 0;
	for (size_t i = 0; inh && inh->decoded && i < inh->nlist; i++)
		len += 2 * (strlen(inh->list[i]) + 1);
	len += 2 * (strlen(target) + 1) + 2;
	uint8_t *data = calloc(1, len), *o = data;
	for (size_t i = 0; data && inh && inh->decoded && i <= inh->nlist; i++) {
		const char *g = i < inh->nlist ? inh->list[i] : target;
		for (const char *c = g; *c; c++, o += 2)
			*o = (uint8_t)*c;
		o += 2;
	}
	for (const char *c = target; data && !(inh && inh->decoded) && *c; c++, o += 2)
		*o = (uint8_t)*c;
	struct plan_edit *pe = data ? add_edit(p, PLAN_BCD, PLAN_BCD_INHERIT) : NULL;
	if (!pe) {
		free(data);
		return rw_fail(e, RW_EXIT_USAGE, "out of memory");
	}
	pe->type = hive_t_REG_MULTI_SZ;
	pe->data = data;
	pe->len = len;
	snprintf(pe->key, sizeof pe->key, "Objects\\%s\\Elements\\%08x", holder->key_name, BCD_INHERIT);
	snprintf(pe->name, sizeof pe->name, "Element");
	read_before(*s->bcd_file.replayed ? s->bcd_file.replayed : s->bcd_file.copy, pe);
	return 0;
}

static int bcd_edit(struct plan *p, const struct edit *ed, const struct answers *a, const struct snapshot *s,
		    struct rw_error *e)
{
	if (!s->have_bcd)
		return rw_fail(e, RW_EXIT_REFUSED, "no readable BCD store to edit");
	char *object = answers_expand(a, ed->object, e), guid[GUID_TEXT_LEN];
	if (!object)
		return -1;
	bool ok = guid_normalize(bcd_guid_for_alias(object), guid);
	free(object);
	if (!ok)
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a BCD object", ed->object);
	if (!bcd_find(&s->bcd, guid)) {
		if (!ed->create_if_missing)
			return rw_fail(e, RW_EXIT_REFUSED, "the BCD store has no object %s", guid);
		struct plan_edit *pe = add_edit(p, PLAN_BCD, PLAN_BCD_CREATE);
		if (!pe || encode(pe, VALUE_DWORD, "0x20100000", e) != 0)
			return -1;
		snprintf(pe->key, sizeof pe->key, "Objects\\%s\\Description", guid);
		snprintf(pe->name, sizeof pe->name, "Type");
	}
	for (size_t i = 0; i < ed->nvalues; i++) {
		char *text = answers_expand(a, ed->values[i].text, e);
		struct plan_edit *pe = text ? add_edit(p, PLAN_BCD, PLAN_BCD_ELEMENT) : NULL;
		if (!pe || encode(pe, ed->values[i].type, text, e) != 0) {
			free(text);
			return -1;
		}
		free(text);
		snprintf(pe->key, sizeof pe->key, "Objects\\%s\\Elements\\%08x", key_of(&s->bcd, guid),
			 bcd_element_id(ed->values[i].name));
		snprintf(pe->name, sizeof pe->name, "Element");
		read_before(*s->bcd_file.replayed ? s->bcd_file.replayed : s->bcd_file.copy, pe);
	}
	if (!ed->reachable_from)
		return 0;
	char *loader = answers_expand(a, ed->reachable_from, e);
	int rc = loader ? inherit_edit(p, s, loader, guid, e) : -1;
	free(loader);
	return rc;
}

int plan_build(struct plan *p, const struct step *apply, const struct answers *a, const struct snapshot *s,
	       struct rw_error *e)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < apply->nedits; i++) {
		const struct edit *ed = &apply->edits[i];
		if (ed->when) {
			char *cond = answers_expand(a, ed->when, e);
			bool skip = !cond || !answer_is_true(cond);
			free(cond);
			if (skip)
				continue;
		}
		if ((ed->kind == EDIT_REGISTRY ? registry_edit(p, ed, a, s, e) : bcd_edit(p, ed, a, s, e)) != 0) {
			plan_free(p);
			return -1;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		plan_render(&p->edits[i], s);
		p->changes += !p->edits[i].no_change;
	}
	return 0;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->edits[i].data);
		free(p->edits[i].old_data);
	}
	free(p->edits);
	memset(p, 0, sizeof *p);
}
