/* Volume states that forbid writing: BitLocker, hibernation. */
#ifndef RW_NTFS_HEALTH_H
#define RW_NTFS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "-FVE-FS-" at offset 3 of a boot sector (len >= 11). */
bool health_is_bitlocker_boot_sector(const uint8_t *sector, size_t len);
/* hiberfil.sys header: "hibr"/"HIBR" (also "wake"/"WAKE"... are resumed images: not hibernated). */
bool health_is_hibernation_header(const uint8_t *head, size_t len);

#endif
