/* The bytes of a new element value, exactly as bcdedit stores them (Microsoft's BcdElementType: the format
 * is bits 24-27 of the id; the registry type of each format is element.c's table, shared with the reader).
 *
 * This is our own code because nothing else does it: hivex stores whatever bytes it is handed and knows
 * registry types, not BCD formats; chntpw, hivexregedit and libguestfs leave BCD semantics to bcdedit,
 * which runs only on Windows. Reading back what is written goes through bcd_element_decode, so the two
 * directions can not drift apart unseen (the unit tests decode every encoding). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "core/utf16.h"

struct why {
	char *text;
	size_t len;
};

static int refuse(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(struct why *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->text, w->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* An operator's item inside a message: what is not printable ASCII is shown as \xNN. */
struct shown {
	char text[96];
};

static struct shown shown(const char *item)
{
	struct shown s;
	utf8_quote(item, 0, s.text, sizeof s.text);
	return s;
}

/* data from a converter, which said why when it is NULL */
static int take(struct bcd_value *out, uint8_t *data, size_t len)
{
	if (!data)
		return -1;
	out->data = data;
	out->len = len;
	return 0;
}

static int little_endian(struct bcd_value *out, uint64_t v, size_t n, struct why *w)
{
	uint8_t *d = malloc(n);
	if (!d)
		return refuse(w, "out of memory");
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(v >> (8 * i));
	return take(out, d, n);
}

static const struct {
	const char *word;
	bool value;
} booleans[] = {
	{"yes", true}, {"no", false}, {"on", true}, {"off", false},
	{"true", true}, {"false", false}, {"1", true}, {"0", false},
};

/* bcdedit writes booleans as one byte, whatever length other tools use (element.c reads them all). */
static int boolean(const struct bcd_element_info *info, const char *item, struct bcd_value *out, struct why *w)
{
	for (size_t i = 0; i < sizeof booleans / sizeof *booleans; i++)
		if (!strcasecmp(booleans[i].word, item))
			return little_endian(out, booleans[i].value, 1, w);
	return refuse(w, "'%s' is not a value for %s: give yes or no (or on/off, true/false, 1/0)",
		      shown(item).text, info->name);
}

static int digit(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum number { NUMBER_OK, NUMBER_NOT, NUMBER_TOO_LARGE };

/* Decimal, or hexadecimal after 0x, and nothing else: strtoull would also take a sign, leading spaces,
 * trailing text and octal, and would clamp what is too large. */
static enum number number(const char *s, uint64_t *v)
{
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || strspn(s, base == 16 ? "0123456789abcdefABCDEF" : "0123456789") != strlen(s))
		return NUMBER_NOT;
	uint64_t n = 0;
	for (; *s; s++) {
		unsigned d = (unsigned)digit(*s, base);
		if (n > (UINT64_MAX - d) / base)
			return NUMBER_TOO_LARGE;
		n = n * base + d;
	}
	*v = n;
	return NUMBER_OK;
}

static bool named_value(const struct bcd_element_info *info, const char *item, uint64_t *v)
{
	if (bcd_enum_value(info->id, item, v))
		return true;
	return number(item, v) == NUMBER_OK && bcd_enum_name(info->id, *v);
}

static int refuse_named(const struct bcd_element_info *info, const char *item, struct why *w)
{
	char list[256] = "";
	size_t o = 0;
	for (const struct bcd_enum *v = info->values; v->name && o < sizeof list; v++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s (%llu)", o ? ", " : "", v->name,
				      (unsigned long long)v->value);
	return refuse(w, "'%s' is not a value for %s: give one of %s", shown(item).text, info->name, list);
}

/* 8 bytes little endian, as BcdIntegerElement's 64-bit Integer is stored. */
static int integer(const struct bcd_element_info *info, const char *item, struct bcd_value *out, struct why *w)
{
	uint64_t v;
	if (info->values)
		return named_value(info, item, &v) ? little_endian(out, v, 8, w) : refuse_named(info, item, w);
	switch (number(item, &v)) {
	case NUMBER_OK:
		return little_endian(out, v, 8, w);
	case NUMBER_TOO_LARGE:
		return refuse(w, "'%s' is too large for %s: the largest value is %llu (0x%llx)", shown(item).text,
			      info->name, (unsigned long long)UINT64_MAX, (unsigned long long)UINT64_MAX);
	default:
		return refuse(w, "'%s' is not a value for %s: give a decimal number, or a hexadecimal one after "
			      "0x, from 0 to %llu", shown(item).text, info->name, (unsigned long long)UINT64_MAX);
	}
}

