/* bidi.h - the one public header of src/bidi: right-to-left text laid out for the screen with GNU FriBidi (spec/bidi.md). */
#ifndef TETHER_BIDI_H
#define TETHER_BIDI_H

/*
 * Files of this library and their jobs:
 *   bidi.c  paragraphs resolved with FriBidi (brackets, mirroring, Arabic
 *           presentation forms without ligatures), lines reordered to
 *           visual order, fields cropped at their end edge
 *
 * Text is stored and sent in logical order; this layer is used only when
 * painting.  Each field (an index column, a header value, a pager
 * paragraph) is resolved on its own, never a whole screen row.  Widths are
 * wcwidth()'s, as ncursesw measures them.
 */

#include "util/util.h"

enum bidi_dir { BIDI_AUTO, BIDI_LTR, BIDI_RTL };

/* The direction of a text by its first strong character (rule P2), or
 * BIDI_AUTO when it has none (numbers, punctuation). */
enum bidi_dir bidi_detect(const char *utf8);

/* One paragraph (no newline), resolved. */
struct bidi_para;

/*
 * Resolves a paragraph of UTF-8 text (invalid bytes become U+FFFD; bidi
 * controls are dropped: the layout is done here).  BIDI_AUTO finds the
 * direction from the first strong character (P2/P3); detect_from (may be
 * NULL) is the part to detect it from instead (a subject without "Re: ").
 */
struct bidi_para *bidi_para_new(const char *utf8, size_t len,
    enum bidi_dir dir, const char *detect_from);
void bidi_para_free(struct bidi_para **p);
/* Whether the paragraph resolved right-to-left. */
bool bidi_para_rtl(const struct bidi_para *p);
/* Its length in code points, and the display width of [off, off+n). */
size_t bidi_para_len(const struct bidi_para *p);
int bidi_para_width(const struct bidi_para *p, size_t off, size_t n);
/*
 * Where a line starting at code point off ends when it may take width
 * columns: after the last space that fits, else as many as fit (at least
 * one code point).
 */
size_t bidi_para_break(const struct bidi_para *p, size_t off, int width);
/* Code points [off, off+n) of the paragraph in visual order, as UTF-8
 * (heap), mirrored and shaped; *cols gets its width. */
char *bidi_line(const struct bidi_para *p, size_t off, size_t n, int *cols);

/*
 * A whole field in width columns: visual order, cropped at the
 * paragraph's end edge with a one-column ellipsis (the right edge for LTR,
 * the left for RTL), and with pad, filled to width (an RTL field
 * right-aligned).  Heap.
 */
char *bidi_field(const char *utf8, int width, bool pad, enum bidi_dir dir,
    const char *detect_from);

#endif
