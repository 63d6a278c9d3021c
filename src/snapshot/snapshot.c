#include "snapshot/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/files.h"
#include "core/utf16.h"
#include "disk/candidates.h"
#include "ntfs/health.h"
#include "ntfs/ntfs.h"
#include "disk/volume.h"

#define BCD_PATH_GEN2 "\\EFI\\Microsoft\\Boot\\BCD"
#define BCD_PATH_GEN1 "\\Boot\\BCD"
#define SYSTEM_PATH "\\Windows\\System32\\config\\SYSTEM"
#define SOFTWARE_PATH "\\Windows\\System32\\config\\SOFTWARE"

static const char *const log_suffixes[3] = {"LOG", "LOG1", "LOG2"};

void snapshot_problem(struct snapshot *s, int severity, const char *code, const char *fmt, ...)
{
	struct problem *grown = realloc(s->problems, (s->nproblems + 1) * sizeof *grown);
	if (!grown)
		return;
	s->problems = grown;
	struct problem *p = &s->problems[s->nproblems++];
	p->severity = severity;
	snprintf(p->code, sizeof p->code, "%s", code);
	/* one sentence for people that names what the disk holds: printable, as every message (rw_fail) */
	char text[sizeof p->text];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	utf8_printable(text, p->text, sizeof p->text);
}

bool snapshot_refused(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nproblems; i++)
		if (s->problems[i].severity == PROBLEM_REFUSE)
			return true;
	return false;
}

/* Copies a hive file into the snapshot's private folder as NAME (BCD, BCD.LOG1, ...); "" on failure; the copy
 * is on its way to the disk (snapshot_sync_copies waits for it) while the snapshot goes on. The
 * folder is new (the runbook's backup/): a file already there is never replaced. made (optional) gets the
 * copy's digest and the source's state. */
static void keep_copy(const char *dir, const char *src, const char *name, char *out, size_t len, struct file_copy *made)
{
	char dest[PATH_MAX];
	struct rw_error e;
	snprintf(dest, sizeof dest, "%s/%s", dir, name);
	if (made)
		copy_release(made);
	if (copy_file_started(src, dest, HIVE_MAX_BYTES, made, &e) == 0)
		snprintf(out, len, "%s", dest);
	else
		out[0] = '\0';
}

/* Reads the base block of a hive and of the logs beside it (FILE.LOG, .LOG1, .LOG2 in any case).
 * log_paths[i] gets each log's readable path or "". */
static void read_health(struct volume *v, const char *winpath, const char *local, struct hive_file *hf,
			char log_paths[3][PATH_MAX])
{
	const char *present[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3; i++) {
		char logwin[PATH_MAX + 8];
		snprintf(logwin, sizeof logwin, "%s.%s", winpath, log_suffixes[i]);
		log_paths[i][0] = '\0';
		if (volume_resolve(v, logwin, log_paths[i], PATH_MAX, NULL, NULL) == 1)
			present[i] = log_paths[i];
	}
	regf_health_read(local, present, log_suffixes, &hf->health);
}

/* Keeps copies of a hive and its logs (read_health's log_paths) when the request asks for it */
static void keep_copies(const struct snapshot *s, const char *local, const char *name, struct hive_file *hf,
			char log_paths[3][PATH_MAX])
{
	const char *dir = s->request.copy_hives_to;
	if (!dir)
		return;
	keep_copy(dir, local, name, hf->copy, sizeof hf->copy, &hf->copy_made);
	for (int i = 0; i < 3; i++) {
		char logname[32];
		snprintf(logname, sizeof logname, "%s.%s", name, log_suffixes[i]);
		if (*log_paths[i])
			keep_copy(dir, log_paths[i], logname, hf->log_copies[i], sizeof hf->log_copies[i],
				  &hf->log_copies_made[i]);
	}
}

