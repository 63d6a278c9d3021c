/* The plan: what a wizard's edits and answers turn into, on in-memory snapshots (real hive files made from
 * specs, no disk): where each edit lands, the bytes of every value type, ranges, UTF-16, deletes and keys,
 * conditions, SOFTWARE and BCD. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "snapshot_fake.h"

#define HEAD "wizard: x\ntitle: t\nsteps:\n"
#define CONFIRM "  - id: c\n    kind: confirm\n    title: C\n"
#define APPLY "  - id: apply\n    kind: apply\n    title: A\n    edits:\n"

static const char loader_guid[] = "{11111111-2222-3333-4444-555555555555}";

static const char bcd_spec[] =
	"[Description]\n\"KeyName\"=sz:BCD00000000\n"
	"[Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Description]\n\"Type\"=dword:0x10100002\n"
	"[Objects\\{11111111-2222-3333-4444-555555555555}\\Description]\n\"Type\"=dword:0x10200003\n"
	"[Objects\\{11111111-2222-3333-4444-555555555555}\\Elements\\250000e0]\n\"Element\"=binary:00 00 00 00 00 00 00 00\n"
	"[Objects\\{11111111-2222-3333-4444-555555555555}\\Elements\\25000080]\n\"Element\"=binary:00 00 00 00 00 00 00 00\n";

struct fixture {
	struct snapshot s;
	struct wizard w;
	struct answers a;
	struct plan p;
	struct rw_error e;
};

/* Builds the plan of the wizard's last step on a snapshot with two control sets (and the BCD store above),
 * with the answers given as "step.field=value" pairs. */
static int build(struct fixture *f, const char *edits, const char *software, const char *const *answers)
{
	char yaml[4096];
	snprintf(yaml, sizeof yaml, HEAD CONFIRM APPLY "%s", edits);
	memset(f, 0, sizeof *f);
	fake_snapshot(&f->s, fake_system_two_sets, software, bcd_spec);
	fake_wizard(&f->w, yaml);
	for (size_t i = 0; answers && answers[i]; i++) {
		char step[64], field[64];
		const char *eq = strchr(answers[i], '=');
		assert_non_null(eq);
		assert_int_equal(sscanf(answers[i], "%63[^.].%63[^=]", step, field), 2);
		answers_set(&f->a, step, field, eq + 1, ANSWER_OPERATOR);
	}
	return plan_build(&f->p, &f->w.steps[f->w.nsteps - 1], &f->a, &f->s, &f->e);
}

static void done(struct fixture *f)
{
	plan_free(&f->p);
	answers_free(&f->a);
	wizard_free(&f->w);
	fake_snapshot_free(&f->s);
}

static void key_at_the_hive_root_is_written_at_the_root(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Select, control-sets: none, "
				   "set: {Current: {dword: 2}}}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 1);
	assert_string_equal(f.p.edits[0].key, "Select");
	assert_string_equal(f.p.edits[0].before, "REG_DWORD 1");
	assert_string_equal(f.p.edits[0].after, "REG_DWORD 2");
	done(&f);
}

static void existing_control_sets_get_one_edit_each(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Control\\CrashControl, control-sets: existing, "
				   "set: {NMICrashDump: {dword: 1}}}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 2);
	assert_string_equal(f.p.edits[0].key, "ControlSet001\\Control\\CrashControl");
	assert_string_equal(f.p.edits[1].key, "ControlSet002\\Control\\CrashControl");
	assert_string_equal(f.p.edits[1].before, "not set");
	done(&f);
}

static void last_known_good_scope_names_select_s_set(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Control, control-sets: last-known-good, "
				   "set: {X: {dword: 1}}}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 1);
	assert_string_equal(f.p.edits[0].key, "ControlSet002\\Control");
	done(&f);
}

static void a_dword_answer_out_of_range_is_refused_with_step_key_and_range(void **state)
{
	(void)state;
	static const char *const cases[] = {"big", "0x1ffffffff", "-1", "1e5", "", " 7", "0x", NULL};
	for (size_t i = 0; cases[i]; i++) {
		struct fixture f;
		char answer[64];
		snprintf(answer, sizeof answer, "c.value=%s", cases[i]);
		const char *answers[] = {answer, NULL};
		assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Select, control-sets: none, "
					   "set: {Current: {dword: '${c.value}'}}}\n", NULL, answers), -1);
		char want[200];
		snprintf(want, sizeof want, "step 'apply', Select\\Current: 'Current' is a REG_DWORD: '%s' is not a "
			 "whole number from 0 to 4294967295", cases[i]);
		assert_string_equal(f.e.text, want);
		assert_int_equal(f.p.n, 0);
		done(&f);
	}
}

