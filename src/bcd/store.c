/* Reading a whole BCD store with hivex, and the lookups that follow inheritance. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "hive/value.h"

static bool element_id(const char *name, uint32_t *id)
{
	if (strlen(name) != 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (!isxdigit((unsigned char)name[i]))
			return false;
	*id = (uint32_t)strtoul(name, NULL, 16);
	return true;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const struct bcd_element *)a)->id, y = ((const struct bcd_element *)b)->id;
	return x < y ? -1 : x > y;
}

static void read_elements(hive_h *h, hive_node_h obj, struct bcd_object *o)
{
	hive_node_h els = hivex_node_get_child(h, obj, "Elements");
	hive_node_h *children = els ? hivex_node_children(h, els) : NULL;
	size_t count = reg_handles_count(children);
	o->elements = calloc(count ? count : 1, sizeof *o->elements);
	for (size_t i = 0; o->elements && i < count; i++) {
		char *name = hivex_node_name(h, children[i]);
		uint32_t id;
		hive_value_h v = hivex_node_get_value(h, children[i], "Element");
		if (name && element_id(name, &id) && v) {
			hive_type t;
			size_t len;
			char *data = hivex_value_value(h, v, &t, &len);
			if (data)
				bcd_element_decode(id, (int)t, (const uint8_t *)data, len, &o->elements[o->nelements++]);
			free(data);
		}
		free(name);
	}
	free(children);
	if (o->nelements)
		qsort(o->elements, o->nelements, sizeof *o->elements, by_id);
}

static void read_object(hive_h *h, hive_node_h node, struct bcd_object *o)
{
	char *name = hivex_node_name(h, node);
	snprintf(o->key_name, sizeof o->key_name, "%s", name ? name : "");
	if (!guid_normalize(o->key_name, o->guid)) {
		snprintf(o->guid, sizeof o->guid, "%.38s", o->key_name);
		for (char *p = o->guid; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	free(name);
	o->alias = bcd_alias_for(o->guid);
	hive_node_h desc = hivex_node_get_child(h, node, "Description");
	hive_value_h type = desc ? hivex_node_get_value(h, desc, "Type") : 0;
	struct reg_value rv;
	if (type && reg_value_read(h, type, &rv) == 0) {
		o->type = rv.type == hive_t_REG_DWORD ? (uint32_t)rv.number : 0;
		reg_value_clear(&rv);
	}
	read_elements(h, node, o);
}

static bool is_system_store(hive_h *h)
{
	hive_node_h desc = hivex_node_get_child(h, hivex_root(h), "Description");
	hive_value_h v = desc ? hivex_node_get_value(h, desc, "KeyName") : 0;
	char *s = v ? hivex_value_string(h, v) : NULL;
	bool yes = s && !strcmp(s, "BCD00000000");
	free(s);
	return yes;
}

int bcd_read(hive_h *h, const char *file, struct bcd_store *s, struct rw_error *e)
{
	memset(s, 0, sizeof *s);
	hive_node_h objects = hivex_node_get_child(h, hivex_root(h), "Objects");
	if (!objects)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: not a BCD store (no Objects key)", file);
	s->is_system_store = is_system_store(h);
	hive_node_h *children = hivex_node_children(h, objects);
	size_t count = reg_handles_count(children);
	s->objects = calloc(count ? count : 1, sizeof *s->objects);
	for (size_t i = 0; s->objects && i < count; i++)
		read_object(h, children[i], &s->objects[s->nobjects++]);
	free(children);
	const struct bcd_object *bm = bcd_find(s, "{bootmgr}");
	const struct bcd_element *def = bm ? bcd_own(bm, BCD_DEFAULT) : NULL;
	if (def && def->decoded && def->string)
		snprintf(s->default_guid, sizeof s->default_guid, "%s", def->string);
	return 0;
}

void bcd_free(struct bcd_store *s)
{
	for (size_t i = 0; i < s->nobjects; i++) {
		for (size_t j = 0; j < s->objects[i].nelements; j++)
			bcd_element_clear(&s->objects[i].elements[j]);
		free(s->objects[i].elements);
	}
	free(s->objects);
	memset(s, 0, sizeof *s);
}

const struct bcd_object *bcd_find(const struct bcd_store *s, const char *guid_or_alias)
{
	char want[GUID_TEXT_LEN];
	const char *g = bcd_guid_for_alias(guid_or_alias);
	if (!guid_normalize(g, want))
		snprintf(want, sizeof want, "%s", g);
	for (size_t i = 0; i < s->nobjects; i++)
		if (!strcasecmp(s->objects[i].guid, want))
			return &s->objects[i];
	return NULL;
}

const struct bcd_element *bcd_own(const struct bcd_object *o, uint32_t id)
{
	for (size_t i = 0; i < o->nelements; i++)
		if (o->elements[i].id == id)
			return &o->elements[i];
	return NULL;
}

/* Depth-first over inherit lists; `seen` guards against cycles (objects are few: a linear list is enough). */
static const struct bcd_element *effective(const struct bcd_store *s, const struct bcd_object *o, uint32_t id,
					   const struct bcd_object **from, const struct bcd_object **seen,
					   size_t *nseen)
{
	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == o)
			return NULL;
	seen[(*nseen)++] = o;
	const struct bcd_element *el = bcd_own(o, id);
	if (el) {
		if (from)
			*from = o;
		return el;
	}
	const struct bcd_element *inherit = bcd_own(o, BCD_INHERIT);
	for (size_t i = 0; inherit && inherit->decoded && i < inherit->nlist; i++) {
		const struct bcd_object *parent = bcd_find(s, inherit->list[i]);
		if (parent && (el = effective(s, parent, id, from, seen, nseen)))
			return el;
	}
	return NULL;
}

const struct bcd_element *bcd_effective(const struct bcd_store *s, const struct bcd_object *o, uint32_t id,
					const struct bcd_object **from)
{
	const struct bcd_object **seen = calloc(s->nobjects + 1, sizeof *seen);
	size_t nseen = 0;
	const struct bcd_element *el = seen ? effective(s, o, id, from, seen, &nseen) : NULL;
	free(seen);
	return el;
}

bool bcd_is_os_loader(const struct bcd_object *o)
{
	return o->type == BCD_TYPE_OSLOADER;
}

static bool is_wim_device(const struct bcd_element *el)
{
	const char *p = el && el->decoded ? el->device.file_path : NULL;
	size_t n = p ? strlen(p) : 0;
	return n >= 4 && !strcasecmp(p + n - 4, ".wim");
}

bool bcd_is_winre(const struct bcd_store *s, const struct bcd_object *o)
{
	const struct bcd_element *winpe = bcd_effective(s, o, BCD_WINPE, NULL);
	if (winpe && winpe->decoded && winpe->integer)
		return true;
	return is_wim_device(bcd_own(o, BCD_OSDEVICE)) || is_wim_device(bcd_own(o, BCD_DEVICE));
}
