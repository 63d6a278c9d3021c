#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cmd/command.h"
#include "cmd/target_options.h"
#include "plan/plan.h"
#include "repair/repair.h"
#include "wizard/discover.h"

static const char usage[] =
	"usage: rescuewiz run WIZARD (--disk DEV|IMAGE | --windows DIR --boot DIR)\n"
	"                     [--answers FILE] [--defaults] [--dry-run] [--json] [--runbook DIR]\n"
	"                     [--ignore-bad-logs] [--wizards DIR]\n"
	"\n"
	"Runs a wizard unattended: each step's answer comes from the answers file (answers: {step: answer}),\n"
	"or with --defaults from the step's recommendation. Prints the plan (before -> after, and the Windows\n"
	"command for each edit), then backs up, writes and verifies, unless --dry-run. Every run leaves a\n"
	"runbook folder (runbook.md, runbook.json, answers.yaml, commands.txt, backup/).\n"
	"A dirty hive is edited on top of its replayed transaction logs; when they can not be replayed the run\n"
	"is refused, unless --ignore-bad-logs (the logs' changes are then lost; the runbook says so).\n"
	"--json prints only the outcome, as one JSON object of the shape of runbook.json (rescuewiz(8)).\n"
	"\n" TARGET_OPTIONS_USAGE "\n"
	"WIZARD is a name (nmi-crash-dump, serial-console, ...) or a path to a wizard file.\n"
	"Exit status: 0 done, 1 nothing to do, 2 wizard/answers error, 3 target refused, 4 rolled back.\n";

/* The plan as it will be written; the old values come from the disk and are printed printable. */
static void print_plan(void *ctx, const struct plan *p)
{
	(void)ctx;
	printf("Plan: %zu edits, %zu change something\n", p->n, p->changes);
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_edit *ed = &p->edits[i];
		char what[4 * sizeof ed->what], before[4 * sizeof ed->before], after[4 * sizeof ed->after],
			command[4 * sizeof ed->command];
		printf("  %s\n    %s -> %s%s\n", command_text(ed->what, what, sizeof what),
		       command_text(ed->before, before, sizeof before), command_text(ed->after, after, sizeof after),
		       ed->no_change ? "  (no change)" : "");
		if (!ed->no_change)
			printf("    %s\n", command_text(ed->command, command, sizeof command));
	}
}

/* Unattended, the progress of apply is a line per action, so a log shows where a failure happened. */
static void print_progress(void *ctx, const char *what, unsigned done, unsigned total)
{
	(void)ctx;
	char shown[1200];
	printf("  [%u of %u done] %s\n", done, total, command_text(what, shown, sizeof shown));
	fflush(stdout);
}

struct options {
	struct target_options t;
	const char *answers;
	int defaults, dry_run, json;
};

static int parse(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		TARGET_OPTIONS,
		{"answers", required_argument, NULL, 'a'}, {"defaults", no_argument, NULL, 'D'},
		{"dry-run", no_argument, NULL, 'n'},       {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},          {0},
	};
	int c;
	struct rw_error e = {0};
	while ((c = getopt_long(argc, argv, "hn", opts, NULL)) != -1) {
		if (target_option(c, optarg, &o->t))
			continue;
		switch (c) {
		case 'a': o->answers = optarg; break;
		case 'D': o->defaults = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'j': o->json = 1; break;
		case 'h': fputs(usage, stdout); return -2;
		default: fputs(usage, stderr); return -1;
		}
	}
	if (optind + 1 != argc)
		return fputs(usage, stderr), -1;
	if (repair_check_target(&o->t.req, true, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text), -1;
	if (!o->answers && !o->defaults)
		return command_fail(RW_EXIT_USAGE, "run needs --answers FILE, --defaults, or both"), -1;
	return optind;
}

static int run(int argc, char **argv)
{
	struct options o = {0};
	int at = parse(argc, argv, &o);
	if (at < 0)
		return at == -2 ? RW_EXIT_OK : RW_EXIT_USAGE;
	struct wizard_folders folders;
	char path[4096];
	struct wizard w;
	struct rw_error e = {0};
	wizard_folders_find(o.t.wizards, &folders);
	if (wizard_locate(&folders, argv[at], path, sizeof path, &e) != 0 || wizard_load(path, &w, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	struct batch b = {.use_defaults = o.defaults};
	if (batch_load(&b, o.answers, &w, &e) != 0) {
		batch_free(&b);
		wizard_free(&w);
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	}
	struct frontend fe;
	batch_frontend(&b, &fe);
	if (!o.json) {
		fe.planned = print_plan;
		fe.progress = print_progress;
	}
	struct repair_request rq = {.wizard = &w, .target = o.t.req, .runbook_dir = o.t.runbook, .frontend = &fe,
				    .dry_run = o.dry_run};
	struct repair_outcome out;
	char shown[4 * PATH_MAX];
	int code = repair_run(&rq, &out);
	if (o.json && out.json)
		printf("%s\n", out.json);
	else if (!o.json)
		printf("%s. Runbook: %s\n", out.result,
		       *out.runbook ? command_text(out.runbook, shown, sizeof shown) : "(none)");
	if (*out.message)
		command_fail(code, "%s", out.message);
	repair_outcome_free(&out);
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
