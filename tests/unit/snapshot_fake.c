#include "snapshot_fake.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/software.h"
#include "diskgen/hive_minimal.h"

const char fake_system_two_sets[] =
	"[Select]\n\"Current\"=dword:1\n\"Default\"=dword:1\n\"LastKnownGood\"=dword:2\n\"Failed\"=dword:0\n"
	"[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n"
	"[ControlSet002\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n"
	"[ControlSet001\\Services\\Tcpip\\Parameters]\n\"Hostname\"=sz:broken-vm\n\"Domain\"=sz:x\n"
	"[ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces]\n";

static void hive_from_spec(const char *spec, const char *root, char *path, size_t len)
{
	char err[256];
	if (hive_spec_file(spec, root, path, len, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static hive_h *open_copy(struct hive_file *hf, const char *spec, const char *root, const char *name)
{
	hive_from_spec(spec, root, hf->copy, sizeof hf->copy);
	hf->found = hf->readable = true;
	snprintf(hf->where, sizeof hf->where, "%s", name);
	hive_h *h = hivex_open(hf->copy, 0);
	assert_non_null(h);
	return h;
}

void fake_snapshot(struct snapshot *s, const char *system_spec, const char *software_spec, const char *bcd_spec)
{
	struct rw_error e = {0};
	memset(s, 0, sizeof *s);
	s->generation = bcd_spec ? 2 : 1;
	if (system_spec) {
		hive_h *h = open_copy(&s->system_file, system_spec, "ROOT", "\\Windows\\System32\\config\\SYSTEM");
		if (system_read(h, "SYSTEM", &s->system, &e) != 0)
			fail_msg("%s", e.text);
		hivex_close(h);
		s->have_system = true;
	}
	if (software_spec) {
		hive_h *h = open_copy(&s->software_file, software_spec, "ROOT", "\\Windows\\System32\\config\\SOFTWARE");
		s->have_software = software_read(h, "SOFTWARE", &s->software, &e) == 0;
		hivex_close(h);
	}
	if (bcd_spec) {
		hive_h *h = open_copy(&s->bcd_file, bcd_spec, "NewStoreRoot", "\\EFI\\Microsoft\\Boot\\BCD");
		if (bcd_read(h, "BCD", &s->bcd, &e) != 0)
			fail_msg("%s", e.text);
		hivex_close(h);
		s->have_bcd = true;
	}
}

void fake_snapshot_free(struct snapshot *s)
{
	const struct hive_file *files[] = {&s->system_file, &s->software_file, &s->bcd_file};
	for (size_t i = 0; i < 3; i++)
		if (*files[i]->copy)
			unlink(files[i]->copy);
	if (s->have_system)
		system_free(&s->system);
	if (s->have_bcd)
		bcd_free(&s->bcd);
	free(s->dumps);
	memset(s, 0, sizeof *s);
}

static const char *yaml_file(const char *yaml)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/rescuewiz-test-wizard.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	return path;
}

void fake_wizard(struct wizard *w, const char *yaml)
{
	struct rw_error e = {0};
	const char *path = yaml_file(yaml);
	int rc = wizard_load(path, w, &e);
	unlink(path);
	if (rc != 0)
		fail_msg("%s", e.text);
}

const char *fake_wizard_error(const char *yaml)
{
	static struct rw_error e;
	struct wizard w;
	memset(&e, 0, sizeof e);
	const char *path = yaml_file(yaml);
	int rc = wizard_load(path, &w, &e);
	unlink(path);
	if (rc == 0) {
		wizard_free(&w);
		return "";
	}
	size_t plen = strlen(path);
	return !strncmp(e.text, path, plen) && e.text[plen] == ':' ? e.text + plen + 1 : e.text;
}
