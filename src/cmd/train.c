#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cmd/command.h"
#include "core/cleanup.h"
#include "core/files.h"
#include "core/utf16.h"
#include "repair/repair.h"
#include "train/checks.h"
#include "train/lessons.h"
#include "train/scenario.h"
#include "train/score.h"
#include "tui/tui.h"
#include "wizard/discover.h"

static const char usage[] =
	"usage: rescuewiz train [LESSON] [--unattended --answers FILE] [--json] [--keep] [--wizards DIR]\n"
	"\n"
	"Training mode: broken disks made to order and the real wizard on them. Without LESSON, lists the\n"
	"lessons (title, level, what it teaches, done or not on this machine). With LESSON, builds the lesson's\n"
	"disk as a sparse image in a scratch folder (never a device: --disk is refused), shows the symptom, then\n"
	"the wizard's screens on that image, exactly as in a repair; h shows a hint (it costs points). At the end:\n"
	"the score, each check read back from the image, your answers beside the ideal ones, the runbook and the\n"
	"debrief. --unattended scores an answers file (the format of a runbook's answers.yaml) without screens.\n"
	"--json prints the result as JSON. Results are kept in $XDG_STATE_HOME/rescuewiz/training (mode 0600).\n"
	"--keep keeps the scratch folder (the image and the runbook). Needs root for the loop devices that build\n"
	"and read the image.\n"
	"Exit status: 0 scored (whatever the score), 2 lesson or answers error, 3 not root.\n";

struct options {
	const char *answers, *wizards, *lesson;
	int unattended, json, keep;
};

