#include "train/checks.h"

#include <hivex.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/files.h"
#include "core/utf16.h"
#include "disk/volume.h"
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

/* a text of the runbook, or NULL */
static const char *member_text(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) ? json_object_get_string(v)
												   : NULL;
}

__attribute__((format(printf, 2, 0))) static void found(struct check_result *r, const char *fmt, const char *a,
							 const char *b)
{
	char raw[sizeof r->found];
	snprintf(raw, sizeof raw, fmt, a, b);
	utf8_printable(raw, r->found, sizeof r->found);
}

void check_copied(const char *runbook_dir, const char *winpath, const char *disk_sha256, struct check_result *r)
{
	memset(r, 0, sizeof *r);
	char path[4200], copy_sha[SHA256_HEX_LEN];
	snprintf(path, sizeof path, "%s/runbook.json", runbook_dir ? runbook_dir : "");
	json_object *root = runbook_dir ? json_object_from_file(path) : NULL, *copies = NULL;
	if (!root || !json_object_object_get_ex(root, "copies", &copies) || !json_object_is_type(copies, json_type_array)) {
		snprintf(r->found, sizeof r->found, "(the run left no runbook.json with its copies)");
		goto out;
	}
	const char *to = NULL, *sha = NULL;
	for (size_t i = 0; i < json_object_array_length(copies) && !to; i++) {
		json_object *c = json_object_array_get_idx(copies, i);
		const char *from = member_text(c, "from");
		if (from && !strcasecmp(from, winpath)) {
			to = member_text(c, "to");
			sha = member_text(c, "sha256");
		}
	}
	if (!to) {
		size_t n = json_object_array_length(copies);
		if (n)
			snprintf(r->found, sizeof r->found, "(not copied: the runbook lists %zu other cop%s)", n,
				 n == 1 ? "y" : "ies");
		else
			snprintf(r->found, sizeof r->found, "(not copied: the runbook lists no copy)");
		goto out;
	}
	const char *name = strrchr(to, '/') ? strrchr(to, '/') + 1 : to;
	if (!disk_sha256 || !*disk_sha256) {
		found(r, "copied as %s, but the file on the disk could not be read%s", name, "");
	} else if (!sha || strcmp(sha, disk_sha256)) {
		found(r, "copied as %s with a sha256 that is not the disk's (%.16s...)", name, sha ? sha : "none");
	} else if (sha256_file(to, copy_sha, NULL) != 0) {
		found(r, "the runbook lists %s, but the copy is gone%s", name, "");
	} else if (strcmp(copy_sha, disk_sha256)) {
		found(r, "%s holds other bytes than the file on the disk (sha256 %.16s...)", name, copy_sha);
	} else {
		found(r, "copied as %s, sha256 %.16s... as on the disk", name, disk_sha256);
		r->passed = true;
	}
out:
	json_object_put(root);
}

/* the sha256 of a file of the Windows volume, read through a volume of its own (read-only); "" when it can
 * not be read */
static void disk_file_sha(struct snapshot *snap, const char *winpath, char hex[SHA256_HEX_LEN])
{
	hex[0] = '\0';
	const struct partition *p = NULL;
	for (int i = 0; snap->have_disk && i < snap->disk.nparts; i++)
		if (snap->disk.parts[i].number == snap->windows_partition)
			p = &snap->disk.parts[i];
	struct volume v;
	struct rw_error e = {0};
	char local[PATH_MAX];
	if (!p || volume_open(&v, &snap->disk, p, &e) != 0)
		return;
	if (volume_resolve(&v, winpath, local, sizeof local, NULL, &e) != 1 || sha256_file(local, hex, &e) != 0)
		hex[0] = '\0';
	volume_close(&v);
}

int checks_read(const struct scenario *s, const char *image, const char *scratch, const struct check_facts *f,
		struct check_result *out, struct rw_error *e)
{
	struct snapshot snap;
	struct snapshot_request rq = {.disk = image, .copy_hives_to = scratch};
	bool need_disk = false;
	for (size_t i = 0; i < s->nchecks; i++)
		need_disk |= s->checks[i].kind == CHECK_VALUE || s->checks[i].kind == CHECK_COPIED;
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
		} else if (c->kind == CHECK_COPIED) {
			char sha[SHA256_HEX_LEN];
			disk_file_sha(&snap, c->copied, sha);
			check_copied(f->runbook_dir, c->copied, sha, r);
		} else {
			check_value(&snap, c, r);
		}
	}
	if (need_disk && rc == 0)
		snapshot_free(&snap);
	return rc;
}
