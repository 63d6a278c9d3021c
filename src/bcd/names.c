/* Well-known BCD objects, object types and element names, as bcdedit prints them (Microsoft's
 * "BCD WMI Provider" documentation: BcdLibraryElementTypes, BcdOSLoaderElementTypes,
 * BcdBootMgrElementTypes; well-known GUIDs from "bcdedit /? ID"). */
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"

static const struct {
	const char *guid, *alias;
} aliases[] = {
	{BCD_GUID_BOOTMGR, "{bootmgr}"},
	{"{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}", "{fwbootmgr}"},
	{BCD_GUID_EMSSETTINGS, "{emssettings}"},
	{"{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}", "{globalsettings}"},
	{"{4636856e-540f-4170-a130-a84776f4c654}", "{dbgsettings}"},
	{"{5189b25c-5558-4bf2-bca4-289b11bd29e2}", "{badmemory}"},
	{"{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}", "{bootloadersettings}"},
	{"{b2721d73-1db4-4c62-bf78-c548a880142d}", "{memdiag}"},
	{"{1afa9c49-16ab-4a5c-901b-212802da9460}", "{resumeloadersettings}"},
	{"{ae5534e0-a924-466c-b836-758539a3ee3a}", "{ramdiskoptions}"},
	{"{7ff607e0-4395-11db-b0de-0800200c9a66}", "{hypervisorsettings}"},
	{"{313e8eed-7098-4586-a9bf-309c61f8d449}", "{kerneldbgsettings}"},
};

const char *bcd_alias_for(const char *guid)
{
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (!strcmp(aliases[i].guid, guid))
			return aliases[i].alias;
	return NULL;
}

/* "{bootmgr}" -> its GUID; anything else is returned as it is */
const char *bcd_guid_for_alias(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (!strcasecmp(aliases[i].alias, name))
			return aliases[i].guid;
	return name;
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
	case 0x20300000: return "Device settings (inherited)";
	case BCD_TYPE_DEVICE_OPTIONS: return "Device options";
	default: return "unknown";
	}
}

/* Only ids whose bcdedit name is certain (Microsoft's BcdElementType documentation and bcdedit /enum output).
 * 23000003 is "default" on {bootmgr} but "resumeobject" on a loader: without the object, "default" wins,
 * since that is the one this project reads. */
static const struct {
	uint32_t id;
	const char *name;
} elements[] = {
	{BCD_DEVICE, "device"},
	{BCD_PATH, "path"},
	{BCD_DESCRIPTION, "description"},
	{0x12000005, "locale"},
	{BCD_INHERIT, "inherit"},
	{0x14000008, "recoverysequence"},
	{0x16000009, "recoveryenabled"},
	{BCD_BOOTDEBUG, "bootdebug"},
	{BCD_BOOTEMS, "bootems"},
	{BCD_EMSPORT, "emsport"},
	{BCD_EMSBAUDRATE, "emsbaudrate"},
	{0x12000030, "loadoptions"},
	{BCD_OSDEVICE, "osdevice"},
	{BCD_SYSTEMROOT, "systemroot"},
	{0x22000011, "kernel"},
	{0x22000012, "hal"},
	{BCD_DEFAULT, "default"},
	{BCD_DISPLAYORDER, "displayorder"},
	{BCD_TIMEOUT, "timeout"},
	{0x24000010, "toolsdisplayorder"},
	{0x26000010, "detecthal"},
	{0x25000020, "nx"},
	{0x25000021, "pae"},
	{BCD_DISPLAYBOOTMENU, "displaybootmenu"},
	{BCD_WINPE, "winpe"},
	{0x260000a0, "debug"},
	{BCD_EMS, "ems"},
	{0x250000c2, "bootmenupolicy"},
	{BCD_BOOTSTATUSPOLICY, "bootstatuspolicy"},
	{0x250000f0, "hypervisorlaunchtype"},
	{0x31000003, "ramdisksdidevice"},
	{0x32000004, "ramdisksdipath"},
};

const char *bcd_element_name(uint32_t id)
{
	for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
		if (elements[i].id == id)
			return elements[i].name;
	return NULL;
}

uint32_t bcd_element_id(const char *name)
{
	for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
		if (!strcmp(elements[i].name, name))
			return elements[i].id;
	return 0;
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
