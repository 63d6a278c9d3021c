#include "wizard/wizard.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wizard/yamldoc.h"

static const char *const detect_fields[] = {"generation", NULL};
static const char *const bcd_fields[] = {"id", "description", NULL};
static const char *const space_fields[] = {"ram_bytes", "free_bytes", "enough", NULL};
static const char *const dump_fields[] = {"path", "crash_dump_enabled", NULL};
static const char *const confirm_fields[] = {"value", NULL};
static const char *const no_fields[] = {NULL};

static const struct step_kind_info kinds[STEP_KIND_COUNT] = {
	[STEP_DETECT_LAYOUT] = {"detect-layout", detect_fields},
	[STEP_CHOOSE_BCD] = {"choose-bcd", bcd_fields},
	[STEP_CHECK_SPACE] = {"check-space", space_fields},
	[STEP_CHOOSE_DUMP] = {"choose-dump", dump_fields},
	[STEP_CONFIRM] = {"confirm", confirm_fields},
	[STEP_APPLY] = {"apply", no_fields},
};

const struct step_kind_info *step_kind_info(int kind)
{
	return kind >= 0 && kind < STEP_KIND_COUNT ? &kinds[kind] : NULL;
}

int step_kind_by_name(const char *name)
{
	for (int i = 0; i < STEP_KIND_COUNT; i++)
		if (!strcmp(kinds[i].name, name))
			return i;
	return -1;
}

/* Value types as written in a wizard: the registry's names, lower case. */
static const struct {
	const char *name;
	int type;
} registry_types[] = {
	{"dword", VALUE_DWORD}, {"qword", VALUE_QWORD}, {"sz", VALUE_SZ}, {"expand_sz", VALUE_EXPAND_SZ},
};

/* BCD elements a wizard may set, by bcdedit's names; the element's format fixes the value type. */
static const struct {
	const char *name;
	int type;
} bcd_settable[] = {
	{"ems", VALUE_BOOLEAN},         {"bootems", VALUE_BOOLEAN},  {"emsport", VALUE_INTEGER},
	{"emsbaudrate", VALUE_INTEGER}, {"bootdebug", VALUE_BOOLEAN}, {"bootstatuspolicy", VALUE_INTEGER},
	{"timeout", VALUE_INTEGER},     {"displaybootmenu", VALUE_BOOLEAN},
};

