#include "hive/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "hive/regf.h"
#include "hive/replay.h"

/* hivex commits only to a path: out's path in /proc opens the same file */
int hive_commit_sealed(hive_h *h, uint32_t highest_seq, int out, struct sealed_commit *c, struct rw_error *e)
{
	char path[64];
	c->len = 0;
	snprintf(path, sizeof path, "/proc/self/fd/%d", out);
	if (hivex_commit(h, path, 0) != 0)
		return -1;
	/* out may be open for writing only */
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		errno = err;
		return -1;
	}
	if (st.st_size < REGF_BASE_BLOCK_SIZE || (uint64_t)st.st_size > HIVE_MAX_BYTES) {
		close(fd);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (%lld bytes)", (long long)st.st_size);
	}
	uint8_t base[REGF_BASE_BLOCK_SIZE];
	int rc = read_upto(fd, base, sizeof base, 0) == (ssize_t)sizeof base ? 0 : -1;
	if (rc == 0 && !(c->seq = replay_seal(base, sizeof base, highest_seq))) {
		close(fd);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "hivex wrote no hive (no base block)");
	}
	if (rc == 0)
		rc = pwrite(fd, base, sizeof base, 0) == (ssize_t)sizeof base ? 0 : -1;
	if (rc == 0)
		rc = sha256_fd(fd, c->sha256);
	int err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	c->len = (uint64_t)st.st_size;
	errno = err;
	return rc;
}
