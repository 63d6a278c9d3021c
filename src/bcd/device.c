/* BCD device elements (REG_BINARY). The value is an options object GUID followed by the boot library's
 * device descriptor (BCD_DEVICE_OPTION and BL_DEVICE_DESCRIPTOR in ReactOS boot/environ/include/bcd.h and
 * bl.h). The offsets below agree with the bytes grub4dos' ntloader (bcd.c) writes into the stores it boots
 * Windows and WinPE from, and with an independent Python reader of real stores. The WinRE ramdisk they
 * describe is 0x44 + 0x48 + 60 = 200 bytes for \Recovery\WindowsRE\Winre.wim, the size of real WinRE
 * elements. A ramdisk's 3 is its local type at 0x20; its device type at 0x10 is 0.
 *
 *   0x00 16  options object GUID: zero, or the ramdisk options object for WinRE
 *   0x10  4  device type: 0 local device (ramdisk, file), 5 boot, 6 partition, 8 locate
 *   0x14  4  flags (1 on ramdisks)
 *   0x18  4  size of the descriptor, counted from 0x10 (0x48 for a partition)
 *   0x1c  4  reserved
 * partition (6):
 *   0x20 16  MBR: partition start in bytes (8 LE); GPT: partition GUID
 *   0x30  4  type of the disk (0, a local hard disk)
 *   0x34  4  partition style: 0 GPT, 1 MBR
 *   0x38 16  MBR: disk signature (4 LE); GPT: disk GUID
 *   0x48 16  reserved (a partition element is 88 bytes)
 * local device (0):
 *   0x20  4  local type: 3 ramdisk, 5 file
 *   ramdisk: 0x24 20 bytes of image base, size and offset (zero in stores), then a file path at 0x38
 *   file:    a file path at 0x24
 * file path, at P:
 *   P+0   4  version (1)
 *   P+4   4  length, counted from P to the end of the path
 *   P+8   4  path type (5 in every store seen)
 *   P+12     the device holding the file, a descriptor shaped like the one at 0x10 (a partition, boot,
 *            ...), then the file's path in UTF-16LE
 * Every offset is checked against the sizes the data declares and against the bytes really there. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "core/utf16.h"

#define OUTER_AT 0x10       /* the device descriptor after the options GUID */
#define HEADER_LEN 16       /* type, flags, size, reserved */
#define PARTITION_LEN 0x28  /* partition id, disk type, style, disk id: the partition data we read */
#define LOCAL_TYPE_AT 0x20
#define RAMDISK_PATH_AT 0x38
#define FILE_PATH_AT 0x24
#define PATH_HEADER_LEN 12  /* version, length, path type */

struct problem {
	char *text;
	size_t len;
};

static bool fail(struct problem *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct problem *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->text, p->len, fmt, ap);
	va_end(ap);
	return false;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* The descriptor at d[at..end): its type, and its declared size once that fits. */
static bool descriptor(const uint8_t *d, size_t at, size_t end, uint32_t *type, size_t *size, struct problem *p)
{
	if (at > end || end - at < HEADER_LEN)
		return fail(p, "device descriptor at offset 0x%zx needs 16 bytes, %zu are there", at,
			    at > end ? (size_t)0 : end - at);
	*type = le32(d + at);
	uint32_t declared = le32(d + at + 8);
	if (declared < HEADER_LEN || declared > end - at)
		return fail(p, "device descriptor at offset 0x%zx says it is %u bytes, %zu are there", at, declared,
			    end - at);
	*size = declared;
	return true;
}

/* Partition data of the descriptor at d[at], `size` bytes long. */
static bool partition(const uint8_t *d, size_t at, size_t size, struct bcd_device *out, struct problem *p)
{
	if (size < HEADER_LEN + PARTITION_LEN)
		return fail(p, "partition descriptor at offset 0x%zx is %zu bytes, expected at least %d", at, size,
			    HEADER_LEN + PARTITION_LEN);
	const uint8_t *part = d + at + HEADER_LEN;
	uint32_t style = le32(part + 0x14);
	if (style == BCD_STYLE_MBR) {
		out->mbr_offset = le64(part);
		out->mbr_signature = le32(part + 0x18);
	} else if (style == BCD_STYLE_GPT) {
		guid_format(part, out->partition_guid);
		guid_format(part + 0x18, out->disk_guid);
	} else {
		return fail(p, "partition style %u at offset 0x%zx, expected 0 (GPT) or 1 (MBR)", style,
			    at + HEADER_LEN + 0x14);
	}
	out->style = (int)style;
	out->has_partition = true;
	return true;
}

/* A file path at d[at..end): the device holding the file, then its UTF-16 name. */
static bool file_path(const uint8_t *d, size_t at, size_t end, struct bcd_device *out, struct problem *p)
{
	if (at > end || end - at < PATH_HEADER_LEN)
		return fail(p, "file path at offset 0x%zx needs a 12-byte header, %zu bytes are there", at,
			    at > end ? (size_t)0 : end - at);
	uint32_t length = le32(d + at + 4);
	if (length < PATH_HEADER_LEN || length > end - at)
		return fail(p, "file path at offset 0x%zx says it is %u bytes, %zu are there", at, length, end - at);
	size_t path_end = at + length, holder = at + PATH_HEADER_LEN, size;
	uint32_t type;
	if (!descriptor(d, holder, path_end, &type, &size, p))
		return false;
	out->parent_type = type;
	if (type == BCD_DEVICE_PARTITION && !partition(d, holder, size, out, p))
		return false;
	out->file_path = utf16le_to_utf8(d + holder + size, path_end - holder - size);
	if (!out->file_path)
		return fail(p, "out of memory reading the file path at offset 0x%zx", holder + size);
	return true;
}

static bool local_device(const uint8_t *d, size_t end, struct bcd_device *out, struct problem *p)
{
	if (end < LOCAL_TYPE_AT + 4)
		return fail(p, "local device of %zu bytes has no local type at offset 0x%x", end, LOCAL_TYPE_AT);
	out->local_type = le32(d + LOCAL_TYPE_AT);
	if (out->local_type == BCD_LOCAL_RAMDISK)
		return file_path(d, RAMDISK_PATH_AT, end, out, p);
	if (out->local_type == BCD_LOCAL_FILE)
		return file_path(d, FILE_PATH_AT, end, out, p);
	return true;
}

bool bcd_device_decode(const uint8_t *d, size_t len, struct bcd_device *out, char *problem, size_t problem_len)
{
	struct problem p = {problem, problem_len};
	memset(out, 0, sizeof *out);
	out->style = BCD_STYLE_NONE;
	if (len < OUTER_AT + HEADER_LEN)
		return fail(&p, "device element of %zu bytes is shorter than its 32-byte header", len);
	static const uint8_t zero[16];
	if (memcmp(d, zero, sizeof zero))
		guid_format(d, out->options);
	out->type = le32(d + OUTER_AT);
	uint32_t type;
	size_t size;
	if (!descriptor(d, OUTER_AT, len, &type, &size, &p))
		return false;
	if (type == BCD_DEVICE_PARTITION)
		return partition(d, OUTER_AT, size, out, &p);
	if (type == BCD_DEVICE_LOCAL)
		return local_device(d, OUTER_AT + size, out, &p);
	return true;
}
