#include "repair/repair.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fault.h"
#include "engine/engine.h"
#include "plan/facts.h"
#include "plan/plan.h"
#include "runbook/runbook.h"

int repair_check_target(const struct snapshot_request *t, bool need_target, struct rw_error *e)
{
	if (t->disk && (t->windows_dir || t->boot_dir))
		return rw_fail(e, RW_EXIT_USAGE, "give either --disk or --windows with --boot, not both");
	if (!!t->windows_dir != !!t->boot_dir)
		return rw_fail(e, RW_EXIT_USAGE, "--windows DIR and --boot DIR go together: the Windows volume and the "
			       "volume that holds the BCD store (they may be the same folder)");
	if (need_target && !t->disk && !t->windows_dir)
		return rw_fail(e, RW_EXIT_USAGE, "no target: give --disk DEV|IMAGE, or --windows DIR --boot DIR");
	return 0;
}

static int finish(struct repair_outcome *out, int code, const char *result, const char *message)
{
	out->code = code;
	out->result = result;
	snprintf(out->message, sizeof out->message, "%s", message ? message : "");
	return code;
}

static int refusal_of(const struct snapshot *s, struct repair_outcome *out)
{
	char text[1024] = "";
	for (size_t i = 0; i < s->nproblems; i++)
		if (s->problems[i].severity == PROBLEM_REFUSE)
			snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", *text ? "\n" : "",
				 s->problems[i].text);
	return finish(out, RW_EXIT_REFUSED, "refused", text);
}

/* The runbook of a run that writes: the backups, their sums and a runbook.json that names each hive to be
 * written with the sha256 of its backup, fsynced before the first byte goes to the disk, and again with the
 * sha256 of each new hive before it takes the old one's place, so `rollback` can finish after a kill. */
struct record {
	struct runbook *rb;
	const struct run *r;
};

static int record_apply(void *ctx, const struct apply_result *so_far, const char *moment, struct rw_error *e)
{
	const struct record *rec = ctx;
	if (fault_point(moment) != 0)
		return rw_fail(e, RW_EXIT_USAGE, "the runbook could not record the apply: %s", strerror(errno));
	const struct runbook_outcome ro = {
		.result = "apply in progress",
		.message = "if the run ended here, rescuewiz rollback with this folder puts the hives of backup/ back",
		.apply = so_far,
	};
	return runbook_write(rec->rb, rec->r, &ro, NULL, e);
}

/* The steps, the plan, and unless a dry run, apply. */
static int walk(const struct repair_request *rq, struct run *r, struct runbook *rb, struct repair_outcome *out)
{
	struct rw_error e = {0};
	if (snapshot_refused(r->snapshot))
		return refusal_of(r->snapshot, out);
	/* what apply would refuse stops the run before the first question; a dry run still shows the plan */
	bool edited[HIVE_COUNT] = {false};
	wizard_hives(r->wizard, edited);
	if (!rq->dry_run && apply_refusal(r->snapshot, edited, &e) != 0)
		return finish(out, e.exit_code, "refused: nothing written", e.text);
	int reply = engine_run(r, &e);
	if (reply == FE_QUIT)
		return finish(out, RW_EXIT_CANCELLED, "cancelled: nothing written", "");
	if (reply != FE_OK)
		return finish(out, e.exit_code ? e.exit_code : RW_EXIT_USAGE, "stopped", e.text);
	out->edits = (unsigned)r->plan->n;
	out->changes = (unsigned)r->plan->changes;
	if (rq->frontend->planned)
		rq->frontend->planned(rq->frontend->ctx, r->plan);
	if (rq->dry_run)
		return finish(out, RW_EXIT_OK, "dry run: nothing written", "");
	const char *apply_id = r->wizard->steps[r->wizard->nsteps - 1].id;
	if (engine_was_skipped(r, apply_id))
		return finish(out, RW_EXIT_OK, "done: no edits (the apply step's when: does not hold)", "");
	if (!answer_is_true(answers_get(&r->answers, apply_id, "confirmed")))
		return finish(out, RW_EXIT_CANCELLED, "cancelled: nothing written", "");
	if (r->plan->changes == 0)
		return finish(out, RW_EXIT_CANCELLED, "nothing to do: every edit is already in place", "");
	struct record rec = {rb, r};
	struct apply_progress progress = {rq->frontend->progress, rq->frontend->ctx, record_apply, &rec};
	out->applied = true;
	if (apply_plan(r->snapshot, r->plan, &progress, &out->apply, &e) != 0)
		return out->apply.rolled_back ? finish(out, RW_EXIT_ROLLED_BACK, "failed and rolled back", e.text)
					      : finish(out, RW_EXIT_REFUSED, "refused: nothing written", e.text);
	return finish(out, RW_EXIT_OK, "applied and verified", "");
}

