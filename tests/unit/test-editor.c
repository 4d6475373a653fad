/* test-editor.c - unit tests of ui/editor.c: typing in every script, clusters, paste, undo, wrapping, goal columns, right-to-left rows checked against FriBidi's own map, scrolling, and 10,000 random edits. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "tap.h"
#include "ui/editor.h"
#include "util/util.h"

#define W 20

/* Hebrew, Arabic and others, spelled out once. */
#define SHIN "\xd7\xa9"
#define LAMED "\xd7\x9c"
#define VAV "\xd7\x95"
#define MEM_SOFIT "\xd7\x9d"
#define ALEF "\xd7\x90"
#define QAMATS "\xd6\xb8"
#define SHALOM SHIN LAMED VAV MEM_SOFIT
#define OLAM "\xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d"
#define MLO "\xd7\x9d\xd7\x9c\xd7\x95\xd7\xa2"   /* OLAM reversed */
#define SALAM "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"
#define ACUTE "\xcc\x81"
#define GRIN "\xf0\x9f\x98\x80"
#define WOMAN "\xf0\x9f\x91\xa9"
#define GIRL "\xf0\x9f\x91\xa7"
#define ZWJ "\xe2\x80\x8d"
#define FLAG_IL "\xf0\x9f\x87\xae\xf0\x9f\x87\xb1"
#define FLAG_FR "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
#define RLO "\xe2\x80\xae"
#define FFFD "\xef\xbf\xbd"

static void
type_str(struct ui_editor *ed, const char *s)
{
	const char *p = s, *end = s + strlen(s);
	uint32_t cp;

	while (p < end) {
		utf8_decode(&p, end, &cp);
		ui_editor_type(ed, cp);
	}
}

static bool
key(struct ui_editor *ed, enum ui_ekey k)
{
	return ui_editor_key(ed, k, 0, W, 5);
}

static uint32_t
cp_at(const char *s, size_t len, size_t pos)
{
	const char *p = s + pos;
	uint32_t cp = 0;

	if (pos < len)
		utf8_decode(&p, s + len, &cp);
	return cp;
}

static size_t
start_before(const char *s, size_t pos)
{
	do
		pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80);
	return pos;
}

static bool
mark(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x5b0 && cp <= 0x5bc) ||
	    (cp >= 0x64b && cp <= 0x652) || cp == 0xfe0f || cp == 0x200d ||
	    (cp >= 0x1f3fb && cp <= 0x1f3ff);
}

/*
 * The test's own idea of where a cursor may stand: on a code point, not
 * before a mark (unless at a paragraph's start), not between a ZWJ and
 * the emoji it joins, not inside a flag's pair of regional indicators.
 */
static bool
cursor_ok(const char *s, size_t len, size_t cur, const char **why)
{
	uint32_t cp, prev;
	size_t n, q;

	*why = "";
	if (cur > len) {
		*why = "beyond the text";
		return false;
	}
	if (cur == 0 || cur == len)
		return true;
	if (((unsigned char)s[cur] & 0xc0) == 0x80) {
		*why = "inside a code point";
		return false;
	}
	cp = cp_at(s, len, cur);
	prev = cp_at(s, len, start_before(s, cur));
	if (mark(cp) && prev != '\n') {
		*why = "before a mark";
		return false;
	}
	if (prev == 0x200d && cp >= 0x1f300) {
		*why = "after a ZWJ";
		return false;
	}
	if (cp >= 0x1f1e6 && cp <= 0x1f1ff) {
		for (n = 0, q = cur; q > 0; n++) {
			q = start_before(s, q);
			if (!(cp_at(s, len, q) >= 0x1f1e6 && cp_at(s, len, q) <= 0x1f1ff))
				break;
		}
		if (n % 2 == 1) {
			*why = "inside a flag";
			return false;
		}
	}
	return true;
}

/* The next place after pos where cursor_ok allows the cursor. */
static size_t
next_ok(const char *s, size_t len, size_t pos)
{
	const char *why;

	do
		pos++;
	while (pos < len && !cursor_ok(s, len, pos, &why));
	return pos;
}

