/* UTF-16LE, the encoding of every string in a hive (REG_SZ, REG_MULTI_SZ, BCD device paths, MountedDevices
 * interface names). hivex hands data over as stored, so strings we write must already be UTF-16LE with
 * their NUL; strings inside REG_BINARY data we convert ourselves both ways. */
#ifndef RW_CORE_UTF16_H
#define RW_CORE_UTF16_H

#include <stddef.h>
#include <stdint.h>

/* Converts at most len bytes (stops at a NUL code unit) to UTF-8 in a new string; unpaired surrogates become
 * U+FFFD. Returns NULL only when out of memory. */
char *utf16le_to_utf8(const uint8_t *data, size_t len);

/* The UTF-16LE code units of s followed by one NUL code unit, in a new buffer; *len counts the NUL.
 * NULL with `why` filled ("'...' is not valid UTF-8 at byte N") when s is not UTF-8, or when out of memory. */
uint8_t *utf8_to_utf16le(const char *s, size_t *len, char *why, size_t why_len);

/* REG_MULTI_SZ: each item in UTF-16LE with its NUL, then one more NUL; *len counts every byte. An empty item
 * is refused: its lone NUL would end the list early for every reader. n = 0 gives the empty list (one NUL). */
uint8_t *utf8_list_to_multi_sz(const char *const *items, size_t n, size_t *len, char *why, size_t why_len);

/* s as it may be shown on a terminal: control characters (C0, DEL, and the C1 controls U+0080..U+009F),
 * and every byte from 0x80 at or after valid_len (the length of s known to be valid UTF-8; 0 when unknown),
 * become \xNN. Always NUL terminated; cut short rather than split an escape. */
void utf8_quote(const char *s, size_t valid_len, char *out, size_t out_len);
/* The length of the longest prefix of s that is valid UTF-8 (by the rules of glibc's iconv). */
size_t utf8_valid_length(const char *s);
/* The one way text from the disk or typed by the operator is made fit for a terminal or a file people read
 * (reports, screens, progress lines, messages, runbook.md): utf8_quote with s's valid UTF-8 measured, so a
 * hive value can neither send escape sequences nor break a line, and text in any language stays as it is. */
void utf8_printable(const char *s, char *out, size_t out_len);

/* Loads the converters hivex uses for key and value names (Latin-1 and UTF-16LE, iconv modules read from
 * the rescue VM's disk at their first use) and keeps them loaded. A snapshot calls it before its first copy:
 * later the disk is busy writing the backups, and loading them then took 17 ms. */
void utf16_preload(void);

#endif
