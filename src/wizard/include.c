/* Step-level when: and {include: NAME, when: CONDITION}: a wizard reuses another wizard's steps by name
 * instead of a copy of them (the 0x7E wizard configures dump collection with the NMI wizard's steps). The
 * included file is loaded and checked on its own, its steps put in place of the include, each under the
 * include's when:. A chain of the files being loaded refuses a file that includes itself, however far. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "steps/kind.h"
#include "wizard/discover.h"
#include "wizard/loader.h"

int loader_step_when(struct loader *l, yaml_node_t *n, struct step *s)
{
	struct condition *grown = realloc(s->when, (s->nwhen + 1) * sizeof *grown);
	if (!grown)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	s->when = grown;
	memset(&s->when[s->nwhen], 0, sizeof *s->when);
	return loader_condition(l, n, &s->when[s->nwhen++]);
}

/* "a -> b -> a": the chain from the outermost file, then the name that closes the cycle. */
static void chain_text(const struct include_chain *c, const char *last, char *out, size_t len)
{
	const struct include_chain *order[WIZARD_INCLUDE_DEPTH + 2];
	size_t n = 0;
	for (; c && n < WIZARD_INCLUDE_DEPTH + 1; c = c->up)
		order[n++] = c;
	out[0] = '\0';
	while (n--)
		snprintf(out + strlen(out), len - strlen(out), "%s -> ", order[n]->name);
	snprintf(out + strlen(out), len - strlen(out), "%s", last);
}

static size_t chain_depth(const struct include_chain *c)
{
	size_t n = 0;
	for (; c; c = c->up)
		n++;
	return n;
}

/* Where NAME is: beside the including file first, then the wizard folders. */
static int locate(struct loader *l, yaml_node_t *at, const char *name, char *path, size_t len)
{
	struct wizard_folders folders, search = {0};
	char here[PATH_MAX];
	snprintf(here, sizeof here, "%s", l->w->file);
	wizard_folders_find(NULL, &folders);
	snprintf(search.dirs[search.n++], PATH_MAX, "%s", dirname(here));
	for (size_t i = 0; i < folders.n && search.n < WIZARD_FOLDERS_MAX; i++)
		if (strcmp(folders.dirs[i], search.dirs[0]))
			snprintf(search.dirs[search.n++], PATH_MAX, "%s", folders.dirs[i]);
	struct rw_error why = {0};
	if (wizard_locate(&search, name, path, len, &why) != 0)
		return yamldoc_fail(&l->y, at, l->e, "include '%s': %s", name, why.text);
	return 0;
}

static int load_included(struct loader *l, yaml_node_t *at, const char *name, struct wizard *inner)
{
	char path[PATH_MAX], real[PATH_MAX], self[PATH_MAX];
	if (locate(l, at, name, path, sizeof path) != 0)
		return -1;
	if (!realpath(path, real) || !realpath(l->w->file, self))
		return yamldoc_fail(&l->y, at, l->e, "include '%s': %s can not be read", name, path);
	const struct include_chain me = {self, l->w->name ? l->w->name : l->w->file, l->chain};
	for (const struct include_chain *c = &me; c; c = c->up)
		if (!strcmp(c->file, real)) {
			char cycle[1024];
			chain_text(&me, name, cycle, sizeof cycle);
			return yamldoc_fail(&l->y, at, l->e, "include '%s' makes a cycle (%s): a wizard can not include "
					    "itself, directly or through others", name, cycle);
		}
	if (chain_depth(&me) >= WIZARD_INCLUDE_DEPTH)
		return yamldoc_fail(&l->y, at, l->e, "include '%s': includes nest deeper than %d wizards", name,
				    WIZARD_INCLUDE_DEPTH);
	struct rw_error why = {0};
	if (loader_wizard(path, &me, inner, &why) != 0)
		return yamldoc_fail(&l->y, at, l->e, "include '%s': %s", name, why.text);
	return 0;
}

/* The included steps' ids must be new here: answers and answers files name steps by id. */
static int ids_free(struct loader *l, yaml_node_t *at, const char *name, const struct wizard *inner)
{
	for (size_t i = 0; i < inner->nsteps; i++)
		for (size_t j = 0; j < l->w->nsteps; j++)
			if (!strcmp(inner->steps[i].id, l->w->steps[j].id))
				return yamldoc_fail(&l->y, at, l->e, "include '%s' brings a step '%s', and this wizard "
						    "already has one (line %d): rename yours", name, inner->steps[i].id,
						    l->w->steps[j].at.line);
	return 0;
}

/* Moves the included steps in, each with the include's when: (read once per step, so each owns its
 * condition). References in that when: name the steps before the include. */
static int take_steps(struct loader *l, yaml_node_t *when, const char *name, struct wizard *inner)
{
	size_t first = l->w->nsteps;
	struct step *grown = realloc(l->w->steps, (first + inner->nsteps) * sizeof *grown);
	if (!grown)
		return rw_fail(l->e, RW_EXIT_USAGE, "out of memory");
	l->w->steps = grown;
	memcpy(&grown[first], inner->steps, inner->nsteps * sizeof *grown);
	l->w->nsteps += inner->nsteps;
	free(inner->steps);
	inner->steps = NULL;
	inner->nsteps = 0;
	l->step_index = first;
	for (size_t i = first; i < l->w->nsteps; i++) {
		struct step *s = &l->w->steps[i];
		if (!s->included_from)
			s->included_from = strdup(name);
		if (when && loader_step_when(l, when, s) != 0)
			return -1;
	}
	return 0;
}

int loader_include(struct loader *l, yaml_node_t *n)
{
	static const char *const keys[] = {"include", "when", NULL};
	if (yamldoc_check_keys(&l->y, n, "an include", keys, l->e) != 0)
		return -1;
	yaml_node_t *namenode = yamldoc_get(&l->y, n, "include");
	const char *name = yamldoc_scalar(namenode);
	if (!name || !loader_valid_name(name))
		return yamldoc_fail(&l->y, namenode, l->e, "include takes the name of a wizard (nmi-crash-dump): "
				    "a-z, 0-9, _ and -, no path");
	struct wizard inner;
	if (load_included(l, namenode, name, &inner) != 0)
		return -1;
	int rc = ids_free(l, namenode, name, &inner);
	if (rc == 0)
		rc = take_steps(l, yamldoc_get(&l->y, n, "when"), name, &inner);
	wizard_free(&inner);
	return rc;
}
