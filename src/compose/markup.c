/* markup.c - the composer's small markup (headings, lists, quotes, bold, italic, links, images) into HTML, and any body into format=flowed text. */
#include <stdlib.h>
#include <string.h>

#include "bidi/bidi.h"
#include "compose/compose.h"

/* Columns before a flowed line is broken (RFC 3676 recommends 78 at most;
 * 76 leaves room for the trailing space and stuffing). */
#define FLOW_WIDTH 76

static bool
starts(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* The list marker length at the start of a line ("- ", "* ", "12. "), 0
 * when none; *ordered tells which. */
static size_t
list_marker(const char *p, const char *end, bool *ordered)
{
	const char *q = p;

	if (starts(p, end, "- ") || starts(p, end, "* ")) {
		*ordered = false;
		return 2;
	}
	while (q < end && *q >= '0' && *q <= '9' && q - p < 4)
		q++;
	if (q > p && starts(q, end, ". ")) {
		*ordered = true;
		return (size_t)(q - p) + 2;
	}
	return 0;
}

static size_t
heading_level(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] == '#' && n < 4)
		n++;
	return n >= 1 && n <= 3 && p + n < end && p[n] == ' ' ? n : 0;
}

/* A closing delimiter for an emphasis that opens at p (after the opener of
 * length n), on the same line, not right after a space; NULL when none. */
static const char *
emphasis_end(const char *p, const char *end, const char *delim)
{
	size_t n = strlen(delim);
	const char *q;

	if (p >= end || *p == ' ')
		return NULL;
	for (q = p + 1; q + n <= end; q++) {
		if (*q == '\n')
			return NULL;
		if (memcmp(q, delim, n) == 0 && q[-1] != ' ')
			return q;
	}
	return NULL;
}

/* [text](url) at p: sets the parts and returns the end, or NULL. */
static const char *
link_at(const char *p, const char *end, const char **t, size_t *tn,
    const char **u, size_t *un)
{
	const char *close, *paren;

	if (*p != '[')
		return NULL;
	close = memchr(p, ']', (size_t)(end - p));
	if (close == NULL || memchr(p, '\n', (size_t)(close - p)) != NULL ||
	    close + 1 >= end || close[1] != '(')
		return NULL;
	paren = memchr(close + 2, ')', (size_t)(end - close - 2));
	if (paren == NULL || paren == close + 2 ||
	    memchr(close + 2, ' ', (size_t)(paren - close - 2)) != NULL ||
	    memchr(close + 2, '\n', (size_t)(paren - close - 2)) != NULL)
		return NULL;
	*t = p + 1;
	*tn = (size_t)(close - p - 1);
	*u = close + 2;
	*un = (size_t)(paren - close - 2);
	return paren + 1;
}

bool
compose_markup_used(const char *body)
{
	const char *p = body, *end = body + strlen(body), *line = body;
	bool ordered;

	for (; p < end; p++) {
		const char *t, *u;
		size_t tn, un;

		if (p == line && (heading_level(p, end) > 0 || list_marker(p, end, &ordered) > 0))
			return true;
		if (*p == '\n')
			line = p + 1;
		else if (starts(p, end, "**") && emphasis_end(p + 2, end, "**") != NULL)
			return true;
		else if ((*p == '*' || *p == '_') && (p == body || p[-1] == ' ' || p[-1] == '\n') &&
		    emphasis_end(p + 1, end, *p == '*' ? "*" : "_") != NULL)
			return true;
		else if (link_at(p, end, &t, &tn, &u, &un) != NULL)
			return true;
	}
	return false;
}

static void
add_escaped(struct buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (p[i]) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, p[i]);
		}
	}
}

static bool
safe_url(const char *u, size_t n)
{
	/* Only links a mail reader should follow: no javascript: or data:. */
	return (n > 7 && ascii_strncasecmp(u, "http://", 7) == 0) ||
	    (n > 8 && ascii_strncasecmp(u, "https://", 8) == 0) ||
	    (n > 7 && ascii_strncasecmp(u, "mailto:", 7) == 0);
}

/* One line's inline markup into HTML. */
static void
add_inline(struct buf *b, const char *p, const char *end)
{
	while (p < end) {
		const char *t, *u, *next, *e;
		size_t tn, un;

		if (*p == '!' && p + 1 < end &&
		    (next = link_at(p + 1, end, &t, &tn, &u, &un)) != NULL) {
			/* An image by the name of an attached file. */
			buf_adds(b, "<img src=\"name:");
			add_escaped(b, u, un);
			buf_adds(b, "\" alt=\"");
			add_escaped(b, t, tn);
			buf_adds(b, "\">");
			p = next;
		} else if ((next = link_at(p, end, &t, &tn, &u, &un)) != NULL &&
		    safe_url(u, un)) {
			buf_adds(b, "<a href=\"");
			add_escaped(b, u, un);
			buf_adds(b, "\">");
			add_escaped(b, t, tn);
			buf_adds(b, "</a>");
			p = next;
		} else if (starts(p, end, "**") && (e = emphasis_end(p + 2, end, "**")) != NULL) {
			buf_adds(b, "<strong>");
			add_escaped(b, p + 2, (size_t)(e - p - 2));
			buf_adds(b, "</strong>");
			p = e + 2;
		} else if ((*p == '*' || *p == '_') && (p == end || p[-1] == ' ' || p[-1] == '\0' ||
		    p[-1] == '\n' || p[-1] == '(' || p[-1] == '>') &&
		    (e = emphasis_end(p + 1, end, *p == '*' ? "*" : "_")) != NULL) {
			buf_adds(b, *p == '*' ? "<strong>" : "<em>");
			add_escaped(b, p + 1, (size_t)(e - p - 1));
			buf_adds(b, *p == '*' ? "</strong>" : "</em>");
			p = e + 1;
		} else {
			add_escaped(b, p, 1);
			p++;
		}
	}
}

