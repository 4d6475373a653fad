/* parse.c - IMAP responses: framing lines and literals on the wire, and parsing one response into values. */
#include <stdlib.h>
#include <string.h>

#include "imap/imap-internal.h"

/* --- framing ------------------------------------------------------------- */

/*
 * The literal a line announces at its end ("{123}" or "{123+}" before the
 * CRLF): returns true with its size, false when the line ends otherwise.
 * A size too large is an error, not a literal.
 */
static tt_status
line_literal(const char *line, size_t n, bool *is, size_t *size, char **cause)
{
	size_t i, digits = 0;
	uint64_t v = 0;

	/* A literal8 of BINARY ("~{N}") frames the same way. */
	*is = false;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n < 3 || line[n - 1] != '}')
		return TT_OK;
	i = n - 1;
	if (line[i - 1] == '+')
		i--;
	while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9') {
		i--;
		digits++;
	}
	if (digits == 0 || i == 0 || line[i - 1] != '{')
		return TT_OK;
	if (digits > 19)
		return tt_fail(cause, TT_EPROTO, _("the server announced a data "
		    "block of %.*s bytes, more than tether accepts"),
		    (int)digits, line + i);
	for (; line[i] != '}' && line[i] != '+'; i++)
		v = v * 10 + (uint64_t)(line[i] - '0');
	if (v > IMAP_MAX_LITERAL)
		return tt_fail(cause, TT_EPROTO, _("the server announced a data "
		    "block of %llu bytes, more than tether accepts"),
		    (unsigned long long)v);
	*is = true;
	*size = (size_t)v;
	return TT_OK;
}

tt_status
_imap_frame_resume(struct _imap_framer *f, const char *buf, size_t len,
    size_t *frame, size_t *need, char **cause)
{
	const char *lf;
	size_t line_end, lit, next;
	bool is_lit;
	tt_status s;

	*frame = 0;
	*need = 0;
	for (;;) {
		if (f->line_start > len) {
			/* Inside a literal that has not fully arrived. */
			*need = f->line_start - len;
			return TT_OK;
		}
		/* memchr may not be given a null buffer, even for 0 bytes. */
		lf = len > f->line_start + f->scanned ?
		    memchr(buf + f->line_start + f->scanned, '\n',
		    len - f->line_start - f->scanned) : NULL;
		if (lf == NULL) {
			f->scanned = len - f->line_start;
			if (f->scanned > IMAP_MAX_LINE)
				return tt_fail(cause, TT_EPROTO, _("the server sent a "
				    "line longer than %zu bytes"), IMAP_MAX_LINE);
			return TT_OK;
		}
		line_end = (size_t)(lf - buf);
		if (line_end - f->line_start > IMAP_MAX_LINE)
			return tt_fail(cause, TT_EPROTO, _("the server sent a line "
			    "longer than %zu bytes"), IMAP_MAX_LINE);
		if ((s = line_literal(buf + f->line_start, line_end - f->line_start,
		    &is_lit, &lit, cause)) != TT_OK)
			return s;
		if (!is_lit) {
			*frame = line_end + 1;
			memset(f, 0, sizeof *f);
			return TT_OK;
		}
		next = line_end + 1 + lit;
		f->line_start = next;
		f->scanned = 0;
		if (next > len) {
			/* The literal, then at least a line end (a bare LF is
			 * taken as one). */
			*need = next - len + 1;
			return TT_OK;
		}
	}
}

tt_status
imap_frame(const char *buf, size_t len, size_t *frame, size_t *need,
    char **cause)
{
	struct _imap_framer f = { 0, 0 };

	return _imap_frame_resume(&f, buf, len, frame, need, cause);
}

/* --- the arena ----------------------------------------------------------- */

/* Everything a parsed response points to that is not in the wire buffer. */
struct imap_arena {
	struct imap_arena *next;
	size_t used, cap;
	char mem[];
};

static void *
arena_alloc(struct imap_arena **a, size_t n)
{
	struct imap_arena *c = *a;
	size_t cap;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->cap - c->used < n) {
		cap = n > 4000 ? n : 4000;
		c = xmalloc(sizeof *c + cap);
		c->next = *a;
		c->used = 0;
		c->cap = cap;
		*a = c;
	}
	p = c->mem + c->used;
	c->used += n;
	return p;
}

