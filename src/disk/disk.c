/* Partition tables and file systems come from libblkid; the few bytes Windows cares about that blkid does not
 * report (the MBR disk signature, BitLocker's boot sector) are read here, bounded to one sector. */
#include "disk/disk.h"

#include <blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/number.h"
#include "disk/candidates.h"
#include "ntfs/health.h"

#define SECTOR 512

const char *partition_role_name(int role)
{
	static const char *const names[] = {"", "EFI system", "Microsoft reserved", "Recovery", "Basic data"};
	return role >= 0 && role <= ROLE_BASIC_DATA ? names[role] : "";
}

static int gpt_role(const char *type)
{
	static const struct {
		const char *type;
		int role;
	} roles[] = {
		{GPT_TYPE_ESP, ROLE_ESP},
		{GPT_TYPE_MSR, ROLE_MSR},
		{GPT_TYPE_RECOVERY, ROLE_RECOVERY},
		{GPT_TYPE_BASIC_DATA, ROLE_BASIC_DATA},
	};
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (!strcmp(type, roles[i].type))
			return roles[i].role;
	return ROLE_OTHER;
}

/* MBR types say little: 0x07 is "IFS" (NTFS, exFAT, HPFS), so it is a Windows data volume only when NTFS or
 * BitLocker (which encrypts an NTFS volume) is found in it. 0xef is an EFI system partition, 0x27 the hidden
 * recovery partition Windows setup creates on MBR disks. */
static int mbr_role(const struct partition *p)
{
	/* blkid spells an MBR type "0x7" */
	uint64_t type = 0;
	if (!number_parse(p->type, &type))
		return ROLE_OTHER;
	if (type == 0xef)
		return ROLE_ESP;
	if (type == 0x27)
		return ROLE_RECOVERY;
	if (type == 0x07 && (p->bitlocker || !strcmp(p->fstype, "ntfs")))
		return ROLE_BASIC_DATA;
	return ROLE_OTHER;
}

static void copy_tag(blkid_probe pr, const char *tag, char *out, size_t len)
{
	const char *v = NULL;
	if (blkid_probe_lookup_value(pr, tag, &v, NULL) == 0 && v)
		snprintf(out, len, "%s", v);
}

/* The file system of one partition, probed at its offset inside the whole disk. BitLocker is checked on the
 * boot sector ourselves: blkid only says "BitLocker" when it also finds valid FVE metadata. */
static void probe_filesystem(int fd, struct partition *p)
{
	uint8_t sector[SECTOR];
	if (pread(fd, sector, sizeof sector, (off_t)p->start) == (ssize_t)sizeof sector)
		p->bitlocker = health_is_bitlocker_boot_sector(sector, sizeof sector);
	blkid_probe pr = blkid_new_probe();
	if (pr && blkid_probe_set_device(pr, fd, (blkid_loff_t)p->start, (blkid_loff_t)p->size) == 0) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID);
		if (blkid_do_safeprobe(pr) == 0) {
			copy_tag(pr, "TYPE", p->fstype, sizeof p->fstype);
			copy_tag(pr, "LABEL", p->label, sizeof p->label);
			copy_tag(pr, "UUID", p->uuid, sizeof p->uuid);
		}
	}
	if (pr)
		blkid_free_probe(pr);
	if (p->bitlocker)
		snprintf(p->fstype, sizeof p->fstype, "BitLocker");
}

static void read_gpt_entry(blkid_partition par, struct partition *p)
{
	const char *type = blkid_partition_get_type_string(par);
	const char *uuid = blkid_partition_get_uuid(par);
	const char *name = blkid_partition_get_name(par);
	if (!type || !guid_normalize(type, p->type))
		snprintf(p->type, sizeof p->type, "%s", type ? type : "");
	if (uuid)
		guid_normalize(uuid, p->guid);
	if (name)
		snprintf(p->name, sizeof p->name, "%s", name);
}

/* blkid counts in 512-byte sectors whatever the device's logical sector size. */
static void read_partition(blkid_partition par, const char *pttype, struct partition *p)
{
	memset(p, 0, sizeof *p);
	p->number = blkid_partition_get_partno(par);
	p->start = (uint64_t)blkid_partition_get_start(par) * SECTOR;
	p->size = (uint64_t)blkid_partition_get_size(par) * SECTOR;
	if (!strcmp(pttype, "gpt")) {
		read_gpt_entry(par, p);
	} else {
		snprintf(p->type, sizeof p->type, "0x%02x", blkid_partition_get_type(par) & 0xff);
		p->bootable = (blkid_partition_get_flags(par) & 0x80) != 0;
	}
}

/* What the whole device holds instead of a partition table, for the message: a bare file system usually
 * means a partition was given instead of the disk. */
static void bare_filesystem(int fd, char *out, size_t len)
{
	blkid_probe pr = blkid_new_probe();
	out[0] = '\0';
	if (pr && blkid_probe_set_device(pr, fd, 0, 0) == 0) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
		if (blkid_do_safeprobe(pr) == 0)
			copy_tag(pr, "TYPE", out, len);
	}
	if (pr)
		blkid_free_probe(pr);
}