int wizard_each_reference(const char *text, int (*fn)(const char *, const char *, void *), void *ctx)
{
	for (const char *p = strstr(text, "${"); p; p = strstr(p + 2, "${")) {
		const char *end = strchr(p, '}'), *dot = memchr(p, '.', end ? (size_t)(end - p) : 0);
		char step[64] = "", field[64] = "";
		if (end && dot && dot - p - 2 < (int)sizeof step && end - dot - 1 < (int)sizeof field) {
			memcpy(step, p + 2, (size_t)(dot - p - 2));
			memcpy(field, dot + 1, (size_t)(end - dot - 1));
		}
		int rc = fn(step, field, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

struct loader {
	struct yamldoc y;
	struct wizard *w;
	struct rw_error *e;
	size_t step_index; /* the step being read: references must point before it */
	const yaml_node_t *node; /* where a reference error is reported */
	yaml_node_t *steps;      /* the steps sequence, to tell "comes later" from "does not exist" */
};

static bool step_comes_later(struct loader *l, const char *id)
{
	yaml_node_item_t *items = l->steps->data.sequence.items.start;
	size_t count = (size_t)(l->steps->data.sequence.items.top - items);
	for (size_t i = l->step_index; i < count; i++) {
		const char *later = yamldoc_scalar(yamldoc_get(&l->y, yamldoc_node(&l->y, items[i]), "id"));
		if (later && !strcmp(later, id))
			return true;
	}
	return false;
}

static struct where where_of(const yaml_node_t *n)
{
	return (struct where){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static int string_at(struct loader *l, yaml_node_t *m, const char *key, bool required, char **out)
{
	yaml_node_t *n = yamldoc_get(&l->y, m, key);
	if (!n) {
		if (required)
			return yamldoc_fail(&l->y, m, l->e, "'%s' is missing here", key);
		return 0;
	}
	const char *s = yamldoc_scalar(n);
	if (!s)
		return yamldoc_fail(&l->y, n, l->e, "'%s' must be a single value, not a list or mapping", key);
	*out = strdup(s);
	return 0;
}

static int check_reference(const char *step, const char *field, void *ctx)
{
	struct loader *l = ctx;
	if (!*step || !*field)
		return yamldoc_fail(&l->y, l->node, l->e, "a reference must look like ${step.field}");
	for (size_t i = 0; i < l->step_index; i++) {
		const struct step *s = &l->w->steps[i];
		if (!s->id || strcmp(s->id, step))
			continue;
		for (const char *const *f = kinds[s->kind].fields; *f; f++)
			if (!strcmp(*f, field))
				return 0;
		return yamldoc_fail(&l->y, l->node, l->e, "step '%s' (%s) has no answer named '%s'", step,
				    kinds[s->kind].name, field);
	}
	if (step_comes_later(l, step))
		return yamldoc_fail(&l->y, l->node, l->e,
				    "${%s.%s} refers to step '%s', which comes later: a step can only use the answers "
				    "of the steps before it",
				    step, field, step);
	return yamldoc_fail(&l->y, l->node, l->e, "${%s.%s} refers to a step '%s' that does not exist", step, field,
			    step);
}

static int references_ok(struct loader *l, const yaml_node_t *n, const char *text)
{
	l->node = n;
	return text ? wizard_each_reference(text, check_reference, l) : 0;
}

static bool is_boolean_text(const char *s)
{
	static const char *const words[] = {"true", "false", "on", "off", "yes", "no", NULL};
	for (const char *const *w = words; *w; w++)
		if (!strcasecmp(s, *w))
			return true;
	return false;
}

static bool is_number_text(const char *s)
{
	char *end;
	if (!*s)
		return false;
	strtoull(s, &end, 0);
	return *end == '\0' && !strchr(s, '-');
}

/* A literal value must fit its type; a value that is a reference is checked when the wizard runs. */
static int value_type_ok(struct loader *l, yaml_node_t *n, const struct edit_value *v)
{
	if (strstr(v->text, "${"))
		return references_ok(l, n, v->text);
	bool numeric = v->type == VALUE_DWORD || v->type == VALUE_QWORD || v->type == VALUE_INTEGER;
	if (numeric && !is_number_text(v->text))
		return yamldoc_fail(&l->y, n, l->e, "'%s' must be a number, found '%s'", v->name, v->text);
	if (v->type == VALUE_DWORD && strtoull(v->text, NULL, 0) > 0xffffffffULL)
		return yamldoc_fail(&l->y, n, l->e, "'%s' is a dword: %s does not fit in 32 bits", v->name, v->text);
	if (v->type == VALUE_BOOLEAN && !is_boolean_text(v->text))
		return yamldoc_fail(&l->y, n, l->e, "'%s' must be true or false, found '%s'", v->name, v->text);
	return 0;
}

static struct edit_value *add_value(struct edit *ed, const char *name, int type, const char *text, yaml_node_t *n)
{
	struct edit_value *grown = realloc(ed->values, (ed->nvalues + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	ed->values = grown;
	struct edit_value *v = &ed->values[ed->nvalues++];
	*v = (struct edit_value){strdup(name), type, strdup(text), where_of(n)};
	return v;
}

/* registry set: {Name: {dword: 1}, Other: {expand_sz: '...'}} */
static int registry_values(struct loader *l, yaml_node_t *set, struct edit *ed)
{
	if (!set || set->type != YAML_MAPPING_NODE || set->data.mapping.pairs.start == set->data.mapping.pairs.top)
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
		const char *type = yamldoc_scalar(tn), *data = yamldoc_scalar(dn);
		int t = -1;
		for (size_t i = 0; type && i < sizeof registry_types / sizeof *registry_types; i++)
			if (!strcmp(registry_types[i].name, type))
				t = registry_types[i].type;
		if (t < 0)
			return yamldoc_fail(&l->y, tn, l->e, "unknown registry type '%s' (known: dword, qword, sz, expand_sz)",
					    type ? type : "?");
		if (!data)
			return yamldoc_fail(&l->y, dn, l->e, "the data of '%s' must be a single value", name);
		struct edit_value *v = add_value(ed, name, t, data, dn);
		if (!v || value_type_ok(l, dn, v) != 0)
			return -1;
	}
	return 0;
}

/* bcd set: {ems: true, emsport: 1} */
static int bcd_values(struct loader *l, yaml_node_t *set, struct edit *ed)
{
	if (!set || set->type != YAML_MAPPING_NODE || set->data.mapping.pairs.start == set->data.mapping.pairs.top)
		return yamldoc_fail(&l->y, set, l->e, "'set' must map BCD element names to values, e.g. {ems: true}");
	for (yaml_node_pair_t *p = set->data.mapping.pairs.start; p < set->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yamldoc_node(&l->y, p->key), *vn = yamldoc_node(&l->y, p->value);
		const char *name = yamldoc_scalar(kn), *data = yamldoc_scalar(vn);
		int t = -1;
		for (size_t i = 0; name && i < sizeof bcd_settable / sizeof *bcd_settable; i++)
			if (!strcmp(bcd_settable[i].name, name))
				t = bcd_settable[i].type;
		if (t < 0) {
			char list[256] = "";
			for (size_t i = 0; i < sizeof bcd_settable / sizeof *bcd_settable; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
					 bcd_settable[i].name);
			return yamldoc_fail(&l->y, kn, l->e, "unknown BCD element '%s' (known: %s)", name ? name : "?",
					    list);
		}
		if (!data)
			return yamldoc_fail(&l->y, vn, l->e, "the value of '%s' must be a single value", name);
		struct edit_value *v = add_value(ed, name, t, data, vn);
		if (!v || value_type_ok(l, vn, v) != 0)
			return -1;
	}
	return 0;
}

static int registry_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"hive", "key", "control-sets", "set", NULL};
	if (yamldoc_check_keys(&l->y, n, "a registry edit", keys, l->e) != 0 ||
	    string_at(l, n, "hive", true, &ed->hive) != 0 || string_at(l, n, "key", true, &ed->key) != 0)
		return -1;
	if (strcmp(ed->hive, "SYSTEM"))
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "hive"), l->e,
				    "hive '%s' is not supported: wizards edit the SYSTEM hive", ed->hive);
	yaml_node_t *cs = yamldoc_get(&l->y, n, "control-sets");
	if (cs) {
		const char *v = yamldoc_scalar(cs);
		if (!v || (strcmp(v, "existing") && strcmp(v, "current")))
			return yamldoc_fail(&l->y, cs, l->e, "control-sets must be 'existing' or 'current'");
		ed->per_control_set = true;
		ed->scope = strcmp(v, "existing") ? SCOPE_CURRENT : SCOPE_EXISTING;
	}
	if (!strncasecmp(ed->key, "CurrentControlSet", 17) || !strncasecmp(ed->key, "ControlSet", 10))
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "key"), l->e,
				    "write the key below the control set (e.g. 'Control\\CrashControl') and say "
				    "'control-sets: existing': an offline hive has no CurrentControlSet");
	return registry_values(l, yamldoc_get(&l->y, n, "set"), ed);
}

