/* Kernel crash dump headers (MEMORY.DMP, Minidump\*.dmp, a dump left in pagefile.sys or the dedicated dump
 * file), bounded parsing. The header is the only part read here; dump/check.h judges the rest of the file. */
#ifndef RW_DUMP_DUMP_H
#define RW_DUMP_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DUMP_HEADER_SIZE 0x2000   /* the 64-bit header; the 32-bit one is 0x1000 */
#define DUMP_HEADER32_SIZE 0x1000

/* DumpType values (mindumpdef.h) */
enum dump_type_code {
	DUMP_TYPE_FULL = 1,
	DUMP_TYPE_SUMMARY = 2,
	DUMP_TYPE_HEADER = 3,
	DUMP_TYPE_TRIAGE = 4,
	DUMP_TYPE_BITMAP_FULL = 5,
	DUMP_TYPE_BITMAP_KERNEL = 6,
	DUMP_TYPE_AUTOMATIC = 7,
};

/* What the first 8 bytes say (design note 2.1). */
enum dump_signature {
	DUMP_SIG_NONE,          /* fewer than 8 bytes, or 8 zero bytes */
	DUMP_SIG_USER_MODE,     /* MDMP: a user-mode minidump */
	DUMP_SIG_OTHER,         /* anything else: not a dump */
	DUMP_SIG_UNFINISHED,    /* PAGE + anything but DU64/DUMP: ValidDump never set */
	DUMP_SIG_KERNEL,        /* PAGEDU64 or PAGEDUMP */
};

/* DUMP_FILE_ATTRIBUTES bits (mindumpdef.h) */
#define DUMP_ATTR_INSUFFICIENT_DUMPFILE_SIZE (1u << 2)
#define DUMP_ATTR_ENCRYPTED_DUMP_DATA (1u << 8)

struct dump_header {
	bool valid;            /* PAGEDU64 or PAGEDUMP with sane fields */
	bool never_written;    /* PAGEPAGE / zeros: the dump was not finished */
	int signature;         /* enum dump_signature */
	int bits;              /* 64 or 32 */
	size_t header_size;    /* 0x2000 or 0x1000 */
	uint32_t major_version; /* 0xF retail */
	uint32_t build;        /* MinorVersion */
	uint32_t machine;      /* MachineImageType: 0x8664, 0xAA64, 0x14C, 0x1C4 */
	uint32_t processors;
	uint32_t bugcheck;
	uint64_t params[4];
	uint32_t dump_type;    /* enum dump_type_code, 0 unknown */
	uint64_t memory_pages; /* PhysicalMemoryBlock.NumberOfPages when its runs add up to it, else 0 */
	uint64_t ram_bytes;    /* memory_pages * 4096 */
	uint64_t required_space; /* RequiredDumpSpace, 0 unknown */
	uint64_t system_time;  /* FILETIME (UTC) of the crash, 0 unknown */
	uint64_t uptime;       /* SystemUpTime, 100 ns units, 0 unknown */
	uint32_t product_type; /* 1 workstation, 2 domain controller, 3 server, 0 unknown */
	uint32_t suite_mask;
	bool has_attributes;   /* Attributes was written (not "PAGE") */
	uint32_t attributes;
	char problem[128];
};

/* Parses the first len bytes of a file (len may be shorter than a header: fields past it stay unknown). */
void dump_header_parse(const uint8_t *data, size_t len, struct dump_header *out);
const char *dump_type_name(uint32_t type);
const char *dump_machine_name(uint32_t machine);       /* "x64", "ARM64", "x86", "ARM", or NULL */
const char *dump_product_type_name(uint32_t product);  /* "workstation", "domain controller", "server", NULL */
/* seconds since 1970 of a FILETIME; false when it is 0 or before 1970 */
bool dump_filetime_to_unix(uint64_t filetime, int64_t *seconds);

#endif