static void
test_typing(void)
{
	struct ui_editor *ed = ui_editor_new(NULL);
	const char *all = "Hello " SHALOM " " SALAM " " GRIN " e" ACUTE " " SHIN QAMATS LAMED;
	uint64_t before;
	size_t len;

	type_str(ed, all);
	tap_is_str(ui_editor_text(ed), all, "typed Latin, Hebrew, Arabic, emoji and marks read back as typed");
	tap_is_int((intmax_t)ui_editor_cursor(ed), (intmax_t)strlen(all), "the cursor is after the typed text");
	len = ui_editor_len(ed);
	key(ed, UI_EK_BACKSPACE);
	tap_is_int((intmax_t)ui_editor_len(ed), (intmax_t)len - 2, "Backspace deletes one letter (lamed, 2 bytes)");
	key(ed, UI_EK_BACKSPACE);
	tap_is_str(ui_editor_text(ed), "Hello " SHALOM " " SALAM " " GRIN " e" ACUTE " ",
	    "Backspace deletes a letter with its point (shin + qamats) at once");
	key(ed, UI_EK_BACKWARD);
	key(ed, UI_EK_BACKWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), (intmax_t)strlen("Hello " SHALOM " " SALAM " " GRIN " "),
	    "moving back steps over e + combining acute as one");
	key(ed, UI_EK_DELETE);
	tap_is_str(ui_editor_text(ed), "Hello " SHALOM " " SALAM " " GRIN "  ",
	    "Delete removes the base and its mark together");
	before = ui_editor_changes(ed);
	ui_editor_type(ed, 'x');
	tap_ok(ui_editor_changes(ed) == before + 1, "each keystroke is a change the pane can save");
	key(ed, UI_EK_LEFT);
	tap_ok(ui_editor_changes(ed) == before + 1, "a cursor move is no change of the text");
	tap_ok(!ui_editor_type(ed, 0x1b) && !ui_editor_type(ed, 0xd800) && !ui_editor_type(ed, 0x9b),
	    "escape, a surrogate and a C1 control are not typed");
	ui_editor_free(&ed);
	tap_ok(ed == NULL, "ui_editor_free clears the pointer");

	ed = ui_editor_new(WOMAN ZWJ WOMAN ZWJ GIRL FLAG_IL FLAG_FR);
	key(ed, UI_EK_BOTTOM);
	key(ed, UI_EK_BACKWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 18 + 8, "a flag's two regional indicators are one step");
	key(ed, UI_EK_BACKWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 18, "so is the next flag");
	key(ed, UI_EK_BACKWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 0, "a ZWJ family is one step");
	ui_editor_set_cursor(ed, 5);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 18, "a cursor set inside a cluster moves to its end");
	ui_editor_free(&ed);

	/* Spec 13: a bidi override stays, addressable, shown as a placeholder. */
	ed = ui_editor_new(NULL);
	ui_editor_paste(ed, "a" RLO "b", 5);
	key(ed, UI_EK_TOP);
	key(ed, UI_EK_FORWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 1, "the cursor stops before a pasted RLO");
	key(ed, UI_EK_FORWARD);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 4, "and after it");
	tap_is_str(ui_editor_layout(ed, W, 5)->rows[0].visual, "a" FFFD "b",
	    "the RLO is drawn as a one-column placeholder, not obeyed");
	ui_editor_free(&ed);
}

static void
test_paste(void)
{
	struct ui_editor *ed = ui_editor_new("<>");
	static const char in[] = "a\r\nb\rc\x01" "d\x7f\te\xff" "f\xc2\x85g\xe2\x80\xa8h\x1b[0m";

	ui_editor_set_cursor(ed, 1);
	tap_ok(ui_editor_paste(ed, in, sizeof in - 1), "a paste inserts");
	tap_is_str(ui_editor_text(ed), "<a\nb\nc" "d\te" FFFD "f\ng\nh[0m>",
	    "CRLF and CR become LF, NEL and U+2028 too, controls are dropped, tabs kept, bad bytes U+FFFD");
	tap_is_int((intmax_t)ui_editor_cursor(ed), (intmax_t)strlen(ui_editor_text(ed)) - 1,
	    "the cursor ends after the pasted text");
	ui_editor_undo(ed);
	tap_is_str(ui_editor_text(ed), "<>", "a paste is one undo step");
	tap_is_int((intmax_t)ui_editor_cursor(ed), 1, "undo puts the cursor back where the paste began");
	tap_ok(!ui_editor_paste(ed, "\x01\x02", 2), "a paste of controls only changes nothing");
	ui_editor_set_text(ed, "x\r\ny\xc0");
	tap_is_str(ui_editor_text(ed), "x\ny" FFFD, "set_text normalises the same way");
	tap_ok(!ui_editor_undo(ed), "set_text forgets the undo history");
	ui_editor_free(&ed);
}

static void
expect(struct ui_editor *ed, const char *text, size_t cursor, const char *what)
{
	bool ok = strcmp(ui_editor_text(ed), text) == 0 && ui_editor_cursor(ed) == cursor;

	tap_ok(ok, "%s", what);
	if (!ok)
		tap_diag("got \"%s\" cursor %zu, want \"%s\" cursor %zu",
		    ui_editor_text(ed), ui_editor_cursor(ed), text, cursor);
}

