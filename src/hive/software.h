/* Which Windows the SOFTWARE hive says is installed: the values of Microsoft\Windows NT\CurrentVersion that
 * winver and systeminfo show. Read-only. The hive is hostile input: every string is bounded and kept
 * printable (control characters shown as \xNN, core/utf16.h), and a value of the wrong type counts as
 * missing. */
#ifndef RW_HIVE_SOFTWARE_H
#define RW_HIVE_SOFTWARE_H

#include <hivex.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct software_info {
	char product_name[128];        /* ProductName: "Windows Server 2019 Datacenter" ("" when missing) */
	char edition_id[64];           /* EditionID: "ServerDatacenter", "Professional" */
	char installation_type[32];    /* InstallationType: "Server", "Server Core", "Client" */
	char display_version[32];      /* DisplayVersion: "21H2" (Windows 10 20H2 and later; "" before) */
	char current_build[32];        /* CurrentBuild: "17763" */
	char current_build_number[32]; /* CurrentBuildNumber: "17763" */
	char current_version[16];      /* CurrentVersion: "6.3" (frozen there since Windows 8.1) */
	int64_t ubr;                   /* UBR, the update build revision (1234 in 17763.1234); -1 when missing */
	int64_t major_version;         /* CurrentMajorVersionNumber: 10 (Windows 10 and later); -1 when missing */
	int64_t minor_version;         /* CurrentMinorVersionNumber: 0; -1 when missing */
};

/* Fails (REFUSED) only when the hive has no Microsoft\Windows NT\CurrentVersion key; missing values are
 * left empty (strings) or -1 (numbers). */
int software_read(hive_h *h, const char *file_for_messages, struct software_info *out, struct rw_error *e);

/* The build number (17763), 0 when unknown: help texts and wizards can depend on the version with it. */
int software_build(const struct software_info *si);

/* The product as people name it: ProductName, except that Windows 11 still says "Windows 10" there;
 * "Windows" when the hive has no ProductName. */
const char *software_product(const struct software_info *si, char *buf, size_t len);
/* The product with its build: "Windows Server 2019 Datacenter, build 17763.1234". */
const char *software_describe(const struct software_info *si, char *buf, size_t len);

#endif
