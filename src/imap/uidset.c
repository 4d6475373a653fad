/* uidset.c - UID sets as sorted, disjoint, non-adjacent ranges: add, parse, count, look up, format. */
#include <stdlib.h>
#include <string.h>

#include "imap/imap.h"

/* How much of a refused set a message quotes. */
#define UIDSET_QUOTE 40

/*
 * The index of the first range that ends at or after lo - 1, that is the
 * first one that lo could touch or follow directly (n when there is none).
 */
static size_t
first_touching(const struct imap_uidset *s, uint32_t lo)
{
	size_t a = 0, b = s->n, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if ((uint64_t)s->r[m].hi + 1 < lo)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

void
imap_uidset_add(struct imap_uidset *s, uint32_t lo, uint32_t hi)
{
	size_t i, j;
	uint32_t t;

	if (lo > hi) {
		t = lo;
		lo = hi;
		hi = t;
	}
	i = first_touching(s, lo);
	/* Ranges i..j-1 overlap [lo, hi] or sit right next to it. */
	for (j = i; j < s->n && s->r[j].lo <= (uint64_t)hi + 1; j++)
		;
	if (j == i) {
		if (s->n == s->cap) {
			s->cap = s->cap == 0 ? 8 : s->cap * 2;
			s->r = xreallocarray(s->r, s->cap, sizeof *s->r);
		}
		memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof *s->r);
		s->r[i].lo = lo;
		s->r[i].hi = hi;
		s->n++;
		return;
	}
	if (s->r[i].lo < lo)
		lo = s->r[i].lo;
	if (s->r[j - 1].hi > hi)
		hi = s->r[j - 1].hi;
	s->r[i].lo = lo;
	s->r[i].hi = hi;
	memmove(&s->r[i + 1], &s->r[j], (s->n - j) * sizeof *s->r);
	s->n -= j - i - 1;
}

/* The start of text as printable ASCII, for a message. */
static char *
quote_excerpt(const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_add(&b, "", 0);
	for (i = 0; i < len && i < UIDSET_QUOTE; i++)
		buf_addc(&b, text[i] >= 0x20 && text[i] <= 0x7e ? text[i] : '?');
	if (len > UIDSET_QUOTE)
		buf_adds(&b, "...");
	return buf_detach(&b);
}

/* One seq-number at *i: nz-number (no leading zero, at most 2^32-1) or "*". */
static bool
parse_number(const char *text, size_t len, size_t *i, uint32_t max_star,
    uint32_t *out)
{
	uint64_t v = 0;
	size_t start = *i;

	if (*i < len && text[*i] == '*') {
		if (max_star == 0)
			return false;
		*out = max_star;
		(*i)++;
		return true;
	}
	while (*i < len && text[*i] >= '0' && text[*i] <= '9') {
		v = v * 10 + (uint64_t)(text[*i] - '0');
		if (v > UINT32_MAX)
			return false;
		(*i)++;
	}
	if (*i == start || text[start] == '0')
		return false;
	*out = (uint32_t)v;
	return true;
}

/*
 * The grammar is RFC 3501's sequence-set: numbers or ranges a:b joined by
 * commas, numbers without leading zeros and not 0.  "*" is max_star, and a
 * "*" is refused when max_star is 0 (nothing to stand for).  On success the
 * parsed uids are added to s (which is usually empty); on failure s is left
 * as it was.
 */
tt_status
imap_uidset_parse(struct imap_uidset *s, const char *text, size_t len,
    uint32_t max_star, char **cause)
{
	struct imap_uidset tmp = { NULL, 0, 0 };
	uint32_t lo, hi;
	size_t i = 0, k;
	char *excerpt;
	tt_status st;

	for (;;) {
		if (!parse_number(text, len, &i, max_star, &lo))
			goto bad;
		hi = lo;
		if (i < len && text[i] == ':') {
			i++;
			if (!parse_number(text, len, &i, max_star, &hi))
				goto bad;
		}
		imap_uidset_add(&tmp, lo, hi);
		if (i == len)
			break;
		if (text[i] != ',')
			goto bad;
		i++;
	}
	if (s->n == 0) {
		imap_uidset_free(s);
		*s = tmp;
		return TT_OK;
	}
	for (k = 0; k < tmp.n; k++)
		imap_uidset_add(s, tmp.r[k].lo, tmp.r[k].hi);
	imap_uidset_free(&tmp);
	return TT_OK;

bad:
	imap_uidset_free(&tmp);
	excerpt = quote_excerpt(text, len);
	st = tt_fail(cause, TT_EPROTO, _("the server sent a malformed UID set "
	    "\"%s\" (at byte %zu), which breaks the IMAP protocol"), excerpt, i);
	free(excerpt);
	return st;
}

uint64_t
imap_uidset_count(const struct imap_uidset *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		n += (uint64_t)s->r[i].hi - s->r[i].lo + 1;
	return n;
}

bool
imap_uidset_has(const struct imap_uidset *s, uint32_t uid)
{
	size_t a = 0, b = s->n, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (s->r[m].hi < uid)
			a = m + 1;
		else if (s->r[m].lo > uid)
			b = m;
		else
			return true;
	}
	return false;
}

char *
imap_uidset_format(const struct imap_uidset *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_add(&b, "", 0);
	for (i = 0; i < s->n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		if (s->r[i].lo == s->r[i].hi)
			buf_addf(&b, "%lu", (unsigned long)s->r[i].lo);
		else
			buf_addf(&b, "%lu:%lu", (unsigned long)s->r[i].lo,
			    (unsigned long)s->r[i].hi);
	}
	return buf_detach(&b);
}

void
imap_uidset_free(struct imap_uidset *s)
{
	free(s->r);
	s->r = NULL;
	s->n = 0;
	s->cap = 0;
}
