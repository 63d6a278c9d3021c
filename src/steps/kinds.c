/* The table of step kinds: the name a wizard file uses (src/wizard/wizard.c) -> the C code here. */
#include "engine/engine.h"

extern const struct step_kind_ops step_detect_layout, step_choose_bcd, step_check_space, step_choose_dump,
	step_confirm, step_review;

const struct step_kind_ops *step_kind_ops(int kind)
{
	static const struct step_kind_ops *const table[STEP_KIND_COUNT] = {
		[STEP_DETECT_LAYOUT] = &step_detect_layout, [STEP_CHOOSE_BCD] = &step_choose_bcd,
		[STEP_CHECK_SPACE] = &step_check_space,     [STEP_CHOOSE_DUMP] = &step_choose_dump,
		[STEP_CONFIRM] = &step_confirm,             [STEP_APPLY] = &step_review,
	};
	return kind >= 0 && kind < STEP_KIND_COUNT ? table[kind] : NULL;
}
