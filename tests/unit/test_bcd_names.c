/* The one table of BCD elements by bcdedit's name, their named values both ways, and the types of the
 * well-known objects a wizard may create. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "bcd/bcd.h"

static void element_is_found_by_its_bcdedit_name_in_any_case(void **state)
{
	(void)state;
	const struct bcd_element_info *info = bcd_element_by_name("TestSigning");
	assert_non_null(info);
	assert_string_equal(info->name, "testsigning");
	assert_int_equal(info->id, 0x16000049);
	assert_true(info->settable);
}

static void unknown_name_has_no_element(void **state)
{
	(void)state;
	assert_null(bcd_element_by_name("nosuchoption"));
	assert_null(bcd_element_by_name(""));
}

static void ids_of_the_elements_wizards_set(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t id;
	} want[] = {
		{"ems", 0x260000b0}, {"bootems", 0x16000020}, {"emsport", 0x15000022}, {"emsbaudrate", 0x15000023},
		{"displaybootmenu", 0x26000020}, {"timeout", 0x25000004}, {"bootstatuspolicy", 0x250000e0},
		{"recoveryenabled", 0x16000009}, {"safeboot", 0x25000080}, {"safebootalternateshell", 0x26000081},
		{"advancedoptions", 0x16000040}, {"optionsedit", 0x16000041}, {"nointegritychecks", 0x16000048},
		{"testsigning", 0x16000049}, {"bootdebug", 0x16000010}, {"debug", 0x260000a0},
		{"bootlog", 0x26000090}, {"description", 0x12000004}, {"recoverysequence", 0x14000008},
		{"displayorder", 0x24000001}, {"default", 0x23000003}, {"bootmenupolicy", 0x250000c2},
		{"nx", 0x25000020}, {"quietboot", 0x26000041}, {"inherit", 0x14000006},
		{"hypervisorlaunchtype", 0x250000f0},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const struct bcd_element_info *info = bcd_element_by_name(want[i].name);
		assert_non_null(info);
		assert_int_equal(info->id, want[i].id);
		assert_true(info->settable);
		assert_string_equal(bcd_element_name(want[i].id), want[i].name);
	}
}

static void elements_that_are_only_read_are_not_settable(void **state)
{
	(void)state;
	static const char *const read_only[] = {"device", "osdevice", "path", "systemroot", "winpe", "kernel"};
	for (size_t i = 0; i < sizeof read_only / sizeof *read_only; i++) {
		const struct bcd_element_info *info = bcd_element_by_name(read_only[i]);
		assert_non_null(info);
		assert_false(info->settable);
	}
}

static void format_is_bits_24_to_27_of_the_id(void **state)
{
	(void)state;
	assert_int_equal(bcd_format_of(0x21000001), BCD_FORMAT_DEVICE);
	assert_int_equal(bcd_format_of(0x12000004), BCD_FORMAT_STRING);
	assert_int_equal(bcd_format_of(0x23000003), BCD_FORMAT_OBJECT);
	assert_int_equal(bcd_format_of(0x14000008), BCD_FORMAT_OBJECT_LIST);
	assert_int_equal(bcd_format_of(0x250000e0), BCD_FORMAT_INTEGER);
	assert_int_equal(bcd_format_of(0x260000b0), BCD_FORMAT_BOOLEAN);
	assert_int_equal(bcd_format_of(0x1700000a), BCD_FORMAT_INTEGER_LIST);
}

static void boot_status_policy_values_are_named(void **state)
{
	(void)state;
	static const char *const names[] = {
		"DisplayAllFailures",       "IgnoreAllFailures",       "IgnoreShutdownFailures", "IgnoreBootFailures",
		"IgnoreCheckpointFailures", "DisplayShutdownFailures", "DisplayBootFailures",    "DisplayCheckpointFailures",
	};
	for (uint64_t v = 0; v < 8; v++)
		assert_string_equal(bcd_enum_name(BCD_BOOTSTATUSPOLICY, v), names[v]);
	assert_null(bcd_enum_name(BCD_BOOTSTATUSPOLICY, 8));
}

static void enumeration_name_gives_its_value_in_any_case(void **state)
{
	(void)state;
	uint64_t v = 99;
	assert_true(bcd_enum_value(BCD_BOOTSTATUSPOLICY, "ignoreallfailures", &v));
	assert_int_equal(v, 1);
	assert_true(bcd_enum_value(0x25000080, "DSREPAIR", &v));
	assert_int_equal(v, 2);
	assert_true(bcd_enum_value(0x250000c2, "Standard", &v));
	assert_int_equal(v, 1);
	assert_true(bcd_enum_value(0x25000020, "AlwaysOn", &v));
	assert_int_equal(v, 3);
}

static void safeboot_bootmenupolicy_and_nx_name_their_values(void **state)
{
	(void)state;
	assert_string_equal(bcd_enum_name(0x25000080, 0), "Minimal");
	assert_string_equal(bcd_enum_name(0x25000080, 1), "Network");
	assert_string_equal(bcd_enum_name(0x250000c2, 0), "Legacy");
	assert_string_equal(bcd_enum_name(0x25000020, 0), "OptIn");
	assert_string_equal(bcd_enum_name(0x25000020, 1), "OptOut");
	assert_string_equal(bcd_enum_name(0x25000020, 2), "AlwaysOff");
}

static void name_of_another_element_is_not_a_value(void **state)
{
	(void)state;
	uint64_t v = 99;
	assert_false(bcd_enum_value(0x25000080, "OptIn", &v));
	assert_false(bcd_enum_value(BCD_TIMEOUT, "Minimal", &v));
	assert_int_equal(v, 99);
}

static void integer_without_named_values_has_no_names(void **state)
{
	(void)state;
	assert_null(bcd_enum_name(BCD_TIMEOUT, 0));
	assert_null(bcd_enum_name(0x12345678, 0));
}

static void settings_objects_a_wizard_creates_have_their_types(void **state)
{
	(void)state;
	assert_int_equal(bcd_known_object_type(BCD_GUID_EMSSETTINGS), 0x20100000);
	assert_int_equal(bcd_known_object_type("{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"), 0x20100000);
	assert_int_equal(bcd_known_object_type("{4636856e-540f-4170-a130-a84776f4c654}"), 0x20100000);
	assert_int_equal(bcd_known_object_type("{5189b25c-5558-4bf2-bca4-289b11bd29e2}"), 0x20100000);
	assert_int_equal(bcd_known_object_type("{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}"), 0x20200003);
	assert_int_equal(bcd_known_object_type("{1afa9c49-16ab-4a5c-901b-212802da9460}"), 0x20200004);
	assert_int_equal(bcd_known_object_type("{7ff607e0-4395-11db-b0de-0800200c9a66}"), 0x20200003);
}

static void boot_manager_and_unknown_objects_are_never_created(void **state)
{
	(void)state;
	assert_int_equal(bcd_known_object_type(BCD_GUID_BOOTMGR), 0);
	assert_int_equal(bcd_known_object_type("{b2721d73-1db4-4c62-bf78-c548a880142d}"), 0); /* memdiag */
	assert_int_equal(bcd_known_object_type("{11111111-2222-3333-4444-555555555555}"), 0);
}

