/* editor.c - the compose pane's body editor: clusters, edits with grouped undo, and a layout that wraps logically and places the cursor on right-to-left rows with what src/bidi offers. */
#include <stdlib.h>
#include <string.h>

#include "bidi/bidi.h"
#include "ui/editor.h"

#define UNDO_MAX 1000
#define BIDI_MAX_PARA 65536      /* bytes; longer paragraphs are not reordered */
#define TAB_STOP 8
#define PLACEHOLDER 0xfffdu      /* how a bidi control is shown */

/*
 * Where the code points of a right-to-left row go.  src/bidi gives a
 * line's visual string but no logical-to-visual map, so the map is found
 * by probing: a copy of the paragraph gets a distinct pair of markers
 * after each code point whose place is wanted.  The markers are of type
 * BN: the algorithm passes over them (X9), so every other level stays as
 * it was, and FriBidi gives them the level of the character before them,
 * so they land beside it, in an order that tells on which side.  The
 * row's visual string is then built from those places, with the shaped
 * and mirrored forms of the unmarked line.  The cursor is drawn where its
 * cluster's first code point is.  tests/unit/test-editor.c checks rows
 * and cursors against FriBidi's own map.
 */

enum step_kind { STEP_TYPE, STEP_BACKSPACE, STEP_DELETE, STEP_NEWLINE, STEP_OTHER };

/* One undo step: [pos, pos + nins) replaced what del held. */
struct step {
	size_t pos;
	char *del;                /* owned */
	size_t ndel;
	char *ins;                /* owned */
	size_t nins;
	size_t before, after;     /* the cursor before and after it */
	enum step_kind kind;
};

struct steps {
	struct step *v;
	size_t n, cap;
};

/* A paragraph of the layout. */
struct para {
	size_t start, end;        /* bytes of the text; end is at "\n" or the end */
	bool rtl;
	bool plain;               /* left to right without any right-to-left
	                           * character: visual order is logical order */
	uint32_t *cps;            /* owned, made when needed: its code points,
	                           * bidi controls as PLACEHOLDER */
	size_t *offs;             /* owned: each one's byte offset in the text,
	                           * and end */
	size_t ncp;
};

struct ui_editor {
	char *s;                  /* owned, NUL-terminated */
	size_t len, cap;
	size_t cursor;
	uint64_t changes;
	struct steps undo, redo;
	bool open;                /* the last undo step may still grow */
	bool goal_set;            /* Up and Down keep goal */
	int goal;
	/* The layout, for the text at laid_changes and width. */
	bool laid;
	uint64_t laid_changes;
	int width;
	struct para *paras;
	size_t nparas, capparas;
	struct ui_editor_row *rows;
	struct rowvis **vis;      /* owned: each row in visual order, once
	                           * worked out */
	size_t nrows, caprows;
	size_t top;
	struct ui_editor_view view;
};

/* --- characters ---------------------------------------------------------- */

static bool
bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool
regional_indicator(uint32_t cp)
{
	return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

static bool
pictographic(uint32_t cp)
{
	return (cp >= 0x2300 && cp <= 0x23ff) || (cp >= 0x2600 && cp <= 0x27bf) ||
	    (cp >= 0x2b00 && cp <= 0x2bff) || (cp >= 0x1f000 && cp <= 0x1faff &&
	    !regional_indicator(cp));
}

/* Whether cp belongs to the cluster before it: zero-width marks, joiners,
 * variation selectors, emoji modifiers. */
static bool
extender(uint32_t cp)
{
	if (cp < 0x300 || bidi_control(cp))
		return false;
	if (cp >= 0x1f3fb && cp <= 0x1f3ff)
		return true;
	return utf8_cp_width(cp) == 0;
}

/* Display columns of a code point other than a tab. */
static int
cp_cols(uint32_t cp)
{
	int w;

	if (bidi_control(cp))
		return 1;
	w = utf8_cp_width(cp);
	return w < 0 ? 1 : w;
}

/* Letters, digits and marks, as opposed to spaces and punctuation. */
static bool
word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z') || cp == '_';
	if ((cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7)
		return false;
	if (cp == 0x05be || cp == 0x05c0 || cp == 0x05c3 || cp == 0x060c ||
	    cp == 0x061b || cp == 0x061f || (cp >= 0x066a && cp <= 0x066d) ||
	    cp == 0x06d4)
		return false;
	if ((cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x303f) ||
	    (cp >= 0xfe10 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff0f))
		return false;
	return !bidi_control(cp);
}

/* Code points that may be right to left (types R, AL, AN): a paragraph
 * without any is shown in logical order when it goes left to right. */
static bool
rtl_range(uint32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
	    (cp >= 0xfe70 && cp <= 0xfeff) || (cp >= 0x10800 && cp <= 0x10fff) ||
	    (cp >= 0x1e800 && cp <= 0x1efff);
}

/* Types WS and BN: rule L1 puts them at the paragraph's level at the end
 * of a line. */
static bool
ws_or_bn(uint32_t cp)
{
	return cp == ' ' || cp == 0x00ad || cp == 0x1680 || cp == 0x180e ||
	    (cp >= 0x2000 && cp <= 0x200d) || cp == 0x2028 || cp == 0x205f ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f) ||
	    cp == 0x3000 || cp == 0xfeff || (cp >= 0xe0000 && cp <= 0xe0fff);
}

/* The code point at pos (the text is valid UTF-8). */
static uint32_t
cp_at(const char *s, size_t len, size_t pos)
{
	const char *p = s + pos;
	uint32_t cp = 0;

	if (pos < len)
		utf8_decode(&p, s + len, &cp);
	return cp;
}

/* The start of the code point that ends at pos. */
static size_t
cp_before(const char *s, size_t pos)
{
	size_t p = pos;

	while (p > 0 && pos - p < 4) {
		p--;
		if (((unsigned char)s[p] & 0xc0) != 0x80)
			break;
	}
	return p;
}

/* --- clusters ------------------------------------------------------------ */

static bool
boundary(const char *s, size_t len, size_t pos)
{
	uint32_t cp, prev;
	size_t q, n;

	if (pos == 0 || pos >= len)
		return true;
	if (((unsigned char)s[pos] & 0xc0) == 0x80)
		return false;
	cp = cp_at(s, len, pos);
	prev = cp_at(s, len, cp_before(s, pos));
	if (cp == '\n' || prev == '\n')
		return true;
	if (regional_indicator(cp) && regional_indicator(prev)) {
		/* Flags pair up from the start of the run. */
		for (n = 0, q = pos; q > 0; n++) {
			q = cp_before(s, q);
			if (!regional_indicator(cp_at(s, len, q)))
				break;
		}
		return n % 2 == 0;
	}
	if (prev == 0x200d && pictographic(cp))
		return false;
	return !extender(cp);
}

