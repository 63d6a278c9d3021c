/* Element values by format (bits 24-27 of the id). Booleans come in 1, 4 or 8 bytes depending on the tool
 * that wrote them; integers are 8 bytes little endian, but shorter ones are read too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "core/utf16.h"

static const char *const expected_type_name[] = {
	[BCD_FORMAT_DEVICE] = "REG_BINARY",  [BCD_FORMAT_STRING] = "REG_SZ",       [BCD_FORMAT_OBJECT] = "REG_SZ",
	[BCD_FORMAT_OBJECT_LIST] = "REG_MULTI_SZ", [BCD_FORMAT_INTEGER] = "REG_BINARY", [BCD_FORMAT_BOOLEAN] = "REG_BINARY",
	[BCD_FORMAT_INTEGER_LIST] = "REG_BINARY",
};
static const int expected_type[] = {
	[BCD_FORMAT_DEVICE] = hive_t_REG_BINARY,      [BCD_FORMAT_STRING] = hive_t_REG_SZ,
	[BCD_FORMAT_OBJECT] = hive_t_REG_SZ,          [BCD_FORMAT_OBJECT_LIST] = hive_t_REG_MULTI_SZ,
	[BCD_FORMAT_INTEGER] = hive_t_REG_BINARY,     [BCD_FORMAT_BOOLEAN] = hive_t_REG_BINARY,
	[BCD_FORMAT_INTEGER_LIST] = hive_t_REG_BINARY,
};

static char *normalised(char *s)
{
	char g[GUID_TEXT_LEN];
	if (s && guid_normalize(s, g)) {
		free(s);
		return strdup(g);
	}
	return s;
}

static uint64_t little_endian(const uint8_t *d, size_t len)
{
	uint64_t v = 0;
	for (size_t i = len; i > 0; i--)
		v = v << 8 | d[i - 1];
	return v;
}

/* REG_MULTI_SZ: UTF-16 strings, each NUL terminated, the list ending with an empty one. */
static void object_list(const uint8_t *d, size_t len, struct bcd_element *el)
{
	size_t units = len / 2, start = 0;
	el->list = calloc(units / 2 + 2, sizeof *el->list);
	for (size_t i = 0; el->list && i <= units; i++) {
		if (i < units && (d[2 * i] || d[2 * i + 1]))
			continue;
		if (i > start)
			el->list[el->nlist++] = normalised(utf16le_to_utf8(d + 2 * start, 2 * (i - start)));
		else if (i < units)
			break;
		start = i + 1;
	}
}

static void decode_value(const uint8_t *d, size_t len, struct bcd_element *el)
{
	switch (el->format) {
	case BCD_FORMAT_DEVICE:
		el->decoded = bcd_device_decode(d, len, &el->device, el->problem, sizeof el->problem);
		return;
	case BCD_FORMAT_STRING:
		el->string = utf16le_to_utf8(d, len);
		break;
	case BCD_FORMAT_OBJECT:
		el->string = normalised(utf16le_to_utf8(d, len));
		break;
	case BCD_FORMAT_OBJECT_LIST:
		object_list(d, len, el);
		break;
	case BCD_FORMAT_INTEGER:
		if (len == 0 || len > 8) {
			snprintf(el->problem, sizeof el->problem, "integer of %zu bytes, expected 8", len);
			return;
		}
		el->integer = little_endian(d, len);
		break;
	case BCD_FORMAT_BOOLEAN:
		if (len == 0) {
			snprintf(el->problem, sizeof el->problem, "boolean of 0 bytes");
			return;
		}
		el->integer = little_endian(d, len > 8 ? 8 : len) != 0;
		if (len != 1 && len != 4 && len != 8) {
			snprintf(el->problem, sizeof el->problem, "boolean of %zu bytes, expected 1", len);
			return;
		}
		break;
	case BCD_FORMAT_INTEGER_LIST:
		if (len % 8) {
			snprintf(el->problem, sizeof el->problem, "integer list of %zu bytes, not a multiple of 8", len);
			return;
		}
		el->integers = calloc(len / 8 + 1, sizeof *el->integers);
		for (size_t i = 0; el->integers && i < len / 8; i++)
			el->integers[el->nintegers++] = little_endian(d + 8 * i, 8);
		break;
	default:
		snprintf(el->problem, sizeof el->problem, "unknown element format %d", el->format);
		return;
	}
	el->decoded = true;
}

void bcd_element_decode(uint32_t id, int reg_type, const uint8_t *data, size_t len, struct bcd_element *el)
{
	memset(el, 0, sizeof *el);
	el->id = id;
	el->format = (int)(id >> 24 & 0xf);
	el->reg_type = reg_type;
	el->raw = malloc(len ? len : 1);
	if (el->raw)
		memcpy(el->raw, data, len);
	el->raw_len = len;
	if (el->format >= BCD_FORMAT_DEVICE && el->format <= BCD_FORMAT_INTEGER_LIST &&
	    reg_type != expected_type[el->format]) {
		snprintf(el->problem, sizeof el->problem, "expected %s for this element, found registry type %d",
			 expected_type_name[el->format], reg_type);
		return;
	}
	decode_value(data, len, el);
}

void bcd_element_clear(struct bcd_element *el)
{
	free(el->string);
	for (size_t i = 0; i < el->nlist; i++)
		free(el->list[i]);
	free(el->list);
	free(el->integers);
	free(el->device.file_path);
	free(el->raw);
	memset(el, 0, sizeof *el);
}
