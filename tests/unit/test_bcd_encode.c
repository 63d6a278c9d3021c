/* New element values in the bytes bcdedit writes, by format, and every value a wizard must not write. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "bcd/bcd.h"

struct encoded {
	struct bcd_value value;
	int rc;
	char why[256];
};

static struct encoded encode(const char *name, const char *const *items, size_t n)
{
	struct encoded e;
	memset(&e, 0, sizeof e);
	e.rc = bcd_encode(name, items, n, &e.value, e.why, sizeof e.why);
	return e;
}

static struct encoded encode_one(const char *name, const char *item)
{
	return encode(name, &item, 1);
}

static void assert_bytes(struct encoded *e, int reg_type, const uint8_t *want, size_t len)
{
	assert_int_equal(e->rc, 0);
	assert_int_equal(e->value.reg_type, reg_type);
	assert_int_equal(e->value.len, len);
	assert_memory_equal(e->value.data, want, len);
	bcd_value_free(&e->value);
}

static void assert_refused(struct encoded *e, const char *part)
{
	assert_int_equal(e->rc, -1);
	assert_null(e->value.data);
	assert_int_equal(e->value.len, 0);
	if (!strstr(e->why, part))
		fail_msg("'%s' does not say '%s'", e->why, part);
}

static void boolean_is_one_byte_from_any_of_bcdedits_words(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		uint8_t value;
	} words[] = {{"yes", 1}, {"No", 0}, {"ON", 1}, {"off", 0}, {"True", 1}, {"false", 0}, {"1", 1}, {"0", 0}};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		struct encoded e = encode_one("ems", words[i].word);
		assert_int_equal(e.value.id, BCD_EMS);
		assert_bytes(&e, hive_t_REG_BINARY, &words[i].value, 1);
	}
}

static void boolean_refuses_other_words(void **state)
{
	(void)state;
	struct encoded e = encode_one("bootems", "maybe");
	assert_refused(&e, "");
	assert_string_equal(e.why, "'maybe' is not a value for bootems: give yes or no (or on/off, true/false, 1/0)");
	e = encode_one("bootems", "2");
	assert_refused(&e, "not a value for bootems");
}

static void integer_is_eight_bytes_little_endian(void **state)
{
	(void)state;
	static const uint8_t want[8] = {0x00, 0xc2, 0x01};
	struct encoded e = encode_one("emsbaudrate", "115200");
	assert_int_equal(e.value.id, BCD_EMSBAUDRATE);
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void integer_may_be_hexadecimal_after_0x(void **state)
{
	(void)state;
	static const uint8_t want[8] = {0x1f};
	struct encoded e = encode_one("timeout", "0x1F");
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void integer_with_leading_zero_is_decimal_not_octal(void **state)
{
	(void)state;
	static const uint8_t want[8] = {10};
	struct encoded e = encode_one("timeout", "010");
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void largest_integer_is_accepted(void **state)
{
	(void)state;
	static const uint8_t want[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	struct encoded e = encode_one("timeout", "18446744073709551615");
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
	e = encode_one("timeout", "0XFFFFFFFFFFFFFFFF");
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void integer_that_is_not_a_plain_number_is_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {"big", "-1", "+1", "1e5", "nan", "", " 1", "1 ", "0x", "1.5", "0b1", "12a"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct encoded e = encode_one("emsport", bad[i]);
		assert_refused(&e, "is not a value for emsport: give a decimal number, or a hexadecimal one after 0x");
	}
}

static void integer_past_64_bits_is_refused_as_too_large(void **state)
{
	(void)state;
	struct encoded e = encode_one("timeout", "0x1ffffffffffffffff");
	assert_refused(&e, "");
	assert_string_equal(e.why, "'0x1ffffffffffffffff' is too large for timeout: the largest value is "
			   "18446744073709551615 (0xffffffffffffffff)");
	e = encode_one("timeout", "18446744073709551616");
	assert_refused(&e, "too large for timeout");
}

static void named_value_is_written_as_its_number(void **state)
{
	(void)state;
	static const uint8_t want[8] = {1};
	struct encoded e = encode_one("bootstatuspolicy", "ignoreAllFailures");
	assert_int_equal(e.value.id, BCD_BOOTSTATUSPOLICY);
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void element_with_named_values_takes_their_numbers_too(void **state)
{
	(void)state;
	static const uint8_t want[8] = {2};
	struct encoded e = encode_one("safeboot", "2");
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void element_with_named_values_refuses_other_names_and_numbers(void **state)
{
	(void)state;
	struct encoded e = encode_one("safeboot", "Maximal");
	assert_refused(&e, "");
	assert_string_equal(e.why, "'Maximal' is not a value for safeboot: give one of Minimal (0), Network (1), "
			   "DsRepair (2)");
	e = encode_one("nx", "4");
	assert_refused(&e, "give one of OptIn (0), OptOut (1), AlwaysOff (2), AlwaysOn (3)");
}

static void string_is_utf16_with_its_nul(void **state)
{
	(void)state;
	static const uint8_t want[] = {0x46, 0, 0x3a, 0, 0x5c, 0, 0x47, 0, 0x72, 0, 0xf6, 0, 0xdf, 0,
				       0x65, 0, 0x5c, 0, 0,    0};
	struct encoded e = encode_one("description", "F:\\Gr\xc3\xb6\xc3\x9f" "e\\");
	assert_int_equal(e.value.id, BCD_DESCRIPTION);
	assert_bytes(&e, hive_t_REG_SZ, want, sizeof want);
}

static void string_that_is_not_utf8_is_refused(void **state)
{
	(void)state;
	struct encoded e = encode_one("description", "Windows \xff");
	assert_refused(&e, "");
	assert_string_equal(e.why, "description: 'Windows \\xff' is not valid UTF-8 at byte 8");
}

/* UTF-16LE of an ASCII string followed by its NUL, as the test expects it */
static size_t utf16(uint8_t *out, const char *s)
{
	size_t o = 0;
	for (; *s; s++, o += 2) {
		out[o] = (uint8_t)*s;
		out[o + 1] = 0;
	}
	out[o++] = 0;
	out[o++] = 0;
	return o;
}

