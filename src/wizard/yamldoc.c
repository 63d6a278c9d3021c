#include "wizard/yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libyaml resolves an alias to the very node of its anchor, so a file can make a node its own child (a
 * condition that holds itself recurses forever) or reach one node by 2^n paths (each level of aliases
 * doubling the work). rescuewiz files are trees: no alias, and no deeper than YAMLDOC_MAX_DEPTH. A node's
 * children come after it in the document, so one pass in order gives every node its depth. */
static int tree_check(struct yamldoc *y, struct rw_error *e)
{
	yaml_node_t *first = y->doc.nodes.start;
	size_t n = (size_t)(y->doc.nodes.top - first);
	int *depth = calloc(n + 1, sizeof *depth), rc = 0;
	if (!depth)
		return rw_fail(e, RW_EXIT_USAGE, "%s: out of memory", y->file);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		yaml_node_t *node = &first[i];
		int children[2] = {0, 0};
		size_t count = node->type == YAML_SEQUENCE_NODE ? (size_t)(node->data.sequence.items.top -
									  node->data.sequence.items.start)
			       : node->type == YAML_MAPPING_NODE ? (size_t)(node->data.mapping.pairs.top -
									    node->data.mapping.pairs.start)
								 : 0;
		for (size_t j = 0; rc == 0 && j < count; j++) {
			if (node->type == YAML_SEQUENCE_NODE) {
				children[0] = node->data.sequence.items.start[j];
				children[1] = 0;
			} else {
				children[0] = node->data.mapping.pairs.start[j].key;
				children[1] = node->data.mapping.pairs.start[j].value;
			}
			for (int k = 0; rc == 0 && k < 2 && children[k]; k++) {
				int c = children[k];
				if (c <= (int)i + 1 || depth[c])
					rc = yamldoc_fail(y, yamldoc_node(y, c), e, "this value is used again through an alias "
							  "(*name): write it out where it is needed, rescuewiz files take no "
							  "aliases");
				else if ((depth[c] = depth[i + 1] + 1) > YAMLDOC_MAX_DEPTH)
					rc = yamldoc_fail(y, yamldoc_node(y, c), e, "nested more than %d levels deep",
							  YAMLDOC_MAX_DEPTH);
			}
		}
	}
	free(depth);
	return rc;
}

int yamldoc_load(struct yamldoc *y, const char *file, struct rw_error *e)
{
	memset(y, 0, sizeof *y);
	FILE *f = fopen(file, "rb");
	if (!f)
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", file, strerror(errno));
	y->file = strdup(file);
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	int rc = 0;
	if (!yaml_parser_load(&p, &y->doc)) {
		rc = rw_fail(e, RW_EXIT_USAGE, "%s:%zu:%zu: %s%s%s", file, p.problem_mark.line + 1,
			     p.problem_mark.column + 1, p.problem ? p.problem : "YAML syntax error",
			     p.context ? " " : "", p.context ? p.context : "");
	} else {
		y->loaded = true;
		if (!yaml_document_get_root_node(&y->doc))
			rc = rw_fail(e, RW_EXIT_USAGE, "%s:1:1: the file is empty", file);
		else
			rc = tree_check(y, e);
	}
	yaml_parser_delete(&p);
	fclose(f);
	if (rc != 0)
		yamldoc_free(y);
	return rc;
}

void yamldoc_free(struct yamldoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	free(y->file);
	memset(y, 0, sizeof *y);
}

yaml_node_t *yamldoc_root(struct yamldoc *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *yamldoc_node(struct yamldoc *y, int index)
{
	return yaml_document_get_node(&y->doc, index);
}

int yamldoc_fail(const struct yamldoc *y, const yaml_node_t *n, struct rw_error *e, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return rw_fail(e, RW_EXIT_USAGE, "%s:%zu:%zu: %s", y->file, n ? n->start_mark.line + 1 : 1,
		       n ? n->start_mark.column + 1 : 1, msg);
}

const char *yamldoc_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *yamldoc_get(struct yamldoc *y, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = yamldoc_scalar(yamldoc_node(y, p->key));
		if (k && !strcmp(k, key))
			return yamldoc_node(y, p->value);
	}
	return NULL;
}

int yamldoc_check_keys(struct yamldoc *y, yaml_node_t *n, const char *what, const char *const *allowed,
		       struct rw_error *e)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return yamldoc_fail(y, n, e, "%s must be a mapping (key: value lines)", what);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yamldoc_node(y, p->key);
		const char *k = yamldoc_scalar(kn);
		if (!k)
			return yamldoc_fail(y, kn, e, "%s: keys must be plain words", what);
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = !strcmp(*a, k);
		if (!known) {
			char list[512] = "";
			for (const char *const *a = allowed; *a; a++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ",
					 *a);
			return yamldoc_fail(y, kn, e, "unknown key '%s' in %s (known: %s)", k, what, list);
		}
		for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
			const char *k2 = yamldoc_scalar(yamldoc_node(y, q->key));
			if (k2 && !strcmp(k, k2))
				return yamldoc_fail(y, kn, e, "key '%s' appears twice in %s", k, what);
		}
	}
	return 0;
}

int yamldoc_text(struct yamldoc *y, yaml_node_t *n, const char *what, char **out, struct rw_error *e)
{
	const char *s = yamldoc_scalar(n);
	if (!s || !*s)
		return yamldoc_fail(y, n, e, "%s must be a text", what);
	*out = strdup(s);
	return *out ? 0 : rw_fail(e, RW_EXIT_USAGE, "out of memory");
}

int yamldoc_required_text(struct yamldoc *y, yaml_node_t *m, const char *key, const char *what, char **out,
			  struct rw_error *e)
{
	yaml_node_t *n = yamldoc_get(y, m, key);
	if (!n)
		return yamldoc_fail(y, m, e, "%s has no '%s'", what, key);
	return yamldoc_text(y, n, key, out, e);
}

int yamldoc_flag(struct yamldoc *y, yaml_node_t *m, const char *key, bool *out, struct rw_error *e)
{
	yaml_node_t *n = yamldoc_get(y, m, key);
	const char *s = yamldoc_scalar(n);
	if (!n)
		return 0;
	if (!s || (strcmp(s, "true") && strcmp(s, "false")))
		return yamldoc_fail(y, n, e, "'%s' must be true or false, not '%s'", key, s ? s : "a list");
	*out = !strcmp(s, "true");
	return 0;
}
