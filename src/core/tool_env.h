/* The environment of the tools rescuewiz runs (mtools, and the disk builder's): ours, with
 * MTOOLS_SKIP_CHECK=1 (mtools refuses images at an offset otherwise) and LC_ALL=C (messages we can quote).
 * Built before the tool is spawned: a process with worker threads changes nothing after fork. */
#ifndef RW_CORE_TOOL_ENV_H
#define RW_CORE_TOOL_ENV_H

/* A new array (free it; its strings are environ's and two constants), NULL without memory */
char **tool_environment(void);

#endif
