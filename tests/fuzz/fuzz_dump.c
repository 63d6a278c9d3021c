/* Kernel crash dump headers (src/dump/dump.c), 64-bit and 32-bit. Input: the first bytes of a dump file. */
#include <stdlib.h>
#include <string.h>

#include "dump/dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dump_header h;
	dump_header_parse(data, size, &h);
	if (h.valid && (h.processors == 0 || h.processors > 4096 || (h.bits != 64 && h.bits != 32)))
		abort();
	if (h.valid && h.never_written)
		abort();
	if (!h.valid && !h.never_written && !*h.problem)
		abort();
	(void)strlen(dump_type_name(h.dump_type));
	(void)bugcheck_name(h.bugcheck);
	return 0;
}
