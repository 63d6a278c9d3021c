/* The engine and the step kinds on in-memory snapshots: what each kind offers and recommends, what it
 * records, what it refuses, and refuse-if. A scripted front end answers and keeps what it was shown. */
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
#include "engine/engine.h"
#include "plan/plan.h"
#include "snapshot_fake.h"

#define HEAD "wizard: x\ntitle: t\nsteps:\n"
#define APPLY "  - id: apply\n    kind: apply\n    title: A\n    edits:\n" \
	      "      - registry: {hive: SYSTEM, key: Select, control-sets: none, set: {Z: {dword: 1}}}\n"

struct script {
	const char *const *answers; /* given in order; "apply" ends a run */
	size_t next;
	char recommended[8][160];   /* per question asked: the recommended value, "" when none */
	char errors[8][400];        /* per question asked: why the answer before was refused */
	char detected[8][1024];
	char warning[8][400];
	char help[8][400];
	char counted[8][16];        /* per question asked: "N/M", its place among the steps */
	size_t asked;
};

static int ask(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source)
{
	struct script *s = ctx;
	size_t i = s->asked < 8 ? s->asked : 7;
	snprintf(s->recommended[i], sizeof s->recommended[i], "%s", q->recommended >= 0 ? q->options[q->recommended].value : "");
	snprintf(s->errors[i], sizeof s->errors[i], "%s", q->error);
	snprintf(s->detected[i], sizeof s->detected[i], "%s", q->detected);
	snprintf(s->warning[i], sizeof s->warning[i], "%s", q->warning);
	snprintf(s->help[i], sizeof s->help[i], "%s", q->help);
	snprintf(s->counted[i], sizeof s->counted[i], "%u/%u", q->number, q->total);
	s->asked++;
	if (!s->answers[s->next])
		return FE_QUIT;
	if (!strcmp(s->answers[s->next], "<back>")) {
		s->next++;
		return FE_BACK;
	}
	snprintf(answer, len, "%s", s->answers[s->next++]);
	*source = ANSWER_OPERATOR;
	return FE_OK;
}

struct fixture {
	struct snapshot s;
	struct wizard w;
	struct plan p;
	struct run r;
	struct frontend fe;
	struct script sc;
	struct rw_error e;
	int reply;
};

static void walk_with(struct fixture *f, const char *steps, const char *system, const char *software,
		      const char *const *answers)
{
	char yaml[4096];
	snprintf(yaml, sizeof yaml, HEAD "%s" APPLY, steps);
	memset(f, 0, sizeof *f);
	fake_snapshot(&f->s, system ? system : fake_system_two_sets, software, NULL);
	fake_wizard(&f->w, yaml);
	f->sc.answers = answers;
	f->fe = (struct frontend){.ctx = &f->sc, .ask = ask};
	f->r = (struct run){.wizard = &f->w, .snapshot = &f->s, .frontend = &f->fe, .plan = &f->p};
	f->reply = engine_run(&f->r, &f->e);
}

static void walk(struct fixture *f, const char *steps, const char *system, const char *const *answers)
{
	walk_with(f, steps, system, NULL, answers);
}

static void done(struct fixture *f)
{
	run_free(&f->r);
	plan_free(&f->p);
	wizard_free(&f->w);
	fake_snapshot_free(&f->s);
}

#define LKG "  - id: target\n    kind: choose-control-set\n    title: T\n    default: last-known-good\n"

static void choose_control_set_recommends_the_default_role(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"ControlSet002", "apply", NULL};
	walk(&f, LKG, NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(f.sc.recommended[0], "2");
	assert_non_null(strstr(f.sc.detected[0], "LastKnownGood 2"));
	assert_string_equal(answers_get(&f.r.answers, "target", "number"), "2");
	assert_string_equal(answers_get(&f.r.answers, "target", "current"), "1");
	assert_string_equal(answers_get(&f.r.answers, "target", "is_current"), "no");
	done(&f);
}

static void choose_control_set_refuses_a_set_that_does_not_exist(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"3", "2", "apply", NULL};
	walk(&f, LKG, NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_non_null(strstr(f.sc.errors[1], "'3' is not a control set of this SYSTEM hive"));
	assert_non_null(strstr(f.sc.errors[1], "0xc0000225"));
	done(&f);
}

