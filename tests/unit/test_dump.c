/* Dump headers: 64- and 32-bit kernel dumps, never-written ones, user-mode minidumps, and truncated
 * headers read without overrun (ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "target/dump.h"
#include "target/health.h"

static void put(uint8_t *d, size_t off, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		d[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void kernel_dump_64(void **state)
{
	(void)state;
	uint8_t *d = calloc(1, DUMP_HEADER_SIZE);
	memcpy(d, "PAGEDU64", 8);
	put(d, 0x0c, 17763, 4);
	put(d, 0x34, 4, 4);
	put(d, 0x38, 0x80, 4);
	put(d, 0x40, 0x4f4454, 8);
	put(d, 0x58, 7, 8);
	put(d, 0x90, 2097152, 8);
	put(d, 0xf98, 2, 4);
	struct dump_header h;
	dump_header_parse(d, DUMP_HEADER_SIZE, &h);
	assert_true(h.valid);
	assert_int_equal(h.bits, 64);
	assert_int_equal(h.build, 17763);
	assert_int_equal(h.processors, 4);
	assert_int_equal(h.bugcheck, 0x80);
	assert_int_equal(h.params[0], 0x4f4454);
	assert_int_equal(h.params[3], 7);
	assert_int_equal(h.ram_bytes, 8ULL << 30);
	assert_string_equal(dump_type_name(h.dump_type), "kernel");
	assert_string_equal(bugcheck_name(h.bugcheck), "NMI_HARDWARE_FAILURE");
	free(d);
}

static void kernel_dump_32(void **state)
{
	(void)state;
	uint8_t d[0x100] = {0};
	memcpy(d, "PAGEDUMP", 8);
	put(d, 0x28, 0x7e, 4);
	put(d, 0x2c, 0xc0000005, 4);
	put(d, 0x68, 262144, 4);
	struct dump_header h;
	dump_header_parse(d, sizeof d, &h);
	assert_true(h.valid);
	assert_int_equal(h.bits, 32);
	assert_int_equal(h.params[0], 0xc0000005);
	assert_int_equal(h.ram_bytes, 1ULL << 30);
	assert_string_equal(bugcheck_name(h.bugcheck), "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED");
}

static void unfinished_and_foreign_headers(void **state)
{
	(void)state;
	struct dump_header h;
	dump_header_parse((const uint8_t *)"PAGEPAGEPAGEPAGE", 16, &h);
	assert_true(h.never_written);
	assert_false(h.valid);
	dump_header_parse((const uint8_t *)"MDMP\x93\xa7\0\0", 8, &h);
	assert_false(h.valid);
	assert_non_null(strstr(h.problem, "user-mode"));
}

static void truncated_headers_are_not_overread(void **state)
{
	(void)state;
	for (size_t len = 0; len < 0x1000; len += 7) {
		uint8_t *d = malloc(len ? len : 1);
		memset(d, 0x41, len);
		if (len >= 8)
			memcpy(d, len % 2 ? "PAGEDU64" : "PAGEDUMP", 8);
		struct dump_header h;
		dump_header_parse(d, len, &h);
		free(d);
	}
}

static void bitlocker_and_hibernation_signatures(void **state)
{
	(void)state;
	uint8_t sector[512] = {0xeb, 0x58, 0x90};
	memcpy(sector + 3, "-FVE-FS-", 8);
	assert_true(health_is_bitlocker_boot_sector(sector, sizeof sector));
	memcpy(sector + 3, "NTFS    ", 8);
	assert_false(health_is_bitlocker_boot_sector(sector, sizeof sector));
	assert_true(health_is_hibernation_header((const uint8_t *)"HIBR", 4));
	assert_true(health_is_hibernation_header((const uint8_t *)"hibr", 4));
	assert_false(health_is_hibernation_header((const uint8_t *)"wake", 4));
	assert_false(health_is_hibernation_header((const uint8_t *)"HIB", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kernel_dump_64),
		cmocka_unit_test(kernel_dump_32),
		cmocka_unit_test(unfinished_and_foreign_headers),
		cmocka_unit_test(truncated_headers_are_not_overread),
		cmocka_unit_test(bitlocker_and_hibernation_signatures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
