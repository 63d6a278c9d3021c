#include "plan/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf16.h"

static uint64_t le(const uint8_t *d, size_t n)
{
	uint64_t v = 0;
	for (size_t i = n; i > 0; i--)
		v = v << 8 | d[i - 1];
	return v;
}

/* "{emssettings}" for a well-known GUID, else the GUID */
static const char *shown(const char *guid)
{
	const char *alias = bcd_alias_for(guid);
	return alias ? alias : guid;
}

static void multi_text(const uint8_t *d, size_t len, char *out, size_t outlen)
{
	out[0] = '\0';
	for (size_t at = 0; at + 2 <= len;) {
		char *s = utf16le_to_utf8(d + at, len - at);
		if (!s || !*s) {
			free(s);
			break;
		}
		char g[GUID_TEXT_LEN];
		const char *item = guid_normalize(s, g) ? shown(g) : s;
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s", *out ? " " : "", item);
		at += 2 * (strlen(s) + 1);
		free(s);
	}
}

static void value_text(int kind, int type, const uint8_t *d, size_t len, char *out, size_t outlen)
{
	char *s;
	switch (type) {
	case hive_t_REG_DWORD:
	case hive_t_REG_QWORD:
		snprintf(out, outlen, "%s %" PRIu64, type == hive_t_REG_DWORD ? "REG_DWORD" : "REG_QWORD",
			 le(d, len > 8 ? 8 : len));
		return;
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
		s = utf16le_to_utf8(d, len);
		snprintf(out, outlen, "%s %s", type == hive_t_REG_SZ ? "REG_SZ" : "REG_EXPAND_SZ", s ? s : "");
		free(s);
		return;
	case hive_t_REG_MULTI_SZ:
		multi_text(d, len, out, outlen);
		return;
	default:
		if (kind == PLAN_BCD_ELEMENT && len <= 8 && len > 0)
			snprintf(out, outlen, len < 4 || len == 4 ? "%s" : "%.0s%" PRIu64, le(d, len) ? "on" : "off",
				 le(d, len));
		else
			snprintf(out, outlen, "%zu bytes", len);
	}
}

/* Objects\{guid}\Elements\260000b0 -> the object's GUID and the element id */
static void bcd_key_parts(const char *key, char guid[GUID_TEXT_LEN], uint32_t *id)
{
	char obj[64] = "";
	unsigned el = 0;
	sscanf(key, "Objects\\%63[^\\]\\Elements\\%x", obj, &el);
	if (!guid_normalize(obj, guid))
		sscanf(key, "Objects\\%38[^\\]", guid);
	*id = el;
}

const char *plan_store_path(const struct snapshot *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", RENDER_STORE_VOLUME,
		 s->generation == 2 ? "\\EFI\\Microsoft\\Boot\\BCD" : "\\Boot\\BCD");
	return buf;
}

static void bcd_command(struct plan_edit *ed, const struct snapshot *s)
{
	char store[64], guid[GUID_TEXT_LEN] = "", after[200];
	uint32_t id = 0;
	plan_store_path(s, store, sizeof store);
	bcd_key_parts(ed->key, guid, &id);
	const char *name = bcd_element_name(id);
	value_text(ed->kind, ed->type, ed->data, ed->len, after, sizeof after);
	if (ed->kind == PLAN_BCD_CREATE) {
		snprintf(ed->after, sizeof ed->after, "object of type 0x%08x", (unsigned)le(ed->data, ed->len));
		snprintf(ed->what, sizeof ed->what, "BCD: create %s", shown(guid));
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /create %s", store, shown(guid));
	} else if (id == BCD_EMS || id == BCD_BOOTEMS) {
		snprintf(ed->what, sizeof ed->what, "BCD: %s %s", shown(guid), name);
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /%s %s %s", store, name, shown(guid),
			 le(ed->data, ed->len) ? "ON" : "OFF");
	} else if (id == BCD_EMSPORT || id == BCD_EMSBAUDRATE) {
		snprintf(ed->what, sizeof ed->what, "BCD: %s %s", shown(guid), name);
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /emssettings %s:%" PRIu64, store,
			 id == BCD_EMSPORT ? "EMSPORT" : "EMSBAUDRATE", le(ed->data, ed->len));
	} else {
		snprintf(ed->what, sizeof ed->what, "BCD: %s %s", shown(guid), name ? name : "element");
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /set %s %s %s", store, shown(guid),
			 name ? name : "element", after);
	}
}

static void registry_command(struct plan_edit *ed)
{
	const char *type = ed->type == hive_t_REG_DWORD ? "REG_DWORD" : ed->type == hive_t_REG_QWORD ? "REG_QWORD"
			   : ed->type == hive_t_REG_SZ ? "REG_SZ" : "REG_EXPAND_SZ";
	char data[200];
	value_text(ed->kind, ed->type, ed->data, ed->len, data, sizeof data);
	const char *v = strchr(data, ' ') ? strchr(data, ' ') + 1 : data;
	snprintf(ed->what, sizeof ed->what, "%s\\%s", ed->key, ed->name);
	snprintf(ed->command, sizeof ed->command, "REG ADD \"HKLM\\BROKENSYSTEM\\%s\" /v %s /t %s /d \"%s\" /f",
		 ed->key, ed->name, type, v);
}

void plan_render(struct plan_edit *ed, const struct snapshot *s)
{
	value_text(ed->kind, ed->type, ed->data, ed->len, ed->after, sizeof ed->after);
	if (ed->existed)
		value_text(ed->kind, ed->old_type, ed->old_data, ed->old_len, ed->before, sizeof ed->before);
	else
		snprintf(ed->before, sizeof ed->before, "not set");
	/* the same words for other bytes: a 4- or 8-byte boolean that another tool wrote becomes bcdedit's 1 */
	if (!ed->no_change && !strcmp(ed->before, ed->after))
		snprintf(ed->before + strlen(ed->before), sizeof ed->before - strlen(ed->before), " (%zu bytes)",
			 ed->old_len);
	if (ed->hive == PLAN_SYSTEM)
		registry_command(ed);
	else
		bcd_command(ed, s);
}