static void a_missing_last_known_good_set_has_no_recommendation(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {NULL};
	walk(&f, LKG,
	     "[Select]\n\"Current\"=dword:1\n\"Default\"=dword:1\n\"LastKnownGood\"=dword:3\n\"Failed\"=dword:0\n"
	     "[ControlSet001\\Control]\n",
	     answers);
	assert_int_equal(f.reply, FE_QUIT);
	assert_string_equal(f.sc.recommended[0], "");
	assert_non_null(strstr(f.sc.warning[0], "Select names control set 3 as last-known-good"));
	done(&f);
}

static void refuse_if_refuses_the_answer_with_its_reason(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"1", "2", "apply", NULL};
	walk(&f, LKG "    refuse-if:\n      - when: '${target.is_current}'\n"
		     "        because: 'ControlSet00${target.number} is the set Windows boots now'\n",
	     NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(f.sc.errors[1], "ControlSet001 is the set Windows boots now");
	assert_string_equal(answers_get(&f.r.answers, "target", "number"), "2");
	done(&f);
}

#define NUMBER "  - id: size\n    kind: enter-number\n    title: N\n    min: 11\n    max: 50\n    add: 3\n" \
	       "    absent: 15\n    reads: {hive: SYSTEM, key: 'Services\\LanmanServer\\Parameters', " \
	       "control-sets: current, value: IrpStackSize}\n"

static void enter_number_recommends_the_value_now_plus_add(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"18", "apply", NULL};
	walk(&f, NUMBER, NULL, answers);
	assert_string_equal(f.sc.recommended[0], "18"); /* absent: Windows uses 15 */
	assert_non_null(strstr(f.sc.detected[0], "not set (Windows uses 15)"));
	assert_string_equal(answers_get(&f.r.answers, "size", "current"), "15");
	done(&f);
}

static void enter_number_caps_the_recommendation_at_max(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"50", "apply", NULL};
	char system[512];
	snprintf(system, sizeof system, "%s[ControlSet001\\Services\\LanmanServer\\Parameters]\n\"IrpStackSize\"=dword:49\n",
		 fake_system_two_sets);
	walk(&f, NUMBER, system, answers);
	assert_string_equal(f.sc.recommended[0], "50");
	assert_non_null(strstr(f.sc.detected[0], "ControlSet001\\Services\\LanmanServer\\Parameters\\IrpStackSize: 49"));
	done(&f);
}

/* a value near the top of a qword plus add must not wrap around to a small number */
static void enter_number_recommendation_stops_at_max_instead_of_wrapping(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"apply", NULL};
	char system[512];
	snprintf(system, sizeof system, "%s[ControlSet001\\Services\\LanmanServer\\Parameters]\n"
		 "\"IrpStackSize\"=qword:0xfffffffffffffffe\n", fake_system_two_sets);
	walk(&f, "  - id: size\n    kind: enter-number\n    title: N\n    min: 11\n    max: 0xffffffffffffffff\n"
		 "    add: 3\n    reads: {hive: SYSTEM, key: 'Services\\LanmanServer\\Parameters', "
		 "control-sets: current, value: IrpStackSize}\n", system, answers);
	assert_string_equal(f.sc.recommended[0], "18446744073709551615");
	done(&f);
}

static void enter_number_refuses_numbers_outside_its_range(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"51", "10", "big", "0x10", "apply", NULL};
	walk(&f, NUMBER, NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(f.sc.errors[1], "'51' is not a whole number from 11 to 50");
	assert_string_equal(f.sc.errors[2], "'10' is not a whole number from 11 to 50");
	assert_string_equal(f.sc.errors[3], "'big' is not a whole number from 11 to 50");
	assert_string_equal(answers_get(&f.r.answers, "size", "value"), "16");
	done(&f);
}

static void choose_dump_takes_room_from_the_step_it_names(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"no", "%SystemRoot%\\MEMORY.DMP", "apply", NULL};
	walk(&f, "  - id: room\n    kind: confirm\n    title: R\n"
		 "  - id: dump\n    kind: choose-dump\n    title: D\n    room: '${room.value}'\n",
	     NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(f.sc.recommended[1], "");
	assert_non_null(answers_get(&f.r.answers, "dump", "warning"));
	done(&f);
}

/* What Windows accepts in a path, and only that: no control characters, none of < > : " | ? * but the
 * drive letter's colon; & % ^ ( ) and blanks are Windows' own */
