/* The options of every command that repairs (run, wizard, train), parsed once with one set of rules
 * (repair_check_target): --disk, --windows with --boot, --runbook, --ignore-bad-logs, --wizards. */
#ifndef RW_CMD_TARGET_OPTIONS_H
#define RW_CMD_TARGET_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

#include "snapshot/snapshot.h"

struct target_options {
	struct snapshot_request req;
	const char *runbook;
	const char *wizards; /* --wizards DIR */
};

#define TARGET_OPTIONS                                                                                           \
	{"disk", required_argument, NULL, 'd'}, {"windows", required_argument, NULL, 'w'},                       \
		{"boot", required_argument, NULL, 'b'}, {"runbook", required_argument, NULL, 'r'},               \
		{"ignore-bad-logs", no_argument, NULL, 'I'}, {"wizards", required_argument, NULL, 'W'}

#define TARGET_OPTIONS_USAGE                                                                                     \
	"  --disk DEV|IMAGE      the attached OS disk (or an image of it)\n"                                     \
	"  --windows DIR --boot DIR  volumes already mounted (e.g. after unlocking BitLocker)\n"                  \
	"  --runbook DIR         the runbook folder (default: a new one in the working directory)\n"             \
	"  --ignore-bad-logs     edit a dirty hive whose logs can not be replayed (their changes are lost)\n"    \
	"  --wizards DIR         look for wizards in DIR first\n"

/* true when c is one of TARGET_OPTIONS (and records it) */
bool target_option(int c, const char *arg, struct target_options *o);

#endif
