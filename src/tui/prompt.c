#include "tui/prompt.h"

#include <ctype.h>
#include <form.h>
#include <stdio.h>
#include <string.h>

#include "tui/screen.h"

static const struct {
	int key, request;
} edits[] = {
	{KEY_LEFT, REQ_PREV_CHAR}, {KEY_RIGHT, REQ_NEXT_CHAR}, {KEY_HOME, REQ_BEG_LINE}, {KEY_END, REQ_END_LINE},
	{KEY_BACKSPACE, REQ_DEL_PREV}, {127, REQ_DEL_PREV}, {8, REQ_DEL_PREV}, {KEY_DC, REQ_DEL_CHAR},
};

static int request_of(int key)
{
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++)
		if (edits[i].key == key)
			return edits[i].request;
	return key >= 32 && key < 127 ? key : -1;
}

/* The field's buffer without the blanks libform pads it with. */
static void copy_out(FIELD *f, char *out, size_t len)
{
	const char *b = field_buffer(f, 0);
	while (b && *b == ' ')
		b++;
	snprintf(out, len, "%s", b ? b : "");
	size_t n = strlen(out);
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		out[--n] = '\0';
}

int prompt_line(struct tui *t, const char *label, char *out, size_t len)
{
	int y = LINES - 3, x = 3 + (int)strlen(label), width = COLS - x - 2;
	screen_bar(t, LINES - 1, "Enter accept  Esc cancel  Left/Right/Home/End/Backspace edit", NULL);
	move(y, 2);
	clrtoeol();
	attron(A_BOLD);
	addstr(label);
	attroff(A_BOLD);
	FIELD *fields[2] = {new_field(1, width > 8 ? width : 8, 0, 0, 0, 0), NULL};
	FORM *form = fields[0] ? new_form(fields) : NULL;
	WINDOW *sub = derwin(stdscr, 1, width > 8 ? width : 8, y, x);
	int reply = PROMPT_CANCEL;
	if (form && sub) {
		field_opts_off(fields[0], O_STATIC | O_AUTOSKIP);
		set_max_field(fields[0], (int)len - 1);
		set_field_back(fields[0], A_UNDERLINE);
		set_form_win(form, stdscr);
		set_form_sub(form, sub);
		post_form(form);
		/* what was typed before a resize comes back, the cursor after it */
		set_field_buffer(fields[0], 0, out);
		form_driver(form, REQ_END_LINE);
		curs_set(1);
		refresh();
		pos_form_cursor(form);
		wrefresh(sub);
		for (int c; (c = getch()) != KEY_ESCAPE;) {
			/* out follows every key: after a resize the field's window can no longer be trusted */
			if (c == '\n' || c == KEY_ENTER || c == KEY_RESIZE) {
				reply = c == KEY_RESIZE ? PROMPT_RESIZED : PROMPT_OK;
				break;
			}
			int request = request_of(c);
			if (request >= 0 && form_driver(form, request) == E_OK) {
				form_driver(form, REQ_VALIDATION);
				copy_out(fields[0], out, len);
			}
			pos_form_cursor(form);
			wrefresh(sub);
		}
		curs_set(0);
		unpost_form(form);
	}
	if (form)
		free_form(form);
	if (fields[0])
		free_field(fields[0]);
	if (sub)
		delwin(sub);
	return reply;
}
