/* Training lessons (scenario_load) and their score (score_compute), in memory: a lesson that loads gives
 * every field; each broken one is refused with file:line:column and what is wrong, keeping nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/files.h"
#include "train/checks.h"
#include "train/scenario.h"
#include "train/score.h"

#define HEAD                                                                                                   \
	"lesson: t\ntitle: T\nteaches: x\nsymptom: halted\nwizard: nmi-crash-dump\ndebrief: D\n"
#define CHECKS "checks:\n  - {what: nmi, hive: SYSTEM, key: 'ControlSet001\\Control\\CrashControl', value: NMICrashDump, equals: '1'}\n"
#define HINTS "hints:\n  - {text: h1, cost: 10}\n  - {text: h2}\n"
#define GOOD                                                                                                   \
	HEAD "level: 2\ndisk: {generation: 2, control-sets: 3, select: {current: 2}}\n"                            \
	     "answers: {loader: 'A', type: kernel}\n" CHECKS                                                        \
	     "  - {what: untouched, nothing-written: true, cost: 40}\n" HINTS                                      \
	     "wrong-turns:\n  - {step: loader, answer: W, cost: 30, explain: WinRE}\n"

static int load_text(const char *yaml, struct scenario *s, struct rw_error *e, char *path, size_t len)
{
	snprintf(path, len, "/tmp/rescuewiz-test-lesson.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	int rc = scenario_load(path, s, e);
	unlink(path);
	return rc;
}

static void a_lesson_loads_with_every_field(void **state)
{
	(void)state;
	struct scenario s;
	struct rw_error e = {0};
	char path[64];
	if (load_text(GOOD, &s, &e, path, sizeof path) != 0)
		fail_msg("%s", e.text);
	assert_string_equal(s.name, "t");
	assert_int_equal(s.level, 2);
	assert_int_equal(s.disk.generation, 2);
	assert_int_equal(s.disk.control_sets, 3);
	assert_int_equal(s.disk.current, 2);
	assert_string_equal(scenario_ideal(&s, "type"), "kernel");
	assert_null(scenario_ideal(&s, "dump"));
	assert_int_equal(s.nchecks, 2);
	assert_int_equal(s.checks[0].kind, CHECK_VALUE);
	assert_int_equal(s.checks[0].cost, 25);
	assert_int_equal(s.checks[1].kind, CHECK_NOTHING_WRITTEN);
	assert_int_equal(s.nhints, 2);
	assert_int_equal(s.hints[1].cost, 10);
	assert_int_equal(s.nwrong, 1);
	assert_string_equal(s.wrong[0].explain, "WinRE");
	assert_null(s.waiting);
	scenario_free(&s);
}

static const struct {
	const char *name, *yaml, *message; /* how the message starts, without the "file:" prefix */
} broken[] = {
	{"no disk", HEAD "answers: {a: b}\n" CHECKS HINTS, "1:1: a lesson has no 'disk' (generation: 1 or 2, ...)"},
	{"generation 3", HEAD "disk: {generation: 3}\nanswers: {a: b}\n" CHECKS HINTS,
	 "7:20: 'generation' must be a number from 1 to 2, not '3'"},
	{"unknown disk key", HEAD "disk: {generation: 1, colour: red}\nanswers: {a: b}\n" CHECKS HINTS,
	 "7:23: unknown key 'colour' in disk"},
	{"Select beyond the control sets", HEAD "disk: {generation: 1, select: {current: 3}}\nanswers: {a: b}\n" CHECKS HINTS,
	 "7:31: select names a control set beyond the 2 of the disk"},
	{"a hive spec line that is wrong", HEAD "disk: {generation: 1, system: '[K]\n\n  \"V\"=nonsense:1'}\nanswers: {a: b}\n" CHECKS HINTS,
	 "7:31: system: spec line 2: cannot apply"},
	{"a check of another hive", HEAD "disk: {generation: 1}\nanswers: {a: b}\nchecks:\n  - {what: x, hive: SAM, key: k, value: v, equals: '1'}\n" HINTS,
	 "10:21: a check reads SYSTEM, SOFTWARE or BCD, not 'SAM'"},
	{"a check with two tests", HEAD "disk: {generation: 1}\nanswers: {a: b}\nchecks:\n  - {what: x, hive: BCD, key: k, value: v, equals: '1', absent: true}\n" HINTS,
	 "10:5: a check says one of equals, contains or absent: true"},
	{"a copied check that names a Linux path", HEAD "disk: {generation: 1}\nanswers: {a: b}\nchecks:\n  - {what: x, copied: /Windows/MEMORY.DMP}\n" HINTS,
	 "10:23: copied names a file of the Windows volume as the runbook does"},
	{"a copied check that reads a hive too", HEAD "disk: {generation: 1}\nanswers: {a: b}\nchecks:\n  - {what: x, copied: '\\M', hive: SYSTEM}\n" HINTS,
	 "10:5: a copied check reads no hive"},
	{"a copied check that is nothing-written too", HEAD "disk: {generation: 1}\nanswers: {a: b}\nchecks:\n  - {what: x, copied: '\\M', nothing-written: true}\n" HINTS,
	 "10:5: a check is one of nothing-written, refused or copied, not several"},
	{"no hints", HEAD "disk: {generation: 1}\nanswers: {a: b}\n" CHECKS, "1:1: 'hints' must be a list of at least one"},
	{"a wrong turn of a step without an ideal answer", HEAD "disk: {generation: 1}\nanswers: {a: b}\n" CHECKS HINTS
	 "wrong-turns:\n  - {step: typo, answer: x, explain: y}\n",
	 "15:5: wrong turn of step 'typo': the ideal answers have no such step"},
	{"a single volume on Gen2", HEAD "disk: {generation: 2, single-volume: true}\nanswers: {a: b}\n" CHECKS HINTS,
	 "7:38: single-volume is a Gen1 layout"},
	{"a lesson name with capitals", "lesson: NMI\n", "1:9: a lesson name is lower-case letters, digits and '-', not 'NMI'"},
};

