#include "disk/volume.h"

#include "core/cleanup.h"
#include "core/fault.h"
#include "core/files.h"
#include "core/tool_env.h"
#include "disk/loop.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A private folder (0700, root's) in /run, or /tmp where /run is not writable. A mount point lives one level
 * below it: the root of a mounted NTFS shows whatever modes the file system gives it, so the folder around
 * it is what keeps other users of this machine from even reaching the mount. */
static int private_dir(char *out, size_t len, const char *what)
{
	const char *base = access("/run", W_OK) == 0 ? "/run" : "/tmp";
	snprintf(out, len, "%s/rescuewiz-%s.XXXXXX", base, what);
	return mkdtemp(out) ? 0 : -1;
}

static void fill_space(struct volume *v)
{
	struct statvfs sv;
	if (*v->root && statvfs(v->root, &sv) == 0) {
		v->free_bytes = (uint64_t)sv.f_bavail * sv.f_frsize;
		v->total_bytes = (uint64_t)sv.f_blocks * sv.f_frsize;
	}
}

/* Options of the mount of a file system of the target, per driver. ntfs-3g adds allow_other (every local
 * user may enter) unless told no_def_opts, and gives every file mode 0777 unless given a umask: without
 * both, any user of the rescue VM could read the hives and plant files on the broken VM's C: while apply
 * has it mounted read-write. The kernel's vfat takes the same owner and masks. */
static const struct {
	const char *fstype;
	const char *options;
} driver_options[] = {
	{"ntfs-3g", "no_def_opts,uid=0,gid=0,umask=0077"},
	{"vfat", "uid=0,gid=0,fmask=0177,dmask=0077"},
};

int volume_mount_options(const char *fstype, bool rw, char *out, size_t len)
{
	for (size_t i = 0; i < sizeof driver_options / sizeof *driver_options; i++)
		if (!strcmp(driver_options[i].fstype, fstype)) {
			snprintf(out, len, "%s,nosuid,nodev,noexec,%s", rw ? "rw" : "ro", driver_options[i].options);
			return 0;
		}
	return -1;
}

/* Mounts the partition from a loop device of our own (disk/loop.h), known to the cleanup registry before the
 * mount is tried; the mount holds the device once it is made, and the kernel lets it go with the mount. */
static int kernel_mount(const struct volume *v, const struct disk *d, const struct partition *p, const char *fstype,
			bool rw, char *why, size_t why_len)
{
	char opts[256], dev[32];
	if (volume_mount_options(fstype, rw, opts, sizeof opts) != 0) {
		snprintf(why, why_len, "no mount options for %s", fstype);
		return -1;
	}
	int loop = loop_attach(d->path, p->start, p->size, rw, dev, sizeof dev, why, why_len);
	if (loop < 0)
		return -1;
	cleanup_set_loop(v->cleanup, dev);
	struct libmnt_context *cxt = mnt_new_context();
	if (!cxt) {
		close(loop);
		return -1;
	}
	mnt_context_set_source(cxt, dev);
	mnt_context_set_target(cxt, v->root);
	mnt_context_set_fstype(cxt, fstype);
	mnt_context_set_options(cxt, opts);
	int rc = mnt_context_mount(cxt);
	if (rc != 0 || mnt_context_get_status(cxt) != 1) {
		char buf[256] = "";
		mnt_context_get_excode(cxt, rc, buf, sizeof buf);
		snprintf(why, why_len, "%s", *buf ? buf : "mount failed");
		rc = -1;
	}
	mnt_free_context(cxt);
	close(loop);
	return rc;
}

/* The mount point: a folder "volume" in a private folder of its own; registered for cleanup before the mount
 * is made, so a signal at any moment after it finds it. */
