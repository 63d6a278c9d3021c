#include "tui/screen.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/utf16.h"

enum { PAIR_BAR = 1, PAIR_WARNING, PAIR_GOOD, PAIR_BAD };

static bool curses_on;
static bool ascii_only; /* the locale is not UTF-8: only ASCII is drawn */

void tui_end(struct tui *t)
{
	(void)t;
	if (curses_on) {
		endwin();
		cleanup_terminal_clear();
		curses_on = false;
	}
}

static void end_at_exit(void)
{
	tui_end(NULL);
}

static struct {
	char bytes[256];
	size_t len;
} leave;

static int leave_put(int c)
{
	if (leave.len < sizeof leave.bytes)
		leave.bytes[leave.len++] = (char)c;
	return c;
}

/* What endwin would send, prepared now: a signal can not call endwin (it is not async-signal-safe), so the
 * cleanup registry writes these bytes and puts the saved modes back instead. */
static void prepare_leave(void)
{
	static const char *const caps[] = {"sgr0", "cnorm", "rmkx", "rmcup"};
	leave.len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
		const char *s = tigetstr(caps[i]);
		if (s && s != (const char *)-1)
			tputs(s, 1, leave_put);
	}
}

void screen_start(struct tui *t)
{
	if (t->started)
		return;
	t->started = true;
	setlocale(LC_ALL, "");
	t->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	ascii_only = !t->utf8;
	/* the modes of the terminal as the shell left them, which is what a signal must put back */
	int fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDIN_FILENO;
	struct termios shell_modes;
	bool have_modes = tcgetattr(fd, &shell_modes) == 0;
	initscr();
	curses_on = true;
	prepare_leave();
	if (have_modes)
		cleanup_terminal(fd, &shell_modes, leave.bytes, leave.len);
	/* after the registry's own atexit hook, so it runs before it: endwin gives the terminal back first */
	atexit(end_at_exit);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	/* Home and End as the common terminals send them, whatever TERM says: a serial console or tmux often
	 * runs under a TERM whose terminfo knows only one of these forms */
	static const struct {
		const char *seq;
		int key;
	} keys[] = {{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
		    {"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END}};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (key_defined(keys[i].seq) <= 0)
			define_key(keys[i].seq, keys[i].key);
	set_escdelay(25);
	curs_set(0);
	t->colour = has_colors() && !getenv("NO_COLOR");
	if (t->colour) {
		start_color();
		use_default_colors();
		init_pair(PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_WARNING, COLOR_YELLOW, -1);
		init_pair(PAIR_GOOD, COLOR_GREEN, -1);
		init_pair(PAIR_BAD, COLOR_RED, -1);
	}
}

bool screen_fits(void)
{
	if (LINES >= 24 && COLS >= 80)
		return true;
	erase();
	mvaddstr(0, 0, "rescuewiz needs a terminal of at least 80x24: please make it larger.");
	refresh();
	return false;
}

int screen_wrap(const char *text, int width, const char **next)
{
	int n = 0, cut = 0;
	if (width < 1)
		width = 1; /* a row always takes a character, so callers' loops end */
	while (text[n] && text[n] != '\n' && n < width) {
		if (text[n] == ' ')
			cut = n;
		n++;
	}
	if (text[n] && text[n] != '\n' && cut > 0)
		n = cut;
	const char *p = text + n;
	if (*p == '\n')
		p++; /* one line break ends the row; a second one is a blank row */
	else
		while (*p == ' ')
			p++;
	*next = p;
	return n;
}

/* What screen_clean makes of a text fits in four times its length (an escaped C1 control: 2 bytes, 8). */
static char *cleaned(const char *text, bool keep_lines)
{
	size_t len = 4 * strlen(text) + 1;
	char *out = malloc(len);
	if (out)
		screen_clean(text, out, len, keep_lines);
	return out;
}

int screen_text(int y, int x, const char *text, int max_rows)
{
	int rows = 0;
	char *shown = cleaned(text, true);
	for (const char *p = shown ? shown : "", *next; *p && rows < max_rows; p = next) {
		int n = screen_wrap(p, COLS - x - 1, &next);
		mvaddnstr(y + rows++, x, p, n);
	}
	free(shown);
	return y + rows;
}

/* The characters of UTF-8 text (one column each: titles hold no double-width ones) */
static size_t utf8_columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The bytes of the first `count` characters */
static size_t utf8_prefix(const char *s, size_t count)
{
	size_t i = 0;
	for (size_t c = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (c++ == count)
			break;
	}
	return i;
}

/* One row of text at (y, x), at most n columns. */
static void row_text(int y, int x, const char *text, int n)
{
	char *shown = cleaned(text, false);
	mvaddnstr(y, x, shown ? shown : "", n);
	free(shown);
}

void screen_bar(struct tui *t, int y, const char *left, const char *right)
{
	int attr = t->colour ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	int room = COLS - 2 - (right && *right ? (int)strlen(right) + 2 : 0);
	char *shown = cleaned(left, false);
	const char *text = shown ? shown : "";
	if (room > 3 && utf8_columns(text) > (size_t)room) {
		/* a long title ends in "..." before the step count instead of running into it */
		int n = (int)utf8_prefix(text, (size_t)room - 3);
		mvaddnstr(y, 1, text, n);
		addstr("...");
	} else if (room > 0) {
		mvaddnstr(y, 1, text, room);
	}
	free(shown);
	if (right && *right)
		mvaddstr(y, COLS - 1 - (int)strlen(right), right);
	attroff(attr);
}

void screen_frame(struct tui *t, const struct step *st, unsigned number, unsigned total, const char *keys)
{
	char right[32] = "";
	erase();
	if (number)
		snprintf(right, sizeof right, "step %u of %u", number, total);
	screen_bar(t, 0, t->wizard ? t->wizard->title : "rescuewiz", right);
	attron(A_BOLD);
	row_text(2, 2, st->title, COLS - 4);
	attroff(A_BOLD);
	screen_bar(t, LINES - 1, keys, NULL);
}

void screen_gauge(struct tui *t, int y, int x, int width, uint64_t have, uint64_t need)
{
	int inner = width - 2, fill = have >= need ? inner : (int)((double)have / (double)need * inner);
	int attr = A_BOLD | (t->colour ? COLOR_PAIR(have >= need ? PAIR_GOOD : PAIR_BAD) : 0);
	mvaddch(y, x, '[');
	attron(attr);
	for (int i = 0; i < inner; i++)
		addch(i < fill ? '#' : '.');
	attroff(attr);
	addch(']');
}

void screen_help(struct tui *t, const struct fe_question *q)
{
	do {
		screen_frame(t, q->step, q->number, q->total, "any key: back to the step");
		screen_text(4, 2, *q->help ? q->help : q->step->help ? q->step->help : "No help for this step.", LINES - 6);
		refresh();
	} while (getch() == KEY_RESIZE);
}

bool screen_confirm_quit(struct tui *t)
{
	int c;
	do {
		screen_bar(t, LINES - 1, "Quit rescuewiz? Nothing has been written to the disk.  y quit  n stay", NULL);
		refresh();
		c = getch();
	} while (c != 'y' && c != 'Y' && c != 'n' && c != 'N' && c != KEY_ESCAPE);
	return c == 'y' || c == 'Y';
}

int screen_warning(const struct tui *t)
{
	return A_BOLD | (t->colour ? COLOR_PAIR(PAIR_WARNING) : 0);
}

void screen_clean(const char *in, char *out, size_t len, bool keep_lines)
{
	size_t at = 0;
	for (const char *p = in; at + 1 < len;) {
		const char *end = keep_lines ? strchr(p, '\n') : NULL;
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *piece = strndup(p, n);
		if (!piece)
			break;
		utf8_printable(piece, out + at, len - at);
		free(piece);
		at += strlen(out + at);
		if (!end || at + 2 > len)
			break;
		out[at++] = '\n';
		out[at] = '\0';
		p = end + 1;
	}
	out[at < len ? at : len - 1] = '\0';
	for (unsigned char *c = (unsigned char *)out; ascii_only && *c; c++)
		if (*c >= 0x80)
			*c = '?';
}

int screen_scroll(int c, int top, int n, int page)
{
	int last = n > page ? n - page : 0;
	top += c == KEY_DOWN ? 1 : c == KEY_UP ? -1 : c == KEY_NPAGE ? page : c == KEY_PPAGE ? -page : 0;
	top = c == KEY_HOME ? 0 : c == KEY_END ? last : top;
	return top < 0 ? 0 : top > last ? last : top;
}

bool screen_is_scroll_key(int c)
{
	return c == KEY_DOWN || c == KEY_UP || c == KEY_NPAGE || c == KEY_PPAGE || c == KEY_HOME || c == KEY_END;
}
