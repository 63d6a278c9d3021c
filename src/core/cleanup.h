/* What must be undone however the program ends: at exit, after an error, and on a signal (Ctrl-C, a
 * hang-up, kill, Ctrl-\, a crash). One registry and one set of signal handlers for the whole program, so no
 * module's handler can replace another's: the volumes register their mounts (with the loop device behind
 * them) and private folders, the writers their temp files, the screens the terminal. Every undo is a few
 * system calls on paths prepared when it was registered, so the signal handler runs them safely at any point
 * of the main flow (async-signal-safe: no malloc, no stdio, no locks). */
#ifndef RW_CORE_CLEANUP_H
#define RW_CORE_CLEANUP_H

#include <stddef.h>
#include <termios.h>

enum cleanup_kind {
	CLEANUP_FILE,   /* unlink it */
	CLEANUP_FOLDER, /* remove what it holds (folders too, a few deep, never another file system), then it */
	CLEANUP_MOUNT,  /* unmount it, remove it and the private folder holding it, wait for its loop device to go
			 * and detach it if it stays */
};

/* Registers an undo for path (at most PATH_MAX - 1 bytes). Returns a handle > 0, or 0 when the registry is
 * full or the path too long: the caller then does not make what it could not undo. The first registration
 * installs the handlers and the atexit hook. */
int cleanup_add(enum cleanup_kind kind, const char *path);
/* The loop device ("/dev/loop3") behind a registered mount, once the mount table tells it. */
void cleanup_set_loop(int handle, const char *loopdev);
/* Runs one undo now and forgets it (handle 0: nothing). */
void cleanup_run(int handle);
/* Forgets an undo without running it: the temp file was renamed into place. */
void cleanup_forget(int handle);
/* Runs every undo still registered: the terminal first, then files, folders and mounts, newest first. */
void cleanup_run_all(void);

/* The terminal the screens took over: the modes to put back on fd, and the bytes that leave the full-screen
 * mode (prepared by the screens from terminfo; at most 256). A signal writes them and restores the modes
 * before anything else is undone. cleanup_terminal_clear when the screens gave the terminal back themselves. */
void cleanup_terminal(int fd, const struct termios *saved, const char *leave, size_t len);
void cleanup_terminal_clear(void);

#endif
