/* External tools of the disk builder (sfdisk, mkntfs, mkfs.fat, mtools, losetup, ntfs-3g), run from an
 * argument vector with posix_spawnp, never through a shell: a lesson's text can not become a command. */
#ifndef RW_DISKGEN_TOOL_H
#define RW_DISKGEN_TOOL_H

#include <stddef.h>

#include "core/error.h"

/* Runs argv (argv[0] looked up in PATH) with `input` on its standard input (NULL: /dev/null), its standard
 * output and error captured into out (up to len-1 bytes, NUL ended; out may be NULL). MTOOLS_SKIP_CHECK=1 is
 * in its environment (mtools refuses images at an offset otherwise). 0 when it exited 0, else -1 with e
 * naming the tool and quoting the start of what it said. */
int tool_run(char *const argv[], const char *input, char *out, size_t len, struct rw_error *e);

#endif
