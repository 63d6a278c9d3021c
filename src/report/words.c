#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/utf16.h"
#include "report/report.h"

const char *report_size(uint64_t b, char *buf, size_t len)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)b;
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100 || v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

const char *report_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%SZ", &tm))
		snprintf(buf, len, "?");
	return buf;
}

/* CrashDumpEnabled values: Microsoft, "Overview of memory dump file options for Windows" */
const char *report_crash_dump_kind(uint64_t v)
{
	switch (v) {
	case 0: return "none";
	case 1: return "complete";
	case 2: return "kernel";
	case 3: return "small";
	case 7: return "automatic";
	default: return "unknown";
	}
}

/* Which Windows: the SOFTWARE hive's product and build, else the description of the default boot entry
 * (what the boot menu shows), else just "Windows". */
static const char *windows_name(const struct snapshot *s, char *buf, size_t len)
{
	if (s->have_software)
		return software_describe(&s->software, buf, len);
	const struct bcd_object *loader = s->have_bcd && *s->bcd.default_guid ? bcd_find(&s->bcd, s->bcd.default_guid)
										 : NULL;
	const struct bcd_element *name = loader ? bcd_own(loader, BCD_DESCRIPTION) : NULL;
	snprintf(buf, len, "%s", name && name->decoded ? name->string : "Windows");
	return buf;
}

/* For lists of disks, where a line must tell them apart: the Windows and its build, the generation, and
 * the codes of what forbids or clouds a repair. */
const char *report_found(const struct snapshot *s, char *buf, size_t len)
{
	char windows[200];
	size_t at = snapshot_refused(s)
			    ? (size_t)snprintf(buf, len, "not to be repaired as it is")
			    : (size_t)snprintf(buf, len, "%s, %s", windows_name(s, windows, sizeof windows),
					       s->generation == 2 ? "Gen2 (UEFI)" : s->generation == 1 ? "Gen1 (BIOS)"
												: "layout unknown");
	for (size_t i = 0; i < s->nproblems && at < len; i++)
		if (s->problems[i].severity != PROBLEM_NOTE)
			at += (size_t)snprintf(buf + at, len - at, "; %s %s",
					       s->problems[i].severity == PROBLEM_REFUSE ? "refused:" : "warning:",
					       s->problems[i].code);
	return buf;
}

void report_wrapped(FILE *out, const char *text, size_t first, size_t indent, size_t width)
{
	/* every line of the reports passes here: what came from the disk is shown printable (core/utf16.h) */
	char shown[4096];
	utf8_printable(text, shown, sizeof shown);
	const char *t = shown;
	size_t room = width > first ? width - first : 1;
	while (strlen(t) > room) {
		size_t cut = room;
		while (cut > room / 2 && t[cut] != ' ')
			cut--;
		if (t[cut] != ' ')
			for (cut = room; cut > 0 && ((unsigned char)t[cut] & 0xc0) == 0x80;)
				cut--;
		if (!cut)
			cut = room; /* a row always takes a character, so the loop ends */
		fprintf(out, "%.*s\n%*s", (int)cut, t, (int)indent, "");
		t += cut + (t[cut] == ' ');
		room = width > indent ? width - indent : 1;
	}
	fprintf(out, "%s\n", t);
}

bool report_lists_dump(const struct dump_file *d)
{
	bool nothing = d->check.verdict == DUMP_NO_DUMP || d->check.verdict == DUMP_NOT_A_DUMP;
	return !nothing || (d->place != DUMP_AT_PAGE_FILE && d->place != DUMP_AT_DEDICATED);
}
