#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t fuzz_split(const uint8_t *data, size_t len, struct fuzz_part *parts, size_t max)
{
	const size_t sep = sizeof FUZZ_SEPARATOR - 1;
	size_t n = 0;
	while (n + 1 < max) {
		const uint8_t *at = memmem(data, len, FUZZ_SEPARATOR, sep);
		if (!at)
			break;
		parts[n++] = (struct fuzz_part){data, (size_t)(at - data)};
		len -= (size_t)(at - data) + sep;
		data = at + sep;
	}
	parts[n++] = (struct fuzz_part){data, len};
	return n;
}

static char folder[FUZZ_PATH_MAX / 2];
static char names[8][32];
static size_t nnames;

static void remove_folder(void)
{
	char path[FUZZ_PATH_MAX];
	for (size_t i = 0; i < nnames; i++) {
		snprintf(path, sizeof path, "%s/%s", folder, names[i]);
		unlink(path);
	}
	rmdir(folder);
}

void fuzz_file(const char *name, const uint8_t *data, size_t len, char path[FUZZ_PATH_MAX])
{
	if (!*folder) {
		/* memory is faster than a disk for a file written on every input */
		const char *tmp = getenv("TMPDIR");
		if (!tmp || !*tmp)
			tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(folder, sizeof folder, "%s/rescuewiz-fuzz.XXXXXX", tmp);
		if (!mkdtemp(folder))
			abort();
		atexit(remove_folder);
	}
	size_t i = 0;
	while (i < nnames && strcmp(names[i], name))
		i++;
	if (i == nnames) {
		if (nnames == sizeof names / sizeof *names || strlen(name) >= sizeof *names || strchr(name, '/'))
			abort();
		snprintf(names[nnames++], sizeof *names, "%s", name);
	}
	snprintf(path, FUZZ_PATH_MAX, "%s/%s", folder, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
}

uint8_t *fuzz_copy(const struct fuzz_part *p)
{
	uint8_t *d = malloc(p->len + 1);
	if (!d)
		abort();
	memcpy(d, p->data, p->len);
	d[p->len] = '\0';
	return d;
}
