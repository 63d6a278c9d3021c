/* Kernel dump headers, read field by field with every offset checked against the bytes we have.
 *
 * Offsets of DUMP_HEADER64 ("PAGE" "DU64", 0x2000 bytes) and DUMP_HEADER32 ("PAGE" "DUMP", 0x1000 bytes) as
 * given by kdmp-parser's header definitions (kdmp-parser-structs.h, after Rekall), Volatility's crash dump
 * layer (crash_vtypes: _DMP_HEADER64, _DMP_HEADER) and the public symbols of Microsoft's DUMP_HEADER64.
 * kdmp-parser and Volatility agree with each other, but the offsets still have to be verified against a
 * real dump from an Azure VM: until then the report says what was read, never more.
 *
 *   64-bit: 0x08 MajorVersion, 0x0c MinorVersion (the build), 0x30 MachineImageType, 0x34 NumberProcessors,
 *   0x38 BugCheckCode, 0x40 four 8-byte BugCheckParameters, 0x88 PhysicalMemoryBlock (NumberOfRuns 4, pad 4,
 *   NumberOfPages 8), 0xf98 DumpType, 0xfa0 RequiredDumpSpace, 0xfa8 SystemTime (0xfb0 is Comment).
 *   32-bit: 0x0c MinorVersion, 0x24 NumberProcessors, 0x28 BugCheckCode, 0x2c four 4-byte parameters,
 *   0x64 PhysicalMemoryBlock (NumberOfRuns 4, NumberOfPages 4).
 *
 * Windows fills the header with "PAGE" before writing it, so a field still holding "PAGE" was never set. */
#include "dump/dump.h"

#include <stdio.h>
#include <string.h>

#define PAGE_FILL32 0x45474150u           /* "PAGE" */
#define PAGE_FILL64 0x4547415045474150ull /* "PAGEPAGE" */
#define MAX_PROCESSORS 4096

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

static uint64_t pages_to_bytes(uint64_t pages)
{
	return pages <= UINT64_MAX / 4096 ? pages * 4096 : 0;
}

/* Where a header keeps each field; 0 where that header has none. */
static const struct layout {
	int bits;
	size_t processors, bugcheck, params, param_width, pages, pages_width, dump_type, required_space, system_time;
} layout64 = {64, 0x34, 0x38, 0x40, 8, 0x90, 8, 0xf98, 0xfa0, 0xfa8},
  layout32 = {32, 0x24, 0x28, 0x2c, 4, 0x68, 4, 0, 0, 0};

static uint64_t optional(const uint8_t *d, size_t len, size_t at, size_t width)
{
	return at ? field(d, len, at, width) : 0;
}

static void parse(const uint8_t *d, size_t len, const struct layout *l, struct dump_header *h)
{
	h->bits = l->bits;
	h->build = (uint32_t)field(d, len, 0x0c, 4);
	h->processors = (uint32_t)field(d, len, l->processors, 4);
	h->bugcheck = (uint32_t)field(d, len, l->bugcheck, 4);
	for (size_t i = 0; i < 4; i++)
		h->params[i] = field(d, len, l->params + l->param_width * i, l->param_width);
	h->ram_bytes = pages_to_bytes(field(d, len, l->pages, l->pages_width));
	h->dump_type = (uint32_t)optional(d, len, l->dump_type, 4);
	h->required_space = optional(d, len, l->required_space, 8);
	h->system_time = optional(d, len, l->system_time, 8);
}

/* The bugcheck and memory fields must be there and the processor count plausible; a 64-bit header cut
 * before its dump type is still read, with a note. */
static void judge(size_t len, struct dump_header *h)
{
	size_t needed = h->bits == 64 ? 0x98 : 0x6c;
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
	if (h->bits == 64 && len < 0xfb0)
		snprintf(h->problem, sizeof h->problem,
			 "dump header cut at %zu bytes: dump type, size and time unknown", len);
}

static bool all_zero(const uint8_t *d, size_t len)
{
	for (size_t i = 0; i < len && i < DUMP_HEADER_SIZE; i++)
		if (d[i])
			return false;
	return true;
}

void dump_header_parse(const uint8_t *d, size_t len, struct dump_header *h)
{
	memset(h, 0, sizeof *h);
	if (len < 8) {
		snprintf(h->problem, sizeof h->problem, "file of %zu bytes holds no dump header", len);
		h->never_written = len == 0;
		return;
	}
	if (!memcmp(d, "PAGEPAGE", 8) || all_zero(d, len)) {
		h->never_written = true;
		return;
	}
	if (!memcmp(d, "PAGEDU64", 8) || !memcmp(d, "PAGEDUMP", 8)) {
		parse(d, len, !memcmp(d, "PAGEDU64", 8) ? &layout64 : &layout32, h);
		judge(len, h);
	} else if (!memcmp(d, "MDMP", 4)) {
		snprintf(h->problem, sizeof h->problem, "a user-mode minidump (MDMP), not a kernel dump");
	} else {
		snprintf(h->problem, sizeof h->problem, "no kernel dump signature (PAGEDU64 or PAGEDUMP)");
	}
}

/* DUMP_TYPE values of the 64-bit header (the same numbering as rizin's and WinDbg's dump type names) */
const char *dump_type_name(uint32_t type)
{
	static const char *const names[] = {"unknown",           "full",        "kernel (summary)",
					    "header only",       "triage (minidump)", "bitmap full",
					    "bitmap kernel",     "automatic"};
	return type < sizeof names / sizeof *names ? names[type] : "unknown";
}

const char *bugcheck_name(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *name;
	} table[] = {
		{0x0A, "IRQL_NOT_LESS_OR_EQUAL"},
		{0x1E, "KMODE_EXCEPTION_NOT_HANDLED"},
		{0x24, "NTFS_FILE_SYSTEM"},
		{0x35, "NO_MORE_IRP_STACK_LOCATIONS"},
		{0x3B, "SYSTEM_SERVICE_EXCEPTION"},
		{0x50, "PAGE_FAULT_IN_NONPAGED_AREA"},
		{0x51, "REGISTRY_ERROR"},
		{0x77, "KERNEL_STACK_INPAGE_ERROR"},
		{0x7A, "KERNEL_DATA_INPAGE_ERROR"},
		{0x7B, "INACCESSIBLE_BOOT_DEVICE"},
		{0x7E, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED"},
		{0x7F, "UNEXPECTED_KERNEL_MODE_TRAP"},
		{0x80, "NMI_HARDWARE_FAILURE"},
		{0x9F, "DRIVER_POWER_STATE_FAILURE"},
		{0xC2, "BAD_POOL_CALLER"},
		{0xD1, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"},
		{0xEF, "CRITICAL_PROCESS_DIED"},
		{0x101, "CLOCK_WATCHDOG_TIMEOUT"},
		{0x124, "WHEA_UNCORRECTABLE_ERROR"},
		{0x133, "DPC_WATCHDOG_VIOLATION"},
		{0x139, "KERNEL_SECURITY_CHECK_FAILURE"},
		{0xC000021A, "STATUS_SYSTEM_PROCESS_TERMINATED"},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (table[i].code == code)
			return table[i].name;
	return NULL;
}
