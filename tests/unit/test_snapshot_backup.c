/* The snapshot's backup folder: every original it copies there (the hive, its logs) comes with the sha256
 * taken while it was copied, so SHA256SUMS never reads a 100 MB file again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "diskgen/dirty.h"
#include "diskgen/hive_minimal.h"
#include "hive/value.h"
#include "plan/facts.h"
#include "snapshot/snapshot.h"

static const char clean_spec[] = "[Select]\n\"Current\"=dword:1\n\"Default\"=dword:1\n"
				 "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n";
static const char logged_spec[] = "[ControlSet001\\Control\\CrashControl]\n\"AutoReboot\"=dword:0\n";

static void shell(const char *fmt, const char *a, const char *b)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, fmt, a, b);
	assert_int_equal(system(cmd), 0);
}

static void digest_is_of(const char *path, const char *hex)
{
	char now[SHA256_HEX_LEN];
	struct rw_error e = {0};
	assert_true(*path);
	assert_int_equal(sha256_file(path, now, &e), 0);
	assert_string_equal(hex, now);
}

/* An operator folder whose SYSTEM hive is dirty (a change only LOG1 holds, LOG2 empty) and an empty backup
 * folder */
struct dirty_folder {
	char top[40], windows[64], backup[64];
};

static void dirty_folder(struct dirty_folder *d)
{
	char clean[64], err[256], config[128], primary[160], log1[160], log2[160], expected[160];
	snprintf(d->top, sizeof d->top, "/tmp/rescuewiz-test-backup.XXXXXX");
	assert_non_null(mkdtemp(d->top));
	snprintf(d->windows, sizeof d->windows, "%s/win", d->top);
	snprintf(d->backup, sizeof d->backup, "%s/backup", d->top);
	snprintf(config, sizeof config, "%s/Windows/System32/config", d->windows);
	shell("mkdir -p '%s' '%s'", config, d->backup);
	if (hive_spec_file(clean_spec, "ROOT", clean, sizeof clean, err, sizeof err) != 0)
		fail_msg("%s", err);
	snprintf(primary, sizeof primary, "%s/SYSTEM", config);
	snprintf(log1, sizeof log1, "%s/SYSTEM.LOG1", config);
	snprintf(log2, sizeof log2, "%s/SYSTEM.LOG2", config);
	snprintf(expected, sizeof expected, "%s/expected", d->top);
	struct rw_error e = {0};
	assert_int_equal(hive_make_dirty(clean, logged_spec, primary, log1, log2, expected, &e), 0);
	unlink(clean);
}

/* The snapshot of a new dirty folder, with a backup folder: snapshot_take's answer */
static int take_dirty(struct dirty_folder *d, struct snapshot *s)
{
	dirty_folder(d);
	struct snapshot_request rq = {.windows_dir = d->windows, .copy_hives_to = d->backup};
	struct rw_error e = {0};
	return snapshot_take(s, &rq, &e);
}

static void a_dirty_hive_s_copies_carry_their_sha256(void **state)
{
	(void)state;
	struct dirty_folder d;
	struct snapshot s;
	assert_int_equal(take_dirty(&d, &s), 0);
	const struct hive_file *hf = &s.system_file;
	assert_int_equal(hf->replay_state, 1);
	digest_is_of(hf->copy, hf->copy_made.sha256);
	/* LOG1 and LOG2 are there (no LOG) */
	digest_is_of(hf->log_copies[1], hf->log_copies_made[1].sha256);
	digest_is_of(hf->log_copies[2], hf->log_copies_made[2].sha256);
	assert_false(*hf->log_copies[0]);
	assert_true(*hf->replayed);
	snapshot_free(&s);
	shell("rm -rf '%s'%s", d.top, "");
}

/* The replayed copy is a file in memory, not in backup/ (the backups make it again; rollback never needs
 * it): read through its /proc path it holds the change only the log had */
static void a_dirty_hive_is_replayed_into_memory(void **state)
{
	(void)state;
	struct dirty_folder d;
	struct snapshot s;
	assert_int_equal(take_dirty(&d, &s), 0);
	const struct hive_file *hf = &s.system_file;
	assert_int_equal(hf->replay_state, 1);
	assert_true(hf->replayed_open);
	assert_string_equal(snapshot_edit_base(hf), hf->replayed);
	char planted[96];
	snprintf(planted, sizeof planted, "%s/SYSTEM.replayed", d.backup);
	assert_int_equal(access(planted, F_OK), -1);
	hive_h *h = hivex_open(hf->replayed, 0);
	assert_non_null(h);
	hive_node_h cc = reg_node_path(h, hivex_root(h), "ControlSet001\\Control\\CrashControl");
	assert_true(cc != 0);
	hive_value_h v = hivex_node_get_value(h, cc, "AutoReboot");
	assert_true(v != 0);
	assert_int_equal(hivex_value_dword(h, v), 0);
	hivex_close(h);
	snapshot_free(&s);
	shell("rm -rf '%s'%s", d.top, "");
}

/* A replayed copy that can not be made (here a file size limit its file in memory runs into) makes the logs
 * count as unusable, so apply refuses to edit the primary without them */
static void a_replayed_copy_that_can_not_be_made_makes_the_logs_unusable(void **state)
{
	(void)state;
	struct dirty_folder d;
	dirty_folder(&d);
	struct snapshot_request rq = {.windows_dir = d.windows, .copy_hives_to = d.backup};
	struct snapshot s;
	struct rw_error e = {0};
	struct rlimit was, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	small = (struct rlimit){4096, was.rlim_max};
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = snapshot_take(&s, &rq, &e);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(s.system_file.replay_state, -1);
	assert_false(*s.system_file.replayed);
	assert_non_null(strstr(s.system_file.replay.problem, "can not be made in memory"));
	snapshot_free(&s);
	shell("rm -rf '%s'%s", d.top, "");
}

/* The snapshot keeps its read-only handle on the edit base, and the plan's facts read that one: the hive is
 * not opened (a 100 MB walk) again for the plan, and closing the facts leaves it to the snapshot */
static void the_plan_reads_the_snapshot_s_handle(void **state)
{
	(void)state;
	struct dirty_folder d;
	struct snapshot s;
	assert_int_equal(take_dirty(&d, &s), 0);
	assert_non_null(s.system_file.reader);
	struct facts f;
	facts_init(&f, &s);
	assert_ptr_equal(facts_hive(&f, HIVE_SYSTEM), s.system_file.reader);
	facts_close(&f);
	assert_true(hivex_root(s.system_file.reader) != 0);
	snapshot_free(&s);
	shell("rm -rf '%s'%s", d.top, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_dirty_hive_s_copies_carry_their_sha256),
		cmocka_unit_test(a_dirty_hive_is_replayed_into_memory),
		cmocka_unit_test(a_replayed_copy_that_can_not_be_made_makes_the_logs_unusable),
		cmocka_unit_test(the_plan_reads_the_snapshot_s_handle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
