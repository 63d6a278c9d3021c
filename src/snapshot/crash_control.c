/* CrashControl values Windows would not act on. The HAL reads NMICrashDump once at start-up and accepts its
 * data only when it is exactly 4 bytes (Geoff Chappell, HalBugCheckSystem: seed 003); Microsoft documents it
 * as REG_DWORD. A REG_SZ "1" or a REG_QWORD 1 looks right in regedit and leaves an NMI halting with
 * "*** Hardware Malfunction" and no dump, on Windows before 8 / Server 2012 (later ones raise 0x80 without
 * the value). */
#include <stdio.h>
#include <strings.h>

#include "snapshot/snapshot.h"

static void check_nmi_crash_dump(struct snapshot *s, const struct control_set *cs)
{
	const struct reg_value *v = control_set_crash_value(cs, "NMICrashDump");
	if (!v || (v->type == hive_t_REG_DWORD && v->raw_len == 4))
		return;
	if (v->raw_len != 4)
		snapshot_problem(s, PROBLEM_WARN, "nmi-crash-dump-type",
				 "%s\\Control\\CrashControl\\NMICrashDump is %s (%zu bytes): the HAL accepts it only as "
				 "exactly 4 bytes (REG_DWORD), so on Windows before 8 / Server 2012 an NMI still halts "
				 "with \"Hardware Malfunction\" and no dump (later Windows raise 0x80 without it). Write "
				 "it as REG_DWORD 1 (wizard nmi-crash-dump).",
				 cs->name, reg_type_name(v->type), v->raw_len);
	else
		snapshot_problem(s, PROBLEM_WARN, "nmi-crash-dump-type",
				 "%s\\Control\\CrashControl\\NMICrashDump is %s, not the documented REG_DWORD: the HAL "
				 "takes any 4 bytes and acts when the first is not 0 (here 0x%02x, so an NMI %s), which is "
				 "not what the text of a REG_SZ says. Write it as REG_DWORD 1 (wizard nmi-crash-dump).",
				 cs->name, reg_type_name(v->type), v->raw[0],
				 v->raw[0] ? "raises 0x80" : "halts without a dump");
}

void snapshot_check_crash_control(struct snapshot *s)
{
	for (size_t i = 0; s->have_system && i < s->system.ncontrol_sets; i++)
		check_nmi_crash_dump(s, &s->system.control_sets[i]);
}
