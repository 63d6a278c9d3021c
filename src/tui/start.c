/* The first screens when rescuewiz starts with no command: which disk (never the rescue VM's own), then
 * which wizard, by the symptom the VM shows ("Hardware Malfunction", "0x7E", ...). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "report/report.h"
#include "disk/candidates.h"
#include "disk/disk.h"
#include "core/utf16.h"
#include "tui/tui.h"

static const struct step disk_step = {
	.id = "disk",
	.title = "Which disk is the OS disk of the broken VM?",
	.help = "These are the disks attached to this rescue VM, without its own system disks. Attach the broken "
		"VM's OS disk in the portal (or with az vm repair) if it is not listed, or type the path of a disk "
		"image file.",
};

/* The first choice of the symptom question: no wizard file is named so */
#define TRIAGE_CHOICE "triage:"

static const struct step symptom_step = {
	.id = "wizard",
	.title = "What does the broken VM show?",
	.help = "Pick the symptom the VM's screenshot or serial console shows, or type it (a stop code such as "
		"0x7E, or words of the message such as Hardware Malfunction). Not sure? Look at the crash dumps on "
		"this disk first: the wizard their stop code calls for is then recommended.",
};

/* What is on a candidate: a read-only snapshot of it, as inspect takes (nothing is written, nothing stays
 * mounted), said in the words of the candidate list. */
static void describe(const char *path, char *out, size_t len)
{
	struct snapshot *s = malloc(sizeof *s);
	struct snapshot_request req = {.disk = path};
	struct rw_error e = {0};
	char found[300], parts[300];
	if (!s) {
		snprintf(out, len, "out of memory");
	} else if (snapshot_take(s, &req, &e) != 0) {
		snprintf(out, len, "%s", e.text);
	} else {
		disk_describe(&s->disk, parts, sizeof parts);
		snprintf(out, len, "%s; %s", report_found(s, found, sizeof found), parts);
		snapshot_free(s);
	}
	free(s);
}

static int ask_disk(struct tui *t, char *disk, size_t len)
{
	struct fe_question q = {.step = &disk_step, .recommended = -1, .free_text = true};
	snprintf(q.free_text_prompt, sizeof q.free_text_prompt, "Disk device or image file:");
	struct candidate *c = NULL;
	size_t n = 0;
	struct rw_error e;
	if (candidates_list("/sys", "/proc", &c, &n, &e) != 0)
		snprintf(q.warning, sizeof q.warning, "%s", e.text);
	if (n)
		tui_message_nowait(t, "rescuewiz", "Looking at the attached disks (read-only)...");
	for (size_t i = 0; i < n; i++) {
		char size[32], label[160], detail[200];
		snprintf(label, sizeof label, "%s  %s  %s", c[i].path, report_size(c[i].size, size, sizeof size),
			 c[i].model);
		describe(c[i].path, detail, sizeof detail);
		question_add(&q, c[i].path, label, detail);
	}
	snprintf(q.detected, sizeof q.detected, "%zu candidate disk%s (the rescue VM's own disks are not offered)%s",
		 n, n == 1 ? "" : "s", n ? "" : "\nAttach the broken VM's OS disk to this VM, or type the path of a "
					       "disk or disk image.");
	if (n == 1)
		q.recommended = 0;
	int reply = tui_ask(t, &q, disk, len);
	free(c);
	question_free(&q);
	return reply;
}

static bool fits(const struct wizard *w, const char *answer)
{
	if (strcasestr(w->title, answer) || !strcasecmp(w->name, answer))
		return true;
	for (size_t m = 0; m < w->nmatches; m++)
		if (strcasestr(w->matches[m], answer) || strcasestr(answer, w->matches[m]))
			return true;
	return false;
}

/* The wizards an answer names: a choice of the list is one; a typed symptom is every wizard it fits, in the
 * list's order (up to `most`). */
static size_t pick(const struct wizard *w, size_t n, const char *answer, int *found, size_t most)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(answer, w[i].file)) {
			found[0] = (int)i;
			return 1;
		}
	size_t k = 0;
	for (size_t i = 0; i < n && k < most; i++)
		if (fits(&w[i], answer))
			found[k++] = (int)i;
	return k;
}

static int find_wizard(const struct wizard *w, size_t n, const char *name)
{
	for (size_t i = 0; *name && i < n; i++)
		if (!strcmp(w[i].name, name))
			return (int)i;
	return -1;
}

