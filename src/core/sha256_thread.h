/* sha256 of a stream computed in a second thread: the producer fills one of two buffers, hands it over and
 * goes on writing it where it goes while the hash of it is taken, so copying and hashing a 100 MB hive take
 * the time of the slower of the two instead of their sum. */
#ifndef RW_CORE_SHA256_THREAD_H
#define RW_CORE_SHA256_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/files.h"

/* What sha256_thread_buffer gives room for */
#define SHA256_THREAD_CHUNK (1u << 20)

struct sha256_thread;

/* NULL when there is no memory or no thread */
struct sha256_thread *sha256_thread_start(void);
/* The next buffer to fill (SHA256_THREAD_CHUNK bytes), once the hash of what it held is taken */
uint8_t *sha256_thread_buffer(struct sha256_thread *t);
/* Hashes the first len bytes of the buffer sha256_thread_buffer gave last; it stays readable but must not be
 * changed until it is given again */
void sha256_thread_add(struct sha256_thread *t, size_t len);
/* Waits for the last hash, gives the digest in hex (hex NULL: none wanted) and ends the thread */
void sha256_thread_end(struct sha256_thread *t, char hex[SHA256_HEX_LEN]);

#endif
