/* The writable hivex open that runs in a worker (hive/open_ahead.h), and the snapshot starting it for the
 * hives apply is going to edit, with their backups' bytes, and for no other. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskgen/hive_minimal.h"
#include "hive/open_ahead.h"
#include "snapshot/snapshot.h"

static const char system_spec[] = "[Select]\n\"Current\"=dword:1\n\"Default\"=dword:1\n"
				  "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n";

static void hive_at(const char *spec, char *path, size_t len)
{
	char err[256];
	if (hive_spec_file(spec, "ROOT", path, len, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void the_handle_is_writable_and_given_once(void **state)
{
	(void)state;
	char path[64];
	hive_at(system_spec, path, sizeof path);
	struct open_ahead *o = open_ahead_start(path);
	assert_non_null(o);
	hive_h *h = open_ahead_take(o);
	assert_non_null(h);
	/* hivex refuses changes on a handle opened read-only */
	assert_true(hivex_node_add_child(h, hivex_root(h), "Added") != 0);
	assert_null(open_ahead_take(o));
	assert_int_equal(errno, EALREADY);
	open_ahead_drop(o);
	hivex_close(h);
	unlink(path);
}

static void a_file_hivex_refuses_gives_no_handle_and_says_why(void **state)
{
	(void)state;
	char path[] = "/tmp/rescuewiz-test-nothive.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a hive, not at all", 22), 22);
	close(fd);
	struct open_ahead *o = open_ahead_start(path);
	assert_non_null(o);
	errno = 0;
	assert_null(open_ahead_take(o));
	assert_true(errno != 0 && errno != EALREADY);
	open_ahead_drop(o);
	unlink(path);
}

/* LeakSanitizer finds the hive's memory if drop leaves the handle open */
static void a_handle_nobody_took_is_closed_by_drop(void **state)
{
	(void)state;
	char path[64];
	hive_at(system_spec, path, sizeof path);
	open_ahead_drop(open_ahead_start(path));
	open_ahead_drop(NULL);
	unlink(path);
}

/* How the copy of a file saw it, for an open of that file beside the copy */
enum copy_saw { SAW_IT_AS_IT_IS, SAW_IT_BEFORE_A_CHANGE, SAW_IT_CHANGE };

/* A test hive opened beside its copy, the copy having seen it as `saw` says: the handle, or NULL (errno) */
static hive_h *take_copied(enum copy_saw saw)
{
	char path[64];
	hive_at(system_spec, path, sizeof path);
	struct file_identity id;
	assert_int_equal(file_identity_of(path, &id), 0);
	if (saw == SAW_IT_BEFORE_A_CHANGE) {
		FILE *f = fopen(path, "ab");
		assert_non_null(f);
		assert_int_equal(fwrite("more", 1, 4, f), 4);
		assert_int_equal(fclose(f), 0);
	}
	struct open_ahead *o = open_ahead_start_copied(path);
	assert_non_null(o);
	/* a copy that saw the file change while it read knows no state of it: nothing is expected */
	if (saw != SAW_IT_CHANGE)
		open_ahead_expect(o, &id);
	errno = 0;
	hive_h *h = open_ahead_take(o);
	int err = errno;
	open_ahead_drop(o);
	unlink(path);
	errno = err;
	return h;
}

/* The open of a file being copied counts for the state the copy saw: hivex read those very bytes */
static void a_copied_file_in_the_expected_state_gives_its_handle(void **state)
{
	(void)state;
	hive_h *h = take_copied(SAW_IT_AS_IT_IS);
	assert_non_null(h);
	assert_true(hivex_node_get_child(h, hivex_root(h), "Select") != 0);
	hivex_close(h);
}

/* The file changed after the copy saw it: what hivex read may not be the backup's bytes */
static void a_copied_file_changed_since_gives_no_handle(void **state)
{
	(void)state;
	assert_null(take_copied(SAW_IT_BEFORE_A_CHANGE));
	assert_int_equal(errno, ESTALE);
}

/* The copy saw the file change while it read (its source state unknown) */
static void a_copied_file_with_no_known_state_gives_no_handle(void **state)
{
	(void)state;
	assert_null(take_copied(SAW_IT_CHANGE));
	assert_int_equal(errno, ESTALE);
}

