/* A wizard's value text -> the bytes stored in the hive, by the value's type: registry types as REG ADD
 * writes them (DWORD 4 bytes, QWORD 8, strings UTF-16LE with their NUL, MULTI_SZ with the extra NUL), BCD
 * elements by the element's own format, as bcdedit writes them. Used by the loader on literals and by the
 * plan on expanded references, so both refuse the same things with the same words. */
#ifndef RW_PLAN_ENCODE_H
#define RW_PLAN_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct encoded {
	int reg_type;      /* hive_type */
	uint32_t bcd_id;   /* VALUE_BCD: the element id */
	uint8_t *data;
	size_t len;
};

/* type: enum value_type; name: the value or element name, for messages. -1 with why (what was found, the
 * type and its range). */
int encode_value(int type, const char *name, const char *const *items, size_t nitems, struct encoded *out,
		 char *why, size_t why_len);
void encoded_free(struct encoded *v);
/* A BCD element a wizard may set or delete; false with why (unknown, or only read by rescuewiz). */
bool encode_bcd_element_known(const char *name, char *why, size_t why_len);

#endif
