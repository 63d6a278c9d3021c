/* Complete or not: every check of the design note (2.5) on dumps built from its layout tables
 * (tests/fixtures/lib/dump_build.c), 64- and 32-bit, with the verdict each must get; the drivers a minidump's
 * list names; and hostile files (every cut of a minidump, lists past the end) read without overrun (ASan)
 * and without reading more than the checks need. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dump/check.h"
#include "diskgen/dump_build.h"

/* A file in memory: the bytes dump_build wrote, zeros after them up to its size; counts what is read. */
struct memfile {
	const uint8_t *data;
	size_t len;
	uint64_t size;
	uint64_t bytes_read;
	bool fail;
};

static long mem_read_at(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct memfile *m = ctx;
	if (m->fail)
		return -1;
	/* the checks bound every read by the file's size: a read past it is a bug even where pread would
	 * only return fewer bytes */
	assert_true(offset <= m->size && len <= m->size - offset);
	m->bytes_read += len;
	memset(buf, 0, len);
	if (offset < m->len)
		memcpy(buf, m->data + offset, len < m->len - offset ? len : m->len - (size_t)offset);
	return (long)len;
}

struct examined {
	struct dump_header h;
	struct dump_check c;
	uint64_t bytes_read;
};

/* judges the dump of a spec, of the size it has (`size` overrides it when not 0) */
static void examine_sized(const struct dump_spec *spec, uint64_t size, struct examined *out)
{
	size_t len;
	uint8_t *d = dump_build(spec, &len);
	assert_non_null(d);
	struct memfile m = {d, len, size ? size : dump_build_size(spec), 0, false};
	struct dump_reader r = {&m, m.size, mem_read_at};
	if (r.size < m.len)
		m.len = (size_t)r.size;
	assert_int_equal(dump_examine(&r, &out->h, &out->c), 0);
	out->bytes_read = m.bytes_read;
	free(d);
}

static void examine(const struct dump_spec *spec, struct examined *out)
{
	examine_sized(spec, 0, out);
}

#define FEB_2021 132583451029877657ULL

static struct dump_spec full64(void)
{
	return (struct dump_spec){.bits = 64, .dump_type = 1, .build = 17763, .processors = 4, .bugcheck = 0x80,
				  .pages = 256, .system_time = FEB_2021, .product_type = 3};
}

static struct dump_spec triage64(void)
{
	struct dump_spec s = {.bits = 64, .dump_type = 4, .build = 19041, .processors = 16, .bugcheck = 0x1000007E,
			      .params = {0xFFFFFFFFC0000005ULL, 0xFFFFF8048B58334CULL, 0xFFFF850429891EE8ULL,
					 0xFFFF850429891720ULL},
			      .system_time = FEB_2021, .product_type = 1, .ndrivers = 3};
	s.drivers[0] = (struct dump_build_driver){"\\SystemRoot\\system32\\ntoskrnl.exe", 0xFFFFF8047BA00000ULL, 0x1046000};
	s.drivers[1] = (struct dump_build_driver){"\\SystemRoot\\system32\\hal.dll", 0xFFFFF80479440000ULL, 0x6000};
	s.drivers[2] = (struct dump_build_driver){"\\SystemRoot\\System32\\drivers\\amdppm.sys", 0xFFFFF8048B580000ULL,
						  0x3B000};
	return s;
}

static struct dump_spec bitmap64(void)
{
	return (struct dump_spec){.bits = 64, .dump_type = 6, .build = 20348, .processors = 2, .bugcheck = 0x80,
				  .bitmap_pages = 16};
}

static void complete_full_dump_is_complete(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_string_equal(dump_verdict_code(e.c.verdict), "complete");
	assert_int_equal(e.c.expected_size, 0x2000 + 256 * 4096);
	assert_int_equal(e.h.ram_bytes, 256 * 4096);
}

/* WinDbg: "Dump file has been truncated"; typical cause: a page file smaller than RAM */
static void full_dump_shorter_than_its_pages_is_truncated(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.cut_at = 0x2000 + 100 * 4096;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED);
	assert_non_null(strstr(e.c.reason, "truncated: 408 KiB of 1032 KiB present"));
}

