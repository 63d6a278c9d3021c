/* Wizard files: a valid one loads completely; each broken one gives exactly the expected
 * file:line:column message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "steps/kind.h"
#include "wizard/discover.h"
#include "wizard/wizard.h"

static char dir[] = "/tmp/rescuewiz-test-wizard.XXXXXX";

static const char *write_file(const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/w.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define HEAD "wizard: x\ntitle: t\nsteps:\n"
#define REG_EDIT(body) "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry: {hive: SYSTEM, " body "}\n"
#define APPLY "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '{bootmgr}', set: {bootems: true}}\n"
#define CONFIRM_REFUSED_IF(when) "  - id: a\n    kind: confirm\n    title: A\n    refuse-if:\n      - when: " when "\n        because: no\n"
#define TIMES5(x) x x x x x
#define TIMES65(x) TIMES5(TIMES5(x) TIMES5(x) x x x)

static const struct {
	const char *name, *yaml, *message; /* message without the "file:" prefix */
} broken[] = {
	{"unknown top-level key", "wizard: x\ntitle: t\ncolour: red\nsteps: []\n",
	 "3:1: unknown key 'colour' in the wizard (known: wizard, title, summary, next, matches, steps)"},
	{"missing title", "wizard: x\nsteps:\n" APPLY, "1:1: 'title' is missing here"},
	{"no steps", "wizard: x\ntitle: t\nsteps: []\n", "3:8: a wizard needs a list of steps"},
	{"unknown step kind", HEAD "  - id: a\n    kind: reboot\n    title: A\n" APPLY,
	 "5:11: unknown step kind 'reboot' (known: detect-layout, choose-bcd, check-space, choose-dump, confirm, choose-control-set, enter-number, choose-dump-type, check-dump-room, apply)"},
	{"unknown step key", HEAD "  - id: a\n    kind: choose-bcd\n    title: A\n    colour: red\n" APPLY,
	 "7:5: unknown key 'colour' in a step (known: id, kind, title, help, default, refuse-if)"},
	{"duplicate id", HEAD "  - id: a\n    kind: choose-bcd\n    title: A\n  - id: a\n    kind: confirm\n    title: B\n" APPLY,
	 "7:9: step id 'a' is already used by the step at line 4"},
	{"bad id", HEAD "  - id: Loader\n    kind: choose-bcd\n    title: A\n" APPLY,
	 "4:9: step id 'Loader' must start with a lower-case letter and hold only a-z, 0-9, _ and -"},
	{"reference to a later step",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '${loader.id}', set: {ems: true}}\n"
	      "  - id: loader\n    kind: choose-bcd\n    title: B\n",
	 "8:23: ${loader.id} refers to step 'loader', which comes later: a step can only use the answers of the steps before it"},
	{"reference to a missing step", HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '${nope.id}', set: {ems: true}}\n",
	 "8:23: ${nope.id} refers to a step 'nope' that does not exist"},
	{"reference to a missing field",
	 HEAD "  - id: loader\n    kind: choose-bcd\n    title: B\n  - id: apply\n    kind: apply\n    title: A\n    edits:\n"
	      "      - bcd: {object: '${loader.path}', set: {ems: true}}\n",
	 "11:23: step 'loader' (choose-bcd) has no answer named 'path'"},
	{"dword that is not a number",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry:\n          hive: SYSTEM\n"
	      "          key: Control\\CrashControl\n          control-sets: existing\n          set: {NMICrashDump: {dword: yes}}\n",
	 "12:39: 'NMICrashDump' is a REG_DWORD: 'yes' is not a whole number from 0 to 4294967295"},
	{"dword too large",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry:\n          hive: SYSTEM\n"
	      "          key: Control\\CrashControl\n          control-sets: current\n          set: {X: {dword: 0x100000000}}\n",
	 "12:28: 'X' is a REG_DWORD: '0x100000000' is not a whole number from 0 to 4294967295"},
	{"unknown registry type",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry:\n          hive: SYSTEM\n"
	      "          key: Control\\CrashControl\n          control-sets: existing\n          set: {X: {string: a}}\n",
	 "12:21: unknown registry type 'string' (known: dword, qword, sz, expand_sz, multi_sz, binary)"},
	{"CurrentControlSet in a key",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry:\n          hive: SYSTEM\n"
	      "          key: CurrentControlSet\\Control\\CrashControl\n          set: {X: {dword: 1}}\n",
	 "10:16: write the key below the control set (e.g. 'Control\\CrashControl') and say 'control-sets: existing': an offline hive has no CurrentControlSet"},
	{"unknown BCD element", HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '{bootmgr}', set: {serial: true}}\n",
	 "8:42: 'serial' is not a BCD element rescuewiz knows (bcdedit's names, such as ems, bootstatuspolicy or timeout)"},
	{"boolean that is not one", HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '{bootmgr}', set: {bootems: 2}}\n",
	 "8:51: '2' is not a value for bootems: give yes or no (or on/off, true/false, 1/0)"},
	{"SYSTEM key without control-sets",
	 HEAD REG_EDIT("key: Select, set: {Current: {dword: 1}}"),
	 "8:19: say which control sets the key is under: 'control-sets: existing' (or current, default, last-known-good), or 'none' for a key at the hive root such as Select"},
	{"SOFTWARE with control sets",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry: {hive: SOFTWARE, key: K, control-sets: existing, set: {X: {dword: 1}}}\n",
	 "8:58: the SOFTWARE hive has no control sets: leave control-sets out"},
	{"unknown hive", HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry: {hive: SAM, key: K, set: {X: {dword: 1}}}\n",
	 "8:26: hive 'SAM' is not one a wizard edits (SYSTEM or SOFTWARE)"},
	{"unknown control-sets", HEAD REG_EDIT("key: K, control-sets: all, set: {X: {dword: 1}}"),
	 "8:56: control-sets must be existing, current, default, last-known-good or none"},
	{"delete-key with more", HEAD REG_EDIT("key: K, control-sets: none, delete-key: true, delete: [X]"),
	 "8:19: delete-key removes the key with everything in it: it goes alone"},
	{"registry edit that does nothing", HEAD REG_EDIT("key: K, control-sets: none"),
	 "8:19: a registry edit needs set, delete, create-key or delete-key"},
	{"a list for a dword", HEAD REG_EDIT("key: K, control-sets: none, set: {X: {dword: [1, 2]}}"),
	 "8:79: 'X' takes one value, not a list"},
	{"bad binary", HEAD REG_EDIT("key: K, control-sets: none, set: {X: {binary: 'zz'}}"),
	 "8:80: 'X' is binary: write bytes as hex pairs (01 02 ff), found 'zz'"},
	{"creating an object that is not well known",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '{bootmgr}', create: if-missing, set: {bootems: true}}\n",
	 "8:44: only a well-known settings object ({emssettings}, {globalsettings}, ...) can be created, not '{bootmgr}'"},
	{"deleting an unknown element",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - bcd: {object: '{bootmgr}', delete: [serial]}\n",
	 "8:44: 'serial' is not a BCD element rescuewiz knows (bcdedit's names, such as ems, bootstatuspolicy or timeout)"},
	{"unknown condition",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - when: {sometimes: x}\n        bcd: {object: '{bootmgr}', set: {bootems: true}}\n",
	 "8:15: unknown condition 'sometimes' (known: equals, not, all, any, at-least, value-exists, key-exists, control-set-exists)"},
	{"equals with one value",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - when: {equals: [a]}\n        bcd: {object: '{bootmgr}', set: {bootems: true}}\n",
	 "8:24: equals takes a list of two values: [A, B]"},
	{"refuse-if without when",
	 HEAD "  - id: a\n    kind: confirm\n    title: A\n    refuse-if:\n      - because: no\n" APPLY,
	 "8:9: 'when' is missing here"},
	{"a number that is not one",
	 HEAD "  - id: n\n    kind: enter-number\n    title: N\n    min: few\n" APPLY,
	 "7:10: 'min' must be a whole number, found 'few'"},
	{"a key of another kind",
	 HEAD "  - id: n\n    kind: choose-bcd\n    title: N\n    min: 1\n" APPLY,
	 "7:5: unknown key 'min' in a step (known: id, kind, title, help, default, refuse-if)"},
	{"choices on a kind without them",
	 HEAD "  - id: n\n    kind: choose-bcd\n    title: N\n    choices: []\n" APPLY,
	 "7:14: a choose-bcd step takes no choices"},
	{"edit both kinds",
	 HEAD "  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - {bcd: {object: a, set: {ems: true}}, registry: {hive: SYSTEM, key: K, set: {X: {dword: 1}}}}\n",
	 "8:9: an edit is either 'registry:' or 'bcd:' (exactly one of them)"},
	{"apply not last", HEAD APPLY "  - id: a\n    kind: choose-bcd\n    title: A\n",
	 "4:5: the apply step must be the last step"},
	{"no apply step", HEAD "  - id: a\n    kind: choose-bcd\n    title: A\n", "4:5: the last step must be an apply step"},
	{"edits outside apply", HEAD "  - id: a\n    kind: choose-bcd\n    title: A\n    edits: []\n" APPLY, "7:12: only an apply step has edits"},
	{"YAML syntax error", "wizard: x\ntitle: [t\n", "3:1: did not find expected ',' or ']' while parsing a flow sequence"},
	{"empty file", "", "1:1: the file is empty"},
	/* found reading the loader while writing fuzz_wizard (the fuzzer had not reached it): libyaml lets a
	 * node hold itself, and the condition loader recursed until the stack ran out */
	{"condition that holds itself through an alias", HEAD CONFIRM_REFUSED_IF("&c {not: *c}") APPLY,
	 "8:15: this value is used again through an alias (*name): write it out where it is needed, rescuewiz files take no aliases"},
	{"value used twice through an alias", HEAD CONFIRM_REFUSED_IF("&c '${a.value}'") APPLY
	 "      - when: *c\n        bcd: {object: '{bootmgr}', set: {ems: true}}\n",
	 "8:15: this value is used again through an alias (*name): write it out where it is needed, rescuewiz files take no aliases"},
	{"conditions nested deeper than any wizard", HEAD CONFIRM_REFUSED_IF(TIMES65("{not: ") "'${a.value}'" TIMES65("}")) APPLY,
	 "8:370: nested more than 64 levels deep"},
};