static int make_mount_point(struct volume *v, char *why, size_t why_len)
{
	char parent[PATH_MAX - 16];
	if (private_dir(parent, sizeof parent, "mnt") != 0) {
		snprintf(why, why_len, "can not create a mount point: %s", strerror(errno));
		return -1;
	}
	snprintf(v->root, sizeof v->root, "%s/volume", parent);
	v->cleanup = cleanup_add(CLEANUP_MOUNT, v->root);
	if (!v->cleanup || mkdir(v->root, 0700) != 0) {
		snprintf(why, why_len, "can not create a mount point: %s", v->cleanup ? strerror(errno) : "too many");
		if (v->cleanup)
			cleanup_run(v->cleanup);
		else
			rmdir(parent);
		v->cleanup = 0;
		v->root[0] = '\0';
		return -1;
	}
	return 0;
}

static void unmount_here(struct volume *v)
{
	cleanup_run(v->cleanup);
	v->cleanup = 0;
	v->root[0] = '\0';
}

static int open_mounted(struct volume *v, const struct disk *d, const struct partition *p, const char *fstype,
			bool rw, char *why, size_t why_len)
{
	if (make_mount_point(v, why, why_len) != 0)
		return -1;
	if (kernel_mount(v, d, p, fstype, rw, why, why_len) != 0) {
		unmount_here(v);
		return -1;
	}
	if (fault_point("mounted") != 0) {
		snprintf(why, why_len, "injected failure after the mount");
		unmount_here(v);
		return -1;
	}
	v->access = VOLUME_MOUNTED;
	v->mounted_here = true;
	v->writable = rw;
	fill_space(v);
	struct statvfs sv;
	/* ntfs-3g mounts a hibernated or unclean NTFS read-only and still exits 0 when asked for rw */
	if (rw && statvfs(v->root, &sv) == 0 && (sv.f_flag & ST_RDONLY)) {
		snprintf(why, why_len, "it was mounted read-only although rw was asked for (ntfs-3g does that for a "
			 "hibernated or unclean NTFS volume)");
		unmount_here(v);
		return -1;
	}
	return 0;
}

/* Runs an mtools program with MTOOLS_SKIP_CHECK=1 (it refuses images at an offset otherwise); captures up to
 * len-1 bytes of its standard output. Returns its exit status, -1 when it could not run. posix_spawnp, not
 * fork: worker threads may be in malloc meanwhile (hive/open_ahead.h). */
