/* The runbook's folder: new for every run, never another run's, and written without following links. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runbook/folder.h"
#include "runbook/runbook.h"

static char dir[] = "/tmp/rescuewiz-test-runbook.XXXXXX";
static char start[4096];

static int setup(void **state)
{
	(void)state;
	if (!getcwd(start, sizeof start) || !mkdtemp(dir))
		return -1;
	return chdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return chdir(start) == 0 ? system(cmd) : -1;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void a_new_folder_is_private_with_its_backup_folder(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(runbook_create(&rb, "rb-new", "nmi", &e), 0);
	assert_int_equal(mode_of("rb-new") & 0777, 0700);
	assert_int_equal(mode_of("rb-new/backup") & 0777, 0700);
	assert_true(rb.fd >= 0 && rb.backup_fd >= 0);
	runbook_close(&rb);
}

static void a_folder_that_holds_files_is_refused(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(mkdir("rb-used", 0700), 0);
	put("rb-used/runbook.json", "{}");
	assert_int_equal(runbook_create(&rb, "rb-used", "nmi", &e), -1);
	assert_int_equal(e.exit_code, RW_EXIT_USAGE);
	assert_non_null(strstr(e.text, "rb-used already holds files"));
	char buf[16];
	assert_string_equal(slurp("rb-used/runbook.json", buf, sizeof buf), "{}");
}

static void an_empty_folder_is_taken_and_made_private(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(mkdir("rb-empty", 0755), 0);
	assert_int_equal(chmod("rb-empty", 0755), 0);
	assert_int_equal(runbook_create(&rb, "rb-empty", "nmi", &e), 0);
	assert_int_equal(mode_of("rb-empty") & 0777, 0700);
	runbook_close(&rb);
}

static void a_link_or_a_file_is_refused(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(mkdir("target", 0700), 0);
	assert_int_equal(symlink("target", "rb-link"), 0);
	assert_int_equal(runbook_create(&rb, "rb-link", "nmi", &e), -1);
	assert_non_null(strstr(e.text, "it is a link or not a folder"));
	struct stat st;
	assert_int_equal(stat("target/backup", &st), -1);
	put("rb-file", "x");
	assert_int_equal(runbook_create(&rb, "rb-file", "nmi", &e), -1);
	assert_non_null(strstr(e.text, "it is a link or not a folder"));
}

static void a_run_of_the_same_second_gets_a_folder_of_its_own(void **state)
{
	(void)state;
	/* the folders of this second and the next two are another run's: the new one is NAME-2 */
	time_t now = time(NULL);
	for (int i = 0; i < 3; i++) {
		time_t t = now + i;
		struct tm tm;
		char name[128], mine[160];
		gmtime_r(&t, &tm);
		strftime(name, sizeof name, "rescuewiz-runbook-a-b-%Y%m%d-%H%M%S", &tm);
		assert_int_equal(mkdir(name, 0700), 0);
		snprintf(mine, sizeof mine, "%s/mine", name);
		put(mine, "another run's");
	}
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(runbook_create(&rb, NULL, "a/b", &e), 0);
	size_t n = strlen(rb.dir);
	assert_true(n > 2 && !strcmp(rb.dir + n - 2, "-2"));
	assert_non_null(strstr(rb.dir, "rescuewiz-runbook-a-b-"));
	runbook_close(&rb);
}

static void writes(FILE *f, void *ctx)
{
	fputs((const char *)ctx, f);
}

static void the_writer_never_follows_a_link_planted_in_the_folder(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	assert_int_equal(runbook_create(&rb, "rb-planted", "nmi", &e), 0);
	put("outside", "not yours");
	assert_int_equal(symlink("../outside", "rb-planted/runbook.json"), 0);
	assert_int_equal(symlink("../outside", "rb-planted/.commands.txt.new"), 0);
	assert_int_equal(runbook_folder_write(rb.fd, rb.dir, "runbook.json", writes, "{\"result\": 1}", NULL, &e), 0);
	assert_int_equal(runbook_folder_write(rb.fd, rb.dir, "commands.txt", writes, "REM", NULL, &e), 0);
	char buf[64];
	assert_string_equal(slurp("outside", buf, sizeof buf), "not yours");
	assert_true(S_ISREG(mode_of("rb-planted/runbook.json")));
	assert_int_equal(mode_of("rb-planted/runbook.json") & 0777, 0600);
	assert_string_equal(slurp("rb-planted/runbook.json", buf, sizeof buf), "{\"result\": 1}");
	assert_string_equal(slurp("rb-planted/commands.txt", buf, sizeof buf), "REM");
	runbook_close(&rb);
}

static ino_t inode_of(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_ino;
}

/* A record writes again only the files whose content it changes (a rewrite is a new file renamed in) */
static void the_same_content_is_not_written_again(void **state)
{
	(void)state;
	struct runbook rb;
	struct rw_error e = {0};
	char written[SHA256_HEX_LEN] = "", buf[64];
	assert_int_equal(runbook_create(&rb, "rb-again", "nmi", &e), 0);
	assert_int_equal(runbook_folder_write(rb.fd, rb.dir, "commands.txt", writes, "REM one", written, &e), 0);
	ino_t first = inode_of("rb-again/commands.txt");
	assert_int_equal(runbook_folder_write(rb.fd, rb.dir, "commands.txt", writes, "REM one", written, &e), 0);
	assert_true(inode_of("rb-again/commands.txt") == first);
	assert_int_equal(runbook_folder_write(rb.fd, rb.dir, "commands.txt", writes, "REM two", written, &e), 0);
	assert_true(inode_of("rb-again/commands.txt") != first);
	assert_string_equal(slurp("rb-again/commands.txt", buf, sizeof buf), "REM two");
	runbook_close(&rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_folder_is_private_with_its_backup_folder),
		cmocka_unit_test(a_folder_that_holds_files_is_refused),
		cmocka_unit_test(an_empty_folder_is_taken_and_made_private),
		cmocka_unit_test(a_link_or_a_file_is_refused),
		cmocka_unit_test(a_run_of_the_same_second_gets_a_folder_of_its_own),
		cmocka_unit_test(the_writer_never_follows_a_link_planted_in_the_folder),
		cmocka_unit_test(the_same_content_is_not_written_again),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
