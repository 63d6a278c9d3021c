#include "apply/apply.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "core/fault.h"
#include "hive/commit.h"
#include "hive/regf.h"
#include "hive/replay.h"
#include "hive/value.h"
#include "plan/facts.h"
#include "disk/volume.h"

static void journal(struct apply_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void journal(struct apply_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->journal);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->journal + used, sizeof r->journal - used, fmt, ap);
	va_end(ap);
	used = strlen(r->journal);
	if (used + 1 < sizeof r->journal)
		strcat(r->journal, "\n");
}


/* the fault points of a hive's write: "system-write", "software-fsync", "bcd-rename", ... */
static const char *fault_name(int hive)
{
	static const char *const names[HIVE_COUNT] = {"system", "software", "bcd"};
	return names[hive];
}

static uint32_t highest_seq(const struct regf_health *h)
{
	uint32_t m = h->base.primary_seq > h->base.secondary_seq ? h->base.primary_seq : h->base.secondary_seq;
	for (size_t i = 0; i < h->nlogs; i++) {
		if (h->logs[i].base_seq > m)
			m = h->logs[i].base_seq;
		if (h->logs[i].last_seq > m)
			m = h->logs[i].last_seq;
	}
	return m;
}

static hive_node_h make_key(hive_h *h, const char *path)
{
	char *copy = strdup(path), *save = NULL;
	hive_node_h node = hivex_root(h);
	for (char *part = copy ? strtok_r(copy, "\\", &save) : NULL; part && node; part = strtok_r(NULL, "\\", &save)) {
		hive_node_h child = hivex_node_get_child(h, node, part);
		node = child ? child : hivex_node_add_child(h, node, part);
	}
	free(copy);
	return node;
}

/* hivex has no call that deletes one value: the key's values are set again without it. */
static int delete_value(hive_h *h, hive_node_h node, const char *name)
{
	hive_value_h *values = hivex_node_values(h, node);
	size_t n = reg_handles_count(values), kept = 0;
	hive_set_value *keep = calloc(n + 1, sizeof *keep);
	int rc = values && keep ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *key = hivex_value_key(h, values[i]);
		hive_type t;
		size_t len;
		char *data = key && strcasecmp(key, name) ? hivex_value_value(h, values[i], &t, &len) : NULL;
		if (data)
			keep[kept++] = (hive_set_value){.key = key, .t = t, .len = len, .value = data};
		else
			free(key);
	}
	if (rc == 0 && kept < n)
		rc = hivex_node_set_values(h, node, kept, keep, 0);
	for (size_t i = 0; keep && i < kept; i++) {
		free(keep[i].key);
		free(keep[i].value);
	}
	free(keep);
	free(values);
	return rc;
}

/* One edit on the open copy. Keys are created on the way down for sets and key creation. */
static int edit_copy(hive_h *h, const struct plan_edit *ed)
{
	hive_node_h node;
	switch (ed->op) {
	case OP_SET_VALUE: {
		hive_set_value v = {.key = (char *)ed->name, .t = (hive_type)ed->type, .len = ed->len,
				    .value = (char *)ed->data};
		node = make_key(h, ed->key);
		return node ? hivex_node_set_value(h, node, &v, 0) : -1;
	}
	case OP_CREATE_KEY:
		return make_key(h, ed->key) ? 0 : -1;
	case OP_DELETE_VALUE:
		node = reg_node_path(h, hivex_root(h), ed->key);
		return node ? delete_value(h, node, ed->name) : 0;
	case OP_DELETE_KEY:
		node = reg_node_path(h, hivex_root(h), ed->key);
		return node ? hivex_node_delete_child(h, node) : 0;
	}
	return -1;
}

/* The backup's digest, taken when the snapshot made it (hashed again only for a copy made some other way) */
static int backup_sha256(const struct hive_file *hf, char hex[SHA256_HEX_LEN], struct rw_error *e)
{
	if (*hf->copy_made.sha256) {
		memcpy(hex, hf->copy_made.sha256, SHA256_HEX_LEN);
		return 0;
	}
	return sha256_file(hf->copy, hex, e);
}

/* The new primary: the backup copy with every edit of this hive, held open in hivex (which reads the copy
 * into memory). It is committed once, sealed clean, straight into the primary's temp file and hashed as it
 * is read back; the runbook records that sha256 before the rename puts the file in the hive's place. */
struct built_hive {
	hive_h *h;
	uint32_t highest_seq;
	struct sealed_commit written;
	int hive;
	struct apply_result *r;
	const struct apply_progress *progress;
};

