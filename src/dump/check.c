/* The checks of shared/design/dumps-and-crashcontrol.md section 2.5, in its order, on the layouts of 2.4:
 *   bitmap (5, 6): summary header at the end of the dump header: +0 "SDMP"/"FDMP", +4 "DUMP", +0x20
 *     HeaderSize u64 (file offset of the first page), +0x28 Pages u64 (Volatility 3 crash_common.json)
 *   triage (4): TRIAGE_DUMP at the end of the dump header (0x2000; 0x1000 for 32-bit: *(verify)*): +4 SizeOfDump, +8 ValidOffset, +0x30
 *     DriverListOffset, +0x34 DriverCount (rizin dmp_specs.h); "TRGD" at ValidOffset when it was finished
 *   driver list (x64): entries of 0x90 bytes: +0 DriverNameOffset, +0x38 DllBase, +0x48 SizeOfImage, +0x88
 *     TimeDateStamp; the name a u32 count of UTF-16 units, then the units. Checked on the real x64 sample:
 *     its 0x1000007E P2 lies in amdppm.sys. */
#include "dump/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "core/utf16.h"

#define PAGE_BYTES 4096u
#define SUMMARY_HEADER_BYTES 0x38
#define TRIAGE_HEADER_BYTES 0x38
#define DRIVER_ENTRY_BYTES 0x90
/* Windows keeps a few hundred drivers loaded (151 and 245 in the samples): more is not a list it wrote */
#define DRIVERS_MAX 4096
#define DRIVER_NAME_UNITS_MAX 260

static long fd_read_at(void *ctx, uint64_t offset, void *buf, size_t len)
{
	return (long)read_upto(*(int *)ctx, buf, len, (off_t)offset);
}

void dump_reader_fd(struct dump_reader *r, int *fd, uint64_t size)
{
	r->ctx = fd;
	r->size = size;
	r->read_at = fd_read_at;
}

/* Exactly len bytes at offset, or false: never a read that the file size does not allow. */
static bool read_exact(const struct dump_reader *r, uint64_t offset, void *buf, size_t len)
{
	if (offset > r->size || len > r->size - offset)
		return false;
	return r->read_at(r->ctx, offset, buf, len) == (long)len;
}

static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t u64(const uint8_t *p)
{
	return u32(p) | (uint64_t)u32(p + 4) << 32;
}

/* four bytes of the file as text: printable ASCII as is, the rest \xNN */
static const char *four_bytes(const uint8_t *p, char *buf, size_t len)
{
	size_t at = 0;
	for (int i = 0; i < 4 && at + 5 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\'
								? "%c" : "\\x%02x", p[i]);
	return buf;
}

/* "3.5 MiB", "64 KiB", "100 B": sizes in the verdict's words */
static const char *size_text(uint64_t b, char *buf, size_t len)
{
	if (b >= 10ull << 20)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(b >> 20));
	else if (b >= 10ull << 10)
		snprintf(buf, len, "%llu KiB", (unsigned long long)(b >> 10));
	else
		snprintf(buf, len, "%llu B", (unsigned long long)b);
	return buf;
}

static void verdict(struct dump_check *c, int v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void verdict(struct dump_check *c, int v, const char *fmt, ...)
{
	va_list ap;
	c->verdict = v;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof c->reason, fmt, ap);
	va_end(ap);
}

static void truncated(struct dump_check *c, uint64_t have, uint64_t need, const char *why)
{
	char a[32], b[32];
	c->expected_size = need;
	verdict(c, DUMP_TRUNCATED, "truncated: %s of %s present (%s); %s", size_text(have, a, sizeof a),
		size_text(need, b, sizeof b), why,
		"typically the page file or dedicated dump file was smaller than the dump");
}

