/* The stop-code catalog: share/stopcodes.yaml loads and holds the codes the issue names, lookups of the _M
 * twins, status names, and every mistake reported as file:line:column like a wizard file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "triage/catalog.h"

#define SHARED_CATALOG "share/stopcodes.yaml"

static void load_shared(struct stopcode_catalog *c)
{
	struct rw_error e = {0};
	if (catalog_load(SHARED_CATALOG, c, &e) != 0)
		fail_msg("%s", e.text);
}

/* the seed's codes and the common Azure ones of the issue */
static void shared_catalog_holds_every_code_of_the_issue(void **state)
{
	(void)state;
	static const uint32_t codes[] = {0x0A, 0x1E, 0x24, 0x35, 0x3B, 0x50, 0x51, 0x74, 0x77, 0x7A,
					 0x7B, 0x7E, 0x7F, 0x80, 0x9F, 0xC2, 0xD1, 0xE2, 0xEF, 0xF4,
					 0x101, 0x124, 0x133, 0x139, 0x1C8, 0xC000021A, 0xC0000218, 0xC0000221};
	struct stopcode_catalog c;
	load_shared(&c);
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
		bool twin;
		const struct stopcode *sc = catalog_find(&c, codes[i], &twin);
		if (!sc)
			fail_msg("0x%X is not in %s", codes[i], SHARED_CATALOG);
		assert_false(twin);
		assert_non_null(sc->about);
		assert_non_null(sc->first_steps);
	}
	catalog_free(&c);
}

static void shared_catalog_fits_the_wizards(void **state)
{
	(void)state;
	struct stopcode_catalog c;
	bool twin;
	load_shared(&c);
	assert_string_equal(catalog_find(&c, 0x80, &twin)->wizard, "nmi-crash-dump");
	assert_true(catalog_find(&c, 0x80, &twin)->collect_dump);
	assert_string_equal(catalog_find(&c, 0x35, &twin)->wizard, "irp-stack-size");
	assert_string_equal(catalog_find(&c, 0x7B, &twin)->wizard, "last-known-good");
	assert_true(catalog_find(&c, 0x7E, &twin)->collect_dump);
	/* every wizard named is one of wizards/ */
	for (size_t i = 0; i < c.n; i++) {
		char path[128];
		if (!c.codes[i].wizard)
			continue;
		snprintf(path, sizeof path, "wizards/%s.yaml", c.codes[i].wizard);
		if (access(path, R_OK) != 0)
			fail_msg("0x%X names wizard %s: no %s", c.codes[i].code, c.codes[i].wizard, path);
	}
	catalog_free(&c);
}

/* seed 003 is in the 0x80 entry: the two NMI lines, the 4-byte rule and Windows 8 / 2012 */
static void nmi_entry_explains_the_hardware_malfunction_halt(void **state)
{
	(void)state;
	struct stopcode_catalog c;
	bool twin;
	load_shared(&c);
	const char *about = catalog_find(&c, 0x80, &twin)->about;
	assert_non_null(strstr(about, "NMI: Channel Check / IOCHK"));
	assert_non_null(strstr(about, "NMI: Parity Check / Memory Parity Error"));
	assert_non_null(strstr(about, "0x40"));
	assert_non_null(strstr(about, "exactly 4"));
	assert_non_null(strstr(about, "Server 2012"));
	catalog_free(&c);
}

static void twin_codes_are_looked_up_without_their_bit(void **state)
{
	(void)state;
	struct stopcode_catalog c;
	char name[96];
	bool twin;
	load_shared(&c);
	assert_string_equal(catalog_name(&c, 0x1000007E, name, sizeof name), "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M");
	assert_true(catalog_find(&c, 0x1000007E, &twin) == catalog_find(&c, 0x7E, &twin));
	/* 0xDEADDEAD has the bit too, and is a code of its own */
	assert_string_equal(catalog_name(&c, 0xDEADDEAD, name, sizeof name), "MANUALLY_INITIATED_CRASH1");
	assert_string_equal(catalog_name(&c, 0x12345, name, sizeof name), "");
	assert_string_equal(catalog_name(&c, 0x10012345, name, sizeof name), "");
	catalog_free(&c);
}

/* exception codes of P1 arrive sign-extended (0xFFFFFFFFC0000005): matched on the low 32 bits */
static void statuses_are_named_by_their_low_32_bits(void **state)
{
	(void)state;
	struct stopcode_catalog c;
	bool twin;
	load_shared(&c);
	assert_non_null(strstr(catalog_status(&c, 0xFFFFFFFFC0000005ULL), "access violation"));
	assert_non_null(strstr(catalog_status(&c, 0xC000009C), "bad block"));
	assert_null(catalog_status(&c, 0xC0001234));
	const struct stopcode *sc = catalog_find(&c, 0x7E, &twin);
	assert_true(sc->params[0].status);
	assert_true(sc->params[1].code_address);
	assert_false(sc->params[2].code_address);
	catalog_free(&c);
}

static void parameter_values_are_read(void **state)
{
	(void)state;
	struct stopcode_catalog c;
	bool twin;
	load_shared(&c);
	const struct stopcode_param *trap = &catalog_find(&c, 0x7F, &twin)->params[0];
	bool found = false;
	for (size_t i = 0; i < trap->nvalues; i++)
		found |= trap->values[i].value == 8 && strstr(trap->values[i].text, "double fault");
	assert_true(found);
	assert_null(catalog_find(&c, 0x7F, &twin)->params[1].means);
	catalog_free(&c);
}

