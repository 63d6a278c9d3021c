/* UTF-8 to UTF-16LE for strings written into hives (REG_SZ, REG_MULTI_SZ), and text made safe to show. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf16.h"

static void ascii_gets_one_code_unit_per_byte_and_a_nul(void **state)
{
	(void)state;
	static const uint8_t want[] = {'o', 0, 'n', 0, 0, 0};
	char why[128];
	size_t len;
	uint8_t *u = utf8_to_utf16le("on", &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(u, want, sizeof want);
	free(u);
}

static void path_with_umlaut_and_sharp_s_becomes_their_code_units(void **state)
{
	(void)state;
	/* F:\Größe\ : ö is U+00F6, ß is U+00DF */
	static const uint8_t want[] = {0x46, 0, 0x3a, 0, 0x5c, 0, 0x47, 0, 0x72, 0, 0xf6, 0, 0xdf, 0,
				       0x65, 0, 0x5c, 0, 0,    0};
	char why[128];
	size_t len;
	uint8_t *u = utf8_to_utf16le("F:\\Gr\xc3\xb6\xc3\x9f" "e\\", &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(u, want, sizeof want);
	free(u);
}

static void character_beyond_the_bmp_becomes_a_surrogate_pair(void **state)
{
	(void)state;
	static const uint8_t want[] = {0x3d, 0xd8, 0x00, 0xde, 0, 0}; /* U+1F600 */
	char why[128];
	size_t len;
	uint8_t *u = utf8_to_utf16le("\xf0\x9f\x98\x80", &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(u, want, sizeof want);
	free(u);
}

static void empty_string_is_the_nul_alone(void **state)
{
	(void)state;
	char why[128];
	size_t len;
	uint8_t *u = utf8_to_utf16le("", &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, 2);
	assert_int_equal(u[0] | u[1], 0);
	free(u);
}

static void invalid_byte_is_refused_with_its_offset(void **state)
{
	(void)state;
	char why[128];
	size_t len = 99;
	assert_null(utf8_to_utf16le("Gr\xc3\xb6\xff", &len, why, sizeof why));
	assert_string_equal(why, "'Gr\xc3\xb6\\xff' is not valid UTF-8 at byte 4");
	assert_int_equal(len, 99);
}

static void truncated_sequence_is_refused(void **state)
{
	(void)state;
	char why[128];
	size_t len;
	assert_null(utf8_to_utf16le("ab\xc3", &len, why, sizeof why));
	assert_string_equal(why, "'ab\\xc3' is not valid UTF-8 at byte 2");
}

static void overlong_encoding_is_refused(void **state)
{
	(void)state;
	char why[128];
	size_t len;
	assert_null(utf8_to_utf16le("\xc0\xaf", &len, why, sizeof why)); /* '/' in two bytes */
	assert_non_null(strstr(why, "at byte 0"));
}

static void encoded_surrogate_is_refused(void **state)
{
	(void)state;
	char why[128];
	size_t len;
	assert_null(utf8_to_utf16le("\xed\xa0\x80", &len, why, sizeof why));
	assert_non_null(strstr(why, "at byte 0"));
}

static void multi_sz_ends_each_string_then_the_list(void **state)
{
	(void)state;
	static const uint8_t want[] = {'a', 0, 0, 0, 0xdf, 0, 'c', 0, 0, 0, 0, 0};
	const char *items[] = {"a", "\xc3\x9f" "c"};
	char why[128];
	size_t len;
	uint8_t *u = utf8_list_to_multi_sz(items, 2, &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(u, want, sizeof want);
	free(u);
}

static void empty_multi_sz_is_one_nul(void **state)
{
	(void)state;
	char why[128];
	size_t len;
	uint8_t *u = utf8_list_to_multi_sz(NULL, 0, &len, why, sizeof why);
	assert_non_null(u);
	assert_int_equal(len, 2);
	assert_int_equal(u[0] | u[1], 0);
	free(u);
}

static void multi_sz_refuses_an_empty_item(void **state)
{
	(void)state;
	const char *items[] = {"a", "", "c"};
	char why[128];
	size_t len;
	assert_null(utf8_list_to_multi_sz(items, 3, &len, why, sizeof why));
	assert_non_null(strstr(why, "item 2 of the list is empty"));
}

static void multi_sz_refuses_an_item_that_is_not_utf8(void **state)
{
	(void)state;
	const char *items[] = {"a", "b\xfe"};
	char why[128];
	size_t len;
	assert_null(utf8_list_to_multi_sz(items, 2, &len, why, sizeof why));
	assert_string_equal(why, "'b\\xfe' is not valid UTF-8 at byte 1");
}

static void quote_escapes_control_characters_even_in_valid_text(void **state)
{
	(void)state;
	char out[64];
	utf8_quote("a\x1b[2Jb\n\xc3\xb6", 9, out, sizeof out);
	assert_string_equal(out, "a\\x1b[2Jb\\x0a\xc3\xb6");
}

static void quote_escapes_non_ascii_when_validity_is_unknown(void **state)
{
	(void)state;
	char out[64];
	utf8_quote("\xc3\xb6k", 0, out, sizeof out);
	assert_string_equal(out, "\\xc3\\xb6k");
}

static void quote_is_cut_short_without_splitting_an_escape(void **state)
{
	(void)state;
	char out[7];
	utf8_quote("ab\x01\x02", 4, out, sizeof out);
	assert_string_equal(out, "ab\\x01");
}

static void quote_escapes_c1_controls_a_terminal_would_obey(void **state)
{
	(void)state;
	char out[64];
	/* U+009B is CSI to xterm: "\xc2\x9b2J" would clear the screen */
	utf8_quote("a\xc2\x9b" "2J\xc2\xa0" "b", 8, out, sizeof out);
	assert_string_equal(out, "a\\xc2\\x9b2J\xc2\xa0" "b");
}

static void valid_length_stops_where_iconv_would(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_length("B\xc3\xbcro"), 5);
	assert_int_equal(utf8_valid_length("ab\xc0\x80"), 2);         /* overlong NUL */
	assert_int_equal(utf8_valid_length("a\xed\xa0\x80"), 1);     /* an encoded surrogate */
	assert_int_equal(utf8_valid_length("\xf4\x90\x80\x80"), 0); /* past U+10FFFF */
	assert_int_equal(utf8_valid_length("ok\xe2\x82"), 2);         /* cut short */
	assert_int_equal(utf8_valid_length("\xf0\x9f\x98\x80!"), 5);
}

static void printable_keeps_any_language_and_escapes_the_rest(void **state)
{
	(void)state;
	char out[128];
	utf8_printable("B\xc3\xbcro\x1b]0;pwned\x07\nFake line\xff", out, sizeof out);
	assert_string_equal(out, "B\xc3\xbcro\\x1b]0;pwned\\x07\\x0aFake line\\xff");
	char again[128];
	utf8_printable(out, again, sizeof again);
	assert_string_equal(again, out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_gets_one_code_unit_per_byte_and_a_nul),
		cmocka_unit_test(path_with_umlaut_and_sharp_s_becomes_their_code_units),
		cmocka_unit_test(character_beyond_the_bmp_becomes_a_surrogate_pair),
		cmocka_unit_test(empty_string_is_the_nul_alone),
		cmocka_unit_test(invalid_byte_is_refused_with_its_offset),
		cmocka_unit_test(truncated_sequence_is_refused),
		cmocka_unit_test(overlong_encoding_is_refused),
		cmocka_unit_test(encoded_surrogate_is_refused),
		cmocka_unit_test(multi_sz_ends_each_string_then_the_list),
		cmocka_unit_test(empty_multi_sz_is_one_nul),
		cmocka_unit_test(multi_sz_refuses_an_empty_item),
		cmocka_unit_test(multi_sz_refuses_an_item_that_is_not_utf8),
		cmocka_unit_test(quote_escapes_control_characters_even_in_valid_text),
		cmocka_unit_test(quote_escapes_non_ascii_when_validity_is_unknown),
		cmocka_unit_test(quote_is_cut_short_without_splitting_an_escape),
		cmocka_unit_test(quote_escapes_c1_controls_a_terminal_would_obey),
		cmocka_unit_test(valid_length_stops_where_iconv_would),
		cmocka_unit_test(printable_keeps_any_language_and_escapes_the_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
