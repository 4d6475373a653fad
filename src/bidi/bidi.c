/* bidi.c - paragraphs resolved with FriBidi and reordered line by line into visual order for the terminal. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <fribidi.h>

#include "bidi/bidi.h"

struct bidi_para {
	FriBidiChar *cp;          /* logical code points, controls dropped */
	FriBidiCharType *types;
	FriBidiLevel *levels;
	FriBidiArabicProp *joins;
	FriBidiParType base;      /* resolved */
	size_t n;
};

/* Controls the layout does itself; they are never written (spec 5). */
static bool
dropped(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static FriBidiChar *
decode(const char *s, size_t len, size_t *n)
{
	FriBidiChar *v = xreallocarray(NULL, len + 1, sizeof *v);
	const char *p = s, *end = s + len;
	uint32_t cp;

	*n = 0;
	while (p < end) {
		utf8_decode(&p, end, &cp);
		if (!dropped(cp))
			v[(*n)++] = cp;
	}
	return v;
}

/* The direction of detect by its first strong character, or ON. */
static FriBidiParType
detect(const char *s)
{
	FriBidiCharType *t;
	FriBidiChar *cp;
	FriBidiParType d;
	size_t n;

	cp = decode(s, strlen(s), &n);
	t = xreallocarray(NULL, n + 1, sizeof *t);
	fribidi_get_bidi_types(cp, (FriBidiStrIndex)n, t);
	d = fribidi_get_par_direction(t, (FriBidiStrIndex)n);
	free(t);
	free(cp);
	return d;
}

enum bidi_dir
bidi_detect(const char *utf8)
{
	FriBidiParType d = detect(utf8 != NULL ? utf8 : "");

	return d == FRIBIDI_PAR_RTL ? BIDI_RTL : d == FRIBIDI_PAR_LTR ? BIDI_LTR :
	    BIDI_AUTO;
}

struct bidi_para *
bidi_para_new(const char *utf8, size_t len, enum bidi_dir dir,
    const char *detect_from)
{
	struct bidi_para *p = xcalloc(1, sizeof *p);
	FriBidiBracketType *brackets;
	FriBidiParType d;

	p->cp = decode(utf8 != NULL ? utf8 : "", utf8 != NULL ? len : 0, &p->n);
	p->types = xreallocarray(NULL, p->n + 1, sizeof *p->types);
	p->levels = xreallocarray(NULL, p->n + 1, sizeof *p->levels);
	p->joins = xreallocarray(NULL, p->n + 1, sizeof *p->joins);
	brackets = xreallocarray(NULL, p->n + 1, sizeof *brackets);
	fribidi_get_bidi_types(p->cp, (FriBidiStrIndex)p->n, p->types);
	fribidi_get_bracket_types(p->cp, (FriBidiStrIndex)p->n, p->types,
	    brackets);
	d = dir == BIDI_RTL ? FRIBIDI_PAR_RTL : dir == BIDI_LTR ? FRIBIDI_PAR_LTR :
	    FRIBIDI_PAR_ON;
	if (dir == BIDI_AUTO && detect_from != NULL) {
		d = detect(detect_from);
		/* Neutral only: auto as usual. */
		if (d != FRIBIDI_PAR_RTL && d != FRIBIDI_PAR_LTR)
			d = FRIBIDI_PAR_ON;
	}
	if (fribidi_get_par_embedding_levels_ex(p->types, brackets,
	    (FriBidiStrIndex)p->n, &d, p->levels) == 0) {
		/* FriBidi failed (memory): shown left to right, unreordered. */
		memset(p->levels, 0, (p->n + 1) * sizeof *p->levels);
		d = FRIBIDI_PAR_LTR;
	}
	p->base = d;
	/* Arabic joining and presentation forms, never ligatures: the
	 * column count stays the code point count (spec 6). */
	fribidi_get_joining_types(p->cp, (FriBidiStrIndex)p->n, p->joins);
	fribidi_join_arabic(p->types, (FriBidiStrIndex)p->n, p->levels, p->joins);
	fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_SHAPE_ARAB_PRES,
	    p->levels, (FriBidiStrIndex)p->n, p->joins, p->cp);
	free(brackets);
	return p;
}

void
bidi_para_free(struct bidi_para **pp)
{
	struct bidi_para *p = *pp;

	if (p == NULL)
		return;
	*pp = NULL;
	free(p->cp);
	free(p->types);
	free(p->levels);
	free(p->joins);
	free(p);
}

bool
bidi_para_rtl(const struct bidi_para *p)
{
	return FRIBIDI_IS_RTL(p->base);
}

size_t
bidi_para_len(const struct bidi_para *p)
{
	return p->n;
}