static const char *
arena_str(struct imap_arena **a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
imap_resp_clear(struct imap_resp *r)
{
	struct imap_arena *a = r->arena, *next;

	for (; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
	memset(r, 0, sizeof *r);
}

/* --- parsing -------------------------------------------------------------- */

struct parser {
	const char *buf;        /* the frame */
	const char *p, *end;    /* end: the final CRLF (or LF) */
	struct imap_arena **arena;
	char **cause;
};

static tt_status
bad(struct parser *ps, const char *what)
{
	return tt_fail(ps->cause, TT_EPROTO, _("the server sent a response tether "
	    "cannot read (%s at byte %zu)"), what, (size_t)(ps->p - ps->buf));
}

/* Where a line ends: at a CRLF or LF, or the end of the frame. */
static bool
at_eol(const struct parser *ps)
{
	/* p < end leaves p[1] inside the frame, whose last byte is LF. */
	return ps->p >= ps->end || *ps->p == '\n' ||
	    (*ps->p == '\r' && ps->p[1] == '\n');
}

static bool
atom_char(unsigned char c, char stop)
{
	if (c <= 0x20 || c == 0x7f)
		return false;
	if (c == '(' || c == ')' || c == '{' || c == '"')
		return false;
	return c != (unsigned char)stop;
}

static tt_status parse_values(struct parser *ps, char close, int depth,
    struct imap_val *out);

static tt_status
parse_quoted(struct parser *ps, struct imap_val *v)
{
	struct buf b = BUF_INIT;
	const char *p = ps->p + 1;

	for (; p < ps->end && *p != '"'; p++) {
		if (*p == '\r' || *p == '\n' || *p == '\0')
			break;
		/* Only a quote and a backslash may be escaped (quoted-specials). */
		if (*p == '\\') {
			if (p + 1 >= ps->end || (p[1] != '"' && p[1] != '\\')) {
				buf_free(&b);
				ps->p = p;
				return bad(ps, _("a backslash before something other "
				    "than a quote or a backslash"));
			}
			p++;
		}
		buf_addc(&b, *p);
	}
	if (p >= ps->end || *p != '"') {
		buf_free(&b);
		ps->p = p;
		return bad(ps, _("a quoted string without its closing quote"));
	}
	v->type = IMAP_STRING;
	v->len = b.len;
	v->s = arena_str(ps->arena, b.len > 0 ? b.data : "", b.len);
	buf_free(&b);
	ps->p = p + 1;
	return TT_OK;
}

static tt_status
parse_literal(struct parser *ps, struct imap_val *v)
{
	const char *p = ps->p + 1;
	uint64_t n = 0;
	size_t digits = 0;

	for (; p < ps->end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits >= 19)
			return bad(ps, _("a data block size too large"));
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0)
		return bad(ps, _("a data block without its size"));
	if (p < ps->end && *p == '+')
		p++;
	if (p >= ps->end || *p != '}')
		return bad(ps, _("a data block size without its closing brace"));
	p++;
	if (p < ps->end && *p == '\r')
		p++;
	if (p >= ps->end || *p != '\n')
		return bad(ps, _("a data block size not at the end of a line"));
	p++;
	if (n > (uint64_t)(ps->end - p))
		return bad(ps, _("a data block longer than the response"));
	v->type = IMAP_STRING;
	v->literal = true;
	v->s = p;
	v->len = (size_t)n;
	ps->p = p + n;
	return TT_OK;
}

/* An atom; a section "[…]" and a partial "<…>" are part of it. */
static tt_status
parse_atom(struct parser *ps, char stop, struct imap_val *v)
{
	const char *start = ps->p, *p = ps->p;

	while (p < ps->end && atom_char((unsigned char)*p, stop)) {
		if (*p == '[' && stop != '[') {
			while (p < ps->end && *p != ']' && *p != '\r' && *p != '\n')
				p++;
			if (p >= ps->end || *p != ']') {
				ps->p = p;
				return bad(ps, _("a section without its closing bracket"));
			}
		}
		p++;
	}
	if (p == start)
		return bad(ps, _("an unexpected character"));
	ps->p = p;
	if (p - start == 3 && ascii_strncasecmp(start, "NIL", 3) == 0) {
		v->type = IMAP_NIL;
		v->s = "";
		v->len = 0;
		return TT_OK;
	}
	v->type = IMAP_ATOM;
	v->len = (size_t)(p - start);
	v->s = arena_str(ps->arena, start, v->len);
	return TT_OK;
}

static tt_status
parse_value(struct parser *ps, char close, int depth, struct imap_val *v)
{
	memset(v, 0, sizeof *v);
	switch (*ps->p) {
	case '(':
		if (depth >= IMAP_MAX_DEPTH)
			return bad(ps, _("lists nested too deeply"));
		ps->p++;
		return parse_values(ps, ')', depth + 1, v);
	case '"':
		return parse_quoted(ps, v);
	case '{':
		return parse_literal(ps, v);
	case '~':
		if (ps->p + 1 < ps->end && ps->p[1] == '{') {
			ps->p++;
			return parse_literal(ps, v);
		}
		return parse_atom(ps, close, v);
	default:
		return parse_atom(ps, close, v);
	}
}

/*
 * Values up to close (')' for a list, ']' for a response code, '\0' for
 * the end of the line) into out as a list.
 */
static tt_status
parse_values(struct parser *ps, char close, int depth, struct imap_val *out)
{
	struct imap_val *items = NULL, v;
	size_t n = 0, cap = 0;
	tt_status s = TT_OK;

	for (;;) {
		while (ps->p < ps->end && *ps->p == ' ')
			ps->p++;
		if (at_eol(ps)) {
			if (close != '\0')
				s = bad(ps, close == ')' ? _("a list without its closing "
				    "parenthesis") : _("a code without its closing bracket"));
			break;
		}
		if (close != '\0' && *ps->p == close) {
			ps->p++;
			break;
		}
		if (*ps->p == ')' || (*ps->p == ']' && close != '\0')) {
			s = bad(ps, _("an unbalanced closing parenthesis"));
			break;
		}
		if ((s = parse_value(ps, close, depth, &v)) != TT_OK)
			break;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			items = xreallocarray(items, cap, sizeof *items);
		}
		items[n++] = v;
		/* Values are separated by spaces, or end at a close. */
		if (ps->p < ps->end && !at_eol(ps) && *ps->p != ' ' &&
		    *ps->p != close && *ps->p != '(' && *ps->p != ')') {
			s = bad(ps, _("values not separated by a space"));
			break;
		}
	}
	memset(out, 0, sizeof *out);
	out->type = IMAP_LIST;
	if (s == TT_OK && n > 0) {
		out->v = arena_alloc(ps->arena, n * sizeof *items);
		memcpy(out->v, items, n * sizeof *items);
		out->n = n;
	}
	free(items);
	return s;
}

