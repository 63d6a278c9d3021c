/* inspect --json. The shape is documented in doc/rescuewiz.8 (JSON OUTPUT): add fields, never rename. */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/version.h"
#include "report/report.h"
#include "triage/catalog.h"

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *hex32(uint32_t v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "0x%08" PRIx32, v);
	return json_object_new_string(buf);
}

static void add(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *location_json(const struct device_location *loc)
{
	json_object *o = json_object_new_object();
	add(o, "partition", loc->partition ? json_object_new_int(loc->partition) : NULL);
	add(o, "on_this_disk", json_object_new_boolean(loc->on_this_disk));
	add(o, "text", json_object_new_string(loc->text));
	return o;
}

static json_object *device_json(const struct snapshot *s, const struct bcd_device *d)
{
	json_object *o = json_object_new_object();
	add(o, "type", json_object_new_string(bcd_device_kind(d)));
	add(o, "type_number", json_object_new_int64(d->type));
	add(o, "options", str_or_null(d->options));
	if (d->has_partition) {
		add(o, "style", json_object_new_string(d->style == BCD_STYLE_MBR ? "mbr" : "gpt"));
		if (d->style == BCD_STYLE_MBR) {
			add(o, "mbr_signature", hex32(d->mbr_signature));
			add(o, "offset", json_object_new_int64((int64_t)d->mbr_offset));
		} else {
			add(o, "partition_guid", json_object_new_string(d->partition_guid));
			add(o, "disk_guid", json_object_new_string(d->disk_guid));
		}
	}
	add(o, "file", str_or_null(d->file_path));
	struct device_location loc;
	snapshot_locate_device(s, d, &loc);
	add(o, "location", location_json(&loc));
	return o;
}

static json_object *element_value(const struct snapshot *s, const struct bcd_element *el)
{
	if (!el->decoded)
		return NULL;
	json_object *a;
	switch (el->format) {
	case BCD_FORMAT_DEVICE:
		return device_json(s, &el->device);
	case BCD_FORMAT_STRING:
	case BCD_FORMAT_OBJECT:
		return json_object_new_string(el->string ? el->string : "");
	case BCD_FORMAT_OBJECT_LIST:
		a = json_object_new_array();
		for (size_t i = 0; i < el->nlist; i++)
			json_object_array_add(a, json_object_new_string(el->list[i]));
		return a;
	case BCD_FORMAT_INTEGER:
		return json_object_new_uint64(el->integer);
	case BCD_FORMAT_BOOLEAN:
		return json_object_new_boolean(el->integer != 0);
	case BCD_FORMAT_INTEGER_LIST:
		a = json_object_new_array();
		for (size_t i = 0; i < el->nintegers; i++)
			json_object_array_add(a, json_object_new_uint64(el->integers[i]));
		return a;
	default:
		return NULL;
	}
}

static json_object *effective_json(const struct bcd_store *st, const struct bcd_object *o, uint32_t id,
				   bool boolean)
{
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(st, o, id, &from);
	json_object *v = json_object_new_object();
	if (!el || !el->decoded) {
		add(v, "value", NULL);
		add(v, "from", NULL);
		return v;
	}
	add(v, "value", boolean ? json_object_new_boolean(el->integer != 0) : json_object_new_uint64(el->integer));
	add(v, "from", json_object_new_string(from->alias ? from->alias : from->guid));
	return v;
}

static json_object *ems_json(const struct bcd_store *st, const struct bcd_object *o)
{
	json_object *e = json_object_new_object();
	const struct bcd_object *bootmgr = bcd_find(st, "{bootmgr}");
	add(e, "ems", effective_json(st, o, BCD_EMS, true));
	add(e, "bootems", bootmgr ? effective_json(st, bootmgr, BCD_BOOTEMS, true) : NULL);
	add(e, "emsport", effective_json(st, o, BCD_EMSPORT, false));
	add(e, "emsbaudrate", effective_json(st, o, BCD_EMSBAUDRATE, false));
	return e;
}

static bool in_displayorder(const struct bcd_store *st, const char *guid)
{
	const struct bcd_object *bm = bcd_find(st, "{bootmgr}");
	const struct bcd_element *el = bm ? bcd_own(bm, BCD_DISPLAYORDER) : NULL;
	for (size_t i = 0; el && el->decoded && i < el->nlist; i++)
		if (!strcmp(el->list[i], guid))
			return true;
	return false;
}

static json_object *object_json(const struct snapshot *s, const struct bcd_object *o)
{
	const struct bcd_store *st = &s->bcd;
	json_object *j = json_object_new_object();
	add(j, "guid", json_object_new_string(o->guid));
	add(j, "alias", str_or_null(o->alias));
	add(j, "key_name", json_object_new_string(o->key_name));
	add(j, "type", hex32(o->type));
	add(j, "type_name", json_object_new_string(bcd_type_name(o->type)));
	const struct bcd_element *desc = bcd_own(o, BCD_DESCRIPTION);
	add(j, "description", desc && desc->decoded ? json_object_new_string(desc->string) : NULL);
	add(j, "is_default", json_object_new_boolean(!strcmp(o->guid, st->default_guid)));
	add(j, "in_displayorder", json_object_new_boolean(in_displayorder(st, o->guid)));
	add(j, "is_os_loader", json_object_new_boolean(bcd_is_os_loader(o)));
	add(j, "is_winre", json_object_new_boolean(bcd_is_winre(st, o)));
	if (bcd_is_os_loader(o) || o->type == BCD_TYPE_BOOTMGR)
		add(j, "ems", ems_json(st, o));
	json_object *els = json_object_new_object(), *problems = json_object_new_array();
	for (size_t i = 0; i < o->nelements; i++) {
		const struct bcd_element *el = &o->elements[i];
		char id[16];
		snprintf(id, sizeof id, "%08" PRIx32, el->id);
		add(els, id, element_value(s, el));
		if (!el->decoded) {
			json_object *p = json_object_new_object();
			add(p, "element", json_object_new_string(id));
			add(p, "problem", json_object_new_string(el->problem));
			json_object_array_add(problems, p);
		}
	}
	add(j, "elements", els);
	add(j, "element_problems", problems);
	return j;
}

static json_object *health_json(const struct hive_file *hf)
{
	const struct regf_health *h = &hf->health;
	json_object *o = json_object_new_object();
	add(o, "state", json_object_new_string(regf_state_name(h->state)));
	add(o, "problem", str_or_null(h->problem));
	add(o, "primary_sequence", json_object_new_int64(h->base.primary_seq));
	add(o, "secondary_sequence", json_object_new_int64(h->base.secondary_seq));
	add(o, "logs_hold_newer_data", json_object_new_boolean(h->logs_hold_newer_data));
	static const char *const formats[] = {"none", "empty", "old", "new", "invalid"};
	json_object *logs = json_object_new_array();
	for (size_t i = 0; i < h->nlogs; i++) {
		const struct regf_log_info *l = &h->logs[i];
		if (!l->present)
			continue;
		json_object *lj = json_object_new_object();
		add(lj, "name", json_object_new_string(l->name));
		add(lj, "size", json_object_new_int64((int64_t)l->size));
		add(lj, "format", json_object_new_string(l->format >= 0 && l->format <= 4 ? formats[l->format] : "?"));
		add(lj, "entries", json_object_new_int64(l->entries));
		add(lj, "problem", str_or_null(l->problem));
		json_object_array_add(logs, lj);
	}
	add(o, "logs", logs);
	return o;
}

static json_object *hive_file_json(const struct hive_file *hf)
{
	json_object *o = json_object_new_object();
	add(o, "partition", hf->partition ? json_object_new_int(hf->partition) : NULL);
	add(o, "path", json_object_new_string(hf->where));
	add(o, "readable", json_object_new_boolean(hf->readable));
	add(o, "health", health_json(hf));
	return o;
}

static json_object *bcd_json(const struct snapshot *s)
{
	if (!s->bcd_file.found)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "file", hive_file_json(&s->bcd_file));
	if (!s->have_bcd)
		return o;
	add(o, "is_system_store", json_object_new_boolean(s->bcd.is_system_store));
	add(o, "default", str_or_null(s->bcd.default_guid));
	json_object *objs = json_object_new_array();
	for (size_t i = 0; i < s->bcd.nobjects; i++)
		json_object_array_add(objs, object_json(s, &s->bcd.objects[i]));
	add(o, "objects", objs);
	return o;
}

