/* What the hives of a snapshot hold, read from its private copies (the replayed copy of a dirty hive, else
 * the backup copy): the snapshot's read-only handle on that copy when it kept one, else each hive opened
 * once with hivex and kept open while a plan is built or a condition checked. Never the disk itself. */
#ifndef RW_PLAN_FACTS_H
#define RW_PLAN_FACTS_H

#include <hivex.h>
#include <stdbool.h>

#include "core/error.h"
#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

struct facts {
	const struct snapshot *s;
	hive_h *h[HIVE_COUNT];
	bool tried[HIVE_COUNT];
};

void facts_init(struct facts *f, const struct snapshot *s);
void facts_close(struct facts *f);
/* The open copy of a hive, NULL when the snapshot has none (not found, unreadable, no copy made). */
hive_h *facts_hive(struct facts *f, int hive);
const struct hive_file *facts_file(const struct snapshot *s, int hive);
/* The control set numbers a scope names (existing: all of them). -1 with e when the scope names a set that
 * does not exist (Select\LastKnownGood pointing at a missing set). SCOPE_NONE gives one entry, 0. */
int facts_control_sets(const struct snapshot *s, int scope, int out[16], size_t *n, struct rw_error *e);
/* "ControlSet001\\" + key, or key alone for number 0 */
void facts_key_path(const struct snapshot *s, int number, const char *key, char *out, size_t len);
/* A Select name (current, default, last-known-good, failed) or a number -> a control set number, -1. */
int facts_control_set_number(const struct snapshot *s, const char *text);

#endif