static size_t
next_boundary(const char *s, size_t len, size_t pos)
{
	const char *p;
	uint32_t cp;

	if (pos >= len)
		return len;
	do {
		p = s + pos;
		utf8_decode(&p, s + len, &cp);
		pos = (size_t)(p - s);
	} while (pos < len && !boundary(s, len, pos));
	return pos;
}

static size_t
prev_boundary(const char *s, size_t len, size_t pos)
{
	if (pos > len)
		pos = len;
	while (pos > 0) {
		pos = cp_before(s, pos);
		if (boundary(s, len, pos))
			break;
	}
	return pos;
}

static size_t
snap(const struct ui_editor *ed, size_t pos)
{
	if (pos >= ed->len)
		return ed->len;
	return boundary(ed->s, ed->len, pos) ? pos :
	    next_boundary(ed->s, ed->len, pos);
}

/* Columns of the cluster [p, q) when it starts at column col. */
static int
cluster_cols(const struct ui_editor *ed, size_t p, size_t q, int col)
{
	const char *a = ed->s + p, *end = ed->s + q;
	uint32_t cp;
	int w = 0, c;

	while (a < end) {
		utf8_decode(&a, end, &cp);
		c = cp == '\t' ? TAB_STOP - (col + w) % TAB_STOP : cp_cols(cp);
		w += c;
	}
	return w;
}

/* --- text and undo ------------------------------------------------------- */

/* A copy of s fit for the editor (see ui_editor_paste). */
static char *
normalise(const char *s, size_t len, size_t *outlen)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + len, *start;
	uint32_t cp;

	while (p < end) {
		start = p;
		if (!utf8_decode(&p, end, &cp)) {
			buf_adds(&b, "\xef\xbf\xbd");
		} else if (cp == '\r') {
			if (p < end && *p == '\n')
				p++;
			buf_addc(&b, '\n');
		} else if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			buf_addc(&b, '\n');
		} else if (cp == '\t' || !(cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			buf_add(&b, start, (size_t)(p - start));
		}
	}
	*outlen = b.len;
	return buf_detach(&b);
}

static void
text_replace(struct ui_editor *ed, size_t pos, size_t ndel, const char *ins,
    size_t nins)
{
	size_t need = ed->len - ndel + nins + 1;

	if (need > ed->cap) {
		ed->cap = need > ed->cap * 2 ? need : ed->cap * 2;
		ed->s = xreallocarray(ed->s, ed->cap, 1);
	}
	memmove(ed->s + pos + nins, ed->s + pos + ndel, ed->len - pos - ndel + 1);
	if (nins > 0)
		memcpy(ed->s + pos, ins, nins);
	ed->len = ed->len - ndel + nins;
	ed->changes++;
}

static char *
copy_bytes(const char *s, size_t n)
{
	char *c = xmalloc(n + 1);

	if (n > 0)
		memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static void
steps_clear(struct steps *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->v[i].del);
		free(st->v[i].ins);
	}
	free(st->v);
	memset(st, 0, sizeof *st);
}

