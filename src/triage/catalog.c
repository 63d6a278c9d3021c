/* share/stopcodes.yaml: loaded with the wizards' YAML reader (wizard/yamldoc.h), so every mistake is
 * "file:line:column: what is wrong". Layout and keys: rescuewiz(8), STOP-CODE CATALOG. */
#include "triage/catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/datadir.h"
#include "wizard/yamldoc.h"

struct reader {
	struct yamldoc y;
	struct stopcode_catalog *c;
	struct rw_error *e;
	yaml_node_t *entry; /* the stop code being read, for what it misses */
};

static const char *const top_keys[] = {"statuses", CATALOG_TOP_KEY, NULL};
static const char *const code_keys[] = {"code", "name", "about", "parameters", "first-steps", "wizard",
					"collect-dump", NULL};
static const char *const param_keys[] = {"means", "status", "code-address", "values", NULL};

static int copy_text(struct reader *r, yaml_node_t *n, const char *what, char **out)
{
	return yamldoc_text(&r->y, n, what, out, r->e);
}

/* a key that must be there, as text */
static int required_text(struct reader *r, yaml_node_t *m, const char *key, const char *what, char **out)
{
	return yamldoc_required_text(&r->y, m, key, what, out, r->e);
}

static int number_of(struct reader *r, yaml_node_t *n, uint64_t max, const char *what, uint64_t *out)
{
	const char *s = yamldoc_scalar(n);
	if (!s || !number_in_range(s, 0, max, out))
		return yamldoc_fail(&r->y, n, r->e, "%s '%s' is not a number from 0 to 0x%llX (write it as 0x7E or 126)",
				    what, s ? s : "(not a single value)", (unsigned long long)max);
	return 0;
}

static int flag_of(struct reader *r, yaml_node_t *m, const char *key, bool *out)
{
	return yamldoc_flag(&r->y, m, key, out, r->e);
}

/* words of a name: NAME_IN_CAPITALS for codes, lower-case-words for wizards */
static bool name_is(const char *s, bool upper)
{
	if (!*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!(isdigit(*p) || (upper ? isupper(*p) || *p == '_' : islower(*p) || *p == '-')))
			return false;
	return true;
}

