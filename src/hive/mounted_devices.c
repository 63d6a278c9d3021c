/* MountedDevices data (bcd.md "Drive letters offline"): 12 bytes = MBR disk signature + partition byte
 * offset; 24 bytes starting "DMIO:ID:" = GPT partition GUID; anything else = a UTF-16 device interface path. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf16.h"
#include "hive/system.h"

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

void mounted_device_decode(const char *name, const uint8_t *data, size_t len, struct mounted_device *out)
{
	memset(out, 0, sizeof *out);
	out->name = strdup(name ? name : "");
	if (name && !strncasecmp(name, "\\DosDevices\\", 12) && strlen(name) == 14 && name[13] == ':' &&
	    ((name[12] >= 'A' && name[12] <= 'Z') || (name[12] >= 'a' && name[12] <= 'z')))
		out->letter = (char)(name[12] & ~0x20);
	if (len == 12) {
		out->kind = MOUNTED_MBR;
		out->mbr_signature = (uint32_t)le(data, 4);
		out->mbr_offset = le(data + 4, 8);
	} else if (len == 24 && !memcmp(data, "DMIO:ID:", 8)) {
		out->kind = MOUNTED_GPT;
		guid_format(data + 8, out->partition_guid);
	} else {
		out->kind = MOUNTED_OTHER;
		out->other = utf16le_to_utf8(data, len);
	}
}

void mounted_device_clear(struct mounted_device *m)
{
	free(m->name);
	free(m->other);
	memset(m, 0, sizeof *m);
}
