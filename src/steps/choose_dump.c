/* choose-dump: where Windows writes MEMORY.DMP. %SystemRoot% is the Windows volume; another letter is
 * allowed when MountedDevices knows it, with a warning when it is not on this disk (its free space can not
 * be checked from here: an Azure data disk that is not attached to the rescue VM). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf16.h"
#include "engine/engine.h"
#include "report/report.h"

/* Whether the Windows volume has room comes from the step the wizard names with `room:` (a check-space
 * step's ${space.enough}); without it, nothing is known and nothing is warned. */
static bool enough_room(const struct run *r, const struct step *st)
{
	const char *room = step_param(st, "room");
	char *v = room ? answers_expand(&r->answers, room, NULL) : NULL;
	bool enough = !v || answer_is_true(v);
	free(v);
	return enough;
}

static void letter_options(struct run *r, struct fe_question *q)
{
	const struct snapshot *s = r->snapshot;
	char own = s->windows_partition ? snapshot_letter_of(s, s->windows_partition) : 'C';
	for (size_t i = 0; s->have_system && i < s->system.nmounted; i++) {
		const struct mounted_device *m = &s->system.mounted[i];
		if (!m->letter || m->letter == own || m->kind == MOUNTED_OTHER)
			continue;
		struct device_location loc;
		snapshot_locate_mounted(s, m, &loc);
		char value[32], label[64], detail[200];
		snprintf(value, sizeof value, "%c:\\MEMORY.DMP", m->letter);
		snprintf(label, sizeof label, "%c:\\MEMORY.DMP", m->letter);
		snprintf(detail, sizeof detail, "%s%s", loc.text,
			 loc.on_this_disk ? "" : ": its free space can not be checked from here");
		question_add(q, value, label, detail);
	}
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)e;
	const char *def = st->default_value ? st->default_value : "%SystemRoot%\\MEMORY.DMP";
	question_add(q, def, def, "on the Windows volume");
	if (enough_room(r, st))
		q->recommended = 0;
	else
		snprintf(q->warning, sizeof q->warning, "The Windows volume has less free space than the VM's RAM: "
			 "choose the letter of a data disk with room for the dump.");
	letter_options(r, q);
	q->free_text = true;
	snprintf(q->free_text_prompt, sizeof q->free_text_prompt, "Dump file (X:\\MEMORY.DMP or %%SystemRoot%%\\...):");
	const struct snapshot *s = r->snapshot;
	const struct control_set *cs = s->have_system ? system_control_set(&s->system, system_boot_control_set(&s->system))
						      : NULL;
	const struct reg_value *now = cs ? control_set_crash_value(cs, "DumpFile") : NULL;
	char shown[4 * 260];
	utf8_printable(now && now->text ? now->text : "not set", shown, sizeof shown); /* the disk's, in our lines */
	snprintf(q->detected, sizeof q->detected, "DumpFile now: %s", shown);
	return 0;
}

/* A path Windows accepts for the dump file: %SystemRoot%\... or X:\..., without control characters and
 * without any of < > : " | ? * past the drive letter's colon (Microsoft, "Naming Files, Paths, and
 * Namespaces"), no "..", not a folder. What passes may still hold & % ^ and blanks, as Windows paths do:
 * commands.txt quotes those (plan/cmdline.h). */
static bool valid_dump_path(const char *p)
{
	size_t n = strlen(p);
	if (n < 4 || n > 200 || strstr(p, "..") || p[n - 1] == '\\')
		return false;
	size_t rest;
	if (!strncasecmp(p, "%SystemRoot%\\", 13))
		rest = 13;
	else if (isalpha((unsigned char)p[0]) && p[1] == ':' && p[2] == '\\')
		rest = 3;
	else
		return false;
	for (const unsigned char *c = (const unsigned char *)p + rest; *c; c++)
		if (*c < 0x20 || *c == 0x7f || strchr("<>:\"|?*", *c))
			return false;
	return true;
}

/* The Windows volume when check-space found it too small; a drive letter other than the Windows volume's,
 * whose free space can not be checked from here. */
static bool dump_warning(const struct run *r, const struct step *st, const char *path, char *out, size_t len)
{
	const struct snapshot *s = r->snapshot;
	if (!strncasecmp(path, "%SystemRoot%", 12)) {
		snprintf(out, len, "the Windows volume has less free space than the VM's RAM: a complete dump will not "
			 "fit there until space is freed");
		return !enough_room(r, st);
	}
	char letter = (char)toupper((unsigned char)path[0]);
	for (size_t i = 0; s->have_system && i < s->system.nmounted; i++) {
		const struct mounted_device *m = &s->system.mounted[i];
		if (m->letter != letter)
			continue;
		struct device_location loc;
		snapshot_locate_mounted(s, m, &loc);
		if (loc.on_this_disk)
			return false;
		snprintf(out, len, "%c: is %s: its free space can not be checked from here", letter, loc.text);
		return true;
	}
	snprintf(out, len, "%c: is not in MountedDevices: Windows has not seen it yet, and its free space can not "
		 "be checked from here", letter);
	return true;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	if (!valid_dump_path(answer))
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a dump file path: write %%SystemRoot%%\\MEMORY.DMP or a "
			       "drive letter path such as F:\\MEMORY.DMP, without control characters and without any "
			       "of < > : \" | ? * after the drive letter", answer);
	if (answers_set(&r->answers, st->id, "path", answer, source) != 0)
		return -1;
	char warning[200];
	if (dump_warning(r, st, answer, warning, sizeof warning) &&
	    answers_set(&r->answers, st->id, "warning", warning, ANSWER_DETECTED) != 0)
		return -1;
	return 0;
}

static const char *const fields[] = {"path", "warning", NULL};
static const struct step_param_info params[] = {
	{"room", PARAM_TEXT, "yes when the Windows volume has room for the dump, e.g. '${space.enough}'"},
	{NULL, 0, NULL},
};

const struct step_kind step_choose_dump = {
	.name = "choose-dump",
	.summary = "where Windows writes MEMORY.DMP: %SystemRoot% or a drive letter MountedDevices knows",
	.fields = fields,
	.params = params,
	.flags = STEP_TYPED,
	.replay_field = "path",
	.prepare = prepare,
	.accept = accept,
};
