/* triage's report for people, wrapped to a width (80 for the command, the screen's for the TUI). Every text
 * that came from the disk (paths, driver names) is shown through utf8_quote: control characters escaped. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/utf16.h"
#include "report/report.h"
#include "triage/triage.h"
#include "wizard/discover.h"

#define LABEL 14 /* "  First steps " */

struct out {
	FILE *f;
	size_t width;
	bool started; /* a blank line goes before every heading but the first */
};

static void quoted(const char *s, char *buf, size_t len)
{
	utf8_printable(s, buf, len);
}

/* "  Label       text", the text wrapped under itself */
static void field(const struct out *o, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void field(const struct out *o, const char *label, const char *fmt, ...)
{
	char text[2048], shown[2048 * 4 / 3];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	quoted(text, shown, sizeof shown);
	int used = fprintf(o->f, "  %s ", label);
	for (; used < LABEL; used++)
		fputc(' ', o->f);
	report_wrapped(o->f, shown, (size_t)used, LABEL, o->width);
}

static void heading(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void heading(struct out *o, const char *fmt, ...)
{
	char text[PATH_MAX + 200], shown[sizeof text * 4 / 3];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	quoted(text, shown, sizeof shown);
	if (o->started)
		fputc('\n', o->f);
	o->started = true;
	report_wrapped(o->f, shown, 0, 2, o->width);
}

static const char *utc(uint64_t filetime, char *buf, size_t len)
{
	int64_t t;
	struct tm tm;
	time_t tt;
	if (!dump_filetime_to_unix(filetime, &t))
		return "not recorded";
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		return "not recorded";
	return buf;
}

/* "3 s", "13 min 5 s", "2 h 13 min", "5 d 3 h" */
static const char *duration(uint64_t seconds, char *buf, size_t len)
{
	uint64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
	if (d)
		snprintf(buf, len, "%" PRIu64 " d %" PRIu64 " h", d, h);
	else if (h)
		snprintf(buf, len, "%" PRIu64 " h %" PRIu64 " min", h, m);
	else if (m)
		snprintf(buf, len, "%" PRIu64 " min %" PRIu64 " s", m, s);
	else
		snprintf(buf, len, "%" PRIu64 " s", s);
	return buf;
}

static void facts(const struct out *o, const struct dump_file *d)
{
	const struct dump_header *h = &d->header;
	const char *machine = dump_machine_name(h->machine), *product = dump_product_type_name(h->product_type);
	char when[64], up[48], ram[32];
	field(o, "Dump", "%s %s, %s%s%d-bit%s, build %u, %u CPU%s%s%s", h->bits == 64 ? "PAGEDU64" : "PAGEDUMP",
	      dump_type_name(h->dump_type), machine ? machine : "", machine ? " (" : "", h->bits, machine ? ")" : "",
	      h->build, h->processors, h->processors == 1 ? "" : "s", product ? ", " : "", product ? product : "");
	if (h->uptime)
		field(o, "Crashed", "%s, %s after the start", utc(h->system_time, when, sizeof when),
		      duration(h->uptime / 10000000u, up, sizeof up));
	else
		field(o, "Crashed", "%s", utc(h->system_time, when, sizeof when));
	if (h->ram_bytes)
		field(o, "RAM", "%s (%" PRIu64 " pages in the header's memory runs)",
		      report_size(h->ram_bytes, ram, sizeof ram), h->memory_pages);
	else
		field(o, "RAM", "not recorded%s", h->dump_type == DUMP_TYPE_TRIAGE ? " (minidumps do not record it)" : "");
}

static void wizard_field(const struct out *o, const char *name, const char *target_options)
{
	struct wizard_folders folders;
	struct rw_error e = {0};
	char path[PATH_MAX];
	wizard_folders_find(NULL, &folders);
	if (wizard_locate(&folders, name, path, sizeof path, &e) == 0)
		field(o, "Wizard", "%s: rescuewiz wizard %s %s", name, name, target_options ? target_options : "--disk DEV");
	else
		field(o, "Wizard", "%s (not installed here: %s)", name, e.text);
}

/* the catalog's flag "collect a dump": is this the dump that is needed? */
static void collect_field(const struct out *o, const struct dump_file *d)
{
	char size[32];
	if (d->check.verdict == DUMP_COMPLETE && d->header.dump_type != DUMP_TYPE_TRIAGE)
		field(o, "Collect", "this stop is analysed from a dump, and this one is complete: copy it out (%s) and "
		      "send it for analysis", report_size(d->size, size, sizeof size));
	else if (d->check.verdict == DUMP_COMPLETE)
		field(o, "Collect", "this stop is analysed from a dump: send this minidump; if it does not tell enough, "
		      "have the next crash write a kernel or complete dump (wizard nmi-crash-dump)");
	else
		field(o, "Collect", "this stop is analysed from a dump, and this one is not complete: have the next "
		      "crash write one (wizard nmi-crash-dump sets a complete dump)");
}

static void stop(const struct out *o, const struct triage *t, const struct dump_file *d)
{
	struct stop_explained x;
	triage_explain(t->catalog, d, &x);
	field(o, "Stop", "0x%08" PRIX32 " %s", x.code, *x.name ? x.name : "(not in the stop-code catalog)");
	bool none = x.entry && x.entry->about && !x.entry->nparams;
	if (none)
		field(o, "Parameters", "none documented (0x%" PRIX64 ", 0x%" PRIX64 ", 0x%" PRIX64 ", 0x%" PRIX64 ")",
		      d->header.params[0], d->header.params[1], d->header.params[2], d->header.params[3]);
	for (int i = 0; !none && i < 4; i++) {
		char label[8];
		snprintf(label, sizeof label, "P%d", i + 1);
		field(o, label, "0x%" PRIX64 "%s%s", d->header.params[i], *x.meaning[i] ? "  " : "", x.meaning[i]);
	}
	if (x.module)
		field(o, "Driver", "%s, holding P%d (%s, base 0x%" PRIX64 ", %u bytes)", x.module_name, x.module_param + 1,
		      x.module->path, x.module->base, x.module->size);
	else if (*d->check.drivers_problem)
		field(o, "Driver", "%s", d->check.drivers_problem);
	if (!x.entry || !x.entry->about)
		return;
	field(o, "About", "%s", x.entry->about);
	field(o, "First steps", "%s", x.entry->first_steps);
	if (x.entry->wizard)
		wizard_field(o, x.entry->wizard, t->target_options);
	if (x.entry->collect_dump)
		collect_field(o, d);
}

static void one_dump(struct out *o, const struct triage *t, const struct dump_file *d)
{
	char size[32], when[40], part[24] = "";
	if (d->partition)
		snprintf(part, sizeof part, "partition %d, ", d->partition);
	heading(o, "%s  (%s, %s%s, %s)", d->where, snapshot_dump_place_name(d->place), part,
		report_size(d->size, size, sizeof size), report_time(d->mtime, when, sizeof when));
	bool page_file = d->place == DUMP_AT_PAGE_FILE || d->place == DUMP_AT_DEDICATED;
	if (page_file && (d->check.verdict == DUMP_NO_DUMP || d->check.verdict == DUMP_NOT_A_DUMP))
		field(o, "Verdict", "no dump left here (%s)", d->check.reason);
	else
		field(o, "Verdict", "%s", d->check.reason);
	if (!triage_has_bugcheck(d))
		return;
	facts(o, d);
	stop(o, t, d);
}

static bool any_complete(const struct triage *t)
{
	for (size_t i = 0; i < t->ndumps; i++)
		if (t->dumps[i].check.verdict == DUMP_COMPLETE)
			return true;
	return false;
}

/* No complete dump on the disk: why an NMI leaves none (seed 003, the catalog's 0x80 entry), and what the
 * control sets say about it. */
static void no_dump(struct out *o, const struct triage *t)
{
	bool twin;
	const struct stopcode *nmi = catalog_find(t->catalog, 0x80, &twin);
	const struct system_info *si = &t->snapshot->system;
	heading(o, "No complete dump on this disk");
	if (nmi && nmi->about)
		field(o, "After an NMI", "%s", nmi->about);
	for (size_t i = 0; t->snapshot->have_system && i < si->ncontrol_sets; i++) {
		const struct control_set *cs = &si->control_sets[i];
		char state[400];
		field(o, cs->name, "%s%s", cs->number == system_boot_control_set(si) ? "(boots) " : "",
		      triage_nmi_state(cs, state, sizeof state));
	}
	field(o, "Next", "have the next crash or NMI write a complete dump: rescuewiz wizard nmi-crash-dump %s",
	      t->target_options ? t->target_options : "--disk DEV");
}

static void problems(struct out *o, const struct snapshot *s)
{
	static const char *const sev[] = {"REFUSED", "warning", "note"};
	if (!s->nproblems)
		return;
	heading(o, "Health of the disk");
	for (size_t i = 0; i < s->nproblems; i++)
		field(o, sev[s->problems[i].severity], "%s", s->problems[i].text);
}

int triage_text(FILE *f, const struct triage *t, size_t width)
{
	struct out o = {f, width < 40 ? 40 : width, false};
	char found[300];
	if (t->snapshot)
		heading(&o, "Crash dumps of %s: %s", t->target, report_found(t->snapshot, found, sizeof found));
	else
		heading(&o, "Crash dump %s", t->target);
	if (*t->catalog->problem)
		field(&o, "warning", "%s", t->catalog->problem);
	if (t->snapshot && !t->ndumps)
		field(&o, "Found", "no MEMORY.DMP, no Minidump\\*.dmp and no page file on the Windows volume");
	for (size_t i = 0; i < t->ndumps; i++)
		one_dump(&o, t, &t->dumps[i]);
	if (t->snapshot && !any_complete(t))
		no_dump(&o, t);
	if (t->snapshot)
		problems(&o, t->snapshot);
	return ferror(f) ? -1 : 0;
}
