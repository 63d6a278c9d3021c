/* Kernel dump headers, read field by field with every offset checked against the bytes we have.
 *
 * Offsets of DUMP_HEADER64 ("PAGE" "DU64", 0x2000 bytes) and DUMP_HEADER32 ("PAGE" "DUMP", 0x1000 bytes) as
 * Microsoft's mindumpdef.h, kdmp-parser (kdmp-parser-structs.h), QEMU (win_dump_defs.h), rizin (dmp_specs.h)
 * and Volatility 3 (crash.json, crash64.json) give them; checked field by field on two real kernel minidumps
 * (rizinorg/rizin-testbins dmp/triage_x64.dmp and triage_arm64.dmp). The table is
 * shared/design/dumps-and-crashcontrol.md, section 2.2.
 *
 * Windows fills the header with "PAGE" before writing it, so a field still holding "PAGE" was never set
 * (both real minidumps: VersionUser, Comment, PhysicalMemoryBlock, Attributes and all padding). */
#include "dump/dump.h"

#include <stdio.h>
#include <string.h>

#define PAGE_FILL32 0x45474150u           /* "PAGE" */
#define PAGE_FILL64 0x4547415045474150ull /* "PAGEPAGE" */
#define MAX_PROCESSORS 4096
#define PAGE_BYTES 4096u
/* seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01 */
#define FILETIME_UNIX_EPOCH 11644473600ll

/* A little-endian field of `width` bytes at `at`, 0 when it lies past the end or still holds "PAGE". */
static uint64_t field(const uint8_t *d, size_t len, size_t at, size_t width)
{
	uint64_t v = 0;
	if (at > len || width > len - at)
		return 0;
	for (size_t i = 0; i < width; i++)
		v |= (uint64_t)d[at + i] << (8 * i);
	if ((width == 4 && v == PAGE_FILL32) || (width == 8 && v == PAGE_FILL64))
		return 0;
	return v;
}

/* Where a header keeps each field (design note 2.2). The physical memory descriptor is NumberOfRuns,
 * NumberOfPages, then {BasePage, PageCount} runs, all of `word` bytes except NumberOfRuns (4). */
static const struct layout {
	int bits;
	size_t header_size, machine, processors, bugcheck, params, word;
	size_t runs, pages, run_array, max_runs;
	size_t dump_type, required_space, system_time, uptime, product_type, suite_mask, attributes;
} layout64 = {64, 0x2000, 0x30, 0x34, 0x38, 0x40, 8, 0x88, 0x90, 0x98, 43,
	      0xf98, 0xfa0, 0xfa8, 0x1030, 0x1040, 0x1044, 0x1050},
  layout32 = {32, 0x1000, 0x20, 0x24, 0x28, 0x2c, 4, 0x64, 0x68, 0x6c, 86,
	      0xf88, 0xfa0, 0xfc0, 0xfb8, 0xf94, 0xf98, 0x8a0};

/* NumberOfPages, only when NumberOfRuns was written, fits in the block, and the runs add up to it (rizin
 * warns on a mismatch; kdmp-parser tests NumberOfRuns against "PAGE"). Minidumps leave it all "PAGE". */
static uint64_t memory_pages(const uint8_t *d, size_t len, const struct layout *l)
{
	uint64_t runs = field(d, len, l->runs, 4), pages = field(d, len, l->pages, l->word), sum = 0;
	if (!runs || runs > l->max_runs || !pages)
		return 0;
	for (uint64_t i = 0; i < runs; i++) {
		size_t count_at = l->run_array + (size_t)i * 2 * l->word + l->word;
		if (count_at + l->word > len)
			return 0;
		uint64_t count = field(d, len, count_at, l->word);
		if (count > pages - sum)
			return 0;
		sum += count;
	}
	return sum == pages ? pages : 0;
}

static void parse(const uint8_t *d, size_t len, const struct layout *l, struct dump_header *h)
{
	h->bits = l->bits;
	h->header_size = l->header_size;
	h->major_version = (uint32_t)field(d, len, 0x08, 4);
	h->build = (uint32_t)field(d, len, 0x0c, 4);
	h->machine = (uint32_t)field(d, len, l->machine, 4);
	h->processors = (uint32_t)field(d, len, l->processors, 4);
	h->bugcheck = (uint32_t)field(d, len, l->bugcheck, 4);
	for (size_t i = 0; i < 4; i++)
		h->params[i] = field(d, len, l->params + l->word * i, l->word);
	h->memory_pages = memory_pages(d, len, l);
	h->ram_bytes = h->memory_pages <= UINT64_MAX / PAGE_BYTES ? h->memory_pages * PAGE_BYTES : 0;
	h->dump_type = (uint32_t)field(d, len, l->dump_type, 4);
	h->required_space = field(d, len, l->required_space, 8);
	h->system_time = field(d, len, l->system_time, 8);
	h->uptime = field(d, len, l->uptime, 8);
	h->product_type = (uint32_t)field(d, len, l->product_type, 4);
	h->suite_mask = (uint32_t)field(d, len, l->suite_mask, 4);
	h->attributes = (uint32_t)field(d, len, l->attributes, 4);
	h->has_attributes = h->attributes != 0;
}

