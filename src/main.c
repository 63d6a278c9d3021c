#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "core/cleanup.h"
#include "core/error.h"
#include "core/version.h"

static const struct command *const commands[] = {&cmd_inspect, &cmd_triage, &cmd_run, &cmd_rollback, &cmd_validate,
						  &cmd_wizard, &cmd_train, &cmd_build_disk};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void help(FILE *out)
{
	fprintf(out, "usage: rescuewiz COMMAND [OPTIONS]\n"
		     "\n"
		     "Repairs the offline OS disk of a broken Windows VM from a Linux rescue VM.\n"
		     "\n"
		     "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i]->summary) /* plumbing has none */
			fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\n"
		     "  rescuewiz COMMAND --help   options of one command\n"
		     "  rescuewiz --version\n"
		     "\n"
		     "See rescuewiz(8).\n");
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		help(stdout);
		return RW_EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("rescuewiz %s\n", RESCUEWIZ_VERSION);
		return RW_EXIT_OK;
	}
	/* rescuewiz alone (or with wizard options only) on a terminal is the wizard from its first screen */
	if (argc < 2 || argv[1][0] == '-') {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			help(stderr);
			return RW_EXIT_USAGE;
		}
		int rc = cmd_wizard.run(argc, argv);
		cleanup_run_all();
		return rc;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i]->name)) {
			int rc = commands[i]->run(argc - 1, argv + 1);
			cleanup_run_all();
			return rc;
		}
	return command_fail(RW_EXIT_USAGE, "unknown command '%s' (see rescuewiz --help)", argv[1]);
}
