/* header.c - header words to UTF-8 (RFC 2047, raw 8-bit) through GMime, and a guard for GMime's charset lookup. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

static char *
dup_bytes(const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/* The first c in [p, end), or end.  *cache keeps the last answer: the
 * callers ask from positions that only grow, so all asks cost one pass. */
static const char *
next_char(const char *p, const char *end, char c, const char **cache)
{
	const char *q;

	if (*cache != NULL && *cache >= p)
		return *cache;
	q = memchr(p, c, (size_t)(end - p));
	*cache = q != NULL ? q : end;
	return *cache;
}

/* Where the header field around p ends: a line break not followed by
 * folding whitespace (or the end).  Cached like next_char. */
static const char *
field_end(const char *p, const char *end, const char **cache)
{
	const char *q = p;

	if (*cache != NULL && *cache >= p)
		return *cache;
	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		if (q + 1 >= end || (q[1] != ' ' && q[1] != '\t'))
			break;
		q++;
	}
	*cache = q != NULL ? q : end;
	return *cache;
}

/* Whether the charset that starts at win runs past MIME_CHARSET_MAX
 * bytes before its terminator stop, inside the same header field. */
static bool
long_charset(const char *win, const char *end, char stop, const char **stops,
    const char **fields)
{
	size_t n = (size_t)(end - win);

	if (n <= MIME_CHARSET_MAX || memchr(win, stop, MIME_CHARSET_MAX + 1) != NULL)
		return false;
	return next_char(win, end, stop, stops) < field_end(win, end, fields);
}

char *
_mime_defuse(const char *s, size_t len)
{
	const char *end = s + len, *p, *q, *d, *win;
	const char *stops = NULL, *fields = NULL;
	char *copy = NULL;

	/*
	 * GMime 3.2 copies a charset name onto the stack (alloca) before it
	 * looks it up, so a megabyte-long one in an encoded word or an RFC
	 * 2231 parameter overflows the stack while GMime parses.  Such a
	 * name cannot be real (the longest registered one has 45 bytes):
	 * the construct is broken here, in a copy, so GMime reads it as
	 * plain text.  Only what would crash GMime is touched.
	 */
	for (p = s; p < end && (q = memmem(p, (size_t)(end - p), "=?", 2)) != NULL;
	    p = q + 2) {
		if (!long_charset(q + 2, end, '?', &stops, &fields))
			continue;
		if (copy == NULL)
			copy = dup_bytes(s, len);
		copy[q + 1 - s] = '_'; /* "=_" starts no encoded word */
	}
	stops = fields = NULL;
	for (p = s; p < end && (q = memmem(p, (size_t)(end - p), "*=", 2)) != NULL;
	    p = q + 2) {
		/* "name*1*=" continues a value and carries no charset. */
		for (d = q; d > s && d[-1] >= '0' && d[-1] <= '9'; d--)
			;
		if (d < q && d > s && d[-1] == '*' && !(q - d == 1 && *d == '0'))
			continue;
		win = q + 2;
		if (win < end && *win == '"')
			win++;
		if (!long_charset(win, end, '\'', &stops, &fields))
			continue;
		if (copy == NULL)
			copy = dup_bytes(s, len);
		copy[q - s] = '_'; /* "name_=" is a plain parameter */
	}
	return copy;
}

char *
mime_decode_header(const char *raw)
{
	char *safe, *unfolded, *decoded, *out;

	if (raw == NULL)
		return xstrdup("");
	safe = _mime_defuse(raw, strlen(raw));
	/* Folding is transport, not text: the line breaks go, the
	 * whitespace after them stays (RFC 5322 §2.2.3). */
	unfolded = g_mime_utils_header_unfold(safe != NULL ? safe : raw);
	/* GMime joins adjacent encoded words, converts each word's charset
	 * (an unknown one goes through the fallback list) and reads raw
	 * 8-bit text as UTF-8, else windows-1252. */
	decoded = g_mime_utils_header_decode_text(_mime_options(), unfolded);
	out = _mime_utf8(decoded);
	g_free(decoded);
	g_free(unfolded);
	free(safe);
	return out;
}