static void broken_lessons_name_file_line_and_column(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		struct scenario s;
		struct rw_error e = {0};
		char path[64];
		int rc = load_text(broken[i].yaml, &s, &e, path, sizeof path);
		if (rc != -1 || strncmp(e.text, path, strlen(path)) || strncmp(e.text + strlen(path) + 1, broken[i].message, strlen(broken[i].message)))
			fail_msg("%s: expected '%s', got %d '%s'", broken[i].name, broken[i].message, rc, e.text);
	}
}

static void the_ideal_run_scores_100(void **state)
{
	(void)state;
	struct scenario s;
	struct rw_error e = {0};
	char path[64];
	assert_int_equal(load_text(GOOD, &s, &e, path, sizeof path), 0);
	const char *ids[] = {"loader", "type"}, *values[] = {"A", "kernel"};
	struct trainee_answers a = {ids, values, 2};
	bool passed[] = {true, true};
	struct score sc;
	score_compute(&s, &a, 0, passed, &sc);
	assert_int_equal(sc.points, 100);
	assert_int_equal(sc.checks_passed, 2);
	assert_int_equal(sc.nwrong_hit, 0);
	scenario_free(&s);
}

static void hints_wrong_turns_and_failed_checks_cost_their_points(void **state)
{
	(void)state;
	struct scenario s;
	struct rw_error e = {0};
	char path[64];
	assert_int_equal(load_text(GOOD, &s, &e, path, sizeof path), 0);
	const char *ids[] = {"loader"}, *values[] = {"w"}; /* answers are compared without case */
	struct trainee_answers a = {ids, values, 1};
	bool passed[] = {true, false};
	struct score sc;
	score_compute(&s, &a, 2, passed, &sc);
	assert_int_equal(sc.hint_cost, 20);
	assert_true(sc.wrong_hit[0]);
	assert_int_equal(sc.wrong_cost, 30);
	assert_int_equal(sc.check_cost, 40);
	assert_int_equal(sc.points, 10);
	/* more hints than the lesson has count as all of them; the score stops at 0 */
	score_compute(&s, &a, 9, (bool[]){false, false}, &sc);
	assert_int_equal(sc.hints_taken, 2);
	assert_int_equal(sc.points, 0);
	scenario_free(&s);
}

static void a_check_compares_the_value_read_back(void **state)
{
	(void)state;
	struct scenario_check eq = {.equals = "01"}, has = {.contains = "{0CE4991B"}, gone = {.absent = true};
	assert_true(check_matches(&eq, true, "01"));
	assert_false(check_matches(&eq, true, "01 00 00 00"));
	assert_false(check_matches(&eq, false, ""));
	assert_true(check_matches(&has, true, "{4636856e}|{0ce4991b-e6b3}|{5189b25c}"));
	assert_true(check_matches(&gone, false, ""));
	assert_false(check_matches(&gone, true, "00"));
}

static void a_copied_check_and_a_complete_dump_load(void **state)
{
	(void)state;
	struct scenario s;
	struct rw_error e = {0};
	char path[64];
	const char *yaml = HEAD "disk: {generation: 1, dump-complete: true}\nanswers: {copy: all}\nchecks:\n"
			   "  - {what: copied, copied: '\\Windows\\MEMORY.DMP', cost: 40}\n" HINTS;
	if (load_text(yaml, &s, &e, path, sizeof path) != 0)
		fail_msg("%s", e.text);
	assert_true(s.disk.dump_complete);
	assert_int_equal(s.checks[0].kind, CHECK_COPIED);
	assert_string_equal(s.checks[0].copied, "\\Windows\\MEMORY.DMP");
	assert_null(s.checks[0].hive);
	assert_int_equal(s.checks[0].cost, 40);
	scenario_free(&s);
}

