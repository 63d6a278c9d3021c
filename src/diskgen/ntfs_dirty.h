/* A dirty NTFS volume for the test disks: VOLUME_IS_DIRTY set in $Volume, as Windows leaves a volume that
 * chkdsk must look at. No library or tool of ntfs-3g sets the flag (ntfsfix only clears it), so the builder
 * walks the volume's layout itself; ntfsinfo, an independent reader, then confirms it. */
#ifndef RW_DISKGEN_NTFS_DIRTY_H
#define RW_DISKGEN_NTFS_DIRTY_H

#include <stdint.h>

#include "core/error.h"

/* Sets the flag in MFT record 3 ($Volume) and in its copy in $MFTMirr of the NTFS volume that starts at
 * byte `offset` of `image`. 0, or -1 with e saying what was not found. */
int ntfs_mark_dirty(const char *image, uint64_t offset, struct rw_error *e);

#endif
