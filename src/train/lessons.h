/* Where lessons are (share/scenarios/NAME.yaml), where a trainee's results go ($XDG_STATE_HOME/rescuewiz/
 * training, ~/.local/state without it), and the image rule: a lesson's disk is a file, never a device. */
#ifndef RW_TRAIN_LESSONS_H
#define RW_TRAIN_LESSONS_H

#include <stddef.h>

#include "core/error.h"

/* A lesson by name, or by path (a name holding '/'). */
int lesson_locate(const char *name, char *path, size_t len, struct rw_error *e);
/* The names of every lesson file, sorted; *n of them. */
int lesson_names(char ***names, size_t *n, struct rw_error *e);
void lesson_names_free(char **names, size_t n);
/* The results folder, made (0700) when missing. */
int lesson_state_dir(char *out, size_t len, struct rw_error *e);
/* 0 when path is not there yet or is a regular file (a sparse image), -1 for a device or anything else. */
int lesson_image_ok(const char *path, struct rw_error *e);

#endif
