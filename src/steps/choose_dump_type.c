/* choose-dump-type: which dump Windows writes (CrashDumpEnabled, and FilterPages for an active dump), each
 * with the space it needs for this VM's RAM. The recommendation is the most complete type whose crash-time
 * write has room on this disk (seed 000 asks for complete; when that can not fit, automatic or small is the
 * honest answer, and the help says what is lost). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"
#include "engine/engine.h"
#include "report/report.h"
#include "snapshot/dump_room.h"

/* Active dumps (complete without the pages of user processes) exist from Windows 10 1607 / Server 2016. */
#define ACTIVE_DUMP_BUILD 14393

static const struct dump_type {
	const char *name;
	int enabled;     /* CrashDumpEnabled */
	int filter;      /* FilterPages */
	const char *what;
} types[] = {
	{"complete", 1, 0, "all of RAM: what seed 000 asks for"},
	{"active", 1, 1, "RAM without the pages of user processes (Windows 10 1607 / Server 2016 and later)"},
	{"automatic", 7, 0, "a kernel dump; Windows grows a system-managed page file for it after a crash"},
	{"kernel", 2, 0, "kernel memory only: no user-mode memory"},
	{"small", 3, 0, "a 256 KB minidump: the stop code, its parameters and the driver list, no memory"},
};
#define NTYPES (sizeof types / sizeof *types)

static uint64_t ram_of(struct run *r, const struct step *st)
{
	uint64_t ram;
	return step_param_number(r, st, "ram", &ram) ? ram : 0;
}

static bool offered(const struct run *r, const struct dump_type *t)
{
	const char *build = answers_get(&r->answers, WIZARD_FACTS_STEP, "build");
	uint64_t b = 0;
	return !t->filter || !build || !number_parse(build, &b) || !b || b >= ACTIVE_DUMP_BUILD;
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	uint64_t ram = ram_of(r, st);
	if (!ram)
		return rw_fail(e, RW_EXIT_USAGE, "step '%s': the RAM of the VM is not known here (give ram: "
			       "'${space.ram_bytes}' of a check-space step before it)", st->id);
	for (size_t i = 0; i < NTYPES; i++) {
		if (!offered(r, &types[i]))
			continue;
		struct dump_room room;
		char need[32], label[160];
		uint64_t bytes = dump_need_bytes(types[i].enabled, ram);
		dump_room_check(r->snapshot, bytes, NULL, &room);
		snprintf(label, sizeof label, "%s: needs %s%s", types[i].name, report_size(bytes, need, sizeof need),
			 room.crash == ROOM_OK ? "" : room.crash == ROOM_SHORT ? "  (no room for it now)" : "  (room unknown)");
		question_add(q, types[i].name, label, types[i].what);
		if (q->recommended < 0 && room.crash == ROOM_OK)
			q->recommended = (int)(q->noptions - 1);
	}
	char r1[32];
	snprintf(q->detected, sizeof q->detected, "RAM of the VM: %s\nWindows build: %s", report_size(ram, r1, sizeof r1),
		 answers_get(&r->answers, WIZARD_FACTS_STEP, "build") ? answers_get(&r->answers, WIZARD_FACTS_STEP, "build")
									 : "unknown");
	if (q->recommended < 0)
		snprintf(q->warning, sizeof q->warning, "No dump type has room for its crash-time write on this disk as it "
			 "is: the next step offers a DedicatedDumpFile or a larger page file.");
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	uint64_t ram = ram_of(r, st);
	for (size_t i = 0; i < NTYPES; i++) {
		if (strcasecmp(answer, types[i].name) || !offered(r, &types[i]))
			continue;
		char enabled[8], need[32];
		snprintf(enabled, sizeof enabled, "%d", types[i].enabled);
		snprintf(need, sizeof need, "%" PRIu64, dump_need_bytes(types[i].enabled, ram));
		if (answers_set(&r->answers, st->id, "name", types[i].name, source) != 0 ||
		    answers_set(&r->answers, st->id, "crash_dump_enabled", enabled, ANSWER_DETECTED) != 0 ||
		    answers_set(&r->answers, st->id, "filter_pages", types[i].filter ? "yes" : "no", ANSWER_DETECTED) != 0)
			return -1;
		return answers_set(&r->answers, st->id, "need_bytes", need, ANSWER_DETECTED);
	}
	return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a dump type this Windows writes (complete, active, automatic, "
		       "kernel or small)", answer);
}

static const char *const fields[] = {"name", "crash_dump_enabled", "filter_pages", "need_bytes", NULL};
static const struct step_param_info params[] = {
	{"ram", PARAM_TEXT, "the RAM of the VM in bytes, e.g. '${space.ram_bytes}'"},
	{NULL, 0, NULL},
};

const struct step_kind step_choose_dump_type = {
	.name = "choose-dump-type",
	.summary = "complete, active, automatic, kernel or small, each with the space it needs for this RAM",
	.fields = fields,
	.params = params,
	.replay_field = "name",
	.prepare = prepare,
	.accept = accept,
};
