/* Copying a large file (a multi-GB MEMORY.DMP) off the customer's disk into a folder of the rescue VM, at
 * the speed of the disk, verified: the sha256 of what was read and of the copy read back must be equal. The
 * copy never replaces a file: it is created with O_EXCL, and removed again when the copy fails. */
#ifndef RW_CORE_COPY_H
#define RW_CORE_COPY_H

#include <stdint.h>

#include "core/error.h"
#include "core/files.h"

/* 4 MiB reads: fewer, larger requests to ntfs-3g (FUSE splits them into its own), with the kernel told the
 * access is sequential so it reads ahead; bench/copy.sh measures the result against cp. */
#define COPY_BUFFER (4u << 20)

struct copy_progress {
	void (*fn)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
};

struct copy_result {
	uint64_t bytes;
	char sha256[SHA256_HEX_LEN];  /* of the source as read, equal to the copy's read back */
};

/* Refuses (RW_EXIT_REFUSED) when the folder's file system has less than need bytes free for us, naming the
 * folder, both sizes and what to do. */
int copy_check_room(const char *dir, uint64_t need, struct rw_error *e);

/* Copies the regular file open at src_fd (a FIFO, a device or a directory is refused) into dir/name, a new
 * file of mode 0600 (an existing one is never overwritten), fsyncs it and its folder, and compares the
 * sha256 of the bytes read with the copy read back from the disk. name is one component (no '/'). */
int copy_verified(int src_fd, const char *dir, const char *name, const struct copy_progress *p,
		  struct copy_result *out, struct rw_error *e);



/* Opens path to be copied through open_regular (core/files.h): no link followed, a FIFO or a device
 * refused without blocking. The descriptor, or -1 with e. */
int copy_open_source(const char *path, struct rw_error *e);

#endif
