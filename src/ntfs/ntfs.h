/* The NTFS "dirty" flag, read from the volume itself: Windows sets it when the volume needs chkdsk, and a
 * volume in that state must not be written. Our own bounded reader (ntfs-3g's library would pull in a
 * whole second NTFS stack for two bytes): boot sector -> MFT record 3 ($Volume) -> $VOLUME_INFORMATION. */
#ifndef RW_NTFS_NTFS_H
#define RW_NTFS_NTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NTFS_VOLUME_IS_DIRTY 0x0001

/* Reads the $Volume flags of the NTFS that starts at byte `offset` of fd. 0, or -1 with problem. */
int ntfs_volume_flags(int fd, uint64_t offset, uint16_t *flags, char *problem, size_t len);

#endif
