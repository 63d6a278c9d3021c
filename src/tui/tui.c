/* The step screens: what was detected, the space gauge, warnings, the choices; the keys every step takes
 * (Esc back, F1/? help, q quit). The screens ask what the engine asks (engine/frontend.h) and hold no wizard
 * logic: every word of the question comes from the step kind. */
#include "tui/tui.h"

#include <stdio.h>
#include <string.h>

#include "engine/answers.h"
#include "report/report.h"
#include "tui/choices.h"
#include "tui/prompt.h"
#include "tui/review.h"
#include "tui/screen.h"

#define KEYS "Up/Down move  Enter choose  Esc back  F1 help  q quit"
#define KEYS_HINT "Up/Down move  Enter choose  Esc back  F1 help  h hint  q quit"
#define KEYS_OF(t) ((t)->hint ? KEYS_HINT : KEYS)

/* check-space: what the volume has against what the dump needs, as a bar with both sizes after it */
static int draw_space(struct tui *t, const struct fe_question *q, int y)
{
	if (!q->has_gauge || !q->gauge_need)
		return y;
	char have[32], need[32], text[96];
	snprintf(text, sizeof text, " %s free, %s needed", report_size(q->gauge_have, have, sizeof have),
		 report_size(q->gauge_need, need, sizeof need));
	int width = COLS - 4 - (int)strlen(text);
	screen_gauge(t, y, 2, width > 12 ? width : 12, q->gauge_have, q->gauge_need);
	addnstr(text, COLS - 2 - getcurx(stdscr));
	return y + 2;
}

/* The step's facts, the space bar, the warning and why the last answer was refused; returns the next row. */
static int draw_facts(struct tui *t, const struct fe_question *q)
{
	screen_frame(t, q->step, q->number, q->total, KEYS_OF(t));
	int y = screen_text(4, 2, q->detected, 6) + 1;
	y = draw_space(t, q, y);
	attron(screen_warning(t));
	if (*q->warning)
		y = screen_text(y, 2, q->warning, 4) + 1;
	if (*q->error)
		y = screen_text(y, 2, q->error, 3) + 1;
	attroff(screen_warning(t));
	return y;
}

/* Back at a step, the answer given before; else the recommended one. */
static int first_choice(const struct fe_question *q)
{
	for (size_t i = 0; *q->previous && i < q->noptions; i++)
		if (!strcmp(q->options[i].value, q->previous))
			return (int)i;
	return q->recommended >= 0 ? q->recommended : 0;
}

static int request_of(int key)
{
	switch (key) {
	case KEY_DOWN: return REQ_DOWN_ITEM;
	case KEY_UP: return REQ_UP_ITEM;
	case KEY_NPAGE: return REQ_SCR_DPAGE;
	case KEY_PPAGE: return REQ_SCR_UPAGE;
	case KEY_HOME: return REQ_FIRST_ITEM;
	case KEY_END: return REQ_LAST_ITEM;
	default: return -1;
	}
}

/* One key on a step screen: -1 to stay, else the reply; *selected follows the cursor, *typing starts the
 * line for a typed answer. */
static int step_key(struct tui *t, const struct fe_question *q, struct choices *c, int key, int *selected,
		    char *answer, size_t len, bool *typing)
{
	if (request_of(key) >= 0) {
		if (c->menu)
			*selected = choices_move(c, request_of(key));
		return -1;
	}
	if (key == KEY_F(1) || key == '?')
		screen_help(t, q);
	else if (key == 'h' && t->hint)
		tui_message(t, "Hint", t->hint(t->hint_ctx));
	else if (key == KEY_ESCAPE)
		return FE_BACK;
	else if (key == 'q' && screen_confirm_quit(t))
		return FE_QUIT;
	else if ((key == '\n' || key == KEY_ENTER) && *selected < (int)q->noptions) {
		snprintf(answer, len, "%s", q->options[*selected].value);
		return FE_OK;
	} else if (key == '\n' || key == KEY_ENTER) {
		*answer = '\0';
		*typing = true;
	}
	return -1;
}

static int ask(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source)
{
	struct tui *t = ctx;
	screen_start(t);
	/* the back end ran between two questions: a mount helper may have written to the terminal */
	clearok(curscr, TRUE);
	*source = ANSWER_OPERATOR;
	if (q->plan)
		return review_ask(t, q, answer, len);
	int selected = first_choice(q), reply = -1;
	bool typing = false;
	while (reply < 0) {
		if (!screen_fits()) {
			getch();
			continue;
		}
		struct choices c;
		if (choices_show(&c, q, selected, draw_facts(t, q)) == 0 && c.more)
			screen_bar(t, LINES - 1, KEYS_OF(t), "more: Up/Down");
		refresh();
		if (typing) {
			int typed = prompt_line(t, q->free_text_prompt, answer, len);
			typing = typed == PROMPT_RESIZED;
			reply = typed == PROMPT_OK && *answer ? FE_OK : -1;
		} else {
			reply = step_key(t, q, &c, getch(), &selected, answer, len, &typing);
		}
		choices_free(&c);
	}
	return reply;
}

int tui_ask(struct tui *t, const struct fe_question *q, char *answer, size_t len)
{
	int source;
	return ask(t, q, answer, len, &source);
}

void tui_frontend(struct tui *t, struct frontend *fe)
{
	memset(fe, 0, sizeof *fe);
	fe->ctx = t;
	fe->ask = ask;
	fe->progress = tui_progress;
}
