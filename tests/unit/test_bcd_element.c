/* BCD element values of every format, decoded from the bytes a store holds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "bcd/bcd.h"

/* UTF-16LE of each string, NUL terminated, then one more NUL for a REG_MULTI_SZ (when multi) */
static size_t utf16(uint8_t *out, const char *const *strings, size_t n, bool multi)
{
	size_t o = 0;
	for (size_t s = 0; s < n; s++) {
		for (const char *c = strings[s]; *c; c++, o += 2) {
			out[o] = (uint8_t)*c;
			out[o + 1] = 0;
		}
		out[o++] = 0;
		out[o++] = 0;
	}
	if (multi) {
		out[o++] = 0;
		out[o++] = 0;
	}
	return o;
}

static void decode_text(uint32_t id, int type, const char *const *strings, size_t n, struct bcd_element *el)
{
	uint8_t u[512];
	size_t len = utf16(u, strings, n, type == hive_t_REG_MULTI_SZ);
	bcd_element_decode(id, type, u, len, el);
}

static void string_is_converted_from_utf16(void **state)
{
	(void)state;
	static const uint8_t s[] = {'W', 0, 'i', 0, 'n', 0, 0xe9, 0, 0, 0}; /* "Winé" */
	struct bcd_element el;
	bcd_element_decode(BCD_DESCRIPTION, hive_t_REG_SZ, s, sizeof s, &el);
	assert_true(el.decoded);
	assert_int_equal(el.format, BCD_FORMAT_STRING);
	assert_string_equal(el.string, "Win\xc3\xa9");
	bcd_element_clear(&el);
}

static void object_guid_is_normalised_to_lower_case_with_braces(void **state)
{
	(void)state;
	const char *g[] = {"{9DEA862C-5CDD-4E70-ACC1-F32B344D4795}"};
	struct bcd_element el;
	decode_text(BCD_DEFAULT, hive_t_REG_SZ, g, 1, &el);
	assert_true(el.decoded);
	assert_string_equal(el.string, BCD_GUID_BOOTMGR);
	bcd_element_clear(&el);
}

static void object_that_is_no_guid_is_kept_as_it_is(void **state)
{
	(void)state;
	const char *g[] = {"{Not-A-Guid}"};
	struct bcd_element el;
	decode_text(BCD_DEFAULT, hive_t_REG_SZ, g, 1, &el);
	assert_true(el.decoded);
	assert_string_equal(el.string, "{Not-A-Guid}");
	bcd_element_clear(&el);
}

static void object_list_is_normalised_in_order(void **state)
{
	(void)state;
	const char *g[] = {"{0CE4991B-E6B3-4B16-B23C-5E0D9250E5D9}", "4636856E-540F-4170-A130-A84776F4C654"};
	struct bcd_element el;
	decode_text(BCD_INHERIT, hive_t_REG_MULTI_SZ, g, 2, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nlist, 2);
	assert_string_equal(el.list[0], BCD_GUID_EMSSETTINGS);
	assert_string_equal(el.list[1], "{4636856e-540f-4170-a130-a84776f4c654}");
	assert_null(el.list[2]);
	bcd_element_clear(&el);
}

static void object_list_keeps_entries_that_are_no_guid(void **state)
{
	(void)state;
	const char *g[] = {"{bootloadersettings}", "{0CE4991B-E6B3-4B16-B23C-5E0D9250E5D9}"};
	struct bcd_element el;
	decode_text(BCD_INHERIT, hive_t_REG_MULTI_SZ, g, 2, &el);
	assert_int_equal(el.nlist, 2);
	assert_string_equal(el.list[0], "{bootloadersettings}");
	assert_string_equal(el.list[1], BCD_GUID_EMSSETTINGS);
	bcd_element_clear(&el);
}

static void object_list_without_its_final_nul_is_read(void **state)
{
	(void)state;
	const char *g[] = {"{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"};
	uint8_t u[128];
	size_t len = utf16(u, g, 1, false) - 2;
	struct bcd_element el;
	bcd_element_decode(BCD_INHERIT, hive_t_REG_MULTI_SZ, u, len, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nlist, 1);
	assert_string_equal(el.list[0], BCD_GUID_EMSSETTINGS);
	bcd_element_clear(&el);
}

