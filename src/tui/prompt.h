/* A line typed by the operator at the bottom of a screen (libform): a disk path, a RAM size, a dump path,
 * the word apply. Left/Right, Home/End, Backspace and Delete edit it; long text scrolls. Internal to src/tui/. */
#ifndef RW_TUI_PROMPT_H
#define RW_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/tui.h"

enum prompt_reply { PROMPT_OK, PROMPT_CANCEL, PROMPT_RESIZED };

/* The line starts with what `out` holds. PROMPT_OK with the text (blanks around it removed) on Enter,
 * PROMPT_CANCEL on Esc, PROMPT_RESIZED with the text so far when the terminal changed size: the caller draws
 * its screen again and asks once more with the same `out`. */
int prompt_line(struct tui *t, const char *label, char *out, size_t len);

#endif
