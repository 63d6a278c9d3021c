/* inspect --json without a disk: the candidate list is JSON that any parser reads back (jq here, an
 * independent one), whatever the disk's model string holds. The candidate comes from a fake sysfs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"

/* A quote, a backslash, a tab, SOH and ESC: what an unescaped printf would have broken */
static const char model[] = "Msft \"Virtual\" \\Disk\t\x01\x1b[7m";

static char root[] = "/tmp/rescuewiz-test-list.XXXXXX";
static char sys[300], proc[300], json_file[300];

static void put(const char *rel, const char *text)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	for (char *slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(sys, sizeof sys, "%s/sys", root);
	snprintf(proc, sizeof proc, "%s/proc", root);
	snprintf(json_file, sizeof json_file, "%s/list.json", root);
	char line[128];
	snprintf(line, sizeof line, "%s\n", model);
	put("sys/block/sdq/size", "4194304\n");
	put("sys/block/sdq/device/model", line);
	put("proc/self/mountinfo", "");
	put("proc/swaps", "Filename Type Size Used Priority\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd);
}

/* One value of the list as jq prints it raw (-j: no newline added), into out. */
static void jq_value(const char *filter, char *out, size_t len)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "jq -j '%s' '%s'", filter, json_file);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
}

static void write_list(const struct candidate *c, const struct snapshot *s, const char *problem)
{
	struct json_object *entries = json_object_new_array();
	json_object_array_add(entries, report_candidate_json(c, NULL, problem));
	json_object_array_add(entries, report_candidate_json(c, s, NULL));
	FILE *f = fopen(json_file, "w");
	assert_non_null(f);
	assert_int_equal(report_candidates_json(f, entries), 0);
	assert_int_equal(fclose(f), 0);
}

static void model_with_quote_backslash_and_control_characters_reads_back(void **state)
{
	(void)state;
	struct candidate *c = NULL;
	size_t n = 0;
	struct rw_error e;
	assert_int_equal(candidates_list(sys, proc, &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].model, model); /* the fake sysfs gave what this test means */
	struct snapshot *s = calloc(1, sizeof *s);
	assert_non_null(s);
	s->generation = 2;
	s->have_software = true;
	snprintf(s->software.product_name, sizeof s->software.product_name, "Windows \"Server\" \\ 2022");
	snprintf(s->software.current_build, sizeof s->software.current_build, "20348");
	s->software.ubr = 5;
	write_list(&c[0], s, "/dev/sdq: \"no\" \\ disk");
	char got[256];
	jq_value(".candidates | length", got, sizeof got);
	assert_string_equal(got, "2");
	jq_value(".candidates[0].model", got, sizeof got);
	assert_string_equal(got, model);
	jq_value(".candidates[0].path", got, sizeof got);
	assert_string_equal(got, "/dev/sdq");
	jq_value(".candidates[0].size", got, sizeof got);
	assert_string_equal(got, "2147483648");
	jq_value(".candidates[0].found", got, sizeof got);
	assert_string_equal(got, "/dev/sdq: \"no\" \\ disk");
	jq_value("[.candidates[].refused, .candidates[].generation, .candidates[0].windows] | map(tostring) | join(\" \")",
		 got, sizeof got);
	assert_string_equal(got, "true false 0 2 null");
	jq_value(".candidates[1].windows", got, sizeof got);
	assert_string_equal(got, "Windows \"Server\" \\ 2022, build 20348.5");
	jq_value(".candidates[1].found", got, sizeof got);
	assert_string_equal(got, "Windows \"Server\" \\ 2022, build 20348.5, Gen2 (UEFI)");
	free(s);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(model_with_quote_backslash_and_control_characters_reads_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
