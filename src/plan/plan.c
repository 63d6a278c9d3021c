/* From a wizard's declarative edits and the answers to typed edits with their before and after values.
 * Values before come from the snapshot's private copies of the hives (plan/facts.c), each opened once. */
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf16.h"
#include "hive/value.h"
#include "plan/condition.h"
#include "plan/encode.h"
#include "plan/facts.h"
#include "plan/render.h"

struct builder {
	struct plan *p;
	const struct step *apply;
	const struct answers *a;
	const struct snapshot *s;
	struct facts f;
	struct rw_error *e;
};

static struct plan_edit *add_edit(struct builder *b, int hive, int kind, int op, const char *key, const char *name)
{
	struct plan *p = b->p;
	struct plan_edit *grown = realloc(p->edits, (p->n + 1) * sizeof *grown);
	if (!grown) {
		rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
		return NULL;
	}
	p->edits = grown;
	struct plan_edit *ed = &p->edits[p->n++];
	memset(ed, 0, sizeof *ed);
	ed->hive = hive;
	ed->kind = kind;
	ed->op = op;
	snprintf(ed->key, sizeof ed->key, "%s", key);
	snprintf(ed->name, sizeof ed->name, "%s", name ? name : "");
	return ed;
}

/* The value `name` of a key as it is now (kept in ed->old_*). */
static void old_value(hive_h *h, hive_node_h node, const char *name, struct plan_edit *ed)
{
	hive_value_h v = node ? hivex_node_get_value(h, node, name) : 0;
	hive_type t;
	size_t len;
	char *data = v ? hivex_value_value(h, v, &t, &len) : NULL;
	if (data) {
		ed->existed = true;
		ed->old_type = (int)t;
		ed->old_data = (uint8_t *)data;
		ed->old_len = len;
	}
}

/* What is in the hive copy now, and whether the edit changes it. */
static void read_before(struct builder *b, struct plan_edit *ed)
{
	hive_h *h = facts_hive(&b->f, ed->hive);
	hive_node_h node = h ? reg_node_path(h, hivex_root(h), ed->key) : 0;
	/* a BCD element to delete is its key: the review shows the value it held (safeboot Minimal) */
	if (ed->op == OP_DELETE_KEY && ed->kind == PLAN_BCD_ELEMENT)
		old_value(h, node, "Element", ed);
	if (ed->op == OP_CREATE_KEY || ed->op == OP_DELETE_KEY) {
		ed->existed = node != 0;
		if (node) {
			size_t *values = hivex_node_values(h, node), *children = hivex_node_children(h, node);
			ed->old_values = reg_handles_count(values);
			ed->old_subkeys = reg_handles_count(children);
			free(values);
			free(children);
		}
		ed->no_change = ed->op == OP_CREATE_KEY ? ed->existed : !ed->existed;
		return;
	}
	old_value(h, node, ed->name, ed);
	ed->no_change = ed->op == OP_DELETE_VALUE ? !ed->existed
						   : ed->existed && ed->old_type == ed->type && ed->old_len == ed->len &&
							     !memcmp(ed->old_data, ed->data, ed->len);
}

/* The value's items with their references expanded, encoded as its type; refused with the step, the place
 * and the type's range. */
static int encode_expanded(struct builder *b, const struct edit_value *v, const char *where, struct encoded *out)
{
	char **items = calloc(v->nitems + 1, sizeof *items);
	int rc = items ? 0 : rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; rc == 0 && i < v->nitems; i++)
		if (!(items[i] = answers_expand(b->a, v->items[i], b->e)))
			rc = -1;
	char why[400];
	if (rc == 0 && encode_value(v->type, v->name, (const char *const *)items, v->nitems, out, why, sizeof why))
		rc = rw_fail(b->e, RW_EXIT_USAGE, "step '%s', %s: %s", b->apply->id, where, why);
	for (size_t i = 0; items && i < v->nitems; i++)
		free(items[i]);
	free(items);
	return rc;
}

