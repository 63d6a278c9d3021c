/* The triage of a dump: each parameter explained from the catalog with its value, the driver named, the
 * text wrapped to its width with what came from the disk escaped, and the JSON shape read back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskgen/dump_build.h"
#include "triage/triage.h"

static struct stopcode_catalog catalog;

static int load_catalog(void **state)
{
	(void)state;
	struct rw_error e = {0};
	if (catalog_load("share/stopcodes.yaml", &catalog, &e) != 0) {
		fprintf(stderr, "%s\n", e.text);
		return -1;
	}
	return 0;
}

static int free_catalog(void **state)
{
	(void)state;
	catalog_free(&catalog);
	return 0;
}

/* a dump file of the spec, judged as triage judges one file */
static void judged(const struct dump_spec *spec, struct dump_file *d)
{
	char path[] = "/tmp/rescuewiz-triage.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(dump_build_write(spec, path), 0);
	struct rw_error e = {0};
	assert_int_equal(triage_file(path, d, &e), 0);
	unlink(path);
}

static struct dump_spec minidump(uint32_t code, uint64_t p1, uint64_t p2, const char *driver)
{
	struct dump_spec s = {.bits = 64, .dump_type = 4, .build = 17763, .processors = 2, .bugcheck = code,
			      .params = {p1, p2, 0, 0}, .ndrivers = 1};
	s.drivers[0] = (struct dump_build_driver){driver, 0xFFFFF80212340000ULL, 0x10000};
	return s;
}

static void status_parameter_is_named_by_its_low_32_bits(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x1E, 0xFFFFFFFFC0000005ULL, 0xFFFFF80212345678ULL, "\\SystemRoot\\x.sys");
	struct dump_file d;
	struct stop_explained x;
	judged(&s, &d);
	triage_explain(&catalog, &d, &x);
	assert_string_equal(x.name, "KMODE_EXCEPTION_NOT_HANDLED");
	assert_string_equal(x.params[0], "0xffffffffc0000005");
	assert_string_equal(x.meaning[0], "exception code: 0xC0000005, access violation (STATUS_ACCESS_VIOLATION)");
	assert_string_equal(x.meaning[1], "address where the exception occurred: in the driver \\SystemRoot\\x.sys");
	assert_string_equal(x.module_name, "x.sys");
	assert_int_equal(x.module_param, 1);
}

static void parameter_value_is_looked_up(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x7F, 8, 0, "\\SystemRoot\\x.sys");
	struct dump_file d;
	struct stop_explained x;
	judged(&s, &d);
	triage_explain(&catalog, &d, &x);
	assert_string_equal(x.meaning[0], "number of the trap (the x86 trap codes): 8, double fault, a kernel stack "
					  "overflow or hardware");
	assert_string_equal(x.meaning[1], "not documented");
	assert_null(x.module);
}

/* the address is in no driver of the list: said so, no module */
static void address_outside_every_driver_is_said(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0xD1, 0, 0, "\\SystemRoot\\x.sys");
	s.params[3] = 0xFFFFF80299999999ULL;
	struct dump_file d;
	struct stop_explained x;
	judged(&s, &d);
	triage_explain(&catalog, &d, &x);
	assert_non_null(strstr(x.meaning[3], "in no driver of the dump's list"));
	assert_null(x.module);
}

static void unknown_code_has_no_meanings(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x12345, 1, 2, "\\SystemRoot\\x.sys");
	struct dump_file d;
	struct stop_explained x;
	judged(&s, &d);
	triage_explain(&catalog, &d, &x);
	assert_string_equal(x.name, "");
	assert_null(x.entry);
	assert_string_equal(x.meaning[0], "");
}

static char *text_of(const struct dump_file *d, size_t width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct triage t = {.dumps = d, .ndumps = 1, .catalog = &catalog, .target = "x.dmp"};
	assert_int_equal(triage_text(f, &t, width), 0);
	fclose(f);
	return buf;
}

/* a driver name of the disk with a terminal escape in it comes out as \x1b, never raw */
static void text_escapes_what_came_from_the_disk(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x7E, 0xC0000005, 0xFFFFF80212345678ULL, "\\SystemRoot\\\x1b[2Jevil.sys");
	struct dump_file d;
	judged(&s, &d);
	char *text = text_of(&d, 80);
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "\\x1b[2Jevil.sys"));
	free(text);
}

static void text_fits_its_width(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x80, 0, 0, "\\SystemRoot\\x.sys");
	struct dump_file d;
	judged(&s, &d);
	for (size_t width = 60; width <= 100; width += 20) {
		char *text = text_of(&d, width);
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			if (strlen(line) > width)
				fail_msg("%zu columns wide at %zu: %s", strlen(line), width, line);
		free(text);
	}
}