/* The rest of the line as text (resp-text): any byte but NUL, CR and LF
 * (TEXT-CHAR); the caller refuses a text that stops early. */
static const char *
rest_text(struct parser *ps)
{
	const char *start = ps->p;

	while (ps->p < ps->end && *ps->p != '\r' && *ps->p != '\n' &&
	    *ps->p != '\0')
		ps->p++;
	return arena_str(ps->arena, start, (size_t)(ps->p - start));
}

static enum imap_cond
cond_of(const char *s, size_t n)
{
	static const struct { const char *word; enum imap_cond c; } conds[] = {
		{ "OK", IMAP_OK }, { "NO", IMAP_NO }, { "BAD", IMAP_BAD },
		{ "BYE", IMAP_BYE }, { "PREAUTH", IMAP_PREAUTH },
	};
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(conds); i++) {
		if (strlen(conds[i].word) == n &&
		    ascii_strncasecmp(s, conds[i].word, n) == 0)
			return conds[i].c;
	}
	return IMAP_COND_NONE;
}

/* After the condition: an optional " [CODE …]" and the text. */
static tt_status
parse_status_rest(struct parser *ps, struct imap_resp *r)
{
	tt_status s;

	if (ps->p < ps->end && *ps->p == ' ')
		ps->p++;
	r->code.type = IMAP_LIST;
	if (ps->p < ps->end && *ps->p == '[') {
		ps->p++;
		if ((s = parse_values(ps, ']', 1, &r->code)) != TT_OK)
			return s;
		if (ps->p < ps->end && *ps->p == ' ')
			ps->p++;
	}
	r->text = rest_text(ps);
	return TT_OK;
}

