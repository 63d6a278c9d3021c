#include "wizard/discover.h"

#include "core/datadir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add(struct wizard_folders *f, const char *dir)
{
	if (!dir || !*dir || f->n >= WIZARD_FOLDERS_MAX)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->dirs[i], dir))
			return;
	snprintf(f->dirs[f->n++], PATH_MAX, "%s", dir);
}

void wizard_folders_find(const char *option_dir, struct wizard_folders *out)
{
	char tree[PATH_MAX];
	memset(out, 0, sizeof *out);
	add(out, option_dir);
	add(out, getenv("RESCUEWIZ_WIZARDS"));
	if (datadir_source_tree("wizards", tree, sizeof tree))
		add(out, tree);
	add(out, RESCUEWIZ_DATADIR "/wizards");
}

void wizard_folders_text(const struct wizard_folders *f, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < f->n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? ", " : "", f->dirs[i]);
}

int wizard_locate(const struct wizard_folders *f, const char *name, char *path, size_t len, struct rw_error *e)
{
	if (strchr(name, '/')) {
		snprintf(path, len, "%s", name);
		return 0;
	}
	for (size_t i = 0; i < f->n; i++) {
		snprintf(path, len, "%s/%s.yaml", f->dirs[i], name);
		if (access(path, R_OK) == 0)
			return 0;
	}
	char where[4 * PATH_MAX];
	wizard_folders_text(f, where, sizeof where);
	return rw_fail(e, RW_EXIT_USAGE, "no wizard '%s' (looked for %s.yaml in %s; --wizards DIR adds a folder)",
		       name, name, where);
}

static bool listed(const struct wizard_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].name, name))
			return true;
	return false;
}

static void load_one(struct wizard_list *l, const char *path)
{
	struct wizard w;
	struct rw_error e = {0};
	if (wizard_load(path, &w, &e) != 0) {
		char **grown = realloc(l->broken, (l->nbroken + 1) * sizeof *grown);
		if (grown) {
			l->broken = grown;
			l->broken[l->nbroken++] = strdup(e.text);
		}
		return;
	}
	struct wizard *grown = listed(l, w.name) ? NULL : realloc(l->items, (l->n + 1) * sizeof *grown);
	if (!grown) {
		wizard_free(&w);
		return;
	}
	l->items = grown;
	l->items[l->n++] = w;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int wizard_list_load(const struct wizard_folders *f, struct wizard_list *out, struct rw_error *e)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < f->n; i++) {
		DIR *d = opendir(f->dirs[i]);
		struct dirent *de;
		char *names[256];
		size_t n = 0;
		while (d && n < 256 && (de = readdir(d))) {
			size_t len = strlen(de->d_name);
			if (len > 5 && !strcmp(de->d_name + len - 5, ".yaml") && de->d_name[0] != '.')
				names[n++] = strdup(de->d_name);
		}
		if (d)
			closedir(d);
		qsort(names, n, sizeof *names, by_name);
		for (size_t j = 0; j < n; j++) {
			char path[PATH_MAX + 300];
			snprintf(path, sizeof path, "%s/%s", f->dirs[i], names[j]);
			struct stat st;
			if (names[j] && stat(path, &st) == 0 && S_ISREG(st.st_mode))
				load_one(out, path);
			free(names[j]);
		}
	}
	if (out->n)
		return 0;
	char where[4 * PATH_MAX];
	wizard_folders_text(f, where, sizeof where);
	return rw_fail(e, RW_EXIT_USAGE, "no wizard could be loaded from %s%s%s", where,
		       out->nbroken ? "; the first broken one: " : "", out->nbroken ? out->broken[0] : "");
}

void wizard_list_free(struct wizard_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		wizard_free(&l->items[i]);
	free(l->items);
	for (size_t i = 0; i < l->nbroken; i++)
		free(l->broken[i]);
	free(l->broken);
	memset(l, 0, sizeof *l);
}
