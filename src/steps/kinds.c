/* The table of step kinds. */
#include <stdio.h>
#include <string.h>

#include "steps/kind.h"

extern const struct step_kind step_detect_layout, step_choose_bcd, step_check_space, step_choose_dump,
	step_confirm, step_choose_control_set, step_enter_number, step_choose_dump_type, step_check_dump_room,
	step_review;

const struct step_kind *const step_kinds[] = {
	&step_detect_layout, &step_choose_bcd,         &step_check_space,  &step_choose_dump,
	&step_confirm,       &step_choose_control_set, &step_enter_number, &step_choose_dump_type,
	&step_check_dump_room, &step_review,
	NULL,
};

const struct step_kind *step_kind_named(const char *name)
{
	for (size_t i = 0; step_kinds[i]; i++)
		if (!strcmp(step_kinds[i]->name, name))
			return step_kinds[i];
	return NULL;
}

void step_kind_list(char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; step_kinds[i]; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? ", " : "", step_kinds[i]->name);
}
