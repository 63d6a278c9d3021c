/* What the parts of the wizard loader share (load.c: the wizard and its steps; edits.c: the apply step's
 * edits; conditions.c: when: and refuse-if:). Private to src/wizard/. */
#ifndef RW_WIZARD_LOADER_H
#define RW_WIZARD_LOADER_H

#include "wizard/wizard.h"
#include "wizard/yamldoc.h"

struct loader {
	struct yamldoc y;
	struct wizard *w;
	struct rw_error *e;
	size_t step_index;       /* the step being read, in w->steps: references must point before it */
	size_t item_index;       /* the item of the steps list being read (an include brings several steps) */
	const struct include_chain *chain; /* the files including this one, for include cycles */
	const yaml_node_t *node; /* where a reference error is reported */
	yaml_node_t *steps;      /* the steps sequence, to tell "comes later" from "does not exist" */
};

/* The wizard files being loaded, innermost first: a file that includes one of them makes a cycle. */
struct include_chain {
	const char *file;  /* its real path */
	const char *name;  /* as the include named it */
	const struct include_chain *up;
};

/* wizard_load for a file reached through includes. */
int loader_wizard(const char *file, const struct include_chain *chain, struct wizard *w, struct rw_error *e);
/* {include: NAME, when: CONDITION}: the steps of wizard NAME appended to l->w, each under the condition. */
int loader_include(struct loader *l, yaml_node_t *n);

struct where where_of(const yaml_node_t *n);
/* A scalar of mapping m as a new string; a missing key fails only when required. */
int loader_string(struct loader *l, yaml_node_t *m, const char *key, bool required, char **out);
/* Every ${step.field} in text names an earlier step and a field its kind records. */
int loader_references(struct loader *l, const yaml_node_t *n, const char *text);
/* A scalar or a list of scalars, each checked for references. */
int loader_strings(struct loader *l, yaml_node_t *n, const char *what, char ***out, size_t *count);
/* {hive, key, control-sets, value}: value required or forbidden as with_value says (-1: optional). */
int loader_place(struct loader *l, yaml_node_t *n, int with_value, struct reg_place *out);
int loader_condition(struct loader *l, yaml_node_t *n, struct condition *out);
/* A step's when: (or an include's, for each step it brings) appended to the step's conditions. */
int loader_step_when(struct loader *l, yaml_node_t *n, struct step *s);
/* A step id or wizard name: a lower-case letter, then a-z, 0-9, _ and -, shorter than 64. */
bool loader_valid_name(const char *id);
int loader_edits(struct loader *l, yaml_node_t *stepnode, struct step *s);

void place_clear(struct reg_place *p);
void condition_clear(struct condition *c);
void edit_clear(struct edit *ed);
void strings_free(char **list, size_t n);

#endif
