#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

int rw_fail(struct rw_error *e, int exit_code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->text, sizeof e->text, fmt, ap);
		va_end(ap);
		e->exit_code = exit_code;
	}
	return -1;
}
