/* inspect's report for people: sections in the order an operator checks them, every line within 80
 * columns (long values are cut with "..."). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf16.h"
#include "report/report.h"
#include "triage/catalog.h"

#define WIDTH 80

#define CONTINUATION 12 /* where wrapped text goes on: the value column */

static void wrapped(FILE *out, const char *t, size_t first, size_t indent)
{
	report_wrapped(out, t, first, indent, WIDTH);
}

static void line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(FILE *out, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (size_t n = strlen(buf); n && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	wrapped(out, buf, 0, CONTINUATION);
}

static void heading(FILE *out, const char *title)
{
	fprintf(out, "\n%s\n", title);
}

static void disk_section(FILE *out, const struct snapshot *s)
{
	const struct disk *d = &s->disk;
	char size[32], start[32];
	char found[300];
	line(out, "Disk        %s, %s%s%s", d->path, report_size(d->size, size, sizeof size), *d->model ? ", " : "",
	     d->model);
	line(out, "Found       %s", report_found(s, found, sizeof found));
	if (!strcmp(d->pttype, "dos"))
		line(out, "Table       MBR, disk signature 0x%08x", d->mbr_signature);
	else
		line(out, "Table       GPT, disk GUID %s", d->disk_guid);
	line(out, "Layout      %s: %s",
	     s->generation == 2 ? "Gen2 (UEFI)" : s->generation == 1 ? "Gen1 (BIOS)" : "unknown", s->generation_why);
	heading(out, "Partitions");
	line(out, "  #     start      size  type                fs        label");
	for (int i = 0; i < d->nparts; i++) {
		const struct partition *p = &d->parts[i];
		char type[24], letter = snapshot_letter_of(s, p->number), mark[8] = "";
		snprintf(type, sizeof type, "%s%s", *partition_role_name(p->role) ? partition_role_name(p->role) : p->type,
			 p->bootable ? " *" : "");
		if (letter)
			snprintf(mark, sizeof mark, "  [%c:]", letter);
		line(out, "%3d %9s %9s  %-19s %-9s %s%s", p->number, report_size(p->start, start, sizeof start),
		     report_size(p->size, size, sizeof size), type, *p->fstype ? p->fstype : "-", p->label, mark);
		if (*p->guid)
			line(out, "                          partition GUID %s", p->guid);
	}
}

static void volumes_section(FILE *out, const struct snapshot *s)
{
	if (!s->nvolumes)
		return;
	heading(out, "Volumes");
	for (size_t i = 0; i < s->nvolumes; i++) {
		const struct volume_info *v = &s->volumes[i];
		char free_s[32], total_s[32], where[32];
		snprintf(where, sizeof where, v->partition ? "partition %d" : "operator folder", v->partition);
		if (!v->mounted) {
			line(out, "  %-16s not readable", where);
			continue;
		}
		char holds[48];
		snprintf(holds, sizeof holds, "%s%s%s", v->holds_windows ? "  Windows" : "", v->holds_bcd ? "  BCD" : "",
			 v->hibernated ? "  HIBERNATED" : "");
		line(out, "  %-16s %9s free of %s%s", where, report_size(v->free_bytes, free_s, sizeof free_s),
		     report_size(v->total_bytes, total_s, sizeof total_s), holds);
	}
}

static void hive_line(FILE *out, const char *what, const struct hive_file *hf)
{
	const struct regf_health *h = &hf->health;
	char where[40] = "";
	if (hf->partition)
		snprintf(where, sizeof where, "partition %d: ", hf->partition);
	line(out, "%-11s %s%s", what, where, hf->where);
	char logs[160] = "";
	for (size_t i = 0; i < h->nlogs; i++) {
		const struct regf_log_info *l = &h->logs[i];
		if (!l->present)
			continue;
		char one[48];
		static const char *const fmt[] = {"", "empty", "old format", "new format", "invalid"};
		snprintf(one, sizeof one, "%s%s (%s%s%u)", *logs ? ", " : "", l->name, fmt[l->format],
			 l->format == REGF_LOG_NEW || l->format == REGF_LOG_OLD ? ", " : "",
			 l->format == REGF_LOG_NEW || l->format == REGF_LOG_OLD ? l->entries : 0);
		if (l->format != REGF_LOG_NEW && l->format != REGF_LOG_OLD)
			snprintf(one, sizeof one, "%s%s (%s)", *logs ? ", " : "", l->name, fmt[l->format]);
		strncat(logs, one, sizeof logs - strlen(logs) - 1);
	}
	line(out, "            %s, sequence %u/%u%s%s", regf_state_name(h->state), h->base.primary_seq,
	     h->base.secondary_seq, *logs ? "; logs: " : "; no logs", logs);
	if (h->state == REGF_INVALID)
		line(out, "            %s", h->problem);
}

static const char *or_dash(const char *text)
{
	return *text ? text : "-";
}

static void windows_section(FILE *out, const struct snapshot *s)
{
	if (!s->software_file.found)
		return;
	heading(out, "Windows (SOFTWARE hive)");
	hive_line(out, "File", &s->software_file);
	if (!s->have_software)
		return;
	const struct software_info *si = &s->software;
	char described[200], product[160], numbers[48] = "-";
	line(out, "Product     %s", software_describe(si, described, sizeof described));
	if (*si->product_name && strcmp(software_product(si, product, sizeof product), si->product_name))
		line(out, "            the hive's ProductName says \"%s\" (Windows 11 kept it)", si->product_name);
	line(out, "Edition     %s, installation type %s", or_dash(si->edition_id), or_dash(si->installation_type));
	if (si->major_version >= 0)
		snprintf(numbers, sizeof numbers, "%lld.%lld", (long long)si->major_version,
			 (long long)(si->minor_version >= 0 ? si->minor_version : 0));
	line(out, "Version     %s, display version %s, CurrentVersion %s", numbers, or_dash(si->display_version),
	     or_dash(si->current_version));
}

static const char *yes_no_inherited(const struct bcd_store *st, const struct bcd_object *o, uint32_t id,
				    char *buf, size_t len)
{
	const struct bcd_object *from = NULL;
	const struct bcd_element *el = bcd_effective(st, o, id, &from);
	if (!el || !el->decoded)
		return "not set";
	bool boolean = el->format == BCD_FORMAT_BOOLEAN;
	if (from == o)
		snprintf(buf, len, boolean ? "%s" : "%.0s%" PRIu64, el->integer ? "on" : "off", el->integer);
	else if (boolean)
		snprintf(buf, len, "%s (from %s)", el->integer ? "on" : "off", from->alias ? from->alias : from->guid);
	else
		snprintf(buf, len, "%" PRIu64 " (from %s)", el->integer, from->alias ? from->alias : from->guid);
	return buf;
}

static void device_line(FILE *out, const struct snapshot *s, const struct bcd_object *o, uint32_t id,
			const char *label)
{
	const struct bcd_element *el = bcd_own(o, id);
	if (!el)
		return;
	if (!el->decoded) {
		line(out, "      %-10s unreadable: %s", label, el->problem);
		return;
	}
	struct device_location loc;
	snapshot_locate_device(s, &el->device, &loc);
	line(out, "      %-10s %s", label, loc.text);
}

static void object_block(FILE *out, const struct snapshot *s, const struct bcd_object *o)
{
	const struct bcd_store *st = &s->bcd;
	const struct bcd_element *desc = bcd_own(o, BCD_DESCRIPTION), *path = bcd_own(o, BCD_PATH);
	bool is_default = !strcmp(o->guid, st->default_guid), winre = bcd_is_winre(st, o);
	line(out, "  %s %s%s", is_default ? "*" : " ", o->alias ? o->alias : o->guid,
	     o->alias ? "" : "");
	line(out, "      %-10s %s (0x%08x)%s%s", "type", bcd_type_name(o->type), o->type, is_default ? ", default" : "",
	     winre ? ", WinRE" : "");
	if (desc && desc->decoded)
		line(out, "      %-10s %s", "name", desc->string);
	device_line(out, s, o, BCD_DEVICE, "device");
	device_line(out, s, o, BCD_OSDEVICE, "osdevice");
	if (path && path->decoded)
		line(out, "      %-10s %s", "path", path->string);
	char a[96], b[96], c[96];
	if (bcd_is_os_loader(o) && !winre) {
		line(out, "      %-10s ems %s", "console", yes_no_inherited(st, o, BCD_EMS, a, sizeof a));
		line(out, "      %-10s port %s, baud %s", "", yes_no_inherited(st, o, BCD_EMSPORT, b, sizeof b),
		     yes_no_inherited(st, o, BCD_EMSBAUDRATE, c, sizeof c));
	} else if (o->type == BCD_TYPE_BOOTMGR) {
		line(out, "      %-10s bootems %s", "console", yes_no_inherited(st, o, BCD_BOOTEMS, a, sizeof a));
	}
	for (size_t i = 0; i < o->nelements; i++)
		if (!o->elements[i].decoded)
			line(out, "      element %08x unreadable: %s", o->elements[i].id, o->elements[i].problem);
}

static void bcd_section(FILE *out, const struct snapshot *s)
{
	if (!s->bcd_file.found)
		return;
	heading(out, "BCD store");
	hive_line(out, "File", &s->bcd_file);
	if (!s->have_bcd)
		return;
	line(out, "Objects     %zu%s; * = default (%s)", s->bcd.nobjects,
	     s->bcd.is_system_store ? "" : " (not marked as a system store)",
	     *s->bcd.default_guid ? s->bcd.default_guid : "none");
	const struct bcd_object *bm = bcd_find(&s->bcd, "{bootmgr}");
	if (bm)
		object_block(out, s, bm);
	for (size_t i = 0; i < s->bcd.nobjects; i++)
		if (bcd_is_os_loader(&s->bcd.objects[i]))
			object_block(out, s, &s->bcd.objects[i]);
	size_t others = 0;
	for (size_t i = 0; i < s->bcd.nobjects; i++)
		others += &s->bcd.objects[i] != bm && !bcd_is_os_loader(&s->bcd.objects[i]);
	if (!others)
		return;
	line(out, "  other objects:");
	for (size_t i = 0; i < s->bcd.nobjects; i++) {
		const struct bcd_object *o = &s->bcd.objects[i];
		if (o != bm && !bcd_is_os_loader(o))
			line(out, "    %-38s %s", o->alias ? o->alias : o->guid, bcd_type_name(o->type));
	}
}

static void value_text(const struct reg_value *v, char *buf, size_t len)
{
	switch (v->type) {
	case hive_t_REG_DWORD:
	case hive_t_REG_QWORD:
		snprintf(buf, len, "%" PRIu64, v->number);
		break;
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
		snprintf(buf, len, "%s", v->text ? v->text : "");
		break;
	case hive_t_REG_MULTI_SZ:
		buf[0] = '\0';
		for (size_t i = 0; i < v->nstrings; i++) {
			strncat(buf, i ? " | " : "", len - strlen(buf) - 1);
			strncat(buf, v->strings[i], len - strlen(buf) - 1);
		}
		break;
	default:
		snprintf(buf, len, "(%zu bytes)", v->raw_len);
	}
}

static void control_set_block(FILE *out, const struct system_info *si, const struct control_set *cs)
{
	int boot = system_boot_control_set(si);
	line(out, "  %s%s%s", cs->name, cs->number == boot ? " (boots)" : "",
	     cs->number == si->select.last_known_good ? " (last known good)" : "");
	if (!cs->has_crash_control)
		line(out, "    Control\\CrashControl is missing");
	for (size_t i = 0; i < cs->ncrash_control; i++) {
		const struct reg_value *v = &cs->crash_control[i];
		char text[256];
		value_text(v, text, sizeof text);
		if (!strcasecmp(v->name, "CrashDumpEnabled") && v->type == hive_t_REG_DWORD)
			snprintf(text + strlen(text), sizeof text - strlen(text), " (%s)",
				 report_crash_dump_kind(v->number));
		line(out, "    %-20s %-13s %s", v->name, reg_type_name(v->type), text);
	}
	if (!control_set_crash_value(cs, "NMICrashDump"))
		line(out, "    %-20s %-13s %s", "NMICrashDump", "-", "not set: an NMI halts without a dump");
	for (size_t i = 0; i < cs->npaging_files; i++)
		line(out, "    %-20s %-13s %s", i ? "" : "PagingFiles", i ? "" : "REG_MULTI_SZ", cs->paging_files[i]);
}

static void system_section(FILE *out, const struct snapshot *s)
{
	if (!s->system_file.found)
		return;
	heading(out, "SYSTEM hive");
	hive_line(out, "File", &s->system_file);
	if (!s->have_system)
		return;
	const struct system_info *si = &s->system;
	const struct select_info *sel = &si->select;
	line(out, "Select      current %d, default %d, last known good %d, failed %d", sel->current, sel->default_set,
	     sel->last_known_good, sel->failed);
	for (size_t i = 0; i < si->ncontrol_sets; i++)
		control_set_block(out, si, &si->control_sets[i]);
	line(out, "  Drive letters (MountedDevices)");
	for (size_t i = 0; i < si->nmounted; i++) {
		const struct mounted_device *m = &si->mounted[i];
		if (!m->letter)
			continue;
		struct device_location loc;
		snapshot_locate_mounted(s, m, &loc);
		line(out, "    %c:  %s", m->letter, loc.text);
	}
}

static void dumps_section(FILE *out, const struct snapshot *s)
{
	size_t shown = 0;
	for (size_t i = 0; i < s->ndumps; i++)
		shown += report_lists_dump(&s->dumps[i]);
	if (!s->system_file.found && !shown)
		return;
	heading(out, "Crash dumps");
	if (!shown)
		line(out, "  none (no Windows\\MEMORY.DMP, no Windows\\Minidump\\*.dmp, none left in the page file)");
	if (shown && *catalog_default()->problem)
		line(out, "  %s", catalog_default()->problem);
	for (size_t i = 0; i < s->ndumps; i++) {
		const struct dump_file *d = &s->dumps[i];
		const struct dump_header *h = &d->header;
		char size[32], when[40], ram[32], name[96];
		if (!report_lists_dump(d))
			continue;
		line(out, "  %s  %s  %s", d->where, report_size(d->size, size, sizeof size),
		     report_time(d->mtime, when, sizeof when));
		if (h->valid)
			line(out, "    stop 0x%08x %s, %s dump, build %u, %u CPUs, RAM %s", h->bugcheck,
			     catalog_name(catalog_default(), h->bugcheck, name, sizeof name), dump_type_name(h->dump_type),
			     h->build, h->processors, report_size(h->ram_bytes, ram, sizeof ram));
		line(out, "    %s", d->check.reason);
	}
}

static void problems_section(FILE *out, const struct snapshot *s)
{
	static const char *const sev[] = {"REFUSED", "warning", "note"};
	heading(out, "Health");
	if (!s->nproblems)
		line(out, "  no problems found");
	for (size_t i = 0; i < s->nproblems; i++) {
		const char *t = s->problems[i].text;
		char prefix[24];
		snprintf(prefix, sizeof prefix, "  %s: ", sev[s->problems[i].severity]);
		fputs(prefix, out);
		wrapped(out, t, strlen(prefix), strlen(prefix));
	}
}

int report_text(FILE *out, const struct snapshot *s)
{
	if (s->have_disk)
		disk_section(out, s);
	else if (s->generation)
		line(out, "Layout      %s: %s", s->generation == 2 ? "Gen2 (UEFI)" : "Gen1 (BIOS)", s->generation_why);
	volumes_section(out, s);
	windows_section(out, s);
	bcd_section(out, s);
	system_section(out, s);
	dumps_section(out, s);
	problems_section(out, s);
	return ferror(out) ? -1 : 0;
}
