/* Transaction log replay (src/hive/replay.c), new format (HvLE entries) and old (DIRT vector). Input: a flag
 * byte (FUZZ_RESEAL), then the primary and up to three logs joined by FUZZ_SEPARATOR. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "hive/regf.h"
#include "hive/replay.h"
#include "diskgen/hive_log.h"

static const char *const names[3] = {"SYSTEM.LOG", "SYSTEM.LOG1", "SYSTEM.LOG2"};

/* replay.h: 0 and 1 give a primary whose base block is consistent, -1 gives nothing and says why */
static void check(int rc, const uint8_t *out, size_t len, const struct replay_result *r)
{
	struct regf_base b;
	if (rc < 0) {
		if (out || !*r->problem)
			abort();
		return;
	}
	if (!out || len < REGF_BASE_BLOCK_SIZE || len > HIVE_MAX_BYTES)
		abort();
	if (rc == 0 && (!regf_base_parse(out, len, &b) || !b.checksum_ok || b.primary_seq != b.secondary_seq ||
			b.primary_seq != r->sequence || b.hive_bins_size != r->hive_bins_size ||
			REGF_BASE_BLOCK_SIZE + (size_t)b.hive_bins_size > len))
		abort();
}

/* The snapshot's way, in a file that the replay maps and grows, gives the same answer and the same bytes */
static void same_in_file(const uint8_t *primary, size_t plen, const struct replay_log *logs, size_t nlogs, int rc,
			 const uint8_t *out, size_t len)
{
	int fd = memfd_create("fuzz-replay", MFD_CLOEXEC);
	if (fd < 0 || write(fd, primary, plen) != (ssize_t)plen)
		abort();
	size_t flen = plen;
	struct replay_result r;
	if (replay_logs_in_file(fd, &flen, logs, nlogs, &r) != rc)
		abort();
	if (rc >= 0) {
		uint8_t *back = malloc(flen ? flen : 1);
		if (!back || flen != len || pread(fd, back, flen, 0) != (ssize_t)flen || memcmp(back, out, len))
			abort();
		free(back);
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_part parts[4];
	size_t n = fuzz_split(data + 1, size - 1, parts, 4);
	uint8_t *copies[4];
	struct replay_log logs[3];
	for (size_t i = 0; i < n; i++) {
		copies[i] = fuzz_copy(&parts[i]);
		if (data[0] & FUZZ_RESEAL)
			hive_log_reseal(copies[i], parts[i].len);
		if (i)
			logs[i - 1] = (struct replay_log){names[i - 1], copies[i], parts[i].len};
	}
	uint8_t *out = NULL;
	size_t len = 0;
	struct replay_result r;
	int rc = replay_logs(copies[0], parts[0].len, logs, n - 1, &out, &len, &r);
	check(rc, out, len, &r);
	same_in_file(copies[0], parts[0].len, logs, n - 1, rc, out, len);
	if (out)
		replay_seal(out, len, r.sequence);
	free(out);
	for (size_t i = 0; i < n; i++)
		free(copies[i]);
	return 0;
}
