#include "ntfs/health.h"

#include <string.h>

/* BitLocker replaces the OEM id of the volume's boot sector by "-FVE-FS-" (libblkid also wants valid FVE
 * metadata before it says "BitLocker", so the signature alone is checked here). */
bool health_is_bitlocker_boot_sector(const uint8_t *sector, size_t len)
{
	return len >= 11 && !memcmp(sector + 3, "-FVE-FS-", 8);
}

/* hiberfil.sys of a hibernated system starts with "hibr" (older) or "HIBR"; after a resume Windows
 * overwrites it with "wake"/"WAKE" or zeros, which is safe to write next to. */
bool health_is_hibernation_header(const uint8_t *head, size_t len)
{
	return len >= 4 && (!memcmp(head, "hibr", 4) || !memcmp(head, "HIBR", 4));
}
