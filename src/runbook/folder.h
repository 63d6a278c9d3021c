/* The runbook's folder on disk. Its backup/ is the only copy of the original hives, so the folder is new for
 * every run (made with mkdir, which fails when the name exists; --runbook may also name an empty folder of
 * root's), and every file in it is written relative to the folder's descriptor, into a new file that can not
 * be a link (openat with O_EXCL|O_NOFOLLOW, mode 0600), fsynced and renamed into place: a link planted in
 * the folder is never followed, and a kill leaves the old file or the new one. Internal to src/runbook/. */
#ifndef RW_RUNBOOK_FOLDER_H
#define RW_RUNBOOK_FOLDER_H

#include <stdio.h>

#include "core/error.h"
#include "core/files.h"

/* Writes `name` in the folder open as dirfd (shown as `shown` in messages) with write(f, ctx). written
 * (optional) holds the sha256 of what the last call wrote there: the same content again is not written
 * (the file on disk has it), a new one is and updates it. */
int runbook_folder_write(int dirfd, const char *shown, const char *name, void (*write)(FILE *f, void *ctx), void *ctx,
			 char written[SHA256_HEX_LEN], struct rw_error *e);

#endif