static void
test_undo(void)
{
	struct ui_editor *ed = ui_editor_new(NULL);
	int i, n;

	type_str(ed, "abc d");
	ui_editor_undo(ed);
	expect(ed, "", 0, "a typing run is one undo step");
	ui_editor_redo(ed);
	expect(ed, "abc d", 5, "redo brings it back with the cursor after it");

	ui_editor_set_text(ed, "");
	type_str(ed, "abc");
	key(ed, UI_EK_LEFT);
	type_str(ed, "X");
	expect(ed, "abXc", 3, "typing after a move");
	ui_editor_undo(ed);
	expect(ed, "abc", 2, "a cursor move ends the run: undo takes back X only");
	ui_editor_undo(ed);
	expect(ed, "", 0, "then the first run");
	tap_ok(!ui_editor_undo(ed), "nothing more to undo");
	ui_editor_redo(ed);
	expect(ed, "abc", 3, "redo the first run");
	ui_editor_redo(ed);
	expect(ed, "abXc", 3, "redo the second");
	tap_ok(!ui_editor_redo(ed), "nothing more to redo");

	ui_editor_set_text(ed, "");
	type_str(ed, "ab");
	key(ed, UI_EK_ENTER);
	type_str(ed, SHALOM);
	ui_editor_undo(ed);
	expect(ed, "ab\n", 3, "a newline ends the run");
	ui_editor_undo(ed);
	expect(ed, "ab", 2, "the newline is a step of its own");
	ui_editor_undo(ed);
	expect(ed, "", 0, "and the run before it");

	ui_editor_set_text(ed, "hello world");
	key(ed, UI_EK_BOTTOM);
	for (i = 0; i < 5; i++)
		key(ed, UI_EK_BACKSPACE);
	expect(ed, "hello ", 6, "five Backspaces");
	ui_editor_undo(ed);
	expect(ed, "hello world", 11, "a run of Backspaces is one step, the cursor back at its end");
	key(ed, UI_EK_TOP);
	for (i = 0; i < 3; i++)
		key(ed, UI_EK_DELETE);
	key(ed, UI_EK_BACKSPACE);
	expect(ed, "lo world", 0, "Deletes, then a Backspace at the start does nothing");
	type_str(ed, "X");
	key(ed, UI_EK_BACKSPACE);
	ui_editor_undo(ed);
	expect(ed, "Xlo world", 1, "typing then Backspace: two kinds, two steps");
	ui_editor_undo(ed);
	expect(ed, "lo world", 0, "the typing undone");
	ui_editor_undo(ed);
	expect(ed, "hello world", 0, "the Deletes were one step");

	ui_editor_set_text(ed, "one two  three\nnext");
	ui_editor_set_cursor(ed, 14);
	key(ed, UI_EK_KILL_WORD);
	expect(ed, "one two  \nnext", 9, "C-w deletes the word before the cursor");
	key(ed, UI_EK_KILL_WORD);
	expect(ed, "one \nnext", 4, "then the spaces and the word before them");
	ui_editor_set_cursor(ed, 1);
	key(ed, UI_EK_KILL_LINE);
	expect(ed, "o\nnext", 1, "C-k kills to the end of the paragraph");
	key(ed, UI_EK_KILL_LINE);
	expect(ed, "onext", 1, "C-k at its end joins the next paragraph");
	ui_editor_undo(ed);
	ui_editor_undo(ed);
	ui_editor_undo(ed);
	expect(ed, "one two  \nnext", 9, "each kill is a step");
	ui_editor_undo(ed);
	expect(ed, "one two  three\nnext", 14, "back to the start");
	ui_editor_set_text(ed, "ab");
	key(ed, UI_EK_BOTTOM);
	type_str(ed, "c");
	ui_editor_undo(ed);
	type_str(ed, "d");
	tap_ok(!ui_editor_redo(ed), "a new edit forgets what was undone");
	expect(ed, "abd", 3, "and keeps the new edit");

	/* Clusters come back whole, bytes and cursor exact. */
	ui_editor_set_text(ed, SHIN QAMATS LAMED "\xd7\x95\xd6\xb9" MEM_SOFIT " e" ACUTE);
	ui_editor_set_cursor(ed, 10);
	key(ed, UI_EK_BACKSPACE);
	key(ed, UI_EK_BACKSPACE);
	expect(ed, SHIN QAMATS MEM_SOFIT " e" ACUTE, 4, "two Backspaces take vav with holam, then lamed");
	key(ed, UI_EK_BOTTOM);
	key(ed, UI_EK_BACKSPACE);
	expect(ed, SHIN QAMATS MEM_SOFIT " ", 7, "and e with its acute at once");
	n = (int)ui_editor_changes(ed);
	ui_editor_undo(ed);
	tap_ok((int)ui_editor_changes(ed) == n + 1, "an undo is a change to save too");
	expect(ed, SHIN QAMATS MEM_SOFIT " e" ACUTE, 10, "undo gives e and the acute back");
	ui_editor_undo(ed);
	expect(ed, SHIN QAMATS LAMED "\xd7\x95\xd6\xb9" MEM_SOFIT " e" ACUTE, 10,
	    "and the letters with their points, the cursor where it was");
	ui_editor_redo(ed);
	expect(ed, SHIN QAMATS MEM_SOFIT " e" ACUTE, 4, "redo deletes them again");

	/* The history keeps 1000 steps. */
	ui_editor_set_text(ed, "");
	for (i = 0; i < 1200; i++) {
		ui_editor_type(ed, 'a' + i % 26);
		key(ed, UI_EK_LEFT);
		key(ed, UI_EK_RIGHT);
	}
	for (n = 0; ui_editor_undo(ed); n++)
		;
	tap_is_int(n, 1000, "at most 1000 undo steps are kept");
	tap_is_int((intmax_t)ui_editor_len(ed), 200, "the oldest 200 steps stay done");
	ui_editor_free(&ed);
}

/* Whether the rows of the view cover the text exactly, in order. */
static bool
rows_cover(const struct ui_editor_view *v, const char *text)
{
	size_t i, len = strlen(text);

	if (v->nrows == 0 || v->rows[0].start != 0 || v->rows[v->nrows - 1].end != len)
		return false;
	for (i = 0; i < v->nrows; i++) {
		if (v->rows[i].end < v->rows[i].start ||
		    memchr(text + v->rows[i].start, '\n', v->rows[i].end - v->rows[i].start))
			return false;
		if (i > 0 && v->rows[i].start != v->rows[i - 1].end +
		    (v->rows[i - 1].para_end ? 1 : 0))
			return false;
	}
	return true;
}

