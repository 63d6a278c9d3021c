/* How a plan edit reads to people: what it changes, before -> after, and the Windows command that does
 * the same (REG ADD on the hive loaded as HKLM\BROKENSYSTEM from W:, bcdedit /store on the store on S:). */
#ifndef RW_PLAN_RENDER_H
#define RW_PLAN_RENDER_H

#include "plan/plan.h"

#define RENDER_WINDOWS_VOLUME "W:"
#define RENDER_STORE_VOLUME "S:"

void plan_render(struct plan_edit *ed, const struct snapshot *s);
/* The store path bcdedit is given: S:\Boot\BCD or S:\EFI\Microsoft\Boot\BCD */
const char *plan_store_path(const struct snapshot *s, char *buf, size_t len);

#endif
