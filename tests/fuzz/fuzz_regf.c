/* regf base blocks and hive health (src/hive/regf.c): a primary and up to three logs, as files beside each
 * other. Input: a flag byte (FUZZ_RESEAL), then the primary, LOG, LOG1 and LOG2 joined by FUZZ_SEPARATOR. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hive/regf.h"
#include "diskgen/hive_log.h"

static const char *const names[3] = {"LOG", "LOG1", "LOG2"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_part parts[4];
	size_t n = fuzz_split(data + 1, size - 1, parts, 4);
	char primary[FUZZ_PATH_MAX], logs[3][FUZZ_PATH_MAX];
	const char *paths[3] = {NULL, NULL, NULL};
	for (size_t i = 0; i < n; i++) {
		uint8_t *copy = fuzz_copy(&parts[i]);
		if (data[0] & FUZZ_RESEAL)
			hive_log_reseal(copy, parts[i].len);
		struct regf_base b;
		regf_base_parse(copy, parts[i].len, &b);
		fuzz_file(i ? names[i - 1] : "SYSTEM", copy, parts[i].len, i ? logs[i - 1] : primary);
		if (i)
			paths[i - 1] = logs[i - 1];
		free(copy);
	}
	struct regf_health h;
	regf_health_read(primary, paths, names, &h);
	/* what the struct promises: a state of the three, a clean or dirty hive with no problem */
	if (h.state != REGF_CLEAN && h.state != REGF_DIRTY && h.state != REGF_INVALID)
		abort();
	if (h.state != REGF_INVALID && *h.problem)
		abort();
	if (h.nlogs != n - 1 || strlen(regf_state_name(h.state)) == 0)
		abort();
	return 0;
}
