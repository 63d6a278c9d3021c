/* A bug check in the catalog's words: what each parameter is, and what its value says (a status named, a
 * subtype looked up, a code address placed in the driver the minidump's list gives). */
#include "triage/triage.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int triage_file(const char *path, struct dump_file *d, struct rw_error *e)
{
	memset(d, 0, sizeof *d);
	d->place = DUMP_AT_FILE;
	snprintf(d->where, sizeof d->where, "%s", path);
	/* not even its access time changes (O_NOATIME is the owner's or root's) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	if (fd < 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return rw_fail(e, RW_EXIT_USAGE, "%s is not a file: give a dump file (MEMORY.DMP, a minidump, a copy "
			       "of pagefile.sys), or --disk DEV for a whole disk", path);
	}
	d->size = (uint64_t)st.st_size;
	d->mtime = st.st_mtime;
	struct dump_reader r;
	dump_reader_fd(&r, &fd, d->size);
	int rc = dump_examine(&r, &d->header, &d->check);
	close(fd);
	return rc == 0 ? 0 : rw_fail(e, RW_EXIT_USAGE, "%s: %s", path, strerror(errno));
}

bool triage_has_bugcheck(const struct dump_file *d)
{
	return d->header.signature == DUMP_SIG_KERNEL && d->header.valid;
}

static const char *value_text(const struct stopcode_param *p, uint64_t v)
{
	for (size_t i = 0; i < p->nvalues; i++)
		if (p->values[i].value == v)
			return p->values[i].text;
	return NULL;
}

/* where a code address is, in the words of what was read */
static void address_text(const struct dump_file *d, int i, char *out, size_t len)
{
	const struct dump_check *c = &d->check;
	if (c->module_of[i].found)
		snprintf(out, len, "in the driver %s", c->module_of[i].path);
	else if (c->drivers_read)
		snprintf(out, len, "in no driver of the dump's list");
	else if (d->header.dump_type == DUMP_TYPE_TRIAGE)
		snprintf(out, len, "the driver is not known (%s)", *c->drivers_problem ? c->drivers_problem
											 : "the driver list was not read");
	else
		snprintf(out, len, "the driver holding it is not named: only a minidump's driver list is read (a "
			 "minidump of the same crash names it)");
}

static void explain_param(const struct stopcode_catalog *c, const struct dump_file *d, int i,
			  struct stop_explained *x)
{
	const struct stopcode_param *p = &x->entry->params[i];
	uint64_t v = d->header.params[i];
	char detail[300] = "";
	const char *known;
	if (!p->means) {
		snprintf(x->meaning[i], sizeof x->meaning[i], "not documented");
		return;
	}
	if (p->status) {
		known = catalog_status(c, v);
		snprintf(detail, sizeof detail, "0x%08" PRIX32 "%s%s", (uint32_t)v, known ? ", " : "", known ? known : "");
	} else if ((known = value_text(p, v))) {
		snprintf(detail, sizeof detail, "%" PRIu64 ", %s", v, known);
	} else if (p->code_address) {
		address_text(d, i, detail, sizeof detail);
	}
	snprintf(x->meaning[i], sizeof x->meaning[i], "%s%s%s", p->means, *detail ? ": " : "", detail);
}

static void name_module(struct stop_explained *x)
{
	const char *path = x->module->path, *slash = strrchr(path, '\\');
	snprintf(x->module_name, sizeof x->module_name, "%s", slash ? slash + 1 : path);
}

void triage_explain(const struct stopcode_catalog *c, const struct dump_file *d, struct stop_explained *x)
{
	bool twin;
	memset(x, 0, sizeof *x);
	x->code = d->header.bugcheck;
	x->module_param = -1;
	catalog_name(c, x->code, x->name, sizeof x->name);
	x->entry = catalog_find(c, x->code, &twin);
	for (int i = 0; i < 4; i++) {
		snprintf(x->params[i], sizeof x->params[i], "0x%" PRIx64, d->header.params[i]);
		if (x->entry && x->entry->about)
			explain_param(c, d, i, x);
		if (x->module_param < 0 && x->entry && x->entry->params[i].code_address && d->check.module_of[i].found) {
			x->module_param = i;
			x->module = &d->check.module_of[i];
			name_module(x);
		}
	}
}

/* seed 003: the HAL reads NMICrashDump once, accepts exactly 4 bytes, and raises 0x80 when the first byte
 * is not zero */
const char *triage_nmi_state(const struct control_set *cs, char *buf, size_t len)
{
	const struct reg_value *v = control_set_crash_value(cs, "NMICrashDump");
	if (!v)
		snprintf(buf, len, "NMICrashDump not set: before Windows 8 / Server 2012 an NMI halts with \"Hardware "
			 "Malfunction\" and writes no dump");
	else if (v->raw_len != 4)
		snprintf(buf, len, "NMICrashDump is %s of %zu bytes: the HAL ignores it (it takes exactly 4 bytes, a "
			 "REG_DWORD), so before Windows 8 / Server 2012 an NMI halts and writes no dump",
			 reg_type_name(v->type), v->raw_len);
	else if (v->type != hive_t_REG_DWORD)
		snprintf(buf, len, "NMICrashDump is %s of 4 bytes, not the documented REG_DWORD: the HAL would act on "
			 "its first byte (0x%02x: %s); write it as REG_DWORD 1", reg_type_name(v->type), v->raw[0],
			 v->raw[0] ? "an NMI raises 0x80" : "an NMI halts without a dump");
	else if (!v->raw[0])
		snprintf(buf, len, "NMICrashDump is %" PRIu64 ": its first byte is 0, so before Windows 8 / Server 2012 "
			 "an NMI halts and writes no dump", v->number);
	else
		snprintf(buf, len, "NMICrashDump is %" PRIu64 ": an NMI raises bug check 0x80 and writes a dump", v->number);
	return buf;
}