static void choose_dump_takes_only_paths_windows_accepts(void **state)
{
	(void)state;
	static const char *const refused[] = {
		"D:\\dump\nREG ADD x", "D:\\a\tb.dmp", "D:\\x\x1b[2J.dmp", "D:\\a<b.dmp", "D:\\a>b.dmp",
		"D:\\a:b.dmp", "D:\\a\"b.dmp", "D:\\a|b.dmp", "D:\\a?.dmp", "D:\\*.dmp", "%SystemRoot%\\a|b",
		"D:\\..\\x.dmp", "D:\\dumps\\", "MEMORY.DMP", "\\\\server\\share\\x.dmp",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct fixture f;
		const char *answers[] = {refused[i], NULL};
		walk(&f, "  - id: dump\n    kind: choose-dump\n    title: D\n", NULL, answers);
		assert_int_equal(f.reply, FE_QUIT);
		if (!strstr(f.sc.errors[1], "is not a dump file path"))
			fail_msg("'%s' was taken", refused[i]);
		done(&f);
	}
	static const char *const taken[] = {"D:\\R&D 100%^ (x)\\MEMORY.DMP", "%SystemRoot%\\Dumps %TEMP%\\MEMORY.DMP"};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		struct fixture f;
		const char *answers[] = {taken[i], "apply", NULL};
		walk(&f, "  - id: dump\n    kind: choose-dump\n    title: D\n", NULL, answers);
		assert_int_equal(f.reply, FE_OK);
		assert_string_equal(answers_get(&f.r.answers, "dump", "path"), taken[i]);
		done(&f);
	}
}

static void check_space_takes_whole_sizes_in_range(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		const char *bytes; /* NULL: refused */
	} cases[] = {
		{"8", "8589934592"}, {"8G", "8589934592"}, {"8 GiB", "8589934592"}, {"8192M", "8589934592"},
		{"1T", "1099511627776"}, {"8.5", NULL}, {"nan", NULL}, {"1e5", NULL}, {"0.5M", NULL}, {"0", NULL},
		{"65T", NULL}, {"-8", NULL}, {"18446744073709551617", NULL}, {"8X", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct fixture f;
		const char *answers[] = {cases[i].typed, "8G", "apply", NULL};
		walk(&f, "  - id: space\n    kind: check-space\n    title: S\n", NULL, answers);
		assert_int_equal(f.reply, FE_OK);
		if (cases[i].bytes) {
			assert_string_equal(f.sc.errors[1], "");
			assert_string_equal(answers_get(&f.r.answers, "space", "ram_bytes"), cases[i].bytes);
		} else {
			char want[200];
			snprintf(want, sizeof want, "'%s' is not a RAM size", cases[i].typed);
			if (strncmp(f.sc.errors[1], want, strlen(want)))
				fail_msg("'%s': got '%s'", cases[i].typed, f.sc.errors[1]);
		}
		done(&f);
	}
}

static void help_texts_name_the_windows_of_the_disk(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"yes", "apply", NULL};
	walk_with(&f, "  - id: c\n    kind: confirm\n    title: C\n    help: 'build ${windows.build}: ${windows.product}'\n", NULL,
		  "[Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=sz:Windows Server 2022 Datacenter\n"
		  "\"CurrentBuild\"=sz:20348\n\"CurrentBuildNumber\"=sz:20348\n",
		  answers);
	assert_string_equal(f.sc.help[0], "build 20348: Windows Server 2022 Datacenter");
	done(&f);
	walk(&f, "  - id: c\n    kind: confirm\n    title: C\n    help: 'build ${windows.build}'\n", NULL, answers);
	assert_string_equal(f.sc.help[0], "build 0");
	done(&f);
}

static void check_space_takes_an_azure_size_name(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"Standard_NotASize", "standard_d4s_v5", "apply", NULL};
	walk(&f, "  - id: space\n    kind: check-space\n    title: S\n", NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_non_null(strstr(f.sc.errors[1], "'Standard_NotASize' is not in the size table"));
	assert_string_equal(answers_get(&f.r.answers, "space", "ram_bytes"), "17179869184");
	done(&f);
}

#define YESNO(id) "  - id: " id "\n    kind: confirm\n    title: " id "\n"

static void a_step_whose_when_does_not_hold_is_skipped_and_recorded(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"no", "yes", "apply", NULL};
	walk(&f, YESNO("first") YESNO("second") "    when: '${first.value}'\n" YESNO("third"), NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.sc.asked, 3); /* first, third, apply */
	assert_null(answers_get(&f.r.answers, "second", "value"));
	assert_string_equal(answers_get(&f.r.answers, "second", WIZARD_SKIPPED_FIELD), "yes");
	assert_true(engine_was_skipped(&f.r, "second"));
	assert_false(engine_was_skipped(&f.r, "third"));
	assert_string_equal(answers_get(&f.r.answers, "third", "value"), "yes");
	done(&f);
}

