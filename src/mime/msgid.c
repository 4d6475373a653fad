/* msgid.c - Message-Id normalisation and a tolerant reader of References and In-Reply-To. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

/* A growing vector of owned strings. */
struct strv {
	char **v;
	size_t n, cap;
};

static void
strv_push(struct strv *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap == 0 ? 16 : sv->cap * 2;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Past a "quoted string" starting at p (to end when unclosed). */
const char *
_mime_skip_quoted(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
	}
	return p < end ? p + 1 : end;
}

/* Past a (comment), nested ones included, starting at p. */
const char *
_mime_skip_comment(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return end;
}

/* The id in [s, s+n) without whitespace and control characters (a folded
 * id, a stray NUL), valid UTF-8; NULL when empty or longer than any header
 * line can be. */
static char *
clean_id(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	char *out;
	size_t i;

	for (i = 0; i < n && b.len <= MIME_MSGID_MAX; i++) {
		if ((unsigned char)s[i] > ' ' && s[i] != 127)
			buf_addc(&b, s[i]);
	}
	if (b.len == 0 || b.len > MIME_MSGID_MAX) {
		buf_free(&b);
		return NULL;
	}
	out = utf8_repair(b.data, b.len);
	buf_free(&b);
	return out;
}

/* A bare word taken for an id loses the punctuation that surrounds it in
 * prose ("see joe@x.org."). */
static char *
clean_bare(const char *s, size_t n)
{
	while (n > 0 && strchr("<[{'", *s) != NULL) {
		s++;
		n--;
	}
	while (n > 0 && strchr(">]}'.,;:", s[n - 1]) != NULL)
		n--;
	/* Something on both sides of the '@', as in any real id. */
	if (n < 3 || memchr(s + 1, '@', n - 2) == NULL)
		return NULL;
	return clean_id(s, n);
}

char *
mime_normalize_msgid(const char *raw)
{
	const char *p, *end, *s, *lt;
	struct buf b = BUF_INIT;
	char *id = NULL;

	if (raw == NULL)
		return NULL;
	end = raw + strlen(raw);
	/* Comments go first: "(added by x@y)" is not the id. */
	for (p = raw; p < end;) {
		if (*p == '(') {
			p = _mime_skip_comment(p, end);
			buf_addc(&b, ' ');
		} else if (*p == '"') {
			s = p;
			p = _mime_skip_quoted(p, end);
			buf_add(&b, s, (size_t)(p - s));
		} else
			buf_addc(&b, *p++);
	}
	p = buf_str(&b);
	end = p + b.len;
	if ((lt = memchr(p, '<', b.len)) != NULL) {
		/* The first non-empty <…>; an inner '<' starts over ("<<id>>"),
		 * an unclosed one runs to the end. */
		while (lt != NULL && id == NULL) {
			for (s = lt + 1; s < end && *s != '>' && *s != '<'; s++)
				;
			if (s < end && *s == '<') {
				lt = s;
				continue;
			}
			id = clean_id(lt + 1, (size_t)(s - lt - 1));
			lt = s < end ? memchr(s, '<', (size_t)(end - s)) : NULL;
		}
	} else {
		/* No brackets: the first word with an '@', else the first word. */
		while (p < end && id == NULL) {
			while (p < end && is_space(*p))
				p++;
			for (s = p; p < end && !is_space(*p); p++)
				;
			if (p > s && memchr(s, '@', (size_t)(p - s)) != NULL)
				id = clean_id(s, (size_t)(p - s));
		}
		if (id == NULL) {
			p = buf_str(&b);
			while (p < end && is_space(*p))
				p++;
			for (s = p; p < end && !is_space(*p); p++)
				;
			id = p > s ? clean_id(s, (size_t)(p - s)) : NULL;
		}
	}
	buf_free(&b);
	return id;
}

