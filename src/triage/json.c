/* triage --json: one object, {"dumps": [...]} and what the disk says about collecting them. The shape is
 * documented in rescuewiz(8), TRIAGE: fields are only ever added. json-c escapes every string it prints,
 * so text from the disk can not break the document or the terminal. */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>

#include "core/version.h"
#include "report/report.h"
#include "triage/triage.h"

static void add(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *text_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *hex(uint64_t v, int digits)
{
	char buf[24];
	snprintf(buf, sizeof buf, "0x%0*" PRIx64, digits, v);
	return json_object_new_string(buf);
}

static json_object *module_json(const struct stop_explained *x)
{
	if (!x->module)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "name", json_object_new_string(x->module_name));
	add(o, "path", json_object_new_string(x->module->path));
	add(o, "base", hex(x->module->base, 1));
	add(o, "size", json_object_new_int64(x->module->size));
	add(o, "parameter", json_object_new_int(x->module_param + 1));
	return o;
}

static json_object *bugcheck_json(const struct stop_explained *x)
{
	json_object *o = json_object_new_object(), *params = json_object_new_array(), *meaning = json_object_new_array();
	add(o, "code", hex(x->code, 8));
	add(o, "name", text_or_null(x->name));
	for (int i = 0; i < 4; i++) {
		json_object_array_add(params, json_object_new_string(x->params[i]));
		json_object_array_add(meaning, text_or_null(x->meaning[i]));
	}
	add(o, "params", params);
	add(o, "meaning", meaning);
	const struct stopcode *sc = x->entry && x->entry->about ? x->entry : NULL;
	add(o, "about", text_or_null(sc ? sc->about : NULL));
	add(o, "first_steps", text_or_null(sc ? sc->first_steps : NULL));
	add(o, "wizard", text_or_null(sc ? sc->wizard : NULL));
	add(o, "collect_dump", json_object_new_boolean(sc && sc->collect_dump));
	return o;
}

static json_object *dump_json(const struct triage *t, const struct dump_file *d)
{
	const struct dump_header *h = &d->header;
	bool known = triage_has_bugcheck(d);
	int64_t crashed;
	char when[40];
	json_object *o = json_object_new_object();
	add(o, "path", json_object_new_string(d->where));
	add(o, "where", json_object_new_string(snapshot_dump_place_name(d->place)));
	add(o, "partition", d->partition ? json_object_new_int(d->partition) : NULL);
	add(o, "size", json_object_new_int64((int64_t)d->size));
	add(o, "verdict", json_object_new_string(dump_verdict_code(d->check.verdict)));
	add(o, "reason", json_object_new_string(d->check.reason));
	add(o, "complete", json_object_new_boolean(d->check.verdict == DUMP_COMPLETE));
	add(o, "expected_size", d->check.expected_size ? json_object_new_int64((int64_t)d->check.expected_size) : NULL);
	add(o, "bits", known ? json_object_new_int(h->bits) : NULL);
	add(o, "machine", known ? text_or_null(dump_machine_name(h->machine)) : NULL);
	add(o, "type", known && h->dump_type ? json_object_new_string(dump_type_name(h->dump_type)) : NULL);
	add(o, "type_number", known ? json_object_new_int64(h->dump_type) : NULL);
	add(o, "build", known ? json_object_new_int64(h->build) : NULL);
	add(o, "processors", known ? json_object_new_int64(h->processors) : NULL);
	add(o, "product_type", known ? text_or_null(dump_product_type_name(h->product_type)) : NULL);
	add(o, "time", known && dump_filetime_to_unix(h->system_time, &crashed)
			       ? json_object_new_string(report_time((time_t)crashed, when, sizeof when))
			       : NULL);
	add(o, "uptime_seconds", known && h->uptime ? json_object_new_int64((int64_t)(h->uptime / 10000000u)) : NULL);
	add(o, "ram_bytes", known && h->ram_bytes ? json_object_new_int64((int64_t)h->ram_bytes) : NULL);
	if (!known) {
		add(o, "bugcheck", NULL);
		add(o, "module", NULL);
		return o;
	}
	struct stop_explained x;
	triage_explain(t->catalog, d, &x);
	add(o, "bugcheck", bugcheck_json(&x));
	add(o, "module", module_json(&x));
	add(o, "drivers_problem", text_or_null(d->check.drivers_problem));
	return o;
}

static json_object *nmi_json(const struct snapshot *s)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; s->have_system && i < s->system.ncontrol_sets; i++) {
		const struct control_set *cs = &s->system.control_sets[i];
		char state[400];
		json_object *o = json_object_new_object();
		add(o, "control_set", json_object_new_string(cs->name));
		add(o, "boots", json_object_new_boolean(cs->number == system_boot_control_set(&s->system)));
		add(o, "state", json_object_new_string(triage_nmi_state(cs, state, sizeof state)));
		json_object_array_add(a, o);
	}
	return a;
}

int triage_json(FILE *out, const struct triage *t)
{
	json_object *root = json_object_new_object(), *dumps = json_object_new_array(), *cat = json_object_new_object();
	add(root, "rescuewiz", json_object_new_string(RESCUEWIZ_VERSION));
	add(root, "target", json_object_new_string(t->target));
	for (size_t i = 0; i < t->ndumps; i++)
		json_object_array_add(dumps, dump_json(t, &t->dumps[i]));
	add(root, "dumps", dumps);
	add(cat, "file", text_or_null(t->catalog->file));
	add(cat, "problem", text_or_null(t->catalog->problem));
	add(root, "catalog", cat);
	add(root, "nmi", t->snapshot ? nmi_json(t->snapshot) : NULL);
	add(root, "problems", t->snapshot ? report_problems_json(t->snapshot) : NULL);
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = fprintf(out, "%s\n", text) < 0 ? -1 : 0;
	json_object_put(root);
	return rc;
}
