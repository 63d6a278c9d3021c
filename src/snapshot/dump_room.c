#include "snapshot/dump_room.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"

#define MB ((uint64_t)1 << 20)
/* the dump header (1 MB) and up to 256 MB of secondary data (Microsoft, "Overview of memory dump file
 * options": a complete dump needs a page file of RAM + 257 MB) */
#define COMPLETE_EXTRA (257 * MB)

uint64_t dump_need_bytes(int type, uint64_t ram)
{
	switch (type) {
	case 1: return ram + COMPLETE_EXTRA;
	case 3: return 2 * MB;
	default: return ram; /* kernel, automatic: kernel memory in use, at most RAM */
	}
}

static const struct volume_info *windows_volume(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nvolumes; i++)
		if (s->volumes[i].holds_windows)
			return &s->volumes[i];
	return NULL;
}

static char windows_letter(const struct snapshot *s)
{
	char l = s->windows_partition ? snapshot_letter_of(s, s->windows_partition) : 0;
	return l ? l : 'C';
}

char dump_letter_of_volume(const struct snapshot *s, const struct volume_info *v)
{
	return v->holds_windows ? windows_letter(s) : v->partition ? snapshot_letter_of(s, v->partition) : 0;
}

const struct volume_info *dump_volume_of_letter(const struct snapshot *s, char letter)
{
	letter = (char)toupper((unsigned char)letter);
	if (letter == windows_letter(s))
		return windows_volume(s);
	for (size_t i = 0; i < s->nvolumes; i++)
		if (s->volumes[i].partition && snapshot_letter_of(s, s->volumes[i].partition) == letter)
			return &s->volumes[i];
	return NULL;
}

/* The volume a Windows path is on: %SystemRoot% is the Windows volume, X:\ a letter. */
static const struct volume_info *volume_of_path(const struct snapshot *s, const char *path, char *letter)
{
	if (!strncasecmp(path, "%SystemRoot%", 12) || !strncasecmp(path, "%SystemDrive%", 13)) {
		*letter = windows_letter(s);
		return windows_volume(s);
	}
	*letter = isalpha((unsigned char)path[0]) && path[1] == ':' ? (char)toupper((unsigned char)path[0]) : '?';
	return *letter == '?' ? NULL : dump_volume_of_letter(s, *letter);
}

static const struct control_set *boot_set(const struct snapshot *s)
{
	return s->have_system ? system_control_set(&s->system, system_boot_control_set(&s->system)) : NULL;
}

/* "C:\pagefile.sys 4096 8192": fixed sizes in MB; no sizes or 0 0: system-managed */
struct page_file {
	char letter;      /* '?' = the boot volume, falling back to others */
	uint64_t max_mb;  /* 0: system-managed */
};

static bool page_file_parse(const char *entry, struct page_file *pf)
{
	char path[260] = "", min[24] = "", max[24] = "";
	uint64_t lo = 0, hi = 0;
	if (sscanf(entry, "%259s %23s %23s", path, min, max) < 1 || strlen(path) < 3 || path[1] != ':')
		return false;
	pf->letter = (char)toupper((unsigned char)path[0]);
	pf->max_mb = *max && number_parse(min, &lo) && number_parse(max, &hi) ? hi : 0;
	return true;
}

/* (a) through the DedicatedDumpFile: the file is allocated at boot on its volume, DumpFileSize MB or as
 * large as the dump. */