static int
cp_width(FriBidiChar cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

int
bidi_para_width(const struct bidi_para *p, size_t off, size_t n)
{
	int w = 0;
	size_t i;

	for (i = off; i < off + n && i < p->n; i++)
		w += cp_width(p->cp[i]);
	return w;
}

size_t
bidi_para_break(const struct bidi_para *p, size_t off, int width)
{
	size_t i, space = 0;
	int used = 0, w;

	for (i = off; i < p->n; i++) {
		w = cp_width(p->cp[i]);
		if (used + w > width)
			break;
		used += w;
		if (p->cp[i] == ' ')
			space = i + 1;
	}
	if (i == p->n)
		return p->n;
	if (space > off)
		return space;
	return i > off ? i : off + 1;
}

char *
bidi_line(const struct bidi_para *p, size_t off, size_t n, int *cols)
{
	FriBidiChar *vis;
	FriBidiLevel *lv;
	struct buf b = BUF_INIT;
	char enc[8];
	size_t i, k;

	if (off > p->n)
		off = p->n;
	if (n > p->n - off)
		n = p->n - off;
	*cols = 0;
	/* FriBidi indexes the line's arrays from the paragraph's start
	 * (off is where the line begins in them): the buffer is the whole
	 * paragraph, and the line is read from off. */
	vis = xreallocarray(NULL, p->n + 1, sizeof *vis);
	lv = xreallocarray(NULL, p->n + 1, sizeof *lv);
	memcpy(vis, p->cp, p->n * sizeof *vis);
	/* reorder_line changes the levels it is given: a copy keeps the
	 * paragraph's for the next line. */
	memcpy(lv, p->levels, p->n * sizeof *lv);
	if (n > 0 && fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, p->types,
	    (FriBidiStrIndex)n, (FriBidiStrIndex)off, p->base, lv, vis, NULL) == 0)
		memcpy(vis, p->cp, p->n * sizeof *vis);
	for (i = off; i < off + n; i++) {
		if ((k = utf8_encode(vis[i], enc)) > 0) {
			buf_add(&b, enc, k);
			*cols += cp_width(vis[i]);
		}
	}
	free(vis);
	free(lv);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}

char *
bidi_field(const char *utf8, int width, bool pad, enum bidi_dir dir,
    const char *detect_from)
{
	struct bidi_para *p;
	struct buf b = BUF_INIT;
	FriBidiChar *vis;
	FriBidiLevel *lv;
	size_t i, from, to, k;
	int total = 0, used, w;
	char enc[8];
	bool rtl, cut;

	if (width <= 0)
		return xstrdup("");
	p = bidi_para_new(utf8, utf8 != NULL ? strlen(utf8) : 0, dir, detect_from);
	rtl = bidi_para_rtl(p);
	vis = xreallocarray(NULL, p->n + 1, sizeof *vis);
	lv = xreallocarray(NULL, p->n + 1, sizeof *lv);
	memcpy(vis, p->cp, p->n * sizeof *vis);
	memcpy(lv, p->levels, p->n * sizeof *lv);
	if (p->n > 0 && fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, p->types,
	    (FriBidiStrIndex)p->n, 0, p->base, lv, vis, NULL) == 0)
		memcpy(vis, p->cp, p->n * sizeof *vis);
	for (i = 0; i < p->n; i++)
		total += cp_width(vis[i]);
	/*
	 * Cropped on the visual result at the paragraph's end edge (spec 4):
	 * an LTR field keeps its left part, an RTL one its right part, and a
	 * one-column ellipsis marks the cut.
	 */
	cut = total > width;
	from = 0;
	to = p->n;
	used = total;
	if (cut && !rtl) {
		for (to = 0, used = 0; to < p->n && used + cp_width(vis[to]) <= width - 1;
		    to++)
			used += cp_width(vis[to]);
	} else if (cut) {
		for (from = p->n, used = 0; from > 0 &&
		    used + cp_width(vis[from - 1]) <= width - 1; from--)
			used += cp_width(vis[from - 1]);
	}
	w = width - used - (cut ? 1 : 0);
	if (rtl && pad)
		while (w-- > 0)
			buf_addc(&b, ' ');
	if (rtl && cut)
		buf_adds(&b, "\xe2\x80\xa6");
	for (i = from; i < to; i++) {
		if ((k = utf8_encode(vis[i], enc)) > 0)
			buf_add(&b, enc, k);
	}
	if (!rtl && cut)
		buf_adds(&b, "\xe2\x80\xa6");
	if (!rtl && pad)
		while (w-- > 0)
			buf_addc(&b, ' ');
	free(vis);
	free(lv);
	bidi_para_free(&p);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}