static void alias_and_guid_translate_both_ways(void **state)
{
	(void)state;
	assert_string_equal(bcd_guid_for_alias("{EMSSettings}"), BCD_GUID_EMSSETTINGS);
	assert_string_equal(bcd_alias_for(BCD_GUID_EMSSETTINGS), "{emssettings}");
	assert_string_equal(bcd_guid_for_alias("{current}"), "{current}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(element_is_found_by_its_bcdedit_name_in_any_case),
		cmocka_unit_test(unknown_name_has_no_element),
		cmocka_unit_test(ids_of_the_elements_wizards_set),
		cmocka_unit_test(elements_that_are_only_read_are_not_settable),
		cmocka_unit_test(format_is_bits_24_to_27_of_the_id),
		cmocka_unit_test(boot_status_policy_values_are_named),
		cmocka_unit_test(enumeration_name_gives_its_value_in_any_case),
		cmocka_unit_test(safeboot_bootmenupolicy_and_nx_name_their_values),
		cmocka_unit_test(name_of_another_element_is_not_a_value),
		cmocka_unit_test(integer_without_named_values_has_no_names),
		cmocka_unit_test(settings_objects_a_wizard_creates_have_their_types),
		cmocka_unit_test(boot_manager_and_unknown_objects_are_never_created),
		cmocka_unit_test(alias_and_guid_translate_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
