/* A plan: the typed edits a wizard's answers turn into, each with its value before and after, the Windows
 * command that does the same, and whether it changes anything. Every edit sets one registry value (creating
 * the keys above it when missing), which is what both REG ADD and bcdedit do to the hive underneath. */
#ifndef RW_PLAN_PLAN_H
#define RW_PLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "engine/answers.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

enum plan_hive { PLAN_SYSTEM, PLAN_BCD };

enum plan_kind {
	PLAN_REGISTRY_VALUE,  /* a value under ControlSet00N */
	PLAN_BCD_ELEMENT,     /* an element of an existing BCD object */
	PLAN_BCD_CREATE,      /* a new BCD object (its Description\Type) */
	PLAN_BCD_INHERIT,     /* an inherit list that gains an object */
};

struct plan_edit {
	int hive;             /* enum plan_hive */
	int kind;             /* enum plan_kind */
	char key[512];        /* from the hive root: "ControlSet001\Control\CrashControl" */
	char name[128];       /* value name: "NMICrashDump", "Element", "Type" */
	int type;             /* hive_type of the new value */
	uint8_t *data;        /* the new value as stored */
	size_t len;
	bool existed;         /* the value was there before */
	int old_type;
	uint8_t *old_data;
	size_t old_len;
	bool no_change;       /* same type and bytes already: nothing to write */
	char what[700];       /* "ControlSet001: CrashControl\NMICrashDump", "{current} ems" */
	char before[200];     /* "not set", "REG_DWORD 0", "off (inherited from {emssettings})" */
	char after[200];
	char command[1400];    /* the Windows equivalent */
};

struct plan {
	struct plan_edit *edits;
	size_t n;
	size_t changes;       /* edits with no_change false */
};

/* Builds the plan of an apply step from the answers and the snapshot; never touches the disk. */
int plan_build(struct plan *p, const struct step *apply, const struct answers *a, const struct snapshot *s,
	       struct rw_error *e);
void plan_free(struct plan *p);

#endif
