/* Well-known BCD objects, object types and element names, as bcdedit prints them.
 *
 * Sources, each id checked against at least one of them:
 * - Microsoft's BCD WMI provider reference: BcdLibraryElementTypes, BcdOSLoaderElementTypes,
 *   BcdBootMgrElementTypes (ids and formats), BcdOSLoader_NxPolicy, BcdLibrary_SafeBoot, and the value
 *   lists given for BcdOSLoaderInteger_BootStatusPolicy, _BootMenuPolicy and _HypervisorLaunchType;
 * - Microsoft's "BCD settings and BitLocker", whose tables pair each hex id with bcdedit's friendly name
 *   (that is where a name meets an id; the WMI reference names ids only in its own words);
 * - well-known GUIDs from "bcdedit /? ID"; the types of the inheritable settings objects from the
 *   objects in ReactOS boot/bootdata/hivebcd.inf and the well-known table of mattifestation/BCD, whose
 *   author rebuilt System32\config\BCD-Template with it and compared the result with the original. */
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"

/* create: the Description\Type a wizard gives the object when a store lacks it; 0 when a wizard never
 * creates it (the boot manager, applications, and device options belong to bcdboot and reagentc).
 * Inheritable objects are 0x2 in the top nibble; 0x001 in the next three: inheritable by any object,
 * 0x002 plus an application type: by that application only (3 OS loader, 4 resume loader). */
static const struct {
	const char *guid, *alias;
	uint32_t create;
} aliases[] = {
	{BCD_GUID_BOOTMGR, "{bootmgr}", 0},
	{"{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}", "{fwbootmgr}", 0},
	{BCD_GUID_EMSSETTINGS, "{emssettings}", BCD_TYPE_INHERIT_ANY},
	{"{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}", "{globalsettings}", BCD_TYPE_INHERIT_ANY},
	{"{4636856e-540f-4170-a130-a84776f4c654}", "{dbgsettings}", BCD_TYPE_INHERIT_ANY},
	{"{5189b25c-5558-4bf2-bca4-289b11bd29e2}", "{badmemory}", BCD_TYPE_INHERIT_ANY},
	{"{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}", "{bootloadersettings}", BCD_TYPE_INHERIT_LOADER},
	{"{b2721d73-1db4-4c62-bf78-c548a880142d}", "{memdiag}", 0},
	{"{1afa9c49-16ab-4a5c-901b-212802da9460}", "{resumeloadersettings}", BCD_TYPE_INHERIT_RESUME},
	{"{ae5534e0-a924-466c-b836-758539a3ee3a}", "{ramdiskoptions}", 0},
	/* hypervisor settings are read by the OS loader, which launches the hypervisor */
	{"{7ff607e0-4395-11db-b0de-0800200c9a66}", "{hypervisorsettings}", BCD_TYPE_INHERIT_LOADER},
	{"{313e8eed-7098-4586-a9bf-309c61f8d449}", "{kerneldbgsettings}", 0},
};

#define COUNT(a) (sizeof (a) / sizeof *(a))

const char *bcd_alias_for(const char *guid)
{
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (!strcmp(aliases[i].guid, guid))
			return aliases[i].alias;
	return NULL;
}

/* "{bootmgr}" -> its GUID; anything else is returned as it is */
const char *bcd_guid_for_alias(const char *name)
{
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (!strcasecmp(aliases[i].alias, name))
			return aliases[i].guid;
	return name;
}

uint32_t bcd_known_object_type(const char *guid)
{
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (!strcmp(aliases[i].guid, guid))
			return aliases[i].create;
	return 0;
}

const char *bcd_type_name(uint32_t type)
{
	switch (type) {
	case BCD_TYPE_BOOTMGR: return "Windows Boot Manager";
	case 0x10100001: return "Firmware Boot Manager";
	case BCD_TYPE_OSLOADER: return "Windows Boot Loader";
	case BCD_TYPE_RESUME: return "Resume from Hibernate";
	case BCD_TYPE_MEMTEST: return "Windows Memory Tester";
	case BCD_TYPE_INHERIT_ANY: return "Settings (inherited)";
	case BCD_TYPE_INHERIT_LOADER: return "Loader settings (inherited)";
	case BCD_TYPE_INHERIT_RESUME: return "Resume loader settings (inherited)";
	case 0x20300000: return "Device settings (inherited)";
	case BCD_TYPE_DEVICE_OPTIONS: return "Device options";
	default: return "unknown";
	}
}

/* Named values, spelt as bcdedit prints and accepts them. */
static const struct bcd_enum boot_status_policy[] = {
	{"DisplayAllFailures", 0}, {"IgnoreAllFailures", 1}, {"IgnoreShutdownFailures", 2},
	{"IgnoreBootFailures", 3}, {"IgnoreCheckpointFailures", 4}, {"DisplayShutdownFailures", 5},
	{"DisplayBootFailures", 6}, {"DisplayCheckpointFailures", 7}, {NULL, 0},
};
static const struct bcd_enum safe_boot[] = {{"Minimal", 0}, {"Network", 1}, {"DsRepair", 2}, {NULL, 0}};
static const struct bcd_enum boot_menu_policy[] = {{"Legacy", 0}, {"Standard", 1}, {NULL, 0}};
static const struct bcd_enum nx_policy[] = {
	{"OptIn", 0}, {"OptOut", 1}, {"AlwaysOff", 2}, {"AlwaysOn", 3}, {NULL, 0},
};
static const struct bcd_enum hypervisor_launch[] = {{"Off", 0}, {"Auto", 1}, {NULL, 0}};

