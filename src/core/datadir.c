#include "core/datadir.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* build/rescuewiz, build/asan/rescuewiz (and the test programs under build/asan/tests/) sit a few levels below
 * the tree that holds src/main.c; an installed binary has no such tree above it. */
bool datadir_source_tree(const char *sub, char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	out[0] = '\0';
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *dir = dirname(exe);
	for (int up = 0; up < 5; up++) {
		char probe[PATH_MAX + 32];
		struct stat st;
		snprintf(probe, sizeof probe, "%s/src/main.c", dir);
		if (stat(probe, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(out, len, "%s/%s", dir, sub);
			return true;
		}
		dir = dirname(dir);
	}
	return false;
}

static bool readable(const char *path, bool dir)
{
	struct stat st;
	return stat(path, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) && access(path, R_OK) == 0;
}

static bool share_path(const char *name, bool dir, char *out, size_t len)
{
	char tree[PATH_MAX];
	const char *env = getenv("RESCUEWIZ_SHARE");
	if (env && *env) {
		snprintf(out, len, "%s/%s", env, name);
		if (readable(out, dir))
			return true;
	}
	if (datadir_source_tree("share", tree, sizeof tree)) {
		snprintf(out, len, "%s/%s", tree, name);
		if (readable(out, dir))
			return true;
	}
	snprintf(out, len, "%s/%s", RESCUEWIZ_DATADIR, name);
	return readable(out, dir);
}

bool datadir_share_file(const char *name, char *out, size_t len)
{
	return share_path(name, false, out, len);
}

bool datadir_share_dir(const char *name, char *out, size_t len)
{
	return share_path(name, true, out, len);
}
