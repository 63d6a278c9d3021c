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

static void binary_text(const uint8_t *d, size_t len, char *out, size_t outlen)
{
	int at = snprintf(out, outlen, "REG_BINARY");
	for (size_t i = 0; i < len && i < 16 && at > 0 && (size_t)at < outlen; i++)
		at += snprintf(out + at, outlen - (size_t)at, " %02x", d[i]);
	if (len > 16 && at > 0 && (size_t)at < outlen)
		snprintf(out + at, outlen - (size_t)at, " ... (%zu bytes)", len);
}

/* A BCD element by its format: booleans as on/off, integers with their bcdedit name when they have one. */
static bool bcd_value_text(uint32_t id, const uint8_t *d, size_t len, char *out, size_t outlen)
{
	int format = (int)(id >> 24 & 0xf);
	if ((format != BCD_FORMAT_BOOLEAN && format != BCD_FORMAT_INTEGER) || !len || len > 8)
		return false;
	uint64_t v = le(d, len);
	const char *name = format == BCD_FORMAT_INTEGER ? bcd_enum_name(id, v) : NULL;
	if (format == BCD_FORMAT_BOOLEAN)
		snprintf(out, outlen, "%s", v ? "on" : "off");
	else if (name)
		snprintf(out, outlen, "%s", name);
	else
		snprintf(out, outlen, "%" PRIu64, v);
	return true;
}

static void value_text(const struct plan_edit *ed, int type, const uint8_t *d, size_t len, char *out, size_t outlen)
{
	char *s;
	if (ed->kind == PLAN_BCD_ELEMENT && bcd_value_text(ed->bcd_id, d, len, out, outlen))
		return;
	switch (type) {
	case hive_t_REG_DWORD:
	case hive_t_REG_QWORD:
		snprintf(out, outlen, "%s %" PRIu64, type == hive_t_REG_DWORD ? "REG_DWORD" : "REG_QWORD",
			 le(d, len > 8 ? 8 : len));
		return;
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
		s = utf16le_to_utf8(d, len);
		snprintf(out, outlen, "%s%s", ed->kind != PLAN_REGISTRY ? ""
					      : type == hive_t_REG_SZ ? "REG_SZ " : "REG_EXPAND_SZ ", s ? s : "");
		free(s);
		return;
	case hive_t_REG_MULTI_SZ:
		multi_text(d, len, out, outlen);
		return;
	default:
		binary_text(d, len, out, outlen);
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
	char store[64], guid[GUID_TEXT_LEN] = "";
	uint32_t id = 0;
	plan_store_path(s, store, sizeof store);
	bcd_key_parts(ed->key, guid, &id);
	const char *name = bcd_element_name(id) ? bcd_element_name(id) : "element";
	if (ed->kind == PLAN_BCD_CREATE) {
		snprintf(ed->after, sizeof ed->after, "object of type 0x%08x", (unsigned)le(ed->data, ed->len));
		snprintf(ed->what, sizeof ed->what, "BCD: create %s", shown(guid));
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /create %s", store, shown(guid));
		return;
	}
	snprintf(ed->what, sizeof ed->what, "BCD: %s %s", shown(guid), name);
	if (ed->op == OP_DELETE_KEY)
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /deletevalue %s %s", store, shown(guid),
			 name);
	else if (id == BCD_EMS || id == BCD_BOOTEMS)
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /%s %s %s", store, name, shown(guid),
			 le(ed->data, ed->len) ? "ON" : "OFF");
	else if (id == BCD_EMSPORT || id == BCD_EMSBAUDRATE)
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /emssettings %s:%" PRIu64, store,
			 id == BCD_EMSPORT ? "EMSPORT" : "EMSBAUDRATE", le(ed->data, ed->len));
	else
		snprintf(ed->command, sizeof ed->command, "bcdedit /store %s /set %s %s %s", store, shown(guid), name,
			 ed->after);
}

static const char *reg_add_type(int type)
{
	switch (type) {
	case hive_t_REG_DWORD: return "REG_DWORD";
	case hive_t_REG_QWORD: return "REG_QWORD";
	case hive_t_REG_SZ: return "REG_SZ";
	case hive_t_REG_EXPAND_SZ: return "REG_EXPAND_SZ";
	case hive_t_REG_MULTI_SZ: return "REG_MULTI_SZ";
	default: return "REG_BINARY";
	}
}

