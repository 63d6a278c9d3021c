/* One file per command (cmd/<name>.c), each a table entry plus one function, as tmux does. */
#ifndef RW_CMD_COMMAND_H
#define RW_CMD_COMMAND_H

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

/* Prints "rescuewiz: <message>" to stderr and returns exit_code: the one way commands report failures. */
int command_fail(int exit_code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
