#include "target/disk.h"

#include <blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "target/health.h"

const char *partition_role_name(int role)
{
	static const char *const names[] = {"", "EFI system", "Microsoft reserved", "Recovery", "Basic data"};
	return role >= 0 && role <= ROLE_BASIC_DATA ? names[role] : "";
}

static int role_of(const char *pttype, const struct partition *p)
{
	if (!strcmp(pttype, "gpt")) {
		if (!strcmp(p->type, GPT_TYPE_ESP))
			return ROLE_ESP;
		if (!strcmp(p->type, GPT_TYPE_MSR))
			return ROLE_MSR;
		if (!strcmp(p->type, GPT_TYPE_RECOVERY))
			return ROLE_RECOVERY;
		return strcmp(p->type, GPT_TYPE_BASIC_DATA) ? ROLE_OTHER : ROLE_BASIC_DATA;
	}
	/* MBR: 0x07 is NTFS (or exFAT), 0xef an EFI system partition, 0x27 a hidden recovery partition */
	if (!strcmp(p->type, "0xef"))
		return ROLE_ESP;
	if (!strcmp(p->type, "0x27"))
		return ROLE_RECOVERY;
	return strcmp(p->type, "0x07") ? ROLE_OTHER : ROLE_BASIC_DATA;
}

static void copy_tag(blkid_probe pr, const char *tag, char *out, size_t len)
{
	const char *v = NULL;
	if (blkid_probe_lookup_value(pr, tag, &v, NULL) == 0 && v)
		snprintf(out, len, "%s", v);
}

/* The file system of one partition, probed at its offset inside the whole disk. */
static void probe_filesystem(int fd, struct partition *p)
{
	uint8_t sector[512];
	if (pread(fd, sector, sizeof sector, (off_t)p->start) == (ssize_t)sizeof sector &&
	    health_is_bitlocker_boot_sector(sector, sizeof sector)) {
		p->bitlocker = true;
		snprintf(p->fstype, sizeof p->fstype, "BitLocker");
		return;
	}
	blkid_probe pr = blkid_new_probe();
	if (!pr)
		return;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)p->start, (blkid_loff_t)p->size) == 0) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID);
		if (blkid_do_safeprobe(pr) == 0) {
			copy_tag(pr, "TYPE", p->fstype, sizeof p->fstype);
			copy_tag(pr, "LABEL", p->label, sizeof p->label);
			copy_tag(pr, "UUID", p->uuid, sizeof p->uuid);
		}
	}
	blkid_free_probe(pr);
}

static void read_partition(blkid_partition par, const char *pttype, struct partition *p)
{
	memset(p, 0, sizeof *p);
	p->number = blkid_partition_get_partno(par);
	p->start = (uint64_t)blkid_partition_get_start(par) * 512;
	p->size = (uint64_t)blkid_partition_get_size(par) * 512;
	if (!strcmp(pttype, "gpt")) {
		const char *t = blkid_partition_get_type_string(par), *u = blkid_partition_get_uuid(par);
		const char *name = blkid_partition_get_name(par);
		if (!t || !guid_normalize(t, p->type))
			snprintf(p->type, sizeof p->type, "%s", t ? t : "");
		if (u)
			guid_normalize(u, p->guid);
		if (name)
			snprintf(p->name, sizeof p->name, "%s", name);
	} else {
		snprintf(p->type, sizeof p->type, "0x%02x", blkid_partition_get_type(par));
		p->bootable = (blkid_partition_get_flags(par) & 0x80) != 0;
	}
	p->role = role_of(pttype, p);
}

