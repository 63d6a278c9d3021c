#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply/apply.h"
#include "cmd/command.h"
#include "batch/batch.h"
#include "engine/engine.h"
#include "plan/plan.h"
#include "runbook/runbook.h"

static const char usage[] =
	"usage: rescuewiz run WIZARD (--disk DEV|IMAGE | --windows DIR --boot DIR)\n"
	"                     [--answers FILE] [--defaults] [--dry-run] [--runbook DIR] [--ignore-bad-logs]\n"
	"\n"
	"Runs a wizard unattended: each step's answer comes from the answers file (answers: {step: answer}),\n"
	"or with --defaults from the step's recommendation. Prints the plan (before -> after, and the Windows\n"
	"command for each edit), then backs up, writes and verifies, unless --dry-run. Every run leaves a\n"
	"runbook folder (runbook.md, runbook.json, answers.yaml, commands.txt, backup/).\n"
	"A dirty hive is edited on top of its replayed transaction logs; when they can not be replayed the run\n"
	"is refused, unless --ignore-bad-logs (the logs' changes are then lost; the runbook says so).\n"
	"\n"
	"WIZARD is a name from wizards/ (nmi-crash-dump) or a path to a wizard file.\n"
	"Exit status: 0 done, 1 nothing to do, 2 wizard/answers error, 3 target refused, 4 rolled back.\n";

static void print_plan(const struct plan *p)
{
	printf("Plan: %zu edits, %zu change something\n", p->n, p->changes);
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_edit *ed = &p->edits[i];
		printf("  %s\n    %s -> %s%s\n", ed->what, ed->before, ed->after, ed->no_change ? "  (no change)" : "");
		if (!ed->no_change)
			printf("    %s\n", ed->command);
	}
}

struct options {
	struct snapshot_request req;
	const char *answers, *runbook;
	int defaults, dry_run;
};

/* Unattended, the progress of apply is a line per action, so a log shows where a failure happened. */
static void print_progress(void *ctx, const char *what, unsigned done, unsigned total)
{
	(void)ctx;
	printf("  [%u of %u done] %s\n", done, total, what);
	fflush(stdout);
}

static int parse(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{"disk", required_argument, NULL, 'd'},    {"windows", required_argument, NULL, 'w'},
		{"boot", required_argument, NULL, 'b'},    {"answers", required_argument, NULL, 'a'},
		{"runbook", required_argument, NULL, 'r'}, {"defaults", no_argument, NULL, 'D'},
		{"dry-run", no_argument, NULL, 'n'},       {"help", no_argument, NULL, 'h'},
		{"ignore-bad-logs", no_argument, NULL, 'I'},
		{0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "hn", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->req.disk = optarg; break;
		case 'w': o->req.windows_dir = optarg; break;
		case 'b': o->req.boot_dir = optarg; break;
		case 'a': o->answers = optarg; break;
		case 'r': o->runbook = optarg; break;
		case 'D': o->defaults = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'I': o->req.ignore_bad_logs = true; break;
		case 'h': fputs(usage, stdout); return -2;
		default: fputs(usage, stderr); return -1;
		}
	}
	if (optind + 1 != argc || (!o->req.disk && !o->req.windows_dir)) {
		fputs(usage, stderr);
		return -1;
	}
	if (!o->answers && !o->defaults) {
		fprintf(stderr, "rescuewiz: run needs --answers FILE, --defaults, or both\n");
		return -1;
	}
	return optind;
}

/* Runs the engine and, unless a dry run, applies; fills the outcome for the runbook. Returns the exit code. */
static int execute(struct run *r, const struct options *o, struct runbook_outcome *out, struct apply_result *ar,
		   struct rw_error *e)
{
	if (snapshot_refused(r->snapshot)) {
		for (size_t i = 0; i < r->snapshot->nproblems; i++)
			if (r->snapshot->problems[i].severity == PROBLEM_REFUSE)
				return out->result = "refused", rw_fail(e, RW_EXIT_REFUSED, "%s",
								       r->snapshot->problems[i].text),
				       RW_EXIT_REFUSED;
	}
	/* what apply would refuse stops the run before the answers, as on screen; a dry run still shows the plan */
	if (!o->dry_run && apply_refusal(r->snapshot, NULL, e) != 0)
		return out->result = "refused: nothing written", e->exit_code;
	int reply = engine_run(r, e);
	if (reply != FE_OK)
		return out->result = reply == FE_QUIT ? "cancelled" : "stopped", reply == FE_QUIT ? RW_EXIT_CANCELLED
												     : e->exit_code;
	print_plan(r->plan);
	if (o->dry_run)
		return out->result = "dry run: nothing written", RW_EXIT_OK;
	if (!answer_is_true(answers_get(&r->answers, r->wizard->steps[r->wizard->nsteps - 1].id, "confirmed")))
		return out->result = "cancelled: nothing written", RW_EXIT_CANCELLED;
	if (r->plan->changes == 0)
		return out->result = "nothing to do: every edit is already in place", RW_EXIT_CANCELLED;
	out->apply = ar;
	struct apply_progress progress = {print_progress, NULL};
	if (apply_plan(r->snapshot, r->plan, &progress, ar, e) != 0) {
		out->result = e->exit_code == RW_EXIT_REFUSED ? "refused: nothing written" : "failed and rolled back";
		return e->exit_code;
	}
	return out->result = "applied and verified", RW_EXIT_OK;
}

static int run(int argc, char **argv)
{
	struct options o = {0};
	int at = parse(argc, argv, &o);
	if (at < 0)
		return at == -2 ? RW_EXIT_OK : RW_EXIT_USAGE;
	char path[4096];
	struct wizard w;
	struct rw_error e = {0};
	if (wizard_find(argv[at], path, sizeof path) != 0)
		return command_fail(RW_EXIT_USAGE, "no wizard '%s' (looked in wizards/ and %s/wizards)", argv[at],
				    RESCUEWIZ_DATADIR);
	if (wizard_load(path, &w, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	struct batch b = {.use_defaults = o.defaults};
	struct runbook rb;
	if (batch_load(&b, o.answers, &w, &e) != 0 || runbook_create(&rb, o.runbook, w.name, &e) != 0) {
		batch_free(&b);
		wizard_free(&w);
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	}
	o.req.copy_hives_to = rb.backup;
	struct snapshot s;
	struct frontend fe;
	batch_frontend(&b, &fe);
	struct run r = {.wizard = &w, .snapshot = &s, .frontend = &fe};
	struct runbook_outcome out = {.result = "", .message = "", .dry_run = o.dry_run};
	struct apply_result ar;
	int code = snapshot_take(&s, &o.req, &e) == 0 ? execute(&r, &o, &out, &ar, &e) : (out.result = "refused", e.exit_code);
	out.message = code != RW_EXIT_OK && code != RW_EXIT_CANCELLED ? e.text : "";
	struct rw_error re = {0};
	if (runbook_write(&rb, &r, &out, &re) != 0)
		command_fail(code ? code : RW_EXIT_USAGE, "the runbook could not be written: %s", re.text);
	printf("%s. Runbook: %s\n", out.result, rb.dir);
	if (*out.message)
		command_fail(code, "%s", out.message);
	run_free(&r);
	snapshot_free(&s);
	batch_free(&b);
	wizard_free(&w);
	return code;
}

const struct command cmd_run = {
	.name = "run",
	.summary = "run a wizard unattended from an answers file (--dry-run shows the plan)",
	.usage = usage,
	.run = run,
};
