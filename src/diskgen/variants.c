#include "diskgen/variants.h"

#include <stdlib.h>
#include <string.h>

static const struct variant {
	const char *name, *what;
	struct disk_desc d;
	const char *system_in_logs;
} variants[] = {
	{"gen1", "Gen1 (MBR): System Reserved with \\Boot\\BCD and C:, {emssettings}, two control sets", {.generation = 1}, NULL},
	{"gen1-single", "Gen1 with one volume holding \\Boot and \\Windows", {.generation = 1, .single_volume = true}, NULL},
	{"gen2", "Gen2 (GPT): Recovery, the ESP with its BCD, MSR and C:; two loaders, three control sets",
	 {.generation = 2}, NULL},
	{"nowin", "a GPT data disk: one NTFS volume and no Windows", {.shape = DISK_DATA_ONLY}, NULL},
	{"notable", "a blank disk: no partition table", {.shape = DISK_BLANK}, NULL},
	{"bitlocker", "Gen1 whose C: is locked by BitLocker", {.generation = 1, .bitlocker = true}, NULL},
	{"hibernated", "Gen2 whose Windows is hibernated (C:\\hiberfil.sys)", {.generation = 2, .hibernated = true}, NULL},
	{"dirty", "Gen1 whose SYSTEM hive is dirty: its newest values live only in SYSTEM.LOG1/LOG2",
	 {.generation = 1},
	 "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:2\n"
	 "[ControlSet001\\Services\\NewDriver]\n\"Start\"=dword:3\n"},
	{"corrupt", "Gen1 whose SYSTEM hive is cut at 6000 bytes", {.generation = 1, .truncated_system = true}, NULL},
	{"corrupt-bcd", "Gen2 whose BCD store is damaged", {.generation = 2, .damaged_bcd = true}, NULL},
	{"mixedcase", "Gen1 with \\boot\\bcd and \\WINDOWS\\System32\\CONFIG\\system", {.generation = 1, .mixed_case = true}, NULL},
	{"ntfs-dirty", "Gen1 whose C: is marked dirty (chkdsk is due)", {.generation = 1, .ntfs_dirty = true}, NULL},
	{"dumps", "Gen1 with one dump of each kind triage tells apart", {.generation = 1, .triage_dumps = true}, NULL},
};

int disk_variant(const char *name, struct disk_desc *d)
{
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
		if (strcmp(name, variants[i].name) != 0)
			continue;
		*d = variants[i].d;
		if (variants[i].system_in_logs && !(d->system_in_logs = strdup(variants[i].system_in_logs)))
			return -1;
		return 0;
	}
	return -1;
}

void disk_variants_list(FILE *out)
{
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++)
		fprintf(out, "%-12s %s\n", variants[i].name, variants[i].what);
}
