/* The wizard file and its steps. Step kinds come from the one table of steps/kind.h: their names, the
 * fields they record (what ${id.field} may name), the keys of their own and whether they take choices. */
#include "wizard/wizard.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "steps/kind.h"
#include "wizard/loader.h"

const char *hive_name_text(int hive)
{
	static const char *const names[HIVE_COUNT] = {"SYSTEM", "SOFTWARE", "BCD"};
	return hive >= 0 && hive < HIVE_COUNT ? names[hive] : "?";
}

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

struct where where_of(const yaml_node_t *n)
{
	return (struct where){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

int loader_string(struct loader *l, yaml_node_t *m, const char *key, bool required, char **out)
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
	return *out ? 0 : rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
}

static bool step_comes_later(struct loader *l, const char *id)
{
	yaml_node_item_t *items = l->steps->data.sequence.items.start;
	size_t count = (size_t)(l->steps->data.sequence.items.top - items);
	for (size_t i = l->item_index; i < count; i++) {
		const char *later = yamldoc_scalar(yamldoc_get(&l->y, yamldoc_node(&l->y, items[i]), "id"));
		if (later && !strcmp(later, id))
			return true;
	}
	return false;
}

const char *const wizard_fact_fields[] = {"product", "build", "version", NULL};

static int check_reference(const char *step, const char *field, void *ctx)
{
	struct loader *l = ctx;
	if (!*step || !*field)
		return yamldoc_fail(&l->y, l->node, l->e, "a reference must look like ${step.field}");
	if (!strcmp(step, WIZARD_FACTS_STEP)) {
		for (const char *const *f = wizard_fact_fields; *f; f++)
			if (!strcmp(*f, field))
				return 0;
		return yamldoc_fail(&l->y, l->node, l->e, "${windows.%s}: the disk's facts are windows.product, "
				    "windows.build and windows.version", field);
	}
	for (size_t i = 0; i < l->step_index; i++) {
		const struct step *s = &l->w->steps[i];
		if (!s->id || strcmp(s->id, step))
			continue;
		for (const char *const *f = s->kind->fields; *f; f++)
			if (!strcmp(*f, field))
				return 0;
		return yamldoc_fail(&l->y, l->node, l->e, "step '%s' (%s) has no answer named '%s'", step,
				    s->kind->name, field);
	}
	if (step_comes_later(l, step))
		return yamldoc_fail(&l->y, l->node, l->e,
				    "${%s.%s} refers to step '%s', which comes later: a step can only use the answers "
				    "of the steps before it",
				    step, field, step);
	return yamldoc_fail(&l->y, l->node, l->e, "${%s.%s} refers to a step '%s' that does not exist", step, field,
			    step);
}

int loader_references(struct loader *l, const yaml_node_t *n, const char *text)
{
	l->node = n;
	return text ? wizard_each_reference(text, check_reference, l) : 0;
}

static int choices(struct loader *l, yaml_node_t *stepnode, struct step *s)
{
	yaml_node_t *n = yamldoc_get(&l->y, stepnode, "choices");
	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return yamldoc_fail(&l->y, n, l->e, "choices must be a list of {value, label}");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	s->choices = calloc(count ? count : 1, sizeof *s->choices);
	for (size_t i = 0; s->choices && i < count; i++) {
		static const char *const keys[] = {"value", "label", NULL};
		yaml_node_t *c = yamldoc_node(&l->y, n->data.sequence.items.start[i]);
		s->nchoices++;
		if (yamldoc_check_keys(&l->y, c, "a choice", keys, l->e) != 0 ||
		    loader_string(l, c, "value", true, &s->choices[i].value) != 0 ||
		    loader_string(l, c, "label", true, &s->choices[i].label) != 0)
			return -1;
	}
	return 0;
}

/* refuse-if: [{when: CONDITION, because: TEXT}] */
static int refusals(struct loader *l, yaml_node_t *stepnode, struct step *s)
{
	yaml_node_t *n = yamldoc_get(&l->y, stepnode, "refuse-if");
	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return yamldoc_fail(&l->y, n, l->e, "refuse-if must be a list of {when, because}");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	s->refusals = calloc(count ? count : 1, sizeof *s->refusals);
	for (size_t i = 0; s->refusals && i < count; i++) {
		static const char *const keys[] = {"when", "because", NULL};
		yaml_node_t *r = yamldoc_node(&l->y, n->data.sequence.items.start[i]);
		s->nrefusals++;
		/* the step's own answers count here: it is checked after the step recorded them */
		l->step_index++;
		int rc = yamldoc_check_keys(&l->y, r, "a refusal", keys, l->e);
		if (rc == 0 && !yamldoc_get(&l->y, r, "when"))
			rc = yamldoc_fail(&l->y, r, l->e, "'when' is missing here");
		if (rc == 0)
			rc = loader_condition(l, yamldoc_get(&l->y, r, "when"), &s->refusals[i].when);
		if (rc == 0)
			rc = loader_string(l, r, "because", true, &s->refusals[i].because);
		if (rc == 0)
			rc = loader_references(l, yamldoc_get(&l->y, r, "because"), s->refusals[i].because);
		l->step_index--;
		if (rc)
			return -1;
	}
	return 0;
}

static const struct step_param_info *param_info(const struct step_kind *k, const char *name)
{
	for (const struct step_param_info *p = k->params; p && p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* The keys of the step's own kind: numbers checked, texts checked for references, `reads` as a place. */
static int params(struct loader *l, yaml_node_t *n, struct step *s)
{
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yamldoc_node(&l->y, p->key), *vn = yamldoc_node(&l->y, p->value);
		const struct step_param_info *info = param_info(s->kind, yamldoc_scalar(kn));
		if (!info)
			continue;
		if (info->type == PARAM_PLACE) {
			s->has_reads = true;
			if (loader_place(l, vn, 1, &s->reads) != 0)
				return -1;
			continue;
		}
		const char *text = yamldoc_scalar(vn);
		uint64_t v;
		if (!text)
			return yamldoc_fail(&l->y, vn, l->e, "'%s' must be a single value (%s)", info->name, info->means);
		if (info->type == PARAM_NUMBER && !number_parse(text, &v))
			return yamldoc_fail(&l->y, vn, l->e, "'%s' must be a whole number, found '%s'", info->name, text);
		if (info->type == PARAM_TEXT && loader_references(l, vn, text) != 0)
			return -1;
		struct step_param *grown = realloc(s->params, (s->nparams + 1) * sizeof *grown);
		if (!grown)
			return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
		s->params = grown;
		s->params[s->nparams++] = (struct step_param){strdup(info->name), strdup(text), where_of(vn)};
	}
	return 0;
}

bool loader_valid_name(const char *id)
{
	if (!islower((unsigned char)id[0]))
		return false;
	for (const char *p = id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return strlen(id) < 64;
}

/* The keys a step of this kind may have: the common ones, then the kind's own. */
static void step_keys(const struct step_kind *k, const char *keys[32])
{
	static const char *const common[] = {"id", "kind", "title", "help", "default", "refuse-if", "when"};
	size_t n = 0;
	for (size_t i = 0; i < sizeof common / sizeof *common; i++)
		keys[n++] = common[i];
	if (k->flags & STEP_TAKES_CHOICES)
		keys[n++] = "choices";
	if (k->flags & STEP_TAKES_EDITS)
		keys[n++] = "edits";
	for (const struct step_param_info *p = k->params; p && p->name && n < 31; p++)
		keys[n++] = p->name;
	keys[n] = NULL;
}

static int step_kind_of(struct loader *l, yaml_node_t *n, struct step *s)
{
	char *kind = NULL;
	if (loader_string(l, n, "id", true, &s->id) != 0 || loader_string(l, n, "kind", true, &kind) != 0)
		return free(kind), -1;
	s->kind = step_kind_named(kind);
	if (!s->kind) {
		char list[256];
		step_kind_list(list, sizeof list);
		yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "kind"), l->e, "unknown step kind '%s' (known: %s)", kind, list);
	}
	free(kind);
	return s->kind ? 0 : -1;
}

static int one_step(struct loader *l, yaml_node_t *n, struct step *s)
{
	if (n->type != YAML_MAPPING_NODE)
		return yamldoc_fail(&l->y, n, l->e, "a step must be a mapping (id, kind, title, ...)");
	s->at = where_of(n);
	if (step_kind_of(l, n, s) != 0)
		return -1;
	if (yamldoc_get(&l->y, n, "edits") && !(s->kind->flags & STEP_TAKES_EDITS))
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "edits"), l->e, "only an apply step has edits");
	if (yamldoc_get(&l->y, n, "choices") && !(s->kind->flags & STEP_TAKES_CHOICES))
		return yamldoc_fail(&l->y, yamldoc_get(&l->y, n, "choices"), l->e, "a %s step takes no choices",
				    s->kind->name);
	const char *keys[32];
	step_keys(s->kind, keys);
	if (yamldoc_check_keys(&l->y, n, "a step", keys, l->e) != 0)
		return -1;
	yaml_node_t *idn = yamldoc_get(&l->y, n, "id");
	if (!loader_valid_name(s->id))
		return yamldoc_fail(&l->y, idn, l->e,
				    "step id '%s' must start with a lower-case letter and hold only a-z, 0-9, _ and -",
				    s->id);
	for (size_t i = 0; i + 1 < l->w->nsteps; i++)
		if (l->w->steps[i].id && !strcmp(l->w->steps[i].id, s->id))
			return yamldoc_fail(&l->y, idn, l->e, "step id '%s' is already used by the step at line %d",
					    s->id, l->w->steps[i].at.line);
	if (!strcmp(s->id, WIZARD_FACTS_STEP))
		return yamldoc_fail(&l->y, idn, l->e, "step id 'windows' is taken: ${windows.build} names the disk's facts");
	if (loader_string(l, n, "title", true, &s->title) != 0 || loader_string(l, n, "help", false, &s->help) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "help"), s->help) != 0 ||
	    loader_string(l, n, "default", false, &s->default_value) != 0 ||
	    loader_references(l, yamldoc_get(&l->y, n, "default"), s->default_value) != 0)
		return -1;
	if (choices(l, n, s) != 0 || params(l, n, s) != 0 || refusals(l, n, s) != 0)
		return -1;
	/* the step's when: is decided before it is asked: only the answers of the steps before it count */
	yaml_node_t *when = yamldoc_get(&l->y, n, "when");
	if (when && loader_step_when(l, when, s) != 0)
		return -1;
	return s->kind->flags & STEP_TAKES_EDITS ? loader_edits(l, n, s) : 0;
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

