/* File operations of apply, each crash-safe on its own: copies that are fsynced, sha256 of files, and the
 * replacement of a file by new content (temp file in the same folder, fsync, rename, fsync the folder), so
 * that after a crash the file is either the old one or the new one. */
#ifndef RW_CORE_FILES_H
#define RW_CORE_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define SHA256_HEX_LEN 65

int sha256_file(const char *path, char hex[SHA256_HEX_LEN], struct rw_error *e);
void sha256_buffer(const uint8_t *data, size_t len, char hex[SHA256_HEX_LEN]);
/* Reads a whole file (bounded by max_len) into a new buffer. */
int read_file(const char *path, size_t max_len, uint8_t **data, size_t *len, struct rw_error *e);
/* Creates dest (mode 0600, fails if it exists) with src's bytes, fsyncs it; src may hold at most max_len. */
int copy_file_synced(const char *src, const char *dest, size_t max_len, struct rw_error *e);
/* Replaces path by data: path.rescuewiz-new beside it, fsync, rename over path, fsync the folder. `fault`
 * names the fault points ("<fault>-write", "-fsync", "-rename", "-dirsync"). */
int replace_file(const char *path, const uint8_t *data, size_t len, const char *fault, struct rw_error *e);
int fsync_dir_of(const char *path);
/* Writes all of data (again after EINTR and short writes): 0, or -1 with errno. */
int write_all(int fd, const uint8_t *data, size_t len);

#endif
