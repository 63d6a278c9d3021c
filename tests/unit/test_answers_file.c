/* answers.yaml, written with libyaml's emitter, read back by an independent parser (PyYAML's safe_load, run
 * with /usr/bin/python3): every answer comes back as the same bytes, as text, under the same step. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runbook/answers_file.h"

static char dir[] = "/tmp/rescuewiz-test-answers.XXXXXX";
static char yaml_file[300], script[300];

/* Prints the keys of the document, then "wizard TYPE HEX" and "ID TYPE HEX" per answer, in file order:
 * HEX is the UTF-8 of a string, so any difference of one byte shows. */
static const char reader[] =
	"import sys, yaml\n"
	"def show(v):\n"
	"    return type(v).__name__ + ' ' + (v.encode('utf-8').hex() if isinstance(v, str) else repr(v))\n"
	"with open(sys.argv[1], 'rb') as f:\n"
	"    doc = yaml.safe_load(f)\n"
	"print('keys', ' '.join(sorted(doc)))\n"
	"print('wizard', show(doc['wizard']))\n"
	"for k, v in doc['answers'].items():\n"
	"    print(k, show(v))\n";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(yaml_file, sizeof yaml_file, "%s/answers.yaml", dir);
	snprintf(script, sizeof script, "%s/read.py", dir);
	FILE *f = fopen(script, "w");
	if (!f)
		return -1;
	fputs(reader, f);
	return fclose(f);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static int write_file(const char *wizard, const char *const *ids, const char *const *values, size_t n,
		      struct rw_error *e)
{
	FILE *f = fopen(yaml_file, "w");
	assert_non_null(f);
	int rc = answers_file_write(f, wizard, ids, values, n, e);
	assert_int_equal(fclose(f), 0);
	return rc;
}

static void append_hex(char *out, size_t len, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		snprintf(out + strlen(out), len - strlen(out), "%02x", *p);
}

/* What the reader must print for these answers. */
static void expected_lines(const char *wizard, const char *const *ids, const char *const *values, size_t n,
			   char *out, size_t len)
{
	snprintf(out, len, "keys answers wizard\nwizard str ");
	append_hex(out, len, wizard);
	for (size_t i = 0; i < n; i++) {
		snprintf(out + strlen(out), len - strlen(out), "\n%s str ", ids[i]);
		append_hex(out, len, values[i]);
	}
	snprintf(out + strlen(out), len - strlen(out), "\n");
}

static void pyyaml_reads(char *out, size_t len)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' 2>&1", script, yaml_file);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	if (status != 0)
		fail_msg("PyYAML could not read the answers file (status %d): %s", status, out);
}

static void first_line(char *out, size_t len)
{
	FILE *f = fopen(yaml_file, "r");
	assert_non_null(f);
	assert_non_null(fgets(out, (int)len, f));
	fclose(f);
}

static void every_answer_reads_back_byte_for_byte(void **state)
{
	(void)state;
	static const char *const ids[] = {"apostrophe", "quotes", "colon_hash", "newline", "non_ascii", "star",
					  "percent", "yes_word", "number", "null_word", "spaces", "tab_and_control",
					  "next_line_chars", "empty", "braces", "trailing_newline"};
	static const char *const values[] = {
		"F:\\Bob's\\MEMORY.DMP", "say \"hi\"", "a: b # c", "line one\nline two", "F:\\Gr\xc3\xb6\xc3\x9f" "e\\",
		"*star", "%SystemRoot%\\MEMORY.DMP", "yes", "8", "null", "  both ends  ", "a\tb\x01\x7f" "c",
		"nel\xc2\x85ls\xe2\x80\xa8ps\xe2\x80\xa9", "", "{not: a map}", "ends with a break\n",
	};
	size_t n = sizeof ids / sizeof *ids;
	struct rw_error e = {0};
	assert_int_equal(write_file("nmi-crash-dump", ids, values, n, &e), 0);
	char want[8192], got[8192];
	expected_lines("nmi-crash-dump", ids, values, n, want, sizeof want);
	pyyaml_reads(got, sizeof got);
	assert_string_equal(got, want);
}

static void first_line_says_how_to_replay(void **state)
{
	(void)state;
	static const char *const ids[] = {"space"};
	static const char *const values[] = {"8192M"};
	struct rw_error e = {0};
	assert_int_equal(write_file("nmi-crash-dump", ids, values, 1, &e), 0);
	char line[256];
	first_line(line, sizeof line);
	assert_string_equal(line, "# Replays this run: rescuewiz run nmi-crash-dump --disk DISK --answers answers.yaml\n");
}

/* LF, CR and the line separator (U+2028) would each end the comment early: the rest of the name would be
 * YAML, here a second "answers" key */
static void line_breaks_in_the_wizard_name_stay_in_the_comment(void **state)
{
	(void)state;
	static const char wizard[] = "odd\nanswers: {x: 1}\r\xe2\x80\xa8name";
	static const char *const ids[] = {"dump"};
	static const char *const values[] = {"D:\\MEMORY.DMP"};
	struct rw_error e = {0};
	assert_int_equal(write_file(wizard, ids, values, 1, &e), 0);
	char line[256], want[1024], got[1024];
	first_line(line, sizeof line);
	assert_string_equal(line, "# Replays this run: rescuewiz run oddanswers: {x: 1}name --disk DISK --answers "
				  "answers.yaml\n");
	expected_lines(wizard, ids, values, 1, want, sizeof want);
	pyyaml_reads(got, sizeof got);
	assert_string_equal(got, want);
}

static void no_answers_is_an_empty_map(void **state)
{
	(void)state;
	struct rw_error e = {0};
	assert_int_equal(write_file("nmi-crash-dump", NULL, NULL, 0, &e), 0);
	char want[512], got[512];
	expected_lines("nmi-crash-dump", NULL, NULL, 0, want, sizeof want);
	pyyaml_reads(got, sizeof got);
	assert_string_equal(got, want);
}

/* YAML holds UTF-8 only: an answer typed in Latin-1 is refused by name, not written half */
static void answer_that_is_not_utf8_is_refused_naming_its_step(void **state)
{
	(void)state;
	static const char *const ids[] = {"space", "dump"};
	static const char *const values[] = {"8192M", "F:\\Gr\xf6\xdf" "e\\MEMORY.DMP"};
	struct rw_error e = {0};
	assert_int_equal(write_file("nmi-crash-dump", ids, values, 2, &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_USAGE);
	assert_string_equal(e.text, "answers.yaml: the answer for step 'dump' can not be written: it is not UTF-8 text");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_answer_reads_back_byte_for_byte),
		cmocka_unit_test(first_line_says_how_to_replay),
		cmocka_unit_test(line_breaks_in_the_wizard_name_stay_in_the_comment),
		cmocka_unit_test(no_answers_is_an_empty_map),
		cmocka_unit_test(answer_that_is_not_utf8_is_refused_naming_its_step),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