/* The last step loaded is an apply step: nothing may follow it. */
static int after_apply(struct loader *l, yaml_node_t *apply_item)
{
	if (!l->w->nsteps || !(l->w->steps[l->w->nsteps - 1].kind->flags & STEP_TAKES_EDITS))
		return 0;
	return yamldoc_fail(&l->y, apply_item, l->e, "the apply step must be the last step");
}

static int one_item(struct loader *l, yaml_node_t *item)
{
	if (item->type == YAML_MAPPING_NODE && yamldoc_get(&l->y, item, "include"))
		return loader_include(l, item);
	struct step *grown = realloc(l->w->steps, (l->w->nsteps + 1) * sizeof *grown);
	if (!grown)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	l->w->steps = grown;
	memset(&grown[l->w->nsteps], 0, sizeof *grown);
	l->step_index = l->w->nsteps++;
	return one_step(l, item, &l->w->steps[l->step_index]);
}

static int steps(struct loader *l, yaml_node_t *root)
{
	yaml_node_t *n = yamldoc_get(&l->y, root, "steps");
	if (!n || n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top)
		return yamldoc_fail(&l->y, n ? n : root, l->e, "a wizard needs a list of steps");
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	l->steps = n;
	yaml_node_t *previous = NULL;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = yamldoc_node(&l->y, n->data.sequence.items.start[i]);
		l->item_index = i;
		if ((previous && after_apply(l, previous) != 0) || one_item(l, item) != 0)
			return -1;
		previous = item;
	}
	if (!(l->w->steps[l->w->nsteps - 1].kind->flags & STEP_TAKES_EDITS))
		return yamldoc_fail(&l->y, previous, l->e, "the last step must be an apply step");
	return 0;
}