static int build_hive(const struct hive_file *hf, const struct plan *p, int hive, struct built_hive *b,
		      struct rw_error *e)
{
	/* a dirty hive is edited on top of its replayed logs, so none of the VM's last changes is lost; the
	 * snapshot may have opened that file already */
	b->h = hf->for_edit ? open_ahead_take(hf->for_edit) : NULL;
	if (!b->h)
		b->h = hivex_open(snapshot_edit_base(hf), HIVEX_OPEN_WRITE);
	b->highest_seq = highest_seq(&hf->health);
	b->hive = hive;
	if (!b->h)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: hivex can not open it for writing: %s", hf->where,
			       strerror(errno));
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_edit *ed = &p->edits[i];
		if (ed->hive != hive || ed->no_change)
			continue;
		if (edit_copy(b->h, ed) != 0)
			return rw_fail(e, RW_EXIT_REFUSED, "%s: can not write %s: %s", hf->where, ed->what,
				       strerror(errno));
	}
	return 0;
}

/* The runbook records what apply has done so far; its fault point is named by the moment */
static int record(const struct apply_progress *progress, const struct apply_result *r, const char *moment,
		  struct rw_error *e)
{
	return progress && progress->record ? progress->record(progress->record_ctx, r, moment, e) : 0;
}

static void drop_built(struct built_hive *b)
{
	if (b->h)
		hivex_close(b->h);
	b->h = NULL;
}

/* Fills the primary's temp file, then has the runbook record its sha256: a kill after the rename leaves a
 * runbook that names the new hive */
static int fill_built(void *ctx, int fd, struct rw_error *e)
{
	struct built_hive *b = ctx;
	char moment[32];
	if (hive_commit_sealed(b->h, b->highest_seq, fd, &b->written, e) != 0)
		return -1;
	/* the file has it all: the memory goes while the file is on its way to the disk */
	drop_built(b);
	memcpy(b->r->sha256_after[b->hive], b->written.sha256, SHA256_HEX_LEN);
	snprintf(moment, sizeof moment, "%s-record", fault_name(b->hive));
	return record(b->progress, b->r, moment, e);
}

/* Opens the volume that holds a hive: a partition of the disk, or the operator's folder. */
static int open_home(const struct snapshot *s, int hive, bool rw, struct volume *v, struct rw_error *e)
{
	const struct hive_file *hf = facts_file(s, hive);
	if (hf->partition) {
		const struct partition *p = disk_partition(&s->disk, hf->partition);
		return rw ? volume_open_rw(v, &s->disk, p, e) : volume_open(v, &s->disk, p, e);
	}
	const char *dir = hive == HIVE_BCD ? s->request.boot_dir : s->request.windows_dir;
	char copy[PATH_MAX];
	if (!dir) {
		snprintf(copy, sizeof copy, "%s", hive == HIVE_BCD ? s->request.bcd_file : s->request.system_file);
		dir = dirname(copy);
	}
	return volume_open_dir(v, dir, e);
}

/* Writes bytes over a hive after checking that the file is still what the snapshot backed up. *written
 * (optional) says whether the write began: a failure before it left the hive as it was. */
static int write_hive(const struct snapshot *s, int hive, const struct file_content *content, bool check_unchanged,
		      const char *fault, bool *written, struct rw_error *e)
{
	const struct hive_file *hf = facts_file(s, hive);
	struct volume v;
	if (open_home(s, hive, true, &v, e) != 0)
		return -1;
	char local[PATH_MAX], now[SHA256_HEX_LEN], then[SHA256_HEX_LEN];
	int rc = 0;
	if (check_unchanged) {
		/* the file in the state the snapshot copied it in (same inode, size, write and change times) is the
		 * backup byte for byte; else its bytes decide */
		struct file_identity id;
		rc = volume_resolve(&v, hf->winpath, local, sizeof local, NULL, e) == 1 ? 0 : -1;
		bool same = rc == 0 && file_identity_of(local, &id) == 0 && file_identity_same(&id, &hf->copy_made.source);
		if (rc == 0 && !same)
			rc = sha256_file(local, now, e) == 0 && backup_sha256(hf, then, e) == 0 ? 0 : -1;
		if (rc == 0 && !same && strcmp(now, then))
			rc = rw_fail(e, RW_EXIT_REFUSED, "%s changed on disk since it was backed up: is somebody else "
				     "working on this disk? Nothing was written.", hf->where);
	}
	/* the old primary is replaced and its backup is on the disk (hivex read it): their cached pages are let
	 * go before the new primary is written, so it reuses them instead of taking as much memory again (on a
	 * VM fresh pages cost several times a copy) */
	if (rc == 0 && check_unchanged) {
		drop_cached(local);
		drop_cached(hf->copy);
	}
	if (rc == 0 && written)
		*written = true;
	if (rc == 0)
		rc = volume_replace(&v, hf->winpath, content, fault, e);
	volume_close(&v);
	if (rc == 0 && fault_point(fault) != 0)
		rc = rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: injected failure after the write (%s)", hf->where, fault);
	return rc;
}

