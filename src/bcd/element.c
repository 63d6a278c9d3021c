/* Element values by format (bits 24-27 of the id). Booleans come in 1, 4 or 8 bytes depending on the tool
 * that wrote them; integers are 8 bytes little endian, but shorter ones are read too. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "core/utf16.h"
#include "hive/value.h"

static const struct {
	int reg_type;
	const char *name; /* for messages: "... for an integer element" */
} formats[] = {
	[BCD_FORMAT_DEVICE] = {hive_t_REG_BINARY, "a device"},
	[BCD_FORMAT_STRING] = {hive_t_REG_SZ, "a string"},
	[BCD_FORMAT_OBJECT] = {hive_t_REG_SZ, "an object"},
	[BCD_FORMAT_OBJECT_LIST] = {hive_t_REG_MULTI_SZ, "an object list"},
	[BCD_FORMAT_INTEGER] = {hive_t_REG_BINARY, "an integer"},
	[BCD_FORMAT_BOOLEAN] = {hive_t_REG_BINARY, "a boolean"},
	[BCD_FORMAT_INTEGER_LIST] = {hive_t_REG_BINARY, "an integer list"},
};

static bool known_format(int format)
{
	return format >= BCD_FORMAT_DEVICE && format <= BCD_FORMAT_INTEGER_LIST;
}

int bcd_format_reg_type(int format)
{
	return known_format(format) ? formats[format].reg_type : -1;
}

const char *bcd_format_name(int format)
{
	return known_format(format) ? formats[format].name : "an unknown format";
}

static bool problem(struct bcd_element *el, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool problem(struct bcd_element *el, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(el->problem, sizeof el->problem, fmt, ap);
	va_end(ap);
	return false;
}

/* A GUID in any spelling becomes lower case with braces; anything else stays as it is. */
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

static bool text(const uint8_t *d, size_t len, bool guid, struct bcd_element *el)
{
	el->string = utf16le_to_utf8(d, len);
	if (guid)
		el->string = normalised(el->string);
	return el->string || problem(el, "out of memory");
}

/* REG_MULTI_SZ: UTF-16 strings, each NUL terminated, the list ending with an empty one. A last string
 * without its NUL is still taken. */
static bool object_list(const uint8_t *d, size_t len, struct bcd_element *el)
{
	size_t units = len / 2, start = 0;
	el->list = calloc(units / 2 + 2, sizeof *el->list);
	if (!el->list)
		return problem(el, "out of memory");
	for (size_t i = 0; i <= units; i++) {
		if (i < units && (d[2 * i] || d[2 * i + 1]))
			continue;
		if (i == start)
			break;
		char *s = normalised(utf16le_to_utf8(d + 2 * start, 2 * (i - start)));
		if (!s)
			return problem(el, "out of memory");
		el->list[el->nlist++] = s;
		start = i + 1;
	}
	return true;
}

static bool integer(const uint8_t *d, size_t len, struct bcd_element *el)
{
	if (len == 0 || len > 8)
		return problem(el, "integer of %zu bytes, expected 8 (or fewer, little endian)", len);
	el->integer = little_endian(d, len);
	return true;
}

/* The first byte is kept even when the length is odd, so a caller that chooses to can still see it. */
static bool boolean(const uint8_t *d, size_t len, struct bcd_element *el)
{
	if (len == 0)
		return problem(el, "boolean of 0 bytes, expected 1");
	if (len != 1 && len != 4 && len != 8) {
		el->integer = d[0] != 0;
		return problem(el, "boolean of %zu bytes, expected 1 (or 4 or 8)", len);
	}
	el->integer = little_endian(d, len) != 0;
	return true;
}

static bool integer_list(const uint8_t *d, size_t len, struct bcd_element *el)
{
	if (len % 8)
		return problem(el, "integer list of %zu bytes, not a multiple of 8", len);
	el->integers = calloc(len / 8 + 1, sizeof *el->integers);
	if (!el->integers)
		return problem(el, "out of memory");
	for (size_t i = 0; i < len / 8; i++)
		el->integers[el->nintegers++] = little_endian(d + 8 * i, 8);
	return true;
}

static bool decode_value(const uint8_t *d, size_t len, struct bcd_element *el)
{
	switch (el->format) {
	case BCD_FORMAT_DEVICE:
		return bcd_device_decode(d, len, &el->device, el->problem, sizeof el->problem);
	case BCD_FORMAT_STRING:
		return text(d, len, false, el);
	case BCD_FORMAT_OBJECT:
		return text(d, len, true, el);
	case BCD_FORMAT_OBJECT_LIST:
		return object_list(d, len, el);
	case BCD_FORMAT_INTEGER:
		return integer(d, len, el);
	case BCD_FORMAT_BOOLEAN:
		return boolean(d, len, el);
	case BCD_FORMAT_INTEGER_LIST:
		return integer_list(d, len, el);
	default:
		return problem(el, "unknown element format %d (bits 24-27 of %08x)", el->format, el->id);
	}
}

static void start(uint32_t id, int reg_type, struct bcd_element *el)
{
	memset(el, 0, sizeof *el);
	el->id = id;
	el->format = bcd_format_of(id);
	el->reg_type = reg_type;
}

void bcd_element_decode(uint32_t id, int reg_type, const uint8_t *data, size_t len, struct bcd_element *el)
{
	start(id, reg_type, el);
	el->raw = malloc(len ? len : 1);
	if (!el->raw) {
		problem(el, "out of memory");
		return;
	}
	if (len)
		memcpy(el->raw, data, len);
	el->raw_len = len;
	if (known_format(el->format) && reg_type != formats[el->format].reg_type) {
		problem(el, "expected %s for %s element, found %s", reg_type_name(formats[el->format].reg_type),
			formats[el->format].name, reg_type_name(reg_type));
		return;
	}
	el->decoded = decode_value(data, len, el);
}

void bcd_element_unreadable(uint32_t id, const char *why, struct bcd_element *el)
{
	start(id, hive_t_REG_NONE, el);
	problem(el, "%s", why);
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
