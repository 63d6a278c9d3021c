/* Where BCD device elements and MountedDevices entries point, in terms of the attached disk. A disk copy
 * may carry a different signature or GUIDs than the loader names: then the answer is "not on this disk",
 * never a guess by size or position. */
#include <stdio.h>
#include <string.h>

#include "snapshot/snapshot.h"

static void describe_partition(const struct snapshot *s, const struct partition *p, struct device_location *out)
{
	char letter = snapshot_letter_of(s, p->number);
	char what[96];
	if (*p->label)
		snprintf(what, sizeof what, "%s \"%s\"", *p->fstype ? p->fstype : "no file system", p->label);
	else
		snprintf(what, sizeof what, "%s", *p->fstype ? p->fstype : partition_role_name(p->role));
	out->partition = p->number;
	out->on_this_disk = true;
	if (letter)
		snprintf(out->text, sizeof out->text, "partition %d (%c:, %s)", p->number, letter, what);
	else
		snprintf(out->text, sizeof out->text, "partition %d (%s)", p->number, what);
}

static void locate_mbr(const struct snapshot *s, uint32_t signature, uint64_t offset, struct device_location *out)
{
	const struct disk *d = &s->disk;
	if (strcmp(d->pttype, "dos") || d->mbr_signature != signature) {
		snprintf(out->text, sizeof out->text, "not on this disk (MBR disk 0x%08x, partition at %llu MiB)",
			 signature, (unsigned long long)(offset >> 20));
		return;
	}
	const struct partition *p = disk_partition_at(d, offset);
	if (p)
		describe_partition(s, p, out);
	else
		snprintf(out->text, sizeof out->text, "this disk (0x%08x), but no partition starts at byte %llu",
			 signature, (unsigned long long)offset);
}

static void locate_gpt(const struct snapshot *s, const char *partition_guid, struct device_location *out)
{
	const struct partition *p = disk_partition_by_guid(&s->disk, partition_guid);
	if (p)
		describe_partition(s, p, out);
	else
		snprintf(out->text, sizeof out->text, "not on this disk (GPT partition %s)", partition_guid);
}

void snapshot_locate_device(const struct snapshot *s, const struct bcd_device *dev, struct device_location *out)
{
	memset(out, 0, sizeof *out);
	if (dev->type == BCD_DEVICE_BOOT) {
		snprintf(out->text, sizeof out->text, "the partition the boot manager was loaded from");
		return;
	}
	if (dev->type == BCD_DEVICE_LOCATE) {
		snprintf(out->text, sizeof out->text, "located at boot time (no fixed partition)");
		return;
	}
	if (!dev->has_partition) {
		snprintf(out->text, sizeof out->text, "device of type %u (not a partition)", dev->type);
		return;
	}
	if (!s->have_disk) {
		if (dev->style == BCD_STYLE_MBR)
			snprintf(out->text, sizeof out->text, "MBR disk 0x%08x, partition at byte %llu",
				 dev->mbr_signature, (unsigned long long)dev->mbr_offset);
		else
			snprintf(out->text, sizeof out->text, "GPT partition %s", dev->partition_guid);
		return;
	}
	if (dev->style == BCD_STYLE_MBR)
		locate_mbr(s, dev->mbr_signature, dev->mbr_offset, out);
	else
		locate_gpt(s, dev->partition_guid, out);
	if (dev->file_path && strlen(out->text) + strlen(dev->file_path) + 4 < sizeof out->text) {
		strcat(out->text, ": ");
		strcat(out->text, dev->file_path);
	}
}

void snapshot_locate_mounted(const struct snapshot *s, const struct mounted_device *m, struct device_location *out)
{
	memset(out, 0, sizeof *out);
	if (m->kind == MOUNTED_OTHER) {
		snprintf(out->text, sizeof out->text, "not a partition (%s)", m->other && *m->other ? m->other : "?");
		return;
	}
	if (!s->have_disk) {
		snprintf(out->text, sizeof out->text, "unknown (no disk given)");
		return;
	}
	if (m->kind == MOUNTED_MBR)
		locate_mbr(s, m->mbr_signature, m->mbr_offset, out);
	else
		locate_gpt(s, m->partition_guid, out);
}

char snapshot_letter_of(const struct snapshot *s, int partition)
{
	if (!s->have_system || !s->have_disk)
		return 0;
	const struct partition *p = disk_partition(&s->disk, partition);
	for (size_t i = 0; p && i < s->system.nmounted; i++) {
		const struct mounted_device *m = &s->system.mounted[i];
		if (!m->letter)
			continue;
		bool hit = m->kind == MOUNTED_MBR ? !strcmp(s->disk.pttype, "dos") &&
							    m->mbr_signature == s->disk.mbr_signature &&
							    m->mbr_offset == p->start
			   : m->kind == MOUNTED_GPT ? !strcmp(m->partition_guid, p->guid)
						    : false;
		if (hit)
			return m->letter;
	}
	return 0;
}