/* 1-3: the signature and the header's length */
static bool check_header(uint64_t size, const struct dump_header *h, const uint8_t *head, struct dump_check *c)
{
	char sig[24];
	switch (h->signature) {
	case DUMP_SIG_NONE:
		if (size < 8)
			verdict(c, DUMP_NO_DUMP, "no dump: the file has %llu bytes", (unsigned long long)size);
		else
			verdict(c, DUMP_NO_DUMP, "no dump: zeroed (the first 8 bytes are zero)");
		return true;
	case DUMP_SIG_USER_MODE:
		verdict(c, DUMP_USER_MODE, "a user-mode minidump (MDMP) of a program, not a kernel crash dump");
		return true;
	case DUMP_SIG_OTHER:
		verdict(c, DUMP_NOT_A_DUMP, "not a dump: it does not start with PAGE");
		return true;
	case DUMP_SIG_UNFINISHED:
		verdict(c, DUMP_NEVER_COMPLETED, "dump header never completed (ValidDump is \"%s\", not DU64 or "
			"DUMP): dump incomplete", four_bytes(head + 4, sig, sizeof sig));
		return true;
	}
	if (size < h->header_size) {
		verdict(c, DUMP_TRUNCATED_HEADER, "truncated header: %llu of the %zu bytes of a %d-bit dump header",
			(unsigned long long)size, h->header_size, h->bits);
		return true;
	}
	if (!h->valid) {
		verdict(c, DUMP_BAD_HEADER, "%s", h->problem);
		return true;
	}
	return false;
}

/* 4: a full dump holds every page of PhysicalMemoryBlock after the header (elf2dmp computes
 * RequiredDumpSpace exactly so) */
static bool check_full(uint64_t size, const struct dump_header *h, struct dump_check *c)
{
	uint64_t need = 0;
	if (h->memory_pages && h->memory_pages <= (UINT64_MAX - h->header_size) / PAGE_BYTES)
		need = h->header_size + h->memory_pages * PAGE_BYTES;
	if (h->required_space > need)
		need = h->required_space;
	c->expected_size = need;
	if (need && size < need) {
		truncated(c, size, need, "WinDbg: \"Dump file has been truncated. Data may be missing.\"");
		return true;
	}
	return false;
}

/* 5: the bitmap summary header, and HeaderSize + Pages x 4096 bytes */
static bool check_bitmap(const struct dump_reader *r, const struct dump_header *h, struct dump_check *c)
{
	uint8_t b[SUMMARY_HEADER_BYTES];
	char sig[24], sig2[24];
	if (!read_exact(r, h->header_size, b, sizeof b)) {
		verdict(c, DUMP_INCOMPLETE, "bitmap dump incomplete: the file ends before its summary header at 0x%zx",
			h->header_size);
		return true;
	}
	if ((memcmp(b, "SDMP", 4) && memcmp(b, "FDMP", 4)) || memcmp(b + 4, "DUMP", 4)) {
		verdict(c, DUMP_INCOMPLETE, "bitmap dump incomplete: the summary header at 0x%zx holds \"%s\" \"%s\", "
			"not SDMP or FDMP and DUMP", h->header_size, four_bytes(b, sig, sizeof sig),
			four_bytes(b + 4, sig2, sizeof sig2));
		return true;
	}
	uint64_t first_page = u64(b + 0x20), pages = u64(b + 0x28);
	if (pages > (UINT64_MAX - first_page) / PAGE_BYTES) {
		verdict(c, DUMP_INCOMPLETE, "bitmap dump incomplete: its summary header counts %llu pages, more than "
			"any file holds", (unsigned long long)pages);
		return true;
	}
	uint64_t need = first_page + pages * PAGE_BYTES;
	c->expected_size = need;
	if (r->size < need) {
		truncated(c, r->size, need, "HeaderSize + Pages x 4096 of the summary header");
		return true;
	}
	return false;
}