/* The digests the snapshot took of the originals it copied into backup/ (the hives and their logs), so that
 * SHA256SUMS does not read them again */
static void known_sums(struct runbook *rb, const struct snapshot *s)
{
	for (int hive = 0; hive < HIVE_COUNT; hive++) {
		const struct hive_file *hf = facts_file(s, hive);
		const char *paths[] = {hf->copy, hf->log_copies[0], hf->log_copies[1], hf->log_copies[2]};
		const char *sums[] = {hf->copy_made.sha256, hf->log_copies_made[0].sha256, hf->log_copies_made[1].sha256,
				      hf->log_copies_made[2].sha256};
		for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
			if (*paths[k])
				runbook_known_sum(rb, strrchr(paths[k], '/') ? strrchr(paths[k], '/') + 1 : paths[k],
						  sums[k]);
	}
}

int repair_run(const struct repair_request *rq, struct repair_outcome *out)
{
	memset(out, 0, sizeof *out);
	struct runbook rb;
	struct rw_error e = {0};
	if (runbook_create(&rb, rq->runbook_dir, rq->wizard->name, &e) != 0)
		return finish(out, RW_EXIT_USAGE, "stopped", e.text);
	snprintf(out->runbook, sizeof out->runbook, "%s", rb.dir);
	struct snapshot_request target = rq->target;
	target.copy_hives_to = rb.backup;
	/* the hives apply will edit are opened for it while the snapshot goes on */
	bool edited[HIVE_COUNT] = {false};
	if (!rq->dry_run)
		wizard_hives(rq->wizard, edited);
	target.edit_bcd = edited[HIVE_BCD];
	target.edit_system = edited[HIVE_SYSTEM];
	target.edit_software = edited[HIVE_SOFTWARE];
	if (rq->frontend->reading)
		rq->frontend->reading(rq->frontend->ctx, target.disk ? target.disk : target.windows_dir);
	struct snapshot s;
	struct plan plan = {0};
	struct run r = {.wizard = rq->wizard, .snapshot = &s, .frontend = rq->frontend, .plan = &plan,
			.runbook_dir = rb.dir, .dry_run = rq->dry_run};
	if (snapshot_take(&s, &target, &e) != 0) {
		finish(out, e.exit_code, "refused", e.text);
	} else {
		known_sums(&rb, &s);
		walk(rq, &r, &rb, out);
		struct rw_error se = {0};
		/* a run that wrote nothing has its backups on the disk too, as the runbook says */
		if (snapshot_sync_copies(&s, &se) != 0)
			snprintf(out->message + strlen(out->message), sizeof out->message - strlen(out->message),
				 "%s%s", *out->message ? "; " : "", se.text);
	}
	struct runbook_outcome ro = {.result = out->result, .message = out->message, .dry_run = rq->dry_run,
				     .apply = out->applied ? &out->apply : NULL};
	struct rw_error re = {0};
	if (runbook_write(&rb, &r, &ro, &out->json, &re) != 0) {
		snprintf(out->message + strlen(out->message), sizeof out->message - strlen(out->message),
			 "%sthe runbook could not be written: %s", *out->message ? "; " : "", re.text);
		if (out->code == RW_EXIT_OK)
			out->code = RW_EXIT_USAGE;
	}
	runbook_close(&rb);
	run_free(&r);
	plan_free(&plan);
	snapshot_free(&s);
	return out->code;
}

void repair_outcome_free(struct repair_outcome *out)
{
	free(out->json);
	out->json = NULL;
}
