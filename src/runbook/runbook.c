#include "runbook/runbook.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "core/utf16.h"
#include "core/version.h"
#include "plan/facts.h"
#include "plan/render.h"
#include "runbook/answers_file.h"
#include "runbook/folder.h"

/* Markdown for text from the disk or the operator: printable (core/utf16.h: no line break of its own, no
 * escape sequence for whoever cats the file), and in a table cell a '|' escaped, which GitHub's tables also
 * honour inside a code span. */
struct md {
	char text[4 * 1024 + 64];
};

static struct md md_text(const char *s)
{
	struct md m;
	utf8_printable(s, m.text, sizeof m.text);
	return m;
}

static struct md md_cell(const char *s)
{
	struct md shown = md_text(s), m;
	size_t o = 0;
	for (const char *p = shown.text; *p && o + 3 < sizeof m.text; p++) {
		if (*p == '|')
			m.text[o++] = '\\';
		m.text[o++] = *p;
	}
	m.text[o] = '\0';
	return m;
}

/* A code span around any text: a fence one backtick longer than the longest run of backticks in it
 * (CommonMark's rule), with a blank inside when the text starts or ends with one. */
static struct md md_code(const char *s)
{
	struct md cell = md_cell(s), m;
	size_t longest = 0, run = 0;
	for (const char *p = cell.text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	char fence[16];
	size_t n = longest + 1 < sizeof fence ? longest + 1 : sizeof fence - 1;
	memset(fence, '`', n);
	fence[n] = '\0';
	size_t len = strlen(cell.text);
	const char *pad = len && (cell.text[0] == '`' || cell.text[len - 1] == '`') ? " " : "";
	snprintf(m.text, sizeof m.text, "%s%s%s%s%s", fence, pad, cell.text, pad, fence);
	return m;
}

static const char *target_text(const struct snapshot *s, char *buf, size_t len)
{
	if (s->have_disk)
		snprintf(buf, len, "%s (%s, Gen%d)", s->disk.path, strcmp(s->disk.pttype, "gpt") ? "MBR" : "GPT",
			 s->generation);
	else
		snprintf(buf, len, "windows %s, boot %s", s->request.windows_dir ? s->request.windows_dir : "-",
			 s->request.boot_dir ? s->request.boot_dir : "-");
	return buf;
}

static void write_md(FILE *f, const struct run *r, const struct runbook_outcome *o)
{
	const struct snapshot *s = r->snapshot;
	char target[PATH_MAX + 64];
	fprintf(f, "# rescuewiz runbook: %s\n\n", r->wizard->title);
	fprintf(f, "- wizard: `%s` (%s)\n- target: %s\n- result: **%s**%s%s\n- rescuewiz %s\n\n", r->wizard->name,
		r->wizard->file, md_text(target_text(s, target, sizeof target)).text, o->result,
		*o->message ? ": " : "", md_text(o->message).text, RESCUEWIZ_VERSION);
	fprintf(f, "## What was found\n\n- layout: %s\n- BCD store: %s (%s)\n- SYSTEM hive: %s (%s)\n",
		s->generation_why, md_text(s->bcd_file.found ? s->bcd_file.where : "not found").text,
		regf_state_name(s->bcd_file.health.state),
		md_text(s->system_file.found ? s->system_file.where : "not found").text,
		regf_state_name(s->system_file.health.state));
	char windows[200];
	fprintf(f, "- Windows: %s\n", s->have_software ? software_describe(&s->software, windows, sizeof windows)
						       : "not named (no readable SOFTWARE hive)");
	for (size_t i = 0; i < s->nproblems; i++)
		fprintf(f, "- %s: %s\n", s->problems[i].severity == PROBLEM_REFUSE ? "REFUSED"
					  : s->problems[i].severity == PROBLEM_WARN ? "warning"
										    : "note",
			s->problems[i].text);
	if (s->request.ignore_bad_logs)
		fprintf(f, "- the operator chose --ignore-bad-logs: a dirty hive whose logs can not be replayed is "
			   "edited as it is, and the changes in its logs are lost\n");
	fprintf(f, "\n## Questions and answers\n\n| step | answer | from |\n|---|---|---|\n");
	for (size_t i = 0; i < r->answers.n; i++)
		fprintf(f, "| %s.%s | %s | %s |\n", r->answers.items[i].step, r->answers.items[i].field,
			md_code(r->answers.items[i].value).text, answer_source_name(r->answers.items[i].source));
	if (r->ncopies)
		fprintf(f, "\n## Dumps copied off the disk (read only; sha256 of the copy read back equals the "
			   "dump's)\n\n| dump | copy | bytes | sha256 |\n|---|---|---|---|\n");
	for (size_t i = 0; i < r->ncopies; i++)
		fprintf(f, "| %s | %s | %" PRIu64 " | %s |\n", md_cell(r->copies[i].from).text,
			md_cell(r->copies[i].to).text, r->copies[i].size, r->copies[i].sha256);
	if (r->plan && r->plan->n) {
		fprintf(f, "\n## Edits (%zu, %zu change something)\n\n| what | before | after |\n|---|---|---|\n",
			r->plan->n, r->plan->changes);
		for (size_t i = 0; i < r->plan->n; i++)
			fprintf(f, "| %s | %s | %s%s |\n", md_cell(r->plan->edits[i].what).text,
				md_cell(r->plan->edits[i].before).text, md_cell(r->plan->edits[i].after).text,
				r->plan->edits[i].no_change ? " (no change)" : "");
	}
	if (o->apply)
		fprintf(f, "\n## What was done\n\n```\n%s```\n\n- edits verified by reading them back: %u\n%s",
			o->apply->journal, o->apply->edits_verified,
			o->apply->rolled_back ? (o->apply->restore_verified ? "- rolled back: the backups are in place "
									      "again (sha256 checked)\n"
									    : "- ROLLBACK FAILED: restore the files "
									      "from backup/ by hand\n")
					      : "");
	/* what to do next is for a disk that now holds the edits, not one refused or put back */
	if (o->apply && o->apply->hives_written && !o->apply->rolled_back && r->wizard->next)
		fprintf(f, "\n## Next\n\n%s\n", r->wizard->next);
	fprintf(f, "\n## Undo\n\n`rescuewiz rollback FOLDER-OF-THIS-RUNBOOK` puts the files of backup/ back after "
		   "checking that nothing changed them since (sha256); backup/SHA256SUMS lists the originals.\n");
}

static void write_commands(FILE *f, const struct run *r)
{
	const struct snapshot *s = r->snapshot;
	char store[64];
	/* the quoting of every argument (plan/cmdline.h) is cmd.exe's in a batch file, with delayed expansion off */
	fprintf(f, "REM The same change from a Windows machine with the disk attached. Run it as a batch file,\n"
		   "REM commands.cmd for instance: every percent sign of a value is doubled for that.\n"
		   "SETLOCAL DisableDelayedExpansion\n"
		   "REM %s = the Windows volume of the broken disk, %s = the volume holding its BCD store.\n",
		RENDER_WINDOWS_VOLUME, RENDER_STORE_VOLUME);
	static const int loaded[] = {HIVE_SYSTEM, HIVE_SOFTWARE};
	for (int i = 0; i < 2; i++)
		if (r->plan && plan_changes_hive(r->plan, loaded[i]))
			fprintf(f, "REG LOAD HKLM\\BROKEN%s %s\\Windows\\System32\\config\\%s\n", hive_name_text(loaded[i]),
				RENDER_WINDOWS_VOLUME, hive_name_text(loaded[i]));
	for (size_t i = 0; r->plan && i < r->plan->n; i++)
		if (!r->plan->edits[i].no_change)
			fprintf(f, "%s\n", r->plan->edits[i].command);
	for (int i = 0; i < 2; i++)
		if (r->plan && plan_changes_hive(r->plan, loaded[i]))
			fprintf(f, "REG UNLOAD HKLM\\BROKEN%s\n", hive_name_text(loaded[i]));
	fprintf(f, "REM BCD store: %s\n", plan_store_path(s, store, sizeof store));
}

/* Each step's main answer (its kind's replay field), in the form the answers file takes it back: the RAM
 * as "8192M", not bytes. */
static int write_answers(FILE *f, const struct run *r, struct rw_error *e)
{
	size_t n = r->wizard->nsteps, k = 0;
	const char **ids = calloc(n + 1, sizeof *ids), **values = calloc(n + 1, sizeof *values);
	char(*typed)[FE_ANSWER_MAX] = calloc(n + 1, sizeof *typed);
	int rc = ids && values && typed ? 0 : rw_fail(e, RW_EXIT_USAGE, "answers.yaml: out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct step *st = &r->wizard->steps[i];
		const char *v = st->kind->replay_field ? answers_get(&r->answers, st->id, st->kind->replay_field) : NULL;
		if (!v)
			continue;
		if (st->kind->replay)
			st->kind->replay(v, typed[k], sizeof typed[k]);
		else
			snprintf(typed[k], sizeof typed[k], "%s", v);
		ids[k] = st->id;
		values[k] = typed[k];
		k++;
	}
	if (rc == 0)
		rc = answers_file_write(f, r->wizard->name, ids, values, k, e);
	free(ids);
	free(values);
	free(typed);
	return rc;
}

static json_object *json_text(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static void write_json(FILE *f, const struct run *r, const struct runbook_outcome *o, char **json_out)
{
	json_object *root = json_object_new_object(), *answers = json_object_new_array(),
		    *edits = json_object_new_array();
	json_object_object_add(root, "rescuewiz", json_text(RESCUEWIZ_VERSION));
	json_object_object_add(root, "wizard", json_text(r->wizard->name));
	json_object_object_add(root, "result", json_text(o->result));
	json_object_object_add(root, "message", json_text(o->message));
	json_object_object_add(root, "dry_run", json_object_new_boolean(o->dry_run));
	json_object_object_add(root, "disk", r->snapshot->have_disk ? json_text(r->snapshot->disk.path) : NULL);
	for (size_t i = 0; i < r->answers.n; i++) {
		json_object *a = json_object_new_object();
		json_object_object_add(a, "step", json_text(r->answers.items[i].step));
		json_object_object_add(a, "field", json_text(r->answers.items[i].field));
		json_object_object_add(a, "value", json_text(r->answers.items[i].value));
		json_object_object_add(a, "source", json_text(answer_source_name(r->answers.items[i].source)));
		json_object_array_add(answers, a);
	}
	for (size_t i = 0; r->plan && i < r->plan->n; i++) {
		const struct plan_edit *ed = &r->plan->edits[i];
		json_object *j = json_object_new_object();
		static const char *const ops[] = {"set", "delete-value", "create-key", "delete-key"};
		json_object_object_add(j, "hive", json_text(hive_name_text(ed->hive)));
		json_object_object_add(j, "op", json_text(ops[ed->op]));
		json_object_object_add(j, "key", json_text(ed->key));
		json_object_object_add(j, "value", json_text(ed->name));
		json_object_object_add(j, "type", json_text(reg_type_name(ed->type)));
		json_object_object_add(j, "before", json_text(ed->before));
		json_object_object_add(j, "after", json_text(ed->after));
		json_object_object_add(j, "no_change", json_object_new_boolean(ed->no_change));
		json_object_object_add(j, "command", json_text(ed->command));
		json_object_array_add(edits, j);
	}
	json_object *copies = json_object_new_array();
	for (size_t i = 0; i < r->ncopies; i++) {
		json_object *c = json_object_new_object();
		json_object_object_add(c, "from", json_text(r->copies[i].from));
		json_object_object_add(c, "to", json_text(r->copies[i].to));
		json_object_object_add(c, "size", json_object_new_int64((int64_t)r->copies[i].size));
		json_object_object_add(c, "sha256", json_text(r->copies[i].sha256));
		json_object_array_add(copies, c);
	}
	json_object_object_add(root, "answers", answers);
	json_object_object_add(root, "copies", copies);
	json_object_object_add(root, "edits", edits);
	if (o->apply) {
		json_object *files = json_object_new_array();
		for (int hive = 0; hive < HIVE_COUNT; hive++) {
			const struct hive_file *hf = facts_file(r->snapshot, hive);
			char backup[64];
			snprintf(backup, sizeof backup, "backup/%s", hive_name_text(hive));
			/* a hive apply writes; its sha256_after is there once its new file is */
			if (!*o->apply->sha256_before[hive])
				continue;
			json_object *fj = json_object_new_object();
			json_object_object_add(fj, "hive", json_text(hive_name_text(hive)));
			json_object_object_add(fj, "partition", json_object_new_int(hf->partition));
			json_object_object_add(fj, "path", json_text(hf->winpath));
			json_object_object_add(fj, "backup", json_text(backup));
			json_object_object_add(fj, "sha256_before", json_text(o->apply->sha256_before[hive]));
			if (*o->apply->sha256_after[hive])
				json_object_object_add(fj, "sha256_after", json_text(o->apply->sha256_after[hive]));
			json_object_array_add(files, fj);
		}
		json_object_object_add(root, "files", files);
		json_object_object_add(root, "windows_dir", json_text(r->snapshot->request.windows_dir));
		json_object_object_add(root, "boot_dir", json_text(r->snapshot->request.boot_dir));
		json_object_object_add(root, "edits_verified", json_object_new_int(o->apply->edits_verified));
		json_object_object_add(root, "rolled_back", json_object_new_boolean(o->apply->rolled_back));
		json_object_object_add(root, "journal", json_text(o->apply->journal));
	}
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	fprintf(f, "%s\n", text);
	if (json_out)
		*json_out = strdup(text);
	json_object_put(root);
}

static void remember_sum(struct runbook *rb, const char *name, const struct stat *st, const char *hex)
{
	if (rb->nsums >= sizeof rb->sums / sizeof *rb->sums || strlen(name) >= sizeof rb->sums->name)
		return;
	struct runbook_sum *k = &rb->sums[rb->nsums++];
	snprintf(k->name, sizeof k->name, "%s", name);
	k->dev = st->st_dev;
	k->ino = st->st_ino;
	k->size = st->st_size;
	k->mtime = st->st_mtim;
	k->ctime = st->st_ctim;
	memcpy(k->hex, hex, SHA256_HEX_LEN);
}

void runbook_known_sum(struct runbook *rb, const char *name, const char hex[SHA256_HEX_LEN])
{
	struct stat st;
	if (*hex && fstatat(rb->backup_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
		remember_sum(rb, name, &st, hex);
}

/* A backup's sha256: the one taken before when the file is the same one, unchanged; else hashed now */
static int backup_sum(struct runbook *rb, const char *name, char hex[SHA256_HEX_LEN])
{
	char file[PATH_MAX + 260];
	struct stat st;
	struct rw_error ignored;
	snprintf(file, sizeof file, "%s/%s", rb->backup, name);
	if (fstatat(rb->backup_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return -1;
	for (size_t i = 0; i < rb->nsums; i++) {
		const struct runbook_sum *k = &rb->sums[i];
		if (!strcmp(k->name, name) && k->dev == st.st_dev && k->ino == st.st_ino && k->size == st.st_size &&
		    !memcmp(&k->mtime, &st.st_mtim, sizeof k->mtime) && !memcmp(&k->ctime, &st.st_ctim, sizeof k->ctime)) {
			memcpy(hex, k->hex, SHA256_HEX_LEN);
			return 0;
		}
	}
	if (sha256_file(file, hex, &ignored) != 0)
		return -1;
	remember_sum(rb, name, &st, hex);
	return 0;
}

/* backup/SHA256SUMS, in sha256sum's format: every original copied (not the temp files of this folder or of
 * apply; the replayed hive of a dirty one is never there, the snapshot keeps it in memory) */
static void sums_file(FILE *f, void *ctx)
{
	struct runbook *rb = ctx;
	int dup_fd = dup(rb->backup_fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;
	size_t n;
	if (d)
		rewinddir(d); /* the descriptor is shared with the one before: read it from its start */
	while (d && (de = readdir(d))) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "SHA256SUMS") || (n > 5 && !strcmp(de->d_name + n - 5, ".edit")))
			continue;
		char hex[SHA256_HEX_LEN];
		if (backup_sum(rb, de->d_name, hex) == 0)
			fprintf(f, "%s  %s\n", hex, de->d_name);
	}
	if (d)
		closedir(d);
	else if (dup_fd >= 0)
		close(dup_fd);
}

/* What the files of the runbook are written from; answers.yaml's failure is kept for the end, since an answer
 * it can not hold must not cost the rest of the runbook. */
struct writing {
	const struct run *r;
	const struct runbook_outcome *o;
	char **json_out;
	int answers_rc;
	struct rw_error answers_error;
};

static void md_file(FILE *f, void *ctx)
{
	struct writing *w = ctx;
	write_md(f, w->r, w->o);
}

static void json_file(FILE *f, void *ctx)
{
	struct writing *w = ctx;
	write_json(f, w->r, w->o, w->json_out);
}

static void answers_yaml(FILE *f, void *ctx)
{
	struct writing *w = ctx;
	w->answers_rc = write_answers(f, w->r, &w->answers_error);
}

static void commands_file(FILE *f, void *ctx)
{
	struct writing *w = ctx;
	write_commands(f, w->r);
}

int runbook_write(struct runbook *rb, const struct run *r, const struct runbook_outcome *o, char **json_out,
		  struct rw_error *e)
{
	static const struct {
		const char *name;
		void (*write)(FILE *f, void *ctx);
	} files[] = {
		{"runbook.md", md_file}, {"runbook.json", json_file}, {"answers.yaml", answers_yaml},
		{"commands.txt", commands_file},
	};
	_Static_assert(sizeof files / sizeof *files + 1 == sizeof rb->written / sizeof *rb->written,
		       "one digest for SHA256SUMS and one for each file of the runbook");
	struct writing w = {.r = r, .o = o, .json_out = json_out};
	char backup[PATH_MAX + 8];
	snprintf(backup, sizeof backup, "%s/backup", rb->dir);
	/* the backups' sums first: once runbook.json says what will be written, the backups it names are proven */
	if (runbook_folder_write(rb->backup_fd, backup, "SHA256SUMS", sums_file, rb, rb->written[0], e) != 0)
		return -1;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (runbook_folder_write(rb->fd, rb->dir, files[i].name, files[i].write, &w, rb->written[i + 1], e) != 0)
			return -1;
	return w.answers_rc == 0 ? 0 : rw_fail(e, w.answers_error.exit_code, "%s", w.answers_error.text);
}