/* The triage screen, then the symptom question again with the wizard the dumps call for recommended. */
static int look_at_dumps(struct tui *t, const char *disk, const struct wizard *w, size_t n, struct fe_question *q,
			 size_t detected_len)
{
	char want[64];
	int reply = tui_triage(t, disk, want, sizeof want), i = find_wizard(w, n, want);
	if (reply == FE_QUIT)
		return FE_QUIT;
	/* what an earlier look said is replaced, not repeated */
	char *d = q->detected + detected_len;
	size_t room = sizeof q->detected - detected_len;
	if (i >= 0) {
		q->recommended = i + 1;
		snprintf(q->previous, sizeof q->previous, "%s", w[i].file);
		snprintf(d, room, "\nThe crash dumps call for: %s", w[i].title);
	} else if (*want) {
		snprintf(d, room, "\nThe crash dumps call for the wizard %s, which is not installed here", want);
	} else {
		snprintf(d, room, "\nNo complete dump names a wizard: pick the symptom");
	}
	return FE_BACK;
}

static int ask_wizard(struct tui *t, const char *disk, const struct wizard_folders *folders, char *wizard,
		      size_t len, struct rw_error *e)
{
	struct wizard_list list;
	if (wizard_list_load(folders, &list, e) != 0) {
		wizard_list_free(&list);
		return FE_FAIL;
	}
	const struct wizard *w = list.items;
	size_t n = list.n;
	/* the help says what each wizard does: its summary */
	struct step step = symptom_step;
	char help[4096];
	size_t at = (size_t)snprintf(help, sizeof help, "%s", symptom_step.help);
	for (size_t i = 0; i < n && at < sizeof help; i++)
		at += (size_t)snprintf(help + at, sizeof help - at, "\n\n%s: %s", w[i].title,
				       w[i].summary ? w[i].summary : "");
	step.help = help;
	struct fe_question q = {.step = &step, .recommended = n == 1 ? 1 : -1, .free_text = true};
	snprintf(q.free_text_prompt, sizeof q.free_text_prompt, "Symptom (message or stop code):");
	snprintf(q.detected, sizeof q.detected, "%zu wizard%s", n, n == 1 ? "" : "s");
	/* a wizard file that does not load is said here, with its file:line:column, never dropped silently */
	for (size_t i = 0; i < list.nbroken; i++)
		snprintf(q.detected + strlen(q.detected), sizeof q.detected - strlen(q.detected), "\nNot loaded: %s",
			 list.broken[i]);
	question_add(&q, TRIAGE_CHOICE, "Look at the crash dumps on this disk",
		     "read-only: complete or not, the stop code explained, the wizard that fits");
	for (size_t i = 0; i < n; i++) {
		char detail[200] = "";
		for (size_t m = 0; m < w[i].nmatches; m++)
			snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s", m ? ", " : "",
				 w[i].matches[m]);
		question_add(&q, w[i].file, w[i].title, detail);
	}
	int reply;
	size_t detected_len = strlen(q.detected);
	for (;;) {
		char answer[FE_ANSWER_MAX];
		reply = tui_ask(t, &q, answer, sizeof answer);
		if (reply == FE_OK && !strcmp(answer, TRIAGE_CHOICE)) {
			q.error[0] = '\0';
			if (look_at_dumps(t, disk, w, n, &q, detected_len) == FE_QUIT) {
				reply = FE_QUIT;
				break;
			}
			continue;
		}
		int found[8];
		size_t k = reply == FE_OK ? pick(w, n, answer, found, sizeof found / sizeof *found) : 0;
		if (reply != FE_OK || k == 1) {
			if (k == 1)
				snprintf(wizard, len, "%s", w[found[0]].file);
			break;
		}
		char shown[FE_ANSWER_MAX * 4];
		utf8_printable(answer, shown, sizeof shown);
		if (!k) {
			snprintf(q.error, sizeof q.error, "No wizard knows \"%s\": pick one from the list.", shown);
			continue;
		}
		/* more than one fits: the operator chooses, the first of them selected */
		q.recommended = found[0] + 1;
		snprintf(q.previous, sizeof q.previous, "%s", w[found[0]].file);
		snprintf(q.error, sizeof q.error, "\"%s\" fits %zu wizards:", shown, k);
		for (size_t m = 0; m < k; m++)
			snprintf(q.error + strlen(q.error), sizeof q.error - strlen(q.error), "%s %s", m ? ";" : "",
				 w[found[m]].title);
		snprintf(q.error + strlen(q.error), sizeof q.error - strlen(q.error), ". Pick one.");
	}
	wizard_list_free(&list);
	question_free(&q);
	return reply;
}

int tui_start_screens(struct tui *t, const struct wizard_folders *folders, char *disk, size_t disk_len, char *wizard,
		      size_t wizard_len, struct rw_error *e)
{
	for (;;) {
		if (!*disk) {
			int reply = ask_disk(t, disk, disk_len);
			if (reply != FE_OK)
				return reply == FE_BACK ? FE_QUIT : reply;
		}
		if (*wizard)
			return FE_OK;
		int reply = ask_wizard(t, disk, folders, wizard, wizard_len, e);
		if (reply != FE_BACK)
			return reply;
		*disk = '\0';
	}
}
