/* The batch front end: answers from a YAML answers file (`answers: {step-id: answer}`), the recommended
 * answer of a step where the file gives none and --defaults is on (as debconf's noninteractive front end),
 * and a clear failure naming the step and the key otherwise. */
#ifndef RW_BATCH_BATCH_H
#define RW_BATCH_BATCH_H

#include <stdbool.h>

#include "core/error.h"
#include "engine/frontend.h"
#include "wizard/wizard.h"

struct batch {
	char *file;          /* the answers file, for messages; NULL with --defaults alone */
	char **ids, **values; /* step id -> answer */
	size_t n;
	bool use_defaults;
};

int batch_load(struct batch *b, const char *file, const struct wizard *w, struct rw_error *e);
void batch_free(struct batch *b);
void batch_frontend(struct batch *b, struct frontend *fe);

#endif
