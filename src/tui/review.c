#include "tui/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "tui/prompt.h"
#include "tui/screen.h"

#define KEYS "Up/Down/PgUp/PgDn scroll  c commands  a apply  Esc back  F1 help  q quit"

struct row {
	int indent;
	bool bold;
	char text[200];
};

struct rows {
	struct row *r;
	int n, cap;
};

static void push(struct rows *rs, int indent, bool bold, const char *text, int n)
{
	if (rs->n == rs->cap) {
		int cap = rs->cap ? 2 * rs->cap : 64;
		struct row *grown = realloc(rs->r, (size_t)cap * sizeof *grown);
		if (!grown)
			return;
		rs->r = grown;
		rs->cap = cap;
	}
	struct row *r = &rs->r[rs->n++];
	r->indent = indent;
	r->bold = bold;
	snprintf(r->text, sizeof r->text, "%.*s", n, text);
}

/* a text wrapped into rows of the screen's width, at `indent` */
static void push_wrapped(struct rows *rs, int indent, bool bold, const char *text)
{
	for (const char *p = text, *next; *p; p = next) {
		int n = screen_wrap(p, COLS - indent - 1, &next);
		push(rs, indent, bold, p, n);
	}
}

static void build(const struct plan *p, bool commands, struct rows *rs)
{
	const char *hive = "";
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_edit *ed = &p->edits[i];
		const char *h = ed->hive == HIVE_SYSTEM ? "SYSTEM hive" : ed->hive == HIVE_SOFTWARE ? "SOFTWARE hive" : "BCD store";
		if (strcmp(h, hive))
			push(rs, 2, true, h, (int)strlen(h));
		hive = h;
		char what[4 * sizeof ed->what], change[sizeof ed->before + sizeof ed->after + 20],
			change_shown[4 * sizeof change];
		screen_clean(ed->what, what, sizeof what, false);
		if (commands)
			snprintf(change, sizeof change, "%s", ed->no_change ? "(no change)" : ed->command);
		else
			snprintf(change, sizeof change, "%s -> %s%s", ed->before, ed->after,
				 ed->no_change ? "  (no change)" : "");
		screen_clean(change, change_shown, sizeof change_shown, false);
		push_wrapped(rs, 4, false, what);
		push_wrapped(rs, 6, false, change_shown);
	}
}

/* The count, what earlier steps warned of; returns the first row of the list. */
static int draw_head(struct tui *t, const struct fe_question *q)
{
	screen_frame(t, q->step, q->number, q->total, KEYS);
	mvprintw(4, 2, "%zu edits, %zu change something. Nothing is written until you type apply.", q->plan->n,
		 q->plan->changes);
	attron(screen_warning(t));
	int y = screen_text(5, 2, q->warning, 4);
	attroff(screen_warning(t));
	return y + 1;
}

/* Rows of the list from `top`, from row `first` to the one above the note row. */
static void draw(const struct rows *rs, int first, int top, const char *note)
{
	int rows = LINES - 3 - first;
	for (int i = 0; i < rows && top + i < rs->n; i++) {
		const struct row *r = &rs->r[top + i];
		if (r->bold)
			attron(A_BOLD);
		mvaddnstr(first + i, r->indent, r->text, COLS - r->indent - 1);
		if (r->bold)
			attroff(A_BOLD);
	}
	if (!*note && top + rows < rs->n)
		note = "more below: Down or PgDn";
	if (*note) {
		attron(A_BOLD);
		mvaddnstr(LINES - 2, 2, note, COLS - 4);
		attroff(A_BOLD);
	}
	refresh();
}

int review_ask(struct tui *t, const struct fe_question *q, char *answer, size_t len)
{
	int top = 0, reply = -1;
	bool commands = false, typing = false;
	char note[160] = "", typed[16] = "";
	while (reply < 0) {
		if (!screen_fits()) {
			getch();
			continue;
		}
		struct rows rs = {0};
		build(q->plan, commands, &rs);
		int first = draw_head(t, q), page = LINES - 3 - first;
		top = screen_scroll(0, top, rs.n, page);
		draw(&rs, first, top, note);
		free(rs.r);
		if (typing) {
			int r = prompt_line(t, "Type apply to write these edits:", typed, sizeof typed);
			typing = r == PROMPT_RESIZED;
			if (r == PROMPT_OK && !strcmp(typed, "apply"))
				reply = FE_OK;
			else if (r == PROMPT_OK)
				snprintf(note, sizeof note, "\"%s\" is not apply: nothing was written.", typed);
			continue;
		}
		int c = getch();
		note[0] = '\0';
		if (screen_is_scroll_key(c))
			top = screen_scroll(c, top, rs.n, page);
		else if (c == 'c')
			commands = !commands;
		else if (c == KEY_F(1) || c == '?')
			screen_help(t, q);
		else if (c == KEY_ESCAPE)
			reply = FE_BACK;
		else if (c == 'q' && screen_confirm_quit(t))
			reply = FE_QUIT;
		else if (c == 'a' || c == '\n' || c == KEY_ENTER) {
			typed[0] = '\0';
			typing = true;
		}
	}
	if (reply == FE_OK)
		snprintf(answer, len, "apply");
	return reply;
}