/* text as a paragraph of at most 78 columns, each line indented */
static void print_wrapped(FILE *f, int indent, const char *text)
{
	int col = 0;
	const char *p = text;
	while (*p) {
		size_t word = strcspn(p, " \n");
		if (col > indent && col + 1 + (int)word > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)word, p);
		p += word;
		if (*p == '\n' && p[1] == '\n')
			fputc('\n', f);
		if (*p == '\n') {
			fputc('\n', f);
			col = 0;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	if (col)
		fputc('\n', f);
}

/* --- the list --- */

/* the score of the last time the lesson was taken here, -1 when it never was */
static int lesson_score(const char *state, const char *name)
{
	char path[8192];
	snprintf(path, sizeof path, "%s/%s.json", state, name);
	json_object *o = access(path, R_OK) == 0 ? json_object_from_file(path) : NULL, *score;
	int points = o && json_object_object_get_ex(o, "score", &score) ? json_object_get_int(score) : -1;
	json_object_put(o);
	return points;
}

static int list(const struct options *o)
{
	char **names;
	size_t n;
	char state[4096] = "";
	struct rw_error e = {0};
	if (lesson_names(&names, &n, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	if (lesson_state_dir(state, sizeof state, &e) != 0)
		state[0] = '\0';
	json_object *arr = json_object_new_array();
	if (!o->json)
		printf("Lessons (rescuewiz train LESSON):\n");
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct scenario s;
		if (lesson_locate(names[i], path, sizeof path, &e) != 0 || scenario_load(path, &s, &e) != 0) {
			fprintf(stderr, "%s\n", e.text);
			continue;
		}
		int score = *state ? lesson_score(state, s.name) : -1;
		char done[32];
		snprintf(done, sizeof done, "done, score %d", score);
		const char *status = s.waiting ? "waiting" : score >= 0 ? done : "not done";
		if (o->json) {
			json_object *l = json_object_new_object();
			json_object_object_add(l, "lesson", json_object_new_string(s.name));
			json_object_object_add(l, "title", json_object_new_string(s.title));
			json_object_object_add(l, "level", json_object_new_int((int)s.level));
			json_object_object_add(l, "teaches", json_object_new_string(s.teaches));
			json_object_object_add(l, "status", json_object_new_string(s.waiting ? "waiting" : score >= 0 ? "done" : "not done"));
			json_object_object_add(l, "score", score >= 0 ? json_object_new_int(score) : NULL);
			json_object_array_add(arr, l);
		} else {
			printf("\n  %-24s level %u  %s\n    %s\n", s.name, s.level, status, s.title);
			print_wrapped(stdout, 4, s.teaches);
			if (s.waiting) {
				char w[600];
				snprintf(w, sizeof w, "waiting: %s", s.waiting);
				print_wrapped(stdout, 4, w);
			}
		}
		scenario_free(&s);
	}
	if (o->json)
		printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	lesson_names_free(names, n);
	return RW_EXIT_OK;
}

/* --- one lesson --- */

struct lesson_run {
	struct scenario s;
	struct wizard w;
	char scratch[4096], image[4200], runbook[4200], copies[4200];
	int scratch_undo;           /* a signal removes at least the image */
	size_t hints_taken;
	char hint_text[4096];
	struct tui t;               /* the screens, when not unattended */
};

static const char *next_hint(void *ctx)
{
	struct lesson_run *l = ctx;
	if (l->hints_taken >= l->s.nhints)
		snprintf(l->hint_text, sizeof l->hint_text, "No more hints for this lesson. Esc goes back a step.");
	else {
		const struct scenario_hint *h = &l->s.hints[l->hints_taken];
		snprintf(l->hint_text, sizeof l->hint_text, "Hint %zu of %zu (costs %u points):\n\n%s", l->hints_taken + 1,
			 l->s.nhints, h->cost, h->text);
		l->hints_taken++;
	}
	return l->hint_text;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

static void printable_lines(char *s)
{
	for (char *p = s; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
			*p = '?';
}

/* runbook.md as it would go into a ticket (its values are made printable when it is written; this keeps a
 * damaged file from sending escape sequences, and keeps its lines); "" when the run left none */
static char *runbook_text(const char *dir)
{
	char path[4200];
	uint8_t *data = NULL;
	size_t len = 0;
	snprintf(path, sizeof path, "%s/runbook.md", dir);
	if (!*dir || read_file(path, 1u << 20, &data, &len, NULL) != 0)
		return strdup("");
	char *text = malloc(len + 1);
	if (text) {
		memcpy(text, data, len);
		text[len] = '\0';
		printable_lines(text);
	}
	free(data);
	return text;
}

struct result {
	struct repair_outcome out;
	struct check_result checks[64];
	struct score score;
	struct batch given;        /* the trainee's answers, as the runbook recorded them */
	char *runbook_md;
};

static json_object *result_json(const struct lesson_run *l, const struct result *r)
{
	const struct scenario *s = &l->s;
	json_object *o = json_object_new_object(), *checks = json_object_new_array(), *answers = json_object_new_array(),
		    *wrong = json_object_new_array();
	json_object_object_add(o, "lesson", json_object_new_string(s->name));
	json_object_object_add(o, "title", json_object_new_string(s->title));
	json_object_object_add(o, "score", json_object_new_int(r->score.points));
	json_object_object_add(o, "hints_taken", json_object_new_int((int)r->score.hints_taken));
	json_object_object_add(o, "result", json_object_new_string(r->out.result ? r->out.result : ""));
	for (size_t i = 0; i < s->nchecks; i++) {
		json_object *c = json_object_new_object();
		json_object_object_add(c, "what", json_object_new_string(s->checks[i].what));
		json_object_object_add(c, "passed", json_object_new_boolean(r->checks[i].passed));
		json_object_object_add(c, "found", json_object_new_string(r->checks[i].found));
		json_object_array_add(checks, c);
	}
	struct trainee_answers ta = {(const char *const *)r->given.ids, (const char *const *)r->given.values, r->given.n};
	for (size_t i = 0; i < s->nideal; i++) {
		json_object *a = json_object_new_object();
		const char *yours = trainee_answer(&ta, s->ideal[i].step);
		json_object_object_add(a, "step", json_object_new_string(s->ideal[i].step));
		json_object_object_add(a, "yours", yours ? json_object_new_string(yours) : NULL);
		json_object_object_add(a, "ideal", json_object_new_string(s->ideal[i].value));
		json_object_array_add(answers, a);
	}
	for (size_t i = 0; i < s->nwrong && i < 32; i++)
		if (r->score.wrong_hit[i]) {
			json_object *w = json_object_new_object();
			json_object_object_add(w, "step", json_object_new_string(s->wrong[i].step));
			json_object_object_add(w, "answer", json_object_new_string(s->wrong[i].answer));
			json_object_object_add(w, "cost", json_object_new_int((int)s->wrong[i].cost));
			json_object_object_add(w, "explain", json_object_new_string(s->wrong[i].explain));
			json_object_array_add(wrong, w);
		}
	json_object_object_add(o, "checks", checks);
	json_object_object_add(o, "answers", answers);
	json_object_object_add(o, "wrong_turns", wrong);
	json_object_object_add(o, "runbook", json_object_new_string(r->runbook_md ? r->runbook_md : ""));
	json_object_object_add(o, "debrief", json_object_new_string(s->debrief));
	return o;
}

/* full: the answers, the runbook and the debrief too (the last screen holds only the score and checks) */
static void print_result(const struct lesson_run *l, const struct result *r, FILE *f, bool full)
{
	const struct scenario *s = &l->s;
	const struct score *sc = &r->score;
	fprintf(f, "Lesson %s: %s\n\nScore: %d of 100\n", s->name, s->title, sc->points);
	fprintf(f, "  hints taken: %zu (-%u)   wrong turns: %zu (-%u)   checks: %zu of %zu passed (-%u)\n",
		sc->hints_taken, sc->hint_cost, sc->nwrong_hit, sc->wrong_cost, sc->checks_passed, s->nchecks,
		sc->check_cost);
	fprintf(f, "\nChecks, read back from the disk image:\n");
	/* the last screen names what was found only where a check failed: 80 columns are short */
	for (size_t i = 0; i < s->nchecks; i++)
		fprintf(f, "  [%s] %s%s%s%s\n", r->checks[i].passed ? "pass" : "FAIL", s->checks[i].what,
			full || !r->checks[i].passed ? " (found: " : "", full || !r->checks[i].passed ? r->checks[i].found : "",
			full || !r->checks[i].passed ? ")" : "");
	if (!full) {
		for (size_t i = 0; i < s->nwrong && i < 32; i++)
			if (sc->wrong_hit[i])
				fprintf(f, "  wrong turn: %s = %.40s (-%u)\n", s->wrong[i].step, s->wrong[i].answer,
					s->wrong[i].cost);
		fprintf(f, "\nAny key: your answers beside the ideal ones, the wrong turns explained, the runbook and "
			   "the debrief, on the terminal.");
		return;
	}
	fprintf(f, "\nYour answers beside the ideal ones:\n");
	struct trainee_answers ta = {(const char *const *)r->given.ids, (const char *const *)r->given.values, r->given.n};
	for (size_t i = 0; i < s->nideal; i++) {
		const char *yours = trainee_answer(&ta, s->ideal[i].step);
		char y[200];
		utf8_printable(yours ? yours : "(not asked)", y, sizeof y);
		bool same = yours && !strcasecmp(yours, s->ideal[i].value);
		fprintf(f, "  %-9s %-40s %s%s\n", s->ideal[i].step, y, same ? "(the ideal one)" : "ideal: ",
			same ? "" : s->ideal[i].value);
	}
	if (sc->nwrong_hit) {
		fprintf(f, "\nWrong turns:\n");
		for (size_t i = 0; i < s->nwrong && i < 32; i++)
			if (sc->wrong_hit[i]) {
				fprintf(f, "  %s = %s (-%u):\n", s->wrong[i].step, s->wrong[i].answer, s->wrong[i].cost);
				print_wrapped(f, 4, s->wrong[i].explain);
			}
	}
	fprintf(f, "\nOutcome: %s%s%s\n", r->out.result ? r->out.result : "", *r->out.message ? ": " : "", r->out.message);
	if (r->runbook_md && *r->runbook_md)
		fprintf(f, "\nRunbook, as it would go into a ticket:\n\n%s\n", r->runbook_md);
	fprintf(f, "\nDebrief:\n");
	print_wrapped(f, 2, s->debrief);
}

static int save_result(const char *name, const char *json, struct rw_error *e)
{
	char dir[4096], path[4200], tmp[4300];
	if (lesson_state_dir(dir, sizeof dir, e) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s.json", dir, name);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t len = strlen(json);
	int rc = fd >= 0 && write(fd, json, len) == (ssize_t)len && fchmod(fd, 0600) == 0 ? 0 : -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) == 0)
		return 0;
	unlink(tmp);
	return rw_fail(e, RW_EXIT_USAGE, "%s: can not keep the result: %s", path, strerror(errno));
}

/* the scratch folder: the image, the runbook, the copies the checks read */
static int make_scratch(struct lesson_run *l, struct rw_error *e)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(l->scratch, sizeof l->scratch, "%s/rescuewiz-train.XXXXXX", tmp && *tmp == '/' ? tmp : "/var/tmp");
	if (!mkdtemp(l->scratch))
		return rw_fail(e, RW_EXIT_USAGE, "%s: can not make a scratch folder: %s", l->scratch, strerror(errno));
	l->scratch_undo = cleanup_add(CLEANUP_FOLDER, l->scratch);
	snprintf(l->image, sizeof l->image, "%s/disk.img", l->scratch);
	snprintf(l->runbook, sizeof l->runbook, "%s/runbook", l->scratch);
	snprintf(l->copies, sizeof l->copies, "%s/read-back", l->scratch);
	return mkdir(l->copies, 0700) == 0 ? 0 : rw_fail(e, RW_EXIT_USAGE, "%s: %s", l->copies, strerror(errno));
}

/* the symptom screen and the wizard on the lesson's image, or the answers file unattended */
static int walk(const struct options *o, struct lesson_run *l, struct result *r, struct rw_error *e)
{
	struct batch b = {0};
	struct tui *t = &l->t;
	struct frontend fe;
	if (o->unattended) {
		if (batch_load(&b, o->answers, &l->w, e) != 0)
			return batch_free(&b), -1;
		batch_frontend(&b, &fe);
	} else {
		char text[8192];
		snprintf(text, sizeof text, "%s\n\n(What the trainee sees of the broken VM. Enter: to the rescue VM, "
			 "where its OS disk is attached; h on any step shows a hint, for points.)", l->s.symptom);
		t->wizard = &l->w;
		t->hint = next_hint;
		t->hint_ctx = l;
		tui_frontend(t, &fe);
		tui_message(t, l->s.title, text);
	}
	struct repair_request rq = {.wizard = &l->w, .target = {.disk = l->image}, .runbook_dir = l->runbook,
				    .frontend = &fe};
	repair_run(&rq, &r->out);
	if (!o->unattended)
		tui_message_nowait(t, "Lesson over", "Reading the disk image back for the checks...");
	batch_free(&b);
	return 0;
}

/* What the trainee answered: the answers file unattended (a refused answer is not in the runbook), else the
 * runbook's answers.yaml */
static void given_answers(const struct options *o, struct lesson_run *l, struct result *r)
{
	char path[4300];
	struct rw_error e = {0};
	if (o->answers)
		snprintf(path, sizeof path, "%s", o->answers);
	else
		snprintf(path, sizeof path, "%s/answers.yaml", *r->out.runbook ? r->out.runbook : l->runbook);
	if (batch_load(&r->given, path, &l->w, &e) != 0) {
		batch_free(&r->given);
		memset(&r->given, 0, sizeof r->given);
	}
}

static int lesson(const struct options *o)
{
	struct lesson_run l = {0};
	struct result r = {0};
	struct rw_error e = {0};
	char path[4096], wpath[4096];
	struct wizard_folders folders;
	if (lesson_locate(o->lesson, path, sizeof path, &e) != 0 || scenario_load(path, &l.s, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	int code = RW_EXIT_USAGE;
	if (l.s.waiting) {
		command_fail(RW_EXIT_USAGE, "lesson %s can not be taken yet: %s", l.s.name, l.s.waiting);
		goto out_scenario;
	}
	if (l.s.nchecks > sizeof r.checks / sizeof *r.checks) {
		command_fail(RW_EXIT_USAGE, "%s: more than 64 checks", path);
		goto out_scenario;
	}
	if (geteuid() != 0) {
		code = command_fail(RW_EXIT_REFUSED, "training builds the lesson's disk image and reads it back through "
				    "loop devices, which needs root: run it with sudo (nothing else is done as root)");
		goto out_scenario;
	}
	wizard_folders_find(o->wizards, &folders);
	if (wizard_locate(&folders, l.s.wizard, wpath, sizeof wpath, &e) != 0 || wizard_load(wpath, &l.w, &e) != 0) {
		command_fail(RW_EXIT_USAGE, "lesson %s: %s", l.s.name, e.text);
		goto out_scenario;
	}
	if (!o->json && !o->unattended)
		printf("Building the disk of lesson %s ...\n", l.s.name);
	char before[SHA256_HEX_LEN] = "", after[SHA256_HEX_LEN] = "";
	if (make_scratch(&l, &e) != 0 || diskgen_build(&l.s.disk, l.image, NULL, &e) != 0 ||
	    sha256_file(l.image, before, &e) != 0 || walk(o, &l, &r, &e) != 0) {
		tui_end(&l.t);
		command_fail(RW_EXIT_USAGE, "lesson %s: %s", l.s.name, e.text);
		goto out_scratch;
	}
	sha256_file(l.image, after, NULL);
	struct check_facts facts = {.refused = r.out.code == RW_EXIT_REFUSED, .image_unchanged = !strcmp(before, after),
				    .runbook_dir = *r.out.runbook ? r.out.runbook : l.runbook};
	checks_read(&l.s, l.image, l.copies, &facts, r.checks, &e);
	bool passed[64];
	for (size_t i = 0; i < l.s.nchecks; i++)
		passed[i] = r.checks[i].passed;
	given_answers(o, &l, &r);
	struct trainee_answers ta = {(const char *const *)r.given.ids, (const char *const *)r.given.values, r.given.n};
	score_compute(&l.s, &ta, l.hints_taken, passed, &r.score);
	r.runbook_md = runbook_text(r.out.runbook);
	json_object *j = result_json(&l, &r);
	const char *json = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!o->unattended) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (f) {
			print_result(&l, &r, f, false);
			fclose(f);
			tui_message(&l.t, "Lesson over", text);
		}
		free(text);
		tui_end(&l.t);
	}
	if (o->json)
		printf("%s\n", json);
	else
		print_result(&l, &r, stdout, true);
	if (save_result(l.s.name, json, &e) != 0)
		command_fail(RW_EXIT_OK, "%s", e.text);
	json_object_put(j);
	code = RW_EXIT_OK;
	free(r.runbook_md);
	batch_free(&r.given);
	repair_outcome_free(&r.out);
out_scratch:
	cleanup_forget(l.scratch_undo);
	if (*l.scratch && !o->keep)
		nftw(l.scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	else if (*l.scratch)
		fprintf(stderr, "rescuewiz: kept %s\n", l.scratch);
	wizard_free(&l.w);
out_scenario:
	scenario_free(&l.s);
	return code;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"answers", required_argument, NULL, 'a'}, {"unattended", no_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},          {"keep", no_argument, NULL, 'k'},
		{"wizards", required_argument, NULL, 'W'}, {"disk", required_argument, NULL, 'd'},
		{"windows", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'},
		{0},
	};
	struct options o = {0};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': o.answers = optarg; break;
		case 'u': o.unattended = 1; break;
		case 'j': o.json = 1; break;
		case 'k': o.keep = 1; break;
		case 'W': o.wizards = optarg; break;
		case 'd':
			return command_fail(RW_EXIT_USAGE, "train works on a disk image it builds itself, never on a disk "
					    "you name: drop --disk/--windows (rescuewiz wizard repairs a real disk)");
		case 'h': return fputs(usage, stdout), RW_EXIT_OK;
		default: return fputs(usage, stderr), RW_EXIT_USAGE;
		}
	}
	if (optind + 1 < argc)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	if (optind == argc)
		return list(&o);
	o.lesson = argv[optind];
	if (o.unattended != (o.answers != NULL))
		return command_fail(RW_EXIT_USAGE, "--unattended and --answers FILE go together");
	if (!o.unattended && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return command_fail(RW_EXIT_USAGE, "a lesson needs a terminal; without one, score an answers file: "
				    "train --unattended %s --answers FILE", o.lesson);
	return lesson(&o);
}

const struct command cmd_train = {
	.name = "train",
	.summary = "training: broken disks made to order, the real wizard on them, a score and a debrief",
	.usage = usage,
	.run = run,
};