static void a_step_whose_when_holds_is_asked(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"yes", "no", "yes", "apply", NULL};
	walk(&f, YESNO("first") YESNO("second") "    when: '${first.value}'\n" YESNO("third"), NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.sc.asked, 4);
	assert_string_equal(answers_get(&f.r.answers, "second", "value"), "no");
	assert_false(engine_was_skipped(&f.r, "second"));
	done(&f);
}

/* "step N of M" leaves out the steps the answers so far skip, and counts one again when going back and
 * another answer asks it; a step whose when: names a step not answered yet counts */
static void the_step_count_leaves_out_a_skipped_step(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"no", "<back>", "yes", "no", "yes", "apply", NULL};
	walk(&f, YESNO("first") YESNO("second") "    when: '${first.value}'\n" YESNO("third"), NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	/* first (second undecided), third (second skipped), first again (undecided again), second, third, apply */
	const char *want[] = {"1/4", "2/3", "1/4", "2/4", "3/4", "4/4"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(f.sc.counted[i], want[i]);
	done(&f);
	/* a later step the answer before rules out is not counted before it comes */
	const char *no[] = {"no", "yes", "apply", NULL};
	walk(&f, YESNO("first") YESNO("second") YESNO("third") "    when: '${first.value}'\n", NULL, no);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(f.sc.counted[0], "1/4");
	assert_string_equal(f.sc.counted[1], "2/3");
	assert_string_equal(f.sc.counted[2], "3/3");
	done(&f);
}

/* Esc on the step after a skipped one goes to the step asked before it; the skip is decided again */
static void going_back_passes_over_a_skipped_step(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"no", "<back>", "yes", "no", "yes", "apply", NULL};
	walk(&f, YESNO("first") YESNO("second") "    when: '${first.value}'\n" YESNO("third"), NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.sc.asked, 6); /* first, third, first again, second, third, apply */
	assert_string_equal(answers_get(&f.r.answers, "first", "value"), "yes");
	assert_string_equal(answers_get(&f.r.answers, "second", "value"), "no");
	assert_false(engine_was_skipped(&f.r, "second"));
	done(&f);
}

static void a_skipped_apply_step_leaves_an_empty_plan(void **state)
{
	(void)state;
	struct fixture f;
	char yaml[1024];
	memset(&f, 0, sizeof f);
	snprintf(yaml, sizeof yaml, HEAD YESNO("first") "%s    when: '${first.value}'\n", APPLY);
	fake_snapshot(&f.s, fake_system_two_sets, NULL, NULL);
	fake_wizard(&f.w, yaml);
	const char *answers[] = {"no", NULL};
	f.sc.answers = answers;
	f.fe = (struct frontend){.ctx = &f.sc, .ask = ask};
	f.r = (struct run){.wizard = &f.w, .snapshot = &f.s, .frontend = &f.fe, .plan = &f.p};
	f.reply = engine_run(&f.r, &f.e);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.sc.asked, 1);
	assert_true(engine_was_skipped(&f.r, "apply"));
	assert_int_equal(f.p.n, 0);
	done(&f);
}

/* A Windows folder (--windows) with a MEMORY.DMP, as the snapshot lists it, and a runbook folder */
struct dump_disk {
	char top[64], windows[96], runbook[96], other[96];
};

static void dump_disk(struct fixture *f, struct dump_disk *d, const char *steps)
{
	snprintf(d->top, sizeof d->top, "/tmp/rescuewiz-test-dumps.XXXXXX");
	assert_non_null(mkdtemp(d->top));
	snprintf(d->windows, sizeof d->windows, "%s/win", d->top);
	snprintf(d->runbook, sizeof d->runbook, "%s/rb", d->top);
	snprintf(d->other, sizeof d->other, "%s/other", d->top);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/Windows %s %s && printf 'PAGEDU64 the dump' > %s/Windows/MEMORY.DMP",
		 d->windows, d->runbook, d->other, d->windows);
	assert_int_equal(system(cmd), 0);
	char yaml[4096];
	snprintf(yaml, sizeof yaml, HEAD "%s" APPLY, steps);
	memset(f, 0, sizeof *f);
	fake_snapshot(&f->s, fake_system_two_sets, NULL, NULL);
	f->s.request.windows_dir = d->windows;
	f->s.dumps = calloc(1, sizeof *f->s.dumps);
	f->s.ndumps = 1;
	f->s.dumps[0] = (struct dump_file){.place = DUMP_AT_MEMORY_DMP, .where = "\\Windows\\MEMORY.DMP", .size = 17,
					   .check = {.verdict = DUMP_COMPLETE, .reason = "complete"}};
	fake_wizard(&f->w, yaml);
	f->fe = (struct frontend){.ctx = &f->sc, .ask = ask};
	f->r = (struct run){.wizard = &f->w, .snapshot = &f->s, .frontend = &f->fe, .plan = &f->p,
			    .runbook_dir = d->runbook};
}