/* Is the edit on the hive as planned: the value with its bytes, the key there, or gone? */
static bool reads_back(hive_h *h, const struct plan_edit *ed)
{
	hive_node_h node = reg_node_path(h, hivex_root(h), ed->key);
	if (ed->op == OP_CREATE_KEY || ed->op == OP_DELETE_KEY)
		return (node != 0) == (ed->op == OP_CREATE_KEY);
	hive_value_h val = node ? hivex_node_get_value(h, node, ed->name) : 0;
	if (ed->op == OP_DELETE_VALUE)
		return !val;
	hive_type t = 0;
	size_t len = 0;
	char *data = val ? hivex_value_value(h, val, &t, &len) : NULL;
	bool same = data && (int)t == ed->type && len == ed->len && !memcmp(data, ed->data, len);
	free(data);
	return same;
}

/* Reads every edit back from the disk with a fresh hivex handle. */
static int verify(const struct snapshot *s, const struct plan *p, int hive, struct apply_result *r,
		  struct rw_error *e)
{
	const struct hive_file *hf = facts_file(s, hive);
	struct volume v;
	char local[PATH_MAX];
	if (open_home(s, hive, false, &v, e) != 0)
		return -1;
	int rc = volume_resolve(&v, hf->winpath, local, sizeof local, NULL, e) == 1 ? 0 : -1;
	hive_h *h = rc == 0 ? hivex_open(local, 0) : NULL;
	if (rc == 0 && !h)
		rc = rw_fail(e, RW_EXIT_ROLLED_BACK, "%s does not open after the write: %s", hf->where, strerror(errno));
	for (size_t i = 0; h && rc == 0 && i < p->n; i++) {
		const struct plan_edit *ed = &p->edits[i];
		if (ed->hive != hive)
			continue;
		if (!reads_back(h, ed))
			rc = rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: %s reads back wrong after the write", hf->where, ed->what);
		else
			r->edits_verified++;
	}
	if (h)
		hivex_close(h);
	struct regf_health health;
	const char *no_logs[3] = {NULL, NULL, NULL};
	if (rc == 0) {
		regf_health_read(local, no_logs, no_logs, &health);
		if (health.state != REGF_CLEAN)
			rc = rw_fail(e, RW_EXIT_ROLLED_BACK, "%s is not clean after the write", hf->where);
	}
	volume_close(&v);
	return rc;
}

/* Puts the backups of the hives written back and checks them by sha256. */
static void restore(const struct snapshot *s, const bool touched[HIVE_COUNT], struct apply_result *r)
{
	r->rolled_back = true;
	r->restore_verified = true;
	for (int hive = 0; hive < HIVE_COUNT; hive++) {
		if (!touched[hive])
			continue;
		const struct hive_file *hf = facts_file(s, hive);
		uint8_t *data = NULL;
		size_t len = 0;
		struct rw_error e = {0};
		struct volume v;
		char local[PATH_MAX], now[SHA256_HEX_LEN] = "", then[SHA256_HEX_LEN] = "";
		bool ok = read_file(hf->copy, HIVE_MAX_BYTES, &data, &len, &e) == 0;
		struct file_bytes bytes = {data, len};
		struct file_content content = file_content_bytes(&bytes);
		ok = ok && write_hive(s, hive, &content, false, "restore", NULL, &e) == 0;
		if (data)
			sha256_buffer(data, len, then);
		free(data);
		if (ok && open_home(s, hive, false, &v, &e) == 0) {
			ok = volume_resolve(&v, hf->winpath, local, sizeof local, NULL, &e) == 1 &&
			     sha256_file(local, now, &e) == 0 && !strcmp(now, then);
			volume_close(&v);
		} else {
			ok = false;
		}
		journal(r, "restore %s from its backup: %s%s", hf->where, ok ? "done, sha256 checked" : "FAILED: ",
			ok ? "" : e.text);
		r->restore_verified &= ok;
	}
}

int apply_refusal(const struct snapshot *s, const bool hives[HIVE_COUNT], struct rw_error *e)
{
	for (int hive = 0; hive < HIVE_COUNT; hive++) {
		const struct hive_file *hf = facts_file(s, hive);
		if (!hives[hive] || !hf->found)
			continue;
		if (!*hf->copy)
			return rw_fail(e, RW_EXIT_REFUSED, "no backup of %s could be made: nothing was written",
				       hf->where);
		if (hf->health.state == REGF_DIRTY && hf->replay_state != 1 && !s->request.ignore_bad_logs)
			return rw_fail(e, RW_EXIT_REFUSED,
				       "the %s hive %s is dirty and its transaction logs can not be replayed (%s). "
				       "Nothing was written. Start the VM once if it can boot, restore the hive from a "
				       "backup, or run again with --ignore-bad-logs to edit the primary file and lose "
				       "the changes the logs hold (the runbook records that choice).",
				       hive_name_text(hive), hf->where, hf->replay.problem);
	}
	return 0;
}

