#include "core/guid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void guid_format(const uint8_t g[16], char out[GUID_TEXT_LEN])
{
	snprintf(out, GUID_TEXT_LEN, "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
		 g[15]);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool guid_parse(const char *text, uint8_t raw[16])
{
	/* byte positions in the text form, in the order of the printed digits */
	static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	size_t len = strlen(text);
	bool braces = len == 38 && text[0] == '{' && text[37] == '}';
	if (!braces && len != 36)
		return false;
	const char *p = text + (braces ? 1 : 0);
	int byte = 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return false;
			continue;
		}
		int hi = hexval((unsigned char)p[i]), lo = hexval((unsigned char)p[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		raw[order[byte++]] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return byte == 16;
}

bool guid_normalize(const char *text, char out[GUID_TEXT_LEN])
{
	uint8_t raw[16];
	if (!guid_parse(text, raw))
		return false;
	guid_format(raw, out);
	return true;
}

