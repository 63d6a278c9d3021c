/* GUIDs as Windows stores them on disk (GPT entries, BCD device elements, MountedDevices): the first three
 * fields little endian, the last eight bytes as they are. Text form is lower case with braces, as bcdedit. */
#ifndef RW_CORE_GUID_H
#define RW_CORE_GUID_H

#include <stdbool.h>
#include <stdint.h>

#define GUID_TEXT_LEN 39 /* "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" + NUL */

void guid_format(const uint8_t raw[16], char out[GUID_TEXT_LEN]);
/* Accepts with or without braces, any case. Returns false on anything else. */
bool guid_parse(const char *text, uint8_t raw[16]);
/* Normalises any accepted spelling to lower case with braces; false when text is not a GUID. */
bool guid_normalize(const char *text, char out[GUID_TEXT_LEN]);

#endif