/* Pushes a step, dropping the oldest beyond UNDO_MAX. */
static void
steps_push(struct steps *st, struct step s)
{
	if (st->n == UNDO_MAX) {
		free(st->v[0].del);
		free(st->v[0].ins);
		memmove(st->v, st->v + 1, (st->n - 1) * sizeof *st->v);
		st->n--;
	}
	if (st->n == st->cap) {
		st->cap = st->cap == 0 ? 16 : st->cap * 2;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	st->v[st->n++] = s;
}

/* Grows the last step by this edit when it continues it: more typing at
 * its end, more Backspace before it, more Delete at it. */
static bool
merge(struct ui_editor *ed, enum step_kind kind, size_t pos, size_t ndel,
    const char *del, const char *ins, size_t nins, size_t before)
{
	struct step *l;
	char *d;

	if (!ed->open || ed->undo.n == 0)
		return false;
	l = &ed->undo.v[ed->undo.n - 1];
	if (l->kind != kind || l->after != before)
		return false;
	if (kind == STEP_TYPE && ndel == 0 && l->ndel == 0 &&
	    pos == l->pos + l->nins && before == pos) {
		l->ins = xreallocarray(l->ins, l->nins + nins + 1, 1);
		memcpy(l->ins + l->nins, ins, nins);
		l->nins += nins;
		l->ins[l->nins] = '\0';
		return true;
	}
	if (kind == STEP_BACKSPACE && nins == 0 && l->nins == 0 &&
	    pos + ndel == l->pos && before == l->pos) {
		d = xmalloc(ndel + l->ndel + 1);
		memcpy(d, del, ndel);
		memcpy(d + ndel, l->del, l->ndel);
		d[ndel + l->ndel] = '\0';
		free(l->del);
		l->del = d;
		l->ndel += ndel;
		l->pos = pos;
		return true;
	}
	if (kind == STEP_DELETE && nins == 0 && l->nins == 0 && pos == l->pos &&
	    before == pos) {
		l->del = xreallocarray(l->del, l->ndel + ndel + 1, 1);
		memcpy(l->del + l->ndel, del, ndel);
		l->ndel += ndel;
		l->del[l->ndel] = '\0';
		return true;
	}
	return false;
}

/* Replaces [pos, pos + ndel) with ins, puts the cursor at cur (moved to a
 * boundary) and records the undo step. */
static bool
edit(struct ui_editor *ed, enum step_kind kind, size_t pos, size_t ndel,
    const char *ins, size_t nins, size_t cur)
{
	size_t before = ed->cursor;
	struct step s;
	char *del;

	if (ndel == 0 && nins == 0)
		return false;
	del = copy_bytes(ed->s + pos, ndel);
	text_replace(ed, pos, ndel, ins, nins);
	ed->cursor = snap(ed, cur);
	steps_clear(&ed->redo);
	if (merge(ed, kind, pos, ndel, del, ins, nins, before)) {
		ed->undo.v[ed->undo.n - 1].after = ed->cursor;
		free(del);
	} else {
		s.pos = pos;
		s.del = del;
		s.ndel = ndel;
		s.ins = copy_bytes(ins, nins);
		s.nins = nins;
		s.before = before;
		s.after = ed->cursor;
		s.kind = kind;
		steps_push(&ed->undo, s);
	}
	ed->open = kind == STEP_TYPE || kind == STEP_BACKSPACE ||
	    kind == STEP_DELETE;
	ed->goal_set = false;
	return true;
}

/* Moves the cursor; a move ends the typing run. */
static bool
move_to(struct ui_editor *ed, size_t pos)
{
	pos = snap(ed, pos);
	if (pos == ed->cursor)
		return false;
	ed->cursor = pos;
	ed->open = false;
	return true;
}

/* --- the layout ---------------------------------------------------------- */

/* A row in visual order. */
struct rowvis {
	uint32_t *v;              /* the code points to draw, left to right */
	size_t *from;             /* the paragraph code point each one is */
	int *w;                   /* their columns, tabs expanded */
	int *tabs;                /* the width of each tab, in logical order */
	size_t n;
};

static void
rowvis_free(struct rowvis **rvp)
{
	struct rowvis *rv = *rvp;

	if (rv == NULL)
		return;
	*rvp = NULL;
	free(rv->v);
	free(rv->from);
	free(rv->w);
	free(rv->tabs);
	free(rv);
}

static void
layout_clear(struct ui_editor *ed)
{
	size_t i;

	for (i = 0; i < ed->nparas; i++) {
		free(ed->paras[i].cps);
		free(ed->paras[i].offs);
	}
	ed->nparas = 0;
	for (i = 0; i < ed->nrows; i++) {
		free(ed->rows[i].visual);
		rowvis_free(&ed->vis[i]);
	}
	ed->nrows = 0;
	ed->laid = false;
}

static void
add_row(struct ui_editor *ed, size_t start, size_t end, int cols)
{
	struct ui_editor_row *r;
	const struct para *pa = &ed->paras[ed->nparas - 1];

	if (ed->nrows == ed->caprows) {
		ed->caprows = ed->caprows == 0 ? 64 : ed->caprows * 2;
		ed->rows = xreallocarray(ed->rows, ed->caprows, sizeof *ed->rows);
		ed->vis = xreallocarray(ed->vis, ed->caprows, sizeof *ed->vis);
	}
	ed->vis[ed->nrows] = NULL;
	r = &ed->rows[ed->nrows++];
	r->start = start;
	r->end = end;
	r->para = ed->nparas - 1;
	r->cols = cols;
	r->rtl = pa->rtl;
	r->x = pa->rtl ? ed->width - cols : 0;
	if (r->x >= ed->width)
		r->x = ed->width - 1;
	if (r->x < 0)
		r->x = 0;
	r->para_end = false;
	r->visual = NULL;
}

/* Wraps the last paragraph into rows of at most avail columns: after the
 * last space that fits, else where the row is full (one cluster at least).
 * One space more may hang past avail, unless it ends the paragraph (the
 * cursor after it would have no column). */
static void
wrap(struct ui_editor *ed, int avail)
{
	const struct para *pa = &ed->paras[ed->nparas - 1];
	size_t p = pa->start, q, row = pa->start, brk = 0;
	int used = 0, w, brk_used = 0;
	uint32_t cp;

	while (p < pa->end) {
		q = next_boundary(ed->s, ed->len, p);
		w = cluster_cols(ed, p, q, used);
		if (used + w > avail && p > row) {
			cp = cp_at(ed->s, ed->len, p);
			if (cp == ' ' && q == p + 1 && q < pa->end && used == avail) {
				/* A space may hang in the column kept for the
				 * cursor: the word before it stays on the row. */
				add_row(ed, row, q, used + w);
				p = row = q;
			} else if (brk > row) {
				add_row(ed, row, brk, brk_used);
				p = row = brk;
			} else {
				add_row(ed, row, p, used);
				row = p;
			}
			used = 0;
			brk = 0;
			continue;
		}
		used += w;
		cp = cp_at(ed->s, ed->len, p);
		if (cp == ' ' || cp == '\t' || cp == 0x3000) {
			brk = q;
			brk_used = used;
		}
		p = q;
	}
	add_row(ed, row, pa->end, used);
	ed->rows[ed->nrows - 1].para_end = true;
}

/* Adds the paragraph [start, end) and finds its direction. */
static void
add_para(struct ui_editor *ed, size_t start, size_t end, enum bidi_dir *prev)
{
	struct para *pa;
	struct buf b = BUF_INIT;   /* as src/bidi sees it: controls shown */
	const char *p = ed->s + start, *e = ed->s + end, *at;
	bool has_rtl = false;
	enum bidi_dir dir;
	uint32_t cp;

	if (ed->nparas == ed->capparas) {
		ed->capparas = ed->capparas == 0 ? 16 : ed->capparas * 2;
		ed->paras = xreallocarray(ed->paras, ed->capparas, sizeof *ed->paras);
	}
	pa = &ed->paras[ed->nparas++];
	memset(pa, 0, sizeof *pa);
	pa->start = start;
	pa->end = end;
	while (p < e) {
		at = p;
		utf8_decode(&p, e, &cp);
		if (bidi_control(cp))
			buf_adds(&b, "\xef\xbf\xbd");
		else
			buf_add(&b, at, (size_t)(p - at));
		has_rtl = has_rtl || rtl_range(cp);
	}
	if (end - start > BIDI_MAX_PARA) {
		/* Spec 20: shown left to right, unreordered. */
		pa->plain = true;
		*prev = BIDI_LTR;
		buf_free(&b);
		return;
	}
	/* Spec 3: no strong letter, the way of the paragraph before. */
	dir = bidi_detect(buf_str(&b));
	if (dir == BIDI_AUTO)
		dir = *prev;
	pa->rtl = dir == BIDI_RTL;
	pa->plain = !pa->rtl && !has_rtl;
	*prev = pa->rtl ? BIDI_RTL : BIDI_LTR;
	buf_free(&b);
}

static void
layout_ensure(struct ui_editor *ed, int width)
{
	enum bidi_dir prev = BIDI_LTR;
	size_t start = 0, end;
	const char *nl;

	if (width < 1)
		width = 1;
	if (ed->laid && ed->width == width && ed->laid_changes == ed->changes)
		return;
	layout_clear(ed);
	ed->width = width;
	for (;;) {
		nl = memchr(ed->s + start, '\n', ed->len - start);
		end = nl != NULL ? (size_t)(nl - ed->s) : ed->len;
		add_para(ed, start, end, &prev);
		wrap(ed, width > 1 ? width - 1 : 1);
		if (nl == NULL)
			break;
		start = end + 1;
	}
	ed->laid = true;
	ed->laid_changes = ed->changes;
}

/* The code points of a paragraph and their offsets. */
static void
para_cps(struct ui_editor *ed, struct para *pa)
{
	const char *p, *e, *at;
	uint32_t cp;
	size_t n = 0;

	if (pa->offs != NULL)
		return;
	pa->cps = xreallocarray(NULL, pa->end - pa->start + 1, sizeof *pa->cps);
	pa->offs = xreallocarray(NULL, pa->end - pa->start + 1, sizeof *pa->offs);
	for (p = ed->s + pa->start, e = ed->s + pa->end; p < e; n++) {
		at = p;
		utf8_decode(&p, e, &cp);
		pa->offs[n] = (size_t)(at - ed->s);
		pa->cps[n] = bidi_control(cp) ? PLACEHOLDER : cp;
	}
	pa->offs[n] = pa->end;
	pa->ncp = n;
}

/* The code point index of byte offset off of the paragraph. */
static size_t
cp_index(const struct para *pa, size_t off)
{
	size_t lo = 0, hi = pa->ncp, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pa->offs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Decodes UTF-8 into code points (heap); *n gets their number. */
static uint32_t *
decode_all(const char *s, size_t *n)
{
	const char *p = s, *e = s + strlen(s);
	uint32_t *v = xreallocarray(NULL, (size_t)(e - s) + 1, sizeof *v);

	*n = 0;
	while (p < e)
		utf8_decode(&p, e, &v[(*n)++]);
	return v;
}

/* The probe's markers: mostly pairs of unassigned code points of plane 14
 * (U+E0200..E0FFF), of type BN for FriBidi as for Unicode, which the
 * algorithm passes over (X9) and FriBidi gives the level of the character
 * before them; combining marks (type NSM), which take the type of the
 * character before them (W1) and stay right after it (REORDER_NSM), where
 * rule L1 would move BN. */
#define BN_FIRST 0xe0200u
#define BN_PAIRS 1792
#define NSM_COUNT (112 + 33)

static long
bn_index(uint32_t cp)
{
	return cp >= BN_FIRST && cp < BN_FIRST + 2 * BN_PAIRS ?
	    (long)(cp - BN_FIRST) : -1;
}

/* The NSM markers: U+0300..036F and U+20D0..20F0. */
static uint32_t
nsm_cp(size_t i)
{
	return i < 112 ? 0x300 + (uint32_t)i : 0x20d0 + (uint32_t)(i - 112);
}

static long
nsm_index(uint32_t cp)
{
	if (cp >= 0x300 && cp <= 0x36f)
		return (long)(cp - 0x300);
	if (cp >= 0x20d0 && cp <= 0x20f0)
		return (long)(cp - 0x20d0) + 112;
	return -1;
}

/* Whether whitespace and a tab follow code point j: rule L1 puts that
 * whitespace, and BN with it, at the paragraph's level. */
static bool
before_tab(const struct para *pa, size_t j)
{
	for (j++; j < pa->ncp && ws_or_bn(pa->cps[j]); j++)
		;
	return j < pa->ncp && pa->cps[j] == '\t';
}

/* A code point to find, and how. */
struct probed {
	size_t j;                 /* its index in the paragraph */
	bool nsm;                 /* marked by one NSM, not a pair of BN */
	size_t marker;            /* the pair, or the NSM's index */
	size_t pl;                /* out: its place in the probe's line */
	uint32_t glyph;           /* out: shaped or mirrored */
};

/*
 * One probe: the paragraph with markers after the code points of
 * want[0..nwant) (sorted, all before b), and a line from 0 past b
 * reordered.  A pair of BN markers stays by its code point in the order
 * of its level: "c 1 2" left to right, "2 1 c" right to left, so c is
 * beside marker 1, away from marker 2.  An NSM stays right after it
 * (REORDER_NSM).  Each pl gets the place of the code point in that line's
 * visual order, markers not counted, and glyph its shaped or mirrored
 * form.  False when the probe did not come out as expected.
 */
static bool
probe(const struct para *pa, size_t b, struct probed *want, size_t nwant)
{
	struct buf t = BUF_INIT, t0 = BUF_INIT;
	struct bidi_para *bp, *bp0;
	uint32_t *v, *v0;
	size_t i, k = 0, n, n0, *first, *second, *before, c, end, extra = 0;
	long *pair_of = xreallocarray(NULL, BN_PAIRS, sizeof *pair_of);
	long nsm_of[NSM_COUNT], x;
	char enc[4], *line, *line0;
	bool ok = true;
	int cols;

	for (i = 0; i < BN_PAIRS; i++)
		pair_of[i] = -1;
	for (i = 0; i < NSM_COUNT; i++)
		nsm_of[i] = -1;
	for (i = 0; i < pa->ncp; i++) {
		buf_add(&t, enc, utf8_encode(pa->cps[i], enc));
		buf_add(&t0, enc, utf8_encode(pa->cps[i], enc));
		for (; k < nwant && want[k].j == i; k++) {
			if (want[k].nsm) {
				buf_add(&t, enc, utf8_encode(nsm_cp(want[k].marker),
				    enc));
				nsm_of[want[k].marker] = (long)k;
			} else {
				buf_add(&t, enc, utf8_encode(BN_FIRST +
				    2 * (uint32_t)want[k].marker, enc));
				buf_add(&t, enc, utf8_encode(BN_FIRST +
				    2 * (uint32_t)want[k].marker + 1, enc));
				pair_of[want[k].marker] = (long)k;
			}
		}
	}
	/*
	 * Rule L1 puts BN at the end of a line at the paragraph's level: the
	 * line goes on past the row to a code point that is not whitespace,
	 * or to a letter of the paragraph's direction put at its end (which
	 * changes no level).
	 */
	for (end = b; end < pa->ncp && ws_or_bn(pa->cps[end]); end++)
		;
	if (end < pa->ncp)
		end++;
	else {
		buf_adds(&t, pa->rtl ? "\xd7\x90" : "a");
		buf_adds(&t0, pa->rtl ? "\xd7\x90" : "a");
		extra = 1;
	}
	for (c = 0, k = 0; k < nwant; k++)
		c += want[k].nsm ? 1 : 2;
	bp = bidi_para_new(buf_str(&t), t.len, pa->rtl ? BIDI_RTL : BIDI_LTR, NULL);
	/* From 0: src/bidi reorders a line in place of the paragraph. */
	line = bidi_line(bp, 0, end + c + extra, &cols);
	v = decode_all(line, &n);
	/* The same line unmarked, for the shapes: the markers, not all of
	 * joining type T, would break Arabic joining. */
	bp0 = bidi_para_new(buf_str(&t0), t0.len, pa->rtl ? BIDI_RTL : BIDI_LTR,
	    NULL);
	line0 = bidi_line(bp0, 0, end + extra, &cols);
	v0 = decode_all(line0, &n0);
	first = xreallocarray(NULL, nwant + 1, sizeof *first);
	second = xreallocarray(NULL, nwant + 1, sizeof *second);
	before = xreallocarray(NULL, n + 1, sizeof *before);
	for (k = 0; k < nwant; k++)
		first[k] = second[k] = SIZE_MAX;
	if (n != end + c + extra || n0 != end + extra)
		ok = false;
	/* before[i]: the markers left of place i. */
	for (c = 0, i = 0; ok && i < n; i++) {
		before[i] = c;
		if ((x = bn_index(v[i])) >= 0 && pair_of[x / 2] >= 0) {
			if (x % 2 == 0)
				first[pair_of[x / 2]] = i;
			else
				second[pair_of[x / 2]] = i;
			c++;
		} else if ((x = nsm_index(v[i])) >= 0 && nsm_of[x] >= 0) {
			first[nsm_of[x]] = i;
			c++;
		}
	}
	for (k = 0; ok && k < nwant; k++) {
		if (want[k].nsm)
			i = first[k] - 1;
		else if (first[k] != SIZE_MAX && second[k] != SIZE_MAX &&
		    (first[k] + 1 == second[k] || second[k] + 1 == first[k]))
			i = first[k] < second[k] ? first[k] - 1 : first[k] + 1;
		else
			i = SIZE_MAX;
		/* Where its code point should be, not a marker. */
		if (first[k] == 0 || first[k] == SIZE_MAX || i >= n ||
		    (bn_index(v[i]) >= 0 && pair_of[bn_index(v[i]) / 2] >= 0) ||
		    (nsm_index(v[i]) >= 0 && nsm_of[nsm_index(v[i])] >= 0)) {
			ok = false;
			break;
		}
		want[k].pl = i - before[i];
		want[k].glyph = v0[want[k].pl];
	}
	free(first);
	free(second);
	free(before);
	free(pair_of);
	free(v);
	free(line);
	free(v0);
	free(line0);
	bidi_para_free(&bp);
	bidi_para_free(&bp0);
	buf_free(&t);
	buf_free(&t0);
	return ok;
}

static int
probed_cmp(const void *a, const void *b)
{
	const struct probed *x = a, *y = b;

	return x->pl < y->pl ? -1 : x->pl > y->pl;
}

/* Puts code point j, drawn as glyph, in the next place not taken. */
static bool
rowvis_put(struct rowvis *rv, const bool *taken, size_t *s, size_t j,
    uint32_t glyph)
{
	while (*s < rv->n && taken[*s])
		(*s)++;
	if (*s >= rv->n)
		return false;
	rv->v[*s] = glyph;
	rv->from[(*s)++] = j;
	return true;
}

/* One row to put in visual order. */
struct job {
	size_t a, b;              /* its code points in the paragraph */
	const bool *starts;       /* foreign: which begin a cluster (from a) */
	struct rowvis *rv;        /* foreign: where the order goes */
	bool *fixed;              /* owned: at the paragraph's level */
	bool *follower;           /* owned: after the first of its cluster */
	size_t first, nwant;      /* its code points in the probes' list */
	bool ok;
};

/*
 * The visual order of some rows [a, b) of a paragraph, in order (see the
 * comment at the top).  A line from 0 is reordered rather than [a, b):
 * src/bidi's bidi_line writes out of its buffer for a line that does not
 * start at 0.  With the paragraph's levels, a row's code points keep in a
 * longer line the order they have on their own (rule L2 flips two of them
 * by the lowest level between them), so one probe serves several rows and
 * it is enough to find each one's place there.  Tabs, and whitespace
 * before a tab or at a row's end, are at the paragraph's level (rule L1),
 * the lowest, which nothing crosses: their places follow from that.  The
 * zero-width code points of a cluster follow its first one.  A job whose
 * numbers do not add up is left with ok false.
 */
static void
reorder_rows(const struct para *pa, struct job *jobs, size_t njobs)
{
	size_t i, j, k, c, s, t, nwant = 0, npairs = 0, nnsm = 0, p, q, last, n;
	size_t nsms[NSM_COUNT];
	bool taken_nsm[NSM_COUNT], *taken, ok;
	size_t *pairs = xreallocarray(NULL, BN_PAIRS, sizeof *pairs);
	bool *taken_pair = xcalloc(BN_PAIRS, sizeof *taken_pair);
	struct probed *want;
	struct job *jb;
	long x;

	for (n = 0, i = 0; i < njobs; i++)
		n += jobs[i].b - jobs[i].a;
	want = xreallocarray(NULL, n + 1, sizeof *want);
	for (i = 0; i < njobs; i++) {
		jb = &jobs[i];
		jb->fixed = xcalloc(jb->b - jb->a + 1, sizeof *jb->fixed);
		jb->follower = xcalloc(jb->b - jb->a + 1, sizeof *jb->follower);
		jb->first = nwant;
		jb->ok = true;
		for (t = jb->b; t > jb->a && (ws_or_bn(pa->cps[t - 1]) ||
		    pa->cps[t - 1] == '\t'); t--)
			;
		for (j = jb->a; j < jb->b; j++) {
			if (j > jb->a && !jb->starts[j - jb->a] &&
			    extender(pa->cps[j])) {
				jb->follower[j - jb->a] = true;
				/* The marks of a tab go with it. */
				jb->fixed[j - jb->a] = jb->fixed[j - jb->a - 1];
			} else if (j >= t || pa->cps[j] == '\t' ||
			    (ws_or_bn(pa->cps[j]) && before_tab(pa, j))) {
				jb->fixed[j - jb->a] = true;
			} else {
				want[nwant].j = j;
				/* Before whitespace and a tab, L1 would take
				 * a pair along. */
				want[nwant++].nsm = before_tab(pa, j);
			}
		}
		jb->nwant = nwant - jb->first;
	}
	/* No markers that the paragraph holds itself. */
	memset(taken_nsm, 0, sizeof taken_nsm);
	for (i = 0; i < pa->ncp; i++) {
		if ((x = bn_index(pa->cps[i])) >= 0)
			taken_pair[x / 2] = true;
		if ((x = nsm_index(pa->cps[i])) >= 0)
			taken_nsm[x] = true;
	}
	for (i = 0; i < BN_PAIRS; i++)
		if (!taken_pair[i])
			pairs[npairs++] = i;
	for (i = 0; i < NSM_COUNT; i++)
		if (!taken_nsm[i])
			nsms[nnsm++] = i;
	/* As many probes as the markers need; a row that a failed probe
	 * touched fails. */
	for (i = 0, k = 0; i < nwant; i += c) {
		for (c = 0, p = 0, q = 0; i + c < nwant; c++) {
			if (want[i + c].nsm && q < nnsm)
				want[i + c].marker = nsms[q++];
			else if (!want[i + c].nsm && p < npairs)
				want[i + c].marker = pairs[p++];
			else
				break;
		}
		while (k + 1 < njobs && jobs[k].first + jobs[k].nwant <= i)
			k++;
		for (last = k; last + 1 < njobs && jobs[last + 1].first < i + c;)
			last++;
		ok = c > 0 && probe(pa, jobs[last].b, want + i, c);
		for (j = k; j <= last; j++)
			jobs[j].ok = jobs[j].ok && ok;
		if (c == 0)
			break;
	}
	for (i = 0; i < njobs; i++) {
		jb = &jobs[i];
		n = jb->b - jb->a;
		taken = xcalloc(n + 1, sizeof *taken);
		/* The paragraph's level, the lowest: nothing moves across. */
		for (j = jb->a; jb->ok && j < jb->b; j++) {
			if (!jb->fixed[j - jb->a])
				continue;
			k = pa->rtl ? jb->b - 1 - j : j - jb->a;
			jb->rv->v[k] = pa->cps[j];
			jb->rv->from[k] = j;
			taken[k] = true;
		}
		qsort(want + jb->first, jb->nwant, sizeof *want, probed_cmp);
		for (s = 0, k = jb->first; jb->ok && k < jb->first + jb->nwant; k++) {
			if (k > jb->first && want[k].pl == want[k - 1].pl)
				jb->ok = false;
			jb->ok = jb->ok && rowvis_put(jb->rv, taken, &s, want[k].j,
			    want[k].glyph);
			for (j = want[k].j + 1; jb->ok && j < jb->b &&
			    jb->follower[j - jb->a] && !jb->fixed[j - jb->a]; j++)
				jb->ok = rowvis_put(jb->rv, taken, &s, j, pa->cps[j]);
		}
		while (jb->ok && s < n && taken[s])
			s++;
		jb->ok = jb->ok && s == n;
		free(taken);
		free(jb->fixed);
		free(jb->follower);
	}
	free(want);
	free(pairs);
	free(taken_pair);
}

/* The visual order of rows [first, end) (of one paragraph), each done
 * once and kept until the text or the width changes. */
static void
rows_visual(struct ui_editor *ed, size_t first, size_t end)
{
	struct para *pa = &ed->paras[ed->rows[first].para];
	struct job *jobs = xreallocarray(NULL, end - first + 1, sizeof *jobs);
	bool **starts = xcalloc(end - first + 1, sizeof *starts);
	size_t r, i, p, q, a, b, njobs = 0, k;
	struct rowvis *rv;
	int col;

	para_cps(ed, pa);
	for (r = first; r < end; r++) {
		if (ed->vis[r] != NULL)
			continue;
		a = cp_index(pa, ed->rows[r].start);
		b = cp_index(pa, ed->rows[r].end);
		rv = ed->vis[r] = xcalloc(1, sizeof *rv);
		rv->n = b - a;
		rv->v = xreallocarray(NULL, rv->n + 1, sizeof *rv->v);
		rv->from = xreallocarray(NULL, rv->n + 1, sizeof *rv->from);
		rv->w = xreallocarray(NULL, rv->n + 1, sizeof *rv->w);
		rv->tabs = xcalloc(rv->n + 1, sizeof *rv->tabs);
		starts[r - first] = xcalloc(rv->n + 1, sizeof **starts);
		/* Widths in logical order: a tab reaches the next stop from
		 * the paragraph's start edge. */
		for (col = 0, p = ed->rows[r].start; p < ed->rows[r].end; p = q) {
			q = next_boundary(ed->s, ed->len, p);
			i = cp_index(pa, p) - a;
			starts[r - first][i] = true;
			if (ed->s[p] == '\t')
				rv->tabs[i] = TAB_STOP - col % TAB_STOP;
			col += cluster_cols(ed, p, q, col);
		}
		if (!pa->plain && rv->n > 0) {
			jobs[njobs].a = a;
			jobs[njobs].b = b;
			jobs[njobs].starts = starts[r - first];
			jobs[njobs].rv = rv;
			njobs++;
		} else {
			for (i = 0; i < rv->n; i++) {
				rv->v[i] = pa->cps[a + i];
				rv->from[i] = a + i;
			}
		}
	}
	if (njobs > 0)
		reorder_rows(pa, jobs, njobs);
	for (k = 0; k < njobs; k++) {
		if (jobs[k].ok)
			continue;
		/* Unreordered: right to left, cluster by cluster. */
		rv = jobs[k].rv;
		for (i = 0; i < rv->n; i = q) {
			for (q = i + 1; q < rv->n && !jobs[k].starts[q]; q++)
				;
			for (p = 0; p < q - i; p++) {
				r = pa->rtl ? rv->n - q + p : i + p;
				rv->v[r] = pa->cps[jobs[k].a + i + p];
				rv->from[r] = jobs[k].a + i + p;
			}
		}
	}
	for (r = first; r < end; r++) {
		if (starts[r - first] == NULL)
			continue;
		rv = ed->vis[r];
		for (i = 0; i < rv->n; i++)
			rv->w[i] = rv->v[i] == '\t' ? rv->tabs[rv->from[i] -
			    cp_index(pa, ed->rows[r].start)] : cp_cols(rv->v[i]);
		free(starts[r - first]);
	}
	free(starts);
	free(jobs);
}

/* Row r in visual order (borrowed). */
static const struct rowvis *
row_visual(struct ui_editor *ed, size_t r)
{
	if (ed->vis[r] == NULL)
		rows_visual(ed, r, r + 1);
	return ed->vis[r];
}

/* The cursor places of a row: each cluster's start and screen column. */
struct rowpos {
	size_t *pos;
	int *x;
	int *w;
	size_t n;
	int end_x;                /* the end edge (a paragraph's last row) */
};

static void
rowpos_free(struct rowpos *rp)
{
	free(rp->pos);
	free(rp->x);
	free(rp->w);
	memset(rp, 0, sizeof *rp);
}

static void
row_positions(struct ui_editor *ed, size_t r, struct rowpos *rp)
{
	const struct ui_editor_row *row = &ed->rows[r];
	struct para *pa = &ed->paras[row->para];
	const struct rowvis *rv;
	size_t a, p, q, k, n = 0, i, *place;
	int col = 0, *px;

	for (p = row->start; p < row->end; p = next_boundary(ed->s, ed->len, p))
		n++;
	rp->pos = xreallocarray(NULL, n + 1, sizeof *rp->pos);
	rp->x = xreallocarray(NULL, n + 1, sizeof *rp->x);
	rp->w = xreallocarray(NULL, n + 1, sizeof *rp->w);
	rp->n = n;
	for (k = 0, p = row->start; p < row->end; p = q, k++) {
		q = next_boundary(ed->s, ed->len, p);
		rp->pos[k] = p;
		rp->w[k] = cluster_cols(ed, p, q, col);
		rp->x[k] = row->x + col;
		col += rp->w[k];
	}
	rp->end_x = row->rtl ? ed->width - row->cols - 1 : row->cols;
	if (!pa->plain && n > 0) {
		/* A cluster is drawn where its first code point is. */
		rv = row_visual(ed, r);
		a = cp_index(pa, row->start);
		place = xreallocarray(NULL, rv->n + 1, sizeof *place);
		px = xreallocarray(NULL, rv->n + 1, sizeof *px);
		for (px[0] = 0, i = 0; i < rv->n; i++) {
			px[i + 1] = px[i] + rv->w[i];
			place[rv->from[i] - a] = i;
		}
		for (k = 0; k < n; k++)
			rp->x[k] = row->x + px[place[cp_index(pa, rp->pos[k]) - a]];
		free(place);
		free(px);
	}
	for (k = 0; k < n; k++) {
		if (rp->x[k] >= ed->width)
			rp->x[k] = ed->width - 1;
		if (rp->x[k] < 0)
			rp->x[k] = 0;
	}
	if (rp->end_x >= ed->width)
		rp->end_x = ed->width - 1;
	if (rp->end_x < 0)
		rp->end_x = 0;
}

/* The row of byte offset pos. */
static size_t
row_of(const struct ui_editor *ed, size_t pos)
{
	size_t lo = 0, hi = ed->nrows, mid;

	/* The last row starting at or before pos. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (ed->rows[mid].start <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The cursor's screen column in its row r. */
static int
cursor_x(struct ui_editor *ed, size_t r)
{
	struct rowpos rp;
	size_t k;
	int x;

	row_positions(ed, r, &rp);
	x = rp.end_x;
	for (k = 0; k < rp.n; k++)
		if (rp.pos[k] == ed->cursor)
			x = rp.x[k];
	rowpos_free(&rp);
	return x;
}

/* The place in row r nearest to screen column x: the cluster drawn on it,
 * else the nearest start (or the end edge of a paragraph's last row). */
static size_t
place_at(struct ui_editor *ed, size_t r, int x)
{
	struct rowpos rp;
	size_t k, best;
	int d, bestd;

	row_positions(ed, r, &rp);
	best = ed->rows[r].end;
	bestd = ed->rows[r].para_end || rp.n == 0 ? abs(rp.end_x - x) : -1;
	for (k = 0; k < rp.n; k++) {
		if (rp.w[k] > 0 && x >= rp.x[k] && x < rp.x[k] + rp.w[k]) {
			best = rp.pos[k];
			break;
		}
		d = abs(rp.x[k] - x);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = rp.pos[k];
		}
	}
	rowpos_free(&rp);
	return best;
}

/* --- the public functions ------------------------------------------------ */

struct ui_editor *
ui_editor_new(const char *text)
{
	struct ui_editor *ed = xcalloc(1, sizeof *ed);

	ed->s = xstrdup("");
	ed->cap = 1;
	ui_editor_set_text(ed, text);
	ed->changes = 0;
	return ed;
}

void
ui_editor_free(struct ui_editor **edp)
{
	struct ui_editor *ed = *edp;

	if (ed == NULL)
		return;
	*edp = NULL;
	layout_clear(ed);
	free(ed->paras);
	free(ed->rows);
	free(ed->vis);
	steps_clear(&ed->undo);
	steps_clear(&ed->redo);
	free(ed->s);
	free(ed);
}

const char *
ui_editor_text(const struct ui_editor *ed)
{
	return ed->s;
}

size_t
ui_editor_len(const struct ui_editor *ed)
{
	return ed->len;
}

void
ui_editor_set_text(struct ui_editor *ed, const char *text)
{
	size_t n;
	char *norm = normalise(text != NULL ? text : "", text != NULL ?
	    strlen(text) : 0, &n);

	free(ed->s);
	ed->s = norm;
	ed->len = n;
	ed->cap = n + 1;
	ed->cursor = 0;
	ed->changes++;
	ed->open = false;
	ed->goal_set = false;
	ed->top = 0;
	steps_clear(&ed->undo);
	steps_clear(&ed->redo);
}

uint64_t
ui_editor_changes(const struct ui_editor *ed)
{
	return ed->changes;
}

size_t
ui_editor_cursor(const struct ui_editor *ed)
{
	return ed->cursor;
}

void
ui_editor_set_cursor(struct ui_editor *ed, size_t off)
{
	move_to(ed, off);
	ed->goal_set = false;
}

static bool
newline(struct ui_editor *ed)
{
	return edit(ed, STEP_NEWLINE, ed->cursor, 0, "\n", 1, ed->cursor + 1);
}

bool
ui_editor_type(struct ui_editor *ed, uint32_t ch)
{
	char enc[4];
	size_t n;

	if (ch == '\n' || ch == '\r' || ch == 0x85 || ch == 0x2028 || ch == 0x2029)
		return newline(ed);
	if (ch != '\t' && (ch < 0x20 || (ch >= 0x7f && ch < 0xa0)))
		return false;
	if ((n = utf8_encode(ch, enc)) == 0)
		return false;
	return edit(ed, STEP_TYPE, ed->cursor, 0, enc, n, ed->cursor + n);
}

bool
ui_editor_paste(struct ui_editor *ed, const char *s, size_t len)
{
	size_t n;
	char *norm = normalise(s, len, &n);
	bool done = edit(ed, STEP_OTHER, ed->cursor, 0, norm, n, ed->cursor + n);

	free(norm);
	return done;
}

bool
ui_editor_undo(struct ui_editor *ed)
{
	struct step s;

	if (ed->undo.n == 0)
		return false;
	s = ed->undo.v[--ed->undo.n];
	text_replace(ed, s.pos, s.nins, s.del, s.ndel);
	ed->cursor = s.before;
	steps_push(&ed->redo, s);
	ed->open = false;
	ed->goal_set = false;
	return true;
}

bool
ui_editor_redo(struct ui_editor *ed)
{
	struct step s;

	if (ed->redo.n == 0)
		return false;
	s = ed->redo.v[--ed->redo.n];
	text_replace(ed, s.pos, s.ndel, s.ins, s.nins);
	ed->cursor = s.after;
	steps_push(&ed->undo, s);
	ed->open = false;
	ed->goal_set = false;
	return true;
}

static bool
backspace(struct ui_editor *ed)
{
	size_t p;

	if (ed->cursor == 0)
		return false;
	p = prev_boundary(ed->s, ed->len, ed->cursor);
	return edit(ed, STEP_BACKSPACE, p, ed->cursor - p, NULL, 0, p);
}

static bool
delete_forward(struct ui_editor *ed)
{
	size_t q;

	if (ed->cursor >= ed->len)
		return false;
	q = next_boundary(ed->s, ed->len, ed->cursor);
	return edit(ed, STEP_DELETE, ed->cursor, q - ed->cursor, NULL, 0,
	    ed->cursor);
}

/* C-k: to the end of the paragraph, or its "\n" when already there. */
static bool
kill_line(struct ui_editor *ed)
{
	const char *nl = memchr(ed->s + ed->cursor, '\n', ed->len - ed->cursor);
	size_t end = nl != NULL ? (size_t)(nl - ed->s) : ed->len;

	if (end == ed->cursor)
		end = nl != NULL ? end + 1 : end;
	return edit(ed, STEP_OTHER, ed->cursor, end - ed->cursor, NULL, 0,
	    ed->cursor);
}

/* C-w: the spaces before the cursor and the word before them (as
 * readline's unix-word-rubout); at a paragraph's start, its "\n". */
static bool
kill_word(struct ui_editor *ed)
{
	size_t p = ed->cursor, q;
	uint32_t cp;

	while (p > 0) {
		q = prev_boundary(ed->s, ed->len, p);
		cp = cp_at(ed->s, ed->len, q);
		if (cp != ' ' && cp != '\t')
			break;
		p = q;
	}
	if (p > 0 && ed->s[p - 1] == '\n') {
		if (p == ed->cursor)
			p--;
	} else {
		while (p > 0) {
			q = prev_boundary(ed->s, ed->len, p);
			cp = cp_at(ed->s, ed->len, q);
			if (cp == ' ' || cp == '\t' || cp == '\n')
				break;
			p = q;
		}
	}
	return edit(ed, STEP_OTHER, p, ed->cursor - p, NULL, 0, p);
}

static size_t
word_forward(const struct ui_editor *ed, size_t p)
{
	while (p < ed->len && !word_char(cp_at(ed->s, ed->len, p)))
		p = next_boundary(ed->s, ed->len, p);
	while (p < ed->len && word_char(cp_at(ed->s, ed->len, p)))
		p = next_boundary(ed->s, ed->len, p);
	return p;
}

static size_t
word_backward(const struct ui_editor *ed, size_t p)
{
	size_t q;

	while (p > 0 && !word_char(cp_at(ed->s, ed->len,
	    q = prev_boundary(ed->s, ed->len, p))))
		p = q;
	while (p > 0 && word_char(cp_at(ed->s, ed->len,
	    q = prev_boundary(ed->s, ed->len, p))))
		p = q;
	return p;
}

/* Up, Down and the pages: delta screen rows at the goal column; past the
 * first or last row, the start or end of the text. */
static bool
move_rows(struct ui_editor *ed, int width, long delta, int rows, bool page)
{
	size_t r, t, p;
	long last;

	layout_ensure(ed, width);
	r = row_of(ed, ed->cursor);
	if (!ed->goal_set) {
		ed->goal = cursor_x(ed, r);
		ed->goal_set = true;
	}
	last = (long)ed->nrows - 1;
	t = (size_t)((long)r + delta < 0 ? 0 : (long)r + delta > last ? last :
	    (long)r + delta);
	if (page) {
		long top = (long)ed->top + delta, max = (long)ed->nrows - rows;

		if (top > max)
			top = max;
		ed->top = top < 0 ? 0 : (size_t)top;
	}
	if (t == r)
		p = delta < 0 ? 0 : ed->len;
	else
		p = place_at(ed, t, ed->goal);
	return move_to(ed, p);
}

bool
ui_editor_key(struct ui_editor *ed, enum ui_ekey key, uint32_t ch, int width,
    int rows)
{
	bool rtl, vertical = key == UI_EK_UP || key == UI_EK_DOWN ||
	    key == UI_EK_PGUP || key == UI_EK_PGDN;
	long page = rows > 2 ? rows - 1 : 1;
	const struct ui_editor_row *row;

	if (width < 1)
		width = 1;
	if (rows < 1)
		rows = 1;
	if (!vertical)
		ed->goal_set = false;
	rtl = false;
	if (key == UI_EK_LEFT || key == UI_EK_RIGHT || key == UI_EK_WORD_LEFT ||
	    key == UI_EK_WORD_RIGHT || key == UI_EK_HOME || key == UI_EK_END) {
		layout_ensure(ed, width);
		row = &ed->rows[row_of(ed, ed->cursor)];
		rtl = row->rtl;
		if (key == UI_EK_HOME)
			return move_to(ed, row->start);
		if (key == UI_EK_END)
			return move_to(ed, row->para_end || row->end == row->start ?
			    row->end : prev_boundary(ed->s, ed->len, row->end));
	}
	switch (key) {
	case UI_EK_TEXT:
		return ui_editor_type(ed, ch);
	case UI_EK_LEFT:
		return move_to(ed, rtl ? next_boundary(ed->s, ed->len, ed->cursor) :
		    prev_boundary(ed->s, ed->len, ed->cursor));
	case UI_EK_RIGHT:
		return move_to(ed, rtl ? prev_boundary(ed->s, ed->len, ed->cursor) :
		    next_boundary(ed->s, ed->len, ed->cursor));
	case UI_EK_FORWARD:
		return move_to(ed, next_boundary(ed->s, ed->len, ed->cursor));
	case UI_EK_BACKWARD:
		return move_to(ed, prev_boundary(ed->s, ed->len, ed->cursor));
	case UI_EK_WORD_LEFT:
		return move_to(ed, rtl ? word_forward(ed, ed->cursor) :
		    word_backward(ed, ed->cursor));
	case UI_EK_WORD_RIGHT:
		return move_to(ed, rtl ? word_backward(ed, ed->cursor) :
		    word_forward(ed, ed->cursor));
	case UI_EK_UP:
		return move_rows(ed, width, -1, rows, false);
	case UI_EK_DOWN:
		return move_rows(ed, width, 1, rows, false);
	case UI_EK_PGUP:
		return move_rows(ed, width, -page, rows, true);
	case UI_EK_PGDN:
		return move_rows(ed, width, page, rows, true);
	case UI_EK_TOP:
		return move_to(ed, 0);
	case UI_EK_BOTTOM:
		return move_to(ed, ed->len);
	case UI_EK_BACKSPACE:
		return backspace(ed);
	case UI_EK_DELETE:
		return delete_forward(ed);
	case UI_EK_ENTER:
		return newline(ed);
	case UI_EK_KILL_LINE:
		return kill_line(ed);
	case UI_EK_KILL_WORD:
		return kill_word(ed);
	case UI_EK_UNDO:
		return ui_editor_undo(ed);
	case UI_EK_REDO:
		return ui_editor_redo(ed);
	case UI_EK_HOME:
	case UI_EK_END:
		break;
	}
	return false;
}

/* The row as UTF-8 to draw: tabs as spaces. */
static char *
row_string(struct ui_editor *ed, size_t r)
{
	const struct rowvis *rv = row_visual(ed, r);
	struct buf b = BUF_INIT;
	char enc[4];
	size_t i;
	int k;

	for (i = 0; i < rv->n; i++) {
		if (rv->v[i] == '\t')
			for (k = 0; k < rv->w[i]; k++)
				buf_addc(&b, ' ');
		else
			buf_add(&b, enc, utf8_encode(rv->v[i], enc));
	}
	return buf_detach(&b);
}

const struct ui_editor_view *
ui_editor_layout(struct ui_editor *ed, int width, int rows)
{
	size_t r, i, j, n;

	if (rows < 1)
		rows = 1;
	layout_ensure(ed, width);
	n = (size_t)rows;
	r = row_of(ed, ed->cursor);
	if (ed->top + n > ed->nrows)
		ed->top = ed->nrows > n ? ed->nrows - n : 0;
	if (r < ed->top)
		ed->top = r;
	if (r >= ed->top + n)
		ed->top = r - n + 1;
	/* The window's rows of a paragraph are put in order together. */
	for (i = ed->top; i < ed->top + n && i < ed->nrows; i = j) {
		for (j = i + 1; j < ed->top + n && j < ed->nrows &&
		    ed->rows[j].para == ed->rows[i].para; j++)
			;
		rows_visual(ed, i, j);
	}
	for (i = 0; i < ed->nrows; i++) {
		if (i >= ed->top && i < ed->top + n) {
			if (ed->rows[i].visual == NULL)
				ed->rows[i].visual = row_string(ed, i);
		} else if (ed->rows[i].visual != NULL) {
			free(ed->rows[i].visual);
			ed->rows[i].visual = NULL;
		}
	}
	ed->view.rows = ed->rows;
	ed->view.nrows = ed->nrows;
	ed->view.top = ed->top;
	ed->view.cursor_row = r;
	ed->view.cursor_x = cursor_x(ed, r);
	ed->view.width = ed->width;
	return &ed->view;
}
