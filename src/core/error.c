#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/utf16.h"

int rw_fail(struct rw_error *e, int exit_code, const char *fmt, ...)
{
	if (e) {
		/* a message is one line of prose for people, and often names what came from the disk (a path, a
		 * value): shown on a terminal, in a report, in the runbook, so made printable once, here */
		char text[sizeof e->text];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(text, sizeof text, fmt, ap);
		va_end(ap);
		utf8_printable(text, e->text, sizeof e->text);
		e->exit_code = exit_code;
	}
	return -1;
}
