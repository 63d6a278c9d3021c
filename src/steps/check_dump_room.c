/* check-dump-room: can the chosen dump really be written? (a) the crash-time write into the page file on the
 * boot volume or a DedicatedDumpFile, (b) the file at the next boot on the DumpFile volume
 * (snapshot/dump_room.c). When (a) fails, the fixes are the choices: a DedicatedDumpFile on a volume of this
 * disk with room (what Microsoft's dump configurator for Azure does: C:\dd.sys), a fixed-size page file on
 * the boot volume, or going back to a smaller dump type. A configuration that can not work is only taken when
 * the operator says "accept", never as a recommendation. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"
#include "engine/engine.h"
#include "report/report.h"
#include "snapshot/dump_room.h"

#define MB ((uint64_t)1 << 20)

static void room_of(struct run *r, const struct step *st, struct dump_room *room)
{
	const char *ref = step_param(st, "path");
	char *path = ref ? answers_expand(&r->answers, ref, NULL) : NULL;
	uint64_t need;
	dump_room_check(r->snapshot, step_param_number(r, st, "need", &need) ? need : 0, path, room);
	free(path);
}

/* A DedicatedDumpFile on a volume of this disk: the volume holds the file and, when DumpFile is there too
 * (the Windows volume), the dump beside it: about twice the dump. */
static bool ddf_fits(const struct volume_info *v, const struct dump_room *room)
{
	uint64_t want = room->need + (v->holds_windows ? room->need : 0);
	return v->mounted && v->free_bytes >= want;
}

static void add_fixes(struct run *r, struct fe_question *q, const struct dump_room *room)
{
	const struct snapshot *s = r->snapshot;
	char size[32], value[16], label[160];
	report_size(room->need, size, sizeof size);
	for (size_t i = 0; i < s->nvolumes; i++) {
		const struct volume_info *v = &s->volumes[i];
		char letter = dump_letter_of_volume(s, v);
		if (!letter || !ddf_fits(v, room))
			continue;
		snprintf(value, sizeof value, "ddf-%c", letter);
		snprintf(label, sizeof label, "A DedicatedDumpFile %c:\\dd.sys of %s", letter, size);
		question_add(q, value, label, "the dump is written there instead of the page file");
		if (q->recommended < 0 && v->holds_windows)
			q->recommended = (int)(q->noptions - 1);
	}
	const struct volume_info *c = dump_volume_of_letter(s, 'C');
	if (c && c->mounted && c->free_bytes + c->pagefile_bytes >= room->need) {
		snprintf(label, sizeof label, "A fixed-size page file C:\\pagefile.sys of %s", size);
		question_add(q, "pagefile", label, "replaces PagingFiles; the page file is made at the next boot");
	}
	if (q->recommended < 0 && q->noptions)
		q->recommended = 0;
	question_add(q, "accept", "Keep it as it is (the dump may not be written)", "Esc: choose a smaller dump type");
}

static void facts(const struct dump_room *room, struct fe_question *q)
{
	static const char *const states[] = {"fits", "does NOT fit", "can not be checked", "not needed"};
	char need[32], a[32], b[32];
	snprintf(q->detected, sizeof q->detected,
		 "The dump needs %s.\n(a) At the bug check: %s: %s, %s.\n(b) At the next boot: %s: %s%s%s.",
		 report_size(room->need, need, sizeof need), room->crash_where, report_size(room->crash_have, a, sizeof a),
		 states[room->crash], room->next_where, states[room->next],
		 room->next == ROOM_OK || room->next == ROOM_SHORT ? ", " : "",
		 room->next == ROOM_OK || room->next == ROOM_SHORT ? report_size(room->next_have, b, sizeof b) : "");
	q->has_gauge = true;
	q->gauge_need = room->need;
	q->gauge_have = room->crash_have;
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	struct dump_room room;
	room_of(r, st, &room);
	if (!room.need)
		return rw_fail(e, RW_EXIT_USAGE, "step '%s': the size of the dump is not known here (give need: "
			       "'${type.need_bytes}' of a choose-dump-type step before it)", st->id);
	facts(&room, q);
	bool next_ok = room.next == ROOM_OK || room.next == ROOM_NOT_NEEDED;
	if (room.crash == ROOM_OK && next_ok) {
		question_add(q, "ok", "The dump can be written: nothing to add", NULL);
		q->recommended = 0;
		return 0;
	}
	if (room.crash != ROOM_OK) {
		snprintf(q->warning, sizeof q->warning, "%s: the dump can not be written at the bug check as the disk is "
			 "now.%s Choose a fix, or Esc to choose a smaller dump type.",
			 room.temp_disk ? "The page file is on Azure's temporary disk, not the boot volume" : "Not enough room",
			 room.temp_disk ? " Microsoft's dump configurator sets a DedicatedDumpFile on C: for this." : "");
		add_fixes(r, q, &room);
		return 0;
	}
	snprintf(q->warning, sizeof q->warning, "The dump is written at the bug check, but at the next boot %s. Keep it "
		 "so, or Esc to choose another place.", room.next == ROOM_SHORT ? "DumpFile's volume has too little room "
		 "for it" : "DumpFile's volume can not be checked from here");
	question_add(q, "accept", "Keep it as it is (the dump may be lost at the next boot)", NULL);
	return 0;
}

