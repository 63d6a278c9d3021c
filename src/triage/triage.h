/* Triage: every dump of a disk (or one file), complete or not and why, with its bug check explained from
 * the stop-code catalog: the name, what each parameter means with the value it has, the driver a parameter
 * names, the first steps and the wizard that fits. Text for people (triage/text.c: the command and the TUI
 * screen), JSON for tools (triage/json.c; shape in rescuewiz(8), TRIAGE). Read-only. */
#ifndef RW_TRIAGE_TRIAGE_H
#define RW_TRIAGE_TRIAGE_H

#include <stdio.h>

#include "core/error.h"
#include "snapshot/snapshot.h"
#include "triage/catalog.h"

struct triage {
	const struct snapshot *snapshot;  /* NULL when one file was given */
	const struct dump_file *dumps;    /* the snapshot's, or the one file's */
	size_t ndumps;
	const struct stopcode_catalog *catalog;
	const char *target;               /* what was looked at: the disk, folder or file */
	const char *target_options;       /* how a wizard is given it: "--disk X", "--windows X --boot DIR" */
};

/* One file given on the command line, judged like the dumps of a disk (place DUMP_AT_FILE). */
int triage_file(const char *path, struct dump_file *out, struct rw_error *e);

/* A bug check explained. */
struct stop_explained {
	uint32_t code;
	char name[96];                   /* "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M", "" when unknown */
	const struct stopcode *entry;    /* NULL when the catalog does not know the code */
	char params[4][24];              /* "0xfffff8048b58334c" */
	char meaning[4][400];            /* what each parameter is and what its value says */
	int module_param;                /* the parameter (0-3) whose driver is named, -1 none */
	const struct dump_module *module;
	char module_name[96];            /* the file name of module->path ("amdppm.sys") */
};
void triage_explain(const struct stopcode_catalog *c, const struct dump_file *d, struct stop_explained *out);
/* Whether a dump's header was read far enough to tell its bug check. */
bool triage_has_bugcheck(const struct dump_file *d);

int triage_text(FILE *out, const struct triage *t, size_t width);
int triage_json(FILE *out, const struct triage *t);

/* The NMI state of a control set in words (seed 003): NMICrashDump missing, 0, not 4 bytes, or set. */
const char *triage_nmi_state(const struct control_set *cs, char *buf, size_t len);

#endif
