#include "tui/tui.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/answers.h"
#include "plan/plan.h"
#include "report/report.h"
#include "target/volume.h"

#define KEYS_STEP "Up/Down move  Enter choose  Esc back  F1 help  q quit"
#define KEYS_REVIEW "Up/Down scroll  c commands  a apply  Esc back  F1 help  q quit"

static bool curses_on;

void tui_end(struct tui *t)
{
	(void)t;
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

static void end_at_exit(void)
{
	tui_end(NULL);
}

/* A signal in the middle of a screen: give the terminal back and undo mounts before dying of it. */
static void on_signal(int sig)
{
	if (curses_on)
		endwin();
	volume_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void start(struct tui *t)
{
	if (t->started)
		return;
	t->started = true;
	setlocale(LC_ALL, "");
	initscr();
	curses_on = true;
	atexit(end_at_exit);
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		signal(sigs[i], on_signal);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	t->colour = has_colors() && !getenv("NO_COLOR");
	if (t->colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_YELLOW, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_RED, -1);
	}
}

/* Waits for a key; a resize is no key, it only asks the caller to draw again (true). */
static bool resized(int c)
{
	return c == KEY_RESIZE;
}

/* Writes text wrapped to the screen width from row y; returns the next free row. */
static int text_at(int y, int x, const char *text, int max_rows)
{
	int width = COLS - x - 1, rows = 0;
	const char *p = text;
	while (*p && rows < max_rows) {
		int n = 0, cut = 0;
		while (p[n] && p[n] != '\n' && n < width) {
			if (p[n] == ' ')
				cut = n;
			n++;
		}
		if (p[n] && p[n] != '\n' && cut > 0)
			n = cut;
		mvaddnstr(y + rows++, x, p, n);
		p += n;
		if (*p == '\n')
			p++; /* one line break ends the row; a second one is a blank row */
		else
			while (*p == ' ')
				p++;
	}
	return y + rows;
}

static void bar(int y, const char *left, const char *right, struct tui *t)
{
	attron(t->colour ? COLOR_PAIR(1) : A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	mvaddnstr(y, 1, left, COLS - 2);
	if (right)
		mvaddstr(y, COLS - 1 - (int)strlen(right), right);
	attroff(t->colour ? COLOR_PAIR(1) : A_REVERSE);
}

static bool big_enough(void)
{
	if (LINES >= 24 && COLS >= 80)
		return true;
	erase();
	mvaddstr(0, 0, "rescuewiz needs a terminal of at least 80x24: please make it larger.");
	refresh();
	return false;
}

static size_t step_number(const struct tui *t, const struct step *st)
{
	for (size_t i = 0; i < t->wizard->nsteps; i++)
		if (&t->wizard->steps[i] == st)
			return i + 1;
	return 0;
}

static void frame(struct tui *t, const struct step *st, const char *keys)
{
	char right[32] = "";
	size_t n = t->wizard ? step_number(t, st) : 0;
	erase();
	if (n)
		snprintf(right, sizeof right, "step %zu of %zu", n, t->wizard->nsteps);
	bar(0, t->wizard ? t->wizard->title : "rescuewiz", right, t);
	attron(A_BOLD);
	mvaddnstr(2, 2, st->title, COLS - 4);
	attroff(A_BOLD);
	bar(LINES - 1, keys, NULL, t);
}

static void help(struct tui *t, const struct step *st)
{
	do {
		frame(t, st, "any key: back to the step");
		text_at(4, 2, st->help ? st->help : "No help for this step.", LINES - 6);
		refresh();
	} while (resized(getch()));
}

/* "[#######.......]" of `have` against `need`, in `width` columns; green when it fits, red when not. */
static void gauge(struct tui *t, int y, int x, int width, uint64_t have, uint64_t need)
{
	int inner = width - 2, fill = have >= need ? inner : (int)((double)have / (double)need * inner);
	int pair = t->colour ? COLOR_PAIR(have >= need ? 3 : 4) : 0;
	mvaddch(y, x, '[');
	attron(pair | A_BOLD);
	for (int i = 0; i < inner; i++)
		addch(i < fill ? '#' : '.');
	attroff(pair | A_BOLD);
	addch(']');
}

/* "Quit? Nothing has been written" */
static bool confirm_quit(struct tui *t)
{
	bar(LINES - 1, "Quit rescuewiz? Nothing has been written to the disk.  y quit  n stay", NULL, t);
	refresh();
	int c;
	while ((c = getch()) != 'y' && c != 'Y' && c != 'n' && c != 'N' && c != 27)
		;
	return c == 'y' || c == 'Y';
}

/* A line typed at the bottom of the screen. */
static bool prompt(struct tui *t, const char *label, char *out, size_t len)
{
	bar(LINES - 1, "Enter: accept  Esc: cancel", NULL, t);
	move(LINES - 3, 2);
	clrtoeol();
	attron(A_BOLD);
	addstr(label);
	attroff(A_BOLD);
	addch(' ');
	curs_set(1);
	size_t n = 0;
	out[0] = '\0';
	int c;
	while ((c = getch()) != '\n' && c != KEY_ENTER) {
		if (c == 27) {
			curs_set(0);
			return false;
		}
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && n > 0) {
			out[--n] = '\0';
			addstr("\b \b");
		} else if (c >= 32 && c < 127 && n + 1 < len) {
			out[n++] = (char)c;
			out[n] = '\0';
			addch((chtype)c);
		}
		refresh();
	}
	curs_set(0);
	return true;
}

/* check-space: what the volume has against what the dump needs, as a bar with both sizes after it. */
static int draw_space(struct tui *t, const struct fe_question *q, int y)
{
	if (!q->has_gauge || !q->gauge_need)
		return y;
	char have[32], need[32], text[96];
	snprintf(text, sizeof text, " %s free, %s needed", report_size(q->gauge_have, have, sizeof have),
		 report_size(q->gauge_need, need, sizeof need));
	int width = COLS - 4 - (int)strlen(text);
	gauge(t, y, 2, width > 12 ? width : 12, q->gauge_have, q->gauge_need);
	addnstr(text, COLS - 2 - getcurx(stdscr));
	return y + 2;
}

static int option_rows(const struct fe_question *q, int i)
{
	return i < (int)q->noptions && *q->options[i].detail ? 2 : 1;
}

/* The choices from `first` on, in the rows from y to the status line; returns the last one shown. */
static int draw_options(const struct fe_question *q, int first, int selected, int y)
{
	int total = (int)q->noptions + (q->free_text ? 1 : 0), last = first - 1;
	if (first > 0)
		mvaddstr(y++, 2, "  ... more above");
	for (int i = first; i < total && y + option_rows(q, i) <= LINES - 3; i++) {
		char line[300];
		if (i < (int)q->noptions)
			snprintf(line, sizeof line, "%s %s%s", i == selected ? ">" : " ", q->options[i].label,
				 i == q->recommended ? "  (recommended)" : "");
		else
			snprintf(line, sizeof line, "%s Type another answer...", i == selected ? ">" : " ");
		if (i == selected)
			attron(A_REVERSE);
		mvaddnstr(y++, 2, line, COLS - 4);
		if (i == selected)
			attroff(A_REVERSE);
		if (option_rows(q, i) == 2)
			mvaddnstr(y++, 6, q->options[i].detail, COLS - 8);
		last = i;
	}
	if (last + 1 < total)
		mvaddstr(y, 2, "  ... more below");
	return last;
}

/* The step's facts, the space bar, the warning and the refusal of the last answer; returns the next row. */
static int draw_facts(struct tui *t, const struct fe_question *q)
{
	frame(t, q->step, KEYS_STEP);
	int y = text_at(4, 2, q->detected, 6) + 1;
	y = draw_space(t, q, y);
	attron(A_BOLD | (t->colour ? COLOR_PAIR(2) : 0));
	if (*q->warning)
		y = text_at(y, 2, q->warning, 4) + 1;
	if (*q->error)
		y = text_at(y, 2, q->error, 3) + 1;
	attroff(A_BOLD | (t->colour ? COLOR_PAIR(2) : 0));
	return y;
}

/* Scrolls the choices (from *first) until the selected one is on the screen. Returns how many there are. */
static int draw_question(struct tui *t, const struct fe_question *q, int *first, int selected)
{
	if (selected < *first)
		*first = selected;
	while (draw_options(q, *first, selected, draw_facts(t, q)) < selected)
		(*first)++;
	refresh();
	return (int)q->noptions + (q->free_text ? 1 : 0);
}

/* Keys every step screen takes the same way: Esc back, F1/? help, q quit (after asking). True when the
 * screen must end with *reply. */
static bool common_key(struct tui *t, const struct fe_question *q, int c, int *reply)
{
	if (c == KEY_F(1) || c == '?')
		help(t, q->step);
	*reply = c == 27 ? FE_BACK : c == 'q' && confirm_quit(t) ? FE_QUIT : -1;
	return *reply >= 0;
}

static void draw_review(struct tui *t, const struct fe_question *q, int top, bool commands)
{
	frame(t, q->step, KEYS_REVIEW);
	const struct plan *p = q->plan;
	mvprintw(4, 2, "%zu edits, %zu change something. Nothing is written until you type apply.", p->n, p->changes);
	int y = 6;
	const char *hive = "";
	for (size_t i = (size_t)top; i < p->n && y < LINES - 3; i++) {
		const struct plan_edit *ed = &p->edits[i];
		const char *h = ed->hive == PLAN_SYSTEM ? "SYSTEM hive" : "BCD store";
		if (strcmp(h, hive) && y < LINES - 4) {
			attron(A_BOLD);
			mvaddstr(y++, 2, h);
			attroff(A_BOLD);
			hive = h;
		}
		mvaddnstr(y++, 4, ed->what, COLS - 6);
		if (y >= LINES - 3)
			break;
		if (commands)
			mvaddnstr(y++, 6, ed->no_change ? "(no change)" : ed->command, COLS - 8);
		else {
			char change[440];
			snprintf(change, sizeof change, "%s -> %s%s", ed->before, ed->after,
				 ed->no_change ? "  (no change)" : "");
			mvaddnstr(y++, 6, change, COLS - 8);
		}
	}
	refresh();
}

static int review(struct tui *t, const struct fe_question *q, char *answer, size_t len)
{
	int top = 0, reply;
	bool commands = false;
	for (;;) {
		if (!big_enough()) {
			getch();
			continue;
		}
		draw_review(t, q, top, commands);
		int c = getch();
		if (c == KEY_DOWN && top + 1 < (int)q->plan->n)
			top++;
		else if (c == KEY_UP && top > 0)
			top--;
		else if (c == 'c')
			commands = !commands;
		else if (common_key(t, q, c, &reply))
			return reply;
		else if (c == 'a' || c == '\n') {
			char typed[16];
			if (prompt(t, "Type apply to write these edits:", typed, sizeof typed) && !strcmp(typed, "apply")) {
				snprintf(answer, len, "apply");
				return FE_OK;
			}
		}
	}
}

/* Back at a step, the answer given before; else the recommended one. */
static int first_choice(const struct fe_question *q)
{
	for (size_t i = 0; *q->previous && i < q->noptions; i++)
		if (!strcmp(q->options[i].value, q->previous))
			return (int)i;
	return q->recommended >= 0 ? q->recommended : 0;
}

static int ask(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source)
{
	struct tui *t = ctx;
	start(t);
	*source = ANSWER_OPERATOR;
	if (q->plan)
		return review(t, q, answer, len);
	int selected = first_choice(q), first = 0, reply;
	for (;;) {
		if (!big_enough()) {
			getch();
			continue;
		}
		int total = draw_question(t, q, &first, selected);
		int c = getch();
		if (c == KEY_DOWN && selected + 1 < total)
			selected++;
		else if (c == KEY_UP && selected > 0)
			selected--;
		else if (common_key(t, q, c, &reply))
			return reply;
		else if ((c == '\n' || c == KEY_ENTER) && selected < (int)q->noptions) {
			snprintf(answer, len, "%s", q->options[selected].value);
			return FE_OK;
		} else if (c == '\n' || c == KEY_ENTER) {
			if (prompt(t, q->free_text_prompt, answer, len) && *answer)
				return FE_OK;
		}
	}
}

void tui_message(struct tui *t, const char *title, const char *text)
{
	start(t);
	for (;;) {
		erase();
		bar(0, title, NULL, t);
		text_at(2, 2, text, LINES - 4);
		bar(LINES - 1, "any key: leave", NULL, t);
		refresh();
		if (getch() != KEY_RESIZE)
			return;
	}
}

void tui_message_nowait(struct tui *t, const char *title, const char *text)
{
	start(t);
	erase();
	bar(0, title, NULL, t);
	text_at(2, 2, text, LINES - 4);
	refresh();
}

int tui_ask(struct tui *t, const struct fe_question *q, char *answer, size_t len)
{
	int source;
	return ask(t, q, answer, len, &source);
}

/* apply: every action begun so far, the current one last, and a bar of how many are finished. */
static void progress(void *ctx, const char *what, unsigned done, unsigned total)
{
	struct tui *t = ctx;
	start(t);
	size_t max = sizeof t->actions / sizeof *t->actions;
	if (t->nactions == max)
		memmove(t->actions, t->actions + 1, (max - 1) * sizeof *t->actions);
	snprintf(t->actions[t->nactions < max ? t->nactions++ : max - 1], sizeof *t->actions, "%s", what);
	erase();
	bar(0, t->wizard ? t->wizard->title : "rescuewiz", "writing", t);
	attron(A_BOLD);
	mvaddstr(2, 2, "Writing the edits");
	attroff(A_BOLD);
	for (size_t i = 0; i < t->nactions && 4 + (int)i < LINES - 4; i++)
		mvprintw(4 + (int)i, 2, "%s %.*s", i + 1 == t->nactions ? ">" : " ", COLS - 6, t->actions[i]);
	char count[32];
	snprintf(count, sizeof count, " %u of %u done", done, total);
	gauge(t, LINES - 3, 2, COLS - 4 - (int)strlen(count), done, total ? total : 1);
	addstr(count);
	bar(LINES - 1, "Please wait: do not detach the disk", NULL, t);
	refresh();
}

void tui_frontend(struct tui *t, struct frontend *fe)
{
	memset(fe, 0, sizeof *fe);
	fe->ctx = t;
	fe->ask = ask;
	fe->progress = progress;
}
