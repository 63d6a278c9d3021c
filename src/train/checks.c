#include "train/checks.h"

#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf16.h"
#include "snapshot/snapshot.h"

bool check_matches(const struct scenario_check *c, bool present, const char *text)
{
	if (c->absent)
		return !present;
	if (!present)
		return false;
	if (c->equals)
		return !strcasecmp(c->equals, text);
	return strcasestr(text, c->contains) != NULL;
}

/* a value as a check compares it: numbers in decimal, texts as they are, lists joined with '|', anything
 * else as hex bytes "01 00" */
static void value_text(hive_h *h, hive_value_h v, char *out, size_t len)
{
	hive_type t;
	size_t size;
	out[0] = '\0';
	if (hivex_value_type(h, v, &t, &size) != 0)
		return;
	if (t == hive_t_REG_DWORD && size == 4) {
		snprintf(out, len, "%u", (unsigned)hivex_value_dword(h, v));
	} else if (t == hive_t_REG_QWORD && size == 8) {
		snprintf(out, len, "%llu", (unsigned long long)hivex_value_qword(h, v));
	} else if (t == hive_t_REG_SZ || t == hive_t_REG_EXPAND_SZ) {
		char *s = hivex_value_string(h, v);
		snprintf(out, len, "%s", s ? s : "");
		free(s);
	} else if (t == hive_t_REG_MULTI_SZ) {
		char **l = hivex_value_multiple_strings(h, v);
		/* hivex gives the list's final empty string too: it is the terminator, not an entry */
		for (size_t i = 0; l && l[i]; i++) {
			size_t at = strlen(out);
			if (*l[i])
				snprintf(out + at, len - at, "%s%s", at ? "|" : "", l[i]);
			free(l[i]);
		}
		free(l);
	} else {
		hive_type t2;
		size_t n;
		char *raw = hivex_value_value(h, v, &t2, &n);
		for (size_t i = 0; raw && i < n && strlen(out) + 4 < len; i++)
			snprintf(out + strlen(out), len - strlen(out), "%s%02x", i ? " " : "", (unsigned char)raw[i]);
		free(raw);
	}
	char raw[512];
	snprintf(raw, sizeof raw, "%s", out);
	utf8_printable(raw, out, len);
}

/* key\sub\sub from the root, without case (hivex looks children up without case) */
static hive_node_h node_at(hive_h *h, const char *path)
{
	hive_node_h n = hivex_root(h);
	char *copy = strdup(path), *save = NULL;
	for (char *part = copy ? strtok_r(copy, "\\", &save) : NULL; part && n; part = strtok_r(NULL, "\\", &save))
		n = hivex_node_get_child(h, n, part);
	free(copy);
	return n;
}

static const struct hive_file *hive_of(const struct snapshot *snap, const char *name)
{
	return !strcmp(name, "SYSTEM") ? &snap->system_file : !strcmp(name, "BCD") ? &snap->bcd_file : &snap->software_file;
}

static void check_value(const struct snapshot *snap, const struct scenario_check *c, struct check_result *r)
{
	const struct hive_file *hf = hive_of(snap, c->hive);
	const char *path = *hf->replayed ? hf->replayed : hf->copy;
	hive_h *h = *path ? hivex_open(path, 0) : NULL;
	if (!h) {
		snprintf(r->found, sizeof r->found, "(the %s hive could not be read)", c->hive);
		return;
	}
	hive_node_h n = node_at(h, c->key);
	hive_value_h v = n ? hivex_node_get_value(h, n, c->value) : 0;
	if (v)
		value_text(h, v, r->found, sizeof r->found);
	else
		snprintf(r->found, sizeof r->found, n ? "(no such value)" : "(no such key)");
	r->passed = check_matches(c, v != 0, r->found);
	hivex_close(h);
}

int checks_read(const struct scenario *s, const char *image, const char *scratch, const struct check_facts *f,
		struct check_result *out, struct rw_error *e)
{
	struct snapshot snap;
	struct snapshot_request rq = {.disk = image, .copy_hives_to = scratch};
	bool need_disk = false;
	for (size_t i = 0; i < s->nchecks; i++)
		need_disk |= s->checks[i].kind == CHECK_VALUE;
	int rc = need_disk ? snapshot_take(&snap, &rq, e) : 0;
	for (size_t i = 0; i < s->nchecks; i++) {
		const struct scenario_check *c = &s->checks[i];
		struct check_result *r = &out[i];
		memset(r, 0, sizeof *r);
		if (c->kind == CHECK_NOTHING_WRITTEN) {
			r->passed = f->image_unchanged;
			snprintf(r->found, sizeof r->found, f->image_unchanged ? "the image is unchanged" : "the image was written");
		} else if (c->kind == CHECK_REFUSED) {
			r->passed = f->refused;
			snprintf(r->found, sizeof r->found, f->refused ? "the run was refused" : "the run was not refused");
		} else if (rc != 0) {
			snprintf(r->found, sizeof r->found, "(the disk could not be read)");
		} else {
			check_value(&snap, c, r);
		}
	}
	if (need_disk && rc == 0)
		snapshot_free(&snap);
	return rc;
}