static int read_table(int fd, struct disk *d, struct rw_error *e)
{
	blkid_probe pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, fd, 0, 0) != 0) {
		if (pr)
			blkid_free_probe(pr);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: can not be probed by libblkid", d->path);
	}
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	blkid_partlist ls = blkid_probe_get_partitions(pr);
	blkid_parttable tab = ls ? blkid_partlist_get_table(ls) : NULL;
	const char *type = tab ? blkid_parttable_get_type(tab) : NULL;
	int rc = 0;
	if (!type || (strcmp(type, "dos") && strcmp(type, "gpt"))) {
		rc = rw_fail(e, RW_EXIT_REFUSED,
			     "%s: %s%s%s: is this the OS disk of a Windows VM? A Windows OS disk has an MBR (Gen1) or "
			     "a GPT (Gen2) partition table",
			     d->path, type ? "unknown partition table " : "no partition table found",
			     type ? type : "", "");
	} else {
		snprintf(d->pttype, sizeof d->pttype, "%s", type);
		const char *id = blkid_parttable_get_id(tab);
		if (!strcmp(type, "gpt") && id)
			guid_normalize(id, d->disk_guid);
		int n = blkid_partlist_numof_partitions(ls);
		for (int i = 0; i < n && d->nparts < DISK_MAX_PARTITIONS; i++)
			read_partition(blkid_partlist_get_partition(ls, i), type, &d->parts[d->nparts++]);
	}
	blkid_free_probe(pr);
	return rc;
}

int disk_probe(const char *path, struct disk *d, struct rw_error *e)
{
	memset(d, 0, sizeof *d);
	snprintf(d->path, sizeof d->path, "%s", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return rw_fail(e, err == ENOENT ? RW_EXIT_USAGE : RW_EXIT_REFUSED, "%s: %s", path, strerror(err));
	}
	d->is_image = S_ISREG(st.st_mode);
	if (!d->is_image && !S_ISBLK(st.st_mode)) {
		close(fd);
		return rw_fail(e, RW_EXIT_USAGE, "%s: neither a disk device nor a disk image file", path);
	}
	if (d->is_image)
		d->size = (uint64_t)st.st_size;
	else if (ioctl(fd, BLKGETSIZE64, &d->size) != 0)
		d->size = 0;
	int rc = read_table(fd, d, e);
	uint8_t mbr[512];
	/* the MBR disk signature (offset 440) is what BCD device elements and MountedDevices name */
	if (rc == 0 && !strcmp(d->pttype, "dos") && pread(fd, mbr, sizeof mbr, 0) == (ssize_t)sizeof mbr)
		d->mbr_signature = (uint32_t)mbr[440] | (uint32_t)mbr[441] << 8 | (uint32_t)mbr[442] << 16 |
				   (uint32_t)mbr[443] << 24;
	for (int i = 0; rc == 0 && i < d->nparts; i++)
		probe_filesystem(fd, &d->parts[i]);
	if (!d->is_image) {
		const char *base = strrchr(path, '/');
		char sys[PATH_MAX];
		snprintf(sys, sizeof sys, "/sys/class/block/%s/device/model", base ? base + 1 : path);
		FILE *f = fopen(sys, "r");
		if (f) {
			if (fgets(d->model, sizeof d->model, f))
				d->model[strcspn(d->model, "\n")] = '\0';
			for (size_t n = strlen(d->model); n && d->model[n - 1] == ' '; n--)
				d->model[n - 1] = '\0';
			fclose(f);
		}
	}
	close(fd);
	return rc;
}

const struct partition *disk_partition(const struct disk *d, int number)
{
	for (int i = 0; i < d->nparts; i++)
		if (d->parts[i].number == number)
			return &d->parts[i];
	return NULL;
}

const struct partition *disk_partition_at(const struct disk *d, uint64_t offset)
{
	for (int i = 0; i < d->nparts; i++)
		if (d->parts[i].start == offset)
			return &d->parts[i];
	return NULL;
}

const struct partition *disk_partition_by_guid(const struct disk *d, const char *guid)
{
	for (int i = 0; i < d->nparts; i++)
		if (*d->parts[i].guid && !strcasecmp(d->parts[i].guid, guid))
			return &d->parts[i];
	return NULL;
}
