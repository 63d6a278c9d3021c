#include "train/lessons.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"

static int lesson_dir(char *out, size_t len, struct rw_error *e)
{
	if (!datadir_share_dir("scenarios", out, len))
		return rw_fail(e, RW_EXIT_USAGE, "no lessons: looked in %s (set RESCUEWIZ_SHARE to the share folder)", out);
	return 0;
}

int lesson_locate(const char *name, char *path, size_t len, struct rw_error *e)
{
	if (strchr(name, '/')) {
		snprintf(path, len, "%s", name);
		return 0;
	}
	char dir[4096];
	if (lesson_dir(dir, sizeof dir, e) != 0)
		return -1;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return rw_fail(e, RW_EXIT_USAGE, "no lesson is named like that: names are lower-case words "
				       "(rescuewiz train lists them)");
	snprintf(path, len, "%s/%s.yaml", dir, name);
	if (access(path, R_OK) != 0)
		return rw_fail(e, RW_EXIT_USAGE, "no lesson '%s' in %s (rescuewiz train lists them)", name, dir);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lesson_names(char ***names, size_t *n, struct rw_error *e)
{
	char dir[4096];
	*names = NULL;
	*n = 0;
	if (lesson_dir(dir, sizeof dir, e) != 0)
		return -1;
	DIR *d = opendir(dir);
	if (!d)
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", dir, strerror(errno));
	struct dirent *de;
	size_t cap = 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") || de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			char **bigger = realloc(*names, (cap = cap ? cap * 2 : 16) * sizeof **names);
			if (!bigger)
				break;
			*names = bigger;
		}
		(*names)[(*n)++] = strndup(de->d_name, l - 5);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, by_name);
	return 0;
}

void lesson_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int make_dir(const char *path, struct rw_error *e)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return rw_fail(e, RW_EXIT_USAGE, "%s: can not make it: %s", path, strerror(errno));
	return 0;
}

int lesson_state_dir(char *out, size_t len, struct rw_error *e)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char base[4096];
	if (state && *state == '/')
		snprintf(base, sizeof base, "%s", state);
	else if (home && *home == '/')
		snprintf(base, sizeof base, "%s/.local/state", home);
	else
		return rw_fail(e, RW_EXIT_USAGE, "no folder for training results: set XDG_STATE_HOME or HOME");
	char step[4096 + 32];
	if (!(state && *state == '/')) {
		snprintf(step, sizeof step, "%s/.local", home);
		if (make_dir(step, e) != 0 || make_dir(base, e) != 0)
			return -1;
	} else if (make_dir(base, e) != 0)
		return -1;
	snprintf(step, sizeof step, "%s/rescuewiz", base);
	if (make_dir(step, e) != 0)
		return -1;
	snprintf(out, len, "%s/training", step);
	return make_dir(out, e);
}

int lesson_image_ok(const char *path, struct rw_error *e)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : rw_fail(e, RW_EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return rw_fail(e, RW_EXIT_USAGE, "%s is not a plain file: a lesson's disk is a sparse image file, "
			       "never a device", path);
	return 0;
}