/* number: text, as in `statuses` and a parameter's `values`; every number once */
static int read_values(struct reader *r, yaml_node_t *m, const char *what, struct catalog_value **out, size_t *n)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return yamldoc_fail(&r->y, m, r->e, "%s must be a mapping of number: text", what);
	size_t count = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
	*out = calloc(count ? count : 1, sizeof **out);
	if (!*out)
		return rw_fail(r->e, RW_EXIT_USAGE, "out of memory");
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yamldoc_node(&r->y, p->key);
		struct catalog_value *v = &(*out)[*n];
		if (number_of(r, k, UINT32_MAX, what, &v->value) != 0)
			return -1;
		for (size_t i = 0; i < *n; i++)
			if ((*out)[i].value == v->value)
				return yamldoc_fail(&r->y, k, r->e, "%s: 0x%llX appears twice", what,
						    (unsigned long long)v->value);
		if (copy_text(r, yamldoc_node(&r->y, p->value), what, &v->text) != 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* a parameter: its meaning as text, or {means, status, code-address, values}; ~ for one not documented */
static int read_param(struct reader *r, yaml_node_t *n, struct stopcode_param *p)
{
	const char *s = yamldoc_scalar(n);
	if (s && (!strcmp(s, "~") || !strcmp(s, "null") || !*s))
		return 0;
	if (s)
		return copy_text(r, n, "a parameter", &p->means);
	if (yamldoc_check_keys(&r->y, n, "a parameter", param_keys, r->e) != 0 ||
	    required_text(r, n, "means", "a parameter", &p->means) != 0 || flag_of(r, n, "status", &p->status) != 0 ||
	    flag_of(r, n, "code-address", &p->code_address) != 0)
		return -1;
	yaml_node_t *values = yamldoc_get(&r->y, n, "values");
	return values ? read_values(r, values, "values", &p->values, &p->nvalues) : 0;
}

static int read_params(struct reader *r, yaml_node_t *n, struct stopcode *sc)
{
	if (!n)
		return yamldoc_fail(&r->y, r->entry, r->e, "a stop code has no 'parameters' (write [] when it has none)");
	if (n->type != YAML_SEQUENCE_NODE)
		return yamldoc_fail(&r->y, n, r->e, "parameters must be a list (- P1, - P2, ...; [] for none)");
	yaml_node_item_t *items = n->data.sequence.items.start;
	size_t count = (size_t)(n->data.sequence.items.top - items);
	if (count > 4)
		return yamldoc_fail(&r->y, n, r->e, "a bug check has 4 parameters, not %zu", count);
	sc->nparams = count;
	for (size_t i = 0; i < count; i++)
		if (read_param(r, yamldoc_node(&r->y, items[i]), &sc->params[i]) != 0)
			return -1;
	return 0;
}

static int read_code(struct reader *r, yaml_node_t *m, struct stopcode *sc, yaml_node_t **code_node)
{
	uint64_t code;
	r->entry = m;
	if (yamldoc_check_keys(&r->y, m, "a stop code", code_keys, r->e) != 0)
		return -1;
	*code_node = yamldoc_get(&r->y, m, "code");
	if (!*code_node)
		return yamldoc_fail(&r->y, m, r->e, "a stop code has no 'code'");
	if (number_of(r, *code_node, UINT32_MAX, "code", &code) != 0)
		return -1;
	sc->code = (uint32_t)code;
	if (required_text(r, m, "name", "a stop code", &sc->name) != 0 ||
	    required_text(r, m, "about", "a stop code", &sc->about) != 0 ||
	    required_text(r, m, "first-steps", "a stop code", &sc->first_steps) != 0 ||
	    read_params(r, yamldoc_get(&r->y, m, "parameters"), sc) != 0 ||
	    flag_of(r, m, "collect-dump", &sc->collect_dump) != 0)
		return -1;
	if (!name_is(sc->name, true))
		return yamldoc_fail(&r->y, yamldoc_get(&r->y, m, "name"), r->e,
				    "name '%s' must be written as Windows names it: capitals, digits and _", sc->name);
	yaml_node_t *wizard = yamldoc_get(&r->y, m, "wizard");
	if (wizard && copy_text(r, wizard, "wizard", &sc->wizard) != 0)
		return -1;
	if (sc->wizard && !name_is(sc->wizard, false))
		return yamldoc_fail(&r->y, wizard, r->e, "wizard '%s' must be a wizard's name (lower case words and -)",
				    sc->wizard);
	return 0;
}

/* each code once; an _M twin is looked up as its code without the bit, so it is not listed beside it */
static int check_unique(struct reader *r, size_t i, yaml_node_t *code_node, const size_t *lines)
{
	const struct stopcode *sc = &r->c->codes[i];
	for (size_t j = 0; j < i; j++) {
		uint32_t other = r->c->codes[j].code;
		if (other == sc->code)
			return yamldoc_fail(&r->y, code_node, r->e, "code 0x%X appears twice (first on line %zu)", sc->code,
					    lines[j]);
		if ((other | STOPCODE_TWIN_BIT) == sc->code || (sc->code | STOPCODE_TWIN_BIT) == other)
			return yamldoc_fail(&r->y, code_node, r->e,
					    "0x%X and 0x%X (line %zu) are twins: 0x%X is looked up as 0x%X, list "
					    "only that", sc->code, other, lines[j], sc->code | other,
					    (sc->code | other) & ~STOPCODE_TWIN_BIT);
	}
	return 0;
}

static int read_codes(struct reader *r, yaml_node_t *seq)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE || seq->data.sequence.items.top == seq->data.sequence.items.start)
		return yamldoc_fail(&r->y, seq ? seq : yamldoc_root(&r->y), r->e,
				    "'%s' must be a list of stop codes (- code: 0x7E ...)", CATALOG_TOP_KEY);
	yaml_node_item_t *items = seq->data.sequence.items.start;
	size_t count = (size_t)(seq->data.sequence.items.top - items);
	size_t *lines = calloc(count, sizeof *lines);
	r->c->codes = calloc(count, sizeof *r->c->codes);
	if (!lines || !r->c->codes) {
		free(lines);
		return rw_fail(r->e, RW_EXIT_USAGE, "out of memory");
	}
	int rc = 0;
	for (size_t i = 0; i < count && rc == 0; i++) {
		yaml_node_t *code_node = NULL, *m = yamldoc_node(&r->y, items[i]);
		r->c->n = i + 1;
		rc = read_code(r, m, &r->c->codes[i], &code_node);
		lines[i] = code_node ? code_node->start_mark.line + 1 : 0;
		if (rc == 0)
			rc = check_unique(r, i, code_node, lines);
	}
	free(lines);
	return rc;
}