/* REG ADD's /d: numbers in decimal, strings as they are, MULTI_SZ joined by \0, binary as hex digits */
static void reg_add_data(const struct plan_edit *ed, char *out, size_t len)
{
	char text[200];
	value_text(ed, ed->type, ed->data, ed->len, text, sizeof text);
	const char *v = strchr(text, ' ') ? strchr(text, ' ') + 1 : text;
	if (ed->type == hive_t_REG_MULTI_SZ) {
		out[0] = '\0';
		for (size_t at = 0; at + 2 <= ed->len;) {
			char *item = utf16le_to_utf8(ed->data + at, ed->len - at);
			if (!item || !*item) {
				free(item);
				break;
			}
			snprintf(out + strlen(out), len - strlen(out), "%s%s", *out ? "\\0" : "", item);
			at += 2 * (strlen(item) + 1);
			free(item);
		}
	} else if (ed->type == hive_t_REG_BINARY) {
		out[0] = '\0';
		for (size_t i = 0; i < ed->len && 2 * i + 3 < len; i++)
			snprintf(out + 2 * i, len - 2 * i, "%02x", ed->data[i]);
	} else {
		snprintf(out, len, "%s", v);
	}
}

static void registry_command(struct plan_edit *ed)
{
	const char *root = ed->hive == HIVE_SOFTWARE ? "BROKENSOFTWARE" : "BROKENSYSTEM";
	char data[600];
	if (*ed->name)
		snprintf(ed->what, sizeof ed->what, "%s\\%s", ed->key, ed->name);
	else
		snprintf(ed->what, sizeof ed->what, "%s (key)", ed->key);
	switch (ed->op) {
	case OP_SET_VALUE:
		reg_add_data(ed, data, sizeof data);
		snprintf(ed->command, sizeof ed->command, "REG ADD \"HKLM\\%s\\%s\" /v %s /t %s /d \"%s\" /f", root,
			 ed->key, ed->name, reg_add_type(ed->type), data);
		break;
	case OP_DELETE_VALUE:
		snprintf(ed->command, sizeof ed->command, "REG DELETE \"HKLM\\%s\\%s\" /v %s /f", root, ed->key,
			 ed->name);
		break;
	case OP_CREATE_KEY:
		snprintf(ed->command, sizeof ed->command, "REG ADD \"HKLM\\%s\\%s\" /f", root, ed->key);
		break;
	case OP_DELETE_KEY:
		snprintf(ed->command, sizeof ed->command, "REG DELETE \"HKLM\\%s\\%s\" /f", root, ed->key);
		break;
	}
}

static void key_text(const struct plan_edit *ed, bool exists, char *out, size_t len)
{
	if (!exists)
		snprintf(out, len, "not there");
	else if (ed->kind == PLAN_BCD_ELEMENT && ed->old_data)
		value_text(ed, ed->old_type, ed->old_data, ed->old_len, out, len);
	else if (ed->kind == PLAN_BCD_ELEMENT)
		snprintf(out, len, "set");
	else
		snprintf(out, len, "key with %zu value%s and %zu subkey%s", ed->old_values, ed->old_values == 1 ? "" : "s",
			 ed->old_subkeys, ed->old_subkeys == 1 ? "" : "s");
}

void plan_render(struct plan_edit *ed, const struct snapshot *s)
{
	if (ed->op == OP_CREATE_KEY || ed->op == OP_DELETE_KEY) {
		key_text(ed, ed->existed, ed->before, sizeof ed->before);
		snprintf(ed->after, sizeof ed->after, "%s", ed->op == OP_CREATE_KEY ? "key there" : "deleted");
	} else {
		if (ed->op == OP_SET_VALUE)
			value_text(ed, ed->type, ed->data, ed->len, ed->after, sizeof ed->after);
		else
			snprintf(ed->after, sizeof ed->after, "deleted");
		if (ed->existed)
			value_text(ed, ed->old_type, ed->old_data, ed->old_len, ed->before, sizeof ed->before);
		else
			snprintf(ed->before, sizeof ed->before, "not set");
	}
	/* the same words for other bytes: a 4- or 8-byte boolean that another tool wrote becomes bcdedit's 1 */
	if (!ed->no_change && !strcmp(ed->before, ed->after))
		snprintf(ed->before + strlen(ed->before), sizeof ed->before - strlen(ed->before), " (%zu bytes)",
			 ed->old_len);
	if (ed->hive == HIVE_BCD)
		bcd_command(ed, s);
	else
		registry_command(ed);
}
