/* The runbook of a run: one folder (0700, files 0600: a SYSTEM hive backup holds the boot key) with
 * runbook.md for people, runbook.json for tools, answers.yaml that replays the run, commands.txt with the
 * Windows commands that do the same, and backup/ with SHA256SUMS. Written for every run: dry runs and
 * refusals too. */
#ifndef RW_RUNBOOK_RUNBOOK_H
#define RW_RUNBOOK_RUNBOOK_H

#include <limits.h>
#include <stdbool.h>

#include "apply/apply.h"
#include "core/error.h"
#include "engine/engine.h"

struct runbook {
	char dir[PATH_MAX];    /* as shown to the operator */
	char backup[PATH_MAX]; /* the path the snapshot copies the hives to: the backup/ folder opened here */
	int fd, backup_fd;     /* every file of the runbook is made relative to these, never through a link */
};

/* A new folder for this run: dir (refused when it exists, unless it is an empty folder of root's), or
 * ./rescuewiz-runbook-WIZARD-TIME when dir is NULL (with -2, -3, ... when a run of the same second has that
 * name), and its backup/ folder; never the folder of an earlier run, whose backups may be the only copy of
 * the original hives. runbook_close when done. */
int runbook_create(struct runbook *rb, const char *dir, const char *wizard, struct rw_error *e);
void runbook_close(struct runbook *rb);

struct runbook_outcome {
	const char *result;          /* "applied", "dry run", "nothing to do", "refused", "rolled back", ... */
	const char *message;         /* the error or refusal, "" when none */
	bool dry_run;
	const struct apply_result *apply; /* NULL when nothing was applied */
};

/* Writes every file of the runbook, backup/SHA256SUMS first, each replacing the one before atomically and
 * fsynced (it is written twice by a run that applies: before the first write to the disk, "apply in
 * progress", and at the end). json_out (optional) gets a copy of runbook.json's text. */
int runbook_write(const struct runbook *rb, const struct run *r, const struct runbook_outcome *o, char **json_out,
		  struct rw_error *e);

#endif