static int run_mtools(char *const argv[], char *out, size_t len)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	char **env = tool_environment();
	pid_t pid = -1;
	int rc = env ? posix_spawnp(&pid, argv[0], &fa, NULL, argv, env) : ENOMEM;
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(pipefd[1]);
	if (rc == 0)
		tool_read_output(pipefd[0], out, len);
	else if (out && len)
		out[0] = '\0';
	close(pipefd[0]);
	int status;
	if (rc != 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* "::/EFI/Microsoft/Boot" from "\EFI\Microsoft\Boot" */
static void mtools_path(const char *winpath, char *out, size_t len)
{
	snprintf(out, len, "::%s%s", winpath[0] == '\\' || winpath[0] == '/' ? "" : "/", winpath);
	for (char *p = out; *p; p++)
		if (*p == '\\')
			*p = '/';
}

static uint64_t mdir_bytes_free(const char *listing)
{
	const char *line = strstr(listing, "bytes free");
	if (!line)
		return 0;
	const char *start = line;
	while (start > listing && start[-1] != '\n')
		start--;
	uint64_t v = 0;
	for (const char *p = start; p < line; p++)
		if (*p >= '0' && *p <= '9')
			v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

static int open_mtools(struct volume *v, const struct disk *d, const struct partition *p, char *why, size_t why_len)
{
	snprintf(v->mtools_image, sizeof v->mtools_image, "%s@@%llu", d->path, (unsigned long long)p->start);
	char listing[8192];
	char *argv[] = {"mdir", "-i", v->mtools_image, "::/", NULL};
	int rc = run_mtools(argv, listing, sizeof listing);
	if (rc != 0) {
		snprintf(why, why_len, rc < 0 ? "mtools is not installed (apt-get install mtools)"
					      : "mtools can not read the FAT file system");
		return -1;
	}
	if (private_dir(v->scratch, sizeof v->scratch, "esp") != 0) {
		snprintf(why, why_len, "can not create a private folder: %s", strerror(errno));
		return -1;
	}
	v->cleanup = cleanup_add(CLEANUP_FOLDER, v->scratch);
	if (!v->cleanup) {
		rmdir(v->scratch);
		snprintf(why, why_len, "can not create a private folder: too many");
		return -1;
	}
	v->access = VOLUME_MTOOLS;
	v->free_bytes = mdir_bytes_free(listing);
	v->total_bytes = p->size;
	return 0;
}

static int open_partition(struct volume *v, const struct disk *d, const struct partition *p, bool rw,
			  struct rw_error *e)
{
	memset(v, 0, sizeof *v);
	v->part = p;
	char why[300] = "", why2[300] = "";
	if (!strcmp(p->fstype, "ntfs")) {
		if (open_mounted(v, d, p, "ntfs-3g", rw, why, sizeof why) == 0)
			return 0;
		return rw_fail(e, RW_EXIT_REFUSED, "partition %d (NTFS) of %s can not be mounted %s: %s",
			       p->number, d->path, rw ? "read-write" : "read-only", why);
	}
	if (!strcmp(p->fstype, "vfat")) {
		/* the kernel driver where there is one; mtools where there is none (never fusefat: it breaks 8.3
		 * names) */
		if (open_mounted(v, d, p, "vfat", rw, why, sizeof why) == 0 ||
		    open_mtools(v, d, p, why2, sizeof why2) == 0)
			return 0;
		return rw_fail(e, RW_EXIT_REFUSED, "partition %d (FAT) of %s can not be read: kernel: %s; mtools: %s",
			       p->number, d->path, why, why2);
	}
	return rw_fail(e, RW_EXIT_REFUSED, "partition %d of %s holds %s, which rescuewiz does not read", p->number,
		       d->path, *p->fstype ? p->fstype : "no known file system");
}

int volume_open(struct volume *v, const struct disk *d, const struct partition *p, struct rw_error *e)
{
	return open_partition(v, d, p, false, e);
}

int volume_open_rw(struct volume *v, const struct disk *d, const struct partition *p, struct rw_error *e)
{
	if (open_partition(v, d, p, true, e) != 0)
		return -1;
	v->writable = true;
	return 0;
}

int volume_open_dir(struct volume *v, const char *dir, struct rw_error *e)
{
	memset(v, 0, sizeof *v);
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return rw_fail(e, RW_EXIT_USAGE, "%s: not a folder", dir);
	if (!realpath(dir, v->root))
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", dir, strerror(errno));
	v->access = VOLUME_DIR;
	fill_space(v);
	return 0;
}

void volume_close(struct volume *v)
{
	cleanup_run(v->cleanup);
	memset(v, 0, sizeof *v);
}

/* One component: the entry of folder fd whose name equals want ignoring ASCII case (Windows' own rule for
 * the names we look up; an exact match wins when a Linux-made volume holds both spellings). */
static bool find_entry(int fd, const char *want, char *found, size_t len)
{
	int dup = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dup >= 0 ? fdopendir(dup) : NULL;
	struct dirent *de;
	bool hit = false;
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, want) || (!hit && !strcasecmp(de->d_name, want))) {
			snprintf(found, len, "%s", de->d_name);
			hit = true;
			if (!strcmp(de->d_name, want))
				break;
		}
	}
	if (d)
		closedir(d);
	else if (dup >= 0)
		close(dup);
	return hit;
}