static void strings_are_utf16le_with_their_nul(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"c.value=F:\\Größe\\", NULL};
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Control\\CrashControl, control-sets: current, "
				   "set: {DumpFile: {expand_sz: '${c.value}MEMORY.DMP'}}}\n", NULL, answers), 0);
	const uint8_t want[] = {'F', 0, ':', 0, '\\', 0, 'G', 0, 'r', 0, 0xf6, 0, 0xdf, 0, 'e', 0, '\\', 0,
				'M', 0, 'E', 0, 'M', 0, 'O', 0, 'R', 0, 'Y', 0, '.', 0, 'D', 0, 'M', 0, 'P', 0, 0, 0};
	assert_int_equal(f.p.edits[0].type, hive_t_REG_EXPAND_SZ);
	assert_int_equal(f.p.edits[0].len, sizeof want);
	assert_memory_equal(f.p.edits[0].data, want, sizeof want);
	assert_string_equal(f.p.edits[0].after, "REG_EXPAND_SZ F:\\Größe\\MEMORY.DMP");
	done(&f);
}

static void invalid_utf8_is_refused_not_written(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"c.value=F:\\\xff\xfe", NULL};
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Select, control-sets: none, "
				   "set: {X: {sz: '${c.value}'}}}\n", NULL, answers), -1);
	assert_non_null(strstr(f.e.text, "UTF-8"));
	done(&f);
}

static void every_value_type_has_its_bytes(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry:\n          hive: SYSTEM\n          key: Select\n"
				   "          control-sets: none\n          set:\n"
				   "            D: {dword: 0x01020304}\n            Q: {qword: 0x0102030405060708}\n"
				   "            M: {multi_sz: [a, bc]}\n            B: {binary: '01 ff 7e'}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 4);
	const uint8_t d[] = {4, 3, 2, 1}, q[] = {8, 7, 6, 5, 4, 3, 2, 1}, m[] = {'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0},
		      b[] = {1, 0xff, 0x7e};
	assert_int_equal(f.p.edits[0].type, hive_t_REG_DWORD);
	assert_memory_equal(f.p.edits[0].data, d, 4);
	assert_int_equal(f.p.edits[1].type, hive_t_REG_QWORD);
	assert_memory_equal(f.p.edits[1].data, q, 8);
	assert_int_equal(f.p.edits[2].type, hive_t_REG_MULTI_SZ);
	assert_int_equal(f.p.edits[2].len, sizeof m);
	assert_memory_equal(f.p.edits[2].data, m, sizeof m);
	assert_int_equal(f.p.edits[3].type, hive_t_REG_BINARY);
	assert_int_equal(f.p.edits[3].len, 3);
	assert_memory_equal(f.p.edits[3].data, b, 3);
	done(&f);
}

static void multi_sz_with_wide_characters_reads_back_item_by_item(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Select, control-sets: none, "
				   "set: {M: {multi_sz: ['日本語', 'b']}}}\n", NULL, NULL), 0);
	assert_string_equal(f.p.edits[0].after, "日本語 b");
	assert_non_null(strstr(f.p.edits[0].command, "/d \"日本語\\0b\""));
	done(&f);
}

static void deleting_a_value_changes_only_when_it_is_there(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Services\\Tcpip\\Parameters, "
				   "control-sets: current, delete: [Domain, Missing]}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 2);
	assert_int_equal(f.p.edits[0].op, OP_DELETE_VALUE);
	assert_false(f.p.edits[0].no_change);
	assert_string_equal(f.p.edits[0].before, "REG_SZ x");
	assert_string_equal(f.p.edits[0].after, "deleted");
	assert_true(f.p.edits[1].no_change);
	assert_int_equal(f.p.changes, 1);
	assert_non_null(strstr(f.p.edits[0].command, "REG DELETE \"HKLM\\BROKENSYSTEM\\ControlSet001\\Services\\Tcpip"
							  "\\Parameters\" /v Domain /f"));
	done(&f);
}

static void deleting_a_key_says_what_it_holds(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Services\\Tcpip\\Parameters, "
				   "control-sets: current, delete-key: true}\n", NULL, NULL), 0);
	assert_int_equal(f.p.edits[0].op, OP_DELETE_KEY);
	assert_string_equal(f.p.edits[0].before, "key with 2 values and 1 subkey");
	assert_string_equal(f.p.edits[0].after, "deleted");
	done(&f);
}