static json_object *reg_value_json(const struct reg_value *v)
{
	json_object *a;
	switch (v->type) {
	case hive_t_REG_DWORD:
	case hive_t_REG_DWORD_BIG_ENDIAN:
	case hive_t_REG_QWORD:
		return json_object_new_uint64(v->number);
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
	case hive_t_REG_LINK:
		return json_object_new_string(v->text ? v->text : "");
	case hive_t_REG_MULTI_SZ:
		a = json_object_new_array();
		for (size_t i = 0; i < v->nstrings; i++)
			json_object_array_add(a, json_object_new_string(v->strings[i]));
		return a;
	default: {
		char *hex = malloc(v->raw_len * 2 + 1);
		if (!hex)
			return NULL;
		for (size_t i = 0; i < v->raw_len; i++)
			snprintf(hex + 2 * i, 3, "%02x", v->raw[i]);
		hex[v->raw_len * 2] = '\0';
		a = json_object_new_string(hex);
		free(hex);
		return a;
	}
	}
}

static json_object *strings_json(char **list, size_t n)
{
	if (!list)
		return NULL;
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(list[i]));
	return a;
}

static json_object *control_set_json(const struct control_set *cs)
{
	json_object *o = json_object_new_object(), *cc = json_object_new_object(), *types = json_object_new_object();
	add(o, "name", json_object_new_string(cs->name));
	add(o, "number", json_object_new_int(cs->number));
	add(o, "has_crash_control", json_object_new_boolean(cs->has_crash_control));
	for (size_t i = 0; i < cs->ncrash_control; i++) {
		add(cc, cs->crash_control[i].name, reg_value_json(&cs->crash_control[i]));
		add(types, cs->crash_control[i].name, json_object_new_string(reg_type_name(cs->crash_control[i].type)));
	}
	add(o, "crash_control", cc);
	add(o, "crash_control_types", types);
	add(o, "paging_files", strings_json(cs->paging_files, cs->npaging_files));
	add(o, "existing_page_files", strings_json(cs->existing_page_files, cs->nexisting_page_files));
	return o;
}

