/* BCD device elements (REG_BINARY). Layout (BCD_DEVICE_OPTION in ReactOS boot/environ/include/bl.h, checked
 * against the offsets real stores show):
 *   0x00 16  options object GUID (zero, or the ramdisk options object for WinRE)
 *   0x10  4  device type: 3 file/ramdisk, 5 boot, 6 partition, 8 locate
 *   0x14  4  flags
 *   0x18  4  size of the descriptor from 0x10 (0x48 for a partition)
 *   0x1c  4  reserved
 *   0x20     type-specific data; for a partition:
 *            0x20 16 MBR: partition start in bytes (8 LE); GPT: partition GUID
 *            0x30  4 reserved
 *            0x34  4 partition style: 0 GPT, 1 MBR
 *            0x38 16 MBR: disk signature (4 LE); GPT: disk GUID
 *            0x48 16 reserved (a partition element is 88 bytes, its size field 0x48)
 * A file device (WinRE's ramdisk) holds at 0x20 a nested descriptor of the same shape as 0x10.. (type,
 * flags, size, reserved, data) for the partition that holds the file, then the file's path in UTF-16.
 * That nested layout is our reading of real WinRE stores: anything that does not fit it is reported as
 * "file device" without a partition, never as an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "core/utf16.h"

#define DESCRIPTOR_AT 0x10
#define PARTITION_DATA 0x38 /* bytes of partition data after a 16-byte descriptor header */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Partition data (0x38 bytes) at p. */
static void partition_data(const uint8_t *p, struct bcd_device *out)
{
	out->has_partition = true;
	uint32_t style = le32(p + 0x14);
	if (style == 1) {
		out->style = BCD_STYLE_MBR;
		out->mbr_offset = le64(p);
		out->mbr_signature = le32(p + 0x18);
	} else {
		out->style = BCD_STYLE_GPT;
		guid_format(p, out->partition_guid);
		guid_format(p + 0x18, out->disk_guid);
	}
}

/* The nested descriptor of a file device, and the path after it. */
static void file_data(const uint8_t *d, size_t len, struct bcd_device *out)
{
	const size_t at = 0x20;
	if (len < at + 16)
		return;
	uint32_t type = le32(d + at), size = le32(d + at + 8);
	if (size < 16 || size > len - at)
		return;
	if (type == BCD_DEVICE_PARTITION && size >= 16 + PARTITION_DATA)
		partition_data(d + at + 16, out);
	size_t path_at = at + size;
	if (path_at < len)
		out->file_path = utf16le_to_utf8(d + path_at, len - path_at);
}

bool bcd_device_decode(const uint8_t *d, size_t len, struct bcd_device *out, char *problem, size_t problem_len)
{
	memset(out, 0, sizeof *out);
	out->style = BCD_STYLE_NONE;
	if (len < 0x20) {
		snprintf(problem, problem_len, "device element of %zu bytes is shorter than its 32-byte header", len);
		return false;
	}
	uint8_t zero[16] = {0};
	if (memcmp(d, zero, 16))
		guid_format(d, out->options);
	out->type = le32(d + DESCRIPTOR_AT);
	if (out->type == BCD_DEVICE_PARTITION) {
		if (len < 0x20 + PARTITION_DATA) {
			snprintf(problem, problem_len, "partition device of %zu bytes, expected at least %d", len,
				 0x20 + PARTITION_DATA);
			return false;
		}
		partition_data(d + 0x20, out);
	} else if (out->type == BCD_DEVICE_FILE) {
		file_data(d, len, out);
	}
	return true;
}
