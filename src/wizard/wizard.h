/* A wizard as loaded from YAML (wizards/NAME.yaml): its steps in order, the texts people read, and the
 * declarative edits of its apply step. The step kinds are C code (src/steps/); this is only their
 * description, checked completely at load time so that nothing touches a disk when a wizard is invalid. */
#ifndef RW_WIZARD_WIZARD_H
#define RW_WIZARD_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct where {
	int line, column; /* 1-based, in the wizard file */
};

enum step_kind {
	STEP_DETECT_LAYOUT,
	STEP_CHOOSE_BCD,
	STEP_CHECK_SPACE,
	STEP_CHOOSE_DUMP,
	STEP_CONFIRM,
	STEP_APPLY,
	STEP_KIND_COUNT,
};

/* What each kind of step answers, i.e. what ${id.field} may name. */
struct step_kind_info {
	const char *name;
	const char *const *fields;
};
const struct step_kind_info *step_kind_info(int kind);
int step_kind_by_name(const char *name); /* -1 when unknown */

enum value_type { VALUE_DWORD, VALUE_QWORD, VALUE_SZ, VALUE_EXPAND_SZ, VALUE_BOOLEAN, VALUE_INTEGER };

/* One value to set: a name, its type, and its text, which may hold ${step.field} references. */
struct edit_value {
	char *name;
	int type;
	char *text;
	struct where at;
};

enum edit_kind { EDIT_REGISTRY, EDIT_BCD };
enum control_set_scope { SCOPE_EXISTING, SCOPE_CURRENT };

struct edit {
	int kind;
	struct where at;
	char *when;            /* optional reference: the edit applies only when it is true */
	/* registry */
	char *hive;            /* "SYSTEM" */
	char *key;             /* below ControlSet00N when control_sets is set, else from the hive root */
	bool per_control_set;
	int scope;             /* enum control_set_scope */
	/* bcd */
	char *object;          /* "{emssettings}", "${loader.id}" */
	bool create_if_missing;
	char *reachable_from;  /* make the object reachable through this object's inherit chain */
	struct edit_value *values;
	size_t nvalues;
};

struct choice {
	char *value;
	char *label;
};

struct step {
	char *id;
	int kind;
	struct where at;
	char *title;
	char *help;
	char *default_value;   /* the recommended answer where the kind takes one */
	struct choice *choices;  /* confirm/choose-dump: offered answers */
	size_t nchoices;
	struct edit *edits;    /* apply */
	size_t nedits;
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

/* A wizard by name (RESCUEWIZ_WIZARDS, ./wizards, the installed ones) or by path: 0 with its path, or -1. */
int wizard_find(const char *name, char *path, size_t len);
/* Loads and checks a wizard file. Every mistake: "file:line:column: what is wrong", exit class USAGE. */
int wizard_load(const char *file, struct wizard *w, struct rw_error *e);
void wizard_free(struct wizard *w);
const struct step *wizard_step(const struct wizard *w, const char *id);

/* References: "${step.field}". Calls fn for each reference in text; stops at the first non-zero return. */
int wizard_each_reference(const char *text, int (*fn)(const char *step, const char *field, void *ctx), void *ctx);

#endif
