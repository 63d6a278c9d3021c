/* choose-bcd: the Windows boot loader to change. Only OS loaders, WinRE excluded, the default first; each
 * with the partition it boots. With two equally plausible loaders and no default among them there is no
 * recommendation: a batch run must be told which one. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/utf16.h"
#include "engine/engine.h"

static void add_loader(struct run *r, struct fe_question *q, const struct bcd_object *o)
{
	const struct bcd_store *b = &r->snapshot->bcd;
	const struct bcd_element *desc = bcd_own(o, BCD_DESCRIPTION), *osdev = bcd_own(o, BCD_OSDEVICE);
	char label[160], detail[200];
	struct device_location loc = {0};
	if (osdev && osdev->decoded)
		snapshot_locate_device(r->snapshot, &osdev->device, &loc);
	snprintf(label, sizeof label, "%s%s", desc && desc->decoded ? desc->string : "(no description)",
		 strcmp(o->guid, b->default_guid) ? "" : "  [default]");
	snprintf(detail, sizeof detail, "%s  boots %s", o->guid, osdev ? loc.text : "(no osdevice)");
	question_add(q, o->guid, label, detail);
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)st;
	const struct bcd_store *b = &r->snapshot->bcd;
	if (!r->snapshot->have_bcd)
		return rw_fail(e, RW_EXIT_REFUSED, "no readable BCD store on this disk");
	const struct bcd_object *def = bcd_find(b, b->default_guid);
	if (def && bcd_loader_usable(b, def)) {
		add_loader(r, q, def);
		q->recommended = 0;
	}
	for (size_t i = 0; i < b->nobjects; i++) {
		const struct bcd_object *o = &b->objects[i];
		if (o != def && bcd_loader_usable(b, o))
			add_loader(r, q, o);
	}
	char why[300];
	if (!q->noptions && bcd_usable_loaders(b, why, sizeof why) == 0)
		return rw_fail(e, RW_EXIT_REFUSED, "the BCD store %s has no Windows boot loader to change: %s",
			       r->snapshot->bcd_file.where, why);
	if (q->recommended < 0 && q->noptions == 1)
		q->recommended = 0;
	char where[4 * 260];
	utf8_printable(r->snapshot->bcd_file.where, where, sizeof where); /* the disk's, in our lines */
	snprintf(q->detected, sizeof q->detected, "%zu Windows boot loader%s in %s; default: %s", q->noptions,
		 q->noptions == 1 ? "" : "s", where, *b->default_guid ? b->default_guid : "none");
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	const struct bcd_store *b = &r->snapshot->bcd;
	const struct bcd_object *o = bcd_find(b, !strcasecmp(answer, "{default}") ? b->default_guid : answer);
	if (!o || !bcd_loader_usable(b, o))
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a Windows boot loader of this store (give one of the "
			       "GUIDs inspect lists as Windows Boot Loader, not WinRE, or {default})", answer);
	const struct bcd_element *desc = bcd_own(o, BCD_DESCRIPTION);
	if (answers_set(&r->answers, st->id, "id", o->guid, source) != 0)
		return -1;
	return answers_set(&r->answers, st->id, "description", desc && desc->decoded ? desc->string : "", source);
}

static const char *const fields[] = {"id", "description", NULL};

const struct step_kind step_choose_bcd = {
	.name = "choose-bcd",
	.summary = "the Windows boot loader to change (WinRE and WinPE entries are never offered)",
	.fields = fields,
	.replay_field = "id",
	.prepare = prepare,
	.accept = accept,
};
