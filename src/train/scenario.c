#include "train/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/number.h"
#include "diskgen/hive_minimal.h"
#include "wizard/yamldoc.h"

struct reader {
	struct yamldoc y;
	struct scenario *s;
	struct rw_error *e;
};

static const char *const top_keys[] = {SCENARIO_TOP_KEY, "title", "level", "teaches", "symptom", "disk",
				       "wizard", "answers", "checks", "hints", "wrong-turns", "debrief",
				       "waiting", NULL};
static const char *const disk_keys[] = {"generation", "size-mib", "control-sets", "select", "emssettings",
					"loaders", "default-boots-elsewhere", "dump-ram-mib", "dump-complete", "pagefile-mib",
					"system", "bcd", "system-in-logs", "bitlocker", "hibernated", "single-volume",
					"mixed-case", "ntfs-dirty", "corrupt-system", "damaged-bcd", NULL};
static const char *const select_keys[] = {"current", "default", "last-known-good", "failed", NULL};
static const char *const check_keys[] = {"what", "hive", "key", "value", "equals", "contains", "absent",
					 "nothing-written", "refused", "copied", "cost", NULL};
static const char *const hint_keys[] = {"text", "cost", NULL};
static const char *const wrong_keys[] = {"step", "answer", "cost", "explain", NULL};

static int text_of(struct reader *r, yaml_node_t *n, const char *what, char **out)
{
	return yamldoc_text(&r->y, n, what, out, r->e);
}

static int required(struct reader *r, yaml_node_t *m, const char *key, const char *what, char **out)
{
	return yamldoc_required_text(&r->y, m, key, what, out, r->e);
}

static int optional(struct reader *r, yaml_node_t *m, const char *key, char **out)
{
	yaml_node_t *n = yamldoc_get(&r->y, m, key);
	return n ? text_of(r, n, key, out) : 0;
}

static int number(struct reader *r, yaml_node_t *m, const char *key, uint64_t min, uint64_t max, uint64_t *out)
{
	yaml_node_t *n = yamldoc_get(&r->y, m, key);
	if (!n)
		return 0;
	const char *s = yamldoc_scalar(n);
	if (!s || !number_in_range(s, min, max, out))
		return yamldoc_fail(&r->y, n, r->e, "'%s' must be a number from %llu to %llu, not '%s'", key,
				    (unsigned long long)min, (unsigned long long)max, s ? s : "a list");
	return 0;
}

static int small(struct reader *r, yaml_node_t *m, const char *key, unsigned min, unsigned max, unsigned *out)
{
	uint64_t v = *out;
	int rc = number(r, m, key, min, max, &v);
	*out = (unsigned)v;
	return rc;
}

static int flag(struct reader *r, yaml_node_t *m, const char *key, bool *out, bool *given)
{
	if (given && yamldoc_get(&r->y, m, key))
		*given = true;
	return yamldoc_flag(&r->y, m, key, out, r->e);
}

/* hive spec lines are checked here by making a hive of them, so a mistake is found by validate, not by the
 * build of the lesson's disk */
static int spec_text(struct reader *r, yaml_node_t *m, const char *key, char **out)
{
	if (optional(r, m, key, out) != 0)
		return -1;
	if (!*out)
		return 0;
	char path[256], err[512];
	int rc = hive_spec_file(*out, "ROOT", path, sizeof path, err, sizeof err);
	unlink(path);
	if (rc != 0)
		return yamldoc_fail(&r->y, yamldoc_get(&r->y, m, key), r->e, "%s: %s (the format: rescuewiz(8), TRAIN)",
				    key, err);
	return 0;
}