static int set_value(struct builder *b, int hive, int kind, const char *key, const struct edit_value *v)
{
	struct encoded enc;
	char where[700];
	snprintf(where, sizeof where, "%s\\%s", key, v->name);
	if (encode_expanded(b, v, where, &enc) != 0)
		return -1;
	struct plan_edit *pe = add_edit(b, hive, kind, OP_SET_VALUE, key, kind == PLAN_REGISTRY ? v->name : "Element");
	if (!pe) {
		encoded_free(&enc);
		return -1;
	}
	pe->type = enc.reg_type;
	pe->data = enc.data;
	pe->len = enc.len;
	pe->bcd_id = enc.bcd_id;
	if (kind == PLAN_BCD_ELEMENT)
		snprintf(pe->key + strlen(pe->key), sizeof pe->key - strlen(pe->key), "\\%08x", enc.bcd_id);
	read_before(b, pe);
	return 0;
}

static int registry_at(struct builder *b, const struct edit *ed, const char *key)
{
	int hive = ed->place.hive;
	struct plan_edit *pe;
	if (ed->create_key || ed->delete_key) {
		pe = add_edit(b, hive, PLAN_REGISTRY, ed->delete_key ? OP_DELETE_KEY : OP_CREATE_KEY, key, NULL);
		if (!pe)
			return -1;
		read_before(b, pe);
	}
	for (size_t i = 0; i < ed->nvalues; i++)
		if (set_value(b, hive, PLAN_REGISTRY, key, &ed->values[i]) != 0)
			return -1;
	for (size_t i = 0; i < ed->ndeletes; i++) {
		if (!(pe = add_edit(b, hive, PLAN_REGISTRY, OP_DELETE_VALUE, key, ed->deletes[i])))
			return -1;
		read_before(b, pe);
	}
	return 0;
}

static int registry_edit(struct builder *b, const struct edit *ed)
{
	const struct hive_file *hf = facts_file(b->s, ed->place.hive);
	if (!facts_hive(&b->f, ed->place.hive))
		return rw_fail(b->e, RW_EXIT_REFUSED, "no readable %s hive to edit%s%s",
			       hive_name_text(ed->place.hive), hf->found ? ": " : "", hf->found ? hf->where : "");
	int sets[16];
	size_t n;
	char *key = answers_expand(b->a, ed->place.key, b->e);
	int rc = key ? facts_control_sets(b->s, ed->place.scope, sets, &n, b->e) : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char path[512];
		facts_key_path(b->s, sets[i], key, path, sizeof path);
		rc = registry_at(b, ed, path);
	}
	free(key);
	return rc;
}

static bool is_object(const struct bcd_object *o, void *guid)
{
	return !strcmp(o->guid, guid);
}

/* Does `from` reach `target` through inherit lists (or is it `target`)? */
static bool store_reaches(const struct bcd_store *st, const struct bcd_object *from, const char *target)
{
	return bcd_inherit_walk(st, from, is_object, (void *)target, NULL) != NULL;
}

static const char *key_of(const struct bcd_store *st, const char *guid)
{
	const struct bcd_object *o = bcd_find(st, guid);
	return o ? o->key_name : guid;
}

/* Makes `target` inherited by {globalsettings} when the loader reaches that, else by the loader itself. */
static int inherit_edit(struct builder *b, const char *loader, const char *target)
{
	const struct bcd_store *st = &b->s->bcd;
	const struct bcd_object *from = bcd_find(st, loader), *global = bcd_find(st, "{globalsettings}");
	if (!from)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s is not in the BCD store", loader);
	if (store_reaches(st, from, target))
		return 0;
	const struct bcd_object *holder = global && store_reaches(st, from, global->guid) ? global : from;
	const struct bcd_element *inh = bcd_own(holder, BCD_INHERIT);
	size_t n = inh && inh->decoded ? inh->nlist : 0;
	const char **items = calloc(n + 1, sizeof *items);
	if (!items)
		return rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < n; i++)
		items[i] = inh->list[i];
	items[n] = target;
	char key[512], why[200];
	snprintf(key, sizeof key, "Objects\\%s\\Elements\\%08x", holder->key_name, BCD_INHERIT);
	struct plan_edit *pe = add_edit(b, HIVE_BCD, PLAN_BCD_INHERIT, OP_SET_VALUE, key, "Element");
	if (pe) {
		pe->type = hive_t_REG_MULTI_SZ;
		pe->bcd_id = BCD_INHERIT;
		pe->data = utf8_list_to_multi_sz(items, n + 1, &pe->len, why, sizeof why);
	}
	free(items);
	if (!pe || !pe->data)
		return pe ? rw_fail(b->e, RW_EXIT_USAGE, "%s", why) : -1;
	read_before(b, pe);
	return 0;
}

