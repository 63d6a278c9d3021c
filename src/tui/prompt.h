/* A line typed by the operator at the bottom of a screen (libform): a disk path, a RAM size, a dump path,
 * the word apply. Left/Right, Home/End, Backspace and Delete edit it; long text scrolls. Internal to src/tui/. */
#ifndef RW_TUI_PROMPT_H
#define RW_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/tui.h"

/* true with the text (blanks around it removed) when Enter ended it, false on Esc */
bool prompt_line(struct tui *t, const char *label, char *out, size_t len);

#endif