static json_object *mounted_json(const struct snapshot *s, const struct mounted_device *m)
{
	static const char *const kinds[] = {"mbr", "gpt", "other"};
	json_object *o = json_object_new_object();
	add(o, "name", json_object_new_string(m->name));
	char letter[3] = {m->letter, ':', 0};
	add(o, "letter", m->letter ? json_object_new_string(letter) : NULL);
	add(o, "kind", json_object_new_string(kinds[m->kind]));
	if (m->kind == MOUNTED_MBR) {
		add(o, "mbr_signature", hex32(m->mbr_signature));
		add(o, "offset", json_object_new_int64((int64_t)m->mbr_offset));
	} else if (m->kind == MOUNTED_GPT) {
		add(o, "partition_guid", json_object_new_string(m->partition_guid));
	} else {
		add(o, "device", json_object_new_string(m->other ? m->other : ""));
	}
	struct device_location loc;
	snapshot_locate_mounted(s, m, &loc);
	add(o, "location", location_json(&loc));
	return o;
}

static json_object *select_num(int v)
{
	return v < 0 ? NULL : json_object_new_int(v);
}

static json_object *system_json(const struct snapshot *s)
{
	if (!s->system_file.found)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "file", hive_file_json(&s->system_file));
	if (!s->have_system)
		return o;
	const struct system_info *si = &s->system;
	json_object *sel = json_object_new_object();
	add(sel, "current", select_num(si->select.current));
	add(sel, "default", select_num(si->select.default_set));
	add(sel, "last_known_good", select_num(si->select.last_known_good));
	add(sel, "failed", select_num(si->select.failed));
	add(o, "select", sel);
	add(o, "boot_control_set", select_num(system_boot_control_set(si)));
	json_object *sets = json_object_new_array(), *md = json_object_new_array();
	for (size_t i = 0; i < si->ncontrol_sets; i++)
		json_object_array_add(sets, control_set_json(&si->control_sets[i]));
	for (size_t i = 0; i < si->nmounted; i++)
		json_object_array_add(md, mounted_json(s, &si->mounted[i]));
	add(o, "control_sets", sets);
	add(o, "mounted_devices", md);
	return o;
}

