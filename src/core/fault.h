/* Fault injection for tests of apply: RESCUEWIZ_FAULT=NAME makes fault_point(NAME) fail with EIO, and
 * RESCUEWIZ_FAULT=NAME:kill kills the process there with SIGKILL (no cleanup, as a power cut would), and
 * RESCUEWIZ_FAULT=NAME:wait stops it there until a signal ends it (Ctrl-C in the middle of a write). Every
 * write step of apply calls fault_point() first; tests inject a failure at each one and check that every hive
 * is either the old one or the new one. "mounted" is the moment after any volume was mounted. */
#ifndef RW_CORE_FAULT_H
#define RW_CORE_FAULT_H

/* 0, or -1 with errno = EIO when this point is the injected one. */
int fault_point(const char *name);

#endif
