/* Kernel crash dump headers (MEMORY.DMP, Minidump\*.dmp, a dump left in pagefile.sys), bounded parsing. */
#ifndef RW_DUMP_DUMP_H
#define RW_DUMP_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DUMP_HEADER_SIZE 0x2000

struct dump_header {
	bool valid;            /* PAGEDU64 or PAGEDUMP with sane fields */
	bool never_written;    /* PAGEPAGE / zeros: the dump was not finished */
	int bits;              /* 64 or 32 */
	uint32_t build;        /* MinorVersion */
	uint32_t processors;
	uint32_t bugcheck;
	uint64_t params[4];
	uint32_t dump_type;    /* 1 full, 2 kernel, ... (64-bit only; 0 unknown) */
	uint64_t ram_bytes;    /* NumberOfPages * 4096 */
	uint64_t required_space; /* 64-bit RequiredDumpSpace, 0 unknown */
	uint64_t system_time;  /* FILETIME, 0 unknown */
	char problem[128];
};

void dump_header_parse(const uint8_t *data, size_t len, struct dump_header *out);
const char *dump_type_name(uint32_t type);
const char *bugcheck_name(uint32_t code); /* "NMI_HARDWARE_FAILURE" or NULL */

#endif
