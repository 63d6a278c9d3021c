/* A registry value read from a hive, kept with its type so reports and edits never change a type. */
#ifndef RW_HIVE_VALUE_H
#define RW_HIVE_VALUE_H

#include <hivex.h>
#include <stddef.h>
#include <stdint.h>

struct reg_value {
	char *name;
	int type;          /* hive_type */
	uint64_t number;   /* REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_QWORD */
	char *text;        /* REG_SZ, REG_EXPAND_SZ, REG_LINK (UTF-8) */
	char **strings;    /* REG_MULTI_SZ, NULL terminated */
	size_t nstrings;
	uint8_t *raw;      /* always: the data as stored */
	size_t raw_len;
};

/* Reads one value; 0 on success, -1 when hivex fails (errno set). */
int reg_value_read(hive_h *h, hive_value_h v, struct reg_value *out);
void reg_value_clear(struct reg_value *v);
const char *reg_type_name(int type); /* "REG_DWORD", ... */
/* Length of a list of node or value handles as hivex returns them (0 terminated; NULL counts as empty). */
size_t reg_handles_count(const size_t *handles);
/* Follows a backslash path from node, comparing names case-insensitively (hivex already does). 0 if absent. */
hive_node_h reg_node_path(hive_h *h, hive_node_h node, const char *path);

#endif
