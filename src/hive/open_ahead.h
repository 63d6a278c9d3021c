/* A writable hivex open started in a worker thread: hivex reads the whole file into memory and checks every
 * page of it (tens of milliseconds for a 100 MB hive), which then runs beside the rest of the snapshot and
 * the plan instead of after them. */
#ifndef RW_HIVE_OPEN_AHEAD_H
#define RW_HIVE_OPEN_AHEAD_H

#include <hivex.h>

struct open_ahead;

/* Starts hivex_open(path, HIVEX_OPEN_WRITE) in a worker; NULL when no worker could start */
struct open_ahead *open_ahead_start(const char *path);
/* Waits for the open and gives its handle to the caller, once: NULL when it failed (errno) or was taken */
hive_h *open_ahead_take(struct open_ahead *o);
/* Waits for the open, closes a handle nobody took and frees o (NULL: nothing) */
void open_ahead_drop(struct open_ahead *o);

#endif
