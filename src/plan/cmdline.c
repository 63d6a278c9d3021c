#include "plan/cmdline.h"

#include <stdio.h>
#include <string.h>

/* The reasons end up in a REM line: none of them holds a character cmd.exe or PowerShell would act on there
 * (% ^ ; | & ( ) $ `). */
#define TOO_LONG "more than one command line holds"

static bool is_bare(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.:\\{}", c);
}

/* Why s can not be an argument at all, NULL when it can be. */
static const char *refused(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"')
			return "a double quote, which cmd.exe and REG or bcdedit split differently";
		if (*p < 0x20 || *p == 0x7f)
			return "a line break or another control character, which ends or breaks a command line";
		if (*p == '$' || *p == '`')
			return "a dollar sign or a backtick, which PowerShell expands inside double quotes";
		/* U+201C, U+201D, U+201E: PowerShell takes them for a double quote */
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x9c && p[2] <= 0x9e)
			return "a typographic double quote, which PowerShell takes for a double quote";
	}
	return NULL;
}

static bool needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!is_bare(*p))
			return true;
	return false;
}

int cmdline_quote(const char *s, bool quote, char *out, size_t len, const char **why)
{
	*why = refused(s);
	if (*why)
		return -1;
	if (!quote && !needs_quotes(s)) {
		if (strlen(s) >= len)
			return *why = TOO_LONG, -1;
		snprintf(out, len, "%s", s);
		return 0;
	}
	size_t n = strlen(s), trailing = 0, percents = 0;
	while (trailing < n && s[n - 1 - trailing] == '\\')
		trailing++;
	for (size_t i = 0; i < n; i++)
		percents += s[i] == '%';
	if (n + percents + trailing + 3 > len) /* cut short, it would not be the edit's value any more */
		return *why = TOO_LONG, -1;
	size_t o = 0;
	out[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		/* %% is one % in a batch file; \\" is one \ and the end of the argument to the C runtime */
		if (s[i] == '%' || (s[i] == '\\' && i >= n - trailing))
			out[o++] = s[i];
		out[o++] = s[i];
	}
	out[o++] = '"';
	out[o] = '\0';
	return 0;
}

void cmdline_start(struct cmdline *c, const char *program)
{
	memset(c, 0, sizeof *c);
	snprintf(c->text, sizeof c->text, "%s", program);
}

void cmdline_word(struct cmdline *c, const char *word)
{
	size_t used = strlen(c->text);
	snprintf(c->text + used, sizeof c->text - used, " %s", word);
}

void cmdline_arg(struct cmdline *c, const char *part, const char *value, bool quote)
{
	char arg[sizeof c->text];
	const char *why;
	if (c->bad_part)
		return;
	size_t used = strlen(c->text);
	if (cmdline_quote(value, quote, arg, sizeof arg, &why) != 0 || used + 1 + strlen(arg) >= sizeof c->text) {
		c->bad_part = part;
		c->why = why ? why : TOO_LONG;
		return;
	}
	cmdline_word(c, arg);
}

void cmdline_finish(const struct cmdline *c, char *out, size_t len)
{
	if (c->bad_part)
		snprintf(out, len, "REM left out: %s of this edit holds %s - make this change by hand, runbook.md "
			 "lists it", c->bad_part, c->why);
	else
		snprintf(out, len, "%s", c->text);
}
