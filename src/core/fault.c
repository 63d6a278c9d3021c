#include "core/fault.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool entry_is(const char *entry, size_t len, const char *text)
{
	return len == strlen(text) && !strncmp(entry, text, len);
}

int fault_point(const char *name)
{
	const char *want = getenv("RESCUEWIZ_FAULT");
	bool fail = false, die = false, wait = false;
	size_t n = strlen(name);
	for (const char *entry = want; entry && *entry;) {
		size_t len = strcspn(entry, ",");
		if (entry_is(entry, len, "list"))
			fprintf(stderr, "rescuewiz: fault point %s\n", name);
		else if (len >= n && !strncmp(entry, name, n)) {
			if (len == n || entry_is(entry + n, len - n, ":kill") || entry_is(entry + n, len - n, ":wait")) {
				fail = true;
				die = die || entry_is(entry + n, len - n, ":kill");
				wait = wait || entry_is(entry + n, len - n, ":wait");
			}
		}
		entry += len + (entry[len] == ',');
	}
	if (die)
		kill(getpid(), SIGKILL);
	/* the test looks at the state in the middle of the action (what is mounted, who may enter), then sends
	 * the signal that ends it */
	while (wait)
		pause();
	if (fail)
		errno = EIO;
	return fail ? -1 : 0;
}
