#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "cmd/command.h"
#include "engine/engine.h"
#include "runbook/runbook.h"
#include "tui/tui.h"

static const char usage[] =
	"usage: rescuewiz [wizard [WIZARD] [--disk DEV|IMAGE | --windows DIR --boot DIR] [--runbook DIR]\n"
	"                 [--ignore-bad-logs]]\n"
	"\n"
	"Walks a wizard on screen: one screen per step, the review of every edit, and nothing written until\n"
	"you type apply. Without a disk or a wizard, the first screens ask for them (the disk among those\n"
	"attached, never the rescue VM's own; the wizard by the symptom the VM shows).\n"
	"Keys: arrows to move, Enter to choose, Esc back, F1 or ? help, q quit.\n"
	"A dirty hive whose transaction logs can not be replayed is refused, unless --ignore-bad-logs (the logs'\n"
	"changes are then lost; the runbook says so).\n";

static int refused_text(const struct snapshot *s, char *out, size_t len)
{
	snprintf(out, len, "This disk can not be repaired as it is. Nothing was written.\n\n");
	for (size_t i = 0; i < s->nproblems; i++)
		if (s->problems[i].severity == PROBLEM_REFUSE)
			snprintf(out + strlen(out), len - strlen(out), "%s\n\n", s->problems[i].text);
	return RW_EXIT_REFUSED;
}

/* After the operator typed apply: write, and say what happened. */
static int apply_on_screen(struct run *r, struct runbook_outcome *out, struct apply_result *ar,
			   struct rw_error *e, char *text, size_t len)
{
	out->apply = ar;
	struct apply_progress progress = {r->frontend->progress, r->frontend->ctx};
	if (apply_plan(r->snapshot, r->plan, &progress, ar, e) != 0) {
		out->result = e->exit_code == RW_EXIT_REFUSED ? "refused: nothing written" : "failed and rolled back";
		snprintf(text, len, "%s.\n\n%s\n\n%s", out->result, e->text,
			 ar->rolled_back ? (ar->restore_verified ? "The backups are back in place (sha256 checked): "
								   "nothing was lost."
								 : "THE RESTORE FAILED: put the files of backup/ back by hand.")
					 : "");
		return e->exit_code;
	}
	out->result = "applied and verified";
	snprintf(text, len, "Applied and verified: %u edits were read back from the disk.\n\n%s%s%s",
		 ar->edits_verified, ar->journal, r->wizard->next ? "\nNext: " : "",
		 r->wizard->next ? r->wizard->next : "");
	return RW_EXIT_OK;
}

static int walk(struct run *r, struct runbook_outcome *out, struct apply_result *ar,
		struct rw_error *e, char *text, size_t len)
{
	if (snapshot_refused(r->snapshot)) {
		out->result = "refused";
		return refused_text(r->snapshot, text, len);
	}
	/* what apply would refuse is said before the first question, not after the last */
	if (apply_refusal(r->snapshot, NULL, e) != 0) {
		out->result = "refused: nothing written";
		snprintf(text, len, "This disk can not be repaired as it is.\n\n%s", e->text);
		return e->exit_code;
	}
	int reply = engine_run(r, e);
	if (reply == FE_QUIT) {
		out->result = "cancelled: nothing written";
		snprintf(text, len, "Quit: nothing was written to the disk.");
		return RW_EXIT_CANCELLED;
	}
	if (reply != FE_OK) {
		out->result = "stopped";
		snprintf(text, len, "%s\n\nNothing was written.", e->text);
		return e->exit_code ? e->exit_code : RW_EXIT_USAGE;
	}
	if (r->plan->changes == 0) {
		out->result = "nothing to do: every edit is already in place";
		snprintf(text, len, "Every edit is already in place: nothing was written.");
		return RW_EXIT_CANCELLED;
	}
	return apply_on_screen(r, out, ar, e, text, len);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"disk", required_argument, NULL, 'd'}, {"windows", required_argument, NULL, 'w'},
		{"boot", required_argument, NULL, 'b'}, {"runbook", required_argument, NULL, 'r'},
		{"ignore-bad-logs", no_argument, NULL, 'I'}, {"help", no_argument, NULL, 'h'}, {0},
	};
	struct snapshot_request req = {0};
	const char *runbook_dir = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': req.disk = optarg; break;
		case 'w': req.windows_dir = optarg; break;
		case 'b': req.boot_dir = optarg; break;
		case 'r': runbook_dir = optarg; break;
		case 'I': req.ignore_bad_logs = true; break;
		case 'h': fputs(usage, stdout); return RW_EXIT_OK;
		default: fputs(usage, stderr); return RW_EXIT_USAGE;
		}
	}
	if (optind + 1 < argc || (req.windows_dir && !req.boot_dir))
		return fputs(usage, stderr), RW_EXIT_USAGE;
	char path[4096], text[4096], disk[4096] = "";
	struct wizard w;
	struct rw_error e = {0};
	struct runbook rb;
	struct tui t = {0};
	if (req.disk || req.windows_dir)
		snprintf(disk, sizeof disk, "%s", req.disk ? req.disk : req.windows_dir);
	/* no wizard or no disk named: the start screens ask for them */
	path[0] = '\0';
	if (optind < argc && wizard_find(argv[optind], path, sizeof path) != 0)
		return command_fail(RW_EXIT_USAGE, "no wizard '%s'", argv[optind]);
	if (!*path || !*disk) {
		if (tui_start_screens(&t, disk, sizeof disk, path, sizeof path) != FE_OK) {
			tui_end(&t);
			printf("Quit: nothing was written.\n");
			return RW_EXIT_CANCELLED;
		}
		if (!req.windows_dir)
			req.disk = disk;
	}
	if (wizard_load(path, &w, &e) != 0 || runbook_create(&rb, runbook_dir, w.name, &e) != 0) {
		tui_end(&t);
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	}
	req.copy_hives_to = rb.backup;
	if (!t.started)
		printf("Reading %s ...\n", req.disk ? req.disk : req.windows_dir);
	else
		tui_message_nowait(&t, "rescuewiz", "Reading the disk and backing up its hives into the runbook folder...");
	struct snapshot s;
	t.wizard = &w;
	struct frontend fe;
	tui_frontend(&t, &fe);
	struct run r = {.wizard = &w, .snapshot = &s, .frontend = &fe};
	struct runbook_outcome out = {.result = "", .message = ""};
	struct apply_result ar;
	int code;
	if (snapshot_take(&s, &req, &e) != 0) {
		out.result = "refused";
		snprintf(text, sizeof text, "%s\n\nNothing was written.", e.text);
		code = e.exit_code;
	} else {
		code = walk(&r, &out, &ar, &e, text, sizeof text);
	}
	out.message = code != RW_EXIT_OK && code != RW_EXIT_CANCELLED ? e.text : "";
	struct rw_error re = {0};
	if (runbook_write(&rb, &r, &out, &re) != 0)
		snprintf(text + strlen(text), sizeof text - strlen(text), "\n\nThe runbook could not be written: %s",
			 re.text);
	else
		snprintf(text + strlen(text), sizeof text - strlen(text), "\n\nRunbook: %s", rb.dir);
	tui_message(&t, code == RW_EXIT_OK ? "Done" : "rescuewiz", text);
	tui_end(&t);
	printf("%s. Runbook: %s\n", out.result, rb.dir);
	run_free(&r);
	snapshot_free(&s);
	wizard_free(&w);
	return code;
}

const struct command cmd_wizard = {
	.name = "wizard",
	.summary = "walk a wizard on screen (ncurses)",
	.usage = usage,
	.run = run,
};
