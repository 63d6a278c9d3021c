/* Reading a whole BCD store with hivex, and the lookups that follow inheritance. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "core/number.h"
#include "hive/value.h"

/* Element keys are 8 hex digits; bcdedit writes them lower case, other tools upper case. */
static bool element_id(const char *name, uint32_t *id)
{
	char hex[16];
	uint64_t v;
	if (strlen(name) != 8 || !isxdigit((unsigned char)name[0]))
		return false;
	snprintf(hex, sizeof hex, "0x%s", name);
	if (!number_in_range(hex, 0, UINT32_MAX, &v))
		return false;
	*id = (uint32_t)v;
	return true;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const struct bcd_element *)a)->id, y = ((const struct bcd_element *)b)->id;
	return x < y ? -1 : x > y;
}

static void read_element(hive_h *h, hive_node_h key, uint32_t id, struct bcd_element *el)
{
	hive_value_h v = hivex_node_get_value(h, key, "Element");
	if (!v) {
		bcd_element_unreadable(id, "the key has no Element value", el);
		return;
	}
	hive_type t;
	size_t len;
	char *data = hivex_value_value(h, v, &t, &len);
	if (!data) {
		char why[128];
		snprintf(why, sizeof why, "hivex could not read the Element value: %s", strerror(errno));
		bcd_element_unreadable(id, why, el);
		return;
	}
	bcd_element_decode(id, (int)t, (const uint8_t *)data, len, el);
	free(data);
}

static void read_elements(hive_h *h, hive_node_h obj, struct bcd_object *o)
{
	hive_node_h els = hivex_node_get_child(h, obj, "Elements");
	hive_node_h *keys = els ? hivex_node_children(h, els) : NULL;
	size_t count = reg_handles_count(keys);
	o->elements = calloc(count ? count : 1, sizeof *o->elements);
	for (size_t i = 0; o->elements && i < count; i++) {
		char *name = hivex_node_name(h, keys[i]);
		uint32_t id;
		if (name && element_id(name, &id))
			read_element(h, keys[i], id, &o->elements[o->nelements++]);
		free(name);
	}
	free(keys);
	if (o->nelements)
		qsort(o->elements, o->nelements, sizeof *o->elements, by_id);
}