/* Where the replayed hive goes: a file in memory (memfd), read through its /proc path. It is no backup (the
 * backups of the hive and its logs make it again, and rollback never needs it), so it costs the disk
 * nothing: written to backup/ it was 100 MB more to flush before the first write. -1 with errno. */
static int replayed_file(const char *name, char *out, size_t out_len)
{
	char label[64];
	snprintf(label, sizeof label, "rescuewiz-%s-replayed", name);
	int fd = memfd_create(label, MFD_CLOEXEC);
	if (fd >= 0)
		snprintf(out, out_len, "/proc/self/fd/%d", fd);
	return fd;
}

/* A dirty hive: its logs replayed into a new file (replayed_file). Returns the path to read the hive from:
 * the replayed file, or the primary when the logs can not be used. *memfd gets the replayed file's
 * descriptor (-1: none): the snapshot keeps it while the file is the hive's edit base (copy_hives_to), else
 * the caller closes it once the hive is open. */
static const char *replay_dirty(const struct snapshot *s, const char *local, const char *name,
				char log_paths[3][PATH_MAX], struct hive_file *hf, char *out, size_t out_len, int *memfd)
{
	uint8_t *logs_data[3] = {NULL, NULL, NULL};
	size_t len = 0, nlogs = 0;
	struct replay_log logs[3];
	struct rw_error e = {0};
	char logname[3][64];
	*memfd = -1;
	/* the backups' bytes when they were copied from files that did not change meanwhile: the same bytes, read
	 * from the rescue VM's disk instead of a second time through ntfs-3g, and the replayed copy is then
	 * exactly the replay of what backup/ holds */
	const char *from = *hf->copy && hf->copy_made.source.known ? hf->copy : local;
	int fd = replayed_file(name, out, out_len);
	if (fd < 0 || file_send(from, fd, HIVE_MAX_BYTES, &len, &e) != 0) {
		/* without the replayed copy the values and any edit would be the primary's alone: the logs count as
		 * unusable, which apply refuses unless the operator accepts losing them */
		hf->replay_state = -1;
		snprintf(hf->replay.problem, sizeof hf->replay.problem, "the replayed copy can not be made in memory: %s",
			 fd < 0 ? strerror(errno) : e.text);
		if (fd >= 0)
			close(fd);
		return local;
	}
	for (int i = 0; i < 3; i++) {
		size_t n = 0;
		const char *log = *hf->log_copies[i] && hf->log_copies_made[i].source.known ? hf->log_copies[i]
											      : log_paths[i];
		if (!*log_paths[i] || read_file(log, HIVE_MAX_BYTES, &logs_data[i], &n, &e) != 0)
			continue;
		snprintf(logname[i], sizeof logname[i], "%s.%s", name, log_suffixes[i]);
		logs[nlogs++] = (struct replay_log){logname[i], logs_data[i], n};
	}
	int rc = replay_logs_in_file(fd, &len, logs, nlogs, &hf->replay);
	for (int i = 0; i < 3; i++)
		free(logs_data[i]);
	hf->replay_state = rc == 0 ? 1 : -1;
	if (rc != 0) {
		close(fd);
		return local;
	}
	*memfd = fd;
	if (s->request.copy_hives_to) {
		if (hf->replayed_open)
			close(hf->replayed_fd);
		snprintf(hf->replayed, sizeof hf->replayed, "%s", out);
		hf->replayed_fd = fd;
		hf->replayed_open = true;
	}
	return out;
}

enum hive_kind { HIVE_BCD, HIVE_SYSTEM, HIVE_SOFTWARE };

/* Repairs edit BCD and SYSTEM: one whose logs can not be replayed is edited only with the operator's
 * consent (apply_refusal). */
static const char edited_if_logs_unusable[] = "a repair is refused unless you accept losing them (run "
					      "--ignore-bad-logs).";

/* What each hive is to a repair. A damaged BCD or SYSTEM hive refuses the disk; SOFTWARE only names the
 * Windows, so a damaged one is a warning. */
