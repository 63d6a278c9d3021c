/* The wizard loader (src/wizard/): a wizard YAML file with its steps, edits and conditions. Input: the file.
 * Seeds: the shipped wizards and tests/fixtures/wizards (tests/fuzz/run.sh). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "steps/kind.h"
#include "wizard/wizard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[FUZZ_PATH_MAX];
	fuzz_file("wizard.yaml", data, size, path);
	struct wizard w;
	struct rw_error e = {0};
	if (wizard_load(path, &w, &e) != 0) {
		if (!*e.text)
			abort();
		return 0;
	}
	/* a wizard that loads has steps, ids, kinds, and the apply step last */
	bool hives[HIVE_COUNT] = {false};
	wizard_hives(&w, hives);
	if (!w.nsteps || !w.name || !(w.steps[w.nsteps - 1].kind->flags & STEP_TAKES_EDITS))
		abort();
	for (size_t i = 0; i < w.nsteps; i++)
		if (wizard_step(&w, w.steps[i].id) != &w.steps[i])
			abort();
	wizard_free(&w);
	return 0;
}
