/* The choices of a step as an ncurses menu (libmenu): each option is a row with its label and up to two rows
 * with its detail (what it boots, where it is), which the cursor never stops on; "Type another answer..." is the
 * last row when the step takes typed answers. libmenu items are one row each, hence an item per row.
 * Internal to src/tui/. */
#ifndef RW_TUI_CHOICES_H
#define RW_TUI_CHOICES_H

#include <menu.h>

#include "engine/frontend.h"
#include "tui/tui.h"

struct choices {
	MENU *menu;
	ITEM **items;
	char **texts;
	int nitems;
	WINDOW *sub;
	bool more;    /* not every row fits: the status bar says so */
};

/* Builds and posts the menu in the rows from y to the one above the prompt row, `selected` (an option
 * index, or noptions for the typed answer) current. 0, or -1 when there is no room or no memory. */
int choices_show(struct choices *c, const struct fe_question *q, int selected, int y);
/* Moves with a menu request (REQ_DOWN_ITEM, REQ_SCR_DPAGE, ...) past detail rows; returns the option now
 * current. */
int choices_move(struct choices *c, int request);
void choices_free(struct choices *c);

#endif
