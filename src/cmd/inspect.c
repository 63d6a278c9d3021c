#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "core/error.h"
#include "report/report.h"
#include "disk/candidates.h"
#include "snapshot/snapshot.h"

static const char usage[] =
	"usage: rescuewiz inspect [--json] [--disk DEV|IMAGE]\n"
	"       rescuewiz inspect [--json] [--windows DIR] [--boot DIR] [--bcd FILE] [--system FILE]\n"
	"\n"
	"Reports what is on the OS disk of a broken Windows VM: partitions, Gen1/Gen2, the BCD store and its\n"
	"boot entries, the SYSTEM hive's control sets, CrashControl and drive letters, free space, crash dumps\n"
	"and anything that forbids a repair. Never writes. With no target, lists the candidate disks.\n"
	"\n"
	"  --disk DEV|IMAGE  a disk device or a disk image file\n"
	"  --windows DIR     the Windows volume (C:), already mounted by the operator\n"
	"  --boot DIR        the volume holding the BCD store (EFI system partition or System Reserved)\n"
	"  --bcd FILE        a bare BCD hive file\n"
	"  --system FILE     a bare SYSTEM hive file\n"
	"  --json            machine-readable output (shape: rescuewiz(8), JSON OUTPUT)\n"
	"\n"
	"Exit status: 0 report complete, 2 usage, 3 target refused (no Windows, BitLocker, hibernated,\n"
	"damaged hive, no partition table).\n";

static int list_candidates(int json)
{
	struct candidate *c = NULL;
	size_t n = 0;
	struct rw_error e = {0};
	if (candidates_list("/sys", "/proc", &c, &n, &e) != 0)
		return command_fail(e.exit_code, "%s", e.text);
	json_object *entries = json ? json_object_new_array() : NULL;
	if (!json && !n)
		printf("No candidate disks: every disk of this machine belongs to the rescue VM itself.\n"
		       "Attach the broken VM's OS disk, or give an image with --disk IMAGE.\n");
	else if (!json)
		printf("Candidate disks (the rescue VM's own disks are not listed):\n"
		       "  %-10s %9s  %-18s %s\n", "disk", "size", "model", "table");
	for (size_t i = 0; i < n; i++) {
		struct snapshot s;
		struct snapshot_request req = {.disk = c[i].path};
		char size[32];
		struct rw_error se = {0};
		int rc = snapshot_take(&s, &req, &se);
		char words[300];
		char model[4 * sizeof c[i].model], found[4 * sizeof words];
		if (json)
			json_object_array_add(entries, report_candidate_json(&c[i], rc == 0 ? &s : NULL, se.text));
		else
			printf("  %-10s %9s  %-18.18s %s\n  %10s %s\n", c[i].path, report_size(c[i].size, size, sizeof size),
			       command_text(c[i].model, model, sizeof model),
			       rc != 0 ? "-" : !strcmp(s.disk.pttype, "gpt") ? "GPT" : "MBR", "",
			       command_text(rc != 0 ? se.text : report_found(&s, words, sizeof words), found, sizeof found));
		if (rc == 0)
			snapshot_free(&s);
	}
	free(c);
	if (json && report_candidates_json(stdout, entries) != 0)
		return command_fail(RW_EXIT_USAGE, "inspect: could not write the list");
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"disk", required_argument, NULL, 'd'},   {"windows", required_argument, NULL, 'w'},
		{"boot", required_argument, NULL, 'b'},   {"bcd", required_argument, NULL, 'B'},
		{"system", required_argument, NULL, 'S'}, {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},         {0},
	};
	struct snapshot_request req = {0};
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': req.disk = optarg; break;
		case 'w': req.windows_dir = optarg; break;
		case 'b': req.boot_dir = optarg; break;
		case 'B': req.bcd_file = optarg; break;
		case 'S': req.system_file = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return RW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return command_fail(RW_EXIT_USAGE, "inspect: unexpected argument '%s' (see rescuewiz inspect --help)",
				    argv[optind]);
	if (!req.disk && !req.windows_dir && !req.boot_dir && !req.bcd_file && !req.system_file)
		return list_candidates(json);

	struct snapshot s;
	struct rw_error e = {0};
	if (snapshot_take(&s, &req, &e) != 0) {
		snapshot_free(&s);
		return command_fail(e.exit_code, "%s", e.text);
	}
	int rc = json ? report_json(stdout, &s) : report_text(stdout, &s);
	int exit_code = rc != 0 ? command_fail(RW_EXIT_USAGE, "inspect: could not write the report")
			: snapshot_refused(&s) ? RW_EXIT_REFUSED
					       : RW_EXIT_OK;
	if (exit_code == RW_EXIT_REFUSED)
		for (size_t i = 0; i < s.nproblems; i++)
			if (s.problems[i].severity == PROBLEM_REFUSE)
				fprintf(stderr, "rescuewiz: refused: %s\n", s.problems[i].text);
	snapshot_free(&s);
	return exit_code;
}

const struct command cmd_inspect = {
	.name = "inspect",
	.summary = "read-only report of an attached Windows OS disk",
	.usage = usage,
	.run = run,
};
