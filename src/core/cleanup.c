#include "core/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <linux/loop.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_UNDOS 64

static struct undo {
	volatile sig_atomic_t used;
	int kind;
	char path[PATH_MAX];
	char parent[PATH_MAX]; /* CLEANUP_MOUNT: the private folder that holds the mount point */
	char loopdev[32];      /* "" until cleanup_set_loop */
	/* what the loop device was attached to: a device name is reused by the next image attached anywhere on
	 * the machine, so it is only detached while it still shows this backing file at this offset */
	uint64_t loop_device, loop_inode, loop_offset;
} undos[MAX_UNDOS];

static struct {
	volatile sig_atomic_t on;
	int fd;
	struct termios saved;
	char leave[256];
	size_t len;
} terminal;

/* Ctrl-C, kill, a hang-up and Ctrl-\ end the program after the undo; faults go on to whoever handled them
 * before (ASan's report, or the core dump). */
static const int stopping[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define NSTOPPING (sizeof stopping / sizeof *stopping)
#define NFAULTS (sizeof faults / sizeof *faults)
static struct sigaction before_us[NFAULTS];
static sigset_t handled;

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void restore_terminal(void)
{
	if (!terminal.on)
		return;
	terminal.on = 0;
	write_all(terminal.fd, terminal.leave, terminal.len);
	tcsetattr(terminal.fd, TCSANOW, &terminal.saved);
}

static bool is_dot(const char *name)
{
	return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

#define FOLDER_DEPTH 6 /* a lesson's scratch folder: runbook/backup/... */

static void empty_folder(int fd, dev_t dev, int depth);

/* The subfolder `name` of fd emptied and removed: only on the same file system (a mount inside is never
 * entered: it may be the customer's volume) and never through a link. */
static bool remove_subfolder(int fd, const char *name, dev_t dev, int depth)
{
	if (depth >= FOLDER_DEPTH)
		return false;
	int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (sub < 0)
		return false;
	if (fstat(sub, &st) == 0 && st.st_dev == dev)
		empty_folder(sub, dev, depth + 1);
	close(sub);
	return unlinkat(fd, name, AT_REMOVEDIR) == 0;
}

/* One pass over the folder with getdents64 (readdir may allocate); true when it removed something, since
 * removing entries while reading may skip others. One buffer per depth: the walk is recursive. */
static bool unlink_some(int fd, dev_t dev, int depth)
{
	static union {
		struct dirent64 align;
		char bytes[4096];
	} bufs[FOLDER_DEPTH + 1];
	char *buf = bufs[depth].bytes;
	bool removed = false;
	lseek(fd, 0, SEEK_SET);
	for (ssize_t n; (n = getdents64(fd, buf, sizeof bufs[depth].bytes)) > 0;)
		for (ssize_t at = 0; at < n;) {
			struct dirent64 *de = (struct dirent64 *)(buf + at);
			if (is_dot(de->d_name)) {
				at += de->d_reclen;
				continue;
			}
			/* a file system that does not give d_type says EISDIR for a folder */
			bool gone = de->d_type != DT_DIR && unlinkat(fd, de->d_name, 0) == 0;
			if (!gone && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN))
				gone = remove_subfolder(fd, de->d_name, dev, depth);
			removed |= gone;
			at += de->d_reclen;
		}
	return removed;
}

static void empty_folder(int fd, dev_t dev, int depth)
{
	for (int pass = 0; pass < 16 && unlink_some(fd, dev, depth); pass++)
		;
}

static void remove_folder(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0)
		empty_folder(fd, st.st_dev, 0);
	if (fd >= 0)
		close(fd);
	rmdir(path);
}

/* Is the loop device still attached to what the mount used? */
static bool loop_is_ours(const struct undo *u)
{
	struct loop_info64 info;
	int fd = open(u->loopdev, O_RDONLY | O_CLOEXEC);
	bool ours = fd >= 0 && ioctl(fd, LOOP_GET_STATUS64, &info) == 0 && info.lo_device == u->loop_device &&
		    info.lo_inode == u->loop_inode && info.lo_offset == u->loop_offset;
	if (fd >= 0)
		close(fd);
	return ours;
}

/* ntfs-3g holds the autoclear loop device until its process exits, a moment after umount returns: wait
 * for it to go, so "everything detached" is true when it is said; detach it when it stays (ntfs-3g hung or
 * killed). */
