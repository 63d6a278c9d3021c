/* The runbook of a run: one folder (0700, files 0600: a SYSTEM hive backup holds the boot key) with
 * runbook.md for people, runbook.json for tools, answers.yaml that replays the run, commands.txt with the
 * Windows commands that do the same, and backup/ with SHA256SUMS. Written for every run: dry runs and
 * refusals too. */
#ifndef RW_RUNBOOK_RUNBOOK_H
#define RW_RUNBOOK_RUNBOOK_H

#include <limits.h>
#include <stdbool.h>

#include "apply/apply.h"
#include <sys/stat.h>

#include "core/error.h"
#include "core/files.h"
#include "engine/engine.h"

/* A backup's digest as SHA256SUMS listed it, with what identifies the file it was taken of */
struct runbook_sum {
	char name[256];
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	char hex[SHA256_HEX_LEN];
};

struct runbook {
	char dir[PATH_MAX];    /* as shown to the operator */
	char backup[PATH_MAX]; /* the path the snapshot copies the hives to: the backup/ folder opened here */
	int fd, backup_fd;     /* every file of the runbook is made relative to these, never through a link */
	/* SHA256SUMS is written twice by a run that applies: a backup not changed since (same file, size and
	 * times) is not hashed again */
	struct runbook_sum sums[16];
	size_t nsums;
	/* the sha256 of each file the last record wrote (SHA256SUMS, runbook.md, runbook.json, answers.yaml,
	 * commands.txt): a record rewrites only the ones it changes */
	char written[5][SHA256_HEX_LEN];
};

/* A new folder for this run: dir (refused when it exists, unless it is an empty folder of root's), or
 * ./rescuewiz-runbook-WIZARD-TIME when dir is NULL (with -2, -3, ... when a run of the same second has that
 * name), and its backup/ folder; never the folder of an earlier run, whose backups may be the only copy of
 * the original hives. runbook_close when done. */
int runbook_create(struct runbook *rb, const char *dir, const char *wizard, struct rw_error *e);
void runbook_close(struct runbook *rb);
/* The digest of backup/NAME taken while it was made (the snapshot's copy): SHA256SUMS does not hash it again
 * while the file stays the same one, unchanged. */
void runbook_known_sum(struct runbook *rb, const char *name, const char hex[SHA256_HEX_LEN]);

struct runbook_outcome {
	const char *result;          /* "applied", "dry run", "nothing to do", "refused", "rolled back", ... */
	const char *message;         /* the error or refusal, "" when none */
	bool dry_run;
	const struct apply_result *apply; /* NULL when nothing was applied */
};

/* Writes every file of the runbook, backup/SHA256SUMS first, each replacing the one before atomically and
 * fsynced (it is written twice by a run that applies: before the first write to the disk, "apply in
 * progress", and at the end). json_out (optional) gets a copy of runbook.json's text. */
int runbook_write(struct runbook *rb, const struct run *r, const struct runbook_outcome *o, char **json_out,
		  struct rw_error *e);

#endif
