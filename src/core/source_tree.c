#include "core/source_tree.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void source_tree_folder(const char *sub, char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	out[0] = '\0';
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *dir = dirname(exe);
	for (int up = 0; up < 3; up++) {
		char probe[PATH_MAX + 32];
		struct stat st;
		snprintf(probe, sizeof probe, "%s/src/main.c", dir);
		if (stat(probe, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(out, len, "%s/%s", dir, sub);
			return;
		}
		dir = dirname(dir);
	}
}
