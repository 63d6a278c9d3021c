#include "diskgen/diskgen.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "diskgen/dirty.h"
#include "diskgen/dump_build.h"
#include "diskgen/hive_minimal.h"
#include "diskgen/specs.h"
#include "diskgen/ntfs_dirty.h"
#include "diskgen/tool.h"
#include "diskgen/triage_dumps.h"

void disk_desc_defaults(struct disk_desc *d)
{
	if (!d->size_mib)
		d->size_mib = 2048;
	if (!d->control_sets)
		d->control_sets = d->generation == 1 ? 2 : 3;
	if (!d->current)
		d->current = 1;
	if (!d->deflt)
		d->deflt = d->current;
	if (!d->last_known_good)
		d->last_known_good = d->control_sets;
	if (!d->emssettings_set)
		d->emssettings = d->generation == 1;
	if (!d->loaders)
		d->loaders = d->generation == 1 ? 1 : 2;
	if (d->default_elsewhere && d->loaders < 2)
		d->loaders = 2;
	if (!d->dump_ram_mib)
		d->dump_ram_mib = 8192;
	if (!d->pagefile_mib)
		d->pagefile_mib = 4;
}

void disk_desc_free(struct disk_desc *d)
{
	free(d->system_extra);
	free(d->bcd_extra);
	free(d->system_in_logs);
	memset(d, 0, sizeof *d);
}

/* What the build has made that must be undone: the loop device and the mount of the volume being filled,
 * and the scratch folder. */
struct build {
	const struct disk_desc *d;
	const char *image;
	struct disk_layout l;
	char work[PATH_MAX], mnt[PATH_MAX + 8];
	char loop[64];
	bool mounted;
	int undo;      /* the cleanup registry's handle of the loop device and its mount: a signal undoes them */
	struct rw_error *e;
};

static int attach(struct build *b, uint64_t start, uint64_t sectors)
{
	char off[32], size[32], out[256];
	snprintf(off, sizeof off, "%llu", (unsigned long long)(start * 512));
	snprintf(size, sizeof size, "%llu", (unsigned long long)(sectors * 512));
	char *argv[] = {"losetup", "-f", "--show", "-o", off, "--sizelimit", size, (char *)b->image, NULL};
	if (tool_run(argv, NULL, out, sizeof out, b->e) != 0)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	if (strncmp(out, "/dev/loop", 9) != 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "losetup gave no loop device (it said '%.100s')", out);
	snprintf(b->loop, sizeof b->loop, "%s", out);
	b->undo = cleanup_add(CLEANUP_MOUNT, b->mnt);
	if (b->undo)
		cleanup_set_loop(b->undo, b->loop);
	return 0;
}

static void detach(struct build *b)
{
	if (b->mounted && umount(b->mnt) == 0)
		b->mounted = false;
	if (*b->loop) {
		/* still held by an ntfs-3g that is going away, the device is freed when it lets go */
		char *argv[] = {"losetup", "-d", b->loop, NULL};
		tool_run(argv, NULL, NULL, 0, NULL);
		b->loop[0] = '\0';
	}
	cleanup_forget(b->undo);
	b->undo = 0;
}

/* mkntfs -Q keeps the image sparse; -p/-H/-S fill the boot sector fields Windows needs (mkntfs can not find
 * them on a loop device); ntfslabel gives each volume its own serial (mkntfs gives volumes made in the same
 * second the same one). Leaves the volume mounted at b->mnt through ntfs-3g. */
static int format_and_mount(struct build *b, uint64_t start, uint64_t sectors, const char *label, const char *serial)
{
	char startarg[32];
	snprintf(startarg, sizeof startarg, "%llu", (unsigned long long)start);
	if (attach(b, start, sectors) != 0)
		return -1;
	char *mkntfs[] = {"mkntfs", "-Q", "-q", "-F", "-L", (char *)label, "-p", startarg, "-H", "255", "-S", "63", b->loop, NULL};
	char serialarg[48];
	snprintf(serialarg, sizeof serialarg, "--new-serial=%s", serial);
	char *ntfslabel[] = {"ntfslabel", serialarg, b->loop, NULL};
	char *ntfs3g[] = {"ntfs-3g", b->loop, b->mnt, NULL};
	if (tool_run(mkntfs, NULL, NULL, 0, b->e) != 0 || tool_run(ntfslabel, NULL, NULL, 0, b->e) != 0 ||
	    tool_run(ntfs3g, NULL, NULL, 0, b->e) != 0)
		return -1;
	b->mounted = true;
	return 0;
}

