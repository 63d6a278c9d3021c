/* The environment and the output of the tools rescuewiz runs (mtools, and the disk builder's): ours, with
 * MTOOLS_SKIP_CHECK=1 (mtools refuses images at an offset otherwise) and LC_ALL=C (messages we can quote).
 * Built before the tool is spawned: a process with worker threads changes nothing after fork. */
#ifndef RW_CORE_TOOL_ENV_H
#define RW_CORE_TOOL_ENV_H

#include <stddef.h>

/* A new array (free it; its strings are environ's and two constants), NULL without memory */
char **tool_environment(void);
/* Reads what a tool writes to fd until its end (again after EINTR): the first len-1 bytes into out, NUL
 * ended, the rest read and dropped so the tool never blocks on a full pipe; out NULL keeps nothing */
void tool_read_output(int fd, char *out, size_t len);

#endif
