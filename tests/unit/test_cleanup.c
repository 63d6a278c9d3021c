/* The cleanup registry: what is registered is undone now, at exit, or on a signal, and the signal then ends
 * the program as it would have (or goes on to the handler before ours). Signals are raised in a child so
 * each case starts with an empty registry. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "core/cleanup.h"

static char dir[] = "/tmp/rescuewiz-test-cleanup.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void path_of(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
}

static void make_file(const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* a file, and a folder holding two files */
static void make_things(char file[256], char folder[256])
{
	char inner[300];
	path_of(file, 256, "temp");
	path_of(folder, 256, "scratch");
	make_file(file);
	assert_int_equal(mkdir(folder, 0700), 0);
	snprintf(inner, sizeof inner, "%s/1-BCD", folder);
	make_file(inner);
	snprintf(inner, sizeof inner, "%s/new", folder);
	make_file(inner);
}

static void undo_now_removes_a_file_and_a_folder_and_forget_keeps_one(void **state)
{
	(void)state;
	char file[256], folder[256], kept[256];
	make_things(file, folder);
	path_of(kept, sizeof kept, "renamed-into-place");
	make_file(kept);
	int a = cleanup_add(CLEANUP_FILE, file), b = cleanup_add(CLEANUP_FOLDER, folder), c = cleanup_add(CLEANUP_FILE, kept);
	assert_true(a > 0 && b > 0 && c > 0);
	cleanup_run(a);
	cleanup_run(b);
	cleanup_forget(c);
	cleanup_run_all();
	assert_false(exists(file));
	assert_false(exists(folder));
	assert_true(exists(kept));
	unlink(kept);
}

static void a_mount_point_goes_with_its_private_folder(void **state)
{
	(void)state;
	char parent[256], point[300];
	path_of(parent, sizeof parent, "rescuewiz-mnt.test");
	snprintf(point, sizeof point, "%s/volume", parent);
	assert_int_equal(mkdir(parent, 0700), 0);
	assert_int_equal(mkdir(point, 0700), 0);
	cleanup_run(cleanup_add(CLEANUP_MOUNT, point));
	assert_false(exists(point));
	assert_false(exists(parent));
	assert_true(exists(dir));
}

/* a lesson's scratch folder: the image beside runbook/backup/... */
static void a_folder_goes_with_its_subfolders_but_a_link_out_is_not_followed(void **state)
{
	(void)state;
	char folder[256], deep[400], outside[256], link[400];
	path_of(folder, sizeof folder, "train");
	path_of(outside, sizeof outside, "outside");
	assert_int_equal(mkdir(folder, 0700), 0);
	assert_int_equal(mkdir(outside, 0700), 0);
	char kept[300];
	snprintf(kept, sizeof kept, "%s/kept", outside);
	make_file(kept);
	snprintf(deep, sizeof deep, "%s/runbook", folder);
	assert_int_equal(mkdir(deep, 0700), 0);
	snprintf(deep, sizeof deep, "%s/runbook/backup", folder);
	assert_int_equal(mkdir(deep, 0700), 0);
	snprintf(deep, sizeof deep, "%s/runbook/backup/SYSTEM", folder);
	make_file(deep);
	snprintf(link, sizeof link, "%s/runbook/out", folder);
	assert_int_equal(symlink(outside, link), 0);
	cleanup_run(cleanup_add(CLEANUP_FOLDER, folder));
	assert_false(exists(folder));
	assert_true(exists(kept));
}

/* A file system mounted inside is never entered: it may be the customer's volume. Root only (a tmpfs). */
static void a_mount_inside_a_folder_is_not_entered(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char folder[256], point[300], file[320];
	path_of(folder, sizeof folder, "holds-a-mount");
	snprintf(point, sizeof point, "%s/volume", folder);
	snprintf(file, sizeof file, "%s/Windows", point);
	assert_int_equal(mkdir(folder, 0700), 0);
	assert_int_equal(mkdir(point, 0700), 0);
	assert_int_equal(mount("tmpfs", point, "tmpfs", 0, "size=1m"), 0);
	make_file(file);
	cleanup_run(cleanup_add(CLEANUP_FOLDER, folder));
	bool kept = exists(file);
	assert_int_equal(umount(point), 0);
	assert_true(kept);
}

/* The children: each is this program started again with a mode, so its registry starts empty and the
 * signal dispositions it inherits are those a parent shell would give it. */
static void child_raise(int sig, const char *file, const char *folder)
{
	if (!cleanup_add(CLEANUP_FILE, file) || !cleanup_add(CLEANUP_FOLDER, folder))
		_exit(98);
	raise(sig);
	_exit(exists(file) ? 0 : 97); /* an ignored signal: still here, nothing undone yet */
}

static void exit_42(int sig)
{
	(void)sig;
	_exit(42);
}

static void child_fault(const char *file)
{
	signal(SIGSEGV, exit_42); /* what ASan does: its handler reports the fault */
	if (!cleanup_add(CLEANUP_FILE, file))
		_exit(98);
	raise(SIGSEGV);
	_exit(96);
}

static void child_terminal(int master, int slave)
{
	(void)master;
	struct termios shell, raw;
	if (tcgetattr(slave, &shell) != 0)
		_exit(98);
	raw = shell;
	cfmakeraw(&raw);
	if (tcsetattr(slave, TCSANOW, &raw) != 0)
		_exit(98);
	cleanup_terminal(slave, &shell, "\033[?1049l", 8);
	raise(SIGTERM);
	_exit(96);
}

