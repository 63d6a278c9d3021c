/* BCD element values of every format, decoded from the bytes a store holds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "bcd/bcd.h"

static void decode(uint32_t id, int type, const void *data, size_t len, struct bcd_element *el)
{
	bcd_element_decode(id, type, data, len, el);
}

static void string_is_utf16_converted(void **state)
{
	(void)state;
	static const uint8_t s[] = {'W', 0, 'i', 0, 'n', 0, 0xe9, 0, 0, 0}; /* "Winé" */
	struct bcd_element el;
	decode(BCD_DESCRIPTION, hive_t_REG_SZ, s, sizeof s, &el);
	assert_true(el.decoded);
	assert_string_equal(el.string, "Win\xc3\xa9");
	bcd_element_clear(&el);
}

static void object_is_normalised_to_lower_case_with_braces(void **state)
{
	(void)state;
	const char *g = "{9DEA862C-5CDD-4E70-ACC1-F32B344D4795}";
	uint8_t u[80] = {0};
	for (size_t i = 0; i < strlen(g); i++)
		u[2 * i] = (uint8_t)g[i];
	struct bcd_element el;
	decode(BCD_DEFAULT, hive_t_REG_SZ, u, 2 * strlen(g) + 2, &el);
	assert_true(el.decoded);
	assert_string_equal(el.string, BCD_GUID_BOOTMGR);
	bcd_element_clear(&el);
}

static void object_list_keeps_order_and_normalises(void **state)
{
	(void)state;
	const char *a = "{0CE4991B-E6B3-4B16-B23C-5E0D9250E5D9}", *b = "{4636856e-540f-4170-a130-a84776f4c654}";
	uint8_t u[200] = {0};
	size_t o = 0;
	for (size_t i = 0; a[i]; i++, o += 2)
		u[o] = (uint8_t)a[i];
	o += 2;
	for (size_t i = 0; b[i]; i++, o += 2)
		u[o] = (uint8_t)b[i];
	o += 4;
	struct bcd_element el;
	decode(BCD_INHERIT, hive_t_REG_MULTI_SZ, u, o, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nlist, 2);
	assert_string_equal(el.list[0], BCD_GUID_EMSSETTINGS);
	assert_string_equal(el.list[1], b);
	bcd_element_clear(&el);
}

static void integer_is_eight_bytes_little_endian(void **state)
{
	(void)state;
	static const uint8_t v[] = {0x00, 0xc2, 0x01, 0, 0, 0, 0, 0};
	struct bcd_element el;
	decode(BCD_EMSBAUDRATE, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 115200);
	bcd_element_clear(&el);
}

static void integer_longer_than_eight_bytes_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t v[9] = {1};
	struct bcd_element el;
	decode(BCD_EMSPORT, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "9 bytes"));
	assert_int_equal(el.raw_len, 9);
	bcd_element_clear(&el);
}

static void booleans_of_one_four_and_eight_bytes(void **state)
{
	(void)state;
	static const uint8_t one[] = {1}, four[] = {1, 0, 0, 0}, eight[] = {0, 0, 0, 0, 0, 0, 0, 0};
	struct bcd_element el;
	decode(BCD_EMS, hive_t_REG_BINARY, one, 1, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 1);
	bcd_element_clear(&el);
	decode(BCD_EMS, hive_t_REG_BINARY, four, 4, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 1);
	bcd_element_clear(&el);
	decode(BCD_EMS, hive_t_REG_BINARY, eight, 8, &el);
	assert_true(el.decoded);
	assert_int_equal(el.integer, 0);
	bcd_element_clear(&el);
}

static void boolean_of_odd_length_is_a_problem(void **state)
{
	(void)state;
	static const uint8_t three[] = {1, 0, 0};
	struct bcd_element el;
	decode(BCD_EMS, hive_t_REG_BINARY, three, 3, &el);
	assert_false(el.decoded);
	bcd_element_clear(&el);
}

static void integer_list(void **state)
{
	(void)state;
	static const uint8_t v[16] = {5, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	struct bcd_element el;
	decode(0x17000077, hive_t_REG_BINARY, v, sizeof v, &el);
	assert_true(el.decoded);
	assert_int_equal(el.nintegers, 2);
	assert_int_equal(el.integers[0], 5);
	assert_int_equal(el.integers[1], 256);
	bcd_element_clear(&el);
}

static void wrong_registry_type_is_named(void **state)
{
	(void)state;
	static const uint8_t v[] = {'1', 0, 0, 0};
	struct bcd_element el;
	decode(BCD_EMS, hive_t_REG_SZ, v, sizeof v, &el);
	assert_false(el.decoded);
	assert_non_null(strstr(el.problem, "expected REG_BINARY"));
	bcd_element_clear(&el);
}

static void format_comes_from_the_id(void **state)
{
	(void)state;
	static const uint8_t v[] = {1};
	struct bcd_element el;
	decode(BCD_BOOTEMS, hive_t_REG_BINARY, v, 1, &el);
	assert_int_equal(el.format, BCD_FORMAT_BOOLEAN);
	bcd_element_clear(&el);
	assert_string_equal(bcd_element_name(BCD_EMS), "ems");
	assert_int_equal(bcd_element_id("emsbaudrate"), BCD_EMSBAUDRATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(string_is_utf16_converted),
		cmocka_unit_test(object_is_normalised_to_lower_case_with_braces),
		cmocka_unit_test(object_list_keeps_order_and_normalises),
		cmocka_unit_test(integer_is_eight_bytes_little_endian),
		cmocka_unit_test(integer_longer_than_eight_bytes_is_a_problem),
		cmocka_unit_test(booleans_of_one_four_and_eight_bytes),
		cmocka_unit_test(boolean_of_odd_length_is_a_problem),
		cmocka_unit_test(integer_list),
		cmocka_unit_test(wrong_registry_type_is_named),
		cmocka_unit_test(format_comes_from_the_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
