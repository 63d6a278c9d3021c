/* Arguments of commands.txt: bare when they are plain words, quoted by cmd.exe's rules in a batch file
 * otherwise, refused (a REM line instead) when no quoting is safe. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "plan/cmdline.h"

static void quoted_as(const char *in, bool quote, const char *want)
{
	char out[256];
	const char *why = NULL;
	assert_int_equal(cmdline_quote(in, quote, out, sizeof out, &why), 0);
	assert_string_equal(out, want);
}

static void refused_for(const char *in, const char *reason)
{
	char out[256];
	const char *why = NULL;
	assert_int_equal(cmdline_quote(in, false, out, sizeof out, &why), -1);
	if (!why || !strstr(why, reason))
		fail_msg("'%s': '%s' does not say %s", in, why ? why : "", reason);
}

static void plain_words_stay_bare(void **state)
{
	(void)state;
	quoted_as("NMICrashDump", false, "NMICrashDump");
	quoted_as("{11111111-2222-3333-4444-555555555555}", false, "{11111111-2222-3333-4444-555555555555}");
	quoted_as("NMICrashDump", true, "\"NMICrashDump\"");
	quoted_as("", false, "\"\"");
}

static void cmd_exe_s_special_characters_are_taken_literally_inside_quotes(void **state)
{
	(void)state;
	quoted_as("a&calc&b", false, "\"a&calc&b\"");
	quoted_as("x|y<z>w^v(u)!t,s;r=q", false, "\"x|y<z>w^v(u)!t,s;r=q\"");
	quoted_as("My Value", false, "\"My Value\"");
}

static void a_percent_sign_is_doubled_for_the_batch_file(void **state)
{
	(void)state;
	quoted_as("%SystemRoot%\\MEMORY.DMP", false, "\"%%SystemRoot%%\\MEMORY.DMP\"");
	quoted_as("100%", true, "\"100%%\"");
}

static void backslashes_before_the_closing_quote_are_doubled(void **state)
{
	(void)state;
	/* the C runtime reads \" as a quote: C:\dir\" would not end the argument */
	quoted_as("C:\\dir\\", true, "\"C:\\dir\\\\\"");
	quoted_as("C:\\dir\\\\", true, "\"C:\\dir\\\\\\\\\"");
	quoted_as("C:\\a\\b", true, "\"C:\\a\\b\"");
}

static void what_can_not_be_quoted_is_refused(void **state)
{
	(void)state;
	refused_for("a\" & calc & \"b", "a double quote");
	refused_for("line\nREG DELETE HKLM /f", "control character");
	refused_for("a\rb", "control character");
	refused_for("tab\there", "control character");
	refused_for("$(calc)", "dollar sign");
	refused_for("a`nb", "backtick");
	refused_for("a\xe2\x80\x9c; calc; \xe2\x80\x9d", "typographic double quote");
}

static void an_argument_too_long_is_refused_not_cut(void **state)
{
	(void)state;
	char out[8];
	const char *why = NULL;
	assert_int_equal(cmdline_quote("abc%def", true, out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "more than one command line holds"));
}

static void a_command_with_a_refused_part_is_a_rem_line_without_the_part(void **state)
{
	(void)state;
	struct cmdline c;
	char out[1400];
	cmdline_start(&c, "REG ADD");
	cmdline_arg(&c, "the key", "HKLM\\BROKENSYSTEM\\Select", true);
	cmdline_word(&c, "/v");
	cmdline_arg(&c, "the value name", "X", false);
	cmdline_word(&c, "/d");
	cmdline_arg(&c, "the data", "%x%\" & del /q C:\\* & \"", true);
	cmdline_word(&c, "/f");
	cmdline_finish(&c, out, sizeof out);
	assert_int_equal(strncmp(out, "REM left out: the data of this edit holds a double quote", 56), 0);
	/* nothing cmd.exe or PowerShell would act on, even in a REM line */
	assert_null(strpbrk(out, "%^;|&()$`\"<>"));
	cmdline_start(&c, "REG ADD");
	cmdline_arg(&c, "the key", "HKLM\\BROKENSYSTEM\\Select", true);
	cmdline_word(&c, "/f");
	cmdline_finish(&c, out, sizeof out);
	assert_string_equal(out, "REG ADD \"HKLM\\BROKENSYSTEM\\Select\" /f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_words_stay_bare),
		cmocka_unit_test(cmd_exe_s_special_characters_are_taken_literally_inside_quotes),
		cmocka_unit_test(a_percent_sign_is_doubled_for_the_batch_file),
		cmocka_unit_test(backslashes_before_the_closing_quote_are_doubled),
		cmocka_unit_test(what_can_not_be_quoted_is_refused),
		cmocka_unit_test(an_argument_too_long_is_refused_not_cut),
		cmocka_unit_test(a_command_with_a_refused_part_is_a_rem_line_without_the_part),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