int catalog_load(const char *file, struct stopcode_catalog *c, struct rw_error *e)
{
	memset(c, 0, sizeof *c);
	struct reader r = {.c = c, .e = e};
	int rc = yamldoc_load(&r.y, file, e);
	yaml_node_t *root = rc == 0 ? yamldoc_root(&r.y) : NULL;
	if (rc == 0)
		rc = yamldoc_check_keys(&r.y, root, "the stop-code catalog", top_keys, e);
	if (rc == 0 && !yamldoc_get(&r.y, root, CATALOG_TOP_KEY))
		rc = yamldoc_fail(&r.y, root, e, "a stop-code catalog starts with '%s:'", CATALOG_TOP_KEY);
	if (rc == 0 && yamldoc_get(&r.y, root, "statuses"))
		rc = read_values(&r, yamldoc_get(&r.y, root, "statuses"), "statuses", &c->statuses, &c->nstatuses);
	if (rc == 0)
		rc = read_codes(&r, yamldoc_get(&r.y, root, CATALOG_TOP_KEY));
	yamldoc_free(&r.y);
	if (rc != 0) {
		catalog_free(c);
		return -1;
	}
	snprintf(c->file, sizeof c->file, "%s", file);
	return 0;
}

static void values_free(struct catalog_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void catalog_free(struct stopcode_catalog *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct stopcode *sc = &c->codes[i];
		free(sc->name);
		free(sc->about);
		free(sc->first_steps);
		free(sc->wizard);
		for (int p = 0; p < 4; p++) {
			free(sc->params[p].means);
			values_free(sc->params[p].values, sc->params[p].nvalues);
		}
	}
	free(c->codes);
	values_free(c->statuses, c->nstatuses);
	memset(c, 0, sizeof *c);
}

static const struct stopcode *exact(const struct stopcode_catalog *c, uint32_t code)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->codes[i].code == code)
			return &c->codes[i];
	return NULL;
}

const struct stopcode *catalog_find(const struct stopcode_catalog *c, uint32_t code, bool *twin)
{
	const struct stopcode *sc = exact(c, code);
	*twin = false;
	if (sc || !(code & STOPCODE_TWIN_BIT))
		return sc;
	sc = exact(c, code & ~STOPCODE_TWIN_BIT);
	*twin = sc != NULL;
	return sc;
}

const char *catalog_name(const struct stopcode_catalog *c, uint32_t code, char *buf, size_t len)
{
	bool twin;
	const struct stopcode *sc = catalog_find(c, code, &twin);
	snprintf(buf, len, "%s%s", sc ? sc->name : "", twin ? "_M" : "");
	return buf;
}

const char *catalog_status(const struct stopcode_catalog *c, uint64_t status)
{
	for (size_t i = 0; i < c->nstatuses; i++)
		if (c->statuses[i].value == (uint32_t)status)
			return c->statuses[i].text;
	return NULL;
}

/* A few names for reports to stay readable without the file (the common stops of Azure VMs); the unit
 * tests hold them to the catalog's names, so there is one source. */
static const struct {
	uint32_t code;
	const char *name;
} builtin_names[] = {
	{0x7B, "INACCESSIBLE_BOOT_DEVICE"}, {0x7E, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED"},
	{0x80, "NMI_HARDWARE_FAILURE"},     {0xD1, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"},
	{0xEF, "CRITICAL_PROCESS_DIED"},    {0xC000021A, "WINLOGON_FATAL_ERROR"},
};

void catalog_builtin(struct stopcode_catalog *c, const char *problem)
{
	size_t n = sizeof builtin_names / sizeof *builtin_names;
	memset(c, 0, sizeof *c);
	snprintf(c->problem, sizeof c->problem, "%s", problem);
	c->codes = calloc(n, sizeof *c->codes);
	for (size_t i = 0; c->codes && i < n; i++) {
		c->codes[i].code = builtin_names[i].code;
		c->codes[i].name = strdup(builtin_names[i].name);
		c->n = i + 1;
	}
}

const struct stopcode_catalog *catalog_default(void)
{
	static struct stopcode_catalog c;
	static bool loaded;
	if (loaded)
		return &c;
	loaded = true;
	char file[PATH_MAX], problem[sizeof c.problem];
	struct rw_error e = {0};
	bool found = datadir_share_file(CATALOG_FILE, file, sizeof file);
	if (found && catalog_load(file, &c, &e) == 0)
		return &c;
	if (found)
		snprintf(problem, sizeof problem, "the stop-code catalog is invalid (%s): only the built-in names of a "
			 "few stop codes are known", e.text);
	else
		snprintf(problem, sizeof problem, "the stop-code catalog %s was not found ($RESCUEWIZ_SHARE, the share/ "
			 "folder of the source tree, %s): only the built-in names of a few stop codes are known; set "
			 "RESCUEWIZ_SHARE to the folder holding it", CATALOG_FILE, file);
	catalog_builtin(&c, problem);
	return &c;
}