/* the builder's flavours of the test disks, as a lesson asks for them */
static void a_lesson_disk_takes_the_test_disks_flavours(void **state)
{
	(void)state;
	struct scenario s;
	struct rw_error e = {0};
	char path[64];
	const char *yaml = HEAD "disk: {generation: 1, single-volume: true, mixed-case: true, ntfs-dirty: true, "
			   "corrupt-system: true, damaged-bcd: true}\nanswers: {a: b}\n" CHECKS HINTS;
	if (load_text(yaml, &s, &e, path, sizeof path) != 0)
		fail_msg("%s", e.text);
	assert_true(s.disk.single_volume && s.disk.mixed_case && s.disk.ntfs_dirty);
	assert_true(s.disk.truncated_system && s.disk.damaged_bcd);
	assert_false(s.disk.bitlocker || s.disk.triage_dumps);
	scenario_free(&s);
}

/* a runbook folder in /tmp: runbook.json with `copies` and the copy itself */
struct copied_dir {
	char dir[64], copy[128];
};

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void copied_dir_make(struct copied_dir *d, const char *bytes, const char *listed_sha)
{
	snprintf(d->dir, sizeof d->dir, "/tmp/rescuewiz-test-copied.XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->copy, sizeof d->copy, "%s/MEMORY.DMP", d->dir);
	write_text(d->copy, bytes);
	char json[1024], path[128];
	snprintf(json, sizeof json, "{\"copies\": [{\"from\": \"\\\\Windows\\\\Minidump\\\\1.dmp\", \"to\": \"%s/1.dmp\", "
		 "\"size\": 1, \"sha256\": \"00\"}, {\"from\": \"\\\\Windows\\\\MEMORY.DMP\", \"to\": \"%s\", "
		 "\"size\": %zu, \"sha256\": \"%s\"}]}", d->dir, d->copy, strlen(bytes), listed_sha);
	snprintf(path, sizeof path, "%s/runbook.json", d->dir);
	write_text(path, json);
}

static void copied_dir_free(struct copied_dir *d)
{
	char path[128];
	snprintf(path, sizeof path, "%s/runbook.json", d->dir);
	unlink(path);
	unlink(d->copy);
	rmdir(d->dir);
}

static void a_copied_check_compares_the_runbook_the_copy_and_the_disk(void **state)
{
	(void)state;
	char disk[SHA256_HEX_LEN], other[SHA256_HEX_LEN];
	sha256_buffer((const uint8_t *)"PAGEDU64 the dump", 17, disk);
	sha256_buffer((const uint8_t *)"PAGEDU64 the dum", 16, other);
	struct copied_dir d;
	struct check_result r;

	copied_dir_make(&d, "PAGEDU64 the dump", disk);
	check_copied(d.dir, "\\windows\\memory.dmp", disk, &r); /* the path without case, as Windows */
	if (!r.passed)
		fail_msg("the copy of the disk's file fails: %s", r.found);
	assert_non_null(strstr(r.found, "copied as MEMORY.DMP, sha256"));
	/* not copied: a path the runbook does not list */
	check_copied(d.dir, "\\Windows\\Minidump\\2.dmp", disk, &r);
	assert_false(r.passed);
	assert_string_equal(r.found, "(not copied: the runbook lists 2 other copies)");
	/* the disk's file could not be read again: no pass on the runbook's word alone */
	check_copied(d.dir, "\\Windows\\MEMORY.DMP", "", &r);
	assert_false(r.passed);
	/* the disk holds other bytes than the runbook says were copied */
	check_copied(d.dir, "\\Windows\\MEMORY.DMP", other, &r);
	assert_false(r.passed);
	assert_non_null(strstr(r.found, "not the disk's"));
	/* the copy was changed after the run: the runbook's sum is no longer the copy's */
	write_text(d.copy, "PAGEDU64 the dumP");
	check_copied(d.dir, "\\Windows\\MEMORY.DMP", disk, &r);
	assert_false(r.passed);
	assert_non_null(strstr(r.found, "holds other bytes than the file on the disk"));
	/* the copy is gone */
	unlink(d.copy);
	check_copied(d.dir, "\\Windows\\MEMORY.DMP", disk, &r);
	assert_false(r.passed);
	assert_non_null(strstr(r.found, "the copy is gone"));
	copied_dir_free(&d);
	/* no runbook.json at all (a refused run), and no runbook folder */
	copied_dir_make(&d, "x", disk);
	char path[128];
	snprintf(path, sizeof path, "%s/runbook.json", d.dir);
	unlink(path);
	check_copied(d.dir, "\\Windows\\MEMORY.DMP", disk, &r);
	assert_false(r.passed);
	assert_string_equal(r.found, "(the run left no runbook.json with its copies)");
	check_copied(NULL, "\\Windows\\MEMORY.DMP", disk, &r);
	assert_false(r.passed);
	copied_dir_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lesson_loads_with_every_field),
		cmocka_unit_test(broken_lessons_name_file_line_and_column),
		cmocka_unit_test(the_ideal_run_scores_100),
		cmocka_unit_test(hints_wrong_turns_and_failed_checks_cost_their_points),
		cmocka_unit_test(a_check_compares_the_value_read_back),
		cmocka_unit_test(a_copied_check_and_a_complete_dump_load),
		cmocka_unit_test(a_lesson_disk_takes_the_test_disks_flavours),
		cmocka_unit_test(a_copied_check_compares_the_runbook_the_copy_and_the_disk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
