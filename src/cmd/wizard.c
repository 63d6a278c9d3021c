#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/target_options.h"
#include "repair/repair.h"
#include "tui/tui.h"
#include "wizard/discover.h"

static const char usage[] =
	"usage: rescuewiz [wizard [WIZARD] [--disk DEV|IMAGE | --windows DIR --boot DIR] [--runbook DIR]\n"
	"                 [--ignore-bad-logs] [--wizards DIR]]\n"
	"\n"
	"Walks a wizard on screen: one screen per step, the review of every edit, and nothing written until\n"
	"you type apply. Without a disk or a wizard, the first screens ask for them (the disk among those\n"
	"attached, never the rescue VM's own; the wizard by the symptom the VM shows).\n"
	"Keys: arrows to move, Enter to choose, Esc back, F1 or ? help, q quit.\n"
	"A dirty hive whose transaction logs can not be replayed is refused, unless --ignore-bad-logs (the logs'\n"
	"changes are then lost; the runbook says so).\n";

/* The result screen: what happened, and what to do next. */
static void result_text(const struct wizard *w, const struct repair_outcome *out, char *text, size_t len)
{
	const struct apply_result *ar = &out->apply;
	if (out->code == RW_EXIT_OK && out->applied)
		snprintf(text, len, "Applied and verified: %u edits were read back from the disk.\n\n%s%s%s",
			 ar->edits_verified, ar->journal, w->next ? "\nNext: " : "", w->next ? w->next : "");
	else if (out->applied)
		snprintf(text, len, "%s.\n\n%s\n\n%s", out->result, out->message,
			 ar->rolled_back ? (ar->restore_verified ? "The backups are back in place (sha256 checked): "
								   "nothing was lost."
								 : "THE RESTORE FAILED: put the files of backup/ back by hand.")
					 : "");
	else if (!strncmp(out->result, "refused", 7))
		snprintf(text, len, "This disk can not be repaired as it is. Nothing was written.\n\n%s\n\n", out->message);
	else if (out->code == RW_EXIT_CANCELLED && !strncmp(out->result, "nothing to do", 13))
		snprintf(text, len, "Every edit is already in place: nothing was written.");
	else if (out->code == RW_EXIT_CANCELLED)
		snprintf(text, len, "Quit: nothing was written to the disk.");
	else
		snprintf(text, len, "%s\n\nNothing was written.", out->message);
	if (*out->runbook)
		snprintf(text + strlen(text), len - strlen(text), "\n\nRunbook: %s", out->runbook);
}

static void reading(void *ctx, const char *what)
{
	struct tui *t = ctx;
	(void)what;
	tui_message_nowait(t, "rescuewiz", "Reading the disk and backing up its hives into the runbook folder...");
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {TARGET_OPTIONS, {"help", no_argument, NULL, 'h'}, {0}};
	struct target_options o = {0};
	struct rw_error e = {0};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (target_option(c, optarg, &o))
			continue;
		if (c == 'h')
			return fputs(usage, stdout), RW_EXIT_OK;
		return fputs(usage, stderr), RW_EXIT_USAGE;
	}
	if (optind + 1 < argc)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	if (repair_check_target(&o.req, false, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	struct wizard_folders folders;
	wizard_folders_find(o.wizards, &folders);
	char path[4096] = "", text[4096], disk[4096] = "";
	struct wizard w;
	struct tui t = {0};
	if (o.req.disk || o.req.windows_dir)
		snprintf(disk, sizeof disk, "%s", o.req.disk ? o.req.disk : o.req.windows_dir);
	if (optind < argc && wizard_locate(&folders, argv[optind], path, sizeof path, &e) != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	/* no wizard or no disk named: the start screens ask for them */
	if (!*path || !*disk) {
		int reply = tui_start_screens(&t, &folders, disk, sizeof disk, path, sizeof path, &e);
		if (reply != FE_OK) {
			tui_end(&t);
			if (reply == FE_FAIL)
				return command_fail(RW_EXIT_USAGE, "%s", e.text);
			printf("Quit: nothing was written.\n");
			return RW_EXIT_CANCELLED;
		}
		if (!o.req.windows_dir)
			o.req.disk = disk;
	}
	if (wizard_load(path, &w, &e) != 0) {
		tui_end(&t);
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	}
	char shown[4 * sizeof disk];
	if (!t.started)
		printf("Reading %s ...\n", command_text(o.req.disk ? o.req.disk : o.req.windows_dir, shown, sizeof shown));
	t.wizard = &w;
	struct frontend fe;
	tui_frontend(&t, &fe);
	fe.reading = reading;
	struct repair_request rq = {.wizard = &w, .target = o.req, .runbook_dir = o.runbook, .frontend = &fe};
	struct repair_outcome out;
	int code = repair_run(&rq, &out);
	result_text(&w, &out, text, sizeof text);
	tui_message(&t, code == RW_EXIT_OK ? "Done" : "rescuewiz", text);
	tui_end(&t);
	printf("%s. Runbook: %s\n", out.result, command_text(out.runbook, shown, sizeof shown));
	repair_outcome_free(&out);
	wizard_free(&w);
	return code;
}

const struct command cmd_wizard = {
	.name = "wizard",
	.summary = "walk a wizard on screen (ncurses)",
	.usage = usage,
	.run = run,
};
