/* A step kind: one file in src/steps/ holding one constant struct, listed in one table (steps/kinds.c) that
 * the wizard loader, the engine, the batch front end, the runbook and the man page's list all read (tmux's
 * cmd_entry, tig's view_ops). Nothing else keeps a list of kinds. */
#ifndef RW_STEPS_KIND_H
#define RW_STEPS_KIND_H

#include <stddef.h>

#include "core/error.h"

struct run;
struct step;
struct fe_question;

enum step_kind_flags {
	STEP_TAKES_CHOICES = 1 << 0, /* the wizard file may list choices: */
	STEP_TAKES_EDITS = 1 << 1,   /* the apply step: edits:, and it must be the last step */
	STEP_DETECTED = 1 << 2,      /* the answer is what the disk shows: a batch run takes it unasked */
	STEP_CONFIRMS = 1 << 3,      /* `run` without --dry-run is the operator's confirmation */
	STEP_TYPED = 1 << 4,         /* the operator may type an answer instead of choosing */
};

enum step_param_type { PARAM_TEXT, PARAM_NUMBER, PARAM_PLACE };

/* A key of its own that a kind takes in a wizard file (beside id, kind, title, help, default, refuse-if). */
struct step_param_info {
	const char *name;
	int type;          /* enum step_param_type; PARAM_TEXT may hold ${step.field} */
	const char *means; /* for the man page and validate's messages */
};

struct step_kind {
	const char *name;                     /* as a wizard file writes it: "choose-bcd" */
	const char *summary;                  /* one line: what the step asks */
	const char *const *fields;            /* exactly the answers it records: ${id.field} (NULL terminated) */
	const struct step_param_info *params; /* NULL terminated by name; NULL when none */
	unsigned flags;                       /* enum step_kind_flags */
	/* The field written back to answers.yaml (NULL: nothing to replay), and how it is typed again there
	 * (NULL: as it is): check-space records bytes and replays "8192M". */
	const char *replay_field;
	void (*replay)(const char *value, char *out, size_t len);
	/* The question, from the snapshot and the answers so far; -1 with e when it can not be asked. */
	int (*prepare)(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e);
	/* Checks an answer and records the step's fields; -1 with e naming what was expected. */
	int (*accept)(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e);
};

const struct step_kind *step_kind_named(const char *name); /* NULL when unknown */
extern const struct step_kind *const step_kinds[];         /* NULL terminated */
/* "detect-layout, choose-bcd, ...", for messages */
void step_kind_list(char *out, size_t len);

#endif
