/* What every screen of the TUI shares: the curses session (started once, given back on every exit, signals
 * included), the title and status bars, wrapped text, the space gauge, help and the quit question. Internal
 * to src/tui/. */
#ifndef RW_TUI_SCREEN_H
#define RW_TUI_SCREEN_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/tui.h"

#define KEY_ESCAPE 27

void screen_start(struct tui *t);
/* 80x24 or larger; else the screen says so and the caller waits for the next key (a resize). */
bool screen_fits(void);
/* text wrapped at blanks to the screen width from (y, x), at most max_rows rows; returns the next row */
int screen_text(int y, int x, const char *text, int max_rows);
/* The splits screen_text makes: the length of the first row of `text` in `width` columns, and where the next
 * row starts. */
int screen_wrap(const char *text, int width, const char **next);
void screen_bar(struct tui *t, int y, const char *left, const char *right);
/* title bar (wizard title, "step N of M"), the step's title, and the status bar with the keys */
void screen_frame(struct tui *t, const struct step *st, unsigned number, unsigned total, const char *keys);
/* "[#######.......]" of have against need in width columns: green when it fits, red when not */
void screen_gauge(struct tui *t, int y, int x, int width, uint64_t have, uint64_t need);
void screen_help(struct tui *t, const struct fe_question *q);
bool screen_confirm_quit(struct tui *t);
/* the attributes of a warning: bold, and yellow where there is colour */
int screen_warning(const struct tui *t);
/* The first row shown of a list of n rows after a scroll key (Up, Down, PgUp, PgDn, Home, End) with `page`
 * rows on the screen; any other key keeps top within the list. */
int screen_scroll(int key, int top, int n, int page);
bool screen_is_scroll_key(int key);
/* Text as the screens draw it: printable (core/utf16.h: a hive value can neither send escape sequences to
 * the terminal nor break a row), and in an ASCII-only locale bytes outside ASCII become '?'. keep_lines keeps
 * the text's own line breaks (its layout: whoever composed it made the disk's parts printable); else a line
 * break is shown as \x0a too. screen_text, the bars and the title do it themselves. */
void screen_clean(const char *in, char *out, size_t len, bool keep_lines);

#endif