static int record(struct run *r, const struct step *st, const char *fix, const char *warning)
{
	if (answers_set(&r->answers, st->id, "fix", fix, ANSWER_DETECTED) != 0)
		return -1;
	return warning ? answers_set(&r->answers, st->id, "warning", warning, ANSWER_DETECTED) : 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	struct fe_question q = {0};
	q.recommended = -1;
	if (prepare(r, st, &q, e) != 0)
		return -1;
	bool offered = false, fits = q.noptions && !strcmp(q.options[0].value, "ok");
	for (size_t i = 0; i < q.noptions; i++)
		offered |= !strcasecmp(q.options[i].value, answer);
	/* keeping the configuration as it is, when it fits, is the same as nothing to add */
	if (fits && !strcasecmp(answer, "accept"))
		answer = "ok", offered = true;
	question_free(&q);
	if (!offered)
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not one of the answers offered here", answer);
	struct dump_room room;
	room_of(r, st, &room);
	char mb[24], text[64], choice[16];
	snprintf(choice, sizeof choice, "%s", answer);
	for (char *c = choice; *c; c++)
		*c = (char)(c - choice == 4 ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
	if (answers_set(&r->answers, st->id, "choice", choice, source) != 0)
		return -1;
	snprintf(mb, sizeof mb, "%" PRIu64, (room.need + MB - 1) / MB);
	if (!strcasecmp(answer, "ok"))
		return record(r, st, "none", NULL);
	if (!strcasecmp(answer, "accept"))
		return record(r, st, "accept", room.crash == ROOM_OK
						       ? "the dump may be lost at the next boot: DumpFile's volume has too little "
							 "room or was not checked"
						       : "the operator kept a dump configuration whose crash-time write has no room");
	if (!strcasecmp(answer, "pagefile")) {
		snprintf(text, sizeof text, "C:\\pagefile.sys %s %s", mb, mb);
		return record(r, st, "pagefile", NULL) ||
		       answers_set(&r->answers, st->id, "pagefile", text, ANSWER_DETECTED);
	}
	snprintf(text, sizeof text, "%c:\\dd.sys", answer[4]);
	return record(r, st, "ddf", NULL) || answers_set(&r->answers, st->id, "ddf_path", text, ANSWER_DETECTED) ||
	       answers_set(&r->answers, st->id, "ddf_size_mb", mb, ANSWER_DETECTED);
}

static const char *const fields[] = {"choice", "fix", "ddf_path", "ddf_size_mb", "pagefile", "warning", NULL};
static const struct step_param_info params[] = {
	{"need", PARAM_TEXT, "the bytes the dump needs, e.g. '${type.need_bytes}'"},
	{"path", PARAM_TEXT, "where Windows moves the dump at the next boot, e.g. '${dump.path}'"},
	{NULL, 0, NULL},
};

const struct step_kind step_check_dump_room = {
	.name = "check-dump-room",
	.summary = "can the dump be written at the bug check and kept at the next boot; the fixes when not",
	.fields = fields,
	.params = params,
	.replay_field = "choice",
	.prepare = prepare,
	.accept = accept,
};
