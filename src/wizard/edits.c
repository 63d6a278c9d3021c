/* The apply step's edits: registry (set, delete values, create or delete a key, in SYSTEM or SOFTWARE, at
 * the root or below the chosen control sets) and BCD (set or delete elements by bcdedit name, create a
 * well-known object). Literal values are checked against their type here; values that hold references are
 * checked when the plan is built, against the same rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "core/number.h"
#include "plan/encode.h"
#include "wizard/loader.h"

static const struct {
	const char *name;
	int type;
} registry_types[] = {
	{"dword", VALUE_DWORD},         {"qword", VALUE_QWORD},       {"sz", VALUE_SZ},
	{"expand_sz", VALUE_EXPAND_SZ}, {"multi_sz", VALUE_MULTI_SZ}, {"binary", VALUE_BINARY},
};

static const char *const scopes[] = {
	[SCOPE_NONE] = "none", [SCOPE_EXISTING] = "existing", [SCOPE_CURRENT] = "current",
	[SCOPE_DEFAULT] = "default", [SCOPE_LAST_KNOWN_GOOD] = "last-known-good",
};

const char *scope_name(int scope)
{
	return scope >= 0 && scope <= SCOPE_LAST_KNOWN_GOOD ? scopes[scope] : "?";
}

void strings_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int loader_strings(struct loader *l, yaml_node_t *n, const char *what, char ***out, size_t *count)
{
	bool list = n->type == YAML_SEQUENCE_NODE;
	size_t c = list ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 1;
	if (!list && !yamldoc_scalar(n))
		return yamldoc_fail(&l->y, n, l->e, "%s must be a single value or a list of them", what);
	*out = calloc(c + 1, sizeof **out);
	if (!*out)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < c; i++) {
		yaml_node_t *item = list ? yamldoc_node(&l->y, n->data.sequence.items.start[i]) : n;
		const char *s = yamldoc_scalar(item);
		if (!s)
			return yamldoc_fail(&l->y, item, l->e, "each item of %s must be a single value", what);
		(*out)[(*count)++] = strdup(s);
		if (loader_references(l, item, s) != 0)
			return -1;
	}
	return 0;
}

void place_clear(struct reg_place *p)
{
	free(p->key);
	free(p->value);
	memset(p, 0, sizeof *p);
}

static int hive_of(struct loader *l, yaml_node_t *m, int *hive)
{
	yaml_node_t *n = yamldoc_get(&l->y, m, "hive");
	const char *h = yamldoc_scalar(n);
	if (!n)
		return yamldoc_fail(&l->y, m, l->e, "'hive' is missing here");
	*hive = h && !strcmp(h, "SYSTEM") ? HIVE_SYSTEM : h && !strcmp(h, "SOFTWARE") ? HIVE_SOFTWARE : -1;
	if (*hive < 0)
		return yamldoc_fail(&l->y, n, l->e, "hive '%s' is not one a wizard edits (SYSTEM or SOFTWARE)",
				    h ? h : "?");
	return 0;
}

/* SYSTEM keys say which control sets they live under (none: from the hive root, as Select); SOFTWARE has
 * no control sets. A key never names one itself: offline there is no CurrentControlSet, and a ControlSet00N
 * written by name may not exist. */
static int scope_of(struct loader *l, yaml_node_t *m, struct reg_place *p)
{
	yaml_node_t *cs = yamldoc_get(&l->y, m, "control-sets");
	const char *v = yamldoc_scalar(cs);
	if (!strncasecmp(p->key, "CurrentControlSet", 17) || !strncasecmp(p->key, "ControlSet", 10))
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, m, "key"), l->e,
				    "write the key below the control set (e.g. 'Control\\CrashControl') and say "
				    "'control-sets: existing': an offline hive has no CurrentControlSet");
	p->scope = -1;
	for (int i = 0; v && i <= SCOPE_LAST_KNOWN_GOOD; i++)
		if (!strcmp(v, scopes[i]))
			p->scope = i;
	if (cs && p->scope < 0)
		return yamldoc_fail(&l->y, cs, l->e, "control-sets must be existing, current, default, last-known-good "
				    "or none");
	if (p->hive == HIVE_SOFTWARE && cs && p->scope != SCOPE_NONE)
		return yamldoc_fail(&l->y, cs, l->e, "the SOFTWARE hive has no control sets: leave control-sets out");
	if (p->hive == HIVE_SYSTEM && !cs)
		return yamldoc_fail(&l->y, m, l->e, "say which control sets the key is under: 'control-sets: "
				    "existing' (or current, default, last-known-good), or 'none' for a key at the hive "
				    "root such as Select");
	if (!cs)
		p->scope = SCOPE_NONE;
	return 0;
}

