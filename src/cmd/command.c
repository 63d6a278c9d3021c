#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "core/utf16.h"

const char *command_text(const char *s, char *buf, size_t len)
{
	utf8_printable(s, buf, len);
	return buf;
}

int command_fail(int exit_code, const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* a refusal lists its reasons one per line (each made printable where it was written): the lines stay
	 * lines, and nothing in them reaches the terminal raw */
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char shown[4096];
		fprintf(stderr, "%s%s\n", line == text ? "rescuewiz: " : "", command_text(line, shown, sizeof shown));
	}
	return exit_code;
}