/* 6: a minidump Windows finished ends with TRGD at ValidOffset, within SizeOfDump */
static bool check_triage(const struct dump_reader *r, const struct dump_header *h, struct dump_check *c,
			 uint8_t *t)
{
	char sig[24];
	if (!read_exact(r, h->header_size, t, TRIAGE_HEADER_BYTES)) {
		verdict(c, DUMP_MINIDUMP_INCOMPLETE, "minidump incomplete: the file ends before its triage header "
			"at 0x%zx", h->header_size);
		return true;
	}
	uint32_t size_of_dump = u32(t + 4), valid_offset = u32(t + 8);
	uint8_t valid[4];
	c->expected_size = size_of_dump;
	if (size_of_dump > r->size) {
		verdict(c, DUMP_MINIDUMP_INCOMPLETE, "minidump incomplete: SizeOfDump is %u bytes, the file has %llu",
			size_of_dump, (unsigned long long)r->size);
		return true;
	}
	if (!read_exact(r, valid_offset, valid, sizeof valid) || memcmp(valid, "TRGD", 4)) {
		verdict(c, DUMP_MINIDUMP_INCOMPLETE, "minidump incomplete: no TRGD at ValidOffset 0x%x%s%s%s",
			valid_offset, valid_offset > r->size - 4 ? " (past the end)" : " (found \"",
			valid_offset > r->size - 4 ? "" : four_bytes(valid, sig, sizeof sig),
			valid_offset > r->size - 4 ? "" : "\")");
		return true;
	}
	return false;
}

/* 7: what Windows itself recorded about the write */
static bool check_attributes(const struct dump_header *h, struct dump_check *c)
{
	if (!h->has_attributes)
		return false;
	if (h->attributes & DUMP_ATTR_INSUFFICIENT_DUMPFILE_SIZE) {
		verdict(c, DUMP_CUT_SHORT, "Windows cut it short: the page file or dedicated dump file was too small "
			"(Attributes bit InsufficientDumpfileSize)");
		return true;
	}
	if (h->attributes & DUMP_ATTR_ENCRYPTED_DUMP_DATA) {
		verdict(c, DUMP_ENCRYPTED, "data encrypted (Attributes bit EncryptedDumpData): header facts only");
		return true;
	}
	return false;
}

/* a name of the driver list: a u32 count of UTF-16 units, then the units; kept as UTF-8 cut at a whole
 * character */
