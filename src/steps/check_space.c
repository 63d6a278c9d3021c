/* check-space: will a complete dump fit? A complete dump is as large as the broken VM's RAM, which only an
 * existing dump header knows offline (HKLM\HARDWARE is rebuilt at every boot); otherwise the operator says.
 * The rule (Microsoft, "Overview of memory dump file options"): free space on the dump volume > RAM, and a
 * page file on the boot volume of at least RAM + 1 MiB for the dump to be written at crash time. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/vm_sizes.h"
#include "core/datadir.h"
#include "core/number.h"
#include "core/utf16.h"
#include "engine/engine.h"
#include "report/report.h"

static const struct volume_info *windows_volume(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nvolumes; i++)
		if (s->volumes[i].holds_windows)
			return &s->volumes[i];
	return NULL;
}

/* The RAM in the first dump header that gives it, and (printable: a file name from the disk) that dump. */
static uint64_t ram_from_dumps(const struct snapshot *s, char *where, size_t len)
{
	for (size_t i = 0; i < s->ndumps; i++)
		if (s->dumps[i].header.valid && s->dumps[i].header.ram_bytes) {
			utf8_printable(s->dumps[i].where, where, len);
			return s->dumps[i].header.ram_bytes;
		}
	return 0;
}

/* The RAM a VM can have: 1 MiB to 64 TiB (Azure's largest sizes have 24 TiB). */
#define RAM_MIN (1ULL << 20)
#define RAM_MAX (64ULL << 40)

/* "8", "8G", "8 GiB", "8192M", "16384MiB": whole numbers only (a number typed at 3 a.m. as "0.5M",
 * "1e5" or "nan" is a mistake, not a size); a bare number is GiB. */
static bool parse_size(const char *text, uint64_t *bytes)
{
	char digits[24];
	size_t n = strspn(text, "0123456789");
	const char *unit = text + n;
	uint64_t v;
	if (!n || n >= sizeof digits)
		return false;
	memcpy(digits, text, n);
	digits[n] = '\0';
	while (*unit == ' ')
		unit++;
	int shift = 30;
	if (toupper((unsigned char)*unit) == 'T')
		shift = 40;
	else if (toupper((unsigned char)*unit) == 'M')
		shift = 20;
	else if (*unit && toupper((unsigned char)*unit) != 'G')
		return false;
	if (*unit && strcasecmp(unit + 1, "") && strcasecmp(unit + 1, "B") && strcasecmp(unit + 1, "iB"))
		return false;
	if (!number_in_range(digits, 1, RAM_MAX >> shift, &v) || (v << shift) < RAM_MIN)
		return false;
	*bytes = v << shift;
	return true;
}

static void page_file_note(const struct snapshot *s, char *out, size_t len)
{
	const struct control_set *cs = s->have_system ? system_control_set(&s->system,
									   system_boot_control_set(&s->system))
						      : NULL;
	if (!cs || !cs->npaging_files) {
		snprintf(out, len, "no PagingFiles value: Windows has no page file to write the dump into");
		return;
	}
	bool on_c = false;
	for (size_t i = 0; i < cs->npaging_files; i++)
		on_c |= !strncasecmp(cs->paging_files[i], "C:", 2) || !strncmp(cs->paging_files[i], "?:", 2);
	char shown[4 * 260];
	utf8_printable(cs->paging_files[0], shown, sizeof shown); /* the disk's, in our lines */
	snprintf(out, len, "%s: %s", shown,
		 on_c ? "a page file on the boot volume" : "no page file on the boot volume C:, a complete dump "
							  "can not be written (the temporary disk is not the boot volume)");
}

/* The verdict on the RAM that is known, and the way out when the dump does not fit. */
static void verdict(struct fe_question *q, const struct volume_info *win, uint64_t ram)
{
	char f[32], r[32];
	if (!win || !ram)
		return;
	report_size(win->free_bytes, f, sizeof f);
	report_size(ram, r, sizeof r);
	if (win->free_bytes > ram)
		snprintf(q->detected + strlen(q->detected), sizeof q->detected - strlen(q->detected),
			 "\nVerdict: a complete dump of %s fits in the %s free on the Windows volume", r, f);
	else
		snprintf(q->warning, sizeof q->warning, "Not enough room: a complete dump of %s RAM does not fit in "
			 "the %s free on the Windows volume. Way out: at the next step put the dump on a data disk "
			 "(its drive letter), or free space on the Windows volume first.", r, f);
}

/* hiberfil.sys and a page file are sized from RAM, but by rules that changed between versions (Windows 8
 * sizes hiberfil.sys in buckets): shown as hints, never taken on their own. */