static int bcd_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"object", "create", "reachable-from", "set", NULL};
	if (yamldoc_check_keys(&l->y, n, "a bcd edit", keys, l->e) != 0 ||
	    string_at(l, n, "object", true, &ed->object) != 0 ||
	    string_at(l, n, "reachable-from", false, &ed->reachable_from) != 0 ||
	    references_ok(l, yamldoc_get(&l->y, n, "object"), ed->object) != 0 ||
	    references_ok(l, yamldoc_get(&l->y, n, "reachable-from"), ed->reachable_from) != 0)
		return -1;
	yaml_node_t *c = yamldoc_get(&l->y, n, "create");
	if (c) {
		const char *v = yamldoc_scalar(c);
		if (!v || (strcmp(v, "if-missing") && strcmp(v, "never")))
			return yamldoc_fail(&l->y, c, l->e, "create must be 'if-missing' or 'never'");
		ed->create_if_missing = !strcmp(v, "if-missing");
	}
	return bcd_values(l, yamldoc_get(&l->y, n, "set"), ed);
}

static int one_edit(struct loader *l, yaml_node_t *n, struct edit *ed)
{
	static const char *const keys[] = {"registry", "bcd", "when", NULL};
	if (yamldoc_check_keys(&l->y, n, "an edit", keys, l->e) != 0)
		return -1;
	ed->at = where_of(n);
	yaml_node_t *reg = yamldoc_get(&l->y, n, "registry"), *bcd = yamldoc_get(&l->y, n, "bcd");
	if (!!reg == !!bcd)
		return yamldoc_fail(&l->y, n, l->e, "an edit is either 'registry:' or 'bcd:' (exactly one of them)");
	if (string_at(l, n, "when", false, &ed->when) != 0 ||
	    references_ok(l, yamldoc_get(&l->y, n, "when"), ed->when) != 0)
		return -1;
	ed->kind = reg ? EDIT_REGISTRY : EDIT_BCD;
	return reg ? registry_edit(l, reg, ed) : bcd_edit(l, bcd, ed);
}