static int
str_cols(const char *s, size_t n)
{
	char *c = xstrndup(s, n);
	int w = (int)utf8_width(c);

	free(c);
	return w;
}

static void
test_wrap(void)
{
	static const char para[] = "It was the best of times, it was the worst of times, "
	    "it was the age of wisdom, it was the age of foolishness, it was the epoch "
	    "of belief, it was the epoch of incredulity, it was the season of Light.";
	struct ui_editor *ed = ui_editor_new(para);
	const struct ui_editor_view *v = ui_editor_layout(ed, W, 100);
	struct buf cat = BUF_INIT;
	bool fits = true, greedy = true, spaces = true, drawn = true;
	size_t i, next;

	for (i = 0; i < v->nrows; i++) {
		const struct ui_editor_row *r = &v->rows[i];

		buf_add(&cat, para + r->start, r->end - r->start);
		fits = fits && (r->cols <= W - 1 || (r->cols == W &&
		    para[r->end - 1] == ' ')) && r->cols == str_cols(para + r->start,
		    r->end - r->start);
		drawn = drawn && r->visual != NULL && strlen(r->visual) == r->end - r->start &&
		    memcmp(r->visual, para + r->start, r->end - r->start) == 0;
		if (i + 1 < v->nrows) {
			spaces = spaces && para[r->end - 1] == ' ';
			/* The next word would not have fitted. */
			next = strcspn(para + r->end, " ");
			greedy = greedy && r->cols + (int)next > W - 1;
		}
	}
	tap_ok(v->nrows > 5, "a long paragraph wraps into %zu rows at width %d", v->nrows, W);
	tap_ok(fits, "every row takes at most width - 1 = %d columns, a hanging space aside", W - 1);
	tap_is_str(buf_str(&cat), para, "the rows put together give the paragraph back");
	tap_ok(spaces, "rows break after a space");
	tap_ok(greedy, "each row holds as many words as fit");
	tap_ok(drawn, "a plain left-to-right row is drawn as it is stored");
	tap_ok(!v->rows[0].rtl && v->rows[0].x == 0, "English is left to right, at the left edge");
	buf_free(&cat);

	ui_editor_set_text(ed, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xad\xe6\x96\x87"
	    "\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6");
	v = ui_editor_layout(ed, W, 100);
	tap_ok(v->nrows == 2 && v->rows[0].cols == 18 && v->rows[0].end == 27 &&
	    v->rows[1].cols == 6, "12 CJK characters at width 20: 9 (18 columns) then 3 (%zu rows, %d columns)",
	    v->nrows, v->rows[0].cols);
	ui_editor_set_text(ed, "a " "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" " b");
	v = ui_editor_layout(ed, W, 100);
	tap_ok(v->nrows == 4 && v->rows[0].end == 2 && v->rows[1].cols == 19 &&
	    v->rows[2].cols == 19, "a word longer than a row is cut where the row is full");
	tap_ok(rows_cover(v, ui_editor_text(ed)), "and nothing is lost");
	ui_editor_set_text(ed, "a\tbc\td");
	v = ui_editor_layout(ed, W, 100);
	tap_is_str(v->rows[0].visual, "a       bc      d", "tabs expand to the next multiple of 8");
	tap_is_int(v->rows[0].cols, 17, "and count so");
	ui_editor_set_text(ed, "\n\nx\n");
	v = ui_editor_layout(ed, W, 100);
	tap_ok(v->nrows == 4 && rows_cover(v, ui_editor_text(ed)), "empty paragraphs have a row each");
	ui_editor_free(&ed);
}

static void
test_vertical(void)
{
	struct ui_editor *ed = ui_editor_new("0123456789012345\nab\n0123456789012345\n"
	    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xad\xe6\x96\x87");
	const struct ui_editor_view *v;

	ui_editor_set_cursor(ed, 10);
	key(ed, UI_EK_DOWN);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 19, "Down onto a short line: its end");
	key(ed, UI_EK_DOWN);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 30, "Down again: back at the goal column 10");
	key(ed, UI_EK_DOWN);
	v = ui_editor_layout(ed, W, 5);
	tap_ok(ui_editor_cursor(ed) == 37 + 15 && v->cursor_x == 10,
	    "Down onto wide characters: the one drawn on column 10 (%zu, x %d)",
	    ui_editor_cursor(ed), v->cursor_x);
	key(ed, UI_EK_UP);
	key(ed, UI_EK_UP);
	key(ed, UI_EK_UP);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 10, "Up three times: the goal column kept");
	key(ed, UI_EK_UP);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 0, "Up on the first row goes to the start");

	/* Rows of one wrapped paragraph. */
	ui_editor_set_text(ed, "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj");
	ui_editor_set_cursor(ed, 7);
	key(ed, UI_EK_DOWN);
	v = ui_editor_layout(ed, W, 5);
	tap_ok(v->cursor_row == 1 && ui_editor_cursor(ed) == 20 + 7,
	    "Down in a wrapped paragraph: the next screen row, same column (%zu)", ui_editor_cursor(ed));
	key(ed, UI_EK_HOME);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 20, "Home: the start of the screen row");
	key(ed, UI_EK_END);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 39, "End: on the row's last character (its space)");
	key(ed, UI_EK_BOTTOM);
	key(ed, UI_EK_HOME);
	key(ed, UI_EK_END);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 49, "End on a paragraph's last row: its end");
	key(ed, UI_EK_WORD_LEFT);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 45, "word left: the start of the word");
	key(ed, UI_EK_WORD_LEFT);
	key(ed, UI_EK_WORD_RIGHT);
	tap_is_int((intmax_t)ui_editor_cursor(ed), 44, "word right: the end of the word");
	ui_editor_free(&ed);
}

