/* The apply step's screen: every edit as before -> after (or as the Windows command, key c), grouped by
 * hive, scrolled as one list of rows; apply only after the operator typed the word. Internal to src/tui/. */
#ifndef RW_TUI_REVIEW_H
#define RW_TUI_REVIEW_H

#include <stddef.h>

#include "engine/frontend.h"
#include "tui/tui.h"

/* FE_OK with "apply" in answer, FE_BACK, FE_QUIT */
int review_ask(struct tui *t, const struct fe_question *q, char *answer, size_t len);

#endif
