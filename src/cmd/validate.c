#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "wizard/wizard.h"

static const char usage[] = "usage: rescuewiz validate FILE...\n"
			    "\n"
			    "Checks wizard files and reports every mistake as file:line:column: what is wrong.\n"
			    "Exit status: 0 all valid, 2 a file is invalid.\n";

static int run(int argc, char **argv)
{
	if (argc < 2)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return fputs(usage, stdout), RW_EXIT_OK;
	int rc = RW_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		struct wizard w;
		struct rw_error e = {0};
		if (wizard_load(argv[i], &w, &e) != 0) {
			fprintf(stderr, "%s\n", e.text);
			rc = RW_EXIT_USAGE;
			continue;
		}
		printf("%s: ok (wizard %s, %zu steps)\n", argv[i], w.name, w.nsteps);
		wizard_free(&w);
	}
	return rc;
}

const struct command cmd_validate = {
	.name = "validate",
	.summary = "check wizard files (file:line:column: what is wrong)",
	.usage = usage,
	.run = run,
};
