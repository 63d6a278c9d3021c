#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "diskgen/diskgen.h"
#include "train/lessons.h"
#include "train/scenario.h"

static const char usage[] =
	"usage: rescuewiz build-disk (LESSON | --generation 1|2) IMAGE [--hives DIR] [--expect FILE]\n"
	"\n"
	"Writes a sparse image file that looks like the OS disk of a broken Windows VM: the disk of a training\n"
	"lesson (a name from rescuewiz train, or a lesson file), or a plain Gen1 or Gen2 disk (make demo).\n"
	"--hives DIR keeps the hives as they were written; --expect FILE writes what the disk holds as shell\n"
	"variables (GENERATION=2, P4_START=...). IMAGE must not be a device. Needs root: the volumes\n"
	"are formatted and filled through loop devices.\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {{"generation", required_argument, NULL, 'g'},
					     {"hives", required_argument, NULL, 'H'},
					     {"expect", required_argument, NULL, 'e'},
					     {"help", no_argument, NULL, 'h'}, {0}};
	struct disk_desc d = {0};
	const char *hives = NULL, *expect = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (strcmp(optarg, "1") && strcmp(optarg, "2"))
				return command_fail(RW_EXIT_USAGE, "--generation is 1 or 2, not '%.20s'", optarg);
			d.generation = atoi(optarg);
			break;
		case 'H': hives = optarg; break;
		case 'e': expect = optarg; break;
		case 'h': return fputs(usage, stdout), RW_EXIT_OK;
		default: return fputs(usage, stderr), RW_EXIT_USAGE;
		}
	}
	if (optind + (d.generation ? 1 : 2) != argc)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	struct rw_error e = {0};
	struct scenario s = {0};
	if (!d.generation) {
		char path[4096];
		if (lesson_locate(argv[optind], path, sizeof path, &e) != 0 || scenario_load(path, &s, &e) != 0)
			return command_fail(RW_EXIT_USAGE, "%s", e.text);
		d = s.disk;
		optind++;
	}
	const char *image = argv[optind];
	int rc = lesson_image_ok(image, &e) == 0 ? diskgen_build(&d, image, hives, &e) : -1;
	FILE *f = rc == 0 && expect ? fopen(expect, "w") : NULL;
	if (f) {
		diskgen_expect(&d, f);
		rc = fclose(f) == 0 ? 0 : rw_fail(&e, RW_EXIT_USAGE, "%s: can not write it", expect);
	} else if (rc == 0 && expect)
		rc = rw_fail(&e, RW_EXIT_USAGE, "%s: can not write it", expect);
	scenario_free(&s);
	if (rc != 0)
		return command_fail(RW_EXIT_USAGE, "%s", e.text);
	printf("%s: written\n", image);
	return RW_EXIT_OK;
}

const struct command cmd_build_disk = {
	.name = "build-disk",
	.summary = NULL, /* plumbing of make demo and the tests: not listed */
	.usage = usage,
	.run = run,
};
