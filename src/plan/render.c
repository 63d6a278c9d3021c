#include "plan/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf16.h"
#include "plan/cmdline.h"

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

/* The bytes of one string of a REG_MULTI_SZ, its NUL code unit included: UTF-8 lengths are not UTF-16 ones
 * (an umlaut is two bytes in both, a CJK character three against two). */
static size_t units_bytes(const uint8_t *d, size_t len)
{
	size_t at = 0;
	while (at + 2 <= len && (d[at] || d[at + 1]))
		at += 2;
	return at + 2;
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
		at += units_bytes(d + at, len - at);
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

/* bcdedit's command for a BCD edit: the object and a string value are arguments (cmdline.h), the rest is
 * bcdedit's own vocabulary. ems and bootems have switches of their own (/ems {id} ON), EMS port and speed
 * go through /emssettings. */
static void bcd_command(struct plan_edit *ed, const struct snapshot *s)
{
	char store[64], guid[GUID_TEXT_LEN] = "", option[48];
	uint32_t id = 0;
	plan_store_path(s, store, sizeof store);
	bcd_key_parts(ed->key, guid, &id);
	const char *name = bcd_element_name(id) ? bcd_element_name(id) : "element";
	bool ems = id == BCD_EMS || id == BCD_BOOTEMS;
	struct cmdline c;
	cmdline_start(&c, "bcdedit /store");
	cmdline_word(&c, store);
	snprintf(ed->what, sizeof ed->what, "BCD: %s %s", shown(guid), name);
	if (ed->kind == PLAN_BCD_CREATE) {
		snprintf(ed->after, sizeof ed->after, "object of type 0x%08x", (unsigned)le(ed->data, ed->len));
		snprintf(ed->what, sizeof ed->what, "BCD: create %s", shown(guid));
		cmdline_word(&c, "/create");
		cmdline_arg(&c, "the BCD object", shown(guid), false);
	} else if (ed->op == OP_DELETE_KEY) {
		cmdline_word(&c, "/deletevalue");
		cmdline_arg(&c, "the BCD object", shown(guid), false);
		cmdline_word(&c, name);
	} else if (ems) {
		snprintf(option, sizeof option, "/%s", name);
		cmdline_word(&c, option);
		cmdline_arg(&c, "the BCD object", shown(guid), false);
		cmdline_word(&c, le(ed->data, ed->len) ? "ON" : "OFF");
	} else if (id == BCD_EMSPORT || id == BCD_EMSBAUDRATE) {
		snprintf(option, sizeof option, "%s:%" PRIu64, id == BCD_EMSPORT ? "EMSPORT" : "EMSBAUDRATE",
			 le(ed->data, ed->len));
		cmdline_word(&c, "/emssettings");
		cmdline_word(&c, option);
	} else {
		cmdline_word(&c, "/set");
		cmdline_arg(&c, "the BCD object", shown(guid), false);
		cmdline_word(&c, name);
		cmdline_arg(&c, "the value", ed->after, false);
	}
	cmdline_finish(&c, ed->command, sizeof ed->command);
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

/* REG ADD's /d for REG_MULTI_SZ: the items joined by \0, REG's separator; NULL when an item holds "\0"
 * itself, which REG would split there. */
static const char *multi_sz_data(const struct plan_edit *ed, char *out, size_t len)
{
	out[0] = '\0';
	bool ambiguous = false;
	for (size_t at = 0; at + 2 <= ed->len;) {
		char *item = utf16le_to_utf8(ed->data + at, ed->len - at);
		if (!item || !*item) {
			free(item);
			break;
		}
		ambiguous |= strstr(item, "\\0") != NULL;
		snprintf(out + strlen(out), len - strlen(out), "%s%s", *out ? "\\0" : "", item);
		at += units_bytes(ed->data + at, ed->len - at);
		free(item);
	}
	return ambiguous ? NULL : out;
}

/* REG ADD's /d, whole (a value cut short would be another value): numbers in decimal, strings as they are,
 * binary as hex digits. NULL with *why when it can not be given. */
static const char *reg_add_data(const struct plan_edit *ed, char *out, size_t len, const char **why)
{
	char *text;
	*why = "more than one command line holds";
	switch (ed->type) {
	case hive_t_REG_DWORD:
	case hive_t_REG_QWORD:
		snprintf(out, len, "%" PRIu64, le(ed->data, ed->len > 8 ? 8 : ed->len));
		return out;
	case hive_t_REG_SZ:
	case hive_t_REG_EXPAND_SZ:
		text = utf16le_to_utf8(ed->data, ed->len);
		if (!text || strlen(text) >= len) {
			free(text);
			return NULL;
		}
		snprintf(out, len, "%s", text);
		free(text);
		return out;
	case hive_t_REG_MULTI_SZ:
		*why = "\\0 inside an item, which REG takes for the end of the item";
		return multi_sz_data(ed, out, len);
	default:
		if (2 * ed->len >= len)
			return NULL;
		for (size_t i = 0; i < ed->len; i++)
			snprintf(out + 2 * i, len - 2 * i, "%02x", ed->data[i]);
		out[2 * ed->len] = '\0';
		return out;
	}
}

/* REG's command for a registry edit on the hive loaded as HKLM\BROKENSYSTEM (or BROKENSOFTWARE): the key,
 * the value name and the data are arguments (cmdline.h); the default value of a key is /ve. */
static void registry_command(struct plan_edit *ed)
{
	char key[sizeof ed->key + 32], data[sizeof ed->command];
	snprintf(key, sizeof key, "HKLM\\%s\\%s", ed->hive == HIVE_SOFTWARE ? "BROKENSOFTWARE" : "BROKENSYSTEM",
		 ed->key);
	if (*ed->name)
		snprintf(ed->what, sizeof ed->what, "%s\\%s", ed->key, ed->name);
	else
		snprintf(ed->what, sizeof ed->what, "%s (key)", ed->key);
	bool value = ed->op == OP_SET_VALUE || ed->op == OP_DELETE_VALUE;
	struct cmdline c;
	cmdline_start(&c, ed->op == OP_SET_VALUE || ed->op == OP_CREATE_KEY ? "REG ADD" : "REG DELETE");
	cmdline_arg(&c, "the key", key, true);
	if (value && *ed->name) {
		cmdline_word(&c, "/v");
		cmdline_arg(&c, "the value name", ed->name, false);
	} else if (value) {
		cmdline_word(&c, "/ve");
	}
	if (ed->op == OP_SET_VALUE) {
		const char *why, *d = reg_add_data(ed, data, sizeof data, &why);
		cmdline_word(&c, "/t");
		cmdline_word(&c, reg_add_type(ed->type));
		cmdline_word(&c, "/d");
		if (d) {
			cmdline_arg(&c, "the data", d, true);
		} else if (!c.bad_part) {
			c.bad_part = "the data";
			c.why = why;
		}
	}
	cmdline_word(&c, "/f");
	cmdline_finish(&c, ed->command, sizeof ed->command);
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