/* RequiredDumpSpace counts too when it is larger than the pages */
static void full_dump_shorter_than_required_space_is_truncated(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.required_space = 0x2000 + 300 * 4096;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED);
	assert_int_equal(e.c.expected_size, 0x2000 + 300 * 4096);
}

static void full_dump_32_bit_complete_and_truncated(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.bits = 32;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.h.bits, 32);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_int_equal(e.c.expected_size, 0x1000 + 256 * 4096);
	assert_int_equal(e.h.system_time, FEB_2021);
	s.cut_at = 0x1000 + 4096;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED);
}

static void bitmap_kernel_dump_is_complete(void **state)
{
	(void)state;
	struct dump_spec s = bitmap64();
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_int_equal(e.c.expected_size, 0x3000 + 16 * 4096);
	assert_string_equal(dump_type_name(e.h.dump_type), "bitmap kernel");
}

static void bitmap_dump_shorter_than_its_pages_is_truncated(void **state)
{
	(void)state;
	struct dump_spec s = bitmap64();
	s.cut_at = 0x3000 + 4 * 4096;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED);
}

static void bitmap_dump_without_summary_header_is_incomplete(void **state)
{
	(void)state;
	struct dump_spec s = bitmap64();
	s.dump_type = 6;
	size_t len;
	uint8_t *d = dump_build(&s, &len);
	memcpy(d + 0x2000, "PAGEPAGE", 8);
	struct memfile m = {d, len, dump_build_size(&s), 0, false};
	struct dump_reader r = {&m, m.size, mem_read_at};
	struct dump_header h;
	struct dump_check c;
	dump_examine(&r, &h, &c);
	assert_int_equal(c.verdict, DUMP_INCOMPLETE);
	assert_non_null(strstr(c.reason, "\"PAGE\" \"PAGE\""));
	free(d);
}

static void triage_dump_with_trgd_is_complete(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_int_equal(e.h.ram_bytes, 0);
	assert_true(e.c.drivers_read);
	assert_int_equal(e.c.driver_count, 3);
}

/* the entry whose [DllBase, DllBase + SizeOfImage) holds P2: the real sample's amdppm.sys */
static void triage_driver_list_names_the_driver_holding_p2(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	struct examined e;
	examine(&s, &e);
	assert_false(e.c.module_of[0].found);
	assert_true(e.c.module_of[1].found);
	assert_string_equal(e.c.module_of[1].path, "\\SystemRoot\\System32\\drivers\\amdppm.sys");
	assert_int_equal(e.c.module_of[1].base, 0xFFFFF8048B580000ULL);
	assert_int_equal(e.c.module_of[1].size, 0x3B000);
	assert_false(e.c.module_of[2].found);
}

/* one past the image is not in it */
static void address_at_the_end_of_an_image_is_not_in_it(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	s.params[1] = 0xFFFFF8048B580000ULL + 0x3B000;
	struct examined e;
	examine(&s, &e);
	assert_false(e.c.module_of[1].found);
	s.params[1] -= 1;
	examine(&s, &e);
	assert_true(e.c.module_of[1].found);
}

static void triage_dump_without_trgd_is_incomplete(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	s.no_trgd = true;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_MINIDUMP_INCOMPLETE);
	assert_string_equal(dump_verdict_code(e.c.verdict), "minidump-incomplete");
	assert_non_null(strstr(e.c.reason, "no TRGD"));
	assert_false(e.c.drivers_read);
	assert_false(e.c.module_of[1].found);
}

static void triage_dump_shorter_than_size_of_dump_is_incomplete(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	s.cut_at = dump_build_size(&s) - 8;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_MINIDUMP_INCOMPLETE);
	assert_non_null(strstr(e.c.reason, "SizeOfDump"));
}

/* the driver list's layout has no source for 32-bit minidumps: said, not guessed */
static void triage_dump_32_bit_drivers_are_not_read(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	s.bits = 32;
	s.ndrivers = 0;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_false(e.c.drivers_read);
	assert_non_null(strstr(e.c.drivers_problem, "32-bit"));
}