static bool
row_dirs(const struct ui_editor_view *v, const char *want)
{
	size_t i;

	if (v->nrows != strlen(want))
		return false;
	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].rtl != (want[i] == 'R') || v->rows[i].x != (!v->rows[i].rtl ? 0 :
		    v->rows[i].cols == 0 ? W - 1 : W - v->rows[i].cols))
			return false;
	return true;
}

static void
test_rtl(void)
{
	struct ui_editor *ed = ui_editor_new(SHALOM " " OLAM "\n\n-----\nhello\n\n" SHALOM "\n12\nabc");
	const struct ui_editor_view *v = ui_editor_layout(ed, W, 10);

	tap_ok(row_dirs(v, "RRRLLRRL"), "directions: RTL, empty after RTL is RTL, neutral after it RTL, "
	    "LTR, empty after LTR is LTR, RTL, digits after RTL are RTL, LTR; RTL rows right-aligned");
	tap_is_str(v->rows[0].visual, MLO " " MEM_SOFIT VAV LAMED SHIN, "an RTL row is drawn in visual order");
	ui_editor_free(&ed);

	/* Spec 10. */
	ed = ui_editor_new(NULL);
	type_str(ed, SHALOM);
	tap_is_str(ui_editor_text(ed), SHALOM, "typing shin, lamed, vav, final mem stores them in logical order");
	v = ui_editor_layout(ed, W, 5);
	tap_is_str(v->rows[0].visual, MEM_SOFIT VAV LAMED SHIN, "and draws them reversed");
	tap_ok(v->rows[0].x == W - 4 && v->cursor_x == W - 5,
	    "right-aligned (x %d), the cursor left of the final mem (x %d)", v->rows[0].x, v->cursor_x);
	key(ed, UI_EK_TOP);
	v = ui_editor_layout(ed, W, 5);
	tap_is_int(v->cursor_x, W - 1, "at the start, the cursor is on the shin, the rightmost cell");
	tap_ok(key(ed, UI_EK_LEFT) && ui_editor_cursor(ed) == 2, "Left goes forward in an RTL paragraph");
	tap_is_int(ui_editor_layout(ed, W, 5)->cursor_x, W - 2, "which is one cell to the left");
	tap_ok(key(ed, UI_EK_RIGHT) && ui_editor_cursor(ed) == 0, "Right goes back");
	tap_ok(!key(ed, UI_EK_RIGHT), "and stops at the start");
	ui_editor_free(&ed);

	/* Spec 11: "abc שלום def" shows as "abc םולש def". */
	ed = ui_editor_new("abc " SHALOM " def");
	{
		static const struct { size_t at; int x; const char *what; } cases[] = {
			{ 3, 3, "on the space after abc: column 3" },
			{ 4, 7, "on the shin (logical 4): column 7" },
			{ 10, 4, "on the final mem (logical 7): column 4" },
			{ 12, 8, "on the space after it: column 8" },
			{ 16, 12, "at the end: after def" },
		};
		size_t k;

		for (k = 0; k < TT_ARRAY_LEN(cases); k++) {
			ui_editor_set_cursor(ed, cases[k].at);
			tap_is_int(ui_editor_layout(ed, W, 5)->cursor_x, cases[k].x, "%s", cases[k].what);
		}
		ui_editor_set_cursor(ed, 3);
		key(ed, UI_EK_RIGHT);
		tap_is_int((intmax_t)ui_editor_cursor(ed), 4,
		    "Right in an LTR paragraph is logical: from logical 3 to logical 4");
	}
	tap_is_str(ui_editor_layout(ed, W, 5)->rows[0].visual, "abc " MEM_SOFIT VAV LAMED SHIN " def",
	    "the mixed row in visual order");
	ui_editor_free(&ed);

	/* Spec 6. */
	ed = ui_editor_new("(" ALEF ")");
	tap_is_str(ui_editor_layout(ed, W, 5)->rows[0].visual, "(" ALEF ")", "brackets in RTL are mirrored");
	ui_editor_set_text(ed, SALAM);
	v = ui_editor_layout(ed, W, 5);
	tap_ok(strcmp(v->rows[0].visual, "\xef\xbb\xa1\xef\xba\x8e\xef\xbb\xa0\xef\xba\xb3") == 0 &&
	    v->rows[0].cols == 4, "Arabic is shaped into presentation forms, 4 columns");
	ui_editor_set_text(ed, SHALOM " 3.14 " OLAM);
	ui_editor_set_cursor(ed, 10);
	v = ui_editor_layout(ed, W, 5);
	tap_is_str(v->rows[0].visual, MLO " 3.14 " MEM_SOFIT VAV LAMED SHIN, "a number keeps its order inside RTL");
	tap_is_int(v->cursor_x, W - 14 + 6, "the cursor on the number's point is drawn on it");
	ui_editor_free(&ed);
}

