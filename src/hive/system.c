#include "hive/system.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"

static int dword_at(hive_h *h, hive_node_h node, const char *name)
{
	hive_value_h v = node ? hivex_node_get_value(h, node, name) : 0;
	if (!v)
		return -1;
	struct reg_value rv;
	if (reg_value_read(h, v, &rv) != 0)
		return -1;
	int n = rv.type == hive_t_REG_DWORD && rv.raw_len == 4 ? (int)rv.number : -1;
	reg_value_clear(&rv);
	return n;
}

/* A REG_MULTI_SZ list; a REG_SZ is taken as a list of one (some tools write PagingFiles that way). */
static char **string_list(hive_h *h, hive_node_h node, const char *name, size_t *n)
{
	hive_value_h v = node ? hivex_node_get_value(h, node, name) : 0;
	struct reg_value rv;
	*n = 0;
	if (!v || reg_value_read(h, v, &rv) != 0)
		return NULL;
	char **list = NULL;
	if (rv.type == hive_t_REG_MULTI_SZ && rv.strings) {
		list = rv.strings;
		*n = rv.nstrings;
		rv.strings = NULL;
	} else if ((rv.type == hive_t_REG_SZ || rv.type == hive_t_REG_EXPAND_SZ) && rv.text) {
		list = calloc(2, sizeof *list);
		if (list) {
			list[0] = rv.text;
			rv.text = NULL;
			*n = 1;
		}
	}
	reg_value_clear(&rv);
	return list;
}

static void read_values(hive_h *h, hive_node_h node, struct reg_value **out, size_t *n)
{
	hive_value_h *vals = hivex_node_values(h, node);
	size_t count = reg_handles_count(vals);
	*out = calloc(count ? count : 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; *out && i < count; i++)
		if (reg_value_read(h, vals[i], &(*out)[*n]) == 0)
			(*n)++;
	free(vals);
}

static int control_set_number(const char *name)
{
	if (strlen(name) != 13 || strncasecmp(name, "ControlSet", 10))
		return -1;
	uint64_t n;
	for (int i = 10; i < 13; i++)
		if (!isdigit((unsigned char)name[i]))
			return -1;
	return number_in_range(name + 10, 0, 999, &n) ? (int)n : -1;
}

static int by_number(const void *a, const void *b)
{
	return ((const struct control_set *)a)->number - ((const struct control_set *)b)->number;
}

static void read_control_set(hive_h *h, hive_node_h node, const char *name, int number, struct control_set *cs)
{
	memset(cs, 0, sizeof *cs);
	snprintf(cs->name, sizeof cs->name, "%s", name);
	cs->number = number;
	hive_node_h cc = reg_node_path(h, node, "Control\\CrashControl");
	if (cc) {
		cs->has_crash_control = true;
		read_values(h, cc, &cs->crash_control, &cs->ncrash_control);
	}
	hive_node_h mm = reg_node_path(h, node, "Control\\Session Manager\\Memory Management");
	cs->paging_files = string_list(h, mm, "PagingFiles", &cs->npaging_files);
	cs->existing_page_files = string_list(h, mm, "ExistingPageFiles", &cs->nexisting_page_files);
}

static void read_control_sets(hive_h *h, struct system_info *s)
{
	hive_node_h *children = hivex_node_children(h, hivex_root(h));
	size_t count = reg_handles_count(children);
	s->control_sets = calloc(count ? count : 1, sizeof *s->control_sets);
	for (size_t i = 0; s->control_sets && i < count; i++) {
		char *name = hivex_node_name(h, children[i]);
		int number = name ? control_set_number(name) : -1;
		if (number >= 0)
			read_control_set(h, children[i], name, number, &s->control_sets[s->ncontrol_sets++]);
		free(name);
	}
	free(children);
	if (s->ncontrol_sets)
		qsort(s->control_sets, s->ncontrol_sets, sizeof *s->control_sets, by_number);
}

static void read_mounted(hive_h *h, struct system_info *s)
{
	hive_node_h md = hivex_node_get_child(h, hivex_root(h), "MountedDevices");
	hive_value_h *vals = md ? hivex_node_values(h, md) : NULL;
	size_t count = reg_handles_count(vals);
	s->mounted = calloc(count ? count : 1, sizeof *s->mounted);
	for (size_t i = 0; s->mounted && i < count; i++) {
		struct reg_value rv;
		if (reg_value_read(h, vals[i], &rv) != 0)
			continue;
		mounted_device_decode(rv.name, rv.raw, rv.raw_len, &s->mounted[s->nmounted++]);
		reg_value_clear(&rv);
	}
	free(vals);
}

int system_read(hive_h *h, const char *file, struct system_info *s, struct rw_error *e)
{
	memset(s, 0, sizeof *s);
	hive_node_h sel = hivex_node_get_child(h, hivex_root(h), "Select");
	s->select.current = dword_at(h, sel, "Current");
	s->select.default_set = dword_at(h, sel, "Default");
	s->select.last_known_good = dword_at(h, sel, "LastKnownGood");
	s->select.failed = dword_at(h, sel, "Failed");
	read_control_sets(h, s);
	if (!sel && !s->ncontrol_sets) {
		system_free(s);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: not a SYSTEM hive (no Select key and no ControlSet00N)", file);
	}
	read_mounted(h, s);
	return 0;
}

static void free_list(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

void system_free(struct system_info *s)
{
	for (size_t i = 0; i < s->ncontrol_sets; i++) {
		struct control_set *cs = &s->control_sets[i];
		for (size_t j = 0; j < cs->ncrash_control; j++)
			reg_value_clear(&cs->crash_control[j]);
		free(cs->crash_control);
		free_list(cs->paging_files);
		free_list(cs->existing_page_files);
	}
	free(s->control_sets);
	for (size_t i = 0; i < s->nmounted; i++)
		mounted_device_clear(&s->mounted[i]);
	free(s->mounted);
	memset(s, 0, sizeof *s);
}

const struct control_set *system_control_set(const struct system_info *s, int number)
{
	for (size_t i = 0; i < s->ncontrol_sets; i++)
		if (s->control_sets[i].number == number)
			return &s->control_sets[i];
	return NULL;
}

int system_boot_control_set(const struct system_info *s)
{
	if (s->select.current >= 0 && system_control_set(s, s->select.current))
		return s->select.current;
	if (s->select.default_set >= 0 && system_control_set(s, s->select.default_set))
		return s->select.default_set;
	return s->ncontrol_sets ? s->control_sets[0].number : -1;
}

const struct reg_value *control_set_crash_value(const struct control_set *cs, const char *name)
{
	for (size_t i = 0; i < cs->ncrash_control; i++)
		if (!strcasecmp(cs->crash_control[i].name, name))
			return &cs->crash_control[i];
	return NULL;
}
