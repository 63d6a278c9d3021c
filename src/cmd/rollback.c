#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "cmd/command.h"
#include "disk/disk.h"
#include "disk/volume.h"
#include "hive/regf.h"

static const char usage[] =
	"usage: rescuewiz rollback [--force] RUNBOOK\n"
	"\n"
	"Puts back the files a run changed, from RUNBOOK/backup/, after checking that they still hold what the\n"
	"run wrote (sha256; --force restores anyway) and that the backups are intact. Reads them back after.\n"
	"Exit status: 0 restored and verified, 2 usage, 3 refused (changed since, backup damaged), 4 failed.\n";

static const char *text_of(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

/* The volume a file lives on: a partition of the run's disk, or the operator's folder. */
static int open_home(json_object *rb, json_object *file, bool rw, struct disk *d, struct volume *v,
		     struct rw_error *e)
{
	json_object *num;
	int64_t partition = 0;
	/* a whole number as the run wrote it: json-c would turn a text, a fraction or NaN into some int */
	if (json_object_object_get_ex(file, "partition", &num) &&
	    (!json_object_is_type(num, json_type_int) || (partition = json_object_get_int64(num)) < 0 ||
	     partition > DISK_MAX_PARTITIONS))
		return rw_fail(e, RW_EXIT_REFUSED, "%s: partition must be a whole number from 0 to %d",
			       text_of(file, "path"), DISK_MAX_PARTITIONS);
	if (!partition) {
		const char *dir = text_of(rb, strcmp(text_of(file, "hive"), "BCD") ? "windows_dir" : "boot_dir");
		return volume_open_dir(v, dir, e);
	}
	if (disk_probe(text_of(rb, "disk"), d, e) != 0)
		return -1;
	const struct partition *p = disk_partition(d, (int)partition);
	if (!p)
		return rw_fail(e, RW_EXIT_REFUSED, "%s has no partition %d any more", d->path, (int)partition);
	return rw ? volume_open_rw(v, d, p, e) : volume_open(v, d, p, e);
}

static int current_sha(json_object *rb, json_object *file, struct disk *d, char hex[SHA256_HEX_LEN],
		       struct rw_error *e)
{
	struct volume v;
	char local[4096];
	if (open_home(rb, file, false, d, &v, e) != 0)
		return -1;
	int rc = volume_resolve(&v, text_of(file, "path"), local, sizeof local, NULL, e) == 1 ? sha256_file(local, hex, e)
											       : -1;
	volume_close(&v);
	return rc;
}

/* A run killed while it wrote a hive left its half-written temp file beside it (SIGKILL runs no cleanup):
 * it goes, once the hive is the backup again */
static int remove_left_temp(json_object *rb, json_object *file, struct disk *d, struct rw_error *e)
{
	char temp[4096 + 16], local[4096], shown[4 * (4096 + 16)];
	snprintf(temp, sizeof temp, "%s" REPLACE_TEMP_SUFFIX, text_of(file, "path"));
	struct volume v;
	if (open_home(rb, file, false, d, &v, e) != 0)
		return -1;
	int found = volume_resolve(&v, temp, local, sizeof local, NULL, e);
	volume_close(&v);
	if (found != 1)
		return found;
	if (open_home(rb, file, true, d, &v, e) != 0)
		return -1;
	int rc = volume_remove(&v, temp, e);
	volume_close(&v);
	if (rc == 1)
		printf("%s: removed (the stopped run's half-written copy)\n", command_text(temp, shown, sizeof shown));
	return rc < 0 ? -1 : 0;
}

static int restore_one(const char *dir, json_object *rb, json_object *file, bool force, struct rw_error *e)
{
	static struct disk d;
	char backup[4096], now[SHA256_HEX_LEN], sum[SHA256_HEX_LEN];
	const char *path = text_of(file, "path");
	snprintf(backup, sizeof backup, "%s/%s", dir, text_of(file, "backup"));
	if (sha256_file(backup, sum, e) != 0 || strcmp(sum, text_of(file, "sha256_before")))
		return rw_fail(e, RW_EXIT_REFUSED, "%s is not the backup this runbook made (sha256 differs): nothing "
			       "restored", backup);
	if (current_sha(rb, file, &d, now, e) != 0)
		return -1;
	char shown[4 * 4096];
	if (!strcmp(now, sum)) {
		printf("%s: already the backed-up file\n", command_text(path, shown, sizeof shown));
		return remove_left_temp(rb, file, &d, e);
	}
	/* the runbook names the new hive before it takes the old one's place: without its sha256 the run never
	 * replaced the file, so somebody else did */
	const char *after = text_of(file, "sha256_after");
	if (!*after && !force)
		return rw_fail(e, RW_EXIT_REFUSED, "%s is neither the backed-up file nor one this run wrote (it stopped "
			       "before it replaced it): somebody else changed it. Nothing restored; --force restores "
			       "the backup anyway", path);
	if (*after && strcmp(now, after) && !force)
		return rw_fail(e, RW_EXIT_REFUSED, "%s changed since the run wrote it (sha256 differs): nothing "
			       "restored; --force restores the backup anyway", path);
	uint8_t *data = NULL;
	size_t len = 0;
	struct volume v;
	if (read_file(backup, HIVE_MAX_BYTES, &data, &len, e) != 0 || open_home(rb, file, true, &d, &v, e) != 0) {
		free(data);
		return -1;
	}
	struct file_bytes bytes = {data, len};
	struct file_content content = file_content_bytes(&bytes);
	int rc = volume_replace(&v, path, &content, "rollback", e);
	volume_close(&v);
	free(data);
	if (rc == 0 && (current_sha(rb, file, &d, now, e) != 0 || strcmp(now, sum)))
		rc = rw_fail(e, RW_EXIT_ROLLED_BACK, "%s does not read back as the backup after the restore", path);
	if (rc == 0)
		printf("%s: restored from %s, sha256 checked\n", command_text(path, shown, sizeof shown), backup);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {{"force", no_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
	int force = 0, c;
	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		if (c == 'h')
			return fputs(usage, stdout), RW_EXIT_OK;
		if (c != 'f')
			return fputs(usage, stderr), RW_EXIT_USAGE;
		force = 1;
	}
	if (optind + 1 != argc)
		return fputs(usage, stderr), RW_EXIT_USAGE;
	char path[4096];
	snprintf(path, sizeof path, "%s/runbook.json", argv[optind]);
	/* runbook.json says "apply in progress" before the first byte goes to the disk: a runbook folder of ours
	 * (its backup/ is there) without it is a run stopped before it wrote anything */
	char backup[4096 + 8];
	struct stat st;
	snprintf(backup, sizeof backup, "%s/backup", argv[optind]);
	if (access(path, F_OK) != 0 && errno == ENOENT && lstat(backup, &st) == 0 && S_ISDIR(st.st_mode))
		return command_fail(RW_EXIT_CANCELLED, "%s: this run stopped before it wrote anything (there is no "
				    "runbook.json yet): nothing to roll back", argv[optind]);
	json_object *rb = json_object_from_file(path), *files;
	if (!rb)
		return command_fail(RW_EXIT_USAGE, "%s: can not be read as a runbook (%s)", path, json_util_get_last_err());
	if (!json_object_object_get_ex(rb, "files", &files) || !json_object_array_length(files)) {
		json_object_put(rb);
		return command_fail(RW_EXIT_CANCELLED, "%s: this run wrote nothing, there is nothing to roll back", path);
	}
	/* runbook.json is written before the first byte goes to the disk: a run killed while writing leaves it
	 * saying so, with every file it was about to write */
	char shown[4 * 4096];
	if (!strcmp(text_of(rb, "result"), "apply in progress"))
		printf("%s: the run stopped while it wrote the disk; putting back what it wrote\n",
		       command_text(argv[optind], shown, sizeof shown));
	int code = RW_EXIT_OK;
	for (size_t i = 0; i < json_object_array_length(files) && code == RW_EXIT_OK; i++) {
		struct rw_error e = {0};
		if (restore_one(argv[optind], rb, json_object_array_get_idx(files, i), force, &e) != 0)
			code = command_fail(e.exit_code ? e.exit_code : RW_EXIT_ROLLED_BACK, "%s", e.text);
	}
	json_object_put(rb);
	return code;
}

const struct command cmd_rollback = {
	.name = "rollback",
	.summary = "restore the files a run changed, from its runbook's backups",
	.usage = usage,
	.run = run,
};
