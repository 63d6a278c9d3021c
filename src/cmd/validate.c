#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "triage/catalog.h"
#include "wizard/wizard.h"
#include "wizard/yamldoc.h"

static const char usage[] = "usage: rescuewiz validate FILE...\n"
			    "\n"
			    "Checks wizard files and the stop-code catalog (a file whose first key is stopcodes:, as\n"
			    "share/stopcodes.yaml) and reports every mistake as file:line:column: what is wrong.\n"
			    "Exit status: 0 all valid, 2 a file is invalid.\n";

/* The catalog is told from a wizard by its top-level key; a file that does not parse is a wizard's
 * problem to report. */
static bool is_catalog(const char *file)
{
	struct yamldoc y;
	struct rw_error e = {0};
	bool catalog = yamldoc_load(&y, file, &e) == 0 && yamldoc_get(&y, yamldoc_root(&y), CATALOG_TOP_KEY);
	yamldoc_free(&y);
	return catalog;
}

static int validate_catalog(const char *file)
{
	struct stopcode_catalog c;
	struct rw_error e = {0};
	if (catalog_load(file, &c, &e) != 0) {
		fprintf(stderr, "%s\n", e.text);
		return RW_EXIT_USAGE;
	}
	printf("%s: ok (stop-code catalog, %zu codes, %zu statuses)\n", file, c.n, c.nstatuses);
	catalog_free(&c);
	return RW_EXIT_OK;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return fputs(usage, stdout), RW_EXIT_OK;
	int rc = RW_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (is_catalog(argv[i])) {
			if (validate_catalog(argv[i]) != RW_EXIT_OK)
				rc = RW_EXIT_USAGE;
			continue;
		}
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
	.summary = "check wizard files and the stop-code catalog (file:line:column: what is wrong)",
	.usage = usage,
	.run = run,
};
