/* The answers loader (src/batch/batch.c) and every step kind that takes its answers: an answers file for
 * tests/fixtures/wizards/every-construct.yaml (every step kind), run by the engine with --defaults on an
 * in-memory snapshot (tests/unit/snapshot_fake.c) up to the plan, which is never applied. Input: the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "engine/engine.h"
#include "fuzz.h"
#include "plan/plan.h"
#include "snapshot_fake.h"

static const char bcd[] =
	"[Description]\n\"KeyName\"=sz:BCD00000000\n"
	"[Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Description]\n\"Type\"=dword:0x10100002\n"
	"[Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003]\n"
	"\"Element\"=sz:{11111111-2222-3333-4444-555555555555}\n"
	"[Objects\\{11111111-2222-3333-4444-555555555555}\\Description]\n\"Type\"=dword:0x10200003\n"
	"[Objects\\{11111111-2222-3333-4444-555555555555}\\Elements\\12000004]\n\"Element\"=sz:Windows Server\n";

static const char software[] = "[Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=sz:Windows Server 2019 "
				"Datacenter\n\"CurrentBuild\"=sz:17763\n\"CurrentBuildNumber\"=sz:17763\n";

static struct snapshot snapshot;
static struct wizard wizard;

static void done(void)
{
	wizard_free(&wizard);
	fake_snapshot_free(&snapshot);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct rw_error e = {0};
	fake_snapshot(&snapshot, fake_system_two_sets, software, bcd);
	if (wizard_load("tests/fixtures/wizards/every-construct.yaml", &wizard, &e) != 0) {
		fprintf(stderr, "fuzz_answers: run from the source tree: %s\n", e.text);
		abort();
	}
	atexit(done);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[FUZZ_PATH_MAX];
	fuzz_file("answers.yaml", data, size, path);
	struct batch b = {.use_defaults = true};
	struct rw_error e = {0};
	if (batch_load(&b, path, &wizard, &e) == 0) {
		struct frontend fe;
		struct plan p = {0};
		batch_frontend(&b, &fe);
		struct run r = {.wizard = &wizard, .snapshot = &snapshot, .frontend = &fe, .plan = &p};
		int reply = engine_run(&r, &e);
		if (reply != FE_OK && reply != FE_FAIL)
			abort();
		if (reply == FE_FAIL && !*e.text)
			abort();
		run_free(&r);
		plan_free(&p);
	} else if (!*e.text) {
		abort();
	}
	batch_free(&b);
	return 0;
}
