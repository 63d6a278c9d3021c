/* find-dumps: every dump on the disk with its triage verdict (complete or not and why, the bug check by
 * name), as the snapshot judged them. Nothing to choose; the operator reads it and goes on. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/utf16.h"
#include "engine/engine.h"
#include "triage/triage.h"

/* "1. \Windows\MEMORY.DMP (memory-dmp, 812 MiB): complete; bug check 0x7E SYSTEM_THREAD_..." */
static void describe(const struct dump_file *d, size_t n, char *out, size_t len)
{
	char where[PATH_MAX], name[96] = "";
	utf8_quote(d->where, 0, where, sizeof where);
	int used = snprintf(out, len, "%zu. %s (%s, %" PRIu64 " MiB): %s", n, where, snapshot_dump_place_name(d->place),
			    d->size >> 20, d->check.reason);
	if (used > 0 && (size_t)used < len && triage_has_bugcheck(d))
		snprintf(out + used, len - (size_t)used, "; bug check 0x%X %s", d->header.bugcheck,
			 catalog_name(catalog_default(), d->header.bugcheck, name, sizeof name));
}

static size_t dump_count(const struct snapshot *s, size_t *complete)
{
	size_t n = 0;
	*complete = 0;
	for (size_t i = 0; i < s->ndumps; i++)
		if (snapshot_dump_holds_dump(&s->dumps[i])) {
			n++;
			*complete += s->dumps[i].check.verdict == DUMP_COMPLETE;
		}
	return n;
}

static const char *const fields[] = {"found", "count", "complete", NULL};

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)st;
	(void)e;
	size_t complete, n = dump_count(r->snapshot, &complete), k = 0;
	int used = snprintf(q->detected, sizeof q->detected, n ? "%zu dumps on the disk, %zu of them complete:"
							: "no dump on the disk: no MEMORY.DMP, minidump, page file or dedicated "
							  "dump file holds one", n, complete);
	for (size_t i = 0; i < r->snapshot->ndumps && used > 0 && (size_t)used < sizeof q->detected; i++) {
		if (!snapshot_dump_holds_dump(&r->snapshot->dumps[i]))
			continue;
		char line[600];
		describe(&r->snapshot->dumps[i], ++k, line, sizeof line);
		used += snprintf(q->detected + used, sizeof q->detected - (size_t)used, "\n%s", line);
	}
	char count[24];
	snprintf(count, sizeof count, "%zu", n);
	question_add(q, count, n ? "Go on with these dumps" : "Go on: there is no dump to copy", NULL);
	q->recommended = 0;
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	size_t complete, n = dump_count(r->snapshot, &complete);
	char count[24], done[24];
	snprintf(count, sizeof count, "%zu", n);
	snprintf(done, sizeof done, "%zu", complete);
	if (strcmp(answer, count))
		return rw_fail(e, RW_EXIT_USAGE, "this disk holds %s dumps, the answer says '%s'", count, answer);
	const char *const values[] = {n ? "yes" : "no", count, done};
	return answers_record(&r->answers, st->id, fields, values, source, e);
}

const struct step_kind step_find_dumps = {
	.name = "find-dumps",
	.summary = "every dump on the disk (MEMORY.DMP, minidumps, a dump left in the page file or the DDF) with "
		   "its triage verdict; found is yes when there is one",
	.fields = fields,
	.flags = STEP_DETECTED,
	.prepare = prepare,
	.accept = accept,
};