/* A child of the program (mtools, a mount helper) is killed before its exec: the parent's undos stay. */
static void child_forks(const char *file)
{
	if (!cleanup_add(CLEANUP_FILE, file))
		_exit(98);
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGTERM);
		_exit(96);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status))
		_exit(97);
	_exit(exists(file) ? 0 : 95);
}

static void child_fill(const char *file)
{
	for (int i = 0; i < 1000; i++)
		if (!cleanup_add(CLEANUP_FILE, file))
			_exit(i > 0 ? 0 : 98);
	_exit(97);
}

static int child_main(char **argv)
{
	if (!strcmp(argv[1], "raise"))
		child_raise(atoi(argv[2]), argv[3], argv[4]);
	else if (!strcmp(argv[1], "fault"))
		child_fault(argv[2]);
	else if (!strcmp(argv[1], "terminal"))
		child_terminal(atoi(argv[2]), atoi(argv[3]));
	else if (!strcmp(argv[1], "fill"))
		child_fill(argv[2]);
	else if (!strcmp(argv[1], "forks"))
		child_forks(argv[2]);
	return 95;
}

/* Starts a child (mode and its arguments), with `ignored` set to SIG_IGN as a parent shell would (0: none);
 * returns its wait status. */
static int in_child(int ignored, const char *mode, const char *a, const char *b, const char *c)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* the child starts from the default dispositions, whatever this test inherited (a background job
		 * of a shell, as under CI, has SIGINT and SIGQUIT ignored), then ignores what the case says */
		static const int all[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
		for (size_t i = 0; i < sizeof all / sizeof *all; i++)
			signal(all[i], SIG_DFL);
		if (ignored)
			signal(ignored, SIG_IGN);
		execl("/proc/self/exe", "test_cleanup", mode, a, b, c, (char *)NULL);
		_exit(94);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static int raise_in_child(int sig, int ignored, const char *file, const char *folder)
{
	char number[16];
	snprintf(number, sizeof number, "%d", sig);
	return in_child(ignored, "raise", number, file, folder);
}

static void remove_tree(const char *path)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void a_signal_undoes_everything_and_ends_the_program_with_it(void **state)
{
	(void)state;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		char file[256], folder[256];
		make_things(file, folder);
		int status = raise_in_child(sigs[i], 0, file, folder);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[i]);
		assert_false(exists(file));
		assert_false(exists(folder));
	}
}

static void ctrl_c_is_caught_even_when_the_parent_ignored_it(void **state)
{
	(void)state;
	char file[256], folder[256];
	make_things(file, folder);
	int status = raise_in_child(SIGINT, SIGINT, file, folder);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	assert_false(exists(file));
	assert_false(exists(folder));
}

static void a_hang_up_the_parent_ignored_stays_ignored(void **state)
{
	(void)state;
	char file[256], folder[256];
	make_things(file, folder);
	int status = raise_in_child(SIGHUP, SIGHUP, file, folder);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	unlink(file);
	remove_tree(folder);
}

static void a_fault_goes_on_to_the_handler_before_ours(void **state)
{
	(void)state;
	char file[256], folder[256];
	make_things(file, folder);
	int status = in_child(0, "fault", file, NULL, NULL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
	assert_false(exists(file));
	remove_tree(folder);
}

static void the_terminal_is_given_back_on_a_signal(void **state)
{
	(void)state;
	int master, slave;
	struct termios shell, after;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(tcgetattr(slave, &shell), 0);
	char m[16], s[16];
	snprintf(m, sizeof m, "%d", master);
	snprintf(s, sizeof s, "%d", slave);
	int status = in_child(0, "terminal", m, s, NULL);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(tcgetattr(slave, &after), 0);
	assert_int_equal(after.c_lflag, shell.c_lflag);
	assert_int_equal(after.c_iflag, shell.c_iflag);
	assert_int_equal(after.c_oflag, shell.c_oflag);
	char got[32] = "";
	fcntl(master, F_SETFL, O_NONBLOCK);
	assert_int_equal(read(master, got, sizeof got - 1), 8);
	assert_memory_equal(got, "\033[?1049l", 8);
	close(master);
	close(slave);
}

static void a_forked_child_undoes_nothing_of_its_parent(void **state)
{
	(void)state;
	char file[256], folder[256];
	make_things(file, folder);
	int status = in_child(0, "forks", file, NULL, NULL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	unlink(file);
	remove_tree(folder);
}

static void a_full_registry_says_so(void **state)
{
	(void)state;
	char file[256];
	path_of(file, sizeof file, "never-made");
	int status = in_child(0, "fill", file, NULL, NULL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child_main(argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(undo_now_removes_a_file_and_a_folder_and_forget_keeps_one),
		cmocka_unit_test(a_mount_point_goes_with_its_private_folder),
		cmocka_unit_test(a_folder_goes_with_its_subfolders_but_a_link_out_is_not_followed),
		cmocka_unit_test(a_mount_inside_a_folder_is_not_entered),
		cmocka_unit_test(a_signal_undoes_everything_and_ends_the_program_with_it),
		cmocka_unit_test(ctrl_c_is_caught_even_when_the_parent_ignored_it),
		cmocka_unit_test(a_hang_up_the_parent_ignored_stays_ignored),
		cmocka_unit_test(a_fault_goes_on_to_the_handler_before_ours),
		cmocka_unit_test(the_terminal_is_given_back_on_a_signal),
		cmocka_unit_test(a_forked_child_undoes_nothing_of_its_parent),
		cmocka_unit_test(a_full_registry_says_so),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