static void empty_object_list_has_no_entries(void **state)
{
	(void)state;
	static const uint8_t v[] = {0, 0};
	struct bcd_element el;
	bcd_element_decode(BCD_DISPLAYORDER, hive_t_REG_MULTI_SZ, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nlist, 0);
	bcd_element_clear(&el);
}

static void integer_is_eight_bytes_little_endian(void **state)
{
	(void)state;
	static const uint8_t v[] = {0x00, 0xc2, 0x01, 0, 0, 0, 0, 0x80};
	struct bcd_element el;
	bcd_element_decode(BCD_EMSBAUDRATE, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_true(el.integer == 0x800000000001c200ULL);
	bcd_element_clear(&el);
}

static void integer_of_fewer_bytes_is_read_little_endian(void **state)
{
	(void)state;
	static const uint8_t v[] = {0x34, 0x12};
	struct bcd_element el;
	bcd_element_decode(BCD_TIMEOUT, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 0x1234);
	bcd_element_clear(&el);
}

static void empty_integer_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t v[1] = {0};
	struct bcd_element el;
	bcd_element_decode(BCD_EMSPORT, hive_t_REG_BINARY, v, 0, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "integer of 0 bytes"));
	bcd_element_clear(&el);
}

static void integer_longer_than_eight_bytes_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t v[9] = {1};
	struct bcd_element el;
	bcd_element_decode(BCD_EMSPORT, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "9 bytes"));
	bcd_element_clear(&el);
}

static void boolean_of_one_byte(void **state)
{
	(void)state;
	static const uint8_t v[] = {1};
	struct bcd_element el;
	bcd_element_decode(BCD_EMS, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.format, BCD_FORMAT_BOOLEAN);
	assert_int_equal(el.integer, 1);
	bcd_element_clear(&el);
}

static void boolean_of_four_bytes_is_true_for_any_nonzero_byte(void **state)
{
	(void)state;
	static const uint8_t v[] = {0, 0, 2, 0};
	struct bcd_element el;
	bcd_element_decode(BCD_EMS, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 1);
	bcd_element_clear(&el);
}

static void boolean_of_eight_zero_bytes_is_false(void **state)
{
	(void)state;
	static const uint8_t v[8] = {0};
	struct bcd_element el;
	bcd_element_decode(BCD_EMS, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 0);
	bcd_element_clear(&el);
}

static void boolean_of_other_length_is_a_problem_but_its_first_byte_is_read(void **state)
{
	(void)state;
	static const uint8_t v[] = {1, 0, 0};
	struct bcd_element el;
	bcd_element_decode(BCD_EMS, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "boolean of 3 bytes"));
	assert_int_equal(el.integer, 1);
	bcd_element_clear(&el);
}

static void integer_list_is_eight_bytes_each(void **state)
{
	(void)state;
	static const uint8_t v[16] = {5, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	struct bcd_element el;
	bcd_element_decode(0x17000077, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nintegers, 2);
	assert_int_equal(el.integers[0], 5);
	assert_int_equal(el.integers[1], 256);
	bcd_element_clear(&el);
}

static void integer_list_of_partial_entries_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t v[12] = {5};
	struct bcd_element el;
	bcd_element_decode(0x17000077, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "12 bytes"));
	bcd_element_clear(&el);
}

static void device_is_decoded_by_the_device_decoder(void **state)
{
	(void)state;
	uint8_t v[88] = {0};
	v[0x10] = 5;
	v[0x18] = 0x48;
	struct bcd_element el;
	bcd_element_decode(BCD_OSDEVICE, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.device.type, BCD_DEVICE_BOOT);
	bcd_element_clear(&el);
}

static void truncated_device_is_a_problem(void **state)
{
	(void)state;
	uint8_t v[20] = {0};
	struct bcd_element el;
	bcd_element_decode(BCD_OSDEVICE, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "20 bytes"));
	bcd_element_clear(&el);
}