static void zeroed_file_holds_no_dump(void **state)
{
	(void)state;
	struct dump_spec s = {.zeroed = true, .cut_at = 65536};
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_NO_DUMP);
	assert_non_null(strstr(e.c.reason, "zeroed"));
}

static void empty_file_holds_no_dump(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	struct examined e;
	examine_sized(&s, 5, &e);
	assert_int_equal(e.c.verdict, DUMP_NO_DUMP);
	assert_non_null(strstr(e.c.reason, "5 bytes"));
}

/* ValidDump is set last: PAGEPAGE is a header Windows began and never finished */
static void pagepage_header_was_never_completed(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.signature = "PAGEPAGE";
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_NEVER_COMPLETED);
	assert_non_null(strstr(e.c.reason, "ValidDump is \"PAGE\""));
}

static void header_cut_short_is_a_truncated_header(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.cut_at = 0x1800;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED_HEADER);
	assert_int_equal(e.h.bugcheck, 0x80);
	assert_non_null(strstr(e.c.reason, "6144 of the 8192 bytes"));
	/* 32-bit headers are 0x1000 bytes: 0x1800 is a whole one */
	s.bits = 32;
	examine(&s, &e);
	assert_int_not_equal(e.c.verdict, DUMP_TRUNCATED_HEADER);
}

static void user_mode_minidump_and_other_files_are_not_kernel_dumps(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.signature = "MDMP\x93\xa7\0\0";
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_USER_MODE);
	s.signature = "\x12\x34page!!";
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_NOT_A_DUMP);
}

static void zero_processors_is_a_bad_header(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.processors = 0;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_BAD_HEADER);
}

/* DUMP_FILE_ATTRIBUTES bit 2: InsufficientDumpfileSize; bit 8: EncryptedDumpData */
static void attributes_say_cut_short_or_encrypted(void **state)
{
	(void)state;
	struct dump_spec s = bitmap64();
	s.has_attributes = true;
	s.attributes = 1u << 2;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_CUT_SHORT);
	s.attributes = 1u << 8;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_ENCRYPTED);
	s.attributes = 1u << 3;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
}

/* the order of 2.5: a truncated full dump is truncated even when Windows also recorded a cut */
static void first_check_that_hits_wins(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.has_attributes = true;
	s.attributes = 1u << 2;
	s.cut_at = 0x3000;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_TRUNCATED);
}

/* a 1 TiB full dump: the header is all a full dump's checks read */
static void full_dump_is_judged_from_its_header_alone(void **state)
{
	(void)state;
	struct dump_spec s = full64();
	s.pages = 1ULL << 28;
	struct examined e;
	examine(&s, &e);
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_true(e.bytes_read <= DUMP_HEADER_SIZE);
}

static void read_error_is_unreadable(void **state)
{
	(void)state;
	struct memfile m = {NULL, 0, 4096, 0, true};
	struct dump_reader r = {&m, 4096, mem_read_at};
	struct dump_header h;
	struct dump_check c;
	assert_int_equal(dump_examine(&r, &h, &c), -1);
	assert_int_equal(c.verdict, DUMP_UNREADABLE);
}

/* a minidump built, then its triage header patched the way a hostile file would */
static void examine_patched(uint32_t at, uint32_t value, struct examined *out)
{
	struct dump_spec s = triage64();
	size_t len;
	uint8_t *d = dump_build(&s, &len);
	for (int i = 0; i < 4; i++)
		d[at + (uint32_t)i] = (uint8_t)(value >> (8 * i));
	struct memfile m = {d, len, len, 0, false};
	struct dump_reader r = {&m, len, mem_read_at};
	dump_examine(&r, &out->h, &out->c);
	out->bytes_read = m.bytes_read;
	free(d);
}