/* One word up to a space or the end of the line. */
static bool
word(struct parser *ps, const char **w, size_t *n)
{
	const char *start = ps->p;

	while (ps->p < ps->end && *ps->p != ' ' && *ps->p != '\r' &&
	    *ps->p != '\n')
		ps->p++;
	*w = start;
	*n = (size_t)(ps->p - start);
	return *n > 0;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return n > 0 && n <= 10;
}

static tt_status
parse_untagged(struct parser *ps, struct imap_resp *r)
{
	const char *w;
	size_t n;
	uint64_t num = 0;
	char *up;
	size_t i;

	if (!word(ps, &w, &n))
		return bad(ps, _("an untagged response without a name"));
	if ((r->cond = cond_of(w, n)) != IMAP_COND_NONE)
		return parse_status_rest(ps, r);
	if (all_digits(w, n)) {
		for (i = 0; i < n; i++)
			num = num * 10 + (uint64_t)(w[i] - '0');
		if (num > UINT32_MAX)
			return bad(ps, _("a number too large"));
		r->has_number = true;
		r->number = (uint32_t)num;
		if (ps->p >= ps->end || *ps->p != ' ' || (ps->p++, !word(ps, &w, &n)))
			return bad(ps, _("a number without a name"));
	}
	up = arena_alloc(ps->arena, n + 1);
	for (i = 0; i < n; i++) {
		if (!atom_char((unsigned char)w[i], '\0') || w[i] == '[')
			return bad(ps, _("a response name with a strange character"));
		up[i] = (char)((w[i] >= 'a' && w[i] <= 'z') ? w[i] - 32 : w[i]);
	}
	up[n] = '\0';
	r->name = up;
	return parse_values(ps, '\0', 0, &r->data);
}

tt_status
imap_parse(const char *buf, size_t len, struct imap_resp *r, char **cause)
{
	struct parser ps = { buf, buf, buf + len, &r->arena, cause };
	const char *w;
	size_t n;
	tt_status s;

	memset(r, 0, sizeof *r);
	r->text = "";
	r->code.type = IMAP_LIST;
	r->data.type = IMAP_LIST;
	/* The response ends at its last LF; nothing may follow it. */
	if (len == 0 || buf[len - 1] != '\n')
		return bad(&ps, _("a response that does not end a line"));
	ps.end = buf + len - 1;
	if (ps.end > buf && ps.end[-1] == '\r')
		ps.end--;
	if (ps.end == buf)
		return bad(&ps, _("an empty line"));
	if (*ps.p == '+') {
		r->kind = IMAP_CONTINUE;
		ps.p++;
		if (ps.p < ps.end && *ps.p == ' ')
			ps.p++;
		r->text = rest_text(&ps);
		s = TT_OK;
	} else if (*ps.p == '*') {
		r->kind = IMAP_UNTAGGED;
		ps.p++;
		if (ps.p >= ps.end || *ps.p != ' ')
			return bad(&ps, _("no space after the star"));
		ps.p++;
		s = parse_untagged(&ps, r);
	} else {
		r->kind = IMAP_TAGGED;
		if (!word(&ps, &w, &n))
			return bad(&ps, _("a response without a tag"));
		r->tag = arena_str(ps.arena, w, n);
		if (ps.p >= ps.end || *ps.p != ' ')
			return bad(&ps, _("a tag without a status"));
		ps.p++;
		if (!word(&ps, &w, &n) ||
		    (r->cond = cond_of(w, n)) == IMAP_COND_NONE ||
		    r->cond == IMAP_BYE || r->cond == IMAP_PREAUTH)
			return bad(&ps, _("a tagged response that is not OK, NO or BAD"));
		s = parse_status_rest(&ps, r);
	}
	if (s != TT_OK)
		return s;
	if (ps.p != ps.end)
		return bad(&ps, _("more after the end of the response"));
	return TT_OK;
}