static bool crash_dedicated(const struct snapshot *s, const struct control_set *cs, struct dump_room *r)
{
	const struct reg_value *ddf = cs ? control_set_crash_value(cs, "DedicatedDumpFile") : NULL;
	const struct reg_value *size = cs ? control_set_crash_value(cs, "DumpFileSize") : NULL;
	char letter;
	if (!ddf || !ddf->text || !*ddf->text)
		return false;
	r->dedicated = true;
	const struct volume_info *v = volume_of_path(s, ddf->text, &letter);
	uint64_t planned = size && size->number ? size->number * MB : r->need;
	char shown[160];
	snprintf(shown, sizeof shown, "%.150s", ddf->text);
	if (!v || !v->mounted) {
		r->crash = ROOM_UNKNOWN;
		snprintf(r->crash_where, sizeof r->crash_where, "the DedicatedDumpFile %s on %c:, which is not on this "
			 "disk", shown, letter);
		return true;
	}
	r->crash_have = planned < v->free_bytes ? planned : v->free_bytes;
	r->crash = planned >= r->need && v->free_bytes >= planned ? ROOM_OK : ROOM_SHORT;
	snprintf(r->crash_where, sizeof r->crash_where, "the DedicatedDumpFile %s on %c:", shown, letter);
	return true;
}

/* (a) through the page file on the boot volume: a fixed one holds at most its maximum; a system-managed
 * one can grow into the volume's free space. */
static void crash_page_file(const struct snapshot *s, const struct control_set *cs, struct dump_room *r)
{
	char boot = windows_letter(s);
	const struct volume_info *bv = windows_volume(s);
	r->crash = ROOM_SHORT;
	snprintf(r->crash_where, sizeof r->crash_where, "no page file on the boot volume %c:", boot);
	for (size_t i = 0; cs && i < cs->npaging_files; i++) {
		struct page_file pf;
		if (!page_file_parse(cs->paging_files[i], &pf))
			continue;
		if (pf.letter != boot && pf.letter != '?') {
			if (!dump_volume_of_letter(s, pf.letter))
				r->temp_disk = true;
			continue;
		}
		if (!bv || !bv->mounted) {
			r->crash = ROOM_UNKNOWN;
			return;
		}
		r->temp_disk = false;
		if (pf.max_mb) {
			r->crash_have = pf.max_mb * MB;
			snprintf(r->crash_where, sizeof r->crash_where, "the fixed-size page file on %c: (at most %llu MB)",
				 boot, (unsigned long long)pf.max_mb);
		} else {
			r->crash_have = bv->pagefile_bytes + bv->free_bytes;
			snprintf(r->crash_where, sizeof r->crash_where,
				 "the system-managed page file on %c: (its size now and the free space it can grow into)", boot);
		}
		r->crash = r->crash_have >= r->need ? ROOM_OK : ROOM_SHORT;
		return;
	}
	if (r->temp_disk)
		snprintf(r->crash_where, sizeof r->crash_where, "the only page file is on a volume that is not on this "
			 "disk (Azure's temporary disk): no page file on the boot volume %c:", boot);
}

/* (b) at the next boot Smss renames the page file when DumpFile is on the same volume, and copies it
 * otherwise; a DedicatedDumpFile keeps its own space, so DumpFile needs room beside it. */
static void next_boot(const struct snapshot *s, const char *dump_path, struct dump_room *r)
{
	char letter;
	const struct volume_info *dv = volume_of_path(s, dump_path, &letter);
	if (!dv || !dv->mounted) {
		r->next = ROOM_UNKNOWN;
		snprintf(r->next_where, sizeof r->next_where, "%c: is not a volume of this disk: its free space can not "
			 "be checked from here", letter);
		return;
	}
	r->next_have = dv->free_bytes;
	snprintf(r->next_where, sizeof r->next_where, "free space on %c:, where DumpFile is", letter);
	if (!r->dedicated && dv->holds_windows) {
		r->next = ROOM_NOT_NEEDED;
		snprintf(r->next_where, sizeof r->next_where, "DumpFile is on the boot volume %c: (the page file is renamed, "
			 "not copied)", letter);
		return;
	}
	r->next = r->next_have >= r->need ? ROOM_OK : ROOM_SHORT;
}

void dump_room_check(const struct snapshot *s, uint64_t need, const char *dump_path, struct dump_room *out)
{
	memset(out, 0, sizeof *out);
	out->need = need;
	const struct control_set *cs = boot_set(s);
	if (!crash_dedicated(s, cs, out))
		crash_page_file(s, cs, out);
	next_boot(s, dump_path ? dump_path : "%SystemRoot%\\MEMORY.DMP", out);
}
