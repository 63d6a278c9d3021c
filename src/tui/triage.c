/* The crash dumps of the disk on a screen of their own: the triage report (the same text as rescuewiz
 * triage, wrapped to the screen), scrollable, at 80x24 and larger. Read-only: a snapshot of the disk is
 * taken and dropped, as the start screens take them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/screen.h"
#include "triage/triage.h"

#define KEYS "Up/Down/PgUp/PgDn scroll  Esc back  F1 help  q quit"

static const struct step triage_step = {
	.id = "triage",
	.title = "The crash dumps on this disk",
	.help = "Every MEMORY.DMP and Minidump\\*.dmp of the Windows volume, and a dump left at the start of "
		"pagefile.sys or of the DedicatedDumpFile (a VM that never booted again has it there). For each: "
		"complete or not and why, the stop code with its parameters explained, the driver a minidump "
		"names, the first steps and the wizard that fits. Nothing is written.\n\nEsc goes back to the "
		"question of the symptom, where the wizard the dumps call for is recommended.",
};

struct lines {
	char *text;     /* the report, its rows split in place */
	char **row;
	int n;
};

static void lines_free(struct lines *l)
{
	free(l->text);
	free(l->row);
	memset(l, 0, sizeof *l);
}

/* the report wrapped to the screen's width, one row per line */
static int render(const struct triage *tr, struct lines *l)
{
	size_t len = 0;
	FILE *f = open_memstream(&l->text, &len);
	if (!f || triage_text(f, tr, (size_t)COLS - 3) != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	/* the report made the dump's strings printable; the screen maps them to ASCII where it must */
	char *shown = malloc(4 * len + 1);
	if (!shown)
		return -1;
	screen_clean(l->text, shown, 4 * len + 1, true);
	free(l->text);
	l->text = shown;
	int cap = 1;
	for (const char *p = l->text; *p; p++)
		cap += *p == '\n';
	l->row = calloc((size_t)cap, sizeof *l->row);
	if (!l->row)
		return -1;
	for (char *p = l->text, *nl; *p && l->n < cap; p = nl + 1) {
		l->row[l->n++] = p;
		if (!(nl = strchr(p, '\n')))
			break;
		*nl = '\0';
	}
	return 0;
}

static void draw(struct tui *t, const struct lines *l, int top)
{
	int first = 4, rows = LINES - 3 - first;
	screen_frame(t, &triage_step, 0, 0, KEYS);
	for (int i = 0; i < rows && top + i < l->n; i++) {
		bool heading = l->row[top + i][0] && l->row[top + i][0] != ' ';
		if (heading)
			attron(A_BOLD);
		mvaddnstr(first + i, 1, l->row[top + i], COLS - 2);
		if (heading)
			attroff(A_BOLD);
	}
	if (top + rows < l->n) {
		attron(A_BOLD);
		mvaddnstr(LINES - 2, 2, "more below: Down or PgDn", COLS - 4);
		attroff(A_BOLD);
	}
	refresh();
}

/* The wizard the newest complete dump calls for (by its crash time), "" when none. */
static void suggested(const struct triage *tr, char *wizard, size_t len)
{
	const struct dump_file *best = NULL;
	bool twin;
	for (size_t i = 0; i < tr->ndumps; i++) {
		const struct dump_file *d = &tr->dumps[i];
		const struct stopcode *sc = catalog_find(tr->catalog, d->header.bugcheck, &twin);
		if (d->check.verdict != DUMP_COMPLETE || !triage_has_bugcheck(d) || !sc || !sc->wizard)
			continue;
		if (!best || d->header.system_time > best->header.system_time)
			best = d;
	}
	snprintf(wizard, len, "%s", best ? catalog_find(tr->catalog, best->header.bugcheck, &twin)->wizard : "");
}

static int show(struct tui *t, const struct triage *tr)
{
	struct lines l = {0};
	int top = 0, reply = -1;
	while (reply < 0) {
		if (!screen_fits()) {
			getch();
			continue;
		}
		if (!l.text && render(tr, &l) != 0) {
			lines_free(&l);
			return FE_FAIL;
		}
		int page = LINES - 7;
		top = screen_scroll(0, top, l.n, page);
		draw(t, &l, top);
		int c = getch();
		if (screen_is_scroll_key(c))
			top = screen_scroll(c, top, l.n, page);
		else if (c == KEY_RESIZE)
			lines_free(&l); /* wrapped again to the new width */
		else if (c == KEY_F(1) || c == '?')
			screen_help(t, &(struct fe_question){.step = &triage_step});
		else if (c == KEY_ESCAPE || c == '\n' || c == KEY_ENTER || c == KEY_LEFT)
			reply = FE_BACK;
		else if (c == 'q' && screen_confirm_quit(t))
			reply = FE_QUIT;
	}
	lines_free(&l);
	return reply;
}

int tui_triage(struct tui *t, const char *disk, char *wizard, size_t wizard_len)
{
	struct snapshot *s = calloc(1, sizeof *s);
	struct stat st;
	struct snapshot_request req = {0};
	struct rw_error e = {0};
	char options[4200];
	wizard[0] = '\0';
	if (!s)
		return FE_FAIL;
	if (stat(disk, &st) == 0 && S_ISDIR(st.st_mode))
		req.windows_dir = disk;
	else
		req.disk = disk;
	snprintf(options, sizeof options, req.disk ? "--disk %s" : "--windows %s --boot DIR", disk);
	screen_start(t);
	tui_message_nowait(t, "rescuewiz", "Looking at the crash dumps on this disk (read-only)...");
	if (snapshot_take(s, &req, &e) != 0) {
		snapshot_free(s);
		free(s);
		tui_message(t, "rescuewiz", e.text);
		return FE_BACK;
	}
	struct triage tr = {.snapshot = s, .dumps = s->dumps, .ndumps = s->ndumps, .catalog = catalog_default(),
			    .target = disk, .target_options = options};
	int reply = show(t, &tr);
	suggested(&tr, wizard, wizard_len);
	snapshot_free(s);
	free(s);
	return reply;
}
