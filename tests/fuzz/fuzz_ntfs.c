/* The NTFS $Volume flags reader (src/ntfs/ntfs.c): boot sector, MFT record 3, $VOLUME_INFORMATION. Input: the
 * first bytes of an NTFS volume. */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ntfs/ntfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("ntfs", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	uint16_t flags = 0;
	char problem[128] = "";
	if (ntfs_volume_flags(fd, 0, &flags, problem, sizeof problem) != 0 && !*problem)
		abort();
	return 0;
}
