#include "plan/encode.h"

#include <ctype.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "core/number.h"
#include "core/utf16.h"
#include "wizard/wizard.h"

void encoded_free(struct encoded *v)
{
	free(v->data);
	memset(v, 0, sizeof *v);
}

static int little_endian(struct encoded *out, uint64_t v, size_t n, int reg_type)
{
	out->data = malloc(n);
	for (size_t i = 0; out->data && i < n; i++)
		out->data[i] = (uint8_t)(v >> (8 * i));
	out->len = n;
	out->reg_type = reg_type;
	return out->data ? 0 : -1;
}

static int number(const char *name, const char *text, uint64_t max, const char *type, struct encoded *out,
		  size_t size, int reg_type, char *why, size_t len)
{
	uint64_t v;
	if (!number_in_range(text, 0, max, &v)) {
		snprintf(why, len, "'%s' is a %s: '%s' is not a whole number from 0 to %llu", name, type, text,
			 (unsigned long long)max);
		return -1;
	}
	return little_endian(out, v, size, reg_type);
}

/* "01 02 ff", "01,02,ff" or "0102ff" */
static int binary(const char *name, const char *text, struct encoded *out, char *why, size_t len)
{
	out->data = malloc(strlen(text) / 2 + 1);
	out->reg_type = hive_t_REG_BINARY;
	const char *p = text;
	while (out->data && *p) {
		if (*p == ' ' || *p == ',') {
			p++;
			continue;
		}
		unsigned v;
		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) || sscanf(p, "%2x", &v) != 1) {
			snprintf(why, len, "'%s' is binary: write bytes as hex pairs (01 02 ff), found '%s'", name, text);
			return -1;
		}
		out->data[out->len++] = (uint8_t)v;
		p += 2;
	}
	return out->data ? 0 : -1;
}

int encode_value(int type, const char *name, const char *const *items, size_t nitems, struct encoded *out,
		 char *why, size_t why_len)
{
	memset(out, 0, sizeof *out);
	int rc = -1;
	switch (type) {
	case VALUE_DWORD:
		rc = number(name, items[0], UINT32_MAX, "REG_DWORD", out, 4, hive_t_REG_DWORD, why, why_len);
		break;
	case VALUE_QWORD:
		rc = number(name, items[0], UINT64_MAX, "REG_QWORD", out, 8, hive_t_REG_QWORD, why, why_len);
		break;
	case VALUE_SZ:
	case VALUE_EXPAND_SZ:
		out->reg_type = type == VALUE_SZ ? hive_t_REG_SZ : hive_t_REG_EXPAND_SZ;
		out->data = utf8_to_utf16le(items[0], &out->len, why, why_len);
		rc = out->data ? 0 : -1;
		break;
	case VALUE_MULTI_SZ:
		out->reg_type = hive_t_REG_MULTI_SZ;
		out->data = utf8_list_to_multi_sz(items, nitems, &out->len, why, why_len);
		rc = out->data ? 0 : -1;
		break;
	case VALUE_BINARY:
		rc = binary(name, items[0], out, why, why_len);
		break;
	case VALUE_BCD: {
		struct bcd_value b;
		rc = bcd_encode(name, items, nitems, &b, why, why_len);
		if (rc == 0)
			*out = (struct encoded){b.reg_type, b.id, b.data, b.len};
		break;
	}
	}
	if (rc != 0)
		encoded_free(out);
	return rc;
}

bool encode_bcd_element_known(const char *name, char *why, size_t why_len)
{
	const struct bcd_element_info *info = bcd_element_by_name(name);
	struct bcd_value probe;
	if (info && info->settable)
		return true;
	/* bcd_encode says why before it looks at the values: one text for both places */
	bcd_encode(name, NULL, 0, &probe, why, why_len);
	return false;
}
