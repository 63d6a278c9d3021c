/* The stop-code catalog (share/stopcodes.yaml): per bug check code its name, what each parameter means,
 * the first steps offline, the wizard that fits, and whether the first step is to collect a dump. Loaded
 * and validated like a wizard (file:line:column for every mistake). The one source of bug check names:
 * when the file can not be found or read, a few names built in keep the reports readable, and the
 * catalog says so (catalog->problem). */
#ifndef RW_TRIAGE_CATALOG_H
#define RW_TRIAGE_CATALOG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The _M twins (BugCheckCode with this bit) have the same meaning and parameters (design note 6). */
#define STOPCODE_TWIN_BIT 0x10000000u
#define CATALOG_FILE "stopcodes.yaml"
#define CATALOG_TOP_KEY "stopcodes"

struct catalog_value {
	uint64_t value;
	char *text;
};

struct stopcode_param {
	char *means;                /* NULL: not used */
	bool status;                /* an NTSTATUS or exception code: its low 32 bits, named from `statuses` */
	bool code_address;          /* an address in a driver's code: the driver holding it is named */
	struct catalog_value *values; /* what particular values mean (a subtype, a trap number) */
	size_t nvalues;
};

struct stopcode {
	uint32_t code;
	char *name;                 /* "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED" */
	char *about;                /* what it means */
	struct stopcode_param params[4];
	size_t nparams;             /* how many the catalog lists (0: the code has none) */
	char *first_steps;          /* offline, from the rescue VM */
	char *wizard;               /* the rescuewiz wizard that fits, or NULL */
	bool collect_dump;          /* the first step is to get a dump of the crash */
};

struct stopcode_catalog {
	char file[PATH_MAX];        /* where it was loaded from; "" for the built-in names */
	char problem[PATH_MAX + 600]; /* why the built-in names are used, "" when the file was loaded */
	struct stopcode *codes;
	size_t n;
	struct catalog_value *statuses; /* NTSTATUS and exception codes seen in parameters */
	size_t nstatuses;
};

int catalog_load(const char *file, struct stopcode_catalog *c, struct rw_error *e);
void catalog_free(struct stopcode_catalog *c);

/* The exact code, else for a code with STOPCODE_TWIN_BIT its twin without it (*twin set); NULL if neither. */
const struct stopcode *catalog_find(const struct stopcode_catalog *c, uint32_t code, bool *twin);
/* "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M" for 0x1000007E; "" when the code is not in the catalog. */
const char *catalog_name(const struct stopcode_catalog *c, uint32_t code, char *buf, size_t len);
/* "access violation" for 0xC0000005 (matched on the low 32 bits), NULL when unknown. */
const char *catalog_status(const struct stopcode_catalog *c, uint64_t status);

/* The catalog of this run, loaded once (never freed: it lives as long as the process) from the share/ file
 * core/datadir.h finds ($RESCUEWIZ_SHARE, the source tree's share/, the installed one); the built-in names
 * with `problem` set when the file is missing or invalid. */
const struct stopcode_catalog *catalog_default(void);
/* The built-in names alone (what catalog_default falls back to). */
void catalog_builtin(struct stopcode_catalog *c, const char *problem);

#endif
