#include "hive/value.h"

#include <stdlib.h>
#include <string.h>

int reg_value_read(hive_h *h, hive_value_h v, struct reg_value *out)
{
	memset(out, 0, sizeof *out);
	out->name = hivex_value_key(h, v);
	hive_type t;
	size_t len;
	char *raw = hivex_value_value(h, v, &t, &len);
	if (!out->name || !raw) {
		free(raw);
		reg_value_clear(out);
		return -1;
	}
	out->type = (int)t;
	out->raw = (uint8_t *)raw;
	out->raw_len = len;
	switch (t) {
	case hive_t_REG_DWORD:
	case hive_t_REG_DWORD_BIG_ENDIAN:
	case hive_t_REG_QWORD:
		/* a value of the wrong length keeps its raw bytes and reads as 0 rather than failing */
		if ((t != hive_t_REG_QWORD && len == 4) || (t == hive_t_REG_QWORD && len == 8)) {
			for (size_t i = 0; i < len; i++)
				out->number |= (uint64_t)out->raw[t == hive_t_REG_DWORD_BIG_ENDIAN ? 3 - i : i] << (8 * i);
		}
		break;
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
	case hive_t_REG_LINK:
		out->text = hivex_value_string(h, v);
		break;
	case hive_t_REG_MULTI_SZ:
		out->strings = hivex_value_multiple_strings(h, v);
		while (out->strings && out->strings[out->nstrings])
			out->nstrings++;
		/* hivex returns the list's terminating empty string as an entry of its own */
		while (out->nstrings && !out->strings[out->nstrings - 1][0]) {
			free(out->strings[--out->nstrings]);
			out->strings[out->nstrings] = NULL;
		}
		break;
	default:
		break;
	}
	return 0;
}

void reg_value_clear(struct reg_value *v)
{
	free(v->name);
	free(v->text);
	for (size_t i = 0; v->strings && v->strings[i]; i++)
		free(v->strings[i]);
	free(v->strings);
	free(v->raw);
	memset(v, 0, sizeof *v);
}

const char *reg_type_name(int type)
{
	static const char *const names[] = {
		"REG_NONE",		  "REG_SZ",	 "REG_EXPAND_SZ",		"REG_BINARY",
		"REG_DWORD",		  "REG_DWORD_BIG_ENDIAN", "REG_LINK",		"REG_MULTI_SZ",
		"REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
	};
	return type >= 0 && type < (int)(sizeof names / sizeof *names) ? names[type] : "REG_UNKNOWN";
}

hive_node_h reg_node_path(hive_h *h, hive_node_h node, const char *path)
{
	char *copy = strdup(path), *save = NULL;
	for (char *part = copy ? strtok_r(copy, "\\", &save) : NULL; part && node; part = strtok_r(NULL, "\\", &save))
		node = hivex_node_get_child(h, node, part);
	free(copy);
	return copy ? node : 0;
}

size_t reg_handles_count(const size_t *handles)
{
	size_t n = 0;
	while (handles && handles[n])
		n++;
	return n;
}
