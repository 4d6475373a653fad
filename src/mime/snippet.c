/* snippet.c - the short preview of a body (THR-10): new text only, whitespace collapsed, ≤ 225 characters. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

/* One line of the body, without its "\n" (and "\r"). */
struct line {
	const char *s;
	size_t n;
};

static struct line
next_line(const char **p)
{
	struct line l = { *p, 0 };
	const char *eol = strchr(*p, '\n');

	l.n = eol != NULL ? (size_t)(eol - *p) : strlen(*p);
	*p += l.n + (eol != NULL ? 1 : 0);
	if (l.n > 0 && l.s[l.n - 1] == '\r')
		l.n--;
	return l;
}

static struct line
trim(struct line l)
{
	while (l.n > 0 && (*l.s == ' ' || *l.s == '\t')) {
		l.s++;
		l.n--;
	}
	while (l.n > 0 && (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t'))
		l.n--;
	return l;
}

static bool
starts(struct line l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l.n >= n && memcmp(l.s, prefix, n) == 0;
}

static bool
ends(struct line l, const char *suffix)
{
	size_t n = strlen(suffix);

	return l.n >= n && memcmp(l.s + l.n - n, suffix, n) == 0;
}

/* Where the new text ends: a signature, or an Outlook-style quote. */
static bool
is_end(struct line raw, struct line t)
{
	return (raw.n == 3 && memcmp(raw.s, "-- ", 3) == 0) ||
	    (raw.n == 2 && memcmp(raw.s, "--", 2) == 0) ||
	    (starts(t, "-----") && t.n < 60 && g_strstr_len(t.s, (gssize)t.n,
	    "Original Message") != NULL);
}

/* "[3] https://…": an entry of the link list html.c appends (and other
 * mailers' text versions have), not something the sender wrote. */
static bool
is_reference(struct line t)
{
	size_t i = 1;

	if (t.n < 4 || t.s[0] != '[')
		return false;
	while (i < t.n && t.s[i] >= '0' && t.s[i] <= '9')
		i++;
	if (i == 1 || i + 2 >= t.n || t.s[i] != ']' || t.s[i + 1] != ' ')
		return false;
	return memchr(t.s + i + 2, ' ', t.n - i - 2) == NULL;
}

static bool
is_space(uint32_t cp)
{
	return cp <= ' ' || cp == 0x7f || cp == 0xa0 || cp == 0x2028 || cp == 0x2029;
}

char *
mime_snippet(const char *body)
{
	struct buf out = BUF_INIT;
	struct line raw, t, next;
	const char *p, *q, *end, *look, *start;
	size_t count = 0;
	bool space = false, valid;
	uint32_t cp;

	if (body == NULL)
		return xstrdup("");
	for (p = body; *p != '\0' && count < MIME_SNIPPET_MAX;) {
		raw = next_line(&p);
		t = trim(raw);
		if (is_end(raw, t))
			break;
		if ((t.n > 0 && *t.s == '>') || is_reference(t))
			continue; /* quoted, or a link reference */
		if (starts(t, "On ")) {
			/* "On Mon, 1 Jan 2024, Ann <ann@x.org> wrote:", which
			 * mailers also wrap onto a second line. */
			if (ends(t, "wrote:"))
				continue;
			look = p;
			next = trim(next_line(&look));
			if (ends(next, "wrote:")) {
				p = look;
				continue;
			}
		}
		end = raw.s + raw.n;
		for (q = raw.s; q < end && count < MIME_SNIPPET_MAX;) {
			start = q;
			valid = utf8_decode(&q, end, &cp);
			if (is_space(cp)) {
				space = out.len > 0;
				continue;
			}
			if (space) {
				buf_addc(&out, ' ');
				space = false;
				if (++count == MIME_SNIPPET_MAX)
					break;
			}
			/* An invalid byte shows as U+FFFD, like everywhere else. */
			if (!valid)
				buf_adds(&out, "\xef\xbf\xbd");
			else
				buf_add(&out, start, (size_t)(q - start));
			count++;
		}
		space = out.len > 0;
	}
	/* A space added as the 225th character would end the preview. */
	if (out.len > 0 && out.data[out.len - 1] == ' ')
		out.data[--out.len] = '\0';
	return buf_detach(&out);
}