static void dump_disk_walk(struct fixture *f, const char *const *answers)
{
	f->sc.answers = answers;
	f->reply = engine_run(&f->r, &f->e);
}

static void dump_disk_done(struct fixture *f, struct dump_disk *d)
{
	done(f);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf %s", d->top);
	assert_int_equal(system(cmd), 0);
}

#define FIND_COPY "  - id: dumps\n    kind: find-dumps\n    title: D\n" \
		  "  - id: copy\n    kind: copy-dumps\n    title: C\n    when: '${dumps.found}'\n"

static void copy_dumps_copies_into_the_runbook_folder_with_the_sha256(void **state)
{
	(void)state;
	struct fixture f;
	struct dump_disk d;
	const char *answers[] = {"1", "all", "apply", NULL};
	dump_disk(&f, &d, FIND_COPY);
	dump_disk_walk(&f, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(answers_get(&f.r.answers, "dumps", "found"), "yes");
	assert_non_null(strstr(f.sc.detected[0], "1 dumps on the disk, 1 of them complete:\n1. \\Windows\\MEMORY.DMP"));
	assert_string_equal(answers_get(&f.r.answers, "copy", "copied"), "1");
	assert_string_equal(answers_get(&f.r.answers, "copy", "bytes"), "17");
	assert_int_equal(f.r.ncopies, 1);
	char copy[200], want[SHA256_HEX_LEN], got[SHA256_HEX_LEN];
	snprintf(copy, sizeof copy, "%s/dumps/MEMORY.DMP", d.runbook);
	assert_string_equal(f.r.copies[0].to, copy);
	assert_string_equal(f.r.copies[0].from, "\\Windows\\MEMORY.DMP");
	sha256_buffer((const uint8_t *)"PAGEDU64 the dump", 17, want);
	assert_string_equal(f.r.copies[0].sha256, want);
	assert_int_equal(sha256_file(copy, got, &f.e), 0);
	assert_string_equal(got, want);
	assert_int_equal(f.r.copies[0].size, 17);
	dump_disk_done(&f, &d);
}

/* hostile answers are refused one by one; a folder that holds the file already is refused (the file there
 * stays); the operator then names another folder */
static void copy_dumps_refuses_bad_answers_and_a_folder_that_holds_the_file(void **state)
{
	(void)state;
	struct fixture f;
	struct dump_disk d;
	dump_disk(&f, &d, FIND_COPY);
	char to_taken[200], to_other[200];
	snprintf(to_taken, sizeof to_taken, "1 to %s/Windows", d.windows);
	snprintf(to_other, sizeof to_other, "1 to %s", d.other);
	const char *answers[] = {"1", "0", "1,1", "all,", "all to relative/dir", to_taken, to_other, "apply", NULL};
	dump_disk_walk(&f, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_non_null(strstr(f.sc.errors[2], "there is no dump 0: the dumps are numbered 1 to 1"));
	assert_non_null(strstr(f.sc.errors[3], "dump 1 is named twice"));
	assert_non_null(strstr(f.sc.errors[4], "give all, none, or the numbers of the dumps"));
	assert_non_null(strstr(f.sc.errors[5], "the folder must be an absolute path"));
	assert_non_null(strstr(f.sc.errors[6], "MEMORY.DMP exists already: a copy never replaces a file"));
	assert_int_equal(f.r.ncopies, 1);
	assert_non_null(strstr(f.r.copies[0].to, "/other/MEMORY.DMP"));
	assert_string_equal(answers_get(&f.r.answers, "copy", "selection"), to_other);
	dump_disk_done(&f, &d);
}

/* a dry run checks the room and copies nothing: not even the dumps/ folder is made */
static void copy_dumps_in_a_dry_run_copies_nothing(void **state)
{
	(void)state;
	struct fixture f;
	struct dump_disk d;
	dump_disk(&f, &d, FIND_COPY);
	f.r.dry_run = true;
	const char *answers[] = {"1", "all", "apply", NULL};
	dump_disk_walk(&f, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.r.ncopies, 0);
	assert_string_equal(answers_get(&f.r.answers, "copy", "copied"), "0");
	char copy[200];
	snprintf(copy, sizeof copy, "%s/dumps", d.runbook);
	assert_int_equal(access(copy, F_OK), -1);
	dump_disk_done(&f, &d);
}

/* dumps/ of the runbook folder as a link to another folder: nothing is copied through it */
static void copy_dumps_never_copies_through_a_dumps_link(void **state)
{
	(void)state;
	struct fixture f;
	struct dump_disk d;
	dump_disk(&f, &d, FIND_COPY);
	char link[200], through[200];
	snprintf(link, sizeof link, "%s/dumps", d.runbook);
	assert_int_equal(symlink(d.other, link), 0);
	const char *answers[] = {"1", "all", NULL};
	dump_disk_walk(&f, answers);
	assert_int_not_equal(f.reply, FE_OK);
	assert_int_equal(f.r.ncopies, 0);
	assert_non_null(strstr(f.sc.errors[2], "/rb/dumps"));
	snprintf(through, sizeof through, "%s/MEMORY.DMP", d.other);
	assert_int_equal(access(through, F_OK), -1);
	dump_disk_done(&f, &d);
}

static void copy_dumps_is_skipped_when_there_is_no_dump(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"0", "apply", NULL};
	walk(&f, FIND_COPY, NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_string_equal(answers_get(&f.r.answers, "dumps", "found"), "no");
	assert_true(engine_was_skipped(&f.r, "copy"));
	assert_int_equal(f.sc.asked, 2);
	done(&f);
}

static void the_apply_step_builds_the_plan_the_caller_owns(void **state)
{
	(void)state;
	struct fixture f;
	const char *answers[] = {"apply", NULL};
	walk(&f, "", NULL, answers);
	assert_int_equal(f.reply, FE_OK);
	assert_int_equal(f.p.n, 1);
	assert_string_equal(f.p.edits[0].key, "Select");
	assert_string_equal(answers_get(&f.r.answers, "apply", "confirmed"), "yes");
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(choose_control_set_recommends_the_default_role),
		cmocka_unit_test(choose_control_set_refuses_a_set_that_does_not_exist),
		cmocka_unit_test(a_missing_last_known_good_set_has_no_recommendation),
		cmocka_unit_test(refuse_if_refuses_the_answer_with_its_reason),
		cmocka_unit_test(enter_number_recommends_the_value_now_plus_add),
		cmocka_unit_test(enter_number_caps_the_recommendation_at_max),
		cmocka_unit_test(enter_number_recommendation_stops_at_max_instead_of_wrapping),
		cmocka_unit_test(enter_number_refuses_numbers_outside_its_range),
		cmocka_unit_test(choose_dump_takes_room_from_the_step_it_names),
		cmocka_unit_test(choose_dump_takes_only_paths_windows_accepts),
		cmocka_unit_test(check_space_takes_whole_sizes_in_range),
		cmocka_unit_test(help_texts_name_the_windows_of_the_disk),
		cmocka_unit_test(check_space_takes_an_azure_size_name),
		cmocka_unit_test(the_apply_step_builds_the_plan_the_caller_owns),
		cmocka_unit_test(a_step_whose_when_does_not_hold_is_skipped_and_recorded),
		cmocka_unit_test(a_step_whose_when_holds_is_asked),
		cmocka_unit_test(going_back_passes_over_a_skipped_step),
		cmocka_unit_test(the_step_count_leaves_out_a_skipped_step),
		cmocka_unit_test(a_skipped_apply_step_leaves_an_empty_plan),
		cmocka_unit_test(copy_dumps_copies_into_the_runbook_folder_with_the_sha256),
		cmocka_unit_test(copy_dumps_refuses_bad_answers_and_a_folder_that_holds_the_file),
		cmocka_unit_test(copy_dumps_in_a_dry_run_copies_nothing),
		cmocka_unit_test(copy_dumps_never_copies_through_a_dumps_link),
		cmocka_unit_test(copy_dumps_is_skipped_when_there_is_no_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
