/* Answers files of a batch run (batch_load): each broken one is refused with file:line:column and what is
 * wrong, keeping nothing (ASan's leak check fails the test otherwise). Rows marked "fuzz" hold inputs that
 * fuzz_answers found (tests/fuzz/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"
#include "snapshot_fake.h"

#define WIZARD                                                                                                 \
	"wizard: x\ntitle: t\nsteps:\n  - id: console\n    kind: confirm\n    title: C\n    choices:\n"          \
	"      - {value: 'yes', label: 'Yes'}\n      - {value: 'no', label: 'No'}\n"                             \
	"  - id: apply\n    kind: apply\n    title: A\n    edits:\n"                                              \
	"      - bcd: {object: '{bootmgr}', set: {bootems: true}}\n"

static const struct {
	const char *name, *yaml, *message; /* message without the "file:" prefix */
} broken[] = {
	/* fuzz: the document of an empty file was kept */
	{"empty file", "", "1:1: the file is empty"},
	{"syntax error", "answers: [\n", "2:1: did not find expected node content while parsing a flow node"},
	{"another wizard's answers", "wizard: y\nanswers: {}\n", "1:9: these answers are for wizard 'y', not 'x'"},
	{"unknown step", "answers: {nmi: yes}\n", "1:11: wizard 'x' has no step 'nmi'"},
	{"answer that is a list", "answers: {console: [yes]}\n",
	 "1:20: the answer for step 'console' must be a single value"},
	{"answer given through an alias", "wizard: &w x\nanswers: {console: *w}\n",
	 "1:9: this value is used again through an alias (*name): write it out where it is needed, rescuewiz files take no aliases"},
};

static void broken_answers_name_file_line_and_column(void **state)
{
	(void)state;
	struct wizard w;
	fake_wizard(&w, WIZARD);
	char path[] = "/tmp/rescuewiz-test-answers.XXXXXX";
	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, broken[i].yaml, strlen(broken[i].yaml)), (ssize_t)strlen(broken[i].yaml));
		close(fd);
		struct batch b = {0};
		struct rw_error e = {0};
		int rc = batch_load(&b, path, &w, &e);
		batch_free(&b);
		unlink(path);
		if (rc != -1 || strncmp(e.text, path, strlen(path)) || strcmp(e.text + strlen(path) + 1, broken[i].message))
			fail_msg("%s: expected '%s', got %d '%s'", broken[i].name, broken[i].message, rc, e.text);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	wizard_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(broken_answers_name_file_line_and_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