/* dir="rtl" for text whose first strong character is right-to-left. */
static void
add_dir(struct buf *b, const char *p, size_t n)
{
	char *s = xstrndup(p, n);

	if (bidi_detect(s) == BIDI_RTL)
		buf_adds(b, " dir=\"rtl\"");
	free(s);
}

char *
compose_markup_html(const char *body)
{
	struct buf b = BUF_INIT;
	const char *p = body, *end = body + strlen(body);
	enum { NONE, PARA, UL, OL, QUOTE } open = NONE;
	static const char *const closers[] = { "", "</p>\n", "</ul>\n", "</ol>\n",
		"</blockquote>\n" };

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t h, m;
		bool ordered = false;

		if (eol == NULL)
			eol = end;
		if (p == eol || strspn(p, " \t") == (size_t)(eol - p)) {
			buf_adds(&b, closers[open]);
			open = NONE;
		} else if ((h = heading_level(p, eol)) > 0) {
			buf_adds(&b, closers[open]);
			open = NONE;
			buf_addf(&b, "<h%zu", h);
			add_dir(&b, p + h + 1, (size_t)(eol - p - h - 1));
			buf_adds(&b, ">");
			add_inline(&b, p + h + 1, eol);
			buf_addf(&b, "</h%zu>\n", h);
		} else if ((m = list_marker(p, eol, &ordered)) > 0) {
			if (open != (ordered ? OL : UL)) {
				buf_adds(&b, closers[open]);
				open = ordered ? OL : UL;
				buf_adds(&b, ordered ? "<ol" : "<ul");
				add_dir(&b, p + m, (size_t)(eol - p - m));
				buf_adds(&b, ">\n");
			}
			buf_adds(&b, "<li>");
			add_inline(&b, p + m, eol);
			buf_adds(&b, "</li>\n");
		} else if (*p == '>') {
			const char *q = p + 1;

			if (q < eol && *q == ' ')
				q++;
			if (open != QUOTE) {
				buf_adds(&b, closers[open]);
				open = QUOTE;
				buf_adds(&b, "<blockquote");
				add_dir(&b, q, (size_t)(eol - q));
				buf_adds(&b, ">\n");
			} else {
				buf_adds(&b, "<br>\n");
			}
			add_inline(&b, q, eol);
		} else {
			if (open != PARA) {
				buf_adds(&b, closers[open]);
				open = PARA;
				buf_adds(&b, "<p");
				add_dir(&b, p, (size_t)(eol - p));
				buf_adds(&b, ">");
			} else {
				buf_adds(&b, "<br>\n");
			}
			add_inline(&b, p, eol);
		}
		p = eol < end ? eol + 1 : end;
	}
	buf_adds(&b, closers[open]);
	return buf_detach(&b);
}

/* Appends one hard line as flowed lines: quote prefix kept on each. */
static void
flow_line(struct buf *b, const char *p, size_t n)
{
	size_t depth = 0, start, width, cut;
	char *prefix;

	while (depth < n && p[depth] == '>')
		depth++;
	prefix = xstrndup(p, depth);
	start = depth;
	if (depth > 0 && start < n && p[start] == ' ')
		start++;
	/* Trailing spaces would read as a soft break: gone, except in the
	 * signature separator "-- ". */
	if (!(n - start == 3 && memcmp(p + start, "-- ", 3) == 0)) {
		while (n > start && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
	}
	if (start >= n) {
		/* An empty quoted line: no trailing space, which would flow. */
		buf_adds(b, prefix);
		buf_addc(b, '\n');
		free(prefix);
		return;
	}
	do {
		/* The cut: the last space within the width, in bytes of
		 * UTF-8 counted as columns roughly (one per code point). */
		size_t cols = 0, i, last_space = 0;

		width = FLOW_WIDTH - depth - 1;
		for (i = start; i < n && cols < width; i++) {
			if ((p[i] & 0xC0) != 0x80)
				cols++;
			if (p[i] == ' ')
				last_space = i;
		}
		if (i < n && last_space > start)
			cut = last_space + 1;   /* the space stays: a soft break */
		else if (i < n) {
			/* One long word: broken at the next space, if any. */
			const char *sp = memchr(p + i, ' ', n - i);

			cut = sp != NULL ? (size_t)(sp - p) + 1 : n;
		} else
			cut = n;
		buf_adds(b, prefix);
		if (depth > 0)
			buf_addc(b, ' ');
		else if (p[start] == ' ' || (n - start >= 5 && memcmp(p + start, "From ", 5) == 0))
			buf_addc(b, ' ');       /* space-stuffing, RFC 3676 4.4 */
		buf_add(b, p + start, cut - start);
		buf_addc(b, '\n');
		start = cut;
	} while (start < n);
	free(prefix);
}

char *
compose_flowed(const char *body)
{
	struct buf b = BUF_INIT;
	const char *p = body, *end = body + strlen(body);

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if (eol == p)
			buf_addc(&b, '\n');
		else
			flow_line(&b, p, (size_t)(eol - p));
		p = eol < end ? eol + 1 : end;
	}
	return buf_detach(&b);
}