int loader_place(struct loader *l, yaml_node_t *n, int with_value, struct reg_place *out)
{
	static const char *const keys[] = {"hive", "key", "control-sets", "value", NULL};
	out->at = where_of(n);
	if (yamldoc_check_keys(&l->y, n, "a registry place", keys, l->e) != 0 || hive_of(l, n, &out->hive) != 0 ||
	    loader_string(l, n, "key", true, &out->key) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "key"), out->key) != 0 || scope_of(l, n, out) != 0 ||
	    loader_string(l, n, "value", with_value == 1, &out->value) != 0)
		return -1;
	if (with_value == 0 && out->value)
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "value"), l->e, "a key is named here, not a value");
	return 0;
}

static struct edit_value *add_value(struct edit *ed, const char *name, int type, yaml_node_t *n)
{
	struct edit_value *grown = realloc(ed->values, (ed->nvalues + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	ed->values = grown;
	struct edit_value *v = &ed->values[ed->nvalues++];
	*v = (struct edit_value){strdup(name), type, NULL, 0, where_of(n)};
	return v;
}

static bool has_reference(const struct edit_value *v)
{
	for (size_t i = 0; i < v->nitems; i++)
		if (strstr(v->items[i], "${"))
			return true;
	return false;
}

/* A literal must encode as its type now (the same encoder the plan uses); one with references later. */
static int literal_ok(struct loader *l, yaml_node_t *n, const struct edit_value *v)
{
	if (v->type != VALUE_MULTI_SZ && v->type != VALUE_BCD && v->nitems != 1)
		return yamldoc_fail(&l->y, n, l->e, "'%s' takes one value, not a list", v->name);
	if (has_reference(v))
		return 0;
	struct encoded out;
	char why[300];
	if (encode_value(v->type, v->name, (const char *const *)v->items, v->nitems, &out, why, sizeof why) != 0)
		return yamldoc_fail(&l->y, n, l->e, "%s", why);
	encoded_free(&out);
	return 0;
}

/* registry set: {Name: {dword: 1}, Other: {expand_sz: '...'}, List: {multi_sz: [a, b]}} */
static int registry_values(struct loader *l, yaml_node_t *set, struct edit *ed)
{
	if (set->type != YAML_MAPPING_NODE || set->data.mapping.pairs.start == set->data.mapping.pairs.top)
		return yamldoc_fail(&l->y, set, l->e, "'set' must map value names to {type: value}");
	for (yaml_node_pair_t *p = set->data.mapping.pairs.start; p < set->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yamldoc_node(&l->y, p->key), *vn = yamldoc_node(&l->y, p->value);
		const char *name = yamldoc_scalar(kn);
		if (!name || vn->type != YAML_MAPPING_NODE ||
		    vn->data.mapping.pairs.top - vn->data.mapping.pairs.start != 1)
			return yamldoc_fail(&l->y, vn, l->e, "value '%s' must be written {type: value}, e.g. {dword: 1}",
					    name ? name : "?");
		yaml_node_t *tn = yamldoc_node(&l->y, vn->data.mapping.pairs.start->key);
		yaml_node_t *dn = yamldoc_node(&l->y, vn->data.mapping.pairs.start->value);
		const char *type = yamldoc_scalar(tn);
		int t = -1;
		for (size_t i = 0; type && i < sizeof registry_types / sizeof *registry_types; i++)
			if (!strcmp(registry_types[i].name, type))
				t = registry_types[i].type;
		if (t < 0)
			return yamldoc_fail(&l->y, tn, l->e, "unknown registry type '%s' (known: dword, qword, sz, "
					    "expand_sz, multi_sz, binary)", type ? type : "?");
		struct edit_value *v = add_value(ed, name, t, dn);
		if (!v || loader_strings(l, dn, "the data", &v->items, &v->nitems) != 0 || literal_ok(l, dn, v) != 0)
			return -1;
	}
	return 0;
}

/* bcd set: {ems: true, emsport: 1, recoverysequence: ['{...}']} */
static int bcd_values(struct loader *l, yaml_node_t *set, struct edit *ed)
{
	if (set->type != YAML_MAPPING_NODE || set->data.mapping.pairs.start == set->data.mapping.pairs.top)
		return yamldoc_fail(&l->y, set, l->e, "'set' must map BCD element names to values, e.g. {ems: true}");
	for (yaml_node_pair_t *p = set->data.mapping.pairs.start; p < set->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yamldoc_node(&l->y, p->key), *vn = yamldoc_node(&l->y, p->value);
		const char *name = yamldoc_scalar(kn);
		if (!name)
			return yamldoc_fail(&l->y, kn, l->e, "a BCD element is named by its bcdedit name");
		struct edit_value *v = add_value(ed, name, VALUE_BCD, vn);
		if (!v || loader_strings(l, vn, "the value", &v->items, &v->nitems) != 0)
			return -1;
		char why[300];
		if (!encode_bcd_element_known(name, why, sizeof why))
			return yamldoc_fail(&l->y, kn, l->e, "%s", why);
		if (literal_ok(l, vn, v) != 0)
			return -1;
	}
	return 0;
}

/* delete: [Name, ...]: values of the key, or elements of the object */
static int deletes(struct loader *l, yaml_node_t *m, struct edit *ed)
{
	yaml_node_t *n = yamldoc_get(&l->y, m, "delete");
	if (!n)
		return 0;
	if (loader_strings(l, n, "delete", &ed->deletes, &ed->ndeletes) != 0)
		return -1;
	char why[300];
	for (size_t i = 0; ed->kind == EDIT_BCD && i < ed->ndeletes; i++)
		if (!encode_bcd_element_known(ed->deletes[i], why, sizeof why))
			return yamldoc_fail(&l->y, n, l->e, "%s", why);
	return 0;
}

static int flag(struct loader *l, yaml_node_t *m, const char *key, bool *out)
{
	yaml_node_t *n = yamldoc_get(&l->y, m, key);
	const char *v = yamldoc_scalar(n);
	if (!n)
		return 0;
	if (!v || (strcmp(v, "true") && strcmp(v, "false")))
		return yamldoc_fail(&l->y, n, l->e, "'%s' must be true or false", key);
	*out = !strcmp(v, "true");
	return 0;
}

static int registry_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"hive", "key", "control-sets", "set", "delete", "create-key",
					   "delete-key", NULL};
	if (yamldoc_check_keys(&l->y, n, "a registry edit", keys, l->e) != 0 || hive_of(l, n, &ed->place.hive) != 0 ||
	    loader_string(l, n, "key", true, &ed->place.key) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "key"), ed->place.key) != 0 || scope_of(l, n, &ed->place) != 0 ||
	    flag(l, n, "create-key", &ed->create_key) != 0 || flag(l, n, "delete-key", &ed->delete_key) != 0)
		return -1;
	ed->place.at = where_of(n);
	yaml_node_t *set = yamldoc_get(&l->y, n, "set");
	if (set && registry_values(l, set, ed) != 0)
		return -1;
	if (deletes(l, n, ed) != 0)
		return -1;
	if (ed->delete_key && (ed->nvalues || ed->ndeletes || ed->create_key))
		return yamldoc_fail(&l->y, n, l->e, "delete-key removes the key with everything in it: it goes alone");
	if (!ed->nvalues && !ed->ndeletes && !ed->create_key && !ed->delete_key)
		return yamldoc_fail(&l->y, n, l->e, "a registry edit needs set, delete, create-key or delete-key");
	return 0;
}

