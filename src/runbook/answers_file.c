#include "runbook/answers_file.h"

#include <string.h>
#include <yaml.h>

/* The length of the YAML line break at p, 0 when there is none: LF, CR, and NEL, LS and PS in UTF-8 (YAML
 * 1.1, "Line Break Characters"; libyaml's and PyYAML's scanners end a comment at each of them). */
static size_t line_break_at(const char *p)
{
	static const char *const breaks[] = {"\n", "\r", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9"};
	for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++)
		if (!strncmp(p, breaks[i], strlen(breaks[i])))
			return strlen(breaks[i]);
	return 0;
}

/* libyaml emits no comments, so the line is written before the emitter starts; a line break in the
 * wizard's name would end the comment and turn the rest of the name into YAML. */
static void put_comment(FILE *f, const char *wizard)
{
	fputs("# Replays this run: rescuewiz run ", f);
	for (const char *p = wizard; *p;) {
		size_t skip = line_break_at(p);
		if (!skip)
			fputc(*p, f);
		p += skip ? skip : 1;
	}
	fputs(" --disk DISK --answers answers.yaml\n", f);
}

/* The emitter takes the event and frees it, also when it fails. */
static int emit(yaml_emitter_t *em, yaml_event_t *ev, int made)
{
	return made && yaml_emitter_emit(em, ev) ? 0 : -1;
}

static int scalar(yaml_emitter_t *em, const char *text, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	/* initialize fails on text that is not UTF-8 */
	int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1, style);
	return emit(em, &ev, made);
}

static int mapping_start(yaml_emitter_t *em)
{
	yaml_event_t ev;
	return emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static int mapping_end(yaml_emitter_t *em)
{
	yaml_event_t ev;
	return emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

static int document_start(yaml_emitter_t *em)
{
	yaml_event_t ev;
	if (emit(em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) != 0)
		return -1;
	return emit(em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
}

static int document_end(yaml_emitter_t *em)
{
	yaml_event_t ev;
	if (emit(em, &ev, yaml_document_end_event_initialize(&ev, 1)) != 0)
		return -1;
	return emit(em, &ev, yaml_stream_end_event_initialize(&ev));
}

/* Single quotes where they can hold the answer; libyaml takes double quotes (with escapes) where they can
 * not, such as a line break next to a space or a control character. */
static int answers_map(yaml_emitter_t *em, const char *const *ids, const char *const *values, size_t n,
		       size_t *at)
{
	if (mapping_start(em) != 0)
		return -1;
	for (*at = 0; *at < n; (*at)++)
		if (scalar(em, ids[*at], YAML_ANY_SCALAR_STYLE) != 0 ||
		    scalar(em, values[*at], YAML_SINGLE_QUOTED_SCALAR_STYLE) != 0)
			return -1;
	return mapping_end(em);
}

/* The whole document; *at is the index of the answer being written when that failed, n otherwise. */
static int emit_document(yaml_emitter_t *em, const char *wizard, const char *const *ids, const char *const *values,
			 size_t n, size_t *at)
{
	*at = n;
	if (document_start(em) != 0 || mapping_start(em) != 0 || scalar(em, "wizard", YAML_ANY_SCALAR_STYLE) != 0 ||
	    scalar(em, wizard, YAML_ANY_SCALAR_STYLE) != 0 || scalar(em, "answers", YAML_ANY_SCALAR_STYLE) != 0 ||
	    answers_map(em, ids, values, n, at) != 0)
		return -1;
	return mapping_end(em) != 0 || document_end(em) != 0 ? -1 : 0;
}

int answers_file_write(FILE *f, const char *wizard, const char *const *ids, const char *const *values, size_t n,
		       struct rw_error *e)
{
	yaml_emitter_t em;
	if (!yaml_emitter_initialize(&em))
		return rw_fail(e, RW_EXIT_USAGE, "answers.yaml: out of memory");
	put_comment(f, wizard);
	yaml_emitter_set_output_file(&em, f);
	yaml_emitter_set_unicode(&em, 1); /* Größe stays Größe, not "Gr\xF6\xDFe" */
	yaml_emitter_set_width(&em, -1);  /* one line per answer: long paths are not folded */
	size_t at;
	int rc = emit_document(&em, wizard, ids, values, n, &at);
	/* an event libyaml would not make (no emitter problem then) is text that is not UTF-8 */
	if (rc != 0 && at < n)
		rw_fail(e, RW_EXIT_USAGE, "answers.yaml: the answer for step '%s' can not be written: %s", ids[at],
			em.problem ? em.problem : "it is not UTF-8 text");
	else if (rc != 0)
		rw_fail(e, RW_EXIT_USAGE, "answers.yaml can not be written: %s",
			em.problem ? em.problem : "the wizard's name is not UTF-8 text");
	else if (fflush(f) != 0 || ferror(f))
		rc = rw_fail(e, RW_EXIT_USAGE, "answers.yaml: can not be written");
	yaml_emitter_delete(&em);
	return rc;
}