/* --- RTL rows and the cursor on them against FriBidi itself ----------------- */

static int
cols_of(uint32_t cp)
{
	int w = utf8_cp_width(cp);

	return w < 0 ? 1 : w;
}

/*
 * Row [a, b) of a paragraph as FriBidi lays it out, with the calls
 * src/bidi makes: its visual string (tabs as spaces as wide as in logical
 * order) and in xs[j - a] the column of each code point j.
 */
static char *
reference_row(const uint32_t *cps, size_t n, bool rtl, size_t a, size_t b, int *xs)
{
	FriBidiCharType *t = xcalloc(n + 1, sizeof *t);
	FriBidiBracketType *br = xcalloc(n + 1, sizeof *br);
	FriBidiLevel *lv = xcalloc(n + 1, sizeof *lv);
	FriBidiArabicProp *joins = xcalloc(n + 1, sizeof *joins);
	FriBidiStrIndex *map = xcalloc(n + 1, sizeof *map);
	FriBidiChar *shaped = xcalloc(n + 1, sizeof *shaped);
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	int *w = xcalloc(n + 1, sizeof *w), x = 0, col = 0, k;
	struct buf out = BUF_INIT;
	char enc[4];
	size_t i, j;

	memcpy(shaped, cps, n * sizeof *shaped);
	fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, t);
	fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, t, br);
	for (i = 0; i < n; i++)
		map[i] = (FriBidiStrIndex)i;
	if (fribidi_get_par_embedding_levels_ex(t, br, (FriBidiStrIndex)n, &base, lv) == 0)
		tap_diag("FriBidi failed");
	fribidi_get_joining_types(cps, (FriBidiStrIndex)n, joins);
	fribidi_join_arabic(t, (FriBidiStrIndex)n, lv, joins);
	fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_SHAPE_ARAB_PRES, lv,
	    (FriBidiStrIndex)n, joins, shaped);
	if (b > a && fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, t, (FriBidiStrIndex)(b - a),
	    (FriBidiStrIndex)a, base, lv, NULL, map) == 0)
		tap_diag("FriBidi failed");
	for (j = a; j < b; j++) {
		w[j] = cps[j] == '\t' ? 8 - col % 8 : cols_of(cps[j]);
		col += w[j];
	}
	for (i = a; i < b; i++) {
		j = (size_t)map[i];
		xs[j - a] = x;
		x += w[j];
		if (cps[j] == '\t')
			for (k = 0; k < w[j]; k++)
				buf_addc(&out, ' ');
		else
			buf_add(&out, enc, utf8_encode(shaped[j], enc));
	}
	free(t);
	free(br);
	free(lv);
	free(joins);
	free(map);
	free(shaped);
	free(w);
	return buf_detach(&out);
}

/* The number of code points in the first n bytes of s. */
static size_t
cp_count(const char *s, size_t n)
{
	const char *p = s;
	uint32_t cp;
	size_t k = 0;

	while (p < s + n) {
		utf8_decode(&p, s + n, &cp);
		k++;
	}
	return k;
}

static uint32_t rng_state = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

