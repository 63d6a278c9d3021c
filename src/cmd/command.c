#include <stdarg.h>
#include <stdio.h>

#include "cmd/command.h"

int command_fail(int exit_code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("rescuewiz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return exit_code;
}
