/* Where wizards come from, searched in this order: --wizards DIR, $RESCUEWIZ_WIZARDS, the wizards/ folder of
 * the source tree the running binary was built in (build/rescuewiz run from any directory finds the
 * repository's wizards), and the installed folder. A name found in an earlier folder hides a later one. */
#ifndef RW_WIZARD_DISCOVER_H
#define RW_WIZARD_DISCOVER_H

#include <limits.h>
#include <stddef.h>

#include "core/error.h"
#include "wizard/wizard.h"

#define WIZARD_FOLDERS_MAX 4

struct wizard_folders {
	char dirs[WIZARD_FOLDERS_MAX][PATH_MAX];
	size_t n;
};

/* option_dir: --wizards DIR, or NULL. */
void wizard_folders_find(const char *option_dir, struct wizard_folders *out);
/* "a, b, c": for messages that name every folder searched */
void wizard_folders_text(const struct wizard_folders *f, char *out, size_t len);

/* A wizard by name (NAME.yaml in the folders) or by path (a name holding '/'). */
int wizard_locate(const struct wizard_folders *f, const char *name, char *path, size_t len, struct rw_error *e);

/* Every wizard of every folder: the ones that load, and the messages (file:line:column) of those that do
 * not, which are never dropped silently. Zero wizards found is an error naming the folders. */
struct wizard_list {
	struct wizard *items;
	size_t n;
	char **broken;
	size_t nbroken;
};
int wizard_list_load(const struct wizard_folders *f, struct wizard_list *out, struct rw_error *e);
void wizard_list_free(struct wizard_list *l);

#endif
