/* A YAML file loaded with libyaml's document API, with the positions of every node kept, so every mistake
 * in a wizard or answers file is reported as "file:line:column: what is wrong" (netplan style). */
#ifndef RW_WIZARD_YAMLDOC_H
#define RW_WIZARD_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "core/error.h"

struct yamldoc {
	char *file;
	yaml_document_t doc;
	bool loaded;
};

/* Far deeper than any wizard (every-construct.yaml nests 12 levels) */
#define YAMLDOC_MAX_DEPTH 64

/* Loads the first document; a syntax error, an empty file, a missing file, an alias (*name) or nesting
 * deeper than YAMLDOC_MAX_DEPTH fails with file:line:column, keeping nothing (yamldoc_free is then not
 * needed, and harmless). */
int yamldoc_load(struct yamldoc *y, const char *file, struct rw_error *e);
void yamldoc_free(struct yamldoc *y);

yaml_node_t *yamldoc_root(struct yamldoc *y);
yaml_node_t *yamldoc_node(struct yamldoc *y, int index);
/* Fails with "file:line:column: message" at node n (1-based line and column, as editors count). */
int yamldoc_fail(const struct yamldoc *y, const yaml_node_t *n, struct rw_error *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Scalar text of n, or NULL when n is not a scalar. */
const char *yamldoc_scalar(const yaml_node_t *n);
/* Value of key in mapping m (exact, case-sensitive), NULL when absent. */
yaml_node_t *yamldoc_get(struct yamldoc *y, yaml_node_t *m, const char *key);

/* Checks that n is a mapping whose keys are scalars, all in `allowed` (NULL terminated) and none twice. */
int yamldoc_check_keys(struct yamldoc *y, yaml_node_t *n, const char *what, const char *const *allowed,
		       struct rw_error *e);

/* Reading a data file's fields: a non-empty scalar copied (strdup) into *out, "what must be a text"
 * otherwise; the same for a key that must be in mapping m ("WHAT has no 'KEY'"); a key that may hold true
 * or false (*out left as it is when the key is absent). 0 or -1 with e at the node. */
int yamldoc_text(struct yamldoc *y, yaml_node_t *n, const char *what, char **out, struct rw_error *e);
int yamldoc_required_text(struct yamldoc *y, yaml_node_t *m, const char *key, const char *what, char **out,
			  struct rw_error *e);
int yamldoc_flag(struct yamldoc *y, yaml_node_t *m, const char *key, bool *out, struct rw_error *e);

#endif
