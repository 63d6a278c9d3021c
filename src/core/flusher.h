/* A thread that pushes a file's bytes to the disk while the file is still being written, so the fsync that
 * must come before a rename or a runbook record finds little left to do.
 *
 * On a VM the disk's cache sits in the host, and an fsync waits for the host to write what the guest sent:
 * about 70 ms for 100 MB here, whether the guest's writeback ran long before or not. Flushing over and over
 * while the bytes are written overlaps that wait with the writing (and the hashing beside it) instead of
 * adding it after. Measured on a 100 MB file written in 1 MB pieces: 115 ms for writing + fsync with the
 * flusher, 180-215 ms without. */
#ifndef RW_CORE_FLUSHER_H
#define RW_CORE_FLUSHER_H

struct flusher;

/* Starts flushing fd, a regular file open for writing, through a file description of its own. NULL when
 * there is no thread, or fd is on a FUSE file system: there a flush is one more request to the file system's
 * process, which would serve it between the writes instead of beside them. NULL only means the caller's own
 * fsync does all the work. */
struct flusher *flusher_start(int fd);
/* The same with another flush call in place of fdatasync (for the tests: it counts, or fails) */
struct flusher *flusher_start_with(int fd, int (*flush)(int fd));
/* The writes are over: the thread ends after the flush under way, and the caller goes on meanwhile */
void flusher_end(struct flusher *f);
/* The writes are over and nobody waits for the file yet: the thread flushes what they left (the rest of a
 * large file), then ends; the caller goes on meanwhile, and its fsync later finds the data on the disk */
void flusher_finish(struct flusher *f);
/* Ends the thread and waits for it (again: the same answer). 0, or the errno of a failed flush: the caller's
 * own fsync is still needed (it has what the thread left), and it reports such an error too. */
int flusher_wait(struct flusher *f);
/* flusher_wait, then frees f; f NULL: nothing, 0 */
int flusher_free(struct flusher *f);

#endif
