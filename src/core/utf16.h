/* UTF-16LE inside binary structures (BCD device paths, MountedDevices interface names). hivex converts
 * REG_SZ for us; these strings are inside REG_BINARY data, so we convert them ourselves. */
#ifndef RW_CORE_UTF16_H
#define RW_CORE_UTF16_H

#include <stddef.h>
#include <stdint.h>

/* Converts at most len bytes (stops at a NUL code unit) to UTF-8 in a new string; unpaired surrogates become
 * U+FFFD. Returns NULL only when out of memory. */
char *utf16le_to_utf8(const uint8_t *data, size_t len);

#endif
