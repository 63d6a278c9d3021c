/* A thread that reads a file back while another thread writes it from its start to its end, and hashes it
 * (through a second thread, core/sha256_thread.h): the sha256 is of the bytes in the file, and the writer
 * never waits for the hash. A fresh file's bytes below its size are the ones written, so each piece is read
 * as soon as the file is longer than it. hivex's commit of a 100 MB hive then ends about when the hash does
 * (70 ms per 100 MB here), instead of the hash coming after the write. */
#ifndef RW_CORE_FOLLOWER_H
#define RW_CORE_FOLLOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/files.h"

struct follower;

/* Called with the first piece read (at most 1 MiB, all of a shorter file) before it is hashed: it may change
 * it (what is hashed is what it leaves). false stops the follower. */
typedef bool (*follower_first_fn)(void *ctx, uint8_t *piece, size_t len);

/* Follows fd, a new empty regular file, through a file description of its own; first may be NULL. NULL
 * when no thread could start (errno). */
struct follower *follower_start(int fd, follower_first_fn first, void *ctx);
/* The writer is done (written: all of it; else it failed): waits for the rest and frees f. 0 with the
 * digest and the number of bytes hashed, or an errno (a read failed, or the first-piece call stopped it:
 * ECANCELED). */
int follower_end(struct follower *f, bool written, char hex[SHA256_HEX_LEN], uint64_t *len);

#endif
