#include "tui/choices.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/screen.h"

#define MARK "> "
#define DETAIL_ROWS 2

/* Each item's userptr is its option index; detail rows point at their option's index too, negated - 1. */
static int option_of(const ITEM *it)
{
	intptr_t v = (intptr_t)item_userptr(it);
	return v >= 0 ? (int)v : (int)(-v - 1);
}

static bool is_detail(const ITEM *it)
{
	return (intptr_t)item_userptr(it) < 0;
}

/* A row of at most `width` columns; a UTF-8 sequence is never cut. */
static char *row(const char *text, int width)
{
	char shown[4 * 300];
	screen_clean(text, shown, sizeof shown, false);
	char *r = strdup(shown);
	if (!r)
		return NULL;
	size_t n = strlen(r);
	if (n > (size_t)width) {
		n = (size_t)width;
		while (n > 0 && ((unsigned char)r[n] & 0xc0) == 0x80)
			n--;
		r[n] = '\0';
	}
	return r;
}

static int add(struct choices *c, const char *text, int width, intptr_t userptr)
{
	char *r = row(*text ? text : " ", width);
	ITEM *it = r ? new_item(r, "") : NULL;
	if (!it) {
		free(r);
		return -1;
	}
	set_item_userptr(it, (void *)userptr);
	if (userptr < 0)
		item_opts_off(it, O_SELECTABLE);
	c->texts[c->nitems] = r;
	c->items[c->nitems++] = it;
	return 0;
}

static int fill(struct choices *c, const struct fe_question *q, int width)
{
	size_t most = ((size_t)q->noptions + 1) * (1 + DETAIL_ROWS) + 1;
	c->items = calloc(most, sizeof *c->items);
	c->texts = calloc(most, sizeof *c->texts);
	if (!c->items || !c->texts)
		return -1;
	for (int i = 0; i < (int)q->noptions; i++) {
		char label[300], detail[220];
		snprintf(label, sizeof label, "%s%s", q->options[i].label, i == q->recommended ? "  (recommended)" : "");
		if (add(c, label, width, i) != 0)
			return -1;
		/* the detail wrapped to two rows at most, each its own item */
		const char *p = q->options[i].detail, *next;
		for (int r = 0; *p && r < DETAIL_ROWS; r++, p = next) {
			int n = screen_wrap(p, r + 1 < DETAIL_ROWS ? width - 2 : (int)strlen(p), &next);
			snprintf(detail, sizeof detail, "  %.*s", n, p);
			if (add(c, detail, width, -(intptr_t)i - 1) != 0)
				return -1;
		}
	}
	if (q->free_text && add(c, "Type another answer...", width, (intptr_t)q->noptions) != 0)
		return -1;
	return 0;
}

int choices_show(struct choices *c, const struct fe_question *q, int selected, int y)
{
	memset(c, 0, sizeof *c);
	int rows = LINES - 3 - y, width = COLS - 4 - (int)strlen(MARK);
	if (rows < 1 || fill(c, q, width) != 0 || !c->nitems)
		return -1;
	c->menu = new_menu(c->items);
	c->sub = derwin(stdscr, rows, COLS - 4, y, 2);
	if (!c->menu || !c->sub)
		return -1;
	set_menu_win(c->menu, stdscr);
	set_menu_sub(c->menu, c->sub);
	set_menu_format(c->menu, rows, 1);
	set_menu_mark(c->menu, MARK);
	set_menu_fore(c->menu, A_REVERSE);
	set_menu_grey(c->menu, A_NORMAL);
	menu_opts_off(c->menu, O_SHOWDESC);
	menu_opts_on(c->menu, O_NONCYCLIC);
	if (post_menu(c->menu) != E_OK)
		return -1;
	/* the option's detail row first, then its label: both end up on the screen */
	for (int i = c->nitems - 1; i >= 0; i--)
		if (option_of(c->items[i]) == selected) {
			set_current_item(c->menu, c->items[i]);
			if (!is_detail(c->items[i]))
				break;
		}
	c->more = c->nitems > rows;
	return 0;
}

int choices_move(struct choices *c, int request)
{
	bool up = request == REQ_UP_ITEM || request == REQ_SCR_UPAGE || request == REQ_FIRST_ITEM;
	menu_driver(c->menu, request);
	while (is_detail(current_item(c->menu)) && menu_driver(c->menu, up ? REQ_UP_ITEM : REQ_DOWN_ITEM) == E_OK)
		;
	/* detail rows at the end of the list: back up to their option */
	while (is_detail(current_item(c->menu)) && menu_driver(c->menu, REQ_UP_ITEM) == E_OK)
		;
	return option_of(current_item(c->menu));
}

void choices_free(struct choices *c)
{
	if (c->menu) {
		unpost_menu(c->menu);
		free_menu(c->menu);
	}
	for (int i = 0; i < c->nitems; i++) {
		free_item(c->items[i]);
		free(c->texts[i]);
	}
	free(c->items);
	free(c->texts);
	if (c->sub)
		delwin(c->sub);
	memset(c, 0, sizeof *c);
}
