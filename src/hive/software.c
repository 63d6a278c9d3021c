#include "hive/software.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf16.h"
#include "core/number.h"
#include "hive/value.h"

#define CURRENT_VERSION_KEY "Microsoft\\Windows NT\\CurrentVersion"

/* Windows 11 is Windows NT build 22000 (version 21H2) and later: Microsoft, "Windows 11 release
 * information" (learn.microsoft.com/windows/release-health/windows11-release-information). */
#define FIRST_WINDOWS_11_BUILD 22000

enum field_kind { FIELD_TEXT, FIELD_DWORD };

/* Each value read, where it goes in struct software_info and how big that place is. */
struct field {
	const char *name;
	int kind;
	size_t at, size;
};

#define TEXT(name, member) \
	{name, FIELD_TEXT, offsetof(struct software_info, member), sizeof ((struct software_info *)0)->member}
#define DWORD(name, member) {name, FIELD_DWORD, offsetof(struct software_info, member), 0}

static const struct field fields[] = {
	TEXT("ProductName", product_name),
	TEXT("EditionID", edition_id),
	TEXT("InstallationType", installation_type),
	TEXT("DisplayVersion", display_version),
	TEXT("CurrentBuild", current_build),
	TEXT("CurrentBuildNumber", current_build_number),
	TEXT("CurrentVersion", current_version),
	DWORD("UBR", ubr),
	DWORD("CurrentMajorVersionNumber", major_version),
	DWORD("CurrentMinorVersionNumber", minor_version),
};

static void read_field(hive_h *h, hive_node_h key, const struct field *f, struct software_info *si)
{
	hive_value_h v = hivex_node_get_value(h, key, f->name);
	struct reg_value rv;
	if (!v || reg_value_read(h, v, &rv) != 0)
		return;
	char *place = (char *)si + f->at;
	if (f->kind == FIELD_TEXT && (rv.type == hive_t_REG_SZ || rv.type == hive_t_REG_EXPAND_SZ) && rv.text)
		utf8_printable(rv.text, place, f->size); /* these strings reach terminals and runbooks */
	else if (f->kind == FIELD_DWORD && rv.type == hive_t_REG_DWORD && rv.raw_len == 4)
		*(int64_t *)(void *)place = (int64_t)rv.number;
	reg_value_clear(&rv);
}

int software_read(hive_h *h, const char *file, struct software_info *si, struct rw_error *e)
{
	memset(si, 0, sizeof *si);
	si->ubr = si->major_version = si->minor_version = -1;
	hive_node_h key = reg_node_path(h, hivex_root(h), CURRENT_VERSION_KEY);
	if (!key)
		return rw_fail(e, RW_EXIT_REFUSED, "%s: not a SOFTWARE hive (no %s key)", file, CURRENT_VERSION_KEY);
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		read_field(h, key, &fields[i], si);
	return 0;
}

/* A build is a plain decimal number; Windows XP and 2003 kept "1.511.1 () (Obsolete data - do not use)" in
 * CurrentBuild, so CurrentBuildNumber is the fallback. */
static int build_of(const char *text)
{
	size_t n = strlen(text);
	uint64_t build;
	if (n == 0 || n > 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)text[i]))
			return 0;
	return number_in_range(text, 0, 9999999, &build) ? (int)build : 0;
}

int software_build(const struct software_info *si)
{
	int build = build_of(si->current_build);
	return build ? build : build_of(si->current_build_number);
}

/* Windows 11 never changed ProductName: it still says "Windows 10 Pro", "Windows 10 Enterprise", ... (as
 * winver does not; widely reported since 21H2). Microsoft tells Windows 11 apart by the build alone. */
static bool says_windows_10_but_is_11(const struct software_info *si)
{
	const char *p = si->product_name;
	return software_build(si) >= FIRST_WINDOWS_11_BUILD && !strncmp(p, "Windows 10", 10) &&
	       (p[10] == '\0' || p[10] == ' ');
}

const char *software_product(const struct software_info *si, char *buf, size_t len)
{
	if (says_windows_10_but_is_11(si))
		snprintf(buf, len, "Windows 11%s", si->product_name + 10);
	else
		snprintf(buf, len, "%s", *si->product_name ? si->product_name : "Windows");
	return buf;
}

const char *software_describe(const struct software_info *si, char *buf, size_t len)
{
	char product[sizeof si->product_name + 8];
	int build = software_build(si);
	software_product(si, product, sizeof product);
	if (build && si->ubr >= 0)
		snprintf(buf, len, "%s, build %d.%lld", product, build, (long long)si->ubr);
	else if (build)
		snprintf(buf, len, "%s, build %d", product, build);
	else
		snprintf(buf, len, "%s", product);
	return buf;
}
