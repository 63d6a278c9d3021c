#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "catalog/vm_sizes.h"
#include "train/scenario.h"
#include "triage/catalog.h"
#include "wizard/wizard.h"
#include "wizard/yamldoc.h"

static const char usage[] = "usage: rescuewiz validate FILE...\n"
			    "\n"
			    "Checks wizard files and the data files of share/ (the stop-code catalog, whose top-level\n"
			    "key is stopcodes:, the Azure VM size table, azure-vm-sizes:, and training lessons, lesson:)\n"
			    "and reports every mistake as file:line:column: what is wrong.\n"
			    "Exit status: 0 all valid, 2 a file is invalid.\n";

/* The data files of share/ are told apart by their top-level key; anything else (a file that does not
 * parse too: the wizard loader says where) is a wizard. */
static bool has_top_key(const char *file, const char *key)
{
	struct yamldoc y;
	struct rw_error e = {0};
	bool has = yamldoc_load(&y, file, &e) == 0 && yamldoc_get(&y, yamldoc_root(&y), key);
	yamldoc_free(&y);
	return has;
}

static int validate_catalog(const char *file, char *ok, size_t len, struct rw_error *e)
{
	struct stopcode_catalog c;
	if (catalog_load(file, &c, e) != 0)
		return -1;
	snprintf(ok, len, "stop-code catalog, %zu codes, %zu statuses", c.n, c.nstatuses);
	catalog_free(&c);
	return 0;
}

static int validate_sizes(const char *file, char *ok, size_t len, struct rw_error *e)
{
	snprintf(ok, len, "Azure VM size table");
	return vm_sizes_validate(file, e);
}

static int validate_lesson(const char *file, char *ok, size_t len, struct rw_error *e)
{
	struct scenario s;
	if (scenario_load(file, &s, e) != 0)
		return -1;
	snprintf(ok, len, "lesson %s, %zu checks, %zu hints%s", s.name, s.nchecks, s.nhints, s.waiting ? ", waiting" : "");
	scenario_free(&s);
	return 0;
}

static int validate_wizard(const char *file, char *ok, size_t len, struct rw_error *e)
{
	struct wizard w;
	if (wizard_load(file, &w, e) != 0)
		return -1;
	snprintf(ok, len, "wizard %s, %zu steps", w.name, w.nsteps);
	wizard_free(&w);
	return 0;
}

static const struct file_kind {
	const char *top_key; /* NULL: any other file */
	int (*validate)(const char *file, char *ok, size_t len, struct rw_error *e);
} kinds[] = {
	{CATALOG_TOP_KEY, validate_catalog},
	{"azure-vm-sizes", validate_sizes},
	{SCENARIO_TOP_KEY, validate_lesson},
	{NULL, validate_wizard},
};

static int validate(const char *file)
{
	const struct file_kind *k = kinds;
	while (k->top_key && !has_top_key(file, k->top_key))
		k++;
	char ok[160];
	struct rw_error e = {0};
	if (k->validate(file, ok, sizeof ok, &e) != 0) {
		fprintf(stderr, "%s\n", e.text);
		return RW_EXIT_USAGE;
	}
	printf("%s: ok (%s)\n", file, ok);
	return RW_EXIT_OK;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return fputs(usage, stdout), RW_EXIT_OK;
	int rc = RW_EXIT_OK;
	for (int i = 1; i < argc; i++)
		if (validate(argv[i]) != RW_EXIT_OK)
			rc = RW_EXIT_USAGE;
	return rc;
}

const struct command cmd_validate = {
	.name = "validate",
	.summary = "check wizard files and the data files of share/ (file:line:column: what is wrong)",
	.usage = usage,
	.run = run,
};
