/* Where a dump can be written (snapshot/dump_room.c) and the steps built on it (choose-dump-type,
 * check-dump-room): a table of cases on in-memory snapshots, each with the expected verdicts and fixes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "plan/plan.h"
#include "snapshot/dump_room.h"
#include "snapshot_fake.h"

#define GB (1ULL << 30)
#define MB (1ULL << 20)

static const char c_guid[] = "{1a2b3c4d-0004-4000-8000-00000000aa04}";
static const char d_guid[] = "{1a2b3c4d-0005-4000-8000-00000000aa05}";

struct room_case {
	const char *name;
	const char *paging;      /* PagingFiles, one entry, or NULL */
	const char *crash_extra; /* more CrashControl lines */
	uint64_t c_free, c_pagefile, d_free;
	uint64_t need;
	const char *dump_path;
	int crash, next;
	bool temp_disk;
};

static const struct room_case cases[] = {
	{"system-managed page file that can grow", "?:\\\\pagefile.sys", "", 6 * GB, 2 * GB, 0, 8 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_OK, ROOM_NOT_NEEDED, false},
	{"system-managed page file on a full C:", "C:\\\\pagefile.sys 0 0", "", 1 * GB, 1 * GB, 0, 8 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_SHORT, ROOM_NOT_NEEDED, false},
	{"fixed page file smaller than the dump", "C:\\\\pagefile.sys 1024 1024", "", 100 * GB, 1 * GB, 0, 2 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_SHORT, ROOM_NOT_NEEDED, false},
	{"fixed page file large enough", "C:\\\\pagefile.sys 8192 8192", "", 1 * GB, 8 * GB, 0, 4 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_OK, ROOM_NOT_NEEDED, false},
	{"page file only on the temporary disk", "E:\\\\pagefile.sys", "", 50 * GB, 0, 0, 8 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_SHORT, ROOM_NOT_NEEDED, true},
	{"no page file at all", NULL, "", 50 * GB, 0, 0, 8 * GB, "%SystemRoot%\\\\MEMORY.DMP", ROOM_SHORT,
	 ROOM_NOT_NEEDED, false},
	{"dedicated dump file with room", "E:\\\\pagefile.sys", "\"DedicatedDumpFile\"=sz:C:\\\\dd.sys\n", 50 * GB, 0, 0,
	 8 * GB, "%SystemRoot%\\\\MEMORY.DMP", ROOM_OK, ROOM_OK, false},
	{"dedicated dump file sized too small", "?:\\\\pagefile.sys",
	 "\"DedicatedDumpFile\"=sz:C:\\\\dd.sys\n\"DumpFileSize\"=dword:1024\n", 50 * GB, 0, 0, 4 * GB,
	 "%SystemRoot%\\\\MEMORY.DMP", ROOM_SHORT, ROOM_OK, false},
	{"dump file on a data volume with too little room", "?:\\\\pagefile.sys", "", 50 * GB, 0, 1 * GB, 8 * GB,
	 "D:\\\\MEMORY.DMP", ROOM_OK, ROOM_SHORT, false},
	{"dump file on a volume of another disk", "?:\\\\pagefile.sys", "", 50 * GB, 0, 0, 8 * GB, "F:\\\\MEMORY.DMP",
	 ROOM_OK, ROOM_UNKNOWN, false},
};

static void hex_of(const char *guid, char *out)
{
	uint8_t raw[16];
	assert_true(guid_parse(guid, raw));
	out[0] = '\0';
	for (int i = 0; i < 16; i++)
		sprintf(out + strlen(out), " %02x", raw[i]);
}

