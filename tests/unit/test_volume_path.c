/* Windows paths inside a volume: found in any case, never through a link, never out of the volume. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk/volume.h"

static char root[] = "/tmp/rescuewiz-test-vol.XXXXXX";
static char outside[] = "/tmp/rescuewiz-test-out.XXXXXX";

static void write_file(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root) || !mkdtemp(outside))
		return -1;
	char p[512];
	snprintf(p, sizeof p, "%s/WINDOWS/system32/Config", root);
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	mkdir(p, 0700);
	write_file("WINDOWS/system32/Config/system", "regf....");
	snprintf(p, sizeof p, "%s/secret", outside);
	FILE *f = fopen(p, "w");
	fputs("outside", f);
	fclose(f);
	char link[512];
	snprintf(link, sizeof link, "%s/Escape", root);
	if (symlink(outside, link) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", root, outside);
	return system(cmd);
}

static void found_in_any_case_with_the_case_on_disk(void **state)
{
	(void)state;
	struct volume v;
	struct rw_error e;
	assert_int_equal(volume_open_dir(&v, root, &e), 0);
	char local[4096], found[4096];
	assert_int_equal(volume_resolve(&v, "\\Windows\\System32\\config\\SYSTEM", local, sizeof local, found, &e), 1);
	assert_string_equal(found, "\\WINDOWS\\system32\\Config\\system");
	char want[600];
	snprintf(want, sizeof want, "%s/WINDOWS/system32/Config/system", root);
	assert_string_equal(local, want);
	assert_int_equal(volume_resolve(&v, "windows/SYSTEM32/CONFIG/System", local, sizeof local, NULL, &e), 1);
	volume_close(&v);
}

static void missing_path_is_absent(void **state)
{
	(void)state;
	struct volume v;
	struct rw_error e;
	volume_open_dir(&v, root, &e);
	char local[4096];
	assert_int_equal(volume_resolve(&v, "\\Windows\\System32\\config\\SOFTWARE", local, sizeof local, NULL, &e), 0);
	assert_int_equal(volume_resolve(&v, "\\Nope\\x", local, sizeof local, NULL, &e), 0);
	volume_close(&v);
}

static void dot_dot_is_refused(void **state)
{
	(void)state;
	struct volume v;
	struct rw_error e = {0};
	volume_open_dir(&v, root, &e);
	char local[4096];
	assert_int_equal(volume_resolve(&v, "\\Windows\\..\\..\\etc\\passwd", local, sizeof local, NULL, &e), -1);
	assert_non_null(strstr(e.text, "'..'"));
	volume_close(&v);
}

static void link_is_never_followed(void **state)
{
	(void)state;
	struct volume v;
	struct rw_error e = {0};
	volume_open_dir(&v, root, &e);
	char local[4096];
	assert_int_equal(volume_resolve(&v, "\\escape\\secret", local, sizeof local, NULL, &e), -1);
	assert_non_null(strstr(e.text, "never follows links"));
	struct volume_entry st;
	assert_int_equal(volume_stat(&v, "\\Escape", &st, &e), -1);
	volume_close(&v);
}

static void list_stat_and_read_head(void **state)
{
	(void)state;
	struct volume v;
	struct rw_error e;
	volume_open_dir(&v, root, &e);
	struct volume_entry *list = NULL;
	int n = volume_list(&v, "\\windows\\SYSTEM32\\config", &list, &e);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "system");
	free(list);
	struct volume_entry st;
	assert_int_equal(volume_stat(&v, "\\windows\\system32\\config\\SYSTEM", &st, &e), 1);
	assert_int_equal(st.size, 8);
	uint8_t head[4];
	assert_int_equal(volume_read_head(&v, "\\windows\\system32\\config\\SYSTEM", head, 4, &e), 4);
	assert_memory_equal(head, "regf", 4);
	volume_close(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(found_in_any_case_with_the_case_on_disk),
		cmocka_unit_test(missing_path_is_absent),
		cmocka_unit_test(dot_dot_is_refused),
		cmocka_unit_test(link_is_never_followed),
		cmocka_unit_test(list_stat_and_read_head),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