int wizard_load(const char *file, struct wizard *w, struct rw_error *e)
{
	return loader_wizard(file, NULL, w, e);
}

int loader_wizard(const char *file, const struct include_chain *chain, struct wizard *w, struct rw_error *e)
{
	static const char *const keys[] = {"wizard", "title", "summary", "next", "matches", "steps", NULL};
	memset(w, 0, sizeof *w);
	struct loader l = {.w = w, .e = e, .chain = chain};
	w->file = strdup(file);
	int rc = yamldoc_load(&l.y, file, e);
	yaml_node_t *root = rc == 0 ? yamldoc_root(&l.y) : NULL;
	if (rc == 0)
		rc = yamldoc_check_keys(&l.y, root, "the wizard", keys, e);
	if (rc == 0)
		rc = loader_string(&l, root, "wizard", true, &w->name);
	if (rc == 0)
		rc = loader_string(&l, root, "title", true, &w->title);
	if (rc == 0)
		rc = loader_string(&l, root, "summary", false, &w->summary);
	if (rc == 0)
		rc = loader_string(&l, root, "next", false, &w->next);
	if (rc == 0)
		rc = string_list(&l, yamldoc_get(&l.y, root, "matches"), &w->matches, &w->nmatches);
	if (rc == 0)
		rc = steps(&l, root);
	yamldoc_free(&l.y);
	if (rc != 0)
		wizard_free(w);
	return rc;
}

static void step_clear(struct step *s)
{
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
		edit_clear(&s->edits[j]);
	free(s->edits);
	for (size_t j = 0; j < s->nrefusals; j++) {
		condition_clear(&s->refusals[j].when);
		free(s->refusals[j].because);
	}
	free(s->refusals);
	for (size_t j = 0; j < s->nparams; j++) {
		free(s->params[j].name);
		free(s->params[j].text);
	}
	free(s->params);
	place_clear(&s->reads);
	for (size_t j = 0; j < s->nwhen; j++)
		condition_clear(&s->when[j]);
	free(s->when);
	free(s->included_from);
}

void wizard_free(struct wizard *w)
{
	for (size_t i = 0; i < w->nsteps; i++)
		step_clear(&w->steps[i]);
	free(w->steps);
	strings_free(w->matches, w->nmatches);
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

void wizard_hives(const struct wizard *w, bool hives[HIVE_COUNT])
{
	for (size_t i = 0; i < w->nsteps; i++)
		for (size_t j = 0; j < w->steps[i].nedits; j++) {
			const struct edit *ed = &w->steps[i].edits[j];
			hives[ed->kind == EDIT_BCD ? HIVE_BCD : ed->place.hive] = true;
		}
}

const char *step_param(const struct step *st, const char *name)
{
	for (size_t i = 0; i < st->nparams; i++)
		if (!strcmp(st->params[i].name, name))
			return st->params[i].text;
	return NULL;
}