static int read_disk(struct reader *r, yaml_node_t *m)
{
	struct disk_desc *d = &r->s->disk;
	if (!m)
		return yamldoc_fail(&r->y, yamldoc_root(&r->y), r->e, "a lesson has no 'disk' (generation: 1 or 2, ...)");
	if (yamldoc_check_keys(&r->y, m, "disk", disk_keys, r->e) != 0)
		return -1;
	if (!yamldoc_get(&r->y, m, "generation"))
		return yamldoc_fail(&r->y, m, r->e, "disk has no 'generation' (1: BIOS and MBR, 2: UEFI and GPT)");
	unsigned gen = 0;
	if (small(r, m, "generation", 1, 2, &gen) != 0 || number(r, m, "size-mib", 1024, 1u << 20, &d->size_mib) != 0 ||
	    small(r, m, "control-sets", 1, 9, &d->control_sets) != 0 || small(r, m, "loaders", 1, 2, &d->loaders) != 0 ||
	    number(r, m, "dump-ram-mib", 256, 1u << 24, &d->dump_ram_mib) != 0 ||
	    number(r, m, "pagefile-mib", 1, 1u << 16, &d->pagefile_mib) != 0 ||
	    flag(r, m, "emssettings", &d->emssettings, &d->emssettings_set) != 0 ||
	    flag(r, m, "default-boots-elsewhere", &d->default_elsewhere, NULL) != 0 ||
	    flag(r, m, "dump-complete", &d->dump_complete, NULL) != 0 ||
	    flag(r, m, "bitlocker", &d->bitlocker, NULL) != 0 || flag(r, m, "hibernated", &d->hibernated, NULL) != 0 ||
	    flag(r, m, "single-volume", &d->single_volume, NULL) != 0 || flag(r, m, "mixed-case", &d->mixed_case, NULL) != 0 ||
	    flag(r, m, "ntfs-dirty", &d->ntfs_dirty, NULL) != 0 ||
	    flag(r, m, "corrupt-system", &d->truncated_system, NULL) != 0 ||
	    flag(r, m, "damaged-bcd", &d->damaged_bcd, NULL) != 0 ||
	    spec_text(r, m, "system", &d->system_extra) != 0 || spec_text(r, m, "bcd", &d->bcd_extra) != 0 ||
	    spec_text(r, m, "system-in-logs", &d->system_in_logs) != 0)
		return -1;
	d->generation = (int)gen;
	if (d->single_volume && gen != 1)
		return yamldoc_fail(&r->y, yamldoc_get(&r->y, m, "single-volume"), r->e,
				    "single-volume is a Gen1 layout (one NTFS volume holds \\Boot and \\Windows)");
	yaml_node_t *sel = yamldoc_get(&r->y, m, "select");
	if (sel && (yamldoc_check_keys(&r->y, sel, "select", select_keys, r->e) != 0 ||
		    small(r, sel, "current", 1, 9, &d->current) != 0 || small(r, sel, "default", 1, 9, &d->deflt) != 0 ||
		    small(r, sel, "last-known-good", 1, 9, &d->last_known_good) != 0 ||
		    small(r, sel, "failed", 0, 9, &d->failed) != 0))
		return -1;
	unsigned sets = d->control_sets ? d->control_sets : gen == 1 ? 2 : 3;
	if (d->current > sets || d->deflt > sets || d->last_known_good > sets)
		return yamldoc_fail(&r->y, sel, r->e, "select names a control set beyond the %u of the disk", sets);
	return 0;
}