/* A FIFO where the hive was is not opened (the worker would hang on it forever) */
static void a_copied_fifo_is_not_opened(void **state)
{
	(void)state;
	char dir[] = "/tmp/rescuewiz-test-fifo.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/SYSTEM", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	struct open_ahead *o = open_ahead_start_copied(path);
	assert_non_null(o);
	errno = 0;
	assert_null(open_ahead_take(o));
	assert_int_equal(errno, EINVAL);
	open_ahead_drop(o);
	unlink(path);
	rmdir(dir);
}

struct folder {
	char top[64], windows[96], backup[96];
};

/* An operator folder with a SYSTEM and a SOFTWARE hive, and an empty backup folder */
static void make_folder(struct folder *f)
{
	snprintf(f->top, sizeof f->top, "/tmp/rescuewiz-test-ahead.XXXXXX");
	assert_non_null(mkdtemp(f->top));
	snprintf(f->windows, sizeof f->windows, "%s/win", f->top);
	snprintf(f->backup, sizeof f->backup, "%s/backup", f->top);
	char dir[160], cmd[400], system_hive[64], software[64];
	snprintf(dir, sizeof dir, "%s/Windows/System32/config", f->windows);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' '%s'", dir, f->backup);
	assert_int_equal(system(cmd), 0);
	hive_at(system_spec, system_hive, sizeof system_hive);
	hive_at("[Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=sz:Windows Server 2019 Datacenter\n",
		software, sizeof software);
	snprintf(cmd, sizeof cmd, "mv '%s' '%s/SYSTEM' && mv '%s' '%s/SOFTWARE'", system_hive, dir, software, dir);
	assert_int_equal(system(cmd), 0);
}

static void remove_folder(struct folder *f)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->top);
	assert_int_equal(system(cmd), 0);
}

static void the_snapshot_opens_ahead_only_the_hives_apply_edits(void **state)
{
	(void)state;
	struct folder f;
	make_folder(&f);
	struct snapshot_request rq = {.windows_dir = f.windows, .copy_hives_to = f.backup, .edit_system = true};
	struct snapshot s;
	struct rw_error e = {0};
	assert_int_equal(snapshot_take(&s, &rq, &e), 0);
	assert_true(*s.system_file.copy && *s.software_file.copy);
	assert_non_null(s.system_file.for_edit);
	assert_null(s.software_file.for_edit);
	/* what it opened holds the backup's bytes (read from the primary while the copy was made of it), edited
	 * in memory while the primary stays */
	hive_h *h = open_ahead_take(s.system_file.for_edit);
	assert_non_null(h);
	assert_true(hivex_node_add_child(h, hivex_root(h), "Added") != 0);
	char out[160];
	snprintf(out, sizeof out, "%s/check", f.backup);
	assert_int_equal(hivex_commit(h, out, 0), 0);
	hivex_close(h);
	hive_h *back = hivex_open(out, 0);
	assert_non_null(back);
	assert_true(hivex_node_get_child(back, hivex_root(back), "Added") != 0);
	assert_true(hivex_node_get_child(back, hivex_root(back), "Select") != 0);
	hivex_close(back);
	snapshot_free(&s);
	remove_folder(&f);
}

static void without_a_backup_folder_nothing_is_opened_ahead(void **state)
{
	(void)state;
	struct folder f;
	make_folder(&f);
	struct snapshot_request rq = {.windows_dir = f.windows, .edit_system = true, .edit_software = true};
	struct snapshot s;
	struct rw_error e = {0};
	assert_int_equal(snapshot_take(&s, &rq, &e), 0);
	assert_true(s.have_system);
	assert_null(s.system_file.for_edit);
	assert_null(s.software_file.for_edit);
	snapshot_free(&s);
	remove_folder(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_handle_is_writable_and_given_once),
		cmocka_unit_test(a_file_hivex_refuses_gives_no_handle_and_says_why),
		cmocka_unit_test(a_handle_nobody_took_is_closed_by_drop),
		cmocka_unit_test(a_copied_file_in_the_expected_state_gives_its_handle),
		cmocka_unit_test(a_copied_file_changed_since_gives_no_handle),
		cmocka_unit_test(a_copied_file_with_no_known_state_gives_no_handle),
		cmocka_unit_test(a_copied_fifo_is_not_opened),
		cmocka_unit_test(the_snapshot_opens_ahead_only_the_hives_apply_edits),
		cmocka_unit_test(without_a_backup_folder_nothing_is_opened_ahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
