/* File operations of apply, each crash-safe on its own: copies that are fsynced, sha256 of files, and the
 * replacement of a file by new content (temp file in the same folder, fsync, rename, fsync the folder), so
 * that after a crash the file is either the old one or the new one. */
#ifndef RW_CORE_FILES_H
#define RW_CORE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>

#include "core/error.h"

#define SHA256_HEX_LEN 65

/* Opens a file to read it only when it is a regular file: lstat first (no link followed), then open with
 * O_NONBLOCK|O_NOFOLLOW and fstat the descriptor, so a FIFO, a device or a socket on the target is refused
 * instead of hanging the program or reading a device. Returns the descriptor (blocking again), or -1 with
 * `why` ("a FIFO, not a regular file: ...", or the system's error) for a message that names the path. Every
 * read of a file from the target goes through it. */
int open_regular(const char *path, char *why, size_t why_len);
/* sha256 of what fd (a regular file) holds from its start to its end, read in pieces by pread and hashed
 * in a second thread while the next piece is read. 0, or -1 with errno. */
int sha256_fd(int fd, char hex[SHA256_HEX_LEN]);
int sha256_file(const char *path, char hex[SHA256_HEX_LEN], struct rw_error *e);
void sha256_buffer(const uint8_t *data, size_t len, char hex[SHA256_HEX_LEN]);
/* A 32-byte digest in lower-case hex */
void sha256_hex(const uint8_t digest[32], char hex[SHA256_HEX_LEN]);
/* Reads a whole file (bounded by max_len) into a new buffer. */
int read_file(const char *path, size_t max_len, uint8_t **data, size_t *len, struct rw_error *e);
/* What tells a file's state without reading it: the same file (inode), size, and times of the last write and
 * of the last change of any kind (ctime, which no one can set back). The device is left out: a volume mounted
 * again has another one, and NTFS keeps its inode numbers. */
struct file_identity {
	bool known;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};
void file_identity_of_stat(const struct stat *st, struct file_identity *id);
/* Both known and equal: the file is in the state it was in, so its digest then is its digest now. */
bool file_identity_same(const struct file_identity *a, const struct file_identity *b);
int file_identity_of(const char *path, struct file_identity *id);

/* What copy_file_synced tells of the copy it made */
struct file_copy {
	char sha256[SHA256_HEX_LEN];   /* of the bytes copied: a backup is hashed once, while it is made */
	struct file_identity source;   /* the source's state, the same at the start and at the end of the copy
					* (known is false when it changed meanwhile) */
	struct flusher *flushing;      /* a copy_file_started's last bytes still on their way to the disk:
					* copy_flushed waits for them, copy_release ends it */
};
/* Creates dest (mode 0600, fails if it exists) with src's bytes, fsyncs it; src may hold at most max_len.
 * made (optional) gets the digest and the source's state. */
int copy_file_synced(const char *src, const char *dest, size_t max_len, struct file_copy *made, struct rw_error *e);
/* The same, but the copy is only on its way to the disk when it returns (a flusher still at it, or its
 * writeback started): the caller waits for it (copy_flushed, then fsync_file) before anything depends on
 * it, and meanwhile does other work. */
int copy_file_started(const char *src, const char *dest, size_t max_len, struct file_copy *made, struct rw_error *e);
/* Waits for what copy_file_started left on its way to the disk (again: the same answer): 0, or -1 with errno.
 * The copy still needs its fsync. */
int copy_flushed(const struct file_copy *made);
/* Ends a copy's flushing, if any; the digest and the source's state stay */
void copy_release(struct file_copy *made);
/* Appends src's bytes (a regular file of at most max_len bytes) to out through the kernel (sendfile): no
 * buffer of the file's size in this process. *len gets the bytes sent. 0, or -1 with e. */
int file_send(const char *src, int out, size_t max_len, size_t *len, struct rw_error *e);
/* A file description of its own for fd's file, open for reading (fd may be open for writing only), so a
 * second thread reads or flushes the file without sharing fd's offset or error reports: -1 with errno */
int reopen_for_reading(int fd);
/* fsync of a file of ours by path ("" is nothing to do) */
int fsync_file(const char *path);
/* New content for a file, written by fill into a new descriptor: 0, or -1 with errno (what the file system
 * refused) or with e (what is wrong with the content itself). A producer writes a file without holding all of
 * it in memory first. */
struct file_content {
	int (*fill)(void *ctx, int fd, struct rw_error *e);
	void *ctx;
};
struct file_bytes {
	const uint8_t *data;
	size_t len;
};
/* The content that is the bytes b holds (b stays the caller's and must outlive the content) */
struct file_content file_content_bytes(struct file_bytes *b);
/* The name of a file's temp copy beside it while replace_file writes it (a kill leaves it there) */
#define REPLACE_TEMP_SUFFIX ".rescuewiz-new"
/* Replaces path by new content: path.rescuewiz-new beside it, fsync, rename over path, fsync the folder.
 * `fault` names the fault points ("<fault>-write", "-fsync", "-rename", "-dirsync"). */
int replace_file(const char *path, const struct file_content *content, const char *fault, struct rw_error *e);
int fsync_dir_of(const char *path);
/* Lets the kernel drop the cached pages of a file that was written out and is not read again */
void drop_cached(const char *path);
/* Reads up to len bytes at `at` (pread), or from the file position when at < 0 (a pipe), again after EINTR
 * and short reads: fewer than len only at the end of the file. The count, or -1 with errno. */
ssize_t read_upto(int fd, void *buf, size_t len, off_t at);
/* Writes all of data (again after EINTR and short writes): 0, or -1 with errno. */
int write_all(int fd, const uint8_t *data, size_t len);

#endif
