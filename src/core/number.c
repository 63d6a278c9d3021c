#include "core/number.h"

#include <ctype.h>

static int digit_value(char c, int base)
{
	int v = isdigit((unsigned char)c) ? c - '0' : isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : 99;
	return v < base ? v : -1;
}

bool number_parse(const char *text, uint64_t *out)
{
	int base = 10;
	const char *p = text;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return false;
	uint64_t v = 0;
	for (; *p; p++) {
		int d = digit_value(*p, base);
		if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

bool number_in_range(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	if (!number_parse(text, &v) || v < min || v > max)
		return false;
	*out = v;
	return true;
}
