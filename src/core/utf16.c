#include "core/utf16.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

char *utf16le_to_utf8(const uint8_t *d, size_t len)
{
	size_t units = len / 2;
	char *out = malloc(units * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < units; i++) {
		uint32_t c = (uint32_t)d[2 * i] | (uint32_t)d[2 * i + 1] << 8;
		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
			uint32_t lo = (uint32_t)d[2 * i + 2] | (uint32_t)d[2 * i + 3] << 8;
			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		o += put_utf8(out + o, c);
	}
	out[o] = '\0';
	return out;
}

/* Bytes that would move the cursor or start an escape sequence on the operator's terminal. */
static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

void utf8_quote(const char *s, size_t valid_len, char *out, size_t out_len)
{
	size_t o = 0;
	if (!out_len)
		return;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		bool escape = is_control(c) || (c >= 0x80 && i >= valid_len);
		size_t need = escape ? 4 : 1;
		if (o + need >= out_len)
			break;
		if (escape)
			o += (size_t)snprintf(out + o, out_len - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static void invalid(const char *s, size_t at, char *why, size_t why_len)
{
	char shown[160];
	utf8_quote(s, at, shown, sizeof shown);
	snprintf(why, why_len, "'%s' is not valid UTF-8 at byte %zu", shown, at);
}

/* glibc's iconv refuses overlong forms, encoded surrogates and code points past U+10FFFF, and stops where
 * the input goes wrong, which is the byte offset the operator is told about. */
static bool convert(iconv_t cd, const char *s, size_t n, uint8_t *out, size_t *out_len, size_t *bad_at)
{
	char *in = (char *)s, *o = (char *)out;
	size_t in_left = n, out_left = *out_len;
	size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
	*out_len -= out_left;
	*bad_at = (size_t)(in - s);
	return rc != (size_t)-1;
}

uint8_t *utf8_to_utf16le(const char *s, size_t *len, char *why, size_t why_len)
{
	/* one UTF-8 byte gives at most one code unit (4 bytes give a surrogate pair): 2n bytes, then the NUL */
	size_t n = strlen(s), room = 2 * n;
	uint8_t *out = malloc(room + 2);
	iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
	if (!out || cd == (iconv_t)-1) {
		snprintf(why, why_len, "can not convert text to UTF-16: %s", strerror(errno));
		free(out);
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return NULL;
	}
	size_t bad_at;
	bool ok = convert(cd, s, n, out, &room, &bad_at);
	iconv_close(cd);
	if (!ok) {
		invalid(s, bad_at, why, why_len);
		free(out);
		return NULL;
	}
	out[room] = out[room + 1] = 0;
	*len = room + 2;
	return out;
}

static bool append(uint8_t **buf, size_t *len, const uint8_t *add, size_t add_len)
{
	uint8_t *grown = realloc(*buf, *len + add_len);
	if (!grown)
		return false;
	memcpy(grown + *len, add, add_len);
	*buf = grown;
	*len += add_len;
	return true;
}

uint8_t *utf8_list_to_multi_sz(const char *const *items, size_t n, size_t *len, char *why, size_t why_len)
{
	static const uint8_t end[2] = {0, 0};
	uint8_t *out = NULL;
	size_t out_len = 0;
	for (size_t i = 0; i < n; i++) {
		if (!*items[i]) {
			snprintf(why, why_len, "item %zu of the list is empty: an empty string would end the "
				 "REG_MULTI_SZ there", i + 1);
			free(out);
			return NULL;
		}
		size_t one_len;
		uint8_t *one = utf8_to_utf16le(items[i], &one_len, why, why_len);
		bool added = one && append(&out, &out_len, one, one_len);
		if (one && !added)
			snprintf(why, why_len, "out of memory building a list of %zu strings", n);
		free(one);
		if (!added) {
			free(out);
			return NULL;
		}
	}
	if (!append(&out, &out_len, end, sizeof end)) {
		snprintf(why, why_len, "out of memory building a list of %zu strings", n);
		free(out);
		return NULL;
	}
	*len = out_len;
	return out;
}