/* Walks winpath below v->root. 1 found (local and found_as filled), 0 absent, -1 error. */
static int walk(const struct volume *v, const char *winpath, char *local, size_t local_len, char *found_as,
		struct rw_error *e)
{
	char copy[PATH_MAX], shown[PATH_MAX] = "", name[256];
	snprintf(copy, sizeof copy, "%s", winpath);
	snprintf(local, local_len, "%s", v->root);
	int fd = open(v->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", v->root, strerror(errno));
	char *save = NULL;
	int rc = 1;
	for (char *part = strtok_r(copy, "\\/", &save); part; part = strtok_r(NULL, "\\/", &save)) {
		if (!strcmp(part, ".") || !strcmp(part, "..")) {
			rc = rw_fail(e, RW_EXIT_USAGE, "%s: '.' and '..' are not allowed in a path", winpath);
			break;
		}
		if (!find_entry(fd, part, name, sizeof name)) {
			rc = 0;
			break;
		}
		struct stat st;
		if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode)) {
			rc = rw_fail(e, RW_EXIT_REFUSED,
				     "%s\\%s is a link (or a junction): rescuewiz never follows links out of a volume",
				     shown, name);
			break;
		}
		size_t l = strlen(local), s = strlen(shown);
		snprintf(local + l, local_len - l, "/%s", name);
		snprintf(shown + s, sizeof shown - s, "\\%s", name);
		char *next = save && *save ? save : NULL;
		if (next) {
			int nfd = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			close(fd);
			fd = nfd;
			if (fd < 0) {
				rc = 0;
				break;
			}
		}
	}
	if (fd >= 0)
		close(fd);
	if (rc == 1 && found_as)
		snprintf(found_as, PATH_MAX, "%s", shown);
	return rc;
}

/* Copies one file out of a FAT volume with mtools into the private folder; 1 copied, 0 absent. */
static int mtools_fetch(struct volume *v, const char *winpath, char *local, size_t local_len, char *found_as)
{
	static unsigned counter;
	char src[PATH_MAX + 4];
	mtools_path(winpath, src, sizeof src);
	const char *base = strrchr(src, '/');
	snprintf(local, local_len, "%s/%u-%s", v->scratch, ++counter, base ? base + 1 : "file");
	char *argv[] = {"mcopy", "-n", "-m", "-i", v->mtools_image, src, local, NULL};
	if (run_mtools(argv, NULL, 0) != 0 || access(local, F_OK) != 0)
		return 0;
	if (found_as)
		snprintf(found_as, PATH_MAX, "%s", winpath);
	return 1;
}

int volume_resolve(struct volume *v, const char *winpath, char *local, size_t local_len, char *found_as,
		   struct rw_error *e)
{
	if (v->access == VOLUME_MTOOLS)
		return mtools_fetch(v, winpath, local, local_len, found_as);
	return walk(v, winpath, local, local_len, found_as, e);
}

int volume_stat(struct volume *v, const char *winpath, struct volume_entry *out, struct rw_error *e)
{
	char local[PATH_MAX];
	int rc = volume_resolve(v, winpath, local, sizeof local, NULL, e);
	struct stat st;
	if (rc != 1)
		return rc;
	if (lstat(local, &st) != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", local, strerror(errno));
	memset(out, 0, sizeof *out);
	const char *base = strrchr(local, '/');
	snprintf(out->name, sizeof out->name, "%.255s", base ? base + 1 : local);
	out->is_dir = S_ISDIR(st.st_mode);
	out->is_file = S_ISREG(st.st_mode);
	out->size = (uint64_t)st.st_size;
	out->mtime = st.st_mtime;
	return 1;
}

int volume_list(struct volume *v, const char *winpath, struct volume_entry **out, struct rw_error *e)
{
	*out = NULL;
	if (v->access == VOLUME_MTOOLS)
		return 0; /* nothing on the ESP is listed today */
	char local[PATH_MAX];
	int rc = walk(v, winpath, local, sizeof local, NULL, e);
	if (rc != 1)
		return rc;
	DIR *d = opendir(local);
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    S_ISLNK(st.st_mode))
			continue;
		struct volume_entry *grown = realloc(*out, (size_t)(n + 1) * sizeof **out);
		if (!grown)
			break;
		*out = grown;
		struct volume_entry *ent = &(*out)[n++];
		snprintf(ent->name, sizeof ent->name, "%s", de->d_name);
		ent->is_dir = S_ISDIR(st.st_mode);
		ent->is_file = S_ISREG(st.st_mode);
		ent->size = (uint64_t)st.st_size;
		ent->mtime = st.st_mtime;
	}
	if (d)
		closedir(d);
	return n;
}