static int refuse_table(int fd, const struct disk *d, const char *type, struct rw_error *e)
{
	char fs[32];
	if (type)
		return rw_fail(e, RW_EXIT_REFUSED,
			       "%s: the partition table is \"%s\" (expected MBR or GPT); is this the OS disk of a "
			       "Windows VM?",
			       d->path, type);
	bare_filesystem(fd, fs, sizeof fs);
	if (*fs)
		return rw_fail(e, RW_EXIT_REFUSED,
			       "%s: no partition table found (expected MBR or GPT); is this the OS disk of a Windows "
			       "VM? It holds a bare %s file system: give the whole disk (/dev/sdc), not one of its "
			       "partitions (/dev/sdc1).",
			       d->path, fs);
	return rw_fail(e, RW_EXIT_REFUSED,
		       "%s: no partition table found (expected MBR or GPT); is this the OS disk of a Windows VM?",
		       d->path);
}

static int read_table(int fd, struct disk *d, struct rw_error *e)
{
	blkid_probe pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, fd, 0, 0) != 0) {
		if (pr)
			blkid_free_probe(pr);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: libblkid can not read it; check that it is readable (%s)",
			       d->path, d->is_image ? "the image file" : "dmesg for I/O errors");
	}
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	blkid_partlist ls = blkid_probe_get_partitions(pr);
	blkid_parttable tab = ls ? blkid_partlist_get_table(ls) : NULL;
	const char *type = tab ? blkid_parttable_get_type(tab) : NULL;
	int rc = 0;
	if (!type || (strcmp(type, "dos") && strcmp(type, "gpt"))) {
		rc = refuse_table(fd, d, type, e);
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

/* The MBR disk signature (bytes 440..443, little endian) is what BCD device elements and MountedDevices
 * name a Gen1 disk by. */
static uint32_t mbr_signature(int fd)
{
	uint8_t mbr[SECTOR];
	if (pread(fd, mbr, sizeof mbr, 0) != (ssize_t)sizeof mbr)
		return 0;
	return (uint32_t)mbr[440] | (uint32_t)mbr[441] << 8 | (uint32_t)mbr[442] << 16 | (uint32_t)mbr[443] << 24;
}

static void read_model(dev_t dev, char *out, size_t len)
{
	char path[96];
	snprintf(path, sizeof path, "/sys/dev/block/%u:%u/device/model", major(dev), minor(dev));
	sysfs_read_line(path, out, len);
}

static int open_disk(const char *path, struct disk *d, struct rw_error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		if (err == ENOENT)
			return rw_fail(e, RW_EXIT_USAGE, "%s: no such device or image file; lsblk lists the disks",
				       path);
		return rw_fail(e, RW_EXIT_REFUSED, "%s: can not be opened read-only: %s (rescuewiz runs as root)",
			       path, strerror(err));
	}
	d->is_image = S_ISREG(st.st_mode);
	if (!d->is_image && !S_ISBLK(st.st_mode)) {
		close(fd);
		return rw_fail(e, RW_EXIT_USAGE, "%s: neither a disk device nor a disk image file", path);
	}
	if (d->is_image) {
		d->size = (uint64_t)st.st_size;
	} else {
		if (ioctl(fd, BLKGETSIZE64, &d->size) != 0)
			d->size = 0;
		read_model(st.st_rdev, d->model, sizeof d->model);
	}
	return fd;
}

int disk_probe(const char *path, struct disk *d, struct rw_error *e)
{
	memset(d, 0, sizeof *d);
	snprintf(d->path, sizeof d->path, "%s", path);
	int fd = open_disk(path, d, e);
	if (fd < 0)
		return -1;
	if (read_table(fd, d, e) != 0) {
		close(fd);
		return -1;
	}
	if (!strcmp(d->pttype, "dos"))
		d->mbr_signature = mbr_signature(fd);
	for (int i = 0; i < d->nparts; i++) {
		struct partition *p = &d->parts[i];
		if (p->size > 0)
			probe_filesystem(fd, p);
		p->role = !strcmp(d->pttype, "gpt") ? gpt_role(p->type) : mbr_role(p);
	}
	close(fd);
	return 0;
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
	char norm[GUID_TEXT_LEN];
	if (!guid || !guid_normalize(guid, norm))
		return NULL;
	for (int i = 0; i < d->nparts; i++)
		if (!strcmp(d->parts[i].guid, norm))
			return &d->parts[i];
	return NULL;
}

/* The words that tell candidate disks apart on the first screen: each partition's file system and label,
 * and BitLocker, which forbids writing until the volume is unlocked. */
void disk_describe(const struct disk *d, char *out, size_t len)
{
	size_t at = (size_t)snprintf(out, len, "%s, partitions:", !strcmp(d->pttype, "dos") ? "MBR" : "GPT");
	for (int i = 0; i < d->nparts && at < len; i++) {
		const struct partition *p = &d->parts[i];
		if (p->bitlocker)
			at += (size_t)snprintf(out + at, len - at, "%s %d BitLocker", i ? "," : "", p->number);
		else if (*p->fstype && *p->label)
			at += (size_t)snprintf(out + at, len - at, "%s %d %s \"%s\"", i ? "," : "", p->number, p->fstype,
					       p->label);
		else
			at += (size_t)snprintf(out + at, len - at, "%s %d %s", i ? "," : "", p->number,
					       *p->fstype ? p->fstype : "-");
	}
}