/* the few names built in for a missing catalog are the catalog's names: one source */
static void builtin_names_are_the_catalogs(void **state)
{
	(void)state;
	struct stopcode_catalog c, b;
	char a[96], n[96];
	load_shared(&c);
	catalog_builtin(&b, "test");
	assert_true(b.n > 0);
	for (size_t i = 0; i < b.n; i++)
		assert_string_equal(catalog_name(&b, b.codes[i].code, a, sizeof a),
				    catalog_name(&c, b.codes[i].code, n, sizeof n));
	assert_string_equal(b.problem, "test");
	catalog_free(&c);
	catalog_free(&b);
}

/* The loader's message for a catalog given as text ("" when it loads), without the file's folder. */
static char message[1024];
static const char *load_error(const char *yaml)
{
	char dir[] = "/tmp/rescuewiz-catalog.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/stopcodes.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs(yaml, f);
	fclose(f);
	struct stopcode_catalog c;
	struct rw_error e = {0};
	message[0] = '\0';
	if (catalog_load(path, &c, &e) == 0)
		catalog_free(&c);
	else
		snprintf(message, sizeof message, "%s", strstr(e.text, "stopcodes.yaml") ? strstr(e.text, "stopcodes.yaml")
											: e.text);
	unlink(path);
	rmdir(dir);
	return message;
}

#define ENTRY(code) "  - code: " code "\n    name: A_NAME\n    about: x\n    first-steps: y\n"
#define ENTRY_P(code) ENTRY(code) "    parameters: []\n"

static void a_small_catalog_loads(void **state)
{
	(void)state;
	assert_string_equal(load_error("stopcodes:\n" ENTRY_P("0x7E")), "");
}

static void unknown_key_is_reported_with_line_and_column(void **state)
{
	(void)state;
	assert_string_equal(load_error("stopcodes:\n" ENTRY_P("0x7E") "    wizzard: boot-loop\n"),
			    "stopcodes.yaml:7:5: unknown key 'wizzard' in a stop code (known: code, name, about, "
			    "parameters, first-steps, wizard, collect-dump)");
	assert_non_null(strstr(load_error("stopcodes: []\nextra: 1\n"), "stopcodes.yaml:2:1: unknown key 'extra'"));
}

static void duplicate_code_is_reported(void **state)
{
	(void)state;
	assert_string_equal(load_error("stopcodes:\n" ENTRY_P("0x7E") ENTRY_P("126")),
			    "stopcodes.yaml:7:11: code 0x7E appears twice (first on line 2)");
}

static void twin_listed_beside_its_code_is_reported(void **state)
{
	(void)state;
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY_P("0x7E") ENTRY_P("0x1000007E")),
			       "stopcodes.yaml:7:11: 0x1000007E and 0x7E (line 2) are twins"));
}

static void bad_numbers_are_reported(void **state)
{
	(void)state;
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY_P("0x7G")), "stopcodes.yaml:2:11: code '0x7G' is not a number"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY_P("0x100000000")), "is not a number from 0 to 0xFFFFFFFF"));
	assert_non_null(strstr(load_error("statuses:\n  -5: x\nstopcodes:\n" ENTRY_P("1")),
			       "stopcodes.yaml:2:3: statuses '-5' is not a number"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY("1") "    parameters:\n      - means: x\n        values: {1: a, 0x1: b}\n"),
			       "stopcodes.yaml:8:24: values: 0x1 appears twice"));
}

static void malformed_entries_are_reported(void **state)
{
	(void)state;
	assert_non_null(strstr(load_error("stopcodes:\n  - code: 1\n    name: X\n    first-steps: y\n"),
			       "stopcodes.yaml:2:5: a stop code has no 'about'"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY("1") "    parameters: [a, b, c, d, e]\n"),
			       "a bug check has 4 parameters, not 5"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY_P("1") "    collect-dump: yes\n"),
			       "stopcodes.yaml:7:19: 'collect-dump' must be true or false, not 'yes'"));
	assert_non_null(strstr(load_error("stopcodes:\n  - code: 1\n    name: lower_case\n    about: x\n    first-steps: y\n    parameters: []\n"),
			       "stopcodes.yaml:3:11: name 'lower_case' must be written as Windows names it"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY_P("1") "    wizard: Boot Loop\n"),
			       "wizard 'Boot Loop' must be a wizard's name"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY("1") "    parameters:\n      - {means: x, colour: red}\n"),
			       "unknown key 'colour' in a parameter"));
	assert_non_null(strstr(load_error("stopcodes:\n" ENTRY("1")),
			       "stopcodes.yaml:2:5: a stop code has no 'parameters' (write [] when it has none)"));
	assert_non_null(strstr(load_error("wizard: boot-loop\n"), "unknown key 'wizard' in the stop-code catalog"));
	assert_non_null(strstr(load_error("statuses: {}\n"), "stopcodes.yaml:1:1: a stop-code catalog starts with 'stopcodes:'"));
	assert_non_null(strstr(load_error("stopcodes: [\n"), "stopcodes.yaml:2:1:"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shared_catalog_holds_every_code_of_the_issue),
		cmocka_unit_test(shared_catalog_fits_the_wizards),
		cmocka_unit_test(nmi_entry_explains_the_hardware_malfunction_halt),
		cmocka_unit_test(twin_codes_are_looked_up_without_their_bit),
		cmocka_unit_test(statuses_are_named_by_their_low_32_bits),
		cmocka_unit_test(parameter_values_are_read),
		cmocka_unit_test(builtin_names_are_the_catalogs),
		cmocka_unit_test(a_small_catalog_loads),
		cmocka_unit_test(unknown_key_is_reported_with_line_and_column),
		cmocka_unit_test(duplicate_code_is_reported),
		cmocka_unit_test(twin_listed_beside_its_code_is_reported),
		cmocka_unit_test(bad_numbers_are_reported),
		cmocka_unit_test(malformed_entries_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
