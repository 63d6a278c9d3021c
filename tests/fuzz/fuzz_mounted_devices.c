/* MountedDevices values of the SYSTEM hive (src/hive/mounted_devices.c): the value's name and its data.
 * Input: the name, FUZZ_SEPARATOR, the data. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hive/system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[2];
	if (fuzz_split(data, size, parts, 2) != 2)
		return 0;
	/* a registry value name is text: what hivex gives ends at its first NUL */
	char *name = (char *)fuzz_copy(&parts[0]);
	uint8_t *value = fuzz_copy(&parts[1]);
	struct mounted_device m;
	mounted_device_decode(name, value, parts[1].len, &m);
	if ((m.letter && (m.letter < 'A' || m.letter > 'Z')) || !m.name || (m.kind != MOUNTED_OTHER && m.other))
		abort();
	mounted_device_clear(&m);
	free(name);
	free(value);
	return 0;
}