static const struct hive_role {
	const char *name;             /* in messages, and the name of its copies */
	int damaged_severity;
	const char *damaged_code;
	const char *advice;           /* when it is damaged */
	const char *if_logs_unusable; /* what a dirty hive whose logs can not be replayed means */
} hive_roles[] = {
	[HIVE_BCD] = {"BCD", PROBLEM_REFUSE, "hive-corrupt",
		      "Rebuild the store from the recovery console (bcdboot C:\\Windows) or restore it from a backup.",
		      edited_if_logs_unusable},
	[HIVE_SYSTEM] = {"SYSTEM", PROBLEM_REFUSE, "hive-corrupt",
			 "Restore it from a backup (older Windows keep one in config\\RegBack) or from a snapshot of "
			 "the disk.",
			 edited_if_logs_unusable},
	[HIVE_SOFTWARE] = {"SOFTWARE", PROBLEM_WARN, "software-unreadable",
			   "rescuewiz reads it only to name the Windows version, which is not shown; repairs go on "
			   "without it.",
			   "the Windows version shown may be older than the one installed."},
};

static const char *on_partition(int partition, char *buf, size_t len)
{
	if (partition)
		snprintf(buf, len, " on partition %d", partition);
	else
		buf[0] = '\0';
	return buf;
}

static bool edited(const struct snapshot *s, enum hive_kind kind)
{
	const struct snapshot_request *rq = &s->request;
	return rq->copy_hives_to && (kind == HIVE_BCD ? rq->edit_bcd : kind == HIVE_SYSTEM ? rq->edit_system
										: rq->edit_software);
}

/* Opens a hive read-only through a volume; fills hf. Returns the hivex handle or NULL. */
static hive_h *open_hive(struct snapshot *s, struct volume *v, int partition, const char *winpath,
			 struct hive_file *hf, enum hive_kind kind, bool *of_base)
{
	*of_base = false;
	const struct hive_role *role = &hive_roles[kind];
	const char *what = role->name;
	char local[PATH_MAX], found_as[PATH_MAX], where[32];
	struct rw_error e = {0};
	int r = volume_resolve(v, winpath, local, sizeof local, found_as, &e);
	if (r != 1) {
		if (r < 0)
			snapshot_problem(s, PROBLEM_WARN, "unreadable", "%s", e.text);
		return NULL;
	}
	hf->found = true;
	hf->partition = partition;
	snprintf(hf->where, sizeof hf->where, "%s", v->access == VOLUME_DIR && !partition ? local : found_as);
	snprintf(hf->winpath, sizeof hf->winpath, "%s", found_as);
	char log_paths[3][PATH_MAX], replayed[PATH_MAX] = "";
	read_health(v, found_as, local, hf, log_paths);
	/* a clean hive apply edits is opened for writing from its primary while the backup is made of it: the
	 * backup's bytes (the open counts only if the primary stayed as the copy found it), read from the disk
	 * once for both */
	open_ahead_drop(hf->for_edit);
	hf->for_edit = edited(s, kind) && hf->health.state == REGF_CLEAN ? open_ahead_start_copied(local) : NULL;
	keep_copies(s, local, what, hf, log_paths);
	if (hf->for_edit && *hf->copy) {
		open_ahead_expect(hf->for_edit, &hf->copy_made.source);
	} else {
		open_ahead_drop(hf->for_edit);
		hf->for_edit = NULL;
	}
	if (hf->health.state == REGF_INVALID) {
		snapshot_problem(s, role->damaged_severity, role->damaged_code,
				 "the %s hive %s%s is damaged: %s. Nothing will be written to it. %s", what, hf->where,
				 on_partition(partition, where, sizeof where), hf->health.problem, role->advice);
		return NULL;
	}
	int memfd = -1;
	/* a clean hive is read from its backup when there is one: the bytes apply edits, from the rescue VM's
	 * disk instead of a second time through the volume, and the plan reads the same handle */
	const char *readable = hf->health.state == REGF_DIRTY
				       ? replay_dirty(s, local, what, log_paths, hf, replayed, sizeof replayed, &memfd)
				       : *hf->copy ? hf->copy : local;
	/* a dirty one's, of its replayed copy, runs beside the read-only open and the rest of the snapshot */
	if (!hf->for_edit && edited(s, kind) && *snapshot_edit_base(hf))
		hf->for_edit = open_ahead_start(snapshot_edit_base(hf));
	hive_h *h = hivex_open(readable, 0);
	int err = errno;
	*of_base = h && !strcmp(readable, snapshot_edit_base(hf));
	if (memfd >= 0 && !hf->replayed_open)
		close(memfd);
	if (!h) {
		snapshot_problem(s, role->damaged_severity, role->damaged_code,
				 "the %s hive %s%s can not be read (%s). Nothing will be written to it. %s", what,
				 hf->where, on_partition(partition, where, sizeof where), strerror(err), role->advice);
		return NULL;
	}
	if (hf->replay_state == 1)
		snapshot_problem(s, PROBLEM_NOTE, "hive-replayed",
				 "the %s hive %s%s is dirty: %u log entr%s from %s were replayed into a copy, and the "
				 "values shown include them; the disk itself was not changed.",
				 what, hf->where, on_partition(partition, where, sizeof where), hf->replay.entries,
				 hf->replay.entries == 1 ? "y" : "ies", hf->replay.used);
	else if (hf->replay_state == -1)
		snapshot_problem(s, PROBLEM_WARN, "hive-dirty",
				 "the %s hive %s%s is dirty and its logs can not be used (%s). The values shown are "
				 "those of the primary file, without the newest changes; %s",
				 what, hf->where, on_partition(partition, where, sizeof where), hf->replay.problem,
				 role->if_logs_unusable);
	return h;
}

