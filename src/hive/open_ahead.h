/* A writable hivex open started in a worker thread: hivex reads the whole file into memory and checks every
 * page of it (tens of milliseconds for a 100 MB hive), which then runs beside the rest of the snapshot and
 * the plan instead of after them. */
#ifndef RW_HIVE_OPEN_AHEAD_H
#define RW_HIVE_OPEN_AHEAD_H

#include <hivex.h>

#include "core/files.h"

struct open_ahead;

/* Starts hivex_open(path, HIVEX_OPEN_WRITE) in a worker; NULL when no worker could start */
struct open_ahead *open_ahead_start(const char *path);
/* The same for a file that is being copied meanwhile (a hive's primary while its backup is made), so the
 * two reads share one read of the disk: the handle counts only for the file in the state open_ahead_expect
 * names, the same before and after hivex read it; otherwise take gives none (ESTALE). */
struct open_ahead *open_ahead_start_copied(const char *path);
/* The state the file must have been in while hivex read it (the copy's source state, file_copy.source) */
void open_ahead_expect(struct open_ahead *o, const struct file_identity *id);
/* Waits until the worker is done with the file (NULL: nothing): before its volume is unmounted */
void open_ahead_wait(struct open_ahead *o);
/* Waits for the open and gives its handle to the caller, once: NULL when it failed (errno) or was taken */
hive_h *open_ahead_take(struct open_ahead *o);
/* Waits for the open, closes a handle nobody took and frees o (NULL: nothing) */
void open_ahead_drop(struct open_ahead *o);

#endif