static void creating_a_key_that_exists_changes_nothing(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SYSTEM, key: Services\\Tcpip, control-sets: existing, "
				   "create-key: true}\n", NULL, NULL), 0);
	assert_int_equal(f.p.n, 2);
	assert_true(f.p.edits[0].no_change);
	assert_false(f.p.edits[1].no_change); /* ControlSet002 has no Services\Tcpip */
	done(&f);
}

static void software_edits_go_to_the_software_hive(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(build(&f, "      - registry: {hive: SOFTWARE, key: 'Microsoft\\Windows NT\\CurrentVersion\\Winlogon', "
				   "set: {AutoRestartShell: {dword: 1}}}\n",
			       "[Microsoft\\Windows NT\\CurrentVersion\\Winlogon]\n\"AutoRestartShell\"=dword:0\n"
			       "[Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=sz:Windows Server 2022 Datacenter\n", NULL), 0);
	assert_int_equal(f.p.n, 1);
	assert_int_equal(f.p.edits[0].hive, HIVE_SOFTWARE);
	assert_string_equal(f.p.edits[0].before, "REG_DWORD 0");
	assert_non_null(strstr(f.p.edits[0].command, "HKLM\\BROKENSOFTWARE\\Microsoft"));
	assert_true(plan_changes_hive(&f.p, HIVE_SOFTWARE));
	assert_false(plan_changes_hive(&f.p, HIVE_SYSTEM));
	done(&f);
}

static void conditions_decide_which_edits_are_planned(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"c.value=no", NULL};
	assert_int_equal(build(&f,
			       "      - when: '${c.value}'\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {A: {dword: 1}}}\n"
			       "      - when: {not: '${c.value}'}\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {B: {dword: 1}}}\n"
			       "      - when: {equals: ['${c.value}', 'NO']}\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {C: {dword: 1}}}\n"
			       "      - when: {value-exists: {hive: SYSTEM, key: Select, control-sets: none, value: Failed}}\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {D: {dword: 1}}}\n"
			       "      - when: {control-set-exists: '3'}\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {E: {dword: 1}}}\n"
			       "      - when: {all: [{control-set-exists: last-known-good}, {key-exists: {hive: SYSTEM, key: Services\\Tcpip, control-sets: current}}]}\n        registry: {hive: SYSTEM, key: Select, control-sets: none, set: {F: {dword: 1}}}\n",
			       NULL, answers), 0);
	char names[32] = "";
	for (size_t i = 0; i < f.p.n; i++)
		strcat(names, f.p.edits[i].name);
	assert_string_equal(names, "BCDF");
	done(&f);
}

static void bcd_elements_are_typed_by_their_format(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"c.value=yes", NULL};
	char edits[512];
	snprintf(edits, sizeof edits, "      - bcd: {object: '%s', set: {bootstatuspolicy: IgnoreAllFailures, "
		 "recoveryenabled: false, ems: '${c.value}'}, delete: [safeboot, safebootalternateshell]}\n", loader_guid);
	assert_int_equal(build(&f, edits, NULL, answers), 0);
	assert_int_equal(f.p.n, 5);
	const uint8_t one8[] = {1, 0, 0, 0, 0, 0, 0, 0};
	assert_int_equal(f.p.edits[0].len, 8);
	assert_memory_equal(f.p.edits[0].data, one8, 8);
	assert_string_equal(f.p.edits[0].before, "DisplayAllFailures");
	assert_string_equal(f.p.edits[0].after, "IgnoreAllFailures");
	assert_int_equal(f.p.edits[1].len, 1);
	assert_int_equal(f.p.edits[1].data[0], 0);
	assert_int_equal(f.p.edits[2].len, 1);
	assert_int_equal(f.p.edits[2].data[0], 1);
	assert_int_equal(f.p.edits[3].op, OP_DELETE_KEY);
	assert_false(f.p.edits[3].no_change); /* safeboot is set */
	assert_string_equal(f.p.edits[3].before, "Minimal");
	assert_string_equal(f.p.edits[3].after, "deleted");
	assert_non_null(strstr(f.p.edits[3].command, "/deletevalue {11111111-2222-3333-4444-555555555555} safeboot"));
	assert_true(f.p.edits[4].no_change);  /* safebootalternateshell is not */
	done(&f);
}