static int edits(struct loader *l, yaml_node_t *stepnode, struct step *s)
{
	yaml_node_t *n = yamldoc_get(&l->y, stepnode, "edits");
	if (s->kind != STEP_APPLY) {
		if (n)
			return yamldoc_fail(&l->y, n, l->e, "only an apply step has edits");
		return 0;
	}
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

static int choices(struct loader *l, yaml_node_t *stepnode, struct step *s)
{
	yaml_node_t *n = yamldoc_get(&l->y, stepnode, "choices");
	if (!n)
		return 0;
	if (s->kind != STEP_CONFIRM && s->kind != STEP_CHOOSE_DUMP)
		return yamldoc_fail(&l->y, n, l->e, "a %s step takes no choices", kinds[s->kind].name);
	if (n->type != YAML_SEQUENCE_NODE)
		return yamldoc_fail(&l->y, n, l->e, "choices must be a list of {value, label}");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	s->choices = calloc(count ? count : 1, sizeof *s->choices);
	for (size_t i = 0; s->choices && i < count; i++) {
		static const char *const keys[] = {"value", "label", NULL};
		yaml_node_t *c = yamldoc_node(&l->y, n->data.sequence.items.start[i]);
		s->nchoices++;
		if (yamldoc_check_keys(&l->y, c, "a choice", keys, l->e) != 0 ||
		    string_at(l, c, "value", true, &s->choices[i].value) != 0 ||
		    string_at(l, c, "label", true, &s->choices[i].label) != 0)
			return -1;
	}
	return 0;
}

static bool valid_id(const char *id)
{
	if (!islower((unsigned char)id[0]))
		return false;
	for (const char *p = id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return strlen(id) < 64;
}

static int one_step(struct loader *l, yaml_node_t *n, struct step *s)
{
	static const char *const keys[] = {"id", "kind", "title", "help", "default", "choices", "edits", NULL};
	if (yamldoc_check_keys(&l->y, n, "a step", keys, l->e) != 0)
		return -1;
	s->at = where_of(n);
	char *kind = NULL;
	if (string_at(l, n, "id", true, &s->id) != 0 || string_at(l, n, "kind", true, &kind) != 0)
		return free(kind), -1;
	s->kind = step_kind_by_name(kind);
	yaml_node_t *kn = yamldoc_get(&l->y, n, "kind"), *idn = yamldoc_get(&l->y, n, "id");
	if (s->kind < 0) {
		char list[256] = "";
		for (int i = 0; i < STEP_KIND_COUNT; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", kinds[i].name);
		yamldoc_fail(&l->y, kn, l->e, "unknown step kind '%s' (known: %s)", kind, list);
		free(kind);
		return -1;
	}
	free(kind);
	if (!valid_id(s->id))
		return yamldoc_fail(&l->y, idn, l->e,
				    "step id '%s' must start with a lower-case letter and hold only a-z, 0-9, _ and -",
				    s->id);
	for (size_t i = 0; i + 1 < l->w->nsteps; i++)
		if (l->w->steps[i].id && !strcmp(l->w->steps[i].id, s->id))
			return yamldoc_fail(&l->y, idn, l->e, "step id '%s' is already used by the step at line %d",
					    s->id, l->w->steps[i].at.line);
	if (string_at(l, n, "title", true, &s->title) != 0 || string_at(l, n, "help", false, &s->help) != 0 ||
	    string_at(l, n, "default", false, &s->default_value) != 0 ||
	    references_ok(l, yamldoc_get(&l->y, n, "default"), s->default_value) != 0)
		return -1;
	return choices(l, n, s) != 0 ? -1 : edits(l, n, s);
}

static int string_list(struct loader *l, yaml_node_t *n, char ***out, size_t *count)
{
	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return yamldoc_fail(&l->y, n, l->e, "'matches' must be a list of symptoms");
	size_t c = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	*out = calloc(c + 1, sizeof **out);
	for (size_t i = 0; *out && i < c; i++) {
		yaml_node_t *item = yamldoc_node(&l->y, n->data.sequence.items.start[i]);
		if (!yamldoc_scalar(item))
			return yamldoc_fail(&l->y, item, l->e, "each symptom must be a single string");
		(*out)[(*count)++] = strdup(yamldoc_scalar(item));
	}
	return 0;
}

static int steps(struct loader *l, yaml_node_t *root)
{
	yaml_node_t *n = yamldoc_get(&l->y, root, "steps");
	if (!n || n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top)
		return yamldoc_fail(&l->y, n ? n : root, l->e, "a wizard needs a list of steps");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	l->steps = n;
	l->w->steps = calloc(count, sizeof *l->w->steps);
	if (!l->w->steps)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < count; i++) {
		l->w->nsteps++;
		l->step_index = i;
		if (one_step(l, yamldoc_node(&l->y, n->data.sequence.items.start[i]), &l->w->steps[i]) != 0)
			return -1;
	}
	const struct step *last = &l->w->steps[count - 1];
	for (size_t i = 0; i + 1 < count; i++)
		if (l->w->steps[i].kind == STEP_APPLY)
			return yamldoc_fail(&l->y, yamldoc_node(&l->y, n->data.sequence.items.start[i]), l->e,
					    "the apply step must be the last step");
	if (last->kind != STEP_APPLY)
		return yamldoc_fail(&l->y, yamldoc_node(&l->y, n->data.sequence.items.start[count - 1]), l->e,
				    "the last step must be an apply step");
	return 0;
}

int wizard_load(const char *file, struct wizard *w, struct rw_error *e)
{
	static const char *const keys[] = {"wizard", "title", "summary", "next", "matches", "steps", NULL};
	memset(w, 0, sizeof *w);
	struct loader l = {.w = w, .e = e};
	w->file = strdup(file);
	int rc = yamldoc_load(&l.y, file, e);
	yaml_node_t *root = rc == 0 ? yamldoc_root(&l.y) : NULL;
	if (rc == 0)
		rc = yamldoc_check_keys(&l.y, root, "the wizard", keys, e);
	if (rc == 0)
		rc = string_at(&l, root, "wizard", true, &w->name);
	if (rc == 0)
		rc = string_at(&l, root, "title", true, &w->title);
	if (rc == 0)
		rc = string_at(&l, root, "summary", false, &w->summary);
	if (rc == 0)
		rc = string_at(&l, root, "next", false, &w->next);
	if (rc == 0)
		rc = string_list(&l, yamldoc_get(&l.y, root, "matches"), &w->matches, &w->nmatches);
	if (rc == 0)
		rc = steps(&l, root);
	yamldoc_free(&l.y);
	if (rc != 0)
		wizard_free(w);
	return rc;
}

static void edit_free(struct edit *ed)
{
	free(ed->when);
	free(ed->hive);
	free(ed->key);
	free(ed->object);
	free(ed->reachable_from);
	for (size_t i = 0; i < ed->nvalues; i++) {
		free(ed->values[i].name);
		free(ed->values[i].text);
	}
	free(ed->values);
}

void wizard_free(struct wizard *w)
{
	for (size_t i = 0; i < w->nsteps; i++) {
		struct step *s = &w->steps[i];
		free(s->id);
		free(s->title);
		free(s->help);
		free(s->default_value);
		for (size_t j = 0; j < s->nchoices; j++) {
			free(s->choices[j].value);
			free(s->choices[j].label);
		}
		free(s->choices);
		for (size_t j = 0; j < s->nedits; j++)
			edit_free(&s->edits[j]);
		free(s->edits);
	}
	free(w->steps);
	for (size_t i = 0; i < w->nmatches; i++)
		free(w->matches[i]);
	free(w->matches);
	free(w->file);
	free(w->name);
	free(w->title);
	free(w->summary);
	free(w->next);
	memset(w, 0, sizeof *w);
}

const struct step *wizard_step(const struct wizard *w, const char *id)
{
	for (size_t i = 0; i < w->nsteps; i++)
		if (!strcmp(w->steps[i].id, id))
			return &w->steps[i];
	return NULL;
}

int wizard_find(const char *name, char *path, size_t len)
{
	if (strchr(name, '/')) {
		snprintf(path, len, "%s", name);
		return 0;
	}
	const char *env = getenv("RESCUEWIZ_WIZARDS");
	const char *dirs[] = {env, "wizards", RESCUEWIZ_DATADIR "/wizards"};
	for (size_t i = 0; i < 3; i++) {
		if (!dirs[i])
			continue;
		snprintf(path, len, "%s/%s.yaml", dirs[i], name);
		if (access(path, R_OK) == 0)
			return 0;
	}
	return -1;
}
