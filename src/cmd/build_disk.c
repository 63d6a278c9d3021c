#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "diskgen/diskgen.h"
#include "diskgen/variants.h"
#include "train/lessons.h"
#include "train/scenario.h"

static const char usage[] =
	"usage: rescuewiz build-disk (LESSON | --variant NAME) IMAGE [--hives DIR] [--expect FILE]\n"
	"       rescuewiz build-disk --list\n"
	"\n"
	"Writes a sparse image file that looks like the OS disk of a broken Windows VM: the disk of a training\n"
	"lesson (a name from rescuewiz train, or a lesson file), or one of the named disks of the tests and\n"
	"make demo (--list shows them). --hives DIR keeps the hives as they were written; --expect FILE writes\n"
	"what the disk holds as shell variables (GENERATION=2, P4_START=...). IMAGE must not be a device.\n"
	"Needs root: the volumes are formatted and filled through loop devices.\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {{"variant", required_argument, NULL, 'v'},
					     {"list", no_argument, NULL, 'l'},
					     {"hives", required_argument, NULL, 'H'},
					     {"expect", required_argument, NULL, 'e'},
					     {"help", no_argument, NULL, 'h'}, {0}};
	struct disk_desc d = {0};
	const char *hives = NULL, *expect = NULL, *variant = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'v': variant = optarg; break;
		case 'l': return disk_variants_list(stdout), RW_EXIT_OK;
		case 'H': hives = optarg; break;
		case 'e': expect = optarg; break;
		case 'h': return fputs(usage, stdout), RW_EXIT_OK;
		default: return fputs(usage, stderr), RW_EXIT_USAGE;
		}
	}
	if (variant && disk_variant(variant, &d) != 0)
		return command_fail(RW_EXIT_USAGE, "there is no test disk named '%.40s' (rescuewiz build-disk --list)",
				    variant);
	if (optind + (variant ? 1 : 2) != argc)
		return disk_desc_free(&d), fputs(usage, stderr), RW_EXIT_USAGE;
	struct rw_error e = {0};
	struct scenario s = {0};
	if (!variant) {
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
	if (variant)
		disk_desc_free(&d);
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