/* Where the snapshot keeps a hive's file, and whether its contents could be read. */
static struct hive_file *file_of(struct snapshot *s, enum hive_kind kind, bool **have)
{
	switch (kind) {
	case HIVE_BCD: *have = &s->have_bcd; return &s->bcd_file;
	case HIVE_SYSTEM: *have = &s->have_system; return &s->system_file;
	default: *have = &s->have_software; return &s->software_file;
	}
}

static int read_contents(struct snapshot *s, enum hive_kind kind, hive_h *h, const char *where, struct rw_error *e)
{
	switch (kind) {
	case HIVE_BCD: return bcd_read(h, where, &s->bcd, e);
	case HIVE_SYSTEM: return system_read(h, where, &s->system, e);
	default: return software_read(h, where, &s->software, e);
	}
}

/* Reads the BCD store, the SYSTEM or the SOFTWARE hive into the snapshot. */
static void read_hive(struct snapshot *s, struct volume *v, int partition, const char *winpath, enum hive_kind kind)
{
	bool *have;
	struct hive_file *hf = file_of(s, kind, &have);
	bool of_base;
	hive_h *h = open_hive(s, v, partition, winpath, hf, kind, &of_base);
	if (!h)
		return;
	struct rw_error e = {0};
	int rc = read_contents(s, kind, h, hf->where, &e);
	if (rc == 0 && of_base) {
		if (hf->reader)
			hivex_close(hf->reader);
		hf->reader = h;
	} else {
		hivex_close(h);
	}
	if (rc != 0) {
		snapshot_problem(s, hive_roles[kind].damaged_severity, hive_roles[kind].damaged_code, "%s", e.text);
		return;
	}
	hf->readable = true;
	*have = true;
}

static bool is_hibernated(struct volume *v)
{
	uint8_t head[8];
	long n = volume_read_head(v, "\\hiberfil.sys", head, sizeof head, NULL);
	return n > 0 && health_is_hibernation_header(head, (size_t)n);
}