static int bcd_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"object", "create", "reachable-from", "set", "delete", NULL};
	if (yamldoc_check_keys(&l->y, n, "a bcd edit", keys, l->e) != 0 ||
	    loader_string(l, n, "object", true, &ed->object) != 0 ||
	    loader_string(l, n, "reachable-from", false, &ed->reachable_from) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "object"), ed->object) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "reachable-from"), ed->reachable_from) != 0)
		return -1;
	yaml_node_t *c = yamldoc_get(&l->y, n, "create");
	if (c) {
		const char *v = yamldoc_scalar(c);
		if (!v || (strcmp(v, "if-missing") && strcmp(v, "never")))
			return yamldoc_fail(&l->y, c, l->e, "create must be 'if-missing' or 'never'");
		ed->create_if_missing = !strcmp(v, "if-missing");
		char guid[GUID_TEXT_LEN];
		if (ed->create_if_missing && (!guid_normalize(bcd_guid_for_alias(ed->object), guid) ||
					      !bcd_known_object_type(guid)))
			return yamldoc_fail(&l->y, c, l->e, "only a well-known settings object ({emssettings}, "
					    "{globalsettings}, ...) can be created, not '%s'", ed->object);
	}
	yaml_node_t *set = yamldoc_get(&l->y, n, "set");
	if (set && bcd_values(l, set, ed) != 0)
		return -1;
	if (deletes(l, n, ed) != 0)
		return -1;
	if (!ed->nvalues && !ed->ndeletes)
		return yamldoc_fail(&l->y, n, l->e, "a bcd edit needs set or delete");
	return 0;
}