static json_object *number_or_null(int64_t v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

static json_object *windows_json(const struct snapshot *s)
{
	if (!s->software_file.found)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "file", hive_file_json(&s->software_file));
	if (!s->have_software)
		return o;
	const struct software_info *si = &s->software;
	int build = software_build(si);
	char product[160], described[200];
	add(o, "product", *si->product_name ? json_object_new_string(software_product(si, product, sizeof product))
					    : NULL);
	add(o, "product_name", str_or_null(si->product_name));
	add(o, "description", json_object_new_string(software_describe(si, described, sizeof described)));
	add(o, "edition", str_or_null(si->edition_id));
	add(o, "installation_type", str_or_null(si->installation_type));
	add(o, "build", build ? json_object_new_int(build) : NULL);
	add(o, "ubr", number_or_null(si->ubr));
	add(o, "display_version", str_or_null(si->display_version));
	add(o, "major_version", number_or_null(si->major_version));
	add(o, "minor_version", number_or_null(si->minor_version));
	add(o, "current_version", str_or_null(si->current_version));
	return o;
}

static json_object *disk_json(const struct snapshot *s)
{
	if (!s->have_disk)
		return NULL;
	const struct disk *d = &s->disk;
	static const char *const roles[] = {"other", "esp", "msr", "recovery", "basic-data"};
	json_object *o = json_object_new_object(), *parts = json_object_new_array();
	add(o, "path", json_object_new_string(d->path));
	add(o, "is_image", json_object_new_boolean(d->is_image));
	add(o, "size", json_object_new_int64((int64_t)d->size));
	add(o, "model", str_or_null(d->model));
	add(o, "partition_table", str_or_null(d->pttype));
	add(o, "mbr_signature", strcmp(d->pttype, "dos") ? NULL : hex32(d->mbr_signature));
	add(o, "disk_guid", str_or_null(d->disk_guid));
	for (int i = 0; i < d->nparts; i++) {
		const struct partition *p = &d->parts[i];
		json_object *pj = json_object_new_object();
		add(pj, "number", json_object_new_int(p->number));
		add(pj, "start", json_object_new_int64((int64_t)p->start));
		add(pj, "size", json_object_new_int64((int64_t)p->size));
		add(pj, "type", json_object_new_string(p->type));
		add(pj, "role", json_object_new_string(roles[p->role]));
		add(pj, "name", str_or_null(p->name));
		add(pj, "guid", str_or_null(p->guid));
		add(pj, "bootable", json_object_new_boolean(p->bootable));
		add(pj, "fs", str_or_null(p->fstype));
		add(pj, "label", str_or_null(p->label));
		add(pj, "uuid", str_or_null(p->uuid));
		add(pj, "bitlocker", json_object_new_boolean(p->bitlocker));
		char letter[3] = {snapshot_letter_of(s, p->number), ':', 0};
		add(pj, "letter", letter[0] ? json_object_new_string(letter) : NULL);
		json_object_array_add(parts, pj);
	}
	add(o, "partitions", parts);
	return o;
}

static json_object *volumes_json(const struct snapshot *s)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < s->nvolumes; i++) {
		const struct volume_info *v = &s->volumes[i];
		json_object *o = json_object_new_object();
		add(o, "partition", v->partition ? json_object_new_int(v->partition) : NULL);
		add(o, "readable", json_object_new_boolean(v->mounted));
		add(o, "free_bytes", v->mounted ? json_object_new_int64((int64_t)v->free_bytes) : NULL);
		add(o, "total_bytes", v->mounted ? json_object_new_int64((int64_t)v->total_bytes) : NULL);
		add(o, "holds_windows", json_object_new_boolean(v->holds_windows));
		add(o, "holds_bcd", json_object_new_boolean(v->holds_bcd));
		add(o, "hibernated", json_object_new_boolean(v->hibernated));
		add(o, "ntfs_dirty", json_object_new_boolean(v->ntfs_dirty));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *dumps_json(const struct snapshot *s)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < s->ndumps; i++) {
		const struct dump_file *d = &s->dumps[i];
		const struct dump_header *h = &d->header;
		char when[40], name[96];
		if (!report_lists_dump(d))
			continue;
		json_object *o = json_object_new_object();
		add(o, "partition", d->partition ? json_object_new_int(d->partition) : NULL);
		add(o, "path", json_object_new_string(d->where));
		add(o, "size", json_object_new_int64((int64_t)d->size));
		add(o, "mtime", json_object_new_string(report_time(d->mtime, when, sizeof when)));
		add(o, "where", json_object_new_string(snapshot_dump_place_name(d->place)));
		add(o, "verdict", json_object_new_string(dump_verdict_code(d->check.verdict)));
		add(o, "reason", json_object_new_string(d->check.reason));
		json_object *hj = json_object_new_object();
		add(hj, "valid", json_object_new_boolean(h->valid));
		add(hj, "never_written", json_object_new_boolean(h->never_written));
		if (h->valid) {
			add(hj, "bits", json_object_new_int(h->bits));
			add(hj, "build", json_object_new_int64(h->build));
			add(hj, "processors", json_object_new_int64(h->processors));
			add(hj, "bugcheck", hex32(h->bugcheck));
			add(hj, "bugcheck_name", str_or_null(catalog_name(catalog_default(), h->bugcheck, name, sizeof name)));
			json_object *params = json_object_new_array();
			for (int k = 0; k < 4; k++) {
				char p[24];
				snprintf(p, sizeof p, "0x%" PRIx64, h->params[k]);
				json_object_array_add(params, json_object_new_string(p));
			}
			add(hj, "parameters", params);
			add(hj, "dump_type", h->dump_type ? json_object_new_string(dump_type_name(h->dump_type)) : NULL);
			add(hj, "ram_bytes", json_object_new_int64((int64_t)h->ram_bytes));
		}
		add(hj, "problem", str_or_null(h->problem));
		add(o, "header", hj);
		json_object_array_add(a, o);
	}
	return a;
}

