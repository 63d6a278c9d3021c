/* Worker threads of a run (hashing, streaming a hive): they take no signal that is sent to the process, so
 * SIGINT, SIGTERM and the like always reach the main thread, which blocks them while it changes what
 * core/cleanup.h undoes (a handler running in a worker meanwhile would see half an entry). Faults of the
 * worker itself (SIGSEGV, SIGBUS, ...) still run the cleanup in it. */
#ifndef RW_CORE_WORKER_H
#define RW_CORE_WORKER_H

#include <pthread.h>

/* pthread_create with the signals blocked in the new thread: 0, or an errno value */
int worker_start(pthread_t *thread, void *(*run)(void *), void *arg);

#endif