/* DIR/a/b/c: every missing folder made */
static int put_dirs(struct build *b, const char *rel)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/%s", b->mnt, rel);
	for (char *p = path + strlen(b->mnt) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not make it: %s", path, strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not make it: %s", path, strerror(errno));
	return 0;
}

/* a file of the volume: `data` (len bytes) and then holes up to `size` */
static int put_file(struct build *b, const char *rel, const void *data, size_t len, uint64_t size)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/%s", b->mnt, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not write it: %s", path, strerror(errno));
	int rc = (len == 0 || write(fd, data, len) == (ssize_t)len) && (size <= len || ftruncate(fd, (off_t)size) == 0)
			 ? 0
			 : -1;
	if (close(fd) != 0 || rc != 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not write it: %s", path, strerror(errno));
	return 0;
}

static int put_copy(struct build *b, const char *rel, const char *from)
{
	FILE *f = fopen(from, "rb");
	if (!f)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: %s", from, strerror(errno));
	static uint8_t buf[16u << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return put_file(b, rel, buf, n, 0);
}

/* a dump file as `s` describes it, `size` bytes long (0: where the dump ends) */
static int put_dump_spec(struct build *b, const char *rel, const struct dump_spec *s, uint64_t size)
{
	size_t len;
	uint8_t *bytes = dump_build(s, &len);
	if (!bytes)
		return rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
	if (!size)
		size = dump_build_size(s);
	int rc = put_file(b, rel, bytes, len < size ? len : (size_t)size, size);
	free(bytes);
	return rc;
}

/* a dump of the last crash, as spec_dump describes it */
static int put_dump(struct build *b, const char *rel, bool memory_dmp)
{
	struct dump_spec s;
	spec_dump(b->d, memory_dmp, &s);
	return put_dump_spec(b, rel, &s, 0);
}

/* The names of the files Windows reads, in the case the disk writes them */
struct names {
	const char *config, *system, *software, *memory_dmp, *minidump, *minidump_dir, *boot, *bcd;
};

static const struct names *names_of(const struct disk_desc *d)
{
	static const struct names usual = {"Windows/System32/config", "SYSTEM", "SOFTWARE", "Windows/MEMORY.DMP",
					   "Windows/Minidump/112426-01.dmp", "Windows/Minidump", "Boot", "BCD"},
				  mixed = {"WINDOWS/System32/CONFIG", "system", "software", "WINDOWS/MEMORY.DMP",
					   "WINDOWS/Minidump/112426-01.dmp", "WINDOWS/Minidump", "boot", "bcd"};
	return d->mixed_case ? &mixed : &usual;
}

/* the hive `name` of `dir` as `dest` in the config folder, with its logs (empty when the hive has none) */
static int put_hive_files(struct build *b, const char *dir, const char *name, const char *dest)
{
	const char *config = names_of(b->d)->config;
	char rel[256], from[PATH_MAX + 32];
	snprintf(rel, sizeof rel, "%s/%s", config, dest);
	snprintf(from, sizeof from, "%s/%s", dir, name);
	if (put_copy(b, rel, from) != 0)
		return -1;
	static const char *const logs[] = {"LOG1", "LOG2"};
	for (int i = 0; i < 2; i++) {
		snprintf(rel, sizeof rel, "%s/%s.%s", config, dest, logs[i]);
		snprintf(from, sizeof from, "%s/%s.%s", dir, name, logs[i]);
		if (access(from, R_OK) == 0 ? put_copy(b, rel, from) != 0 : put_file(b, rel, "", 0, 0) != 0)
			return -1;
	}
	return 0;
}

/* the dumps of the dumps test disk, over the usual ones */
static int put_triage_dumps(struct build *b)
{
	struct triage_dump_file files[TRIAGE_DUMP_FILES];
	triage_dump_files(files);
	for (size_t i = 0; i < TRIAGE_DUMP_FILES; i++)
		if (put_dump_spec(b, files[i].path, &files[i].spec, files[i].size) != 0)
			return -1;
	return 0;
}

/* C:, as Windows leaves it: the hives with their logs, a page file, the dumps of the last crashes */
static int fill_windows(struct build *b, const char *hives)
{
	const struct names *n = names_of(b->d);
	if (put_dirs(b, n->config) != 0 || put_dirs(b, n->minidump_dir) != 0 ||
	    put_hive_files(b, hives, "SYSTEM", n->system) != 0 || put_hive_files(b, hives, "SOFTWARE", n->software) != 0 ||
	    put_file(b, "pagefile.sys", "", 0, b->d->pagefile_mib << 20) != 0 ||
	    put_dump(b, n->memory_dmp, true) != 0 || put_dump(b, n->minidump, false) != 0)
		return -1;
	if (b->d->triage_dumps && put_triage_dumps(b) != 0)
		return -1;
	return b->d->hibernated ? put_file(b, "hiberfil.sys", "HIBR", 4, 65536) : 0;
}

static int fill_system_reserved(struct build *b, const char *hives)
{
	const struct names *n = names_of(b->d);
	char from[PATH_MAX + 8], bcd[64];
	snprintf(from, sizeof from, "%s/BCD", hives);
	snprintf(bcd, sizeof bcd, "%s/%s", n->boot, n->bcd);
	if (put_dirs(b, n->boot) != 0 || put_dirs(b, "Recovery/WindowsRE") != 0 || put_copy(b, bcd, from) != 0)
		return -1;
	static const char *const logs[] = {"LOG", "LOG1", "LOG2"};
	for (int i = 0; i < 3; i++) {
		char log[80];
		snprintf(log, sizeof log, "%s.%s", bcd, logs[i]);
		if (put_file(b, log, "", 0, 0) != 0)
			return -1;
	}
	if (put_file(b, "bootmgr", "", 0, 0) != 0)
		return -1;
	return put_file(b, "Recovery/WindowsRE/Winre.wim", "", 0, 1u << 20);
}

/* Gen1 with one volume: System Reserved's files beside Windows */
static int fill_single(struct build *b, const char *hives)
{
	return fill_system_reserved(b, hives) == 0 ? fill_windows(b, hives) : -1;
}

static int fill_data(struct build *b, const char *hives)
{
	(void)hives;
	return put_dirs(b, "Data") == 0 ? put_file(b, "Data/readme.txt", "no Windows here\n", 16, 0) : -1;
}

static int fill_recovery(struct build *b, const char *hives)
{
	(void)hives;
	if (put_dirs(b, "Recovery/WindowsRE") != 0)
		return -1;
	return put_file(b, "Recovery/WindowsRE/Winre.wim", "", 0, 1u << 20);
}

static int volume(struct build *b, uint64_t start, uint64_t sectors, const char *label, const char *serial,
		  int (*fill)(struct build *, const char *), const char *hives)
{
	int rc = format_and_mount(b, start, sectors, label, serial) == 0 ? fill(b, hives) : -1;
	detach(b);
	return rc;
}

/* The ESP: FAT32 written straight into the image at its offset (no loop device, no vfat module) and filled
 * with mtools. mkfs.fat warns that the image is larger than the file system: that is what --offset does. */
static int esp(struct build *b, const char *hives)
{
	char hidden[32], offset[32], blocks[32], target[PATH_MAX + 64], bcd[PATH_MAX + 8], empty[PATH_MAX + 16],
		efi[PATH_MAX + 16];
	snprintf(hidden, sizeof hidden, "%llu", (unsigned long long)b->l.boot_start);
	snprintf(offset, sizeof offset, "--offset=%llu", (unsigned long long)b->l.boot_start);
	snprintf(blocks, sizeof blocks, "%llu", (unsigned long long)(b->l.boot_sectors / 2));
	snprintf(target, sizeof target, "%s@@%llu", b->image, (unsigned long long)(b->l.boot_start * 512));
	snprintf(bcd, sizeof bcd, "%s/BCD", hives);
	snprintf(empty, sizeof empty, "%s/empty", b->work);
	snprintf(efi, sizeof efi, "%s/bootx64.efi", b->work);
	FILE *f = fopen(empty, "w");
	if (f)
		fclose(f);
	f = fopen(efi, "w");
	if (f)
		fputs("MZ", f), fclose(f);
	char *mkfs[] = {"mkfs.fat", "-F", "32", "-s", "1", "-n", "SYSTEM", "-h", hidden, offset, (char *)b->image, blocks, NULL};
	char *mmd[] = {"mmd", "-i", target, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot", "::EFI/Boot", NULL};
	char *copies[][6] = {
		{"mcopy", "-i", target, bcd, "::EFI/Microsoft/Boot/BCD", NULL},
		{"mcopy", "-i", target, empty, "::EFI/Microsoft/Boot/BCD.LOG1", NULL},
		{"mcopy", "-i", target, empty, "::EFI/Microsoft/Boot/BCD.LOG2", NULL},
		{"mcopy", "-i", target, efi, "::EFI/Boot/bootx64.efi", NULL},
	};
	if (tool_run(mkfs, NULL, NULL, 0, b->e) != 0 || tool_run(mmd, NULL, NULL, 0, b->e) != 0)
		return -1;
	for (size_t i = 0; i < sizeof copies / sizeof *copies; i++)
		if (tool_run(copies[i], NULL, NULL, 0, b->e) != 0)
			return -1;
	return 0;
}

static int hive(struct build *b, const char *dir, const char *name, char *spec)
{
	char path[PATH_MAX + 16], err[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!spec)
		return rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
	int rc = 0;
	if (hive_minimal_write(path, "ROOT") != 0)
		rc = rw_fail(b->e, RW_EXIT_USAGE, "%s: %s", path, strerror(errno));
	else if (hive_spec_apply(path, spec, err, sizeof err) != 0)
		rc = rw_fail(b->e, RW_EXIT_USAGE, "the %s hive of the disk: %s", name, err);
	free(spec);
	return rc;
}

/* The damaged hives of the test disks: SYSTEM cut short; BCD's base block signature and its first bin
 * header overwritten */
static int damage(struct build *b, const char *dir)
{
	char path[PATH_MAX + 16];
	int rc = 0;
	if (b->d->truncated_system) {
		snprintf(path, sizeof path, "%s/SYSTEM", dir);
		rc = truncate(path, 6000);
	}
	if (rc == 0 && b->d->damaged_bcd) {
		snprintf(path, sizeof path, "%s/BCD", dir);
		int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		rc = fd >= 0 && pwrite(fd, "garbage!", 8, 4096) == 8 && pwrite(fd, "XX", 2, 16) == 2 ? 0 : -1;
		if (fd >= 0 && close(fd) != 0)
			rc = -1;
	}
	return rc == 0 ? 0 : rw_fail(b->e, RW_EXIT_USAGE, "%s: can not damage it: %s", path, strerror(errno));
}

static int hives(struct build *b, const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not make it: %s", dir, strerror(errno));
	if (hive(b, dir, "BCD", spec_bcd(b->d, &b->l)) != 0 || hive(b, dir, "SYSTEM", spec_system(b->d, &b->l)) != 0 ||
	    hive(b, dir, "SOFTWARE", spec_software(b->d)) != 0 || damage(b, dir) != 0)
		return -1;
	if (!b->d->system_in_logs)
		return 0;
	char clean[PATH_MAX + 16], sys[PATH_MAX + 16], l1[PATH_MAX + 16], l2[PATH_MAX + 16], exp[PATH_MAX + 24];
	snprintf(clean, sizeof clean, "%s/SYSTEM.clean", dir);
	snprintf(sys, sizeof sys, "%s/SYSTEM", dir);
	snprintf(l1, sizeof l1, "%s/SYSTEM.LOG1", dir);
	snprintf(l2, sizeof l2, "%s/SYSTEM.LOG2", dir);
	snprintf(exp, sizeof exp, "%s/SYSTEM.expected", dir);
	if (rename(sys, clean) != 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: %s", sys, strerror(errno));
	int rc = hive_make_dirty(clean, b->d->system_in_logs, sys, l1, l2, exp, b->e);
	unlink(clean);
	return rc;
}

static int make_image(struct build *b)
{
	int fd = open(b->image, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not make it: %s", b->image, strerror(errno));
	int rc = ftruncate(fd, (off_t)(b->l.sectors * 512));
	close(fd);
	if (rc != 0)
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: can not size it: %s", b->image, strerror(errno));
	if (b->d->shape == DISK_BLANK)
		return 0;
	char *script = spec_partitions(b->d, &b->l);
	char *sfdisk[] = {"sfdisk", "-q", "--no-tell-kernel", (char *)b->image, NULL};
	rc = script ? tool_run(sfdisk, script, NULL, 0, b->e) : rw_fail(b->e, RW_EXIT_USAGE, "out of memory");
	free(script);
	return rc;
}

/* BitLocker: the -FVE-FS- signature where NTFS has its OEM name, as a locked volume shows it */
static int lock_windows(struct build *b)
{
	int fd = open(b->image, O_WRONLY | O_CLOEXEC);
	int rc = fd >= 0 && pwrite(fd, "-FVE-FS-", 8, (off_t)(b->l.windows_start * 512 + 3)) == 8 ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc == 0 ? 0 : rw_fail(b->e, RW_EXIT_USAGE, "%s: %s", b->image, strerror(errno));
}

/* C: marked dirty, and ntfsinfo (not our reader) seeing it so */
static int dirty_windows(struct build *b)
{
	if (ntfs_mark_dirty(b->image, b->l.windows_start * 512, b->e) != 0 ||
	    attach(b, b->l.windows_start, b->l.windows_sectors) != 0)
		return -1;
	char out[8192];
	char *ntfsinfo[] = {"ntfsinfo", "-f", "-m", b->loop, NULL};
	int rc = tool_run(ntfsinfo, NULL, out, sizeof out, b->e);
	detach(b);
	if (rc == 0 && !strstr(out, "Volume Flags: 0x0001 DIRTY"))
		return rw_fail(b->e, RW_EXIT_USAGE, "%s: ntfsinfo does not see the dirty flag of C:", b->image);
	return rc;
}

/* what is done to C: once it is filled and let go */
static int finish_windows(struct build *b)
{
	if (b->d->ntfs_dirty && dirty_windows(b) != 0)
		return -1;
	return b->d->bitlocker ? lock_windows(b) : 0;
}

static int build_all(struct build *b, const char *hives_dir)
{
	if (make_image(b) != 0)
		return -1;
	if (b->d->shape == DISK_BLANK)
		return 0;
	if (b->d->shape == DISK_DATA_ONLY)
		return volume(b, b->l.windows_start, b->l.windows_sectors, "Data", "1A2B3C4D00000021", fill_data, NULL);
	if (hives(b, hives_dir) != 0)
		return -1;
	if (b->d->single_volume) {
		if (volume(b, b->l.windows_start, b->l.windows_sectors, "Windows", "1A2B3C4D00000001", fill_single,
			   hives_dir) != 0)
			return -1;
		return finish_windows(b);
	}
	if (b->d->generation == 1) {
		if (volume(b, b->l.boot_start, b->l.boot_sectors, "System Reserved", "1A2B3C4D00000001",
			   fill_system_reserved, hives_dir) != 0)
			return -1;
	} else if (esp(b, hives_dir) != 0 || volume(b, b->l.recovery_start, b->l.recovery_sectors, "Recovery",
						    "1A2B3C4D00000011", fill_recovery, hives_dir) != 0)
		return -1;
	if (volume(b, b->l.windows_start, b->l.windows_sectors, "Windows", b->d->generation == 1 ? "1A2B3C4D00000002" : "1A2B3C4D00000014",
		   fill_windows, hives_dir) != 0)
		return -1;
	return finish_windows(b);
}

static void remove_tree_files(const char *dir)
{
	static const char *const names[] = {"empty", "bootx64.efi", "hives/BCD", "hives/SYSTEM", "hives/SOFTWARE",
					    "hives/SYSTEM.LOG1", "hives/SYSTEM.LOG2", "hives/SYSTEM.expected",
					    "hives", "mnt", NULL};
	char path[PATH_MAX + 32];
	for (const char *const *n = names; *n; n++) {
		snprintf(path, sizeof path, "%s/%s", dir, *n);
		if (unlink(path) != 0)
			rmdir(path);
	}
	rmdir(dir);
}

int diskgen_build(const struct disk_desc *desc, const char *image, const char *hives_dir, struct rw_error *e)
{
	struct disk_desc d = *desc;
	if (d.shape == DISK_WINDOWS && d.generation != 1 && d.generation != 2)
		return rw_fail(e, RW_EXIT_USAGE, "a generated disk is Gen1 or Gen2, not %d", d.generation);
	disk_desc_defaults(&d);
	struct build b = {.d = &d, .image = image, .e = e};
	disk_layout_of(&d, &b.l);
	if (d.size_mib < 1024 || d.size_mib > (1u << 20))
		return rw_fail(e, RW_EXIT_USAGE, "a generated disk is 1024 MiB to 1 TiB, not %llu MiB",
			       (unsigned long long)d.size_mib);
	if (d.current > d.control_sets || d.deflt > d.control_sets || d.last_known_good > d.control_sets)
		return rw_fail(e, RW_EXIT_USAGE, "Select names a control set beyond the %u the disk has", d.control_sets);
	char tmpl[PATH_MAX];
	const char *slash = strrchr(image, '/');
	snprintf(tmpl, sizeof tmpl, "%.*s.rescuewiz-build.XXXXXX", slash ? (int)(slash - image + 1) : 0, image);
	if (!mkdtemp(tmpl))
		return rw_fail(e, RW_EXIT_USAGE, "%s: can not make a scratch folder: %s", tmpl, strerror(errno));
	snprintf(b.work, sizeof b.work, "%s", tmpl);
	snprintf(b.mnt, sizeof b.mnt, "%s/mnt", b.work);
	char own_hives[PATH_MAX + 8];
	snprintf(own_hives, sizeof own_hives, "%s/hives", b.work);
	int rc = mkdir(b.mnt, 0700) == 0 ? build_all(&b, hives_dir ? hives_dir : own_hives)
					 : rw_fail(e, RW_EXIT_USAGE, "%s: %s", b.mnt, strerror(errno));
	detach(&b);
	remove_tree_files(b.work);
	return rc;
}
