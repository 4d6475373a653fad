/* editor.h - the body editor of the compose pane: UTF-8 text in logical order, a cursor, undo, and a right-to-left aware layout that the caller draws (no curses here). */
#ifndef TETHER_UI_EDITOR_H
#define TETHER_UI_EDITOR_H

/*
 * The model (spec/bidi.md 10-13):
 *   - The text is UTF-8 in logical order, paragraphs separated by "\n".
 *     It is always valid UTF-8 and holds no control character but "\n"
 *     and "\t".  A tab stays a tab, as typed or pasted; it is drawn to the
 *     next multiple of 8 columns from the paragraph's start edge.
 *   - The cursor is a byte offset on a cluster boundary: a character is
 *     never split from the zero-width marks, joiners, variation selectors
 *     and emoji modifiers that follow it, nor an emoji from what a ZWJ
 *     joins to it, nor a flag's two regional indicators.  (Only "\n" takes
 *     no mark.)  Spacing marks (Indic) and Hangul jamo are clusters of
 *     their own.
 *   - Bidi controls (LRM, RLM, ALM, LRE..RLO, LRI..PDI) are kept in the
 *     text and drawn as a one-column placeholder (U+FFFD), so that every
 *     position stays reachable (spec 13).
 *   - Left and Right are logical, swapped inside right-to-left paragraphs
 *     (spec 11, bidi_cursor_movement=logical); Up and Down keep a visual
 *     goal column; Home and End go to the logical start and end of the
 *     screen row.  The visual movement mode is not implemented.
 *   - Every change of the text bumps a counter (ui_editor_changes) that
 *     the compose pane compares to save the draft after each keystroke.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui_editor;

/* The keys the editor knows; the caller translates curses KEY_* and
 * control characters into these. */
enum ui_ekey {
	UI_EK_TEXT,         /* a typed character, given as ch ("\n" = Enter) */
	UI_EK_LEFT,         /* back a cluster; forward in an RTL paragraph */
	UI_EK_RIGHT,        /* forward a cluster; back in an RTL paragraph */
	UI_EK_FORWARD,      /* forward a cluster, always logical (C-f) */
	UI_EK_BACKWARD,     /* back a cluster, always logical (C-b) */
	UI_EK_WORD_LEFT,    /* to the start of the word before; swapped in RTL */
	UI_EK_WORD_RIGHT,   /* to the end of the word after; swapped in RTL */
	UI_EK_UP,           /* the screen row above, at the goal column (on
	                     * the first row: the start of the text) */
	UI_EK_DOWN,         /* the screen row below, at the goal column (on
	                     * the last row: the end of the text) */
	UI_EK_HOME,         /* the logical start of the screen row */
	UI_EK_END,          /* the logical end of the screen row (its last
	                     * character when the paragraph goes on) */
	UI_EK_PGUP,         /* rows - 1 screen rows up (the view too) */
	UI_EK_PGDN,         /* rows - 1 screen rows down (the view too) */
	UI_EK_TOP,          /* the start of the text */
	UI_EK_BOTTOM,       /* the end of the text */
	UI_EK_BACKSPACE,    /* deletes the cluster before the cursor */
	UI_EK_DELETE,       /* deletes the cluster at the cursor */
	UI_EK_ENTER,        /* a new paragraph */
	UI_EK_KILL_LINE,    /* to the paragraph's end, or its "\n" there (C-k) */
	UI_EK_KILL_WORD,    /* the word before the cursor (C-w) */
	UI_EK_UNDO,
	UI_EK_REDO
};

/* One screen row of the layout.  The strings belong to the editor. */
struct ui_editor_row {
	size_t start, end;  /* bytes [start, end) of the text; never a "\n" */
	size_t para;        /* which paragraph (0 = the first) */
	int cols;           /* display width, tabs expanded */
	int x;              /* the screen column where visual starts: 0, or
	                     * width - cols for a right-to-left row (width - 1
	                     * when it is empty) */
	bool rtl;           /* its paragraph goes right to left */
	bool para_end;      /* the last row of its paragraph */
	char *visual;       /* what to draw at x: visual order, mirrored and
	                     * shaped, tabs as spaces, bidi controls as
	                     * U+FFFD; NULL for a row outside the window.
	                     * Wider than the window only when it is one
	                     * cluster wider than that (a tab, a wide
	                     * character at width 1): the caller cuts it. */
};

