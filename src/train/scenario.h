/* A training lesson (share/scenarios/NAME.yaml): the symptom the trainee sees first, the disk to generate,
 * the wizard that fixes it, the ideal answers, the checks that decide success, hints, known wrong turns and
 * the debrief. Loaded with the wizards' YAML reader, so every mistake is "file:line:column: what is wrong".
 * Keys: rescuewiz(8), TRAIN. */
#ifndef RW_TRAIN_SCENARIO_H
#define RW_TRAIN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "diskgen/diskgen.h"

#define SCENARIO_TOP_KEY "lesson"

enum check_kind {
	CHECK_VALUE,          /* a value of SYSTEM, SOFTWARE or BCD after the run, read back from the image */
	CHECK_NOTHING_WRITTEN, /* the image is byte for byte what it was (a refusal lesson) */
	CHECK_REFUSED,        /* the run was refused */
	CHECK_COPIED,         /* a file of the disk was copied out: the runbook.json of the run lists it in
			       * copies, the copy holds the sha256 listed, and so does the file on the image */
};

struct scenario_check {
	int kind;
	char *what;           /* the sentence the result shows */
	char *hive, *key, *value;
	char *equals;         /* the value as text: decimal for numbers, hex bytes "01 00" for binary */
	char *contains;       /* for text and lists: holds this (no case) */
	bool absent;          /* the value must not be there */
	char *copied;         /* CHECK_COPIED: the Windows path of the file ("\\Windows\\MEMORY.DMP") */
	unsigned cost;        /* points lost when it fails */
};

struct scenario_hint {
	char *text;
	unsigned cost;
};

struct scenario_wrong_turn {
	char *step, *answer;  /* the answer that is a mistake (compared without case) */
	unsigned cost;
	char *explain;
};

struct scenario_answer {
	char *step, *value;
};

struct scenario {
	char *file, *name, *title, *teaches, *symptom, *wizard, *debrief;
	char *waiting;        /* non-NULL: the lesson can not be run yet, and why */
	unsigned level;
	struct disk_desc disk;
	struct scenario_answer *ideal;
	size_t nideal;
	struct scenario_check *checks;
	size_t nchecks;
	struct scenario_hint *hints;
	size_t nhints;
	struct scenario_wrong_turn *wrong;
	size_t nwrong;
};

int scenario_load(const char *file, struct scenario *s, struct rw_error *e);
void scenario_free(struct scenario *s);
/* The ideal answer of a step, NULL when the lesson gives none */
const char *scenario_ideal(const struct scenario *s, const char *step);

#endif
