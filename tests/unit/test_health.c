/* BitLocker boot sectors and hibernation file headers, with short buffers never read past (ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ntfs/health.h"

static void bitlocker_signature_is_recognised(void **state)
{
	(void)state;
	uint8_t sector[512] = {0xeb, 0x58, 0x90};
	memcpy(sector + 3, "-FVE-FS-", 8);
	assert_true(health_is_bitlocker_boot_sector(sector, sizeof sector));
}

static void ntfs_boot_sector_is_not_bitlocker(void **state)
{
	(void)state;
	uint8_t sector[512] = {0xeb, 0x52, 0x90};
	memcpy(sector + 3, "NTFS    ", 8);
	assert_false(health_is_bitlocker_boot_sector(sector, sizeof sector));
}

static void short_sector_is_not_bitlocker(void **state)
{
	(void)state;
	uint8_t *d = malloc(10);
	memcpy(d, "\xeb\x58\x90-FVE-FS", 10);
	assert_false(health_is_bitlocker_boot_sector(d, 10));
	free(d);
}

static void hibr_and_HIBR_are_hibernated(void **state)
{
	(void)state;
	assert_true(health_is_hibernation_header((const uint8_t *)"HIBR", 4));
	assert_true(health_is_hibernation_header((const uint8_t *)"hibr", 4));
}

static void resumed_or_zeroed_file_is_not_hibernated(void **state)
{
	(void)state;
	uint8_t zeros[4096] = {0};
	assert_false(health_is_hibernation_header((const uint8_t *)"wake", 4));
	assert_false(health_is_hibernation_header((const uint8_t *)"WAKE", 4));
	assert_false(health_is_hibernation_header(zeros, sizeof zeros));
}

static void short_header_is_not_hibernated(void **state)
{
	(void)state;
	uint8_t *d = malloc(3);
	memcpy(d, "HIB", 3);
	assert_false(health_is_hibernation_header(d, 3));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bitlocker_signature_is_recognised),
		cmocka_unit_test(ntfs_boot_sector_is_not_bitlocker),
		cmocka_unit_test(short_sector_is_not_bitlocker),
		cmocka_unit_test(hibr_and_HIBR_are_hibernated),
		cmocka_unit_test(resumed_or_zeroed_file_is_not_hibernated),
		cmocka_unit_test(short_header_is_not_hibernated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