/* A Gen2 snapshot: C: is partition 4 (Windows), D: partition 5 (data); MountedDevices names both. */
static void disk_with(struct snapshot *s, const struct room_case *c)
{
	char spec[2048], ch[64], dh[64];
	hex_of(c_guid, ch);
	hex_of(d_guid, dh);
	snprintf(spec, sizeof spec,
		 "[Select]\n\"Current\"=dword:1\n\"Default\"=dword:1\n\"LastKnownGood\"=dword:1\n"
		 "[ControlSet001\\Control\\CrashControl]\n\"CrashDumpEnabled\"=dword:7\n%s"
		 "[ControlSet001\\Control\\Session Manager\\Memory Management]\n%s%s%s"
		 "[MountedDevices]\n\"\\DosDevices\\C:\"=binary:44 4d 49 4f 3a 49 44 3a%s\n"
		 "\"\\DosDevices\\D:\"=binary:44 4d 49 4f 3a 49 44 3a%s\n",
		 c->crash_extra, c->paging ? "\"PagingFiles\"=multi_sz:" : "", c->paging ? c->paging : "",
		 c->paging ? "\n" : "", ch, dh);
	fake_snapshot(s, spec, NULL, NULL);
	s->have_disk = true;
	snprintf(s->disk.pttype, sizeof s->disk.pttype, "gpt");
	s->disk.nparts = 2;
	s->disk.parts[0] = (struct partition){.number = 4};
	snprintf(s->disk.parts[0].guid, sizeof s->disk.parts[0].guid, "%s", c_guid);
	s->disk.parts[1] = (struct partition){.number = 5};
	snprintf(s->disk.parts[1].guid, sizeof s->disk.parts[1].guid, "%s", d_guid);
	s->windows_partition = 4;
	s->volumes[0] = (struct volume_info){.partition = 4, .mounted = true, .holds_windows = true,
					     .free_bytes = c->c_free, .pagefile_bytes = c->c_pagefile};
	s->volumes[1] = (struct volume_info){.partition = 5, .mounted = true, .free_bytes = c->d_free};
	s->nvolumes = 2;
}

static void each_case_has_its_verdicts(void **state)
{
	(void)state;
	static const char *const names[] = {"ok", "short", "unknown", "not needed"};
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct snapshot s;
		struct dump_room r;
		disk_with(&s, &cases[i]);
		dump_room_check(&s, cases[i].need, cases[i].dump_path, &r);
		if (r.crash != cases[i].crash || r.next != cases[i].next || r.temp_disk != cases[i].temp_disk) {
			print_error("%s: crash %s (want %s), next %s (want %s), temp disk %d; %s / %s\n", cases[i].name,
				    names[r.crash], names[cases[i].crash], names[r.next], names[cases[i].next], r.temp_disk,
				    r.crash_where, r.next_where);
			failures++;
		}
		fake_snapshot_free(&s);
	}
	assert_int_equal(failures, 0);
}

static void needs_follow_the_dump_type(void **state)
{
	(void)state;
	assert_int_equal(dump_need_bytes(1, 8 * GB), 8 * GB + 257 * MB);
	assert_int_equal(dump_need_bytes(7, 8 * GB), 8 * GB);
	assert_int_equal(dump_need_bytes(2, 8 * GB), 8 * GB);
	assert_int_equal(dump_need_bytes(3, 8 * GB), 2 * MB);
}

/* --- the steps --- */

struct answers_given {
	const char *const *list;
	size_t next;
	char recommended[8][160];
	char options[8][512];
	size_t asked;
};

static int ask(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source)
{
	struct answers_given *g = ctx;
	size_t i = g->asked < 8 ? g->asked++ : 7;
	snprintf(g->recommended[i], sizeof g->recommended[i], "%s", q->recommended >= 0 ? q->options[q->recommended].value : "");
	for (size_t o = 0; o < q->noptions; o++)
		snprintf(g->options[i] + strlen(g->options[i]), sizeof g->options[i] - strlen(g->options[i]), "%s ",
			 q->options[o].value);
	if (!g->list[g->next])
		return FE_QUIT;
	snprintf(answer, len, "%s", g->list[g->next++]);
	*source = ANSWER_OPERATOR;
	return FE_OK;
}