static void object_alias_becomes_its_guid(void **state)
{
	(void)state;
	uint8_t want[128];
	size_t len = utf16(want, BCD_GUID_EMSSETTINGS);
	struct encoded e = encode_one("default", "{EmsSettings}");
	assert_int_equal(e.value.id, BCD_DEFAULT);
	assert_bytes(&e, hive_t_REG_SZ, want, len);
}

static void object_guid_is_written_lower_case_with_braces(void **state)
{
	(void)state;
	uint8_t want[128];
	size_t len = utf16(want, "{aaaaaaaa-2222-3333-4444-555555555555}");
	struct encoded e = encode_one("default", "AAAAAAAA-2222-3333-4444-555555555555");
	assert_bytes(&e, hive_t_REG_SZ, want, len);
}

static void object_that_is_not_a_guid_is_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {"{default}", "{current}", "Windows", "{aaaaaaaa-2222-3333-4444}", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct encoded e = encode_one("default", bad[i]);
		assert_refused(&e, "is not an object for default: give a GUID");
	}
}

static void object_list_is_a_multi_sz_of_guids(void **state)
{
	(void)state;
	uint8_t want[256];
	size_t len = utf16(want, "{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}");
	len += utf16(want + len, "{aaaaaaaa-2222-3333-4444-555555555555}");
	want[len++] = 0;
	want[len++] = 0;
	const char *items[] = {"{globalsettings}", "{AAAAAAAA-2222-3333-4444-555555555555}"};
	struct encoded e = encode("inherit", items, 2);
	assert_int_equal(e.value.id, BCD_INHERIT);
	assert_bytes(&e, hive_t_REG_MULTI_SZ, want, len);
}

static void object_list_refuses_an_item_that_is_not_an_object(void **state)
{
	(void)state;
	const char *items[] = {"{globalsettings}", "{nosuchalias}"};
	struct encoded e = encode("displayorder", items, 2);
	assert_refused(&e, "'{nosuchalias}' is not an object for displayorder");
}

static void object_list_needs_one_object_or_more(void **state)
{
	(void)state;
	struct encoded e = encode("recoverysequence", NULL, 0);
	assert_refused(&e, "recoverysequence takes one or more objects, none was given");
}

static void other_formats_take_exactly_one_value(void **state)
{
	(void)state;
	const char *items[] = {"yes", "no"};
	struct encoded e = encode("ems", items, 2);
	assert_refused(&e, "ems takes exactly one value, 2 were given");
	e = encode("timeout", NULL, 0);
	assert_refused(&e, "timeout takes exactly one value, 0 were given");
}

static void device_element_can_not_be_set(void **state)
{
	(void)state;
	struct encoded e = encode_one("osdevice", "partition=C:");
	assert_refused(&e, "");
	assert_string_equal(e.why, "osdevice (21000001) can not be set by a wizard: it is a device element");
}

