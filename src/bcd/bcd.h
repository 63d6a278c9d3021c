/* The BCD store read offline: objects, their elements decoded by format, and inheritance.
 * The store is a regf hive (see README "BCD store"): Objects\{GUID}\Description\Type and
 * Objects\{GUID}\Elements\<8 hex digits>\Element. This module reads with hivex and never writes: for an
 * edit it gives the bytes of a new value (bcd_encode) and names the loaders a wizard may change. */
#ifndef RW_BCD_BCD_H
#define RW_BCD_BCD_H

#include <hivex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/guid.h"

/* bits 24-27 of an element id */
enum bcd_format {
	BCD_FORMAT_DEVICE = 1,
	BCD_FORMAT_STRING = 2,
	BCD_FORMAT_OBJECT = 3,
	BCD_FORMAT_OBJECT_LIST = 4,
	BCD_FORMAT_INTEGER = 5,
	BCD_FORMAT_BOOLEAN = 6,
	BCD_FORMAT_INTEGER_LIST = 7,
};

static inline int bcd_format_of(uint32_t id)
{
	return (int)(id >> 24 & 0xf);
}

/* element ids this project reads or writes (Microsoft's BcdLibraryElementTypes, BcdOSLoaderElementTypes and
 * BcdBootMgrElementTypes). The application path is a library element (12000002); 22000002 is the loader's
 * systemroot, and 22000011 its kernel path, not systemroot. */
enum {
	BCD_DEVICE = 0x11000001,
	BCD_DESCRIPTION = 0x12000004,
	BCD_INHERIT = 0x14000006,
	BCD_RECOVERYSEQUENCE = 0x14000008,
	BCD_BOOTDEBUG = 0x16000010,
	BCD_BOOTEMS = 0x16000020,
	BCD_EMSPORT = 0x15000022,
	BCD_EMSBAUDRATE = 0x15000023,
	BCD_OSDEVICE = 0x21000001,
	BCD_PATH = 0x12000002,
	BCD_SYSTEMROOT = 0x22000002,
	BCD_DEFAULT = 0x23000003,
	BCD_DISPLAYORDER = 0x24000001,
	BCD_TIMEOUT = 0x25000004,
	BCD_BOOTSTATUSPOLICY = 0x250000e0,
	BCD_DISPLAYBOOTMENU = 0x26000020,
	BCD_WINPE = 0x26000022,
	BCD_EMS = 0x260000b0,
};

/* object types (Description\Type) */
enum {
	BCD_TYPE_BOOTMGR = 0x10100002,
	BCD_TYPE_OSLOADER = 0x10200003,
	BCD_TYPE_RESUME = 0x10200004,
	BCD_TYPE_MEMTEST = 0x10200005,
	BCD_TYPE_INHERIT_ANY = 0x20100000,
	BCD_TYPE_INHERIT_LOADER = 0x20200003,
	BCD_TYPE_INHERIT_RESUME = 0x20200004,
	BCD_TYPE_DEVICE_OPTIONS = 0x30000000,
};

#define BCD_GUID_BOOTMGR "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
#define BCD_GUID_EMSSETTINGS "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"

/* Device element (REG_BINARY): layout in device.c. Unknown device types are kept with their number, never
 * an error. WinRE's ramdisk is a local device (type 0) of local type 3 whose image file lives on another
 * device: that device's partition fields are copied up here with has_partition set, its type goes to
 * parent_type, and the file path to file_path. */
enum bcd_device_type {
	BCD_DEVICE_LOCAL = 0,     /* ramdisk or file: see local_type */
	BCD_DEVICE_BOOT = 5,
	BCD_DEVICE_PARTITION = 6,
	BCD_DEVICE_LOCATE = 8,
};

/* the local type of a BCD_DEVICE_LOCAL device */
enum bcd_local_type {
	BCD_LOCAL_RAMDISK = 3,
	BCD_LOCAL_FILE = 5,
};

enum bcd_partition_style { BCD_STYLE_GPT = 0, BCD_STYLE_MBR = 1, BCD_STYLE_NONE = -1 };

