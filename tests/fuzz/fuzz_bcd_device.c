/* BCD device elements (src/bcd/device.c): partitions, ramdisks and files, with the device that holds a file.
 * Input: the element's bytes. */
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bcd_device d;
	char problem[128] = "";
	bool ok = bcd_device_decode(data, size, &d, problem, sizeof problem);
	if (!ok && !*problem)
		abort();
	if (ok && d.has_partition && d.style != BCD_STYLE_GPT && d.style != BCD_STYLE_MBR)
		abort();
	if (d.file_path)
		(void)strlen(d.file_path);
	(void)strlen(bcd_device_kind(&d));
	free(d.file_path);
	return 0;
}