static size_t items_of(yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static yaml_node_t *item(struct reader *r, yaml_node_t *n, size_t i)
{
	return yamldoc_node(&r->y, n->data.sequence.items.start[i]);
}

/* a list under key, each item read by fn into a new array of `size` bytes each */
static int read_list(struct reader *r, const char *key, bool need, size_t size, void **out, size_t *n,
		     int (*fn)(struct reader *, yaml_node_t *, void *))
{
	yaml_node_t *l = yamldoc_get(&r->y, yamldoc_root(&r->y), key);
	if (!l && !need)
		return 0;
	if (!l || l->type != YAML_SEQUENCE_NODE || !items_of(l))
		return yamldoc_fail(&r->y, l ? l : yamldoc_root(&r->y), r->e, "'%s' must be a list of at least one", key);
	*n = items_of(l);
	*out = calloc(*n, size);
	if (!*out)
		return rw_fail(r->e, RW_EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < *n; i++)
		if (fn(r, item(r, l, i), (char *)*out + i * size) != 0)
			return -1;
	return 0;
}

static int read_check(struct reader *r, yaml_node_t *m, void *out)
{
	struct scenario_check *c = out;
	bool nothing = false, refused = false;
	c->cost = 25;
	if (yamldoc_check_keys(&r->y, m, "a check", check_keys, r->e) != 0 || required(r, m, "what", "a check", &c->what) != 0 ||
	    small(r, m, "cost", 0, 100, &c->cost) != 0 || flag(r, m, "nothing-written", &nothing, NULL) != 0 ||
	    flag(r, m, "refused", &refused, NULL) != 0 || flag(r, m, "absent", &c->absent, NULL) != 0)
		return -1;
	if (optional(r, m, "copied", &c->copied) != 0)
		return -1;
	if (nothing + refused + (c->copied != NULL) > 1)
		return yamldoc_fail(&r->y, m, r->e, "a check is one of nothing-written, refused or copied, not several");
	if (nothing || refused) {
		c->kind = nothing ? CHECK_NOTHING_WRITTEN : CHECK_REFUSED;
		return 0;
	}
	if (c->copied) {
		c->kind = CHECK_COPIED;
		if (c->copied[0] != '\\' || strchr(c->copied, '/'))
			return yamldoc_fail(&r->y, yamldoc_get(&r->y, m, "copied"), r->e,
					    "copied names a file of the Windows volume as the runbook does "
					    "('\\Windows\\MEMORY.DMP'), not '%s'", c->copied);
		return yamldoc_get(&r->y, m, "hive") || yamldoc_get(&r->y, m, "equals") || yamldoc_get(&r->y, m, "contains")
			       ? yamldoc_fail(&r->y, m, r->e, "a copied check reads no hive (no hive, equals or contains)")
			       : 0;
	}
	if (required(r, m, "hive", "a check", &c->hive) != 0 || required(r, m, "key", "a check", &c->key) != 0 ||
	    required(r, m, "value", "a check", &c->value) != 0 || optional(r, m, "equals", &c->equals) != 0 ||
	    optional(r, m, "contains", &c->contains) != 0)
		return -1;
	if (strcmp(c->hive, "SYSTEM") && strcmp(c->hive, "SOFTWARE") && strcmp(c->hive, "BCD"))
		return yamldoc_fail(&r->y, yamldoc_get(&r->y, m, "hive"), r->e,
				    "a check reads SYSTEM, SOFTWARE or BCD, not '%s'", c->hive);
	if ((c->equals != NULL) + (c->contains != NULL) + c->absent != 1)
		return yamldoc_fail(&r->y, m, r->e, "a check says one of equals, contains or absent: true");
	return 0;
}

static int read_hint(struct reader *r, yaml_node_t *m, void *out)
{
	struct scenario_hint *h = out;
	h->cost = 10;
	return yamldoc_check_keys(&r->y, m, "a hint", hint_keys, r->e) != 0 || required(r, m, "text", "a hint", &h->text) != 0 ||
			       small(r, m, "cost", 0, 100, &h->cost) != 0
		       ? -1
		       : 0;
}

static int read_wrong(struct reader *r, yaml_node_t *m, void *out)
{
	struct scenario_wrong_turn *w = out;
	w->cost = 20;
	return yamldoc_check_keys(&r->y, m, "a wrong turn", wrong_keys, r->e) != 0 ||
			       required(r, m, "step", "a wrong turn", &w->step) != 0 ||
			       required(r, m, "answer", "a wrong turn", &w->answer) != 0 ||
			       required(r, m, "explain", "a wrong turn", &w->explain) != 0 ||
			       small(r, m, "cost", 0, 100, &w->cost) != 0
		       ? -1
		       : 0;
}

static int read_answers(struct reader *r, yaml_node_t *m)
{
	struct scenario *s = r->s;
	if (!m || m->type != YAML_MAPPING_NODE)
		return yamldoc_fail(&r->y, m ? m : yamldoc_root(&r->y), r->e,
				    "a lesson has 'answers': the ideal answers, step: answer (the answers-file format)");
	size_t n = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
	s->ideal = calloc(n ? n : 1, sizeof *s->ideal);
	if (!s->ideal)
		return rw_fail(r->e, RW_EXIT_USAGE, "out of memory");
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		struct scenario_answer *a = &s->ideal[s->nideal];
		if (text_of(r, yamldoc_node(&r->y, p->key), "a step id", &a->step) != 0 ||
		    text_of(r, yamldoc_node(&r->y, p->value), "an answer", &a->value) != 0)
			return -1;
		s->nideal++;
	}
	return 0;
}

static bool lesson_name_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return *s && strlen(s) < 64;
}

