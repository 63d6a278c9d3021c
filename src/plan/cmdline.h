/* The Windows commands of commands.txt, built so that no string from the disk or typed by the operator can
 * become a command of its own. commands.txt is a batch file run by cmd.exe; REG.EXE and bcdedit.exe split
 * their command line by the C runtime's rules; someone may paste a line into PowerShell. The rules used:
 *
 *  - An argument that is only letters, digits and - _ . : \ { } is written bare (a GUID, a value name).
 *  - Anything else goes in double quotes, where cmd.exe takes & | < > ^ ( ) ! , ; = literally (ss64.com,
 *    "Escape Characters, Delimiters and Quotes"; ! too, as commands.txt turns delayed expansion off).
 *  - % is expanded by cmd.exe even inside quotes; a batch file writes a literal % as %% (Rob van der
 *    Woude, "Escape Characters").
 *  - The C runtime takes backslashes before a double quote as escapes: 2n of them and the quote give n and
 *    the end of the argument (Microsoft, "Parsing C Command-Line Arguments"), so the backslashes that end a
 *    quoted argument are doubled.
 *  - Refused, with the reason: a double quote (cmd.exe toggles its quoting on every one while the C runtime
 *    wants \" or "" with rules that changed between versions, so the two disagree on where an & starts a
 *    command); control characters (a line break ends the command in cmd.exe); $ and ` (PowerShell expands
 *    $(...) and ` inside double quotes) and the typographic double quotes PowerShell takes for ".
 *
 * A command with a refused argument is written as a REM line that says which part and why, and that holds
 * no string of the edit at all (cmd.exe expands % in REM lines too, and a ^ at the end would continue it). */
#ifndef RW_PLAN_CMDLINE_H
#define RW_PLAN_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* The argument as commands.txt holds it (bare, or quoted when `quote` or when it needs it): 0, or -1 with
 * why ("a double quote") when it can not be written safely. */
int cmdline_quote(const char *s, bool quote, char *out, size_t len, const char **why);

struct cmdline {
	char text[1400];
	const char *bad_part; /* the first argument that could not be written ("the data"), NULL when none */
	const char *why;
};

void cmdline_start(struct cmdline *c, const char *program);
/* One of our own words ("/v", "/f", "/set"), as it is. */
void cmdline_word(struct cmdline *c, const char *word);
/* An argument from the edit; part names it in the REM line when it can not be written ("the value name"). */
void cmdline_arg(struct cmdline *c, const char *part, const char *value, bool quote);
/* The command, or the REM line that replaces it. */
void cmdline_finish(const struct cmdline *c, char *out, size_t len);

#endif
