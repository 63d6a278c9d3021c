#include "disk/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Another process may take the free device between LOOP_CTL_GET_FREE and LOOP_CONFIGURE: the next one then */
#define LOOP_TRIES 16

int loop_attach(const char *backing, uint64_t offset, uint64_t size, bool rw, char *dev, size_t dev_len,
		char *why, size_t why_len)
{
	int mode = (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC;
	int file = open(backing, mode);
	if (file < 0) {
		snprintf(why, why_len, "%s: %s", backing, strerror(errno));
		return -1;
	}
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		snprintf(why, why_len, "/dev/loop-control: %s (is the loop module loaded?)", strerror(errno));
		close(file);
		return -1;
	}
	struct loop_config cfg = {.fd = (uint32_t)file,
				  .info = {.lo_offset = offset,
					   .lo_sizelimit = size,
					   .lo_flags = LO_FLAGS_AUTOCLEAR | (rw ? 0 : LO_FLAGS_READ_ONLY)}};
	int fd = -1, err = 0;
	for (int i = 0; i < LOOP_TRIES && fd < 0; i++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			err = errno;
			break;
		}
		snprintf(dev, dev_len, "/dev/loop%d", n);
		fd = open(dev, mode);
		if (fd >= 0 && ioctl(fd, LOOP_CONFIGURE, &cfg) != 0) {
			err = errno;
			close(fd);
			fd = -1;
		} else if (fd < 0) {
			err = errno;
		}
		if (fd < 0 && err != EBUSY)
			break;
	}
	close(ctl);
	close(file);
	if (fd < 0) {
		snprintf(why, why_len, "no loop device for %s: %s", backing, strerror(err));
		dev[0] = '\0';
	}
	return fd;
}