/* The sizes of the files a dump depends on: the page file it is written into, hiberfil.sys (a hint of RAM) */
static void note_system_files(struct volume *v, struct volume_info *vi)
{
	struct volume_entry st;
	if (volume_stat(v, "\\pagefile.sys", &st, NULL) == 1 && !st.is_dir)
		vi->pagefile_bytes = st.size;
	if (volume_stat(v, "\\hiberfil.sys", &st, NULL) == 1 && !st.is_dir)
		vi->hiberfil_bytes = st.size;
}

static struct volume_info *add_volume_info(struct snapshot *s, int partition, const struct volume *v)
{
	struct volume_info *vi = &s->volumes[s->nvolumes++];
	memset(vi, 0, sizeof *vi);
	vi->partition = partition;
	if (v) {
		vi->mounted = true;
		vi->free_bytes = v->free_bytes;
		vi->total_bytes = v->total_bytes;
	}
	return vi;
}

/* The Windows volume: SYSTEM and SOFTWARE hives, hibernation, dumps. */
static void read_windows_volume(struct snapshot *s, struct volume *v, struct volume_info *vi)
{
	vi->holds_windows = true;
	note_system_files(v, vi);
	vi->hibernated = is_hibernated(v);
	if (vi->hibernated)
		snapshot_problem(s, PROBLEM_REFUSE, "hibernated",
				 "the Windows volume%s is hibernated (hiberfil.sys holds a saved session): Windows "
				 "would resume that session and drop offline changes. Start the VM and shut it down "
				 "fully (shutdown /s), or have the operator consent to discarding the session.",
				 vi->partition ? " on this disk" : "");
	read_hive(s, v, vi->partition, SYSTEM_PATH, HIVE_SYSTEM);
	struct volume_entry st;
	if (volume_stat(v, SOFTWARE_PATH, &st, NULL) == 1)
		read_hive(s, v, vi->partition, SOFTWARE_PATH, HIVE_SOFTWARE);
	else
		snapshot_problem(s, PROBLEM_WARN, "no-software",
				 "the Windows volume%s holds no Windows\\System32\\config\\SOFTWARE: the Windows "
				 "version is not shown (repairs do not need it).",
				 vi->partition ? " on this disk" : "");
	snapshot_find_dumps(s, v, vi->partition);
}

static void decide_generation_dirs(struct snapshot *s, const char *bcd_winpath)
{
	if (!bcd_winpath) {
		s->generation = 0;
		snprintf(s->generation_why, sizeof s->generation_why, "no BCD store found on the boot volume");
	} else if (!strcasecmp(bcd_winpath, BCD_PATH_GEN2)) {
		s->generation = 2;
		snprintf(s->generation_why, sizeof s->generation_why,
			 "the boot volume holds EFI\\Microsoft\\Boot\\BCD (UEFI boot)");
	} else {
		s->generation = 1;
		snprintf(s->generation_why, sizeof s->generation_why, "the boot volume holds Boot\\BCD (BIOS boot)");
	}
}

/* A volume is closed (unmounted) once no open of a hive on it still reads from it */
static void close_volume(const struct snapshot *s, struct volume *v)
{
	if (v->access != VOLUME_DIR) {
		open_ahead_wait(s->bcd_file.for_edit);
		open_ahead_wait(s->system_file.for_edit);
		open_ahead_wait(s->software_file.for_edit);
	}
	volume_close(v);
}

