/* utf8.c - UTF-8 decoding, validation and repair, display width, terminal-safe copies. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/util.h"

bool
utf8_decode(const char **pp, const char *end, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	size_t avail = (size_t)(end - *pp), n, i;
	uint32_t c, min;

	if (avail == 0)
		goto bad;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		*pp += 1;
		return true;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else
		goto bad;
	if (avail < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	*pp += n;
	return true;
bad:
	*cp = UTF8_REPLACEMENT;
	if (avail > 0)
		*pp += 1;
	return false;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp <= 0x10ffff) {
		o[0] = (unsigned char)(0xf0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (unsigned char)(0x80 | (cp & 0x3f));
		return 4;
	}
	return 0;
}

/* Bytes from p that are plain ASCII, eight at a time: most mail is. */
static size_t
ascii_run(const char *p, const char *end)
{
	const char *start = p;
	uint64_t word;

	while (end - p >= 8) {
		memcpy(&word, p, 8);
		if (word & 0x8080808080808080ull)
			break;
		p += 8;
	}
	while (p < end && (unsigned char)*p < 0x80)
		p++;
	return (size_t)(p - start);
}

bool
utf8_valid(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	uint32_t cp;

	while (p < end) {
		p += ascii_run(p, end);
		if (p < end && !utf8_decode(&p, end, &cp))
			return false;
	}
	return true;
}

char *
utf8_repair(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + len, *run = s, *at;
	uint32_t cp;

	/* Valid stretches are copied whole; each bad byte becomes U+FFFD. */
	while (p < end) {
		p += ascii_run(p, end);
		if (p >= end)
			break;
		at = p;
		if (!utf8_decode(&p, end, &cp)) {
			buf_add(&b, run, (size_t)(at - run));
			buf_adds(&b, "\xef\xbf\xbd");
			run = p;
		}
	}
	buf_add(&b, run, (size_t)(end - run));
	return buf_detach(&b);
}

/* Whether cp falls in one of the sorted [first, last] ranges. */
static bool
in_ranges(uint32_t cp, const uint32_t (*ranges)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	}
	return false;
}

/* Used when the C library cannot tell (a locale that is not UTF-8): wide
 * East Asian ranges, and zero-width marks of Latin, Hebrew and Arabic,
 * joiners, direction marks and variation selectors. */
static const uint32_t wide_ranges[][2] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};
static const uint32_t zero_ranges[][2] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2069 }, { 0x20d0, 0x20ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
};

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	if (cp < 0x7f)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	if (in_ranges(cp, zero_ranges, TT_ARRAY_LEN(zero_ranges)))
		return 0;
	return in_ranges(cp, wide_ranges, TT_ARRAY_LEN(wide_ranges)) ? 2 : 1;
}

size_t
utf8_width(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	size_t cols = 0;
	uint32_t cp;
	int w;

	while (p < end) {
		utf8_decode(&p, end, &cp);
		w = utf8_cp_width(cp);
		cols += w < 0 ? 1 : (size_t)w;
	}
	return cols;
}

char *
utf8_terminal_safe(const char *s, size_t len, bool keep_newlines)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + len, *start;
	char enc[4];
	uint32_t cp;
	bool ok;

	while (p < end) {
		start = p;
		ok = utf8_decode(&p, end, &cp);
		if (cp == '\n' && keep_newlines)
			buf_addc(&b, '\n');
		else if (cp == '\t')
			buf_addc(&b, keep_newlines ? '\t' : ' ');
		else if (!ok || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			buf_add(&b, enc, utf8_encode(UTF8_REPLACEMENT, enc));
		else
			buf_add(&b, start, (size_t)(p - start));
	}
	return buf_detach(&b);
}

static int
ascii_tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
ascii_strncasecmp(const char *a, const char *b, size_t n)
{
	int ca, cb;

	for (; n > 0; n--, a++, b++) {
		ca = ascii_tolower((unsigned char)*a);
		cb = ascii_tolower((unsigned char)*b);
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
	return 0;
}

int
ascii_strcasecmp(const char *a, const char *b)
{
	return ascii_strncasecmp(a, b, SIZE_MAX);
}

char *
ascii_lower(char *s)
{
	char *p;

	for (p = s; *p != '\0'; p++)
		*p = (char)ascii_tolower((unsigned char)*p);
	return s;
}