static int one_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"registry", "bcd", "when", NULL};
	if (yamldoc_check_keys(&l->y, n, "an edit", keys, l->e) != 0)
		return -1;
	ed->at = where_of(n);
	yaml_node_t *reg = yamldoc_get(&l->y, n, "registry"), *bcd = yamldoc_get(&l->y, n, "bcd");
	yaml_node_t *when = yamldoc_get(&l->y, n, "when");
	if (!!reg == !!bcd)
		return yamldoc_fail(&l->y, n, l->e, "an edit is either 'registry:' or 'bcd:' (exactly one of them)");
	if (when) {
		ed->when = calloc(1, sizeof *ed->when);
		if (!ed->when || loader_condition(l, when, ed->when) != 0)
			return -1;
	}
	ed->kind = reg ? EDIT_REGISTRY : EDIT_BCD;
	return reg ? registry_edit(l, reg, ed) : bcd_edit(l, bcd, ed);
}

int loader_edits(struct loader *l, yaml_node_t *stepnode, struct step *s)
{
	yaml_node_t *n = yamldoc_get(&l->y, stepnode, "edits");
	if (!n || n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top)
		return yamldoc_fail(&l->y, n ? n : stepnode, l->e, "an apply step needs a list of edits");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	s->edits = calloc(count, sizeof *s->edits);
	if (!s->edits)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < count; i++) {
		s->nedits++;
		if (one_edit(l, yamldoc_node(&l->y, n->data.sequence.items.start[i]), &s->edits[i]) != 0)
			return -1;
	}
	return 0;
}

void edit_clear(struct edit *ed)
{
	if (ed->when) {
		condition_clear(ed->when);
		free(ed->when);
	}
	place_clear(&ed->place);
	free(ed->object);
	free(ed->reachable_from);
	for (size_t i = 0; i < ed->nvalues; i++) {
		free(ed->values[i].name);
		strings_free(ed->values[i].items, ed->values[i].nitems);
	}
	free(ed->values);
	strings_free(ed->deletes, ed->ndeletes);
}
