/* The ncurses front end: one screen per wizard step, driven by the same engine as the batch front end
 * (engine/frontend.h); no wizard logic here. Works at 80x24 and larger, survives resizes, without colour
 * (NO_COLOR, monochrome terminals) and in ASCII-only locales, and gives the terminal back on every exit. */
#ifndef RW_TUI_TUI_H
#define RW_TUI_TUI_H

#include "engine/frontend.h"
#include "wizard/discover.h"
#include "wizard/wizard.h"

struct tui {
	const struct wizard *wizard;
	bool started;
	bool colour;
	bool utf8;             /* the locale's character set; else only ASCII is drawn */
	char actions[12][160]; /* apply: the actions begun so far, for the progress screen */
	size_t nactions;
	/* training mode: h on a step screen shows the text this gives (the next hint, which it counts) */
	const char *(*hint)(void *ctx);
	void *hint_ctx;
};

/* Starts curses (once) and fills fe with the TUI's callbacks. */
void tui_frontend(struct tui *t, struct frontend *fe);
/* A full-screen message (result, error) until a key is pressed. */
void tui_message(struct tui *t, const char *title, const char *text);
/* The same without waiting: a screen shown while slow work goes on. */
void tui_message_nowait(struct tui *t, const char *title, const char *text);
/* The progress screen of apply (struct frontend's progress). */
void tui_progress(void *ctx, const char *what, unsigned done, unsigned total);
void tui_end(struct tui *t);
/* One question outside a wizard (the start screens). */
int tui_ask(struct tui *t, const struct fe_question *q, char *answer, size_t len);
/* The crash dumps of a disk (a device, an image, or the folder of a mounted Windows volume) on a screen of
 * their own, read-only; `wizard` gets the name of the wizard the newest complete dump calls for ("" none).
 * FE_BACK, or FE_QUIT when the operator quits there. */
int tui_triage(struct tui *t, const char *disk, char *wizard, size_t wizard_len);
/* The start screens: the disk (when *disk is empty) and the wizard, matched by the symptom the operator
 * picks or types. FE_OK with both filled, FE_QUIT, FE_FAIL with e (no wizard could be loaded). */
int tui_start_screens(struct tui *t, const struct wizard_folders *folders, char *disk, size_t disk_len, char *wizard,
		      size_t wizard_len, struct rw_error *e);

#endif