static int create_object(struct builder *b, const char *guid)
{
	char key[256];
	snprintf(key, sizeof key, "Objects\\%s\\Description", guid);
	struct plan_edit *pe = add_edit(b, HIVE_BCD, PLAN_BCD_CREATE, OP_SET_VALUE, key, "Type");
	uint32_t type = bcd_known_object_type(guid);
	if (!pe)
		return -1;
	pe->type = hive_t_REG_DWORD;
	pe->len = 4;
	pe->data = malloc(4);
	for (int i = 0; pe->data && i < 4; i++)
		pe->data[i] = (uint8_t)(type >> (8 * i));
	return pe->data ? 0 : rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
}

static int delete_element(struct builder *b, const char *elements_key, const char *name)
{
	char key[512];
	snprintf(key, sizeof key, "%s\\%08x", elements_key, bcd_element_id(name));
	struct plan_edit *pe = add_edit(b, HIVE_BCD, PLAN_BCD_ELEMENT, OP_DELETE_KEY, key, NULL);
	if (!pe)
		return -1;
	pe->bcd_id = bcd_element_id(name);
	read_before(b, pe);
	return 0;
}

static int bcd_edit(struct builder *b, const struct edit *ed)
{
	if (!b->s->have_bcd || !facts_hive(&b->f, HIVE_BCD))
		return rw_fail(b->e, RW_EXIT_REFUSED, "no readable BCD store to edit");
	char *object = answers_expand(b->a, ed->object, b->e), guid[GUID_TEXT_LEN];
	if (!object)
		return -1;
	bool ok = guid_normalize(bcd_guid_for_alias(object), guid);
	free(object);
	if (!ok)
		return rw_fail(b->e, RW_EXIT_USAGE, "'%s' is not a BCD object", ed->object);
	if (!bcd_find(&b->s->bcd, guid)) {
		if (!ed->create_if_missing)
			return rw_fail(b->e, RW_EXIT_REFUSED, "the BCD store has no object %s", guid);
		if (create_object(b, guid) != 0)
			return -1;
	}
	char elements[256];
	snprintf(elements, sizeof elements, "Objects\\%s\\Elements", key_of(&b->s->bcd, guid));
	for (size_t i = 0; i < ed->nvalues; i++)
		if (set_value(b, HIVE_BCD, PLAN_BCD_ELEMENT, elements, &ed->values[i]) != 0)
			return -1;
	for (size_t i = 0; i < ed->ndeletes; i++)
		if (delete_element(b, elements, ed->deletes[i]) != 0)
			return -1;
	if (!ed->reachable_from)
		return 0;
	char *loader = answers_expand(b->a, ed->reachable_from, b->e);
	int rc = loader ? inherit_edit(b, loader, guid) : -1;
	free(loader);
	return rc;
}

static int one_edit(struct builder *b, const struct edit *ed)
{
	bool applies = true;
	if (ed->when && condition_holds(ed->when, b->a, &b->f, &applies, b->e) != 0)
		return -1;
	if (!applies)
		return 0;
	return ed->kind == EDIT_REGISTRY ? registry_edit(b, ed) : bcd_edit(b, ed);
}

int plan_build(struct plan *p, const struct step *apply, const struct answers *a, const struct snapshot *s,
	       struct rw_error *e)
{
	memset(p, 0, sizeof *p);
	struct builder b = {.p = p, .apply = apply, .a = a, .s = s, .e = e};
	facts_init(&b.f, s);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < apply->nedits; i++)
		rc = one_edit(&b, &apply->edits[i]);
	facts_close(&b.f);
	if (rc != 0) {
		plan_free(p);
		return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		plan_render(&p->edits[i], s);
		p->changes += !p->edits[i].no_change;
	}
	return 0;
}

bool plan_changes_hive(const struct plan *p, int hive)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->edits[i].hive == hive && !p->edits[i].no_change)
			return true;
	return false;
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