/* One lock per disk (or folder): two operators never edit the same disk at once. */
static int lock_target(const struct snapshot *s, struct rw_error *e)
{
	const char *what = s->have_disk ? s->disk.path : s->request.windows_dir ? s->request.windows_dir
							: s->request.boot_dir ? s->request.boot_dir
							: s->request.system_file ? s->request.system_file
										 : s->request.bcd_file;
	int fd = open(what, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", what, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return rw_fail(e, RW_EXIT_REFUSED, "%s is being changed by another rescuewiz: nothing was written", what);
	}
	return fd;
}

/* Three actions per hive written (build, write, verify), and the restore when one fails. */
struct progress {
	const struct apply_progress *to;
	unsigned done, total;
};

static void tell(struct progress *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tell(struct progress *pg, const char *fmt, ...)
{
	char what[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (pg->to && pg->to->tell)
		pg->to->tell(pg->to->ctx, what, pg->done, pg->total);
	pg->done++;
}

/* Every hive is built (from its backup, in the runbook's folder) before the first one is written: an edit
 * hivex refuses stops apply before anything is written. */
static int build_all(const struct snapshot *s, const struct plan *p, struct progress *pg,
		     struct built_hive built[HIVE_COUNT], struct apply_result *r, struct rw_error *e)
{
	for (int hive = 0; hive < HIVE_COUNT; hive++) {
		if (!plan_changes_hive(p, hive))
			continue;
		const struct hive_file *hf = facts_file(s, hive);
		tell(pg, "Editing a copy of %s made from its backup", hf->where);
		if (build_hive(hf, p, hive, &built[hive], e) != 0 || backup_sha256(hf, r->sha256_before[hive], e) != 0)
			return -1;
	}
	return 0;
}

int apply_plan(const struct snapshot *s, const struct plan *p, const struct apply_progress *progress,
	       struct apply_result *r, struct rw_error *e)
{
	memset(r, 0, sizeof *r);
	struct progress pg = {progress, 0, 0};
	for (int hive = 0; hive < HIVE_COUNT; hive++)
		pg.total += plan_changes_hive(p, hive) ? 3 : 0;
	bool writes[HIVE_COUNT];
	for (int hive = 0; hive < HIVE_COUNT; hive++)
		writes[hive] = plan_changes_hive(p, hive);
	if (apply_refusal(s, writes, e) != 0)
		return -1;
	int lock = lock_target(s, e);
	if (lock < 0)
		return -1;
	struct built_hive built[HIVE_COUNT] = {{0}};
	bool touched[HIVE_COUNT] = {false};
	/* the backups are on the disk before anything is written; their last flush waits while hivex reads a
	 * large one into memory (the snapshot started that open) */
	int rc = snapshot_sync_copies(s, e);
	if (rc == 0)
		rc = build_all(s, p, &pg, built, r, e);
	if (rc == 0)
		rc = record(progress, r, "before-writing", e);
	for (int hive = 0; hive < HIVE_COUNT && rc == 0; hive++) {
		if (!writes[hive])
			continue;
		const struct hive_file *hf = facts_file(s, hive);
		tell(&pg, "Writing %s (temp file, fsync, rename, unmount)", hf->where);
		built[hive].r = r;
		built[hive].progress = progress;
		struct file_content content = {fill_built, &built[hive]};
		rc = write_hive(s, hive, &content, true, fault_name(hive), &touched[hive], e);
		if (rc == 0) {
			r->hives_written++;
			journal(r, "wrote %s (%llu bytes, base block sealed clean)", hf->where,
				(unsigned long long)built[hive].written.len);
		}
		/* each hive is read back before the next one is written: a failure leaves less to restore, and the
		 * read runs while the file system frees the old primary */
		if (rc == 0) {
			tell(&pg, "Verifying %s from a fresh read-only mount", hf->where);
			rc = verify(s, p, hive, r, e);
		}
		if (rc == 0)
			journal(r, "verified %s with a fresh read-only mount and hivex", hf->where);
	}
	for (int hive = 0; hive < HIVE_COUNT; hive++)
		drop_built(&built[hive]);
	bool written = touched[HIVE_SYSTEM] || touched[HIVE_SOFTWARE] || touched[HIVE_BCD];
	if (rc != 0 && written) {
		journal(r, "failure: %s", e->text);
		tell(&pg, "Failed: putting the backups back");
		restore(s, touched, r);
	}
	/* what the failure means is decided here, from what was written, not by the function that failed */
	if (rc != 0)
		e->exit_code = written ? RW_EXIT_ROLLED_BACK : RW_EXIT_REFUSED;
	close(lock);
	return rc;
}