static int take_dirs(struct snapshot *s, const struct snapshot_request *req, struct rw_error *e)
{
	struct volume win = {0}, boot = {0};
	if (req->windows_dir) {
		if (volume_open_dir(&win, req->windows_dir, e) != 0)
			return -1;
		struct volume_info *vi = add_volume_info(s, 0, &win);
		struct volume_entry st;
		if (volume_stat(&win, SYSTEM_PATH, &st, NULL) == 1)
			read_windows_volume(s, &win, vi);
		else
			snapshot_problem(s, PROBLEM_REFUSE, "no-windows",
					 "%s holds no Windows\\System32\\config\\SYSTEM: give --windows the folder where "
					 "the Windows volume (C:) is mounted.",
					 req->windows_dir);
		close_volume(s, &win);
	}
	if (req->boot_dir) {
		if (volume_open_dir(&boot, req->boot_dir, e) != 0)
			return -1;
		struct volume_info *vi = add_volume_info(s, 0, &boot);
		const char *found = NULL;
		struct volume_entry st;
		if (volume_stat(&boot, BCD_PATH_GEN2, &st, NULL) == 1)
			found = BCD_PATH_GEN2;
		else if (volume_stat(&boot, BCD_PATH_GEN1, &st, NULL) == 1)
			found = BCD_PATH_GEN1;
		if (found) {
			vi->holds_bcd = true;
			read_hive(s, &boot, 0, found, HIVE_BCD);
		} else {
			snapshot_problem(s, PROBLEM_WARN, "no-bcd",
					 "%s holds neither EFI\\Microsoft\\Boot\\BCD nor Boot\\BCD: give --boot the folder "
					 "where the EFI system partition (Gen2) or System Reserved (Gen1) is mounted.",
					 req->boot_dir);
		}
		decide_generation_dirs(s, found);
		close_volume(s, &boot);
	}
	return 0;
}

/* A bare hive file: its folder is an operator directory, so logs beside it are found the same way. */
static int take_file(struct snapshot *s, const char *file, enum hive_kind kind, struct rw_error *e)
{
	char *copy1 = strdup(file), *copy2 = strdup(file);
	int rc = -1;
	struct volume v = {0};
	if (copy1 && copy2 && volume_open_dir(&v, dirname(copy1), e) == 0) {
		char winpath[PATH_MAX];
		snprintf(winpath, sizeof winpath, "\\%s", basename(copy2));
		struct volume_entry st;
		if (volume_stat(&v, winpath, &st, e) != 1 || st.is_dir) {
			rw_fail(e, RW_EXIT_USAGE, "%s: no such file", file);
		} else {
			bool *have;
			read_hive(s, &v, 0, winpath, kind);
			snprintf(file_of(s, kind, &have)->where, PATH_MAX, "%s", file);
			rc = 0;
		}
		close_volume(s, &v);
	}
	free(copy1);
	free(copy2);
	return rc;
}

static void decide_generation_disk(struct snapshot *s, const struct partition *bcd_part)
{
	const struct disk *d = &s->disk;
	const struct partition *esp = NULL;
	for (int i = 0; i < d->nparts && !esp; i++)
		if (d->parts[i].role == ROLE_ESP)
			esp = &d->parts[i];
	if (!strcmp(d->pttype, "gpt") && esp) {
		s->generation = 2;
		snprintf(s->generation_why, sizeof s->generation_why,
			 "GPT partition table with an EFI system partition (partition %d)%s", esp->number,
			 bcd_part == esp ? " holding EFI\\Microsoft\\Boot\\BCD" : "");
	} else if (!strcmp(d->pttype, "dos")) {
		s->generation = 1;
		if (bcd_part)
			snprintf(s->generation_why, sizeof s->generation_why,
				 "MBR partition table; partition %d%s holds Boot\\BCD", bcd_part->number,
				 bcd_part->bootable ? " (active)" : "");
		else
			snprintf(s->generation_why, sizeof s->generation_why, "MBR partition table (BIOS boot)");
	} else {
		s->generation = 0;
		snprintf(s->generation_why, sizeof s->generation_why,
			 "GPT partition table without an EFI system partition: neither a Gen1 nor a Gen2 OS disk");
	}
}