/* 0x80 has no parameters in the catalog: one line says so, with the values */
static void code_without_parameters_says_so(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x80, 0x1b58, 0, "\\SystemRoot\\x.sys");
	struct dump_file d;
	judged(&s, &d);
	char *text = text_of(&d, 4000); /* one row per field: phrases are not cut by the wrap */
	assert_non_null(strstr(text, "Parameters  none documented (0x1B58, 0x0, 0x0, 0x0)"));
	assert_null(strstr(text, "  P1 "));
	assert_non_null(strstr(text, "NMI: Channel Check / IOCHK"));
	free(text);
}

static void json_has_the_documented_shape(void **state)
{
	(void)state;
	struct dump_spec s = minidump(0x1000007E, 0xFFFFFFFFC0000005ULL, 0xFFFFF80212345678ULL,
				      "\\SystemRoot\\System32\\drivers\\rwtest.sys");
	s.system_time = 132583451029877657ULL;
	s.uptime = 600000000;
	struct dump_file d;
	judged(&s, &d);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct triage t = {.dumps = &d, .ndumps = 1, .catalog = &catalog, .target = "x.dmp"};
	assert_int_equal(triage_json(f, &t), 0);
	fclose(f);
	json_object *root = json_tokener_parse(buf), *dump, *bc, *v;
	assert_non_null(root);
	dump = json_object_array_get_idx(json_object_object_get(root, "dumps"), 0);
	assert_string_equal(json_object_get_string(json_object_object_get(dump, "verdict")), "complete");
	assert_true(json_object_get_boolean(json_object_object_get(dump, "complete")));
	assert_int_equal(json_object_get_int(json_object_object_get(dump, "bits")), 64);
	assert_string_equal(json_object_get_string(json_object_object_get(dump, "time")), "2021-02-21 01:38:22Z");
	assert_int_equal(json_object_get_int(json_object_object_get(dump, "uptime_seconds")), 60);
	assert_true(json_object_object_get_ex(dump, "ram_bytes", &v) && v == NULL);
	bc = json_object_object_get(dump, "bugcheck");
	assert_string_equal(json_object_get_string(json_object_object_get(bc, "code")), "0x1000007e");
	assert_string_equal(json_object_get_string(json_object_object_get(bc, "name")),
			    "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M");
	assert_int_equal(json_object_array_length(json_object_object_get(bc, "params")), 4);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(json_object_object_get(bc, "params"), 1)),
			    "0xfffff80212345678");
	assert_int_equal(json_object_array_length(json_object_object_get(bc, "meaning")), 4);
	assert_string_equal(json_object_get_string(json_object_object_get(bc, "wizard")), "stop-0x7e");
	assert_string_equal(json_object_get_string(json_object_object_get(json_object_object_get(dump, "module"), "name")),
			    "rwtest.sys");
	json_object_put(root);
	free(buf);
}

static const char *nmi_state(const char *type, const uint8_t *data, size_t len, char *buf, size_t buflen)
{
	struct reg_value v = {.name = "NMICrashDump", .raw = (uint8_t *)data, .raw_len = len};
	v.type = !strcmp(type, "dword") ? hive_t_REG_DWORD : !strcmp(type, "qword") ? hive_t_REG_QWORD : hive_t_REG_SZ;
	v.number = data[0];
	struct control_set cs = {.name = "ControlSet001", .number = 1, .crash_control = &v, .ncrash_control = 1};
	return triage_nmi_state(&cs, buf, buflen);
}

/* seed 003: exactly 4 bytes, and the first one decides */
static void nmi_crash_dump_state_follows_the_hal(void **state)
{
	(void)state;
	char buf[400];
	static const uint8_t one[8] = {1}, zero_first[4] = {0, 1}, sz_one[4] = {'1', 0, 0, 0};
	assert_non_null(strstr(nmi_state("dword", one, 4, buf, sizeof buf), "an NMI raises bug check 0x80"));
	assert_non_null(strstr(nmi_state("qword", one, 8, buf, sizeof buf), "the HAL ignores it"));
	assert_non_null(strstr(nmi_state("dword", zero_first, 4, buf, sizeof buf), "first byte is 0"));
	assert_non_null(strstr(nmi_state("sz", sz_one, 4, buf, sizeof buf), "not the documented REG_DWORD"));
	struct control_set none = {.name = "ControlSet001"};
	assert_non_null(strstr(triage_nmi_state(&none, buf, sizeof buf), "not set"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_parameter_is_named_by_its_low_32_bits),
		cmocka_unit_test(parameter_value_is_looked_up),
		cmocka_unit_test(address_outside_every_driver_is_said),
		cmocka_unit_test(unknown_code_has_no_meanings),
		cmocka_unit_test(text_escapes_what_came_from_the_disk),
		cmocka_unit_test(text_fits_its_width),
		cmocka_unit_test(code_without_parameters_says_so),
		cmocka_unit_test(json_has_the_documented_shape),
		cmocka_unit_test(nmi_crash_dump_state_follows_the_hal),
	};
	return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
