/* Full-screen messages: the result, the errors (refused disk, failed and rolled back), the wait while the
 * disk is read, and the progress of apply. */
#include <stdio.h>
#include <string.h>

#include "tui/screen.h"

static void draw(struct tui *t, const char *title, const char *text, const char *keys)
{
	erase();
	screen_bar(t, 0, title, NULL);
	screen_text(2, 2, text, LINES - 4);
	if (keys)
		screen_bar(t, LINES - 1, keys, NULL);
	refresh();
}

void tui_message(struct tui *t, const char *title, const char *text)
{
	screen_start(t);
	clearok(curscr, TRUE); /* after apply's mounts, as between two questions */
	do
		draw(t, title, text, "any key: leave");
	while (getch() == KEY_RESIZE);
}

void tui_message_nowait(struct tui *t, const char *title, const char *text)
{
	screen_start(t);
	draw(t, title, text, NULL);
}

void tui_progress(void *ctx, const char *what, unsigned done, unsigned total)
{
	struct tui *t = ctx;
	screen_start(t);
	size_t max = sizeof t->actions / sizeof *t->actions;
	/* a long action (a dump copied) reports again and again: one line, its gauge moving */
	bool again = t->nactions && !strcmp(t->actions[t->nactions - 1], what);
	if (!again && t->nactions == max)
		memmove(t->actions, t->actions + 1, (max - 1) * sizeof *t->actions);
	if (!again)
		snprintf(t->actions[t->nactions < max ? t->nactions++ : max - 1], sizeof *t->actions, "%s", what);
	erase();
	screen_bar(t, 0, t->wizard ? t->wizard->title : "rescuewiz", "writing");
	attron(A_BOLD);
	mvaddstr(2, 2, "Writing the edits");
	attroff(A_BOLD);
	for (size_t i = 0, y = 4; i < t->nactions && (int)y < LINES - 5; i++) {
		mvaddstr((int)y, 2, i + 1 == t->nactions ? ">" : " ");
		y = (size_t)screen_text((int)y, 4, t->actions[i], 2);
	}
	char count[32];
	snprintf(count, sizeof count, " %u of %u done", done, total);
	screen_gauge(t, LINES - 3, 2, COLS - 4 - (int)strlen(count), done, total ? total : 1);
	addstr(count);
	screen_bar(t, LINES - 1, "Please wait: do not detach the disk", NULL);
	refresh();
}
