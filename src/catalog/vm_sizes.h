/* Azure VM sizes -> RAM, from share/azure-vm-sizes.yaml, so the operator can type the size of the broken VM
 * (Standard_D4s_v5) where its RAM is asked. */
#ifndef RW_CATALOG_VM_SIZES_H
#define RW_CATALOG_VM_SIZES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

/* The RAM of a size name (any case): 1 with *bytes, 0 when the table does not list it, -1 with e when the
 * table can not be read (file:line:column). */
int vm_size_ram(const char *file, const char *name, uint64_t *bytes, struct rw_error *e);
/* Checks the whole table (rescuewiz validate): 0, or -1 with e at the first bad entry. */
int vm_sizes_validate(const char *file, struct rw_error *e);

#endif