/* What the reader found: an id in brackets, or a bare word with an '@'. */
typedef void (*token_fn)(const char *s, size_t n, bool bracketed, void *arg);

/* Reads a References / In-Reply-To value: comments and quoted phrases
 * skipped, "<…>" ids, bare words, garbage between them ignored. */
static void
tokenize(const char *raw, token_fn fn, void *arg)
{
	const char *p, *end = raw + strlen(raw), *s;

	for (p = raw; p < end;) {
		if (*p == '(') {
			p = _mime_skip_comment(p, end);
		} else if (*p == '"') {
			/* A quoted phrase: "Your message of …" */
			p = _mime_skip_quoted(p, end);
		} else if (*p == '<') {
			for (s = p + 1; s < end && *s != '>' && *s != '<'; s++)
				;
			if (s < end && *s == '>') {
				fn(p + 1, (size_t)(s - p - 1), true, arg);
				p = s + 1;
			} else
				p++; /* unclosed: read what follows as words */
		} else if (is_space(*p) || *p == ',' || *p == ';') {
			p++;
		} else {
			for (s = p; p < end && !is_space(*p) && strchr("<(\",;", *p) == NULL; p++)
				;
			if (memchr(s, '@', (size_t)(p - s)) != NULL)
				fn(s, (size_t)(p - s), false, arg);
		}
	}
}

struct refs_count {
	size_t bracketed, bare;
};

static void
count_token(const char *s, size_t n, bool bracketed, void *arg)
{
	struct refs_count *c = arg;

	(void)s;
	(void)n;
	if (bracketed)
		c->bracketed++;
	else
		c->bare++;
}

struct refs_collect {
	bool bracketed;     /* which kind of token is read */
	size_t seen, from;  /* tokens of that kind so far; the first kept */
	GHashTable *dedup;
	struct strv ids;
};

static void
collect_token(const char *s, size_t n, bool bracketed, void *arg)
{
	struct refs_collect *c = arg;
	char *id;

	if (bracketed != c->bracketed || c->seen++ < c->from)
		return;
	id = bracketed ? clean_id(s, n) : clean_bare(s, n);
	if (id == NULL)
		return;
	if (g_hash_table_contains(c->dedup, id)) {
		free(id);
		return;
	}
	g_hash_table_add(c->dedup, id);
	strv_push(&c->ids, id);
}

size_t
mime_parse_refs(const char *raw, size_t max, char ***ids)
{
	struct refs_count count = { 0, 0 };
	struct refs_collect c;
	size_t total, window, first, i;

	*ids = NULL;
	if (raw == NULL || max == 0)
		return 0;
	tokenize(raw, count_token, &count);
	memset(&c, 0, sizeof c);
	/*
	 * Bare words count only when nothing is bracketed: then they are the
	 * ids of a sloppy writer.  Next to a bracketed id a bare word with an
	 * '@' is prose ("<id>; from joe@example.org on Monday") and, taken as
	 * the newest reference, would pick the wrong parent.
	 */
	c.bracketed = count.bracketed > 0;
	total = c.bracketed ? count.bracketed : count.bare;
	/* Only the newest ids are kept, so of 100,000 only the last few
	 * max are read at all: memory stays bounded on hostile headers. */
	window = max > SIZE_MAX / 4 ? max : max * 4;
	c.from = total > window ? total - window : 0;
	c.dedup = g_hash_table_new(g_str_hash, g_str_equal);
	tokenize(raw, collect_token, &c);
	g_hash_table_destroy(c.dedup);
	if (c.ids.n > max) {
		first = c.ids.n - max;
		for (i = 0; i < first; i++)
			free(c.ids.v[i]);
		memmove(c.ids.v, c.ids.v + first, max * sizeof *c.ids.v);
		c.ids.n = max;
	}
	if (c.ids.n == 0) {
		free(c.ids.v);
		return 0;
	}
	*ids = c.ids.v;
	return c.ids.n;
}

void
mime_free_strv(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