struct bcd_device {
	uint32_t type;                /* enum bcd_device_type or anything else found */
	uint32_t local_type;          /* BCD_DEVICE_LOCAL: enum bcd_local_type or anything else found */
	uint32_t parent_type;         /* ramdisk, file: type of the device holding the file (6, 5 boot, ...) */
	char options[GUID_TEXT_LEN];  /* "" when zero; the ramdisk options object for WinRE */
	bool has_partition;           /* the partition fields below are valid */
	int style;                    /* enum bcd_partition_style */
	uint64_t mbr_offset;          /* MBR: byte offset of the partition start */
	uint32_t mbr_signature;       /* MBR: disk signature */
	char partition_guid[GUID_TEXT_LEN]; /* GPT */
	char disk_guid[GUID_TEXT_LEN];      /* GPT */
	char *file_path;              /* ramdisk, file: UTF-8, e.g. "\Recovery\WindowsRE\Winre.wim"; else NULL */
};

struct bcd_element {
	uint32_t id;
	int format;        /* enum bcd_format, from the id */
	int reg_type;      /* hive_type as found */
	bool decoded;      /* false: problem says why; the raw bytes are still there */
	char problem[128];
	char *string;      /* STRING, OBJECT (GUID normalised lower case with braces when it is one) */
	char **list;       /* OBJECT_LIST, NULL terminated, normalised GUIDs */
	size_t nlist;
	uint64_t integer;  /* INTEGER, BOOLEAN (0/1 from any length 1, 4 or 8) */
	uint64_t *integers; /* INTEGER_LIST */
	size_t nintegers;
	struct bcd_device device; /* DEVICE */
	uint8_t *raw;      /* the value as stored */
	size_t raw_len;
};

struct bcd_object {
	char guid[GUID_TEXT_LEN]; /* normalised: lower case, braces */
	char key_name[64];        /* the key name exactly as found in the hive */
	const char *alias;        /* "{bootmgr}", "{emssettings}", ... or NULL */
	uint32_t type;            /* 0 when Description\Type is missing */
	struct bcd_element *elements; /* sorted by id */
	size_t nelements;
};

struct bcd_store {
	bool is_system_store;     /* Description\KeyName == "BCD00000000" */
	struct bcd_object *objects; /* in hive order */
	size_t nobjects;
	char default_guid[GUID_TEXT_LEN]; /* {bootmgr} 23000003, "" when absent */
};

/* Reads every object of an open hive. Fails (exit class REFUSED) only when the hive is not a BCD store at
 * all (no Objects key); odd objects and elements are kept with their problem recorded. */
int bcd_read(hive_h *h, const char *file_for_messages, struct bcd_store *out, struct rw_error *e);
void bcd_free(struct bcd_store *s);

/* Decoders, separate so they can be tested on raw bytes. */
void bcd_element_decode(uint32_t id, int reg_type, const uint8_t *data, size_t len, struct bcd_element *out);
void bcd_element_clear(struct bcd_element *el);
/* How each format is stored, one table for reading and writing: the registry type (-1 for a format that
 * does not exist) and a name for messages ("an integer"). */
int bcd_format_reg_type(int format);
const char *bcd_format_name(int format);
/* An Elements\<id> key whose value can not be read: kept, undecoded, with `why` as its problem. */
void bcd_element_unreadable(uint32_t id, const char *why, struct bcd_element *out);
/* Returns false with problem filled when the data is too short or inconsistent. */
bool bcd_device_decode(const uint8_t *data, size_t len, struct bcd_device *out, char *problem, size_t problem_len);

/* A new element value, typed by its format, as bcdedit stores it: booleans 1 byte (yes/no, on/off, true/false,
 * 1/0), integers 8 bytes little endian (decimal, 0x hex, or a name of bcd_enum), strings REG_SZ in
 * UTF-16LE, objects REG_SZ "{guid}" (aliases become their GUID), object lists REG_MULTI_SZ of them.
 * items: exactly one, or one or more for an object list. Devices, integer lists and elements rescuewiz only
 * reads are refused. 0, or -1 with `why` naming the element and what it accepts; *out is then empty. */
struct bcd_value {
	uint32_t id;
	int reg_type;  /* hive_type */
	uint8_t *data;
	size_t len;
};
int bcd_encode(const char *name, const char *const *items, size_t nitems, struct bcd_value *out, char *why,
	       size_t why_len);
