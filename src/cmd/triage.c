#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/command.h"
#include "triage/triage.h"

static const char usage[] =
	"usage: rescuewiz triage [--json] --disk DEV|IMAGE\n"
	"       rescuewiz triage [--json] --windows DIR\n"
	"       rescuewiz triage [--json] FILE.DMP\n"
	"\n"
	"Looks at the crash dumps of a Windows OS disk: Windows\\MEMORY.DMP, Windows\\Minidump\\*.dmp, and a dump\n"
	"left at the start of pagefile.sys or of the DedicatedDumpFile (a VM that never booted again has no\n"
	"MEMORY.DMP). For each: complete or not and why, 32/64-bit, type, build, CPUs, crash time and uptime,\n"
	"RAM, the stop code with its name and parameters explained, the driver a minidump names, the first\n"
	"steps and the wizard that fits. Reads only the headers and a minidump's driver list; never writes.\n"
	"\n"
	"  --disk DEV|IMAGE  a disk device or a disk image file\n"
	"  --windows DIR     the Windows volume (C:), already mounted by the operator\n"
	"  FILE.DMP          one dump file (or a copy of a page file)\n"
	"  --json            machine-readable output (shape: rescuewiz(8), TRIAGE)\n"
	"\n"
	"Exit status: 0 report complete (whatever the dumps are), 2 usage, 3 no Windows volume could be read\n"
	"(no Windows, BitLocker, no partition table).\n";

static bool windows_read(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nvolumes; i++)
		if (s->volumes[i].holds_windows && s->volumes[i].mounted)
			return true;
	return false;
}

static int report(const struct triage *t, int json)
{
	int rc = json ? triage_json(stdout, t) : triage_text(stdout, t, 80);
	return rc != 0 ? command_fail(RW_EXIT_USAGE, "triage: could not write the report") : RW_EXIT_OK;
}

static int one_file(const char *path, int json)
{
	struct dump_file d;
	struct rw_error e = {0};
	if (triage_file(path, &d, &e) != 0)
		return command_fail(e.exit_code, "%s", e.text);
	struct triage t = {.dumps = &d, .ndumps = 1, .catalog = catalog_default(), .target = path};
	return report(&t, json);
}

static int disk(const struct snapshot_request *req, int json)
{
	struct snapshot s;
	struct rw_error e = {0};
	if (snapshot_take(&s, req, &e) != 0) {
		snapshot_free(&s);
		return command_fail(e.exit_code, "%s", e.text);
	}
	char options[4200];
	snprintf(options, sizeof options, req->disk ? "--disk %s" : "--windows %s --boot DIR",
		 req->disk ? req->disk : req->windows_dir);
	struct triage t = {.snapshot = &s, .dumps = s.dumps, .ndumps = s.ndumps, .catalog = catalog_default(),
			   .target = req->disk ? req->disk : req->windows_dir, .target_options = options};
	int code = report(&t, json);
	if (code == RW_EXIT_OK && !windows_read(&s)) {
		code = RW_EXIT_REFUSED;
		for (size_t i = 0; i < s.nproblems; i++)
			if (s.problems[i].severity == PROBLEM_REFUSE)
				fprintf(stderr, "rescuewiz: no dumps read: %s\n", s.problems[i].text);
	}
	snapshot_free(&s);
	return code;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"disk", required_argument, NULL, 'd'}, {"windows", required_argument, NULL, 'w'},
		{"json", no_argument, NULL, 'j'},       {"help", no_argument, NULL, 'h'},
		{0},
	};
	struct snapshot_request req = {0};
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': req.disk = optarg; break;
		case 'w': req.windows_dir = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage, stdout); return RW_EXIT_OK;
		default: fputs(usage, stderr); return RW_EXIT_USAGE;
		}
	}
	int targets = (req.disk != NULL) + (req.windows_dir != NULL) + (argc - optind);
	if (targets != 1)
		return command_fail(RW_EXIT_USAGE, "triage: give one of --disk DEV, --windows DIR or a dump file (see "
				    "rescuewiz triage --help)");
	return optind < argc ? one_file(argv[optind], json) : disk(&req, json);
}

const struct command cmd_triage = {
	.name = "triage",
	.summary = "read-only look at the crash dumps of a disk, or of one dump file",
	.usage = usage,
	.run = run,
};
