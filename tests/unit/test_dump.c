/* Dump headers: 64- and 32-bit kernel dumps, never-written ones, user-mode minidumps, and truncated
 * headers read without overrun (ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dump/dump.h"

static void put(uint8_t *d, size_t off, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		d[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* A Server 2019 kernel dump after an NMI: 4 CPUs, 8 GiB */
static uint8_t *header64(void)
{
	uint8_t *d = calloc(1, DUMP_HEADER_SIZE);
	assert_non_null(d);
	memcpy(d, "PAGEDU64", 8);
	put(d, 0x08, 15, 4);
	put(d, 0x0c, 17763, 4);
	put(d, 0x30, 0x8664, 4);
	put(d, 0x34, 4, 4);
	put(d, 0x38, 0x80, 4);
	put(d, 0x40, 0x4f4454, 8);
	put(d, 0x58, 7, 8);
	put(d, 0x88, 1, 4);
	put(d, 0x90, 2097152, 8);
	put(d, 0x98, 1, 8);
	put(d, 0xa0, 2097152, 8);
	put(d, 0x1030, 36000000000ULL, 8);
	put(d, 0x1040, 3, 4);
	put(d, 0xf98, 2, 4);
	put(d, 0xfa0, 2097152ULL * 4096 + 0x2000, 8);
	put(d, 0xfa8, 133770000000000000ULL, 8);
	memcpy(d + 0xfb0, "a comment", 9);
	return d;
}

static void header64_gives_bugcheck_and_parameters(void **state)
{
	(void)state;
	uint8_t *d = header64();
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_true(h.valid);
	assert_false(h.never_written);
	assert_int_equal(h.bits, 64);
	assert_int_equal(h.bugcheck, 0x80);
	assert_int_equal(h.params[0], 0x4f4454);
	assert_int_equal(h.params[3], 7);
	assert_string_equal(h.problem, "");
	free(d);
}

static void header64_gives_build_processors_and_ram(void **state)
{
	(void)state;
	uint8_t *d = header64();
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_int_equal(h.build, 17763);
	assert_int_equal(h.processors, 4);
	assert_int_equal(h.ram_bytes, 8ULL << 30);
	free(d);
}

static void header64_gives_type_space_and_time(void **state)
{
	(void)state;
	uint8_t *d = header64();
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_int_equal(h.dump_type, 2);
	assert_int_equal(h.required_space, 2097152ULL * 4096 + 0x2000);
	assert_int_equal(h.system_time, 133770000000000000ULL);
	free(d);
}

static void header32_gives_bugcheck_processors_and_ram(void **state)
{
	(void)state;
	uint8_t d[0x1000] = {0};
	memcpy(d, "PAGEDUMP", 8);
	put(d, 0x0c, 7601, 4);
	put(d, 0x24, 2, 4);
	put(d, 0x28, 0x7e, 4);
	put(d, 0x2c, 0xc0000005, 4);
	put(d, 0x38, 0x1234, 4);
	put(d, 0x64, 2, 4);
	put(d, 0x68, 262144, 4);
	put(d, 0x6c, 0x1, 4);
	put(d, 0x70, 200000, 4);
	put(d, 0x74, 0x40000, 4);
	put(d, 0x78, 62144, 4);
	put(d, 0xf88, 1, 4);
	put(d, 0xfc0, 133770000000000000ULL, 8);
	put(d, 0xf94, 1, 4);
	struct dump_header h;
	dump_header_parse(d, sizeof d, &h);
	assert_true(h.valid);
	assert_int_equal(h.bits, 32);
	assert_int_equal(h.build, 7601);
	assert_int_equal(h.processors, 2);
	assert_int_equal(h.bugcheck, 0x7e);
	assert_int_equal(h.params[0], 0xc0000005);
	assert_int_equal(h.params[3], 0x1234);
	assert_int_equal(h.ram_bytes, 1ULL << 30);
	assert_int_equal(h.dump_type, 1);
	assert_int_equal(h.system_time, 133770000000000000ULL);
	assert_int_equal(h.product_type, 1);
	assert_int_equal(h.header_size, 0x1000);
}

/* rizin warns when the runs do not add up to NumberOfPages: such a block gives no RAM */
static void memory_runs_that_do_not_add_up_give_no_ram(void **state)
{
	(void)state;
	uint8_t *d = header64();
	put(d, 0xa0, 2097151, 8);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_true(h.valid);
	assert_int_equal(h.ram_bytes, 0);
	free(d);
}

/* at most 43 runs fit before the context record at 0x348 */
static void more_runs_than_fit_give_no_ram(void **state)
{
	(void)state;
	uint8_t *d = header64();
	put(d, 0x88, 44, 4);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_int_equal(h.ram_bytes, 0);
	free(d);
}

static void header64_gives_uptime_product_and_machine(void **state)
{
	(void)state;
	uint8_t *d = header64();
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_int_equal(h.uptime, 36000000000ULL);
	assert_int_equal(h.product_type, 3);
	assert_string_equal(dump_product_type_name(h.product_type), "server");
	assert_string_equal(dump_machine_name(h.machine), "x64");
	assert_false(h.has_attributes);
	free(d);
}