void bcd_value_free(struct bcd_value *v);

/* Lookups: guid_or_alias may be "{bootmgr}" or any spelling of a GUID. */
const struct bcd_object *bcd_find(const struct bcd_store *s, const char *guid_or_alias);
const struct bcd_element *bcd_own(const struct bcd_object *o, uint32_t id);
/* The effective element: the object's own, else the first found walking 14000006 inherit lists depth first
 * in order (cycles and missing objects are skipped). *from (optional) gets the object that holds it. */
const struct bcd_element *bcd_effective(const struct bcd_store *s, const struct bcd_object *o, uint32_t id,
					const struct bcd_object **from);
/* The walk of bcd_effective: o, then the objects it inherits from, depth first in list order, each entered at
 * most once however the lists loop, until stop(object, ctx) says so. Returns that object or NULL; *visits
 * (optional) gets the number of objects entered, at most the store's size + 1 (o may be a copy). */
const struct bcd_object *bcd_inherit_walk(const struct bcd_store *s, const struct bcd_object *o,
					  bool (*stop)(const struct bcd_object *o, void *ctx), void *ctx, size_t *visits);

const char *bcd_alias_for(const char *normalised_guid); /* NULL when not well-known */
const char *bcd_guid_for_alias(const char *name);      /* "{bootmgr}" -> GUID; else name itself */
/* The Description\Type a wizard gives a well-known settings object it creates ({emssettings} 0x20100000,
 * {bootloadersettings} 0x20200003, ...); 0 when a wizard never creates that object. */
uint32_t bcd_known_object_type(const char *normalised_guid);
const char *bcd_type_name(uint32_t type);               /* "Windows Boot Loader", ... or "unknown" */

/* A named value of an integer element, as bcdedit prints it: bootstatuspolicy IgnoreAllFailures is 1.
 * Lists end with a NULL name. */
struct bcd_enum {
	const char *name;
	uint64_t value;
};

/* An element by bcdedit's name; its format is bcd_format_of(id). */
struct bcd_element_info {
	const char *name;
	uint32_t id;
	const struct bcd_enum *values; /* integer elements with named values, else NULL */
	bool settable;                 /* a wizard may set or delete it; the others are only read */
};

/* bcdedit's name, in any case -> the element; NULL when unknown. */
const struct bcd_element_info *bcd_element_by_name(const char *name);
uint32_t bcd_element_id(const char *name);             /* bcdedit name -> id, 0 when unknown */
const char *bcd_element_name(uint32_t id);              /* bcdedit's name, or NULL */
/* The name of an integer element's value ("IgnoreAllFailures"), NULL when the value has none. */
const char *bcd_enum_name(uint32_t id, uint64_t value);
/* The value of a name, in any case; false when the element has no value of that name. */
bool bcd_enum_value(uint32_t id, const char *name, uint64_t *value);
const char *bcd_device_kind(const struct bcd_device *d); /* "partition", "boot", "locate", "ramdisk", "file",
							  * or "unknown", as bcdedit names them */
bool bcd_is_os_loader(const struct bcd_object *o);      /* type 0x10200003 */
bool bcd_is_winre(const struct bcd_store *s, const struct bcd_object *o); /* winpe set, or a ramdisk .wim device */
bool bcd_is_winpe(const struct bcd_store *s, const struct bcd_object *o); /* effective 26000022 set */
/* The .wim a loader boots (its osdevice's file, else its device's), NULL when it boots none. */
const char *bcd_wim_image(const struct bcd_store *s, const struct bcd_object *o);

/* Loaders a wizard may change: OS loaders (0x10200003) that are neither recovery entries, nor install or
 * rescue media (WinPE, a ramdisk), nor templates whose devices are 'locate'. */
bool bcd_loader_usable(const struct bcd_store *s, const struct bcd_object *o);
/* How many loaders of the store are usable; when none, `why` says why in the operator's words ("no Windows
 * boot loader at all", "only recovery (WinRE) entries", ...). */
int bcd_usable_loaders(const struct bcd_store *s, char *why, size_t why_len);

#endif
