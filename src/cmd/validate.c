#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "catalog/vm_sizes.h"
#include "wizard/wizard.h"

static const char usage[] = "usage: rescuewiz validate FILE...\n"
			    "\n"
			    "Checks wizard files (and the data files of share/) and reports every mistake as\n"
			    "file:line:column: what is wrong.\n"
			    "Exit status: 0 all valid, 2 a file is invalid.\n";

/* The data files of share/ are told apart by their first key; anything else is a wizard. */
static bool is_size_table(const char *file)
{
	char line[256];
	FILE *f = fopen(file, "r");
	bool table = false;
	while (f && !table && fgets(line, sizeof line, f))
		if (line[0] != '#' && line[0] != '\n') {
			table = !strncmp(line, "azure-vm-sizes:", 15);
			break;
		}
	if (f)
		fclose(f);
	return table;
}

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
		if (is_size_table(argv[i])) {
			if (vm_sizes_validate(argv[i], &e) != 0) {
				fprintf(stderr, "%s\n", e.text);
				rc = RW_EXIT_USAGE;
			} else {
				printf("%s: ok (Azure VM size table)\n", argv[i]);
			}
			continue;
		}
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
