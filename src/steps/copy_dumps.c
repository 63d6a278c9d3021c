/* copy-dumps: the operator picks the dumps to copy off the disk ("all", "none", or their numbers: "1,3"),
 * into the runbook folder's dumps/ or, with " to /FOLDER", a folder of their own on this rescue VM. The
 * destination's free space is checked for all of them first; each copy is new (never over a file), fsynced
 * and compared by sha256 with what was read. The customer's disk is only read (its volume mounted
 * read-only); a dry run checks the room and copies nothing. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/copy.h"
#include "core/utf16.h"
#include "disk/volume.h"
#include "engine/engine.h"

#define TO " to "

static const char *const fields[] = {"selection", "copied", "folder", "bytes", NULL};

/* The dumps worth copying, numbered from 1 in the snapshot's order */
static const struct dump_file *nth_dump(const struct snapshot *s, size_t n)
{
	for (size_t i = 0; i < s->ndumps; i++)
		if (snapshot_dump_holds_dump(&s->dumps[i]) && --n == 0)
			return &s->dumps[i];
	return NULL;
}

static size_t dump_count(const struct snapshot *s)
{
	size_t n = 0;
	while (nth_dump(s, n + 1))
		n++;
	return n;
}

static int prepare(struct run *r, const struct step *st, struct fe_question *q, struct rw_error *e)
{
	(void)st;
	(void)e;
	size_t n = dump_count(r->snapshot);
	snprintf(q->detected, sizeof q->detected, "%zu dumps can be copied to %s%s. Type their numbers (1,3) to "
		 "copy some; add ' to /FOLDER' to copy into a folder of this rescue VM instead (a data disk).",
		 n, r->runbook_dir ? r->runbook_dir : "a folder you name", r->runbook_dir ? "/dumps" : "");
	if (n)
		question_add(q, "all", "Copy every dump", NULL);
	for (size_t i = 1; i <= n; i++) {
		const struct dump_file *d = nth_dump(r->snapshot, i);
		char value[24], label[160], detail[200];
		utf8_quote(d->where, 0, label, sizeof label);
		snprintf(value, sizeof value, "%zu", i);
		snprintf(detail, sizeof detail, "%" PRIu64 " MiB, %s", d->size >> 20, d->check.reason);
		question_add(q, value, label, detail);
	}
	question_add(q, "none", "Copy nothing", NULL);
	q->recommended = 0;
	q->free_text = true;
	snprintf(q->free_text_prompt, sizeof q->free_text_prompt, "all, none or numbers (1,3), then ' to /FOLDER'");
	return 0;
}

/* "all", "none" or "1,3" (spaces allowed after commas); each number once, of a dump that exists. */
static int selection(const char *text, size_t n, bool *chosen, struct rw_error *e)
{
	if (!strcmp(text, "all") || !strcmp(text, "none")) {
		for (size_t i = 0; i < n; i++)
			chosen[i] = text[0] == 'a';
		return 0;
	}
	const char *p = text;
	do {
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			return rw_fail(e, RW_EXIT_USAGE, "'%s': give all, none, or the numbers of the dumps (1,3)", text);
		char *end;
		errno = 0;
		unsigned long k = strtoul(p, &end, 10);
		if (errno || k < 1 || k > n)
			return rw_fail(e, RW_EXIT_USAGE, "there is no dump %.*s: the dumps are numbered 1 to %zu",
				       (int)(end - p), p, n);
		if (chosen[k - 1])
			return rw_fail(e, RW_EXIT_USAGE, "dump %lu is named twice", k);
		chosen[k - 1] = true;
		p = end;
		while (*p == ' ')
			p++;
	} while (*p++ == ',');
	if (p[-1])
		return rw_fail(e, RW_EXIT_USAGE, "'%s': give all, none, or the numbers of the dumps (1,3)", text);
	return 0;
}