static bool ntfs_dirty(const struct snapshot *s, const struct partition *p)
{
	int fd = open(s->disk.path, O_RDONLY | O_CLOEXEC);
	uint16_t flags = 0;
	char problem[128];
	bool dirty = fd >= 0 && ntfs_volume_flags(fd, p->start, &flags, problem, sizeof problem) == 0 &&
		     (flags & NTFS_VOLUME_IS_DIRTY);
	if (fd >= 0)
		close(fd);
	return dirty;
}

static void take_partition(struct snapshot *s, const struct partition *p, struct volume *v,
			   const struct partition **bcd_part, bool *windows_seen)
{
	struct rw_error e = {0};
	if (p->bitlocker) {
		add_volume_info(s, p->number, NULL);
		snapshot_problem(s, PROBLEM_REFUSE, "bitlocker",
				 "partition %d is BitLocker-encrypted. Unlock it with dislocker and the recovery key, "
				 "mount the unlocked volume, and run rescuewiz with --windows DIR.",
				 p->number);
		return;
	}
	if (strcmp(p->fstype, "ntfs") && strcmp(p->fstype, "vfat"))
		return;
	if (volume_open(v, &s->disk, p, &e) != 0) {
		add_volume_info(s, p->number, NULL);
		snapshot_problem(s, PROBLEM_WARN, "unreadable", "%s", e.text);
		return;
	}
	struct volume_info *vi = add_volume_info(s, p->number, v);
	if (!strcmp(p->fstype, "ntfs"))
		note_system_files(v, vi);
	if (!strcmp(p->fstype, "ntfs") && ntfs_dirty(s, p)) {
		vi->ntfs_dirty = true;
		snapshot_problem(s, PROBLEM_REFUSE, "ntfs-dirty",
				 "partition %d (NTFS) is marked dirty: Windows wants chkdsk to run on it before "
				 "anything writes to it. Nothing will be written. Let Windows run chkdsk /f (from the "
				 "recovery console), then try again.",
				 p->number);
	}
	struct volume_entry st;
	const char *bcd_path = p->role == ROLE_ESP ? BCD_PATH_GEN2 : BCD_PATH_GEN1;
	if (!*bcd_part && volume_stat(v, bcd_path, &st, NULL) == 1) {
		*bcd_part = p;
		vi->holds_bcd = true;
		read_hive(s, v, p->number, bcd_path, HIVE_BCD);
	}
	if (!strcmp(p->fstype, "ntfs") && volume_stat(v, SYSTEM_PATH, &st, NULL) == 1) {
		if (*windows_seen) {
			snapshot_problem(s, PROBLEM_WARN, "several-windows",
					 "partition %d also holds a Windows folder; rescuewiz works on the first one "
					 "(partition %d)",
					 p->number, s->windows_partition);
		} else {
			*windows_seen = true;
			s->windows_partition = p->number;
			read_windows_volume(s, v, vi);
		}
	}
	close_volume(s, v);
}

static int by_partition(const void *a, const void *b)
{
	return ((const struct volume_info *)a)->partition - ((const struct volume_info *)b)->partition;
}

static int take_disk(struct snapshot *s, const char *path, struct rw_error *e)
{
	if (candidates_is_own_disk("/sys", "/proc", path) == 1)
		return rw_fail(e, RW_EXIT_REFUSED,
			       "%s is a disk of this rescue VM itself (it holds /, /boot or swap): rescuewiz never "
			       "works on it. Attach the broken VM's OS disk and give its device.",
			       path);
	if (disk_probe(path, &s->disk, e) != 0)
		return -1;
	s->have_disk = true;
	const struct partition *bcd_part = NULL;
	bool windows_seen = false;
	/* ESPs first: on a Gen2 disk the store on the ESP is the one the firmware boots */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < s->disk.nparts; i++) {
			const struct partition *p = &s->disk.parts[i];
			if ((p->role == ROLE_ESP) != (pass == 0))
				continue;
			struct volume v = {0};
			take_partition(s, p, &v, &bcd_part, &windows_seen);
		}
	qsort(s->volumes, s->nvolumes, sizeof *s->volumes, by_partition);
	decide_generation_disk(s, bcd_part);
	if (!windows_seen && !snapshot_refused(s))
		snapshot_problem(s, PROBLEM_REFUSE, "no-windows",
				 "no Windows installation on %s: no NTFS partition holds Windows\\System32\\config\\SYSTEM. "
				 "Check that this is the OS disk of the broken VM.",
				 path);
	if (!bcd_part)
		snapshot_problem(s, PROBLEM_WARN, "no-bcd",
				 "no BCD store on %s (looked for EFI\\Microsoft\\Boot\\BCD on EFI system partitions and "
				 "Boot\\BCD on NTFS partitions)",
				 path);
	return 0;
}