static void broken_wizards_name_file_line_and_column(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		const char *path = write_file(broken[i].yaml);
		struct wizard w;
		struct rw_error e = {0};
		int rc = wizard_load(path, &w, &e);
		size_t plen = strlen(path);
		if (rc == 0) {
			print_error("case '%s' loaded, expected: %s\n", broken[i].name, broken[i].message);
			failures++;
		} else if (strncmp(e.text, path, plen) || e.text[plen] != ':' ||
			   strcmp(e.text + plen + 1, broken[i].message) || e.exit_code != RW_EXIT_USAGE) {
			print_error("case '%s':\n  expected %s:%s\n  got      %s\n", broken[i].name, path,
				    broken[i].message, e.text);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void shipped_wizard_loads_with_its_steps_and_edits(void **state)
{
	(void)state;
	struct wizard w;
	struct rw_error e = {0};
	int rc = wizard_load("wizards/nmi-crash-dump.yaml", &w, &e);
	if (rc != 0)
		fail_msg("%s", e.text);
	assert_string_equal(w.name, "nmi-crash-dump");
	assert_non_null(w.next);
	assert_non_null(strstr(w.next, "serial console"));
	assert_true(w.nsteps >= 5);
	const struct step *apply = &w.steps[w.nsteps - 1];
	assert_string_equal(apply->kind->name, "apply");
	assert_int_equal(apply->edits[0].kind, EDIT_REGISTRY);
	assert_int_equal(apply->edits[0].place.hive, HIVE_SYSTEM);
	assert_int_equal(apply->edits[0].place.scope, SCOPE_EXISTING);
	assert_string_equal(apply->edits[0].values[1].name, "DumpFile");
	assert_int_equal(apply->edits[0].values[1].type, VALUE_EXPAND_SZ);
	assert_int_equal(apply->edits[0].values[2].type, VALUE_DWORD);
	assert_non_null(wizard_step(&w, "loader"));
	wizard_free(&w);
}

/* every file of wizards/, and the wizard that uses every construct of the format */
static void shipped_wizards_and_every_construct_load(void **state)
{
	(void)state;
	static const char *const files[] = {"wizards/nmi-crash-dump.yaml", "wizards/serial-console.yaml",
					    "wizards/last-known-good.yaml", "wizards/irp-stack-size.yaml",
					    "wizards/boot-loop.yaml", "tests/fixtures/wizards/every-construct.yaml", NULL};
	for (size_t i = 0; files[i]; i++) {
		struct wizard w;
		struct rw_error e = {0};
		if (wizard_load(files[i], &w, &e) != 0)
			fail_msg("%s", e.text);
		assert_non_null(w.summary);
		wizard_free(&w);
	}
}

/* The man page's WIZARD FILES section names every kind of the table with every field and key it has. */
static void man_page_lists_every_step_kind_with_its_fields(void **state)
{
	(void)state;
	FILE *f = fopen("share/man/rescuewiz.8", "r");
	assert_non_null(f);
	static char page[1 << 17];
	size_t n = fread(page, 1, sizeof page - 1, f);
	fclose(f);
	page[n] = '\0';
	char *start = strstr(page, ".SH WIZARD FILES"), *end = start ? strstr(start + 1, "\n.SH ") : NULL;
	assert_non_null(end);
	*end = '\0';
	for (size_t i = 0; step_kinds[i]; i++) {
		char entry[96];
		snprintf(entry, sizeof entry, ".TP\n.B %s\n", step_kinds[i]->name);
		char *at = strstr(start, entry), *next = at ? strstr(at + strlen(entry), ".TP\n") : NULL;
		if (!at)
			fail_msg("no entry for step kind %s", step_kinds[i]->name);
		if (next)
			*next = '\0';
		for (const char *const *field = step_kinds[i]->fields; *field; field++)
			if (!strstr(at, *field))
				fail_msg("%s: field %s is not named", step_kinds[i]->name, *field);
		for (const struct step_param_info *p = step_kinds[i]->params; p && p->name; p++)
			if (!strstr(at, p->name))
				fail_msg("%s: key %s is not named", step_kinds[i]->name, p->name);
		if (next)
			*next = '.';
	}
}

/* Discovery: a broken file is listed with its position, a good one loads, none at all names the folders. */
static void discovery_reports_broken_wizards_and_empty_folders(void **state)
{
	(void)state;
	char sub[300], good[320], bad[320];
	snprintf(sub, sizeof sub, "%s/folder", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	struct wizard_folders f = {.n = 1};
	snprintf(f.dirs[0], sizeof f.dirs[0], "%s", sub);
	struct wizard_list list;
	struct rw_error e = {0};
	assert_int_equal(wizard_list_load(&f, &list, &e), -1);
	char want[400];
	snprintf(want, sizeof want, "no wizard could be loaded from %s", sub);
	assert_string_equal(e.text, want);
	wizard_list_free(&list);
	snprintf(good, sizeof good, "%s/good.yaml", sub);
	snprintf(bad, sizeof bad, "%s/bad.yaml", sub);
	FILE *g = fopen(good, "w"), *b = fopen(bad, "w");
	fputs(HEAD APPLY, g);
	fputs("wizard: y\ntitle: [\n", b);
	fclose(g);
	fclose(b);
	assert_int_equal(wizard_list_load(&f, &list, &e), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.items[0].name, "x");
	assert_int_equal(list.nbroken, 1);
	assert_non_null(strstr(list.broken[0], "bad.yaml:3:1: "));
	wizard_list_free(&list);
	char path[400];
	assert_int_equal(wizard_locate(&f, "good", path, sizeof path, &e), 0);
	assert_string_equal(path, good);
	assert_int_equal(wizard_locate(&f, "none", path, sizeof path, &e), -1);
	unlink(good);
	unlink(bad);
	rmdir(sub);
}

static void missing_file_is_named(void **state)
{
	(void)state;
	struct wizard w;
	struct rw_error e = {0};
	assert_int_equal(wizard_load("/nonexistent/w.yaml", &w, &e), -1);
	assert_string_equal(e.text, "/nonexistent/w.yaml: No such file or directory");
}

static void references_are_listed_in_order(void **state)
{
	(void)state;
	char seen[128] = "";
	int collect(const char *step, const char *field, void *ctx);
	assert_int_equal(wizard_each_reference("a ${x.y} b ${loader.id}", collect, seen), 0);
	assert_string_equal(seen, "x.y;loader.id;");
}

int collect(const char *step, const char *field, void *ctx)
{
	char *seen = ctx;
	snprintf(seen + strlen(seen), 128 - strlen(seen), "%s.%s;", step, field);
	return 0;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(broken_wizards_name_file_line_and_column),
		cmocka_unit_test(shipped_wizard_loads_with_its_steps_and_edits),
		cmocka_unit_test(shipped_wizards_and_every_construct_load),
		cmocka_unit_test(man_page_lists_every_step_kind_with_its_fields),
		cmocka_unit_test(discovery_reports_broken_wizards_and_empty_folders),
		cmocka_unit_test(missing_file_is_named),
		cmocka_unit_test(references_are_listed_in_order),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char path[300];
	snprintf(path, sizeof path, "%s/w.yaml", dir);
	unlink(path);
	rmdir(dir);
	return rc;
}
