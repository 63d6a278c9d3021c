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
	{"no hints", HEAD "disk: {generation: 1}\nanswers: {a: b}\n" CHECKS, "1:1: 'hints' must be a list of at least one"},
	{"a wrong turn of a step without an ideal answer", HEAD "disk: {generation: 1}\nanswers: {a: b}\n" CHECKS HINTS
	 "wrong-turns:\n  - {step: typo, answer: x, explain: y}\n",
	 "15:5: wrong turn of step 'typo': the ideal answers have no such step"},
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lesson_loads_with_every_field),
		cmocka_unit_test(broken_lessons_name_file_line_and_column),
		cmocka_unit_test(the_ideal_run_scores_100),
		cmocka_unit_test(hints_wrong_turns_and_failed_checks_cost_their_points),
		cmocka_unit_test(a_check_compares_the_value_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
