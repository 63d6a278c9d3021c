/* The dumps of the Windows volume. Besides MEMORY.DMP and Minidump\*.dmp, a VM that never booted again keeps
 * its dump at offset 0 of the page file on the boot volume or of the DedicatedDumpFile: crashdmp.sys writes
 * into their sectors at the bug check and only the next boot's Smss turns that into MEMORY.DMP (Windows
 * Internals 6th ed. ch. 14; design note section 1). Each file is opened read-only and judged by
 * dump_examine, which reads only the parts its checks need. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot/snapshot.h"

#define MEMORY_DMP "\\Windows\\MEMORY.DMP"
#define MINIDUMP_DIR "\\Windows\\Minidump"
#define PAGE_FILE "\\pagefile.sys"

const char *snapshot_dump_place_name(int place)
{
	static const char *const names[] = {"memory-dmp", "minidump", "page-file", "dedicated-dump-file", "file"};
	return place >= 0 && place <= DUMP_AT_FILE ? names[place] : "?";
}

static bool listed(const struct snapshot *s, int partition, const char *winpath)
{
	for (size_t i = 0; i < s->ndumps; i++)
		if (s->dumps[i].partition == partition && !strcasecmp(s->dumps[i].where, winpath))
			return true;
	return false;
}

static void add_dump(struct snapshot *s, struct volume *v, int partition, int place, const char *winpath)
{
	char found_as[PATH_MAX], local[PATH_MAX];
	if (volume_resolve(v, winpath, local, sizeof local, found_as, NULL) != 1 || listed(s, partition, found_as))
		return;
	int fd = volume_open_read(v, found_as, NULL);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return;
	}
	struct dump_file *grown = realloc(s->dumps, (s->ndumps + 1) * sizeof *grown);
	if (!grown) {
		if (fd >= 0)
			close(fd);
		return;
	}
	s->dumps = grown;
	struct dump_file *d = &s->dumps[s->ndumps++];
	memset(d, 0, sizeof *d);
	d->partition = partition;
	d->place = place;
	snprintf(d->where, sizeof d->where, "%s", found_as);
	if (fd < 0) {
		d->check.verdict = DUMP_UNREADABLE;
		snprintf(d->check.reason, sizeof d->check.reason, "the file could not be opened");
		return;
	}
	d->size = (uint64_t)st.st_size;
	d->mtime = st.st_mtime;
	struct dump_reader r;
	dump_reader_fd(&r, &fd, d->size);
	dump_examine(&r, &d->header, &d->check);
	close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcasecmp(((const struct volume_entry *)a)->name, ((const struct volume_entry *)b)->name);
}

static void find_minidumps(struct snapshot *s, struct volume *v, int partition)
{
	struct volume_entry *list = NULL;
	int n = volume_list(v, MINIDUMP_DIR, &list, NULL);
	if (n > 0)
		qsort(list, (size_t)n, sizeof *list, by_name);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list[i].name);
		if (!list[i].is_file || len < 4 || strcasecmp(list[i].name + len - 4, ".dmp"))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s\\%s", MINIDUMP_DIR, list[i].name);
		add_dump(s, v, partition, DUMP_AT_MINIDUMP, path);
	}
	free(list);
}

/* A path of the registry ("C:\pagefile.sys 0 0", "\??\C:\pagefile.sys", "?:\pagefile.sys",
 * "%SystemRoot%\dd.sys") as a path on the Windows volume, whose letter is `letter`; false when it is on
 * another volume. "?:" is the boot volume (PagingFiles reference of Windows Embedded). */
static bool on_windows_volume(const char *path, char letter, char *out, size_t len)
{
	if (!strncmp(path, "\\??\\", 4))
		path += 4;
	if (!strncasecmp(path, "%SystemRoot%", 12)) {
		snprintf(out, len, "\\Windows%.*s", (int)strcspn(path + 12, " "), path + 12);
		return true;
	}
	if (!strncasecmp(path, "%SystemDrive%", 13)) {
		snprintf(out, len, "%.*s", (int)strcspn(path + 13, " "), path + 13);
		return true;
	}
	if (!path[0] || path[1] != ':' || path[2] != '\\' ||
	    (path[0] != '?' && (path[0] & ~0x20) != (letter & ~0x20)))
		return false;
	snprintf(out, len, "%.*s", (int)strcspn(path + 2, " "), path + 2);
	return true;
}

static const struct control_set *boot_set(const struct snapshot *s)
{
	return s->have_system ? system_control_set(&s->system, system_boot_control_set(&s->system)) : NULL;
}

static void find_page_files(struct snapshot *s, struct volume *v, int partition, char letter)
{
	const struct control_set *cs = boot_set(s);
	char winpath[PATH_MAX];
	add_dump(s, v, partition, DUMP_AT_PAGE_FILE, PAGE_FILE);
	for (size_t i = 0; cs && i < cs->nexisting_page_files; i++)
		if (on_windows_volume(cs->existing_page_files[i], letter, winpath, sizeof winpath))
			add_dump(s, v, partition, DUMP_AT_PAGE_FILE, winpath);
	for (size_t i = 0; cs && i < cs->npaging_files; i++)
		if (on_windows_volume(cs->paging_files[i], letter, winpath, sizeof winpath))
			add_dump(s, v, partition, DUMP_AT_PAGE_FILE, winpath);
}

/* CrashControl\DedicatedDumpFile of the control set Windows boots (a full path, at most 150 characters,
 * Vista / 2008 and later: NTDebugging blog, "How to use the DedicatedDumpFile registry value") */
static void find_dedicated(struct snapshot *s, struct volume *v, int partition, char letter)
{
	const struct control_set *cs = boot_set(s);
	const struct reg_value *ddf = cs ? control_set_crash_value(cs, "DedicatedDumpFile") : NULL;
	char winpath[PATH_MAX];
	if (!ddf || !ddf->text || !*ddf->text)
		return;
	if (!on_windows_volume(ddf->text, letter, winpath, sizeof winpath)) {
		snapshot_problem(s, PROBLEM_NOTE, "dump-file-elsewhere",
				 "%s\\Control\\CrashControl\\DedicatedDumpFile is %.200s, not on the Windows volume (%c:): "
				 "a dump left in it is not looked at.",
				 cs->name, ddf->text, letter);
		return;
	}
	struct volume_entry st;
	if (volume_stat(v, winpath, &st, NULL) != 1)
		snapshot_problem(s, PROBLEM_NOTE, "dump-file-missing",
				 "%s\\Control\\CrashControl\\DedicatedDumpFile is %.200s, which does not exist on the "
				 "Windows volume (Windows creates it at the next boot): no dump is left in it.",
				 cs->name, ddf->text);
	else
		add_dump(s, v, partition, DUMP_AT_DEDICATED, winpath);
}

void snapshot_find_dumps(struct snapshot *s, struct volume *v, int partition)
{
	/* an operator's folder has no partition to look the letter up by: Azure's Windows volume is C: */
	char letter = partition ? snapshot_letter_of(s, partition) : 0;
	if (!letter)
		letter = 'C';
	add_dump(s, v, partition, DUMP_AT_MEMORY_DMP, MEMORY_DMP);
	find_minidumps(s, v, partition);
	find_page_files(s, v, partition, letter);
	find_dedicated(s, v, partition, letter);
}