static int take(struct snapshot *s, const struct snapshot_request *req, struct rw_error *e)
{
	if (req->disk && (req->windows_dir || req->boot_dir || req->bcd_file || req->system_file))
		return rw_fail(e, RW_EXIT_USAGE, "--disk can not be combined with --windows, --boot, --bcd or --system");
	if (req->disk)
		return take_disk(s, req->disk, e);
	if (take_dirs(s, req, e) != 0)
		return -1;
	if (req->bcd_file && take_file(s, req->bcd_file, HIVE_BCD, e) != 0)
		return -1;
	if (req->system_file && take_file(s, req->system_file, HIVE_SYSTEM, e) != 0)
		return -1;
	return 0;
}

int snapshot_sync_copies(const struct snapshot *s, struct rw_error *e)
{
	if (!s->request.copy_hives_to)
		return 0;
	const struct hive_file *files[] = {&s->system_file, &s->software_file, &s->bcd_file};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const struct hive_file *hf = files[i];
		const char *paths[] = {hf->copy, hf->log_copies[0], hf->log_copies[1], hf->log_copies[2]};
		const struct file_copy *made[] = {&hf->copy_made, &hf->log_copies_made[0], &hf->log_copies_made[1],
						  &hf->log_copies_made[2]};
		for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
			if (copy_flushed(made[k]) != 0 || fsync_file(paths[k]) != 0)
				return rw_fail(e, RW_EXIT_REFUSED, "%s: the backup can not be written to its disk: %s",
					       paths[k], strerror(errno));
	}
	char probe[PATH_MAX + 8];
	snprintf(probe, sizeof probe, "%s/.", s->request.copy_hives_to);
	if (fsync_dir_of(probe) != 0)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: the backup folder can not be written to its disk: %s",
			       s->request.copy_hives_to, strerror(errno));
	return 0;
}

int snapshot_take(struct snapshot *s, const struct snapshot_request *req, struct rw_error *e)
{
	memset(s, 0, sizeof *s);
	s->request = *req;
	utf16_preload();
	int rc = take(s, req, e);
	if (rc == 0)
		snapshot_check_crash_control(s);
	return rc;
}

const char *snapshot_edit_base(const struct hive_file *hf)
{
	return *hf->replayed ? hf->replayed : hf->copy;
}

void snapshot_free(struct snapshot *s)
{
	struct hive_file *files[] = {&s->system_file, &s->software_file, &s->bcd_file};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		if (files[i]->reader)
			hivex_close(files[i]->reader);
		if (files[i]->replayed_open)
			close(files[i]->replayed_fd);
		copy_release(&files[i]->copy_made);
		for (size_t k = 0; k < 3; k++)
			copy_release(&files[i]->log_copies_made[k]);
	}
	open_ahead_drop(s->bcd_file.for_edit);
	open_ahead_drop(s->system_file.for_edit);
	open_ahead_drop(s->software_file.for_edit);
	if (s->have_bcd)
		bcd_free(&s->bcd);
	if (s->have_system)
		system_free(&s->system);
	free(s->dumps);
	free(s->problems);
	memset(s, 0, sizeof *s);
}
