/* Fault injection for tests of apply and rollback. RESCUEWIZ_FAULT holds entries separated by commas:
 *   NAME       fault_point(NAME) fails with EIO, each time it is reached
 *   NAME:kill  the process kills itself there with SIGKILL (no cleanup, as a power cut would)
 *   NAME:wait  the process stops there until a signal ends it (Ctrl-C in the middle of a write: the test
 *              looks at what is mounted and who may enter first)
 *   list       every fault point reached is named on stderr: "rescuewiz: fault point NAME"
 * Every write step calls fault_point() first; "mounted" is the moment after any volume was mounted. The tests
 * take the names from `list`, so a point added to the code is tested without being typed anywhere: an error
 * and a kill at each point, and "NAME,OTHER" for the points only reached after a first failure (the restore
 * of the backups). */
#ifndef RW_CORE_FAULT_H
#define RW_CORE_FAULT_H

/* 0, or -1 with errno = EIO when this point is an injected one. */
int fault_point(const char *name);

#endif
