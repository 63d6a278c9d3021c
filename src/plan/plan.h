/* A plan: the typed edits a wizard's answers turn into, each with its value before and after, the Windows
 * command that does the same, and whether it changes anything. Every edit is one hive operation (set a
 * value, creating the keys above it; delete a value; create or delete a key), which is what REG ADD,
 * REG DELETE and bcdedit do to the hive underneath. */
#ifndef RW_PLAN_PLAN_H
#define RW_PLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "engine/answers.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

/* How an edit reads (render.c); the hive operation is `op`. */
enum plan_kind {
	PLAN_REGISTRY,        /* a registry value or key of SYSTEM or SOFTWARE */
	PLAN_BCD_ELEMENT,     /* an element of a BCD object */
	PLAN_BCD_CREATE,      /* a new BCD object (its Description\Type) */
	PLAN_BCD_INHERIT,     /* an inherit list that gains an object */
};

enum plan_op { OP_SET_VALUE, OP_DELETE_VALUE, OP_CREATE_KEY, OP_DELETE_KEY };

struct plan_edit {
	int hive;             /* enum hive_name */
	int kind;             /* enum plan_kind */
	int op;               /* enum plan_op */
	char key[512];        /* from the hive root: "ControlSet001\Control\CrashControl" */
	char name[128];       /* value name: "NMICrashDump", "Element", "Type"; "" for key operations */
	uint32_t bcd_id;      /* BCD elements: the element id */
	int type;             /* hive_type of the new value */
	uint8_t *data;        /* the new value as stored */
	size_t len;
	bool existed;         /* the value (or key) was there before */
	int old_type;
	uint8_t *old_data;
	size_t old_len;
	size_t old_values, old_subkeys; /* a key to delete: what it holds */
	bool no_change;       /* nothing to write: same bytes, or already absent, or already there */
	char what[700];       /* "ControlSet001\Control\CrashControl\NMICrashDump", "BCD: {current} ems" */
	char before[200];     /* "not set", "REG_DWORD 0", "key with 3 values and 1 subkey" */
	char after[200];
	char command[1400];   /* the Windows equivalent */
};

struct plan {
	struct plan_edit *edits;
	size_t n;
	size_t changes;       /* edits with no_change false */
};

/* Builds the plan of an apply step from the answers and the snapshot's private hive copies (each opened
 * once); never touches the disk. */
int plan_build(struct plan *p, const struct step *apply, const struct answers *a, const struct snapshot *s,
	       struct rw_error *e);
void plan_free(struct plan *p);
/* Does the plan write this hive? */
bool plan_changes_hive(const struct plan *p, int hive);

#endif
