/* Kernel dump headers. Offsets of DUMP_HEADER64/DUMP_HEADER32 from the public definitions used by
 * kdmp-parser and Volatility's crash dump layer; they still have to be checked against a real dump from
 * an Azure VM: until then the report says what it read, never more. */
#include "target/dump.h"

#include <stdio.h>
#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void parse64(const uint8_t *d, size_t len, struct dump_header *h)
{
	if (len < 0xfb8) {
		snprintf(h->problem, sizeof h->problem, "64-bit dump header truncated at %zu bytes", len);
		return;
	}
	h->bits = 64;
	h->build = le32(d + 0x0c);
	h->processors = le32(d + 0x34);
	h->bugcheck = le32(d + 0x38);
	for (int i = 0; i < 4; i++)
		h->params[i] = le64(d + 0x40 + 8 * i);
	h->ram_bytes = le64(d + 0x88 + 8) * 4096;
	h->dump_type = le32(d + 0xf98);
	h->required_space = le64(d + 0xfa0);
	h->system_time = le64(d + 0xfb0);
	h->valid = true;
}

static void parse32(const uint8_t *d, size_t len, struct dump_header *h)
{
	if (len < 0x70) {
		snprintf(h->problem, sizeof h->problem, "32-bit dump header truncated at %zu bytes", len);
		return;
	}
	h->bits = 32;
	h->build = le32(d + 0x0c);
	h->processors = le32(d + 0x24);
	h->bugcheck = le32(d + 0x28);
	for (int i = 0; i < 4; i++)
		h->params[i] = le32(d + 0x2c + 4 * i);
	h->ram_bytes = (uint64_t)le32(d + 0x64 + 4) * 4096;
	h->valid = true;
}

void dump_header_parse(const uint8_t *d, size_t len, struct dump_header *h)
{
	memset(h, 0, sizeof *h);
	static const uint8_t zeros[8];
	if (len < 8) {
		snprintf(h->problem, sizeof h->problem, "file of %zu bytes holds no dump header", len);
		h->never_written = len == 0;
		return;
	}
	if (!memcmp(d, "PAGEPAGE", 8) || !memcmp(d, zeros, 8)) {
		h->never_written = true;
		return;
	}
	if (!memcmp(d, "PAGEDU64", 8))
		parse64(d, len, h);
	else if (!memcmp(d, "PAGEDUMP", 8))
		parse32(d, len, h);
	else if (!memcmp(d, "MDMP", 4))
		snprintf(h->problem, sizeof h->problem, "a user-mode minidump (MDMP), not a kernel dump");
	else
		snprintf(h->problem, sizeof h->problem, "no kernel dump signature (PAGEDU64 or PAGEDUMP)");
}

const char *dump_type_name(uint32_t type)
{
	static const char *const names[] = {"unknown", "full", "kernel", "header only", "triage (minidump)",
					    "bitmap full", "bitmap kernel", "automatic"};
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
