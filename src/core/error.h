/* Errors are values: a function that fails fills a struct rw_error with the exit code class and a message
 * that says what was expected, what was found, where, and what to do. Nothing below main() prints. */
#ifndef RW_CORE_ERROR_H
#define RW_CORE_ERROR_H

enum rw_exit {
	RW_EXIT_OK = 0,
	RW_EXIT_CANCELLED = 1, /* operator cancelled, or nothing to do */
	RW_EXIT_USAGE = 2,     /* bad command line, wizard or answers file */
	RW_EXIT_REFUSED = 3,   /* target refused: no Windows, BitLocker, hibernated, corrupt hive, ... */
	RW_EXIT_ROLLED_BACK = 4,
};

struct rw_error {
	int exit_code;
	char text[1024];
};

/* Fills *e (when e is not NULL) and returns -1, so callers can `return rw_fail(e, ...)`. The text is made
 * printable (core/utf16.h): control characters from the disk in it are shown as \xNN. */
int rw_fail(struct rw_error *e, int exit_code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
