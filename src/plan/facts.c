#include "plan/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"

void facts_init(struct facts *f, const struct snapshot *s)
{
	memset(f, 0, sizeof *f);
	f->s = s;
}

void facts_close(struct facts *f)
{
	for (int i = 0; i < HIVE_COUNT; i++)
		if (f->h[i] && f->h[i] != facts_file(f->s, i)->reader)
			hivex_close(f->h[i]);
	memset(f->h, 0, sizeof f->h);
}

const struct hive_file *facts_file(const struct snapshot *s, int hive)
{
	return hive == HIVE_SYSTEM ? &s->system_file : hive == HIVE_SOFTWARE ? &s->software_file : &s->bcd_file;
}

hive_h *facts_hive(struct facts *f, int hive)
{
	if (hive < 0 || hive >= HIVE_COUNT)
		return NULL;
	if (!f->tried[hive]) {
		const struct hive_file *hf = facts_file(f->s, hive);
		const char *path = snapshot_edit_base(hf);
		f->tried[hive] = true;
		/* the snapshot's own handle on that file, else one of ours */
		f->h[hive] = hf->reader ? hf->reader : *path ? hivex_open(path, 0) : NULL;
	}
	return f->h[hive];
}

int facts_control_set_number(const struct snapshot *s, const char *text)
{
	const struct select_info *sel = &s->system.select;
	uint64_t n;
	if (!strcasecmp(text, "current"))
		return system_boot_control_set(&s->system);
	if (!strcasecmp(text, "default"))
		return sel->default_set;
	if (!strcasecmp(text, "last-known-good"))
		return sel->last_known_good;
	if (!strcasecmp(text, "failed"))
		return sel->failed;
	return number_in_range(text, 1, 999, &n) ? (int)n : -1;
}

int facts_control_sets(const struct snapshot *s, int scope, int out[16], size_t *n, struct rw_error *e)
{
	static const char *const select_names[] = {[SCOPE_CURRENT] = "current", [SCOPE_DEFAULT] = "default",
						   [SCOPE_LAST_KNOWN_GOOD] = "last-known-good"};
	*n = 0;
	if (scope == SCOPE_NONE) {
		out[(*n)++] = 0;
		return 0;
	}
	if (!s->have_system)
		return rw_fail(e, RW_EXIT_REFUSED, "no readable SYSTEM hive: its control sets are not known");
	if (scope == SCOPE_EXISTING) {
		for (size_t i = 0; i < s->system.ncontrol_sets && *n < 16; i++)
			out[(*n)++] = s->system.control_sets[i].number;
		return *n ? 0 : rw_fail(e, RW_EXIT_REFUSED, "the SYSTEM hive has no ControlSet00N key");
	}
	int number = facts_control_set_number(s, select_names[scope]);
	if (number <= 0 || !system_control_set(&s->system, number))
		return rw_fail(e, RW_EXIT_REFUSED, "Select names control set %d as %s, and the SYSTEM hive has no "
			       "ControlSet%03d: nothing is written there (pointing Windows at a missing control set "
			       "makes it unbootable, 0xc0000225)", number, select_names[scope], number);
	out[(*n)++] = number;
	return 0;
}

void facts_key_path(const struct snapshot *s, int number, const char *key, char *out, size_t len)
{
	const struct control_set *cs = number ? system_control_set(&s->system, number) : NULL;
	if (cs)
		snprintf(out, len, "%s\\%s", cs->name, key);
	else
		snprintf(out, len, "%s", key);
}
