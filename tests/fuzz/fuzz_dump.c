/* Crash dump files (src/dump/dump.c, src/dump/check.c) judged as triage judges them, then explained and
 * reported (src/triage/). Input: a whole dump file, as hostile as a disk can make it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/triage.h"

struct input {
	const uint8_t *data;
	size_t size;
};

/* the checks bound every read by the file's size: a read past it is a bug */
static long read_at(void *ctx, uint64_t offset, void *buf, size_t len)
{
	const struct input *in = ctx;
	if (offset > in->size || len > in->size - offset)
		abort();
	memcpy(buf, in->data + offset, len);
	return (long)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	struct input in = {data, size};
	struct dump_reader r = {&in, size, read_at};
	struct dump_file d = {.place = DUMP_AT_FILE, .size = size};
	snprintf(d.where, sizeof d.where, "fuzz.dmp");
	dump_examine(&r, &d.header, &d.check);
	const struct dump_header *h = &d.header;
	if (h->valid && (h->processors == 0 || h->processors > 4096 || (h->bits != 64 && h->bits != 32)))
		abort();
	if (h->valid && h->never_written)
		abort();
	if (d.check.verdict < 0 || d.check.verdict >= DUMP_VERDICT_COUNT || !*d.check.reason)
		abort();
	if (d.check.verdict == DUMP_COMPLETE && !h->valid)
		abort();
	for (int i = 0; i < 4; i++)
		if (d.check.module_of[i].found && strlen(d.check.module_of[i].path) >= sizeof d.check.module_of[i].path)
			abort();
	struct triage t = {.dumps = &d, .ndumps = 1, .catalog = catalog_default(), .target = "fuzz.dmp"};
	if (triage_text(sink, &t, 80) != 0 || triage_json(sink, &t) != 0)
		abort();
	return 0;
}