static void read_name(const struct dump_reader *r, uint32_t at, struct dump_module *m)
{
	uint8_t count_bytes[4], units[2 * DRIVER_NAME_UNITS_MAX];
	snprintf(m->path, sizeof m->path, "?");
	if (!read_exact(r, at, count_bytes, 4))
		return;
	uint32_t n = u32(count_bytes);
	n = n > DRIVER_NAME_UNITS_MAX ? DRIVER_NAME_UNITS_MAX : n;
	if (!read_exact(r, (uint64_t)at + 4, units, 2 * (size_t)n))
		return;
	char *utf8 = utf16le_to_utf8(units, 2 * (size_t)n);
	if (!utf8)
		return;
	size_t len = strlen(utf8);
	if (len >= sizeof m->path) {
		len = sizeof m->path - 1;
		while (len && ((unsigned char)utf8[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(m->path, utf8, len);
	m->path[len] = '\0';
	free(utf8);
}

static void find_modules(const struct dump_reader *r, const struct dump_header *h, const uint8_t *entries,
			 uint32_t count, struct dump_check *c)
{
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = entries + (size_t)i * DRIVER_ENTRY_BYTES;
		uint64_t base = u64(e + 0x38);
		uint32_t size = u32(e + 0x48);
		for (int p = 0; p < 4; p++) {
			struct dump_module *m = &c->module_of[p];
			if (m->found || h->params[p] < base || h->params[p] - base >= size)
				continue;
			m->found = true;
			m->base = base;
			m->size = size;
			m->timestamp = u32(e + 0x88);
			read_name(r, u32(e), m);
		}
	}
}

/* The driver list of a finished 64-bit minidump (its 32-bit layout has no source yet: not read). */
static void read_drivers(const struct dump_reader *r, const struct dump_header *h, const uint8_t *t,
			 struct dump_check *c)
{
	uint32_t offset = u32(t + 0x30), count = u32(t + 0x34);
	c->driver_count = count;
	if (h->bits != 64) {
		snprintf(c->drivers_problem, sizeof c->drivers_problem,
			 "the driver list of a 32-bit minidump is not read (its layout is not verified)");
		return;
	}
	if (!count || count > DRIVERS_MAX) {
		snprintf(c->drivers_problem, sizeof c->drivers_problem,
			 "the driver list claims %u entries (Windows writes 1 to %u): not read", count, DRIVERS_MAX);
		return;
	}
	size_t bytes = (size_t)count * DRIVER_ENTRY_BYTES;
	uint8_t *entries = malloc(bytes);
	if (!entries || !read_exact(r, offset, entries, bytes)) {
		snprintf(c->drivers_problem, sizeof c->drivers_problem,
			 "the driver list (%u entries at 0x%x) lies past the end of the file: not read", count, offset);
		free(entries);
		return;
	}
	c->drivers_read = true;
	find_modules(r, h, entries, count, c);
	free(entries);
}

/* 8: complete, and what that rests on when the type's size could not be checked */
static const char *size_unchecked(const struct dump_header *h, const struct dump_check *c)
{
	switch (h->dump_type) {
	case DUMP_TYPE_FULL:
		return c->expected_size ? "" : " (its size is not checked: the header records neither its pages nor "
					       "RequiredDumpSpace)";
	case DUMP_TYPE_TRIAGE:
	case DUMP_TYPE_BITMAP_FULL:
	case DUMP_TYPE_BITMAP_KERNEL:
		return "";
	default:
		return " (the header; the size of this dump type is not checked)";
	}
}

int dump_examine(const struct dump_reader *r, struct dump_header *h, struct dump_check *c)
{
	memset(c, 0, sizeof *c);
	size_t want = r->size < DUMP_HEADER_SIZE ? (size_t)r->size : DUMP_HEADER_SIZE;
	uint8_t *head = calloc(1, DUMP_HEADER_SIZE), t[TRIAGE_HEADER_BYTES];
	long n = head ? r->read_at(r->ctx, 0, head, want) : -1;
	dump_header_parse(head, n > 0 ? (size_t)n : 0, h);
	if (n < 0) {
		free(head);
		verdict(c, DUMP_UNREADABLE, "the file could not be read");
		return -1;
	}
	bool decided = check_header((uint64_t)n < r->size ? (uint64_t)n : r->size, h, head, c);
	free(head);
	if (!decided && h->dump_type == DUMP_TYPE_FULL)
		decided = check_full(r->size, h, c);
	else if (!decided && (h->dump_type == DUMP_TYPE_BITMAP_FULL || h->dump_type == DUMP_TYPE_BITMAP_KERNEL))
		decided = check_bitmap(r, h, c);
	else if (!decided && h->dump_type == DUMP_TYPE_TRIAGE)
		decided = check_triage(r, h, c, t);
	if (!decided)
		decided = check_attributes(h, c);
	if (!decided)
		verdict(c, DUMP_COMPLETE, "complete%s", size_unchecked(h, c));
	if (h->dump_type == DUMP_TYPE_TRIAGE && (c->verdict == DUMP_COMPLETE || c->verdict == DUMP_CUT_SHORT))
		read_drivers(r, h, t, c);
	return 0;
}

const char *dump_verdict_code(int v)
{
	static const char *const codes[DUMP_VERDICT_COUNT] = {
		[DUMP_NO_DUMP] = "no-dump",
		[DUMP_USER_MODE] = "user-mode-minidump",
		[DUMP_NOT_A_DUMP] = "not-a-dump",
		[DUMP_NEVER_COMPLETED] = "never-completed",
		[DUMP_TRUNCATED_HEADER] = "truncated-header",
		[DUMP_BAD_HEADER] = "bad-header",
		[DUMP_TRUNCATED] = "truncated",
		[DUMP_INCOMPLETE] = "incomplete",
		[DUMP_MINIDUMP_INCOMPLETE] = "minidump-incomplete",
		[DUMP_CUT_SHORT] = "cut-short",
		[DUMP_ENCRYPTED] = "encrypted",
		[DUMP_COMPLETE] = "complete",
		[DUMP_UNREADABLE] = "unreadable",
	};
	return v >= 0 && v < DUMP_VERDICT_COUNT ? codes[v] : "unknown";
}
