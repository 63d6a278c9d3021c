/* include: and step-level when: in wizard files: the included steps come in place of the include, under its
 * condition; a cycle, a missing wizard, a clash of step ids and a bad condition each fail with
 * file:line:column. The wizards are files of a temporary folder, found beside the including file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "steps/kind.h"
#include "wizard/wizard.h"

static char dir[] = "/tmp/rescuewiz-test-include.XXXXXX";

static const char *put(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s.yaml", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define CONFIRM(id) "  - id: " id "\n    kind: confirm\n    title: T\n"
#define APPLY "  - id: apply\n    kind: apply\n    title: A\n    edits:\n" \
	      "      - bcd: {object: '{bootmgr}', set: {bootems: true}}\n"
#define INNER "wizard: inner\ntitle: I\nsteps:\n" CONFIRM("console") APPLY

/* The error after "DIR/outer.yaml:" */
static const char *load_error(const char *outer)
{
	static struct rw_error e;
	struct wizard w;
	memset(&e, 0, sizeof e);
	const char *path = put("outer", outer);
	char prefix[300];
	snprintf(prefix, sizeof prefix, "%s:", path);
	if (wizard_load(path, &w, &e) == 0) {
		wizard_free(&w);
		return "(it loaded)";
	}
	return strncmp(e.text, prefix, strlen(prefix)) ? e.text : e.text + strlen(prefix);
}

static void an_include_brings_the_steps_of_the_other_wizard_under_its_when(void **state)
{
	(void)state;
	put("inner", INNER);
	const char *path = put("outer", "wizard: outer\ntitle: O\nsteps:\n" CONFIRM("first")
				       "  - include: inner\n    when: {not: '${first.value}'}\n");
	struct wizard w;
	struct rw_error e = {0};
	if (wizard_load(path, &w, &e) != 0)
		fail_msg("%s", e.text);
	assert_int_equal(w.nsteps, 3);
	assert_string_equal(w.steps[1].id, "console");
	assert_string_equal(w.steps[1].included_from, "inner");
	assert_null(w.steps[0].included_from);
	assert_int_equal(w.steps[0].nwhen, 0);
	assert_int_equal(w.steps[1].nwhen, 1);
	assert_int_equal(w.steps[2].nwhen, 1);
	assert_int_equal(w.steps[2].when[0].op, COND_NOT);
	assert_string_equal(w.steps[2].kind->name, "apply");
	assert_string_equal(w.name, "outer");
	wizard_free(&w);
}

static void a_step_takes_a_when_on_the_answers_before_it(void **state)
{
	(void)state;
	const char *path = put("outer", "wizard: outer\ntitle: O\nsteps:\n" CONFIRM("first") CONFIRM("second")
				       "    when: '${first.value}'\n" APPLY);
	struct wizard w;
	struct rw_error e = {0};
	if (wizard_load(path, &w, &e) != 0)
		fail_msg("%s", e.text);
	assert_int_equal(w.steps[1].nwhen, 1);
	assert_int_equal(w.steps[1].when[0].op, COND_TRUE);
	assert_string_equal(w.steps[1].when[0].text, "${first.value}");
	wizard_free(&w);
}

static void a_when_on_its_own_step_or_a_later_one_is_refused(void **state)
{
	(void)state;
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n" CONFIRM("first")
				       "    when: '${first.value}'\n" APPLY),
			    "7:11: ${first.value} refers to step 'first', which comes later: a step can only use the "
			    "answers of the steps before it");
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n" CONFIRM("first")
				       "    when: {sometimes: x}\n" APPLY),
			    "7:11: unknown condition 'sometimes' (known: equals, not, all, any, at-least, "
			    "value-exists, key-exists, control-set-exists)");
}