/* The bugcheck fields must be there and the processor count plausible; a header cut before its dump type
 * is still read, with a note. */
static void judge(size_t len, struct dump_header *h)
{
	size_t needed = h->bits == 64 ? 0x60 : 0x3c;
	if (len < needed) {
		snprintf(h->problem, sizeof h->problem,
			 "%d-bit dump header cut at %zu bytes (the bugcheck fields need %zu): the dump was not "
			 "finished or the file was truncated",
			 h->bits, len, needed);
		return;
	}
	if (h->processors == 0 || h->processors > MAX_PROCESSORS) {
		snprintf(h->problem, sizeof h->problem,
			 "%d-bit dump header with %u processors: not a dump Windows finished writing", h->bits,
			 h->processors);
		return;
	}
	h->valid = true;
	if (len < h->header_size)
		snprintf(h->problem, sizeof h->problem, "dump header cut at %zu bytes (a whole one is %zu)", len,
			 h->header_size);
}

static bool all_zero(const uint8_t *d, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (d[i])
			return false;
	return true;
}

void dump_header_parse(const uint8_t *d, size_t len, struct dump_header *h)
{
	memset(h, 0, sizeof *h);
	if (len < 8 || all_zero(d, 8)) {
		h->signature = DUMP_SIG_NONE;
		h->never_written = true;
		if (len < 8)
			snprintf(h->problem, sizeof h->problem, "file of %zu bytes holds no dump header", len);
		return;
	}
	if (!memcmp(d, "PAGEDU64", 8) || !memcmp(d, "PAGEDUMP", 8)) {
		h->signature = DUMP_SIG_KERNEL;
		parse(d, len, !memcmp(d, "PAGEDU64", 8) ? &layout64 : &layout32, h);
		judge(len, h);
	} else if (!memcmp(d, "PAGE", 4)) {
		/* crashdmp.sys sets ValidDump last: PAGEPAGE is a header it began and never finished */
		h->signature = DUMP_SIG_UNFINISHED;
		h->never_written = true;
	} else if (!memcmp(d, "MDMP", 4)) {
		h->signature = DUMP_SIG_USER_MODE;
		snprintf(h->problem, sizeof h->problem, "a user-mode minidump (MDMP), not a kernel dump");
	} else {
		h->signature = DUMP_SIG_OTHER;
		snprintf(h->problem, sizeof h->problem, "no kernel dump signature (PAGEDU64 or PAGEDUMP)");
	}
}

/* DUMP_TYPE values (mindumpdef.h); WinDbg names 2 "Kernel Summary Dump File" */
const char *dump_type_name(uint32_t type)
{
	static const char *const names[] = {"unknown",           "full",        "kernel (summary)",
					    "header only",       "triage (minidump)", "bitmap full",
					    "bitmap kernel",     "automatic"};
	return type < sizeof names / sizeof *names ? names[type] : "unknown";
}

/* IMAGE_FILE_MACHINE_* (winnt.h) */
const char *dump_machine_name(uint32_t machine)
{
	switch (machine) {
	case 0x8664: return "x64";
	case 0xaa64: return "ARM64";
	case 0x14c: return "x86";
	case 0x1c4: return "ARM";
	default: return NULL;
	}
}

/* ProductType as in OSVERSIONINFOEX: VER_NT_WORKSTATION 1, VER_NT_DOMAIN_CONTROLLER 2, VER_NT_SERVER 3 */
const char *dump_product_type_name(uint32_t product)
{
	switch (product) {
	case 1: return "workstation";
	case 2: return "domain controller";
	case 3: return "server";
	default: return NULL;
	}
}

bool dump_filetime_to_unix(uint64_t filetime, int64_t *seconds)
{
	int64_t s = (int64_t)(filetime / 10000000u) - FILETIME_UNIX_EPOCH;
	if (!filetime || s < 0)
		return false;
	*seconds = s;
	return true;
}
