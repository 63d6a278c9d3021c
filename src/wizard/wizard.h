/* A wizard as loaded from YAML (wizards/NAME.yaml): its steps in order, the texts people read, and the
 * declarative edits of its apply step. The step kinds are C code (src/steps/, one file and one struct each);
 * this is only their description, checked completely at load time so that nothing touches a disk when a
 * wizard is invalid. The schema is in rescuewiz(8), WIZARD FILES. */
#ifndef RW_WIZARD_WIZARD_H
#define RW_WIZARD_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct step_kind; /* steps/kind.h */

struct where {
	int line, column; /* 1-based, in the wizard file */
};

/* The hives a wizard may edit. BCD is the store; SYSTEM and SOFTWARE are Windows\System32\config\. */
enum hive_name { HIVE_SYSTEM, HIVE_SOFTWARE, HIVE_BCD, HIVE_COUNT };
const char *hive_name_text(int hive); /* "SYSTEM", "SOFTWARE", "BCD" */

/* Which control sets of SYSTEM a key lives under. NONE: the key is written from the hive root (Select,
 * MountedDevices; every key of SOFTWARE). The others follow Select's values, offline. */
enum control_set_scope { SCOPE_NONE, SCOPE_EXISTING, SCOPE_CURRENT, SCOPE_DEFAULT, SCOPE_LAST_KNOWN_GOOD };
const char *scope_name(int scope); /* as a wizard file writes it */

/* A registry place: a key (below the control sets of `scope`, or from the root) and optionally a value. */
struct reg_place {
	int hive;              /* enum hive_name: SYSTEM or SOFTWARE */
	char *key;             /* may hold ${step.field} */
	int scope;             /* enum control_set_scope */
	char *value;           /* NULL: the key itself */
	struct where at;
};

/* The registry's value types by the names a wizard writes (dword, qword, sz, expand_sz, multi_sz, binary);
 * VALUE_BCD: a BCD element, typed by the element's own format when the plan is built. */
enum value_type { VALUE_DWORD, VALUE_QWORD, VALUE_SZ, VALUE_EXPAND_SZ, VALUE_MULTI_SZ, VALUE_BINARY, VALUE_BCD };

/* One value to set: a name, its type, and its text (a list for multi_sz and BCD object lists), which may
 * hold ${step.field} references. */
struct edit_value {
	char *name;
	int type;
	char **items;
	size_t nitems;
	struct where at;
};

enum condition_op {
	COND_TRUE,               /* text: a reference or a word; yes/true/on/1 are true */
	COND_EQUALS,             /* text, other: equal after expansion (case-insensitive) */
	COND_NOT,                /* sub[0] */
	COND_ALL,                /* sub[] */
	COND_ANY,                /* sub[] */
	COND_VALUE_EXISTS,       /* place (with a value) */
	COND_KEY_EXISTS,         /* place */
	COND_CONTROL_SET_EXISTS, /* text: a number, or current/default/last-known-good/failed */
	COND_AT_LEAST,           /* text, other: whole numbers after expansion, text >= other */
};

struct condition {
	int op;
	char *text, *other;
	struct condition *sub;
	size_t nsub;
	struct reg_place place;
	struct where at;
};

enum edit_kind { EDIT_REGISTRY, EDIT_BCD };

struct edit {
	int kind;
	struct where at;
	struct condition *when;  /* NULL: always */
	/* registry: place.hive, place.key, place.scope */
	struct reg_place place;
	bool create_key, delete_key;
	/* bcd */
	char *object;            /* "{emssettings}", "${loader.id}" */
	bool create_if_missing;
	char *reachable_from;    /* make the object reachable through this object's inherit chain */
	struct edit_value *values; /* set */
	size_t nvalues;
	char **deletes;          /* values (registry) or elements (bcd) to delete */
	size_t ndeletes;
};

struct choice {
	char *value;
	char *label;
};

/* A step refuses an answer when its condition holds, saying why (e.g. "that is the current set"). */
struct refusal {
	struct condition when;
	char *because;
};

/* A key of a step's own kind (min, max, room, ...), kept as text; `reads` is a registry place. */
struct step_param {
	char *name;
	char *text;
	struct where at;
};

struct step {
	char *id;
	const struct step_kind *kind;
	struct where at;
	char *title;
	char *help;
	char *default_value;     /* the recommended answer where the kind takes one */
	struct choice *choices;  /* kinds that take choices: offered answers */
	size_t nchoices;
	struct edit *edits;      /* the apply step */
	size_t nedits;
	struct refusal *refusals;
	size_t nrefusals;
	struct step_param *params;
	size_t nparams;
	bool has_reads;
	struct reg_place reads;  /* a kind's `reads:` place: the value it shows and starts from */
	/* when: the step is asked only when all of these hold (its own, then the when: of each include that
	 * brought it in); otherwise it is skipped and recorded as ${id.skipped} = yes */
	struct condition *when;
	size_t nwhen;
	char *included_from;     /* the wizard whose file the step is written in, NULL for the wizard's own */
};

struct wizard {
	char *file;
	char *name;
	char *title;
	char *summary;
	char *next;            /* what the operator does once the edits are written (result screen, runbook) */
	char **matches;        /* symptoms that select this wizard ("Hardware Malfunction", "0x80") */
	size_t nmatches;
	struct step *steps;
	size_t nsteps;
};

/* Loads and checks a wizard file. Every mistake: "file:line:column: what is wrong", exit class USAGE. A step
 * list item {include: NAME, when: CONDITION} puts the steps of wizard NAME there (looked for beside the
 * file first, then in the wizard folders of wizard/discover.h), each under the include's when:. */
int wizard_load(const char *file, struct wizard *w, struct rw_error *e);
void wizard_free(struct wizard *w);
const struct step *wizard_step(const struct wizard *w, const char *id);
const char *step_param(const struct step *st, const char *name); /* NULL when the step does not give it */
/* The hives the wizard's edits may write (marks hives[HIVE_...]). */
void wizard_hives(const struct wizard *w, bool hives[HIVE_COUNT]);

/* Facts of the disk that any text may name without a step: ${windows.product} ("Windows Server 2019
 * Datacenter"), ${windows.build} (17763, 0 when unknown), ${windows.version} (the product with its build). */
#define WIZARD_FACTS_STEP "windows"
/* The field a skipped step records (never one of a kind's fields, so no ${id.skipped} is accepted) */
#define WIZARD_SKIPPED_FIELD "skipped"
/* Includes nest at most this deep (a -> b -> c ...) */
#define WIZARD_INCLUDE_DEPTH 8
extern const char *const wizard_fact_fields[];

/* References: "${step.field}". Calls fn for each reference in text; stops at the first non-zero return. */
int wizard_each_reference(const char *text, int (*fn)(const char *step, const char *field, void *ctx), void *ctx);

#endif