int volume_open_read(struct volume *v, const char *winpath, struct rw_error *e)
{
	char local[PATH_MAX];
	int rc = volume_resolve(v, winpath, local, sizeof local, NULL, e);
	if (rc != 1)
		return rc < 0 ? -1 : -2;
	char why[80];
	int fd = open_regular(local, why, sizeof why);
	if (fd < 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: %s", winpath, why);
	return fd;
}

long volume_read_head(struct volume *v, const char *winpath, uint8_t *buf, size_t len, struct rw_error *e)
{
	int fd = volume_open_read(v, winpath, e);
	if (fd < 0)
		return fd == -2 ? 0 : -1;
	size_t got = 0;
	ssize_t n;
	while (got < len && (n = read(fd, buf + got, len - got)) > 0)
		got += (size_t)n;
	close(fd);
	return (long)got;
}

int volume_remove(struct volume *v, const char *winpath, struct rw_error *e)
{
	if (v->access == VOLUME_MTOOLS)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: files on FAT are not removed", winpath);
	if (!v->writable && v->access != VOLUME_DIR)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: the volume is open read-only", winpath);
	char local[PATH_MAX];
	struct stat st;
	int rc = walk(v, winpath, local, sizeof local, NULL, e);
	if (rc <= 0)
		return rc;
	if (lstat(local, &st) != 0 || !S_ISREG(st.st_mode))
		return rw_fail(e, RW_EXIT_REFUSED, "%s is not a regular file: not removed", winpath);
	if (unlink(local) != 0 || fsync_dir_of(local) != 0)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "removing %s: %s", winpath, strerror(errno));
	return 1;
}

int volume_replace(struct volume *v, const char *winpath, const struct file_content *content, const char *fault,
		   struct rw_error *e)
{
	if (!v->writable && v->access != VOLUME_DIR)
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s: the volume is open read-only", winpath);
	if (v->access != VOLUME_MTOOLS) {
		char local[PATH_MAX];
		int rc = walk(v, winpath, local, sizeof local, NULL, e);
		if (rc == 0)
			return rw_fail(e, RW_EXIT_ROLLED_BACK, "%s is gone from the volume", winpath);
		return rc < 0 ? -1 : replace_file(local, content, fault, e);
	}
	/* FAT through mtools: mcopy -o replaces the file in place; there is no rename to make it atomic, which
	 * is why the backup is verified before and restored after any failure */
	char tmp[PATH_MAX + 16], dest[PATH_MAX + 4], point[64];
	snprintf(tmp, sizeof tmp, "%s/new", v->scratch);
	mtools_path(winpath, dest, sizeof dest);
	snprintf(point, sizeof point, "%s-write", fault);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct rw_error filled = {0};
	bool ok = fd >= 0 && content->fill(content->ctx, fd, &filled) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	char *argv[] = {"mcopy", "-o", "-i", v->mtools_image, tmp, dest, NULL};
	if (!ok || fault_point(point) != 0 || run_mtools(argv, NULL, 0) != 0) {
		unlink(tmp);
		return rw_fail(e, RW_EXIT_ROLLED_BACK, "writing %s with mtools failed%s%s", winpath,
			       *filled.text ? ": " : "", filled.text);
	}
	unlink(tmp);
	return 0;
}