static void a_missing_settings_object_is_created_with_its_type(void **state)
{
	(void)state;
	struct fixture f;
	char edits[512];
	snprintf(edits, sizeof edits, "      - bcd: {object: '{emssettings}', create: if-missing, reachable-from: '%s', "
		 "set: {emsport: 1}}\n", loader_guid);
	assert_int_equal(build(&f, edits, NULL, NULL), 0);
	assert_int_equal(f.p.n, 3);
	assert_int_equal(f.p.edits[0].kind, PLAN_BCD_CREATE);
	assert_string_equal(f.p.edits[0].key, "Objects\\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Description");
	assert_int_equal(f.p.edits[0].data[3], 0x20);
	assert_int_equal(f.p.edits[0].data[2], 0x10);
	assert_int_equal(f.p.edits[2].kind, PLAN_BCD_INHERIT);
	assert_string_equal(f.p.edits[2].after, "{emssettings}");
	done(&f);
}

/* The REG ADD of a value typed by the operator: quoted by cmd.exe's rules, or a REM line when it can not be */
static const char *reg_add_of(struct fixture *f, const char *value)
{
	char answer[300];
	snprintf(answer, sizeof answer, "c.value=%s", value);
	const char *answers[] = {answer, NULL};
	assert_int_equal(build(f, "      - registry: {hive: SYSTEM, key: Control\\CrashControl, control-sets: current, "
				  "set: {DumpFile: {expand_sz: '${c.value}'}, 'My Value': {sz: x}}}\n", NULL, answers), 0);
	return f->p.edits[0].command;
}

static void commands_give_cmd_exe_nothing_to_run(void **state)
{
	(void)state;
	struct fixture f;
	assert_string_equal(reg_add_of(&f, "D:\\R&D 100%\\a|b^c<d>\\MEMORY.DMP"),
			    "REG ADD \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v DumpFile /t REG_EXPAND_SZ "
			    "/d \"D:\\R&D 100%%\\a|b^c<d>\\MEMORY.DMP\" /f");
	assert_non_null(strstr(f.p.edits[1].command, "/v \"My Value\" /t REG_SZ /d \"x\" /f"));
	done(&f);
	assert_non_null(strstr(reg_add_of(&f, "C:\\dumps\\"), "/d \"C:\\dumps\\\\\" /f"));
	done(&f);
	const char *rem = reg_add_of(&f, "C:\\x\" & del /q C:\\* & \"");
	assert_int_equal(strncmp(rem, "REM left out: the data of this edit holds a double quote", 56), 0);
	assert_null(strstr(rem, "del"));
	done(&f);
	rem = reg_add_of(&f, "C:\\x\nREG DELETE HKLM\\SYSTEM /f");
	assert_non_null(strstr(rem, "REM left out: the data of this edit holds a line break"));
	done(&f);
}

static void a_bcd_string_is_an_argument_of_bcdedit(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"c.value=Windows (safe) & more", NULL};
	char edits[512];
	snprintf(edits, sizeof edits, "      - bcd: {object: '%s', set: {description: '${c.value}'}}\n", loader_guid);
	assert_int_equal(build(&f, edits, NULL, answers), 0);
	assert_string_equal(f.p.edits[0].command, "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /set "
						  "{11111111-2222-3333-4444-555555555555} description \"Windows (safe) & more\"");
	done(&f);
	const char *hostile[] = {"c.value=$(Remove-Item C:\\ -Recurse)", NULL};
	assert_int_equal(build(&f, edits, NULL, hostile), 0);
	assert_non_null(strstr(f.p.edits[0].command, "REM left out: the value of this edit holds a dollar sign"));
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commands_give_cmd_exe_nothing_to_run),
		cmocka_unit_test(a_bcd_string_is_an_argument_of_bcdedit),
		cmocka_unit_test(key_at_the_hive_root_is_written_at_the_root),
		cmocka_unit_test(existing_control_sets_get_one_edit_each),
		cmocka_unit_test(last_known_good_scope_names_select_s_set),
		cmocka_unit_test(a_dword_answer_out_of_range_is_refused_with_step_key_and_range),
		cmocka_unit_test(strings_are_utf16le_with_their_nul),
		cmocka_unit_test(invalid_utf8_is_refused_not_written),
		cmocka_unit_test(every_value_type_has_its_bytes),
		cmocka_unit_test(multi_sz_with_wide_characters_reads_back_item_by_item),
		cmocka_unit_test(deleting_a_value_changes_only_when_it_is_there),
		cmocka_unit_test(deleting_a_key_says_what_it_holds),
		cmocka_unit_test(creating_a_key_that_exists_changes_nothing),
		cmocka_unit_test(software_edits_go_to_the_software_hive),
		cmocka_unit_test(conditions_decide_which_edits_are_planned),
		cmocka_unit_test(bcd_elements_are_typed_by_their_format),
		cmocka_unit_test(a_missing_settings_object_is_created_with_its_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
