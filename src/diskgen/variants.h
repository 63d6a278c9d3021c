/* The named disks of the end-to-end tests, make demo and the benchmarks (`rescuewiz build-disk --variant`):
 * a plain Gen1 and Gen2 OS disk and the ways real ones go wrong. */
#ifndef RW_DISKGEN_VARIANTS_H
#define RW_DISKGEN_VARIANTS_H

#include <stdio.h>

#include "diskgen/diskgen.h"

/* Fills d (free it with disk_desc_free) with the disk named `name`; -1 when there is none of that name. */
int disk_variant(const char *name, struct disk_desc *d);
/* One line per variant: its name and what it is */
void disk_variants_list(FILE *out);

#endif
