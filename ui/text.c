/* text.c - text for the screen: mail strings made safe, cut to a number of display columns, bodies wrapped into lines. */
#include <stdlib.h>
#include <string.h>

#include "bidi/bidi.h"
#include "ui/ui-internal.h"

/* Whether cp is a bidi control: the interface orders text itself, and
 * a control from mail could reorder what follows it on the screen. */
static bool
bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* A terminal-safe copy of s without bidi controls (heap). */
static char *
safe_copy(const char *s, bool keep_newlines)
{
	char *safe = utf8_terminal_safe(s != NULL ? s : "", s != NULL ? strlen(s) :
	    0, keep_newlines);
	const char *p = safe, *end = safe + strlen(safe), *start;
	struct buf b = BUF_INIT;
	uint32_t cp;

	while (p < end) {
		start = p;
		utf8_decode(&p, end, &cp);
		if (!bidi_control(cp))
			buf_add(&b, start, (size_t)(p - start));
	}
	free(safe);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}

char *
_ui_fit(const char *s, int width, bool pad)
{
	struct buf b = BUF_INIT;
	char *safe;
	const char *p, *end, *start;
	uint32_t cp;
	int used = 0, w;

	if (width <= 0)
		return xstrdup("");
	safe = safe_copy(s, false);
	end = safe + strlen(safe);
	for (p = safe; p < end;) {
		start = p;
		utf8_decode(&p, end, &cp);
		w = utf8_cp_width(cp);
		if (w < 0)
			w = 1;
		/* One column is kept for the ellipsis when more would follow. */
		if (used + w > width || (used + w == width && p < end &&
		    utf8_width(p) > 0)) {
			if (used < width) {
				buf_adds(&b, "\xe2\x80\xa6");
				used++;
			}
			break;
		}
		buf_add(&b, start, (size_t)(p - start));
		used += w;
	}
	while (pad && used < width) {
		buf_addc(&b, ' ');
		used++;
	}
	free(safe);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}

/* Appends one line, cut into pieces of at most width columns (at spaces
 * when it can). */
static void
wrap_line(struct ui_lines *out, const char *line, size_t len, int width,
    int kind)
{
	const char *p = line, *end = line + len, *cut, *space, *q;
	uint32_t cp;
	int used, w;

	do {
		used = 0;
		cut = p;
		space = NULL;
		for (q = p; q < end;) {
			utf8_decode(&q, end, &cp);
			w = utf8_cp_width(cp);
			if (w < 0)
				w = 1;
			if (used + w > width)
				break;
			used += w;
			if (cp == ' ')
				space = q;
			cut = q;
		}
		if (cut < end && space != NULL && space > p)
			cut = space;
		if (cut == p && p < end) {
			/* A character wider than the pane: shown alone. */
			utf8_decode(&cut, end, &cp);
		}
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n].text = xstrndup(p, (size_t)(cut - p));
		out->v[out->n].kind = kind;
		out->n++;
		p = cut;
	} while (p < end);
}

void
_ui_lines_add(struct ui_lines *out, const char *text, int width, int kind)
{
	char *safe = safe_copy(text, true);
	const char *p = safe, *nl;
	int k;

	if (width < 8)
		width = 8;
	for (;;) {
		nl = strchr(p, '\n');
		k = kind;
		/* Quoted lines get their own colour (by depth, up to 3). */
		if (kind == UI_LINE_BODY && *p == '>')
			k = UI_LINE_QUOTE;
		wrap_line(out, p, nl != NULL ? (size_t)(nl - p) : strlen(p), width, k);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(safe);
}

void
_ui_lines_clear(struct ui_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
_ui_date(time_t t, time_t now, char *out, size_t size)
{
	struct tm tm, today;

	localtime_r(&t, &tm);
	localtime_r(&now, &today);
	if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
		strftime(out, size, "%H:%M", &tm);
	else if (tm.tm_year == today.tm_year)
		strftime(out, size, "%b %d", &tm);
	else
		strftime(out, size, "%Y-%m-%d", &tm);
}

/* The subject without its reply and forward prefixes, for detecting its
 * direction (spec 3): "Re: שלום" is a right-to-left subject. */
static const char *
subject_core(const char *s)
{
	static const char *const prefixes[] = {
		"re:", "fwd:", "fw:", "aw:", "sv:", "wg:", "tr:", "vs:"
	};
	bool again = true;
	size_t i, n;

	while (again) {
		again = false;
		while (*s == ' ')
			s++;
		for (i = 0; i < TT_ARRAY_LEN(prefixes); i++) {
			n = strlen(prefixes[i]);
			if (ascii_strncasecmp(s, prefixes[i], n) == 0) {
				s += n;
				again = true;
			}
		}
	}
	return s;
}

char *
_ui_field(const char *s, int width, bool pad, bool subject)
{
	char *safe = safe_copy(s, false), *out;

	if (_ui_bidi)
		out = bidi_field(safe, width, pad, BIDI_AUTO, subject ?
		    subject_core(safe) : NULL);
	else
		out = _ui_fit(safe, width, pad);
	free(safe);
	return out;
}

bool _ui_bidi = true;

/* The quote depth of a line ("> > text" is 2) and where its text starts. */
static const char *
quote_depth(const char *p, int *depth)
{
	const char *q = p;

	*depth = 0;
	for (;;) {
		while (*q == ' ')
			q++;
		if (*q != '>')
			break;
		(*depth)++;
		q++;
	}
	if (*depth == 0)
		return p;
	while (*q == ' ')
		q++;
	return q;
}

void
_ui_lines_add_bidi(struct ui_lines *out, const char *text, int width, int kind,
    enum bidi_dir *prev)
{
	char *safe = safe_copy(text, true), *line, *nl, *p;
	struct bidi_para *para;
	struct buf b = BUF_INIT;
	enum bidi_dir dir;
	const char *body;
	size_t off, end;
	int depth, avail, cols, k;

	if (width < 8)
		width = 8;
	for (p = safe;; p = nl + 1) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		body = quote_depth(p, &depth);
		/* A paragraph without a strong letter goes the way of the one
		 * before it (spec 3). */
		dir = bidi_detect(body);
		if (dir == BIDI_AUTO)
			dir = *prev;
		para = bidi_para_new(body, strlen(body), dir, NULL);
		*prev = bidi_para_rtl(para) ? BIDI_RTL : BIDI_LTR;
		avail = width - 2 * depth;
		if (avail < 4)
			avail = 4;
		off = 0;
		do {
			end = bidi_para_break(para, off, avail);
			line = bidi_line(para, off, end - off, &cols);
			buf_free(&b);
			/* Quote markers stand at the paragraph's start edge. */
			if (bidi_para_rtl(para)) {
				for (k = cols; k < avail; k++)
					buf_addc(&b, ' ');
				buf_adds(&b, line);
				for (k = 0; k < depth; k++)
					buf_adds(&b, " <");
			} else {
				for (k = 0; k < depth; k++)
					buf_adds(&b, "> ");
				buf_adds(&b, line);
			}
			free(line);
			out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
			out->v[out->n].text = buf_detach(&b);
			/* Quote levels in turn: 1, 2, 3, then 1 again. */
			out->v[out->n].kind = depth > 0 && kind == UI_LINE_BODY ?
			    (depth % 3 == 1 ? UI_LINE_QUOTE : depth % 3 == 2 ?
			    UI_LINE_QUOTE2 : UI_LINE_QUOTE3) : kind;
			out->n++;
			off = end;
		} while (off < bidi_para_len(para));
		bidi_para_free(&para);
		if (nl == NULL)
			break;
	}
	buf_free(&b);
	free(safe);
}