#define READ false
#define SET true

/* Every element rescuewiz names, once; SET: a wizard may set or delete it, READ: rescuewiz only reads it.
 * 23000003 is "default" on {bootmgr} but "resumeobject" on a loader: without the object, "default" wins,
 * since that is the one this project reads and writes. quietboot is 26000041 (DisableBootDisplay in the
 * WMI reference, quietboot in the BitLocker table), not 260000c1: no source knows a 260000c1, and
 * 250000c1 is driverloadfailurepolicy. Every id below is in the sources; none had to be dropped. */
static const struct bcd_element_info elements[] = {
	{"device", BCD_DEVICE, NULL, READ},
	{"path", BCD_PATH, NULL, READ},
	{"description", BCD_DESCRIPTION, NULL, SET},
	{"locale", 0x12000005, NULL, READ},
	{"inherit", BCD_INHERIT, NULL, SET},
	{"recoverysequence", BCD_RECOVERYSEQUENCE, NULL, SET},
	{"recoveryenabled", 0x16000009, NULL, SET},
	{"badmemorylist", 0x1700000a, NULL, READ},
	{"bootdebug", BCD_BOOTDEBUG, NULL, SET},
	{"bootems", BCD_BOOTEMS, NULL, SET},
	{"emsport", BCD_EMSPORT, NULL, SET},
	{"emsbaudrate", BCD_EMSBAUDRATE, NULL, SET},
	{"loadoptions", 0x12000030, NULL, READ},
	{"advancedoptions", 0x16000040, NULL, SET},
	{"optionsedit", 0x16000041, NULL, SET},
	{"nointegritychecks", 0x16000048, NULL, SET},
	{"testsigning", 0x16000049, NULL, SET},
	{"osdevice", BCD_OSDEVICE, NULL, READ},
	{"systemroot", BCD_SYSTEMROOT, NULL, READ},
	{"kernel", 0x22000011, NULL, READ},
	{"hal", 0x22000012, NULL, READ},
	{"default", BCD_DEFAULT, NULL, SET},
	{"displayorder", BCD_DISPLAYORDER, NULL, SET},
	{"timeout", BCD_TIMEOUT, NULL, SET},
	{"toolsdisplayorder", 0x24000010, NULL, READ},
	{"detecthal", 0x26000010, NULL, READ},
	{"nx", 0x25000020, nx_policy, SET},
	{"pae", 0x25000021, NULL, READ},
	{"displaybootmenu", BCD_DISPLAYBOOTMENU, NULL, SET},
	{"winpe", BCD_WINPE, NULL, READ},
	{"quietboot", 0x26000041, NULL, SET},
	{"safeboot", 0x25000080, safe_boot, SET},
	{"safebootalternateshell", 0x26000081, NULL, SET},
	{"bootlog", 0x26000090, NULL, SET},
	{"debug", 0x260000a0, NULL, SET},
	{"ems", BCD_EMS, NULL, SET},
	{"bootmenupolicy", 0x250000c2, boot_menu_policy, SET},
	{"bootstatuspolicy", BCD_BOOTSTATUSPOLICY, boot_status_policy, SET},
	{"hypervisorlaunchtype", 0x250000f0, hypervisor_launch, SET},
	{"ramdisksdidevice", 0x31000003, NULL, READ},
	{"ramdisksdipath", 0x32000004, NULL, READ},
};

static const struct bcd_element_info *by_id(uint32_t id)
{
	for (size_t i = 0; i < COUNT(elements); i++)
		if (elements[i].id == id)
			return &elements[i];
	return NULL;
}

/* bcdedit takes its option names in any case ("/set TESTSIGNING ON") */
const struct bcd_element_info *bcd_element_by_name(const char *name)
{
	for (size_t i = 0; i < COUNT(elements); i++)
		if (!strcasecmp(elements[i].name, name))
			return &elements[i];
	return NULL;
}

const char *bcd_element_name(uint32_t id)
{
	const struct bcd_element_info *info = by_id(id);
	return info ? info->name : NULL;
}

uint32_t bcd_element_id(const char *name)
{
	const struct bcd_element_info *info = bcd_element_by_name(name);
	return info ? info->id : 0;
}

const char *bcd_enum_name(uint32_t id, uint64_t value)
{
	const struct bcd_element_info *info = by_id(id);
	for (const struct bcd_enum *v = info ? info->values : NULL; v && v->name; v++)
		if (v->value == value)
			return v->name;
	return NULL;
}

bool bcd_enum_value(uint32_t id, const char *name, uint64_t *value)
{
	const struct bcd_element_info *info = by_id(id);
	for (const struct bcd_enum *v = info ? info->values : NULL; v && v->name; v++)
		if (!strcasecmp(v->name, name)) {
			*value = v->value;
			return true;
		}
	return false;
}

const char *bcd_device_kind(const struct bcd_device *d)
{
	switch (d->type) {
	case BCD_DEVICE_PARTITION: return "partition";
	case BCD_DEVICE_BOOT: return "boot";
	case BCD_DEVICE_LOCATE: return "locate";
	case BCD_DEVICE_LOCAL:
		if (d->local_type == BCD_LOCAL_RAMDISK)
			return "ramdisk";
		return d->local_type == BCD_LOCAL_FILE ? "file" : "unknown";
	default: return "unknown";
	}
}
