/* Reports of a Target snapshot: text for people (fits 80 columns) and JSON for tools (shape documented in
 * the man page, section JSON OUTPUT; keep it stable). */
#ifndef RW_REPORT_REPORT_H
#define RW_REPORT_REPORT_H

#include <stdio.h>

#include "disk/candidates.h"
#include "snapshot/snapshot.h"

struct json_object;

int report_text(FILE *out, const struct snapshot *s);
int report_json(FILE *out, const struct snapshot *s);

/* inspect's list of candidate disks: one entry per disk, s NULL when no snapshot of it could be taken
 * (problem says why); then the list, printed as {"candidates": [...]} and freed. */
struct json_object *report_candidate_json(const struct candidate *c, const struct snapshot *s, const char *problem);
int report_candidates_json(FILE *out, struct json_object *entries);
/* The snapshot's problems as inspect --json lists them: [{severity, code, message}] */
struct json_object *report_problems_json(const struct snapshot *s);

/* Shared wording */
const char *report_size(uint64_t bytes, char *buf, size_t len); /* "1.5 GiB", "512 KiB", "100 B" */
const char *report_time(time_t t, char *buf, size_t len);       /* "2026-11-24 10:00:00Z" */
/* "Windows Server 2019 Datacenter, build 17763.1234, Gen2 (UEFI)", "...; refused: bitlocker; warning:
 * hive-dirty" */
const char *report_found(const struct snapshot *s, char *buf, size_t len);
const char *report_crash_dump_kind(uint64_t crash_dump_enabled); /* "complete", "kernel", ... */
/* Text wrapped at `width` columns: at the last space that fits, else at the width (never inside a UTF-8
 * sequence); the first row starts at column `first`, continuation rows at `indent`. Nothing is cut off, and the
 * text is shown printable (utf8_printable: control characters from the disk escaped). */
void report_wrapped(FILE *out, const char *text, size_t first, size_t indent, size_t width);
/* inspect lists a page file or dedicated dump file only when a dump (or part of one) is left in it */
bool report_lists_dump(const struct dump_file *d);

#endif