static void filetime_converts_to_unix_seconds(void **state)
{
	(void)state;
	int64_t t = 0;
	/* the x64 sample of rizin-testbins: 2021-02-21 01:38:22 UTC */
	assert_true(dump_filetime_to_unix(132583451029877657ULL, &t));
	assert_int_equal(t, 1613871502);
	assert_false(dump_filetime_to_unix(0, &t));
	assert_false(dump_filetime_to_unix(1000, &t));
}

static void pagepage_header_was_never_written(void **state)
{
	(void)state;
	struct dump_header h;
	dump_header_parse((const uint8_t *)"PAGEPAGEPAGEPAGE", 16, &h);
	assert_true(h.never_written);
	assert_false(h.valid);
	assert_int_equal(h.signature, DUMP_SIG_UNFINISHED);
}

static void zeroed_header_was_never_written(void **state)
{
	(void)state;
	uint8_t *d = calloc(1, DUMP_HEADER_SIZE);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_true(h.never_written);
	assert_false(h.valid);
	free(d);
}

static void fields_still_holding_page_are_unknown(void **state)
{
	(void)state;
	uint8_t *d = header64();
	memcpy(d + 0x90, "PAGEPAGE", 8);
	memcpy(d + 0xfa0, "PAGEPAGE", 8);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_true(h.valid);
	assert_int_equal(h.ram_bytes, 0);
	assert_int_equal(h.required_space, 0);
	free(d);
}

static void implausible_processor_count_is_not_valid(void **state)
{
	(void)state;
	uint8_t *d = header64();
	put(d, 0x34, 0, 4);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_false(h.valid);
	assert_non_null(strstr(h.problem, "0 processors"));
	free(d);
}

static void user_mode_minidump_is_named(void **state)
{
	(void)state;
	struct dump_header h;
	dump_header_parse((const uint8_t *)"MDMP\x93\xa7\0\0", 8, &h);
	assert_false(h.valid);
	assert_false(h.never_written);
	assert_non_null(strstr(h.problem, "user-mode"));
}

static void header64_cut_before_dump_type_keeps_bugcheck(void **state)
{
	(void)state;
	uint8_t *full = header64();
	uint8_t *d = malloc(0x200);
	memcpy(d, full, 0x200);
	struct dump_header h;
	dump_header_parse(d, 0x200, &h);
	assert_true(h.valid);
	assert_int_equal(h.bugcheck, 0x80);
	assert_int_equal(h.dump_type, 0);
	assert_int_equal(h.system_time, 0);
	assert_non_null(strstr(h.problem, "cut at 512 bytes"));
	free(d);
	free(full);
}

static void header_cut_before_parameters_is_not_valid(void **state)
{
	(void)state;
	uint8_t *full = header64();
	uint8_t *d = malloc(0x50);
	memcpy(d, full, 0x50);
	struct dump_header h;
	dump_header_parse(d, 0x50, &h);
	assert_false(h.valid);
	assert_non_null(strstr(h.problem, "cut at 80 bytes"));
	free(d);
	free(full);
}

/* every length from 0 to past the 64-bit fields, in exact-size heap buffers: ASan sees any overread */
static void truncated_headers_are_not_overread(void **state)
{
	(void)state;
	uint8_t *full = header64();
	for (size_t len = 0; len <= DUMP_HEADER_SIZE; len++) {
		for (int bits = 0; bits < 2; bits++) {
			uint8_t *d = malloc(len ? len : 1);
			memcpy(d, full, len);
			if (len >= 8 && bits)
				memcpy(d, "PAGEDUMP", 8);
			struct dump_header h;
			dump_header_parse(d, len, &h);
			free(d);
		}
	}
	free(full);
}

static void dump_types_have_names(void **state)
{
	(void)state;
	assert_string_equal(dump_type_name(1), "full");
	assert_string_equal(dump_type_name(2), "kernel (summary)");
	assert_string_equal(dump_type_name(4), "triage (minidump)");
	assert_string_equal(dump_type_name(7), "automatic");
	assert_string_equal(dump_type_name(0), "unknown");
	assert_string_equal(dump_type_name(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header64_gives_bugcheck_and_parameters),
		cmocka_unit_test(header64_gives_build_processors_and_ram),
		cmocka_unit_test(header64_gives_type_space_and_time),
		cmocka_unit_test(header32_gives_bugcheck_processors_and_ram),
		cmocka_unit_test(pagepage_header_was_never_written),
		cmocka_unit_test(zeroed_header_was_never_written),
		cmocka_unit_test(fields_still_holding_page_are_unknown),
		cmocka_unit_test(implausible_processor_count_is_not_valid),
		cmocka_unit_test(user_mode_minidump_is_named),
		cmocka_unit_test(header64_cut_before_dump_type_keeps_bugcheck),
		cmocka_unit_test(header_cut_before_parameters_is_not_valid),
		cmocka_unit_test(memory_runs_that_do_not_add_up_give_no_ram),
		cmocka_unit_test(more_runs_than_fit_give_no_ram),
		cmocka_unit_test(header64_gives_uptime_product_and_machine),
		cmocka_unit_test(filetime_converts_to_unix_seconds),
		cmocka_unit_test(truncated_headers_are_not_overread),
		cmocka_unit_test(dump_types_have_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
