/* What a built disk holds, as shell variables: the words the end-to-end tests and make demo read. */
#include <stdlib.h>
#include <string.h>

#include "diskgen/diskgen.h"
#include "diskgen/specs.h"
#include "diskgen/triage_dumps.h"

/* the objects of the store: counted in the spec it is made from, so a lesson's extra objects count too */
static unsigned bcd_objects(const struct disk_desc *d, const struct disk_layout *l)
{
	char *spec = spec_bcd(d, l);
	unsigned n = 0;
	for (const char *p = spec; p && (p = strstr(p, "\\Description]")); p++)
		n++;
	free(spec);
	return n;
}

static void windows_expect(const struct disk_desc *d, const struct disk_layout *l, FILE *out)
{
	bool gen2 = d->generation == 2;
	fprintf(out, "GENERATION=%d\nPTTYPE=%s\n", d->generation, gen2 ? "gpt" : "dos");
	if (gen2)
		fprintf(out, "P1_START=%llu\nP2_START=%llu\nP4_START=%llu\nP4_SIZE=%llu\nBOOT_PART=2\nWINDOWS_PART=4\n"
			"NPARTS=4\nBCD_PATH='\\EFI\\Microsoft\\Boot\\BCD'\n",
			(unsigned long long)l->recovery_start * 512, (unsigned long long)l->boot_start * 512,
			(unsigned long long)l->windows_start * 512, (unsigned long long)l->windows_sectors * 512);
	else
		fprintf(out, "P1_START=%llu\nP1_SIZE=%llu\nP2_START=%llu\nP2_SIZE=%llu\nBOOT_PART=1\nWINDOWS_PART=%d\n"
			"NPARTS=%d\nBCD_PATH='%s'\n",
			(unsigned long long)l->boot_start * 512, (unsigned long long)l->boot_sectors * 512,
			(unsigned long long)l->windows_start * 512, (unsigned long long)l->windows_sectors * 512,
			d->single_volume ? 1 : 2, d->single_volume ? 1 : 2, d->mixed_case ? "\\boot\\bcd" : "\\Boot\\BCD");
	fprintf(out, "NOBJECTS=%u\nCONTROL_SETS='", bcd_objects(d, l));
	for (unsigned i = 1; i <= d->control_sets; i++)
		fprintf(out, "%sControlSet%03u", i > 1 ? " " : "", i);
	const struct spec_release *r = spec_release_of(d);
	fprintf(out, "'\nCURRENT=%u\nLAST_KNOWN_GOOD=%u\n", d->current, d->last_known_good);
	fprintf(out, "WIN_PRODUCT='%s'\nWIN_EDITION='%s'\nWIN_BUILD=%s\nWIN_UBR=%s\nWIN_DISPLAY_VERSION='%s'\n", r->product,
		r->edition, r->build, r->ubr, r->display_version);
	fprintf(out, "LOADER_A='%s'\nLOADER_B='%s'\nWINRE='%s'\nBOOTMGR='%s'\nDEFAULT='%s'\nMBR_SIGNATURE=0x%08x\n"
		"DISK_GUID='%s'\nP_WINDOWS_GUID='%s'\nP_ESP_GUID='%s'\n",
		DISKGEN_LOADER_A, DISKGEN_LOADER_B, DISKGEN_WINRE, BOOTMGR, DISKGEN_LOADER_A, DISKGEN_MBR_SIGNATURE,
		DISK_GUID, P_WINDOWS, P_ESP);
	if (d->triage_dumps)
		triage_dumps_expect(out);
}

void diskgen_expect(const struct disk_desc *desc, FILE *out)
{
	struct disk_desc d = *desc;
	struct disk_layout l;
	disk_desc_defaults(&d);
	disk_layout_of(&d, &l);
	if (d.shape == DISK_WINDOWS)
		windows_expect(&d, &l, out);
	else
		fputs("GENERATION=\n", out); /* nothing of Windows to expect */
}
