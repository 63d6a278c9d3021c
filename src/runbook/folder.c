#include "runbook/folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/files.h"
#include "runbook/runbook.h"

static bool is_empty(int fd)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;
	bool empty = d != NULL;
	if (d)
		rewinddir(d); /* a dup shares the offset of the descriptor: read the folder from its start */
	while (d && empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	else if (dup_fd >= 0)
		close(dup_fd);
	return empty;
}

/* The folder's own entry in its parent is made durable too, or a power cut could lose the whole runbook. */
static void sync_parent(const char *dir)
{
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s", dir);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Opens the folder just made or given (never through a link), checks it is root's, and makes backup/ in it. */
static int open_folder(struct runbook *rb, bool made_here, struct rw_error *e)
{
	struct stat st;
	rb->fd = open(rb->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rb->fd < 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s: can not open the runbook folder (%s)%s", rb->dir, strerror(errno),
			       errno == ELOOP || errno == ENOTDIR ? ": it is a link or not a folder" : "");
	if (fstat(rb->fd, &st) != 0 || st.st_uid != geteuid())
		return rw_fail(e, RW_EXIT_USAGE, "%s belongs to another user: a runbook holds the hives' backups, give a "
			       "folder of your own", rb->dir);
	if (!made_here && !is_empty(rb->fd))
		return rw_fail(e, RW_EXIT_USAGE, "%s already holds files: the runbook of an earlier run is never written "
			       "over (its backup/ may be the only copy of the original hives). Give --runbook a new "
			       "folder.", rb->dir);
	if (fchmod(rb->fd, 0700) != 0 || mkdirat(rb->fd, "backup", 0700) != 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s/backup: %s", rb->dir, strerror(errno));
	rb->backup_fd = openat(rb->fd, "backup", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rb->backup_fd < 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s/backup: %s", rb->dir, strerror(errno));
	/* the snapshot copies the hives by path: this one leads to the folder opened here, whatever is done to the
	 * path of the runbook after it */
	snprintf(rb->backup, sizeof rb->backup, "/proc/self/fd/%d", rb->backup_fd);
	if (access(rb->backup, W_OK) != 0)
		snprintf(rb->backup, sizeof rb->backup, "%s/backup", rb->dir);
	sync_parent(rb->dir);
	return 0;
}

static int given_folder(struct runbook *rb, const char *dir, struct rw_error *e)
{
	snprintf(rb->dir, sizeof rb->dir, "%s", dir);
	if (mkdir(rb->dir, 0700) == 0)
		return open_folder(rb, true, e);
	if (errno != EEXIST)
		return rw_fail(e, RW_EXIT_USAGE, "%s: can not create the runbook folder: %s", rb->dir, strerror(errno));
	return open_folder(rb, false, e);
}

/* rescuewiz-runbook-WIZARD-TIME in the working folder; -2, -3, ... after it when another run of the same
 * second has the name. Characters of the wizard's name that have no place in a file name become '-'. */
static int new_folder(struct runbook *rb, const char *wizard, struct rw_error *e)
{
	char stamp[32], name[64], base[PATH_MAX - 8];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(name, sizeof name, "%s", wizard);
	for (char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
			*p = '-';
	snprintf(base, sizeof base, "rescuewiz-runbook-%s-%s", name, stamp);
	for (int n = 1; n < 100; n++) {
		snprintf(rb->dir, sizeof rb->dir, n == 1 ? "%s" : "%s-%d", base, n);
		if (mkdir(rb->dir, 0700) == 0)
			return open_folder(rb, true, e);
		if (errno != EEXIST)
			return rw_fail(e, RW_EXIT_USAGE, "%s: can not create the runbook folder: %s", rb->dir,
				       strerror(errno));
	}
	return rw_fail(e, RW_EXIT_USAGE, "%s: 99 runbook folders of this second exist already", base);
}

int runbook_create(struct runbook *rb, const char *dir, const char *wizard, struct rw_error *e)
{
	memset(rb, 0, sizeof *rb);
	rb->fd = rb->backup_fd = -1;
	int rc = dir ? given_folder(rb, dir, e) : new_folder(rb, wizard, e);
	if (rc != 0)
		runbook_close(rb);
	return rc;
}

void runbook_close(struct runbook *rb)
{
	if (rb->backup_fd >= 0)
		close(rb->backup_fd);
	if (rb->fd >= 0)
		close(rb->fd);
	rb->fd = rb->backup_fd = -1;
}

int runbook_folder_write(int dirfd, const char *shown, const char *name, void (*write)(FILE *f, void *ctx), void *ctx,
			 char written[SHA256_HEX_LEN], struct rw_error *e)
{
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	if (!mem)
		return rw_fail(e, RW_EXIT_USAGE, "%s/%s: %s", shown, name, strerror(errno));
	write(mem, ctx);
	if (fclose(mem) != 0) {
		int err = errno;
		free(data);
		return rw_fail(e, RW_EXIT_USAGE, "%s/%s: %s", shown, name, strerror(err));
	}
	char hex[SHA256_HEX_LEN];
	sha256_buffer((const uint8_t *)data, len, hex);
	/* what this run wrote there and made durable already */
	if (written && !strcmp(written, hex)) {
		free(data);
		return 0;
	}
	char tmp[256];
	snprintf(tmp, sizeof tmp, ".%s.new", name);
	unlinkat(dirfd, tmp, 0); /* left by a run that was killed while it wrote the file */
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write_all(fd, (const uint8_t *)data, len) == 0 && fsync(fd) == 0;
	int err = errno;
	free(data);
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (ok && renameat(dirfd, tmp, dirfd, name) != 0) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		if (fd >= 0)
			unlinkat(dirfd, tmp, 0);
		return rw_fail(e, RW_EXIT_USAGE, "%s/%s: %s", shown, name, strerror(err));
	}
	if (fsync(dirfd) != 0 && errno != EINVAL)
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", shown, strerror(errno));
	if (written)
		memcpy(written, hex, SHA256_HEX_LEN);
	return 0;
}