static void integer_list_element_can_not_be_set(void **state)
{
	(void)state;
	struct encoded e = encode_one("badmemorylist", "1");
	assert_refused(&e, "badmemorylist (1700000a) can not be set by a wizard: it is an integer list element");
}

static void element_rescuewiz_only_reads_can_not_be_set(void **state)
{
	(void)state;
	struct encoded e = encode_one("path", "\\Windows\\system32\\winload.efi");
	assert_refused(&e, "path (12000002) can not be set by a wizard: rescuewiz only reads it");
}

static void unknown_element_is_refused_by_name(void **state)
{
	(void)state;
	struct encoded e = encode_one("emsbaud\x1b[2J", "1");
	assert_refused(&e, "'emsbaud\\x1b[2J' is not a BCD element rescuewiz knows");
}

static void element_name_is_taken_in_any_case(void **state)
{
	(void)state;
	static const uint8_t want[8] = {30};
	struct encoded e = encode_one("TIMEOUT", "30");
	assert_int_equal(e.value.id, BCD_TIMEOUT);
	assert_bytes(&e, hive_t_REG_BINARY, want, sizeof want);
}

static void encodings_read_back_as_the_values_given(void **state)
{
	(void)state;
	const char *order[] = {"{bootmgr}", "{11111111-2222-3333-4444-555555555555}"};
	struct encoded list = encode("displayorder", order, 2), num = encode_one("emsport", "2");
	struct encoded flag = encode_one("ems", "on"), text = encode_one("description", "Gr\xc3\xb6\xc3\x9f" "e");
	struct bcd_element el[4];
	bcd_element_decode(list.value.id, list.value.reg_type, list.value.data, list.value.len, &el[0]);
	bcd_element_decode(num.value.id, num.value.reg_type, num.value.data, num.value.len, &el[1]);
	bcd_element_decode(flag.value.id, flag.value.reg_type, flag.value.data, flag.value.len, &el[2]);
	bcd_element_decode(text.value.id, text.value.reg_type, text.value.data, text.value.len, &el[3]);
	for (int i = 0; i < 4; i++)
		assert_true(el[i].decoded);
	assert_int_equal(el[0].nlist, 2);
	assert_string_equal(el[0].list[0], BCD_GUID_BOOTMGR);
	assert_string_equal(el[0].list[1], order[1]);
	assert_int_equal(el[1].integer, 2);
	assert_int_equal(el[2].integer, 1);
	assert_string_equal(el[3].string, "Gr\xc3\xb6\xc3\x9f" "e");
	for (int i = 0; i < 4; i++)
		bcd_element_clear(&el[i]);
	bcd_value_free(&list.value);
	bcd_value_free(&num.value);
	bcd_value_free(&flag.value);
	bcd_value_free(&text.value);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boolean_is_one_byte_from_any_of_bcdedits_words),
		cmocka_unit_test(boolean_refuses_other_words),
		cmocka_unit_test(integer_is_eight_bytes_little_endian),
		cmocka_unit_test(integer_may_be_hexadecimal_after_0x),
		cmocka_unit_test(integer_with_leading_zero_is_decimal_not_octal),
		cmocka_unit_test(largest_integer_is_accepted),
		cmocka_unit_test(integer_that_is_not_a_plain_number_is_refused),
		cmocka_unit_test(integer_past_64_bits_is_refused_as_too_large),
		cmocka_unit_test(named_value_is_written_as_its_number),
		cmocka_unit_test(element_with_named_values_takes_their_numbers_too),
		cmocka_unit_test(element_with_named_values_refuses_other_names_and_numbers),
		cmocka_unit_test(string_is_utf16_with_its_nul),
		cmocka_unit_test(string_that_is_not_utf8_is_refused),
		cmocka_unit_test(object_alias_becomes_its_guid),
		cmocka_unit_test(object_guid_is_written_lower_case_with_braces),
		cmocka_unit_test(object_that_is_not_a_guid_is_refused),
		cmocka_unit_test(object_list_is_a_multi_sz_of_guids),
		cmocka_unit_test(object_list_refuses_an_item_that_is_not_an_object),
		cmocka_unit_test(object_list_needs_one_object_or_more),
		cmocka_unit_test(other_formats_take_exactly_one_value),
		cmocka_unit_test(device_element_can_not_be_set),
		cmocka_unit_test(integer_list_element_can_not_be_set),
		cmocka_unit_test(element_rescuewiz_only_reads_can_not_be_set),
		cmocka_unit_test(unknown_element_is_refused_by_name),
		cmocka_unit_test(element_name_is_taken_in_any_case),
		cmocka_unit_test(encodings_read_back_as_the_values_given),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