/* every wrong turn names a step the ideal answers know: a typo would make it never match */
static int check_steps(struct reader *r)
{
	yaml_node_t *l = yamldoc_get(&r->y, yamldoc_root(&r->y), "wrong-turns");
	for (size_t i = 0; i < r->s->nwrong; i++)
		if (!scenario_ideal(r->s, r->s->wrong[i].step))
			return yamldoc_fail(&r->y, item(r, l, i), r->e,
					    "wrong turn of step '%s': the ideal answers have no such step",
					    r->s->wrong[i].step);
	return 0;
}

static int read_all(struct reader *r)
{
	struct scenario *s = r->s;
	yaml_node_t *root = yamldoc_root(&r->y);
	if (!root || root->type != YAML_MAPPING_NODE)
		return yamldoc_fail(&r->y, root, r->e, "a lesson is a mapping (lesson:, title:, disk:, ...)");
	if (yamldoc_check_keys(&r->y, root, "a lesson", top_keys, r->e) != 0 ||
	    required(r, root, SCENARIO_TOP_KEY, "a lesson", &s->name) != 0)
		return -1;
	if (!lesson_name_ok(s->name))
		return yamldoc_fail(&r->y, yamldoc_get(&r->y, root, SCENARIO_TOP_KEY), r->e,
				    "a lesson name is lower-case letters, digits and '-', not '%s'", s->name);
	s->level = 1;
	if (required(r, root, "title", "a lesson", &s->title) != 0 || required(r, root, "teaches", "a lesson", &s->teaches) != 0 ||
	    required(r, root, "symptom", "a lesson", &s->symptom) != 0 || required(r, root, "wizard", "a lesson", &s->wizard) != 0 ||
	    required(r, root, "debrief", "a lesson", &s->debrief) != 0 || optional(r, root, "waiting", &s->waiting) != 0 ||
	    small(r, root, "level", 1, 3, &s->level) != 0 || read_disk(r, yamldoc_get(&r->y, root, "disk")) != 0 ||
	    read_answers(r, yamldoc_get(&r->y, root, "answers")) != 0 ||
	    read_list(r, "checks", true, sizeof *s->checks, (void **)&s->checks, &s->nchecks, read_check) != 0 ||
	    read_list(r, "hints", true, sizeof *s->hints, (void **)&s->hints, &s->nhints, read_hint) != 0 ||
	    read_list(r, "wrong-turns", false, sizeof *s->wrong, (void **)&s->wrong, &s->nwrong, read_wrong) != 0)
		return -1;
	return check_steps(r);
}

int scenario_load(const char *file, struct scenario *s, struct rw_error *e)
{
	memset(s, 0, sizeof *s);
	struct reader r = {.s = s, .e = e};
	if (yamldoc_load(&r.y, file, e) != 0)
		return -1;
	s->file = strdup(file);
	int rc = s->file ? read_all(&r) : rw_fail(e, RW_EXIT_USAGE, "out of memory");
	yamldoc_free(&r.y);
	if (rc != 0)
		scenario_free(s);
	return rc;
}

const char *scenario_ideal(const struct scenario *s, const char *step)
{
	for (size_t i = 0; i < s->nideal; i++)
		if (!strcmp(s->ideal[i].step, step))
			return s->ideal[i].value;
	return NULL;
}

void scenario_free(struct scenario *s)
{
	free(s->file);
	free(s->name);
	free(s->title);
	free(s->teaches);
	free(s->symptom);
	free(s->wizard);
	free(s->debrief);
	free(s->waiting);
	disk_desc_free(&s->disk);
	for (size_t i = 0; i < s->nideal; i++)
		free(s->ideal[i].step), free(s->ideal[i].value);
	free(s->ideal);
	for (size_t i = 0; i < s->nchecks; i++) {
		struct scenario_check *c = &s->checks[i];
		free(c->what), free(c->hive), free(c->key), free(c->value), free(c->equals), free(c->contains), free(c->copied);
	}
	free(s->checks);
	for (size_t i = 0; i < s->nhints; i++)
		free(s->hints[i].text);
	free(s->hints);
	for (size_t i = 0; i < s->nwrong; i++)
		free(s->wrong[i].step), free(s->wrong[i].answer), free(s->wrong[i].explain);
	free(s->wrong);
	memset(s, 0, sizeof *s);
}
