/* Test support: in-memory snapshots whose hives are real files built from hive_minimal specs (SYSTEM,
 * SOFTWARE, BCD), and wizards loaded from YAML text, so plan/, engine/ and the step kinds are tested
 * without root, loop devices or a disk. */
#ifndef RW_TESTS_SNAPSHOT_FAKE_H
#define RW_TESTS_SNAPSHOT_FAKE_H

#include "snapshot/snapshot.h"
#include "wizard/wizard.h"

/* A snapshot with the given hives (NULL: none). Gen2 when a BCD spec is given. */
void fake_snapshot(struct snapshot *s, const char *system_spec, const char *software_spec, const char *bcd_spec);
void fake_snapshot_free(struct snapshot *s);
/* A wizard from YAML text; the test fails with the loader's message when it does not load. */
void fake_wizard(struct wizard *w, const char *yaml);
/* The loader's message for YAML text that must not load ("" when it loads), without the file name. */
const char *fake_wizard_error(const char *yaml);

/* A Select and two control sets, CrashControl in both, Tcpip parameters in the first. */
extern const char fake_system_two_sets[];

#endif