static void estimates(const struct volume_info *win, char *out, size_t len)
{
	char h[32], p[32];
	if (!win || (!win->hiberfil_bytes && win->pagefile_bytes < (64u << 20)))
		return;
	snprintf(out + strlen(out), len - strlen(out), "\nEstimates only:%s%s%s%s",
		 win->hiberfil_bytes ? " hiberfil.sys is " : "", win->hiberfil_bytes ? report_size(win->hiberfil_bytes, h, sizeof h) : "",
		 win->pagefile_bytes >= (64u << 20) ? "; pagefile.sys is " : "",
		 win->pagefile_bytes >= (64u << 20) ? report_size(win->pagefile_bytes, p, sizeof p) : "");
}

/* "Standard_D4s_v5": the RAM of an Azure size, from share/azure-vm-sizes.yaml */
static int vm_size(const char *answer, uint64_t *ram, struct rw_error *e)
{
	char table[4096];
	if (strncasecmp(answer, "Standard_", 9))
		return 0;
	if (!datadir_share_file("azure-vm-sizes.yaml", table, sizeof table))
		return rw_fail(e, RW_EXIT_USAGE, "'%s' looks like an Azure size, but the size table %s is missing: give "
			       "the RAM in GiB", answer, table);
	int found = vm_size_ram(table, answer, ram, e);
	if (found == 0)
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not in the size table %s: give the RAM in GiB (8) instead",
			       answer, table);
	return found;
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)st;
	(void)e;
	const struct snapshot *s = r->snapshot;
	const struct volume_info *win = windows_volume(s);
	char where[4 * 260] = "";
	uint64_t ram = ram_from_dumps(s, where, sizeof where);
	char a[32], b[32], c[32], pf[300], ram_text[300];
	page_file_note(s, pf, sizeof pf);
	if (ram)
		snprintf(ram_text, sizeof ram_text, "%s (from the header of %s)", report_size(ram, c, sizeof c), where);
	else
		snprintf(ram_text, sizeof ram_text, "unknown (no dump header found): give it in GiB (8) or as the "
			 "Azure size (Standard_D4s_v5)");
	snprintf(q->detected, sizeof q->detected, "Windows volume: %s free of %s\nRAM of the VM: %s\nPage file: %s",
		 win ? report_size(win->free_bytes, a, sizeof a) : "unknown",
		 win ? report_size(win->total_bytes, b, sizeof b) : "unknown", ram_text, pf);
	estimates(win, q->detected, sizeof q->detected);
	q->free_text = true;
	snprintf(q->free_text_prompt, sizeof q->free_text_prompt, "RAM of the broken VM (8 GiB, Standard_D4s_v5):");
	if (ram) {
		char value[32], label[96];
		snprintf(value, sizeof value, "%" PRIu64 "MiB", ram >> 20);
		snprintf(label, sizeof label, "%s (from the header of %s)", report_size(ram, a, sizeof a), where);
		question_add(q, value, label, NULL);
		q->recommended = 0;
	}
	q->has_gauge = win != NULL;
	q->gauge_have = win ? win->free_bytes : 0;
	q->gauge_need = ram;
	verdict(q, win, ram);
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	uint64_t ram;
	int size = vm_size(answer, &ram, e);
	if (size < 0)
		return -1;
	if (!size && !parse_size(answer, &ram))
		return rw_fail(e, RW_EXIT_USAGE, "'%s' is not a RAM size: give a whole number of GiB (8), MiB (8192M) or "
			       "TiB, from 1M to 64T", answer);
	const struct volume_info *win = windows_volume(r->snapshot);
	uint64_t free_bytes = win ? win->free_bytes : 0;
	char ram_s[32], free_s[32];
	snprintf(ram_s, sizeof ram_s, "%" PRIu64, ram);
	snprintf(free_s, sizeof free_s, "%" PRIu64, free_bytes);
	if (answers_set(&r->answers, st->id, "ram_bytes", ram_s, source) != 0 ||
	    answers_set(&r->answers, st->id, "free_bytes", free_s, ANSWER_DETECTED) != 0)
		return -1;
	return answers_set(&r->answers, st->id, "enough", free_bytes > ram ? "yes" : "no", ANSWER_DETECTED);
}

/* answers.yaml gets the RAM as it would be typed: 8192M */
static void replay(const char *bytes, char *out, size_t len)
{
	uint64_t v = 0;
	number_parse(bytes, &v);
	snprintf(out, len, "%" PRIu64 "M", v >> 20);
}

static const char *const fields[] = {"ram_bytes", "free_bytes", "enough", NULL};

const struct step_kind step_check_space = {
	.name = "check-space",
	.summary = "will a complete dump of the VM's RAM fit on the Windows volume; the RAM from a dump header or typed",
	.fields = fields,
	.flags = STEP_TYPED,
	.replay_field = "ram_bytes",
	.replay = replay,
	.prepare = prepare,
	.accept = accept,
};