static void an_include_cycle_is_refused_with_the_chain(void **state)
{
	(void)state;
	put("inner", "wizard: inner\ntitle: I\nsteps:\n" CONFIRM("console") "  - include: outer\n");
	const char *msg = load_error("wizard: outer\ntitle: O\nsteps:\n  - include: inner\n");
	assert_non_null(strstr(msg, "4:14: include 'inner': "));
	assert_non_null(strstr(msg, "inner.yaml:7:14: include 'outer' makes a cycle (outer -> inner -> outer)"));
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n  - include: outer\n"),
			    "4:14: include 'outer' makes a cycle (outer -> outer): a wizard can not include itself, "
			    "directly or through others");
}

static void a_missing_wizard_and_a_path_are_refused(void **state)
{
	(void)state;
	const char *msg = load_error("wizard: outer\ntitle: O\nsteps:\n  - include: no-such-wizard\n");
	assert_non_null(strstr(msg, "4:14: include 'no-such-wizard': no wizard 'no-such-wizard' (looked for "
				    "no-such-wizard.yaml in "));
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n  - include: ../etc/x\n"),
			    "4:14: include takes the name of a wizard (nmi-crash-dump): a-z, 0-9, _ and -, no path");
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n  - include: inner\n    id: x\n"),
			    "5:5: unknown key 'id' in an include (known: include, when)");
}

static void included_step_ids_must_be_new(void **state)
{
	(void)state;
	put("inner", INNER);
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n" CONFIRM("console") "  - include: inner\n"),
			    "7:14: include 'inner' brings a step 'console', and this wizard already has one (line 4): "
			    "rename yours");
}

static void nothing_may_follow_an_included_apply_step(void **state)
{
	(void)state;
	put("inner", INNER);
	assert_string_equal(load_error("wizard: outer\ntitle: O\nsteps:\n  - include: inner\n" CONFIRM("later")),
			    "4:5: the apply step must be the last step");
}

static void a_broken_included_wizard_names_both_files(void **state)
{
	(void)state;
	put("inner", "wizard: inner\ntitle: I\nsteps:\n  - id: a\n    kind: no-kind\n    title: T\n" APPLY);
	const char *msg = load_error("wizard: outer\ntitle: O\nsteps:\n  - include: inner\n");
	assert_non_null(strstr(msg, "4:14: include 'inner': "));
	assert_non_null(strstr(msg, "inner.yaml:5:11: unknown step kind 'no-kind'"));
}

static void the_shipped_0x7e_wizard_reuses_the_nmi_steps(void **state)
{
	(void)state;
	struct wizard w, nmi;
	struct rw_error e = {0};
	if (wizard_load("wizards/stop-0x7e.yaml", &w, &e) != 0 || wizard_load("wizards/nmi-crash-dump.yaml", &nmi, &e))
		fail_msg("%s", e.text);
	assert_true(w.nsteps > nmi.nsteps);
	size_t first = w.nsteps - nmi.nsteps;
	for (size_t i = 0; i < nmi.nsteps; i++) {
		assert_string_equal(w.steps[first + i].id, nmi.steps[i].id);
		assert_string_equal(w.steps[first + i].included_from, "nmi-crash-dump");
		assert_true(w.steps[first + i].nwhen >= 1);
	}
	assert_non_null(wizard_step(&w, "dumps"));
	wizard_free(&w);
	wizard_free(&nmi);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	static const char *const names[] = {"outer", "inner"};
	for (size_t i = 0; i < 2; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s.yaml", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_include_brings_the_steps_of_the_other_wizard_under_its_when),
		cmocka_unit_test(a_step_takes_a_when_on_the_answers_before_it),
		cmocka_unit_test(a_when_on_its_own_step_or_a_later_one_is_refused),
		cmocka_unit_test(an_include_cycle_is_refused_with_the_chain),
		cmocka_unit_test(a_missing_wizard_and_a_path_are_refused),
		cmocka_unit_test(included_step_ids_must_be_new),
		cmocka_unit_test(nothing_may_follow_an_included_apply_step),
		cmocka_unit_test(a_broken_included_wizard_names_both_files),
		cmocka_unit_test(the_shipped_0x7e_wizard_reuses_the_nmi_steps),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