/* The layout for one width and window: valid until the next call on the
 * editor (borrowed).  The caller draws rows[top + i].visual at column x
 * of screen row i, for i < rows, and puts the cursor at column cursor_x
 * of screen row cursor_row - top. */
struct ui_editor_view {
	const struct ui_editor_row *rows;
	size_t nrows;
	size_t top;         /* the first row in the window */
	size_t cursor_row;  /* always in [top, top + rows) */
	int cursor_x;       /* the cursor's screen column in its row */
	int width;
};

/* A new editor holding text (may be NULL), normalised as by
 * ui_editor_paste, with the cursor at its start and no undo history. */
struct ui_editor *ui_editor_new(const char *text);
/* Frees the editor and sets *ed to NULL; *ed may be NULL. */
void ui_editor_free(struct ui_editor **ed);
/* The text, NUL-terminated: borrowed, valid until the next change. */
const char *ui_editor_text(const struct ui_editor *ed);
/* Its length in bytes. */
size_t ui_editor_len(const struct ui_editor *ed);
/* Replaces the whole text (normalised), puts the cursor at its start and
 * forgets the undo history; counts as a change. */
void ui_editor_set_text(struct ui_editor *ed, const char *text);
/* A counter bumped by every change of the text (edits, undo, redo,
 * ui_editor_set_text): save the draft when it differs from the last one
 * saved. */
uint64_t ui_editor_changes(const struct ui_editor *ed);
/* The cursor as a byte offset of the text. */
size_t ui_editor_cursor(const struct ui_editor *ed);
/* Moves the cursor to off, clamped to the text and moved forward to the
 * next cluster boundary when it falls inside a cluster. */
void ui_editor_set_cursor(struct ui_editor *ed, size_t off);
/*
 * Inserts one typed character at the cursor.  Consecutive typed characters
 * are one undo step until the cursor moves, another kind of edit happens or
 * a newline is typed.  "\n" and "\r" make a new paragraph, "\t" a tab; other
 * control characters and invalid code points are ignored (false).
 */
bool ui_editor_type(struct ui_editor *ed, uint32_t ch);
/*
 * Inserts pasted text at the cursor as one undo step, normalised: invalid
 * UTF-8 becomes U+FFFD, "\r\n", "\r", NEL, U+2028 and U+2029 become "\n",
 * tabs are kept and the other C0 and C1 controls and DEL are dropped.  The
 * cursor ends after it.  False when nothing was left to insert.
 */
bool ui_editor_paste(struct ui_editor *ed, const char *s, size_t len);
/* Undoes the last step (text and cursor as before it); false when none. */
bool ui_editor_undo(struct ui_editor *ed);
/* Redoes the last undone step; false when none (any edit clears them). */
bool ui_editor_redo(struct ui_editor *ed);
/*
 * Acts on a key (ch: the character of UI_EK_TEXT) for a window of width
 * columns and rows rows (the movements by screen rows need them).  True
 * when the text or the cursor changed.  At most 1000 undo steps are kept.
 */
bool ui_editor_key(struct ui_editor *ed, enum ui_ekey key, uint32_t ch,
    int width, int rows);
/*
 * Lays the text out in width columns and scrolls the window of rows rows
 * so that the cursor's row is in it.  Paragraphs are wrapped logically at
 * spaces (a word longer than a row is cut where the row is full; wide
 * characters count 2 columns), each in at most width - 1 columns: the
 * last column is kept for the cursor at a row's end edge, where only a
 * space that does not end its paragraph may hang.  A paragraph
 * takes the direction of its first strong character (bidi_detect); one
 * without any, an empty one included, takes the previous paragraph's (the
 * first: left to right).  Right-to-left rows are reordered and
 * right-aligned.  The cursor is drawn on the cell of the cluster it is
 * before, or at the row's end edge at the end of a paragraph.  Paragraphs
 * over 64 KiB are shown left to right unreordered (spec 20).  Borrowed.
 */
const struct ui_editor_view *ui_editor_layout(struct ui_editor *ed, int width,
    int rows);

#endif