static void
test_rtl_reference(void)
{
	static const char *const words[] = {
		"abc", "Hello", SHALOM, OLAM, SHIN QAMATS LAMED "\xd7\x95\xd6\xb9" MEM_SOFIT,
		SALAM, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "123", "3.14", "1,000",
		"050-1234", "\xd9\xa1\xd9\xa2\xd9\xa3", "(", ")", "[", "]", "<", ">", "-",
		"+", "%", "$", "!", "?", ".", ",", ":", "/", "\xe4\xb8\xad\xe6\x96\x87", GRIN,
		"\"", "#", "x+y", "e" ACUTE, "10%", "(" SHALOM ")", "[abc]",
		"\xd8\xb3\xd9\x8e\xd9\x84\xd8\xa7\xd9\x85", "  ", SHALOM ",", "abc.",
		"(1)", "-5", "\xd9\xa1\xd9\xac\xd9\xa2", "1.5%", "a/b", ":", "{" SALAM "}",
		"\xe2\x80\x9c" SHALOM "\xe2\x80\x9d", "x" QAMATS, "\xd9\x85\xd9\x90", "1 2",
		"\t", "a\tb", SHALOM "\t", "\xd9\x84\xd8\xa7",
	};
	static const int widths[] = { 80, 12, 20, 7, 33 };
	struct buf b = BUF_INIT;
	int round, k, bad = 0, total = 0, wrong_dir = 0, bad_rows = 0, rows = 0, width, want;
	int **xs;
	const struct ui_editor_view *v;
	const struct ui_editor_row *row;
	struct ui_editor *ed;
	uint32_t *cps;
	size_t n, a, e, j, last, r;
	const char *p, *end, *text;
	char *ref;
	FriBidiCharType *t;
	FriBidiParType dir;

	for (round = 0; round < 600; round++) {
		buf_reset(&b);
		for (k = 0, n = 1 + rnd(12); k < (int)n; k++) {
			buf_adds(&b, words[rnd(TT_ARRAY_LEN(words))]);
			if (rnd(3) > 0)
				buf_addc(&b, ' ');
		}
		width = widths[round % TT_ARRAY_LEN(widths)];
		ed = ui_editor_new(buf_str(&b));
		text = ui_editor_text(ed);
		cps = xcalloc(strlen(text) + 1, sizeof *cps);
		for (n = 0, p = text, end = text + strlen(text); p < end;)
			utf8_decode(&p, end, &cps[n++]);
		t = xcalloc(n + 1, sizeof *t);
		fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, t);
		dir = fribidi_get_par_direction(t, (FriBidiStrIndex)n);
		free(t);
		/* Every row drawn as FriBidi would. */
		v = ui_editor_layout(ed, width, 100);
		xs = xcalloc(v->nrows, sizeof *xs);
		for (r = 0; r < v->nrows; r++) {
			row = &v->rows[r];
			a = cp_count(text, row->start);
			e = cp_count(text, row->end);
			xs[r] = xcalloc(e - a + 1, sizeof **xs);
			ref = reference_row(cps, n, row->rtl, a, e, xs[r]);
			rows++;
			if (row->rtl != (dir == FRIBIDI_PAR_RTL))
				wrong_dir++;
			want = row->rtl ? width - row->cols : 0;
			if (row->visual == NULL || strcmp(row->visual, ref) != 0 ||
			    row->x != (want < 0 ? 0 : want >= width ? width - 1 : want)) {
				if (bad_rows++ < 5)
					tap_diag("\"%s\" at width %d, row %zu: \"%s\" at %d, FriBidi: \"%s\"",
					    text, width, r, row->visual, row->x, ref);
			}
			free(ref);
		}
		/* The cursor at every place. */
		last = SIZE_MAX;
		do {
			v = ui_editor_layout(ed, width, 100);
			row = &v->rows[v->cursor_row];
			a = cp_count(text, row->start);
			e = cp_count(text, row->end);
			j = cp_count(text, ui_editor_cursor(ed));
			if (j == e)
				want = row->rtl ? width - row->cols - 1 : row->cols;
			else
				want = row->x + xs[v->cursor_row][j - a];
			/* The screen has no column further out. */
			want = want < 0 ? 0 : want >= width ? width - 1 : want;
			total++;
			if (v->cursor_x != want) {
				if (bad++ < 5)
					tap_diag("\"%s\" at width %d, byte %zu: x %d, FriBidi says %d",
					    text, width, ui_editor_cursor(ed), v->cursor_x, want);
			}
			last = ui_editor_cursor(ed);
			key(ed, UI_EK_FORWARD);
		} while (ui_editor_cursor(ed) != last);
		for (r = 0; r < v->nrows; r++)
			free(xs[r]);
		free(xs);
		free(cps);
		ui_editor_free(&ed);
	}
	buf_free(&b);
	tap_ok(wrong_dir == 0, "paragraph directions agree with FriBidi's P2 (%d wrong)", wrong_dir);
	tap_ok(bad_rows == 0, "random mixed rows (wrapped too) are drawn as FriBidi orders, mirrors and "
	    "shapes them (%d of %d differ)", bad_rows, rows);
	tap_ok(bad == 0, "and the cursor column is where FriBidi puts its character (%d of %d differ)",
	    bad, total);
}

static void
test_scroll(void)
{
	struct buf b = BUF_INIT;
	struct ui_editor *ed;
	const struct ui_editor_view *v;
	bool visible = true;
	int i;

	for (i = 0; i < 100; i++)
		buf_addf(&b, "line %d%s", i + 1, i < 99 ? "\n" : "");
	ed = ui_editor_new(buf_str(&b));
	v = ui_editor_layout(ed, W, 5);
	tap_ok(v->top == 0 && v->cursor_row == 0 && v->rows[0].visual != NULL &&
	    v->rows[5].visual == NULL, "at the start the window shows rows 0-4, only they are drawn");
	key(ed, UI_EK_BOTTOM);
	v = ui_editor_layout(ed, W, 5);
	tap_ok(v->cursor_row == 99 && v->top == 95, "at the end of 100 lines with 5 rows: row 99 in the window from 95 (top %zu)",
	    v->top);
	tap_is_str(v->rows[99].visual, "line 100", "the last row is drawn");
	tap_is_int(v->cursor_x, 8, "the cursor after its text");
	key(ed, UI_EK_TOP);
	for (i = 0; i < 30; i++) {
		ui_editor_key(ed, UI_EK_PGDN, 0, W, 5);
		v = ui_editor_layout(ed, W, 5);
		visible = visible && v->cursor_row >= v->top && v->cursor_row < v->top + 5;
	}
	tap_ok(visible && v->cursor_row == 99, "Page Down keeps the cursor in the window down to the end");
	ui_editor_key(ed, UI_EK_PGUP, 0, W, 5);
	v = ui_editor_layout(ed, W, 5);
	tap_ok(v->cursor_row == 95 && v->top <= 95, "Page Up moves 4 rows (row %zu)", v->cursor_row);
	ui_editor_free(&ed);
	buf_free(&b);
}

