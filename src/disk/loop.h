/* A loop device of our own for one partition of the disk (or image): set up with LOOP_CONFIGURE at the
 * partition's offset and size, read-only unless asked, autoclear (the kernel detaches it when the last user
 * lets go). rescuewiz does this itself instead of libmount's loop option: libmount 2.38 re-uses a loop
 * device of the same file and offset that an earlier mount's autoclear is still releasing, and that mount
 * then fails, or leaks what it looked up. */
#ifndef RW_DISK_LOOP_H
#define RW_DISK_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Attaches a new loop device to backing's bytes [offset, offset + size) and names it in dev ("/dev/loop7").
 * Returns its descriptor, which keeps it attached until closed (close it once the mount holds it), or -1
 * with why. */
int loop_attach(const char *backing, uint64_t offset, uint64_t size, bool rw, char *dev, size_t dev_len,
		char *why, size_t why_len);

#endif
