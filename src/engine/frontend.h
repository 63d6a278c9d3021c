/* The one interface between the wizard engine and whoever answers its questions: the ncurses screens, the
 * batch answers file, or a training script (debconf's front ends, cfdisk's ask callback). The engine and the
 * step kinds never print and never read the terminal; front ends hold no wizard logic. */
#ifndef RW_ENGINE_FRONTEND_H
#define RW_ENGINE_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct step;
struct plan;

enum frontend_reply { FE_OK = 0, FE_BACK = 1, FE_QUIT = 2, FE_FAIL = 3 };

/* the longest answer, with its NUL: a GUID, a path, a size */
#define FE_ANSWER_MAX 512

struct fe_option {
	char value[160];     /* recorded as the answer: a GUID, "yes", a dump path */
	char label[160];     /* first line */
	char detail[200];    /* second line: what it boots, where it is */
};

struct fe_question {
	const struct step *step;   /* id, title, help */
	unsigned number, total;    /* "step N of M": the steps asked so far and to come, without those a when:
				    * skipped or the answers so far rule out */
	char help[4096];           /* the step's help with ${windows.build} and the answers so far filled in */
	char detected[1024];       /* what was detected and why, one fact per line */
	struct fe_option *options; /* recommended first */
	size_t noptions;
	int recommended;           /* index into options, -1 when there is no safe recommendation */
	bool free_text;            /* the operator may type an answer instead (a drive letter, RAM in GiB) */
	char free_text_prompt[120];
	bool has_gauge;            /* check-space: need vs have */
	uint64_t gauge_need, gauge_have;
	char warning[400];         /* a verdict the operator must read ("not enough room: ...") */
	char error[400];           /* why the last answer was refused */
	char previous[FE_ANSWER_MAX]; /* the answer given here before the operator went back, "" the first time */
	const struct plan *plan;   /* the apply step: the edits to review */
};

struct frontend {
	void *ctx;
	/* One question. FE_OK with the answer (an option's value or typed text) and where it came from (enum
	 * answer_source), FE_BACK, FE_QUIT, or FE_FAIL with answer holding the reason (batch: a missing or
	 * invalid answer). When q->error is set, the previous answer was refused for that reason. */
	int (*ask)(void *ctx, const struct fe_question *q, char *answer, size_t len, int *source);
	/* Slow work under way (apply): `what` is starting, `done` of `total` actions are finished. */
	void (*progress)(void *ctx, const char *what, unsigned done, unsigned total);
	/* Optional: the disk is being read (what: the disk or folder), before the first question. */
	void (*reading)(void *ctx, const char *what);
	/* Optional: the confirmed plan, before anything is written (or instead, in a dry run). */
	void (*planned)(void *ctx, const struct plan *p);
};

#endif