static const char steps_yaml[] =
	"wizard: x\ntitle: t\nsteps:\n"
	"  - id: space\n    kind: check-space\n    title: S\n"
	"  - id: type\n    kind: choose-dump-type\n    title: T\n    ram: '${space.ram_bytes}'\n"
	"  - id: room\n    kind: check-dump-room\n    title: R\n    need: '${type.need_bytes}'\n"
	"    path: '%SystemRoot%\\MEMORY.DMP'\n"
	"  - id: apply\n    kind: apply\n    title: A\n    edits:\n"
	"      - when: {equals: ['${room.fix}', 'ddf']}\n"
	"        registry: {hive: SYSTEM, key: Control\\CrashControl, control-sets: existing, set: "
	"{CrashDumpEnabled: {dword: '${type.crash_dump_enabled}'}, DedicatedDumpFile: {sz: '${room.ddf_path}'}, "
	"DumpFileSize: {dword: '${room.ddf_size_mb}'}}}\n"
	"      - registry: {hive: SYSTEM, key: Control\\CrashControl, control-sets: existing, set: "
	"{CrashDumpEnabled: {dword: '${type.crash_dump_enabled}'}}}\n";

struct walk {
	struct answers_given g;
	struct plan p;
	struct run r;
	struct snapshot s;
	struct wizard w;
	struct frontend fe;
};

static void walk(struct walk *k, const struct room_case *c, const char *const *answers)
{
	memset(k, 0, sizeof *k);
	disk_with(&k->s, c);
	fake_wizard(&k->w, steps_yaml);
	k->g.list = answers;
	k->fe = (struct frontend){.ctx = &k->g, .ask = ask};
	k->r = (struct run){.wizard = &k->w, .snapshot = &k->s, .frontend = &k->fe, .plan = &k->p};
	struct rw_error e;
	assert_int_equal(engine_run(&k->r, &e), FE_OK);
}

static void walk_done(struct walk *k)
{
	run_free(&k->r);
	plan_free(&k->p);
	wizard_free(&k->w);
	fake_snapshot_free(&k->s);
}

static void a_page_file_on_the_temporary_disk_is_fixed_with_a_dedicated_dump_file_on_c(void **state)
{
	(void)state;
	struct walk k;
	const char *answers[] = {"8G", "complete", "ddf-C", "apply", NULL};
	walk(&k, &cases[4], answers);
	assert_string_equal(k.g.recommended[1], "");           /* no type has room as the disk is */
	assert_string_equal(k.g.recommended[2], "ddf-C");      /* Microsoft's fix */
	assert_non_null(strstr(k.g.options[2], "pagefile"));
	assert_non_null(strstr(k.g.options[2], "accept"));
	assert_string_equal(answers_get(&k.r.answers, "room", "ddf_path"), "C:\\dd.sys");
	assert_string_equal(answers_get(&k.r.answers, "room", "ddf_size_mb"), "8449"); /* 8 GiB + 257 MB */
	assert_int_equal(k.p.n, 4);
	assert_string_equal(k.p.edits[1].name, "DedicatedDumpFile");
	assert_string_equal(k.p.edits[1].after, "REG_SZ C:\\dd.sys");
	walk_done(&k);
}

static void the_most_complete_type_with_room_is_recommended(void **state)
{
	(void)state;
	struct walk k;
	/* 8 GiB free with the page file: a kernel or automatic dump of 8 GiB fits, a complete one does not */
	struct room_case c = cases[0];
	c.c_free = 6 * GB;
	c.c_pagefile = 2 * GB + 100 * MB;
	const char *answers[] = {"8G", "automatic", "ok", "apply", NULL};
	walk(&k, &c, answers);
	assert_string_equal(k.g.recommended[1], "automatic");
	assert_string_equal(k.g.recommended[2], "ok");
	assert_string_equal(answers_get(&k.r.answers, "type", "crash_dump_enabled"), "7");
	assert_string_equal(answers_get(&k.r.answers, "room", "fix"), "none");
	walk_done(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_case_has_its_verdicts),
		cmocka_unit_test(needs_follow_the_dump_type),
		cmocka_unit_test(a_page_file_on_the_temporary_disk_is_fixed_with_a_dedicated_dump_file_on_c),
		cmocka_unit_test(the_most_complete_type_with_room_is_recommended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
