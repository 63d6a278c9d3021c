/* BCD element values (src/bcd/element.c) by format. Input: the element id (4 bytes little endian), the
 * registry type (1 byte), then the value's bytes. */
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 5)
		return 0;
	uint32_t id = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
	struct bcd_element el;
	bcd_element_decode(id, data[4], data + 5, size - 5, &el);
	if (el.id != id || el.format != bcd_format_of(id) || el.raw_len != size - 5 ||
	    (el.raw_len && memcmp(el.raw, data + 5, el.raw_len)))
		abort();
	if (!el.decoded && !*el.problem)
		abort();
	for (size_t i = 0; el.decoded && i < el.nlist; i++)
		if (!el.list[i])
			abort();
	if (el.decoded && el.format == BCD_FORMAT_DEVICE)
		(void)strlen(bcd_device_kind(&el.device));
	bcd_element_clear(&el);
	return 0;
}