static void hostile_driver_lists_are_not_followed(void **state)
{
	(void)state;
	struct examined e;
	examine_patched(0x2034, 0xFFFFFFFF, &e); /* DriverCount */
	assert_int_equal(e.c.verdict, DUMP_COMPLETE);
	assert_false(e.c.drivers_read);
	assert_non_null(strstr(e.c.drivers_problem, "4294967295 entries"));
	assert_true(e.bytes_read < 0x10000);
	examine_patched(0x2030, 0xFFFFFF00, &e); /* DriverListOffset */
	assert_false(e.c.drivers_read);
	assert_non_null(strstr(e.c.drivers_problem, "past the end"));
	examine_patched(0x2008, 0xFFFFFFFE, &e); /* ValidOffset */
	assert_int_equal(e.c.verdict, DUMP_MINIDUMP_INCOMPLETE);
	assert_non_null(strstr(e.c.reason, "past the end"));
}

/* a name count of 4 billion units reads at most 260 of them */
static void hostile_driver_name_is_bounded(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	size_t len;
	uint8_t *d = dump_build(&s, &len);
	uint32_t entry = 0x2100 + 2 * 0x90, name_at = (uint32_t)d[entry] | (uint32_t)d[entry + 1] << 8;
	memset(d + name_at, 0xff, 4);
	struct memfile m = {d, len, len, 0, false};
	struct dump_reader r = {&m, len, mem_read_at};
	struct dump_header h;
	struct dump_check c;
	dump_examine(&r, &h, &c);
	assert_true(c.module_of[1].found);
	assert_true(strlen(c.module_of[1].path) < sizeof c.module_of[1].path);
	free(d);
}

/* every length of a minidump, in exact-size buffers: ASan sees any read past the file */
static void every_cut_of_a_minidump_is_read_safely(void **state)
{
	(void)state;
	struct dump_spec s = triage64();
	size_t len;
	uint8_t *full = dump_build(&s, &len);
	for (size_t cut = 0; cut <= len; cut += cut < 0x2200 ? 61 : 1) {
		uint8_t *d = malloc(cut ? cut : 1);
		memcpy(d, full, cut);
		struct memfile m = {d, cut, cut, 0, false};
		struct dump_reader r = {&m, cut, mem_read_at};
		struct dump_header h;
		struct dump_check c;
		dump_examine(&r, &h, &c);
		assert_true(cut == len ? c.verdict == DUMP_COMPLETE : c.verdict != DUMP_COMPLETE);
		free(d);
	}
	free(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete_full_dump_is_complete),
		cmocka_unit_test(full_dump_shorter_than_its_pages_is_truncated),
		cmocka_unit_test(full_dump_shorter_than_required_space_is_truncated),
		cmocka_unit_test(full_dump_32_bit_complete_and_truncated),
		cmocka_unit_test(bitmap_kernel_dump_is_complete),
		cmocka_unit_test(bitmap_dump_shorter_than_its_pages_is_truncated),
		cmocka_unit_test(bitmap_dump_without_summary_header_is_incomplete),
		cmocka_unit_test(triage_dump_with_trgd_is_complete),
		cmocka_unit_test(triage_driver_list_names_the_driver_holding_p2),
		cmocka_unit_test(address_at_the_end_of_an_image_is_not_in_it),
		cmocka_unit_test(triage_dump_without_trgd_is_incomplete),
		cmocka_unit_test(triage_dump_shorter_than_size_of_dump_is_incomplete),
		cmocka_unit_test(triage_dump_32_bit_drivers_are_not_read),
		cmocka_unit_test(zeroed_file_holds_no_dump),
		cmocka_unit_test(empty_file_holds_no_dump),
		cmocka_unit_test(pagepage_header_was_never_completed),
		cmocka_unit_test(header_cut_short_is_a_truncated_header),
		cmocka_unit_test(user_mode_minidump_and_other_files_are_not_kernel_dumps),
		cmocka_unit_test(zero_processors_is_a_bad_header),
		cmocka_unit_test(attributes_say_cut_short_or_encrypted),
		cmocka_unit_test(first_check_that_hits_wins),
		cmocka_unit_test(full_dump_is_judged_from_its_header_alone),
		cmocka_unit_test(read_error_is_unreadable),
		cmocka_unit_test(hostile_driver_lists_are_not_followed),
		cmocka_unit_test(hostile_driver_name_is_bounded),
		cmocka_unit_test(every_cut_of_a_minidump_is_read_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