static int string(const struct bcd_element_info *info, const char *item, struct bcd_value *out, struct why *w)
{
	char converter[160];
	size_t len;
	uint8_t *d = utf8_to_utf16le(item, &len, converter, sizeof converter);
	if (!d)
		return refuse(w, "%s: %s", info->name, converter);
	return take(out, d, len);
}

/* An object is named by its GUID, in any spelling, or by a well-known alias; bcdedit stores the GUID in
 * lower case with braces. {default} and {current} are not objects in a store: offline they mean nothing. */
static bool object_guid(const struct bcd_element_info *info, const char *item, char guid[GUID_TEXT_LEN],
			struct why *w)
{
	if (guid_normalize(bcd_guid_for_alias(item), guid))
		return true;
	refuse(w, "'%s' is not an object for %s: give a GUID such as {0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9} or "
	       "a well-known name such as {emssettings}", shown(item).text, info->name);
	return false;
}

static int object(const struct bcd_element_info *info, const char *item, struct bcd_value *out, struct why *w)
{
	char guid[GUID_TEXT_LEN];
	if (!object_guid(info, item, guid, w))
		return -1;
	return string(info, guid, out, w);
}

static int object_list(const struct bcd_element_info *info, const char *const *items, size_t n,
		       struct bcd_value *out, struct why *w)
{
	char (*guids)[GUID_TEXT_LEN] = calloc(n, sizeof *guids);
	const char **list = calloc(n, sizeof *list);
	int rc = guids && list ? 0 : refuse(w, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = object_guid(info, items[i], guids[i], w) ? 0 : -1;
		list[i] = guids[i];
	}
	if (rc == 0) {
		size_t len = 0;
		uint8_t *d = utf8_list_to_multi_sz(list, n, &len, w->text, w->len);
		rc = take(out, d, len);
	}
	free(list);
	free(guids);
	return rc;
}

typedef int (*encode_one)(const struct bcd_element_info *, const char *, struct bcd_value *, struct why *);

/* Devices and integer lists are absent: a wizard can not know a partition's bytes better than bcdboot. */
static const encode_one single[] = {
	[BCD_FORMAT_STRING] = string,
	[BCD_FORMAT_OBJECT] = object,
	[BCD_FORMAT_INTEGER] = integer,
	[BCD_FORMAT_BOOLEAN] = boolean,
};

static bool can_encode(int format)
{
	if (format == BCD_FORMAT_OBJECT_LIST)
		return true;
	return format >= 0 && (size_t)format < sizeof single / sizeof *single && single[format];
}

static int settable(const struct bcd_element_info *info, int format, struct why *w)
{
	if (!can_encode(format))
		return refuse(w, "%s (%08x) can not be set by a wizard: it is %s element", info->name, info->id,
			      bcd_format_name(format));
	if (!info->settable)
		return refuse(w, "%s (%08x) can not be set by a wizard: rescuewiz only reads it", info->name,
			      info->id);
	return 0;
}

static int counted(const struct bcd_element_info *info, int format, size_t n, struct why *w)
{
	if (format == BCD_FORMAT_OBJECT_LIST)
		return n ? 0 : refuse(w, "%s takes one or more objects, none was given", info->name);
	return n == 1 ? 0 : refuse(w, "%s takes exactly one value, %zu were given", info->name, n);
}

int bcd_encode(const char *name, const char *const *items, size_t n, struct bcd_value *out, char *why,
	       size_t why_len)
{
	struct why w = {why, why_len};
	memset(out, 0, sizeof *out);
	const struct bcd_element_info *info = bcd_element_by_name(name);
	if (!info)
		return refuse(&w, "'%s' is not a BCD element rescuewiz knows (bcdedit's names, such as ems, "
			      "bootstatuspolicy or timeout)", shown(name).text);
	int format = bcd_format_of(info->id);
	if (settable(info, format, &w) || counted(info, format, n, &w))
		return -1;
	out->id = info->id;
	out->reg_type = bcd_format_reg_type(format);
	int rc = format == BCD_FORMAT_OBJECT_LIST ? object_list(info, items, n, out, &w)
						  : single[format](info, items[0], out, &w);
	if (rc)
		bcd_value_free(out);
	return rc;
}

void bcd_value_free(struct bcd_value *v)
{
	free(v->data);
	memset(v, 0, sizeof *v);
}