/* A folder typed after " to ": absolute, printable, short enough for the file names under it. */
static int typed_folder(const char *dir, struct rw_error *e)
{
	if (dir[0] != '/')
		return rw_fail(e, RW_EXIT_USAGE, "'%s': the folder must be an absolute path (/mnt/data/dumps)", dir);
	for (const char *c = dir; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return rw_fail(e, RW_EXIT_USAGE, "the folder holds a control character");
	if (strlen(dir) > PATH_MAX - 300)
		return rw_fail(e, RW_EXIT_USAGE, "the folder's path is too long");
	return 0;
}

/* The copy's name: the file name of the Windows path, with anything but letters, digits, '.', '-' and '_'
 * as '_' (the name comes from the disk). */
static void copy_name(const struct dump_file *d, char *out, size_t len)
{
	const char *base = strrchr(d->where, '\\');
	snprintf(out, len, "%s", base ? base + 1 : d->where);
	for (char *c = out; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-' && *c != '_')
			*c = '_';
	if (!*out || *out == '.')
		out[0] = '_';
}

struct progress_ctx {
	const struct frontend *fe;
	char what[200];
};

static void progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress_ctx *p = ctx;
	if (p->fe->progress)
		p->fe->progress(p->fe->ctx, p->what, (unsigned)(done >> 20), (unsigned)(total >> 20));
}

static int open_volume(const struct snapshot *s, int partition, struct volume *v, struct rw_error *e)
{
	if (!s->have_disk)
		return volume_open_dir(v, s->request.windows_dir, e);
	for (int i = 0; i < s->disk.nparts; i++)
		if (s->disk.parts[i].number == partition)
			return volume_open(v, &s->disk, &s->disk.parts[i], e);
	return rw_fail(e, RW_EXIT_REFUSED, "partition %d is gone from the disk", partition);
}

static int record(struct run *r, const struct dump_file *d, const char *dir, const char *name,
		  const struct copy_result *c)
{
	struct dump_copy *grown = realloc(r->copies, (r->ncopies + 1) * sizeof *grown);
	if (!grown)
		return -1;
	r->copies = grown;
	struct dump_copy *x = &r->copies[r->ncopies++];
	memset(x, 0, sizeof *x);
	snprintf(x->from, sizeof x->from, "%s", d->where);
	snprintf(x->to, sizeof x->to, "%s/%s", dir, name);
	x->size = c->bytes;
	snprintf(x->sha256, sizeof x->sha256, "%s", c->sha256);
	return 0;
}

/* Copied already in this run (the operator went back past this step and on again) */
static bool copied_before(const struct run *r, const struct dump_file *d, const char *dir, const char *name)
{
	char to[PATH_MAX + 256];
	snprintf(to, sizeof to, "%s/%s", dir, name);
	for (size_t i = 0; i < r->ncopies; i++)
		if (!strcmp(r->copies[i].from, d->where) && !strcmp(r->copies[i].to, to))
			return true;
	return false;
}

static int copy_one(struct run *r, const struct dump_file *d, const char *dir, struct rw_error *e)
{
	struct volume v;
	char local[PATH_MAX], name[256];
	copy_name(d, name, sizeof name);
	if (copied_before(r, d, dir, name))
		return 0;
	if (open_volume(r->snapshot, d->partition, &v, e) != 0)
		return -1;
	int rc = volume_resolve(&v, d->where, local, sizeof local, NULL, e);
	int fd = rc == 1 ? copy_open_source(local, e) : -1;
	if (rc == 0)
		rw_fail(e, RW_EXIT_REFUSED, "the dump is gone from the disk since it was read");
	struct progress_ctx pc = {.fe = r->frontend};
	snprintf(pc.what, sizeof pc.what, "copying %s (MiB)", name);
	struct copy_progress p = {progress, &pc};
	struct copy_result c;
	rc = fd >= 0 ? copy_verified(fd, dir, name, &p, &c, e) : -1;
	if (fd >= 0)
		close(fd);
	volume_close(&v);
	if (rc == 0 && record(r, d, dir, name, &c) != 0)
		rc = rw_fail(e, RW_EXIT_USAGE, "out of memory");
	return rc;
}

/* The folder the copies go to: the one typed, or dumps/ of the runbook folder, made here in it (never
 * through a link) unless this is a dry run. *room gets the folder whose file system must hold them. */
static int destination(const struct run *r, const char *typed, char *dir, size_t len, const char **room,
		       struct rw_error *e)
{
	*room = dir;
	if (typed) {
		snprintf(dir, len, "%s", typed);
		return typed_folder(typed, e);
	}
	if (!r->runbook_dir)
		return rw_fail(e, RW_EXIT_USAGE, "there is no runbook folder: name a folder ('all to /mnt/data')");
	snprintf(dir, len, "%s/dumps", r->runbook_dir);
	if (r->dry_run) {
		*room = r->runbook_dir;
		return 0;
	}
	int rb = open(r->runbook_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int rc = rb >= 0 && (mkdirat(rb, "dumps", 0700) == 0 || errno == EEXIST) ? 0 : -1;
	int err = errno;
	if (rc == 0 && (fstatat(rb, "dumps", &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))) {
		rc = -1;
		err = ENOTDIR;
	}
	if (rb >= 0)
		close(rb);
	return rc == 0 ? 0 : rw_fail(e, RW_EXIT_REFUSED, "%s: %s", dir, strerror(err));
}

static int copy_chosen(struct run *r, const bool *chosen, size_t n, const char *dir, const char *room,
		       uint64_t *bytes, struct rw_error *e)
{
	uint64_t need = 0;
	for (size_t i = 0; i < n; i++)
		need += chosen[i] ? nth_dump(r->snapshot, i + 1)->size : 0;
	*bytes = need;
	if (!need)
		return 0;
	if (copy_check_room(room, need, e) != 0)
		return -1;
	for (size_t i = 0; i < n && !r->dry_run; i++)
		if (chosen[i] && copy_one(r, nth_dump(r->snapshot, i + 1), dir, e) != 0)
			return -1;
	return 0;
}

static int accept(struct run *r, const struct step *st, const char *answer, int source, struct rw_error *e)
{
	size_t n = dump_count(r->snapshot);
	char which[FE_ANSWER_MAX], dir[PATH_MAX];
	snprintf(which, sizeof which, "%s", answer);
	char *to = strstr(which, TO);
	if (to)
		*to = '\0';
	bool *chosen = calloc(n ? n : 1, sizeof *chosen);
	if (!chosen)
		return rw_fail(e, RW_EXIT_USAGE, "out of memory");
	uint64_t bytes = 0;
	int rc = selection(which, n, chosen, e);
	size_t count = 0;
	for (size_t i = 0; i < n && !r->dry_run; i++)
		count += chosen[i];
	const char *room = dir;
	if (rc == 0)
		rc = destination(r, to ? to + strlen(TO) : NULL, dir, sizeof dir, &room, e);
	if (rc == 0)
		rc = copy_chosen(r, chosen, n, dir, room, &bytes, e);
	free(chosen);
	char copied[24], size[24];
	snprintf(copied, sizeof copied, "%zu", count);
	snprintf(size, sizeof size, "%" PRIu64, bytes);
	if (rc != 0)
		return -1;
	const char *const values[] = {answer, copied, dir, size};
	return answers_record(&r->answers, st->id, fields, values, source, e);
}

const struct step_kind step_copy_dumps = {
	.name = "copy-dumps",
	.summary = "the dumps to copy off the disk (all, none, 1,3; ' to /FOLDER' for a folder of this rescue VM), "
		   "free space checked first, each copy new and compared by sha256",
	.fields = fields,
	.flags = STEP_TYPED,
	.replay_field = "selection",
	.prepare = prepare,
	.accept = accept,
};