static void release_loop(const struct undo *u)
{
	if (!*u->loopdev)
		return;
	for (int i = 0; i < 200 && loop_is_ours(u); i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (!loop_is_ours(u))
		return;
	int fd = open(u->loopdev, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ioctl(fd, LOOP_CLR_FD, 0);
		close(fd);
	}
}

static void undo(struct undo *u)
{
	switch (u->kind) {
	case CLEANUP_FILE:
		unlink(u->path);
		break;
	case CLEANUP_FOLDER:
		remove_folder(u->path);
		break;
	case CLEANUP_MOUNT:
		if (umount2(u->path, 0) != 0)
			umount2(u->path, MNT_DETACH);
		rmdir(u->path);
		rmdir(u->parent);
		release_loop(u);
		break;
	}
	u->used = 0;
}

/* Files may be inside folders and mounts, folders inside mounts: files first, mounts last. */
static void undo_everything(void)
{
	restore_terminal();
	static const int order[] = {CLEANUP_FILE, CLEANUP_FOLDER, CLEANUP_MOUNT};
	for (size_t k = 0; k < sizeof order / sizeof *order; k++)
		for (int i = MAX_UNDOS - 1; i >= 0; i--)
			if (undos[i].used && undos[i].kind == order[k])
				undo(&undos[i]);
}

static bool is_fault(int sig)
{
	for (size_t i = 0; i < NFAULTS; i++)
		if (faults[i] == sig)
			return true;
	return false;
}

static void on_signal(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	int saved_errno = errno;
	undo_everything();
	for (size_t i = 0; i < NFAULTS; i++)
		if (faults[i] == sig)
			sigaction(sig, &before_us[i], NULL);
	if (!is_fault(sig)) {
		struct sigaction dfl = {0};
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
	}
	/* a real fault happens again when the handler returns, now for the handler before us; a signal that was
	 * sent is sent again, and delivered as soon as this handler returns (it is blocked until then) */
	if (!is_fault(sig) || info->si_code <= 0)
		raise(sig);
	errno = saved_errno;
}

/* A child (mtools, libmount's mount helper) owns none of it: a signal between its fork and its exec must not
 * unmount what the parent still uses. */
static void forget_in_child(void)
{
	for (int i = 0; i < MAX_UNDOS; i++)
		undos[i].used = 0;
	terminal.on = 0;
}

static void install(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	struct sigaction sa = {0}, old;
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	/* one undo at a time: a second signal waits until the first one's undo is finished */
	sigemptyset(&handled);
	for (size_t i = 0; i < NSTOPPING; i++)
		sigaddset(&handled, stopping[i]);
	for (size_t i = 0; i < NFAULTS; i++)
		sigaddset(&handled, faults[i]);
	sa.sa_mask = handled;
	/* a hang-up or kill the parent told us to ignore (nohup) stays ignored; Ctrl-C never is, so the operator
	 * can always leave the screens */
	for (size_t i = 0; i < NSTOPPING; i++)
		if (stopping[i] == SIGINT || (sigaction(stopping[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN))
			sigaction(stopping[i], &sa, NULL);
	for (size_t i = 0; i < NFAULTS; i++)
		sigaction(faults[i], &sa, &before_us[i]);
	atexit(cleanup_run_all);
	pthread_atfork(NULL, NULL, forget_in_child);
}

/* The main flow changes the registry with the handled signals blocked, so a handler never sees half an
 * entry. */
static void block(sigset_t *old)
{
	sigprocmask(SIG_BLOCK, &handled, old);
}

static void unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static struct undo *at(int handle)
{
	return handle > 0 && handle <= MAX_UNDOS && undos[handle - 1].used ? &undos[handle - 1] : NULL;
}

int cleanup_add(enum cleanup_kind kind, const char *path)
{
	install();
	if (strlen(path) >= PATH_MAX)
		return 0;
	sigset_t old;
	block(&old);
	int handle = 0;
	for (int i = 0; i < MAX_UNDOS && !handle; i++) {
		struct undo *u = &undos[i];
		if (u->used)
			continue;
		memset(u, 0, sizeof *u);
		u->kind = kind;
		snprintf(u->path, sizeof u->path, "%s", path);
		snprintf(u->parent, sizeof u->parent, "%s", path);
		char *slash = strrchr(u->parent, '/');
		if (kind != CLEANUP_MOUNT || !slash || slash == u->parent)
			u->parent[0] = '\0'; /* never rmdir "/" or a folder that is not ours */
		else
			*slash = '\0';
		u->used = 1;
		handle = i + 1;
	}
	unblock(&old);
	return handle;
}

void cleanup_set_loop(int handle, const char *loopdev)
{
	struct loop_info64 info;
	int fd = open(loopdev, O_RDONLY | O_CLOEXEC);
	bool known = fd >= 0 && ioctl(fd, LOOP_GET_STATUS64, &info) == 0;
	if (fd >= 0)
		close(fd);
	sigset_t old;
	block(&old);
	struct undo *u = at(handle);
	if (u && known && strlen(loopdev) < sizeof u->loopdev) {
		snprintf(u->loopdev, sizeof u->loopdev, "%s", loopdev);
		u->loop_device = info.lo_device;
		u->loop_inode = info.lo_inode;
		u->loop_offset = info.lo_offset;
	}
	unblock(&old);
}

void cleanup_run(int handle)
{
	sigset_t old;
	block(&old);
	struct undo *u = at(handle);
	if (u)
		undo(u);
	unblock(&old);
}

void cleanup_forget(int handle)
{
	sigset_t old;
	block(&old);
	struct undo *u = at(handle);
	if (u)
		u->used = 0;
	unblock(&old);
}

void cleanup_run_all(void)
{
	sigset_t old;
	block(&old);
	undo_everything();
	unblock(&old);
}

void cleanup_terminal(int fd, const struct termios *saved, const char *leave, size_t len)
{
	install();
	sigset_t old;
	block(&old);
	terminal.fd = fd;
	terminal.saved = *saved;
	terminal.len = len < sizeof terminal.leave ? len : sizeof terminal.leave;
	memcpy(terminal.leave, leave, terminal.len);
	terminal.on = 1;
	unblock(&old);
}

void cleanup_terminal_clear(void)
{
	terminal.on = 0;
}
