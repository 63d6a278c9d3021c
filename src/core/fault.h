/* Fault injection for tests of apply: RESCUEWIZ_FAULT=NAME makes fault_point(NAME) fail with EIO, and
 * RESCUEWIZ_FAULT=NAME:kill kills the process there with SIGKILL (no cleanup, as a power cut would). Every
 * write step of apply calls fault_point() first; tests inject a failure at each one and check that every hive
 * is either the old one or the new one. The names are listed by fault_points() for the tests. */
#ifndef RW_CORE_FAULT_H
#define RW_CORE_FAULT_H

/* 0, or -1 with errno = EIO when this point is the injected one. */
int fault_point(const char *name);

#endif