json_object *report_problems_json(const struct snapshot *s)
{
	static const char *const sev[] = {"refuse", "warn", "note"};
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < s->nproblems; i++) {
		json_object *o = json_object_new_object();
		add(o, "severity", json_object_new_string(sev[s->problems[i].severity]));
		add(o, "code", json_object_new_string(s->problems[i].code));
		add(o, "message", json_object_new_string(s->problems[i].text));
		json_object_array_add(a, o);
	}
	return a;
}

/* Prints a document the way every JSON of inspect is printed, and frees it. */
static int print_json(FILE *out, json_object *root)
{
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = fprintf(out, "%s\n", text) < 0 ? -1 : 0;
	json_object_put(root);
	return rc;
}

int report_json(FILE *out, const struct snapshot *s)
{
	json_object *root = json_object_new_object(), *layout = json_object_new_object();
	add(root, "rescuewiz", json_object_new_string(RESCUEWIZ_VERSION));
	add(root, "disk", disk_json(s));
	add(layout, "generation", s->generation ? json_object_new_int(s->generation) : NULL);
	add(layout, "why", json_object_new_string(s->generation_why));
	add(layout, "windows_partition", s->windows_partition ? json_object_new_int(s->windows_partition) : NULL);
	add(layout, "bcd_partition", s->bcd_file.partition ? json_object_new_int(s->bcd_file.partition) : NULL);
	add(root, "layout", layout);
	add(root, "volumes", volumes_json(s));
	add(root, "windows", windows_json(s));
	add(root, "bcd", bcd_json(s));
	add(root, "system", system_json(s));
	add(root, "dumps", dumps_json(s));
	json_object *catalog = json_object_new_object();
	add(catalog, "file", str_or_null(catalog_default()->file));
	add(catalog, "problem", str_or_null(catalog_default()->problem));
	add(root, "catalog", catalog);
	add(root, "problems", report_problems_json(s));
	add(root, "refused", json_object_new_boolean(snapshot_refused(s)));
	char found[300];
	add(root, "found", json_object_new_string(report_found(s, found, sizeof found)));
	return print_json(out, root);
}

json_object *report_candidate_json(const struct candidate *c, const struct snapshot *s, const char *problem)
{
	json_object *o = json_object_new_object();
	char found[300], windows[200];
	add(o, "path", json_object_new_string(c->path));
	add(o, "size", json_object_new_int64((int64_t)c->size));
	add(o, "model", json_object_new_string(c->model));
	add(o, "generation", json_object_new_int(s ? s->generation : 0));
	add(o, "refused", json_object_new_boolean(!s || snapshot_refused(s)));
	add(o, "found", json_object_new_string(s ? report_found(s, found, sizeof found) : problem));
	add(o, "windows", s && s->have_software
				  ? json_object_new_string(software_describe(&s->software, windows, sizeof windows))
				  : NULL);
	return o;
}

int report_candidates_json(FILE *out, json_object *entries)
{
	json_object *root = json_object_new_object();
	add(root, "candidates", entries);
	return print_json(out, root);
}
