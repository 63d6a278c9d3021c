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

/* The length of one UTF-8 sequence at s that glibc's iconv accepts too (no overlong forms, no encoded
 * surrogates, nothing past U+10FFFF), 0 when s does not start one. */
static size_t sequence_length(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	unsigned char lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80, hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
	for (size_t k = 1; k < n; k++, lo = 0x80, hi = 0xbf)
		if (s[k] < lo || s[k] > hi)
			return 0;
	return n;
}

/* U+0080..U+009F: the C1 controls, which xterm and others obey too (U+009B is CSI) */
static bool is_c1(const unsigned char *s, size_t seq)
{
	return seq == 2 && s[0] == 0xc2 && s[1] <= 0x9f;
}

void utf8_quote(const char *s, size_t valid_len, char *out, size_t out_len)
{
	size_t o = 0;
	if (!out_len)
		return;
	for (size_t i = 0; s[i];) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t seq = *p < 0x80 ? 1 : i < valid_len ? sequence_length(p) : 0;
		if (*p >= 0x80 && i + seq > valid_len)
			seq = 0; /* a sequence that runs past what is known to be valid is not trusted */
		bool escape = seq == 0 || is_control(*p) || is_c1(p, seq);
		size_t take = seq ? seq : 1; /* the bytes of one character, shown at once: never split */
		size_t need = escape ? 4 * take : take;
		if (o + need >= out_len)
			break;
		for (size_t k = 0; k < take; k++)
			if (escape)
				o += (size_t)snprintf(out + o, out_len - o, "\\x%02x", p[k]);
			else
				out[o++] = (char)p[k];
		i += take;
	}
	out[o] = '\0';
}

size_t utf8_valid_length(const char *s)
{
	size_t i = 0, n;
	while (s[i] && (n = sequence_length((const unsigned char *)s + i)) > 0)
		i += n;
	return i;
}

void utf8_printable(const char *s, char *out, size_t out_len)
{
	utf8_quote(s, utf8_valid_length(s), out, out_len);
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

void utf16_preload(void)
{
	/* held open for the life of the process: glibc unloads a module nobody uses */
	static iconv_t latin1 = (iconv_t)-1, utf16 = (iconv_t)-1;
	if (latin1 == (iconv_t)-1)
		latin1 = iconv_open("UTF-8", "LATIN1");
	if (utf16 == (iconv_t)-1)
		utf16 = iconv_open("UTF-8", "UTF-16LE");
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