static void wrong_registry_type_is_named(void **state)
{
	(void)state;
	const char *s[] = {"1"};
	struct bcd_element el;
	decode_text(BCD_EMSPORT, hive_t_REG_SZ, s, 1, &el);
	assert_false(el.decoded);
	assert_string_equal(el.problem, "expected REG_BINARY for an integer element, found REG_SZ");
	assert_int_equal(el.reg_type, hive_t_REG_SZ);
	bcd_element_clear(&el);
}

static void raw_bytes_are_kept(void **state)
{
	(void)state;
	static const uint8_t v[] = {1, 2, 3};
	struct bcd_element el;
	bcd_element_decode(BCD_EMS, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_int_equal(el.raw_len, 3);
	assert_memory_equal(el.raw, v, 3);
	bcd_element_clear(&el);
}

static void unknown_format_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t v[] = {1};
	struct bcd_element el;
	bcd_element_decode(0x18000001, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_int_equal(el.format, 8);
	assert_non_null(strstr(el.problem, "unknown element format 8"));
	bcd_element_clear(&el);
}

static void unreadable_element_keeps_its_id_and_reason(void **state)
{
	(void)state;
	struct bcd_element el;
	bcd_element_unreadable(BCD_EMSPORT, "no Element value", &el);
	assert_false(el.decoded);
	assert_int_equal(el.id, BCD_EMSPORT);
	assert_int_equal(el.format, BCD_FORMAT_INTEGER);
	assert_string_equal(el.problem, "no Element value");
	bcd_element_clear(&el);
}

static void bcdedit_names_and_ids_match(void **state)
{
	(void)state;
	assert_string_equal(bcd_element_name(BCD_EMS), "ems");
	assert_string_equal(bcd_element_name(0x12000002), "path");
	assert_string_equal(bcd_element_name(0x22000002), "systemroot");
	assert_int_equal(bcd_element_id("emsbaudrate"), BCD_EMSBAUDRATE);
	assert_int_equal(bcd_element_id("locale"), 0x12000005);
	assert_null(bcd_element_name(0x12345678));
	assert_int_equal(bcd_element_id("nosuchname"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(string_is_converted_from_utf16),
		cmocka_unit_test(object_guid_is_normalised_to_lower_case_with_braces),
		cmocka_unit_test(object_that_is_no_guid_is_kept_as_it_is),
		cmocka_unit_test(object_list_is_normalised_in_order),
		cmocka_unit_test(object_list_keeps_entries_that_are_no_guid),
		cmocka_unit_test(object_list_without_its_final_nul_is_read),
		cmocka_unit_test(empty_object_list_has_no_entries),
		cmocka_unit_test(integer_is_eight_bytes_little_endian),
		cmocka_unit_test(integer_of_fewer_bytes_is_read_little_endian),
		cmocka_unit_test(empty_integer_is_a_problem),
		cmocka_unit_test(integer_longer_than_eight_bytes_is_a_problem),
		cmocka_unit_test(boolean_of_one_byte),
		cmocka_unit_test(boolean_of_four_bytes_is_true_for_any_nonzero_byte),
		cmocka_unit_test(boolean_of_eight_zero_bytes_is_false),
		cmocka_unit_test(boolean_of_other_length_is_a_problem_but_its_first_byte_is_read),
		cmocka_unit_test(integer_list_is_eight_bytes_each),
		cmocka_unit_test(integer_list_of_partial_entries_is_a_problem),
		cmocka_unit_test(device_is_decoded_by_the_device_decoder),
		cmocka_unit_test(truncated_device_is_a_problem),
		cmocka_unit_test(wrong_registry_type_is_named),
		cmocka_unit_test(raw_bytes_are_kept),
		cmocka_unit_test(unknown_format_is_a_problem),
		cmocka_unit_test(unreadable_element_keeps_its_id_and_reason),
		cmocka_unit_test(bcdedit_names_and_ids_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
