/* A lesson's checks, read back from its image after the run the way the verify step reads: a fresh
 * read-only snapshot of the disk (its own mounts), the hives copied out and read with hivex. */
#ifndef RW_TRAIN_CHECKS_H
#define RW_TRAIN_CHECKS_H

#include <stdbool.h>

#include "core/error.h"
#include "train/scenario.h"

struct check_facts {
	bool refused;           /* the run was refused */
	bool image_unchanged;   /* sha256 of the image before == after */
	const char *runbook_dir; /* the run's runbook folder (its runbook.json lists the copies), NULL when none */
};

struct check_result {
	bool passed;
	char found[240];        /* what the disk holds, made printable: "1", "(no such value)", ... */
};

/* Fills out[i] for every check of s. scratch is a private folder for the copies of the hives. 0, or -1 when
 * the image could not be read at all (every check then fails with the reason). */
int checks_read(const struct scenario *s, const char *image, const char *scratch, const struct check_facts *f,
		struct check_result *out, struct rw_error *e);

/* One check against a value already formatted (check_value_text's format): for tests and the reader. */
bool check_matches(const struct scenario_check *c, bool present, const char *text);

/* A copied check (CHECK_COPIED) once the file on the disk was read: runbook_dir's runbook.json lists a copy
 * of winpath (without case), with disk_sha256 ("" when the disk's file could not be read) as its sha256, and
 * the copy it names holds those bytes. */
void check_copied(const char *runbook_dir, const char *winpath, const char *disk_sha256, struct check_result *r);

#endif
