/* One file per command (cmd/<name>.c), each a table entry plus one function, as tmux does. */
#ifndef RW_CMD_COMMAND_H
#define RW_CMD_COMMAND_H

#include <stddef.h>

struct command {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(int argc, char **argv);
};

extern const struct command cmd_inspect;
extern const struct command cmd_validate;
extern const struct command cmd_run;
extern const struct command cmd_rollback;
extern const struct command cmd_wizard;
extern const struct command cmd_triage;
extern const struct command cmd_train;
extern const struct command cmd_build_disk;

/* Prints "rescuewiz: <message>" to stderr and returns exit_code: the one way commands report failures. Each
 * line of the message is printed printable (core/utf16.h). */
int command_fail(int exit_code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text from the disk or the operator as a command prints it (utf8_printable into buf); returns buf. */
const char *command_text(const char *s, char *buf, size_t len);

#endif
