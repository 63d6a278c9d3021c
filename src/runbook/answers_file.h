/* answers.yaml, the file that replays a run (rescuewiz run WIZARD --answers answers.yaml): a comment line
 * saying so, then {wizard: NAME, answers: {step id: answer, ...}}. Written with libyaml's emitter, so every
 * answer (quotes, backslashes, " #", ": ", line breaks, non-ASCII) reads back byte for byte with any YAML
 * parser, and as text: answers are always quoted, so 'yes' or '8' never turn into a boolean or a number. */
#ifndef RW_RUNBOOK_ANSWERS_FILE_H
#define RW_RUNBOOK_ANSWERS_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

/* ids[i] is answered values[i]. Fails (USAGE) naming the step when an answer is not UTF-8 (YAML can not
 * hold it) or when f can not be written. */
int answers_file_write(FILE *f, const char *wizard, const char *const *ids, const char *const *values, size_t n,
		       struct rw_error *e);

#endif