/* A key name that is not a GUID is kept: its lower-case form stands in for the GUID. */
static void name_object(const char *name, struct bcd_object *o)
{
	snprintf(o->key_name, sizeof o->key_name, "%s", name);
	if (!guid_normalize(name, o->guid)) {
		snprintf(o->guid, sizeof o->guid, "%s", name);
		for (char *p = o->guid; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	o->alias = bcd_alias_for(o->guid);
}

static uint32_t object_type(hive_h *h, hive_node_h node)
{
	hive_node_h desc = hivex_node_get_child(h, node, "Description");
	hive_value_h v = desc ? hivex_node_get_value(h, desc, "Type") : 0;
	struct reg_value rv;
	if (!v || reg_value_read(h, v, &rv) != 0)
		return 0;
	uint32_t type = rv.type == hive_t_REG_DWORD ? (uint32_t)rv.number : 0;
	reg_value_clear(&rv);
	return type;
}

static void read_object(hive_h *h, hive_node_h node, struct bcd_object *o)
{
	char *name = hivex_node_name(h, node);
	name_object(name ? name : "", o);
	free(name);
	o->type = object_type(h, node);
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

static void find_default(struct bcd_store *s)
{
	const struct bcd_object *bm = bcd_find(s, "{bootmgr}");
	const struct bcd_element *def = bm ? bcd_own(bm, BCD_DEFAULT) : NULL;
	if (def && def->decoded && def->string)
		snprintf(s->default_guid, sizeof s->default_guid, "%s", def->string);
}

int bcd_read(hive_h *h, const char *file, struct bcd_store *s, struct rw_error *e)
{
	memset(s, 0, sizeof *s);
	hive_node_h objects = hivex_node_get_child(h, hivex_root(h), "Objects");
	if (!objects)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: not a BCD store (no Objects key)", file);
	s->is_system_store = is_system_store(h);
	hive_node_h *keys = hivex_node_children(h, objects);
	size_t count = reg_handles_count(keys);
	s->objects = calloc(count ? count : 1, sizeof *s->objects);
	if (!s->objects) {
		free(keys);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: out of memory reading %zu BCD objects", file, count);
	}
	for (size_t i = 0; i < count; i++)
		read_object(h, keys[i], &s->objects[s->nobjects++]);
	free(keys);
	find_default(s);
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
	size_t lo = 0, hi = o->nelements;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->elements[mid].id == id)
			return &o->elements[mid];
		if (o->elements[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Iterative, so a long chain can not run the stack out; a frame per object entered, each entered once. */
struct frame {
	const struct bcd_object *o;
	size_t next; /* the next entry of its inherit list */
};

/* Where an object's "entered" mark lives: its index in the store, or the extra last place for an object
 * from outside the store (a caller's copy). */
static size_t slot_of(const struct bcd_store *s, const struct bcd_object *o)
{
	return o >= s->objects && o < s->objects + s->nobjects ? (size_t)(o - s->objects) : s->nobjects;
}

const struct bcd_object *bcd_inherit_walk(const struct bcd_store *s, const struct bcd_object *o,
					  bool (*stop)(const struct bcd_object *, void *), void *ctx, size_t *visits)
{
	size_t places = s->nobjects + 1, depth = 0, entered = 0;
	bool *seen = o ? calloc(places, sizeof *seen) : NULL;
	struct frame *stack = seen ? calloc(places, sizeof *stack) : NULL;
	const struct bcd_object *found = NULL;
	for (const struct bcd_object *next = stack ? o : NULL; next || depth;) {
		if (next && !seen[slot_of(s, next)]) {
			seen[slot_of(s, next)] = true;
			entered++;
			if (stop(next, ctx)) {
				found = next;
				break;
			}
			stack[depth++] = (struct frame){next, 0};
		}
		struct frame *top = &stack[depth - 1];
		const struct bcd_element *inherit = bcd_own(top->o, BCD_INHERIT);
		if (inherit && inherit->decoded && top->next < inherit->nlist)
			next = bcd_find(s, inherit->list[top->next++]);
		else {
			next = NULL;
			depth--;
		}
	}
	free(stack);
	free(seen);
	if (visits)
		*visits = entered;
	return found;
}

static bool holds_element(const struct bcd_object *o, void *id)
{
	return bcd_own(o, *(const uint32_t *)id) != NULL;
}

const struct bcd_element *bcd_effective(const struct bcd_store *s, const struct bcd_object *o, uint32_t id,
					const struct bcd_object **from)
{
	const struct bcd_object *holder = bcd_inherit_walk(s, o, holds_element, &id, NULL);
	if (from && holder)
		*from = holder;
	return holder ? bcd_own(holder, id) : NULL;
}

bool bcd_is_os_loader(const struct bcd_object *o)
{
	return o->type == BCD_TYPE_OSLOADER;
}

static const char *wim_path(const struct bcd_element *el)
{
	const char *p = el && el->decoded ? el->device.file_path : NULL;
	size_t n = p ? strlen(p) : 0;
	return n >= 4 && !strcasecmp(p + n - 4, ".wim") ? p : NULL;
}

const char *bcd_wim_image(const struct bcd_store *s, const struct bcd_object *o)
{
	const char *p = wim_path(bcd_effective(s, o, BCD_OSDEVICE, NULL));
	return p ? p : wim_path(bcd_effective(s, o, BCD_DEVICE, NULL));
}

bool bcd_is_winpe(const struct bcd_store *s, const struct bcd_object *o)
{
	const struct bcd_element *winpe = bcd_effective(s, o, BCD_WINPE, NULL);
	return winpe && winpe->decoded && winpe->integer;
}

/* The description is never used: operators rename entries, and "Recovery" in a name proves nothing. */
bool bcd_is_winre(const struct bcd_store *s, const struct bcd_object *o)
{
	return bcd_is_winpe(s, o) || bcd_wim_image(s, o);
}