/* 10,000 random operations over mixed text: the invariants hold after each. */
static void
test_random(void)
{
	static const uint32_t chars[] = {
		'a', 'b', ' ', ' ', '1', '.', '(', ')', '\t', 0x5e9, 0x5dc, 0x5dd, 0x5b8,
		0x633, 0x644, 0x627, 0x645, 0x64e, 0x301, 0x1f600, 0x200d, 0x1f469,
		0x4e2d, 0x6587, 0x1f1ee, 0x1f1f1, 0x200f, 0xfe0f, 0x1f3fd,
	};
	static const char *const pastes[] = {
		"x\r\ny", SHALOM " " SALAM, "\xff\xfe", "\x01\x02z", WOMAN ZWJ GIRL,
		"e" ACUTE ACUTE, FLAG_IL, "\n\n", "\t" QAMATS,
	};
	struct ui_editor *ed = ui_editor_new("Hello " SHALOM " " SALAM "\n" GRIN " e" ACUTE "\n" FLAG_FR);
	const struct ui_editor_view *v;
	int op, bad_utf8 = -1, bad_cursor = -1, bad_layout = -1, width;
	const char *why = "", *text, *paste;
	size_t len, i, cur;
	char *saved;

	rng_state = 4242;
	for (op = 0; op < 10000; op++) {
		switch (rnd(24)) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			ui_editor_type(ed, chars[rnd(TT_ARRAY_LEN(chars))]);
			break;
		case 6:
			paste = pastes[rnd(TT_ARRAY_LEN(pastes))];
			ui_editor_paste(ed, paste, strlen(paste));
			break;
		case 7: case 8:
			key(ed, UI_EK_BACKSPACE);
			break;
		case 9:
			key(ed, UI_EK_DELETE);
			break;
		case 10:
			key(ed, rnd(2) ? UI_EK_KILL_WORD : UI_EK_KILL_LINE);
			break;
		case 11:
			key(ed, UI_EK_ENTER);
			break;
		case 12:
			key(ed, UI_EK_UNDO);
			break;
		case 13:
			key(ed, UI_EK_REDO);
			break;
		case 14:
			ui_editor_set_cursor(ed, rnd((uint32_t)ui_editor_len(ed) + 2));
			break;
		default:
			ui_editor_key(ed, (enum ui_ekey)(UI_EK_LEFT + rnd(UI_EK_BOTTOM)), 0,
			    5 + (int)rnd(30), 1 + (int)rnd(6));
			break;
		}
		text = ui_editor_text(ed);
		len = ui_editor_len(ed);
		cur = ui_editor_cursor(ed);
		if (bad_utf8 < 0 && (strlen(text) != len || !utf8_valid(text, len)))
			bad_utf8 = op;
		if (bad_cursor < 0 && !cursor_ok(text, len, cur, &why)) {
			bad_cursor = op;
			tap_diag("op %d: cursor %zu %s: U+%04X | U+%04X", op, cur, why,
			    cur > 0 ? (unsigned)cp_at(text, len, start_before(text, cur)) : 0,
			    (unsigned)cp_at(text, len, cur));
		}
		if (op % 20 == 0) {
			width = 3 + (int)rnd(40);
			v = ui_editor_layout(ed, width, 4);
			if (bad_layout < 0 && (!rows_cover(v, text) || v->cursor_x < 0 ||
			    v->cursor_x >= width || v->cursor_row < v->top ||
			    v->cursor_row >= v->top + 4))
				bad_layout = op;
			/* At most width - 1 columns, but for a hanging space or
			 * one cluster alone; drawn as wide as counted. */
			for (i = 0; bad_layout < 0 && i < v->nrows; i++) {
				const struct ui_editor_row *r = &v->rows[i];

				if (r->cols > width - 1 && !(r->cols == width &&
				    text[r->end - 1] == ' ') &&
				    next_ok(text, len, r->start) < r->end)
					bad_layout = op;
				if (r->visual != NULL && (!utf8_valid(r->visual,
				    strlen(r->visual)) || (int)utf8_width(r->visual) != r->cols))
					bad_layout = op;
			}
			if (bad_layout == op)
				tap_diag("op %d: width %d, cover %d, cursor %zu,%d, top %zu", op, width,
				    rows_cover(v, text), v->cursor_row, v->cursor_x, v->top);
		}
	}
	tap_ok(bad_utf8 < 0, "10,000 random edits: always valid UTF-8 (first bad op %d)", bad_utf8);
	tap_ok(bad_cursor < 0, "the cursor always on a cluster boundary within the text (first bad op %d)",
	    bad_cursor);
	tap_ok(bad_layout < 0, "the layout always covers the text, fits, draws rows as wide as it counts "
	    "and shows the cursor (first bad op %d)", bad_layout);
	tap_ok(ui_editor_len(ed) > 100, "the text grew to %zu bytes", ui_editor_len(ed));

	/* An edit last, so that redoing everything ends where the cursor is. */
	ui_editor_type(ed, 'Z');
	saved = xstrdup(ui_editor_text(ed));
	cur = ui_editor_cursor(ed);
	for (op = 0; op < 60 && ui_editor_undo(ed); op++)
		;
	while (ui_editor_redo(ed))
		;
	tap_ok(strcmp(ui_editor_text(ed), saved) == 0 && ui_editor_cursor(ed) == cur,
	    "%d undos then as many redos give the same text and cursor", op);
	free(saved);
	ui_editor_free(&ed);
}

int
main(void)
{
	/* wcwidth needs a UTF-8 locale, as the interface has. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	test_typing();
	test_paste();
	test_undo();
	test_wrap();
	test_vertical();
	test_rtl();
	test_rtl_reference();
	test_scroll();
	test_random();
	return tap_done();
}
