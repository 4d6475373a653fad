/* ui-internal.h - what the files of ui/ share: screen text helpers. */
#ifndef TETHER_UI_INTERNAL_H
#define TETHER_UI_INTERNAL_H

#include <sys/types.h>

#include "bidi/bidi.h"
#include "crm/crm.h"
#include "ui/ui.h"

/* Colour pairs the files share (app.c sets them up). */
enum { UI_COLOR_STATUS = 1, UI_COLOR_CURSOR = 5, UI_COLOR_NOTE = 6 };

/* Kinds of pager lines, each drawn in its own colour. */
enum { UI_LINE_BODY, UI_LINE_QUOTE, UI_LINE_HEADER, UI_LINE_RULE,
	UI_LINE_NOTE, UI_LINE_QUOTE2, UI_LINE_QUOTE3 };

struct ui_line {
	char *text;               /* owned, safe to draw */
	int kind;
};

struct ui_lines {
	struct ui_line *v;
	size_t n;
};

/*
 * s made safe for the terminal (controls, escapes and bidi overrides
 * neutralised) and cut to width display columns, with an ellipsis when
 * cut; pad fills it with spaces to width.  Heap.
 */
char *_ui_fit(const char *s, int width, bool pad);
/*
 * A field of the index or a header: made safe, laid out right to left when
 * its text is (bidi.md: each field on its own), cut at its end edge and
 * padded to width.  subject: detect the direction without "Re:" and the
 * like.  With _ui_bidi off, logical order (for terminals that reorder
 * themselves).  Heap.
 */
char *_ui_field(const char *s, int width, bool pad, bool subject);
extern bool _ui_bidi;
/*
 * Appends text as pager lines: each paragraph resolved on its own
 * (neutral ones follow *prev), wrapped logically to width, each line
 * reordered; right-to-left paragraphs right-aligned with their quote
 * markers at the right.
 */
void _ui_lines_add_bidi(struct ui_lines *out, const char *text, int width,
    int kind, enum bidi_dir *prev);
/* Appends text (several lines) wrapped to width columns, made safe. */
void _ui_lines_add(struct ui_lines *out, const char *text, int width, int kind);
void _ui_lines_clear(struct ui_lines *l);
/* A date for a listing: the time today, "Mar 05" this year, else the day. */
void _ui_date(time_t t, time_t now, char *out, size_t size);

/* The sync engine running beside the interface. */
struct ui_child {
	pid_t pid;                /* -1: none */
	int to;                   /* its stdin: wake-ups and "body ID" */
	int from;                 /* its stdout: event lines */
	struct buf buf;           /* what was read and not yet a whole line */
};

/* Starts tether sync ACCOUNT --watch --events with the same paths. */
bool _ui_child_start(struct ui_child *c, const struct paths *paths,
    const char *account, char **cause);
/* Writes a wake-up (line NULL: a bare newline) to the child. */
void _ui_child_wake(struct ui_child *c, const char *line);
/* The next whole event line (heap), or NULL when none is there now; *eof
 * tells that the child has gone. */
char *_ui_child_line(struct ui_child *c, bool *eof);
/* Ends the child (its stdin closed) and reaps it. */
void _ui_child_stop(struct ui_child *c);

/*
 * The account setup: asks (through ask, which returns NULL when the user
 * cancels) for a provider, the address, the user name, the servers when
 * there is no preset, and a password command; tests the account with
 * tether doctor; appends it to config_path (0600) when the user says so.
 * True when an account was saved; *msg gets a sentence either way (or
 * stays NULL when cancelled).
 */
bool _ui_setup(const char *config_path, char *(*ask)(void *arg,
    const char *label), void *arg, int rows, int cols, char **msg);

/* --- the CRM parts (crm.c) -------------------------------------------------- */

/* The side panel: who a thread is with and what it is linked to. */
struct ui_side {
	int64_t thread;           /* 0: none */
	bool loaded;
	struct crm_thread_link link;
};
void _ui_side_load(struct ui_side *s, struct store *st, int64_t thread);
void _ui_side_clear(struct ui_side *s);
/* The panel as lines (for the top of a narrow thread pane too). */
void _ui_side_lines(const struct ui_side *s, int width, struct ui_lines *out);
/* The same in two lines, for the top of a thread without the panel. */
void _ui_side_summary(const struct ui_side *s, int width,
    struct ui_lines *out);
/* Draws the panel in columns [x, x + width) of rows 0..rows, with a rule
 * at x - 1. */
void _ui_side_draw(const struct ui_side *s, int rows, int x, int width,
    bool color);

/* One entry of a chooser: what it names and how it shows. */
struct ui_choice {
	char *type;               /* owned: "deal", "person", "address", … */
	char *id;                 /* owned */
	char *label;              /* owned */
};

/* A list filtered as one types (the item picker, CRM lists, …). */
struct ui_chooser {
	char *title;              /* owned */
	const char *empty;        /* shown when nothing matches (static) */
	struct ui_choice *all;
	size_t nall;
	size_t *shown;            /* indexes into all that match the filter */
	size_t nshown;
	struct buf filter;
	size_t cursor, top;
	int purpose;              /* the caller's: what choosing does */
	enum crm_kind kind;       /* for CRM lists */
};
enum ui_chooser_result { UI_GOING_ON, UI_CHOSEN, UI_CANCELLED, UI_NEXT_KIND };
void _ui_chooser_add(struct ui_chooser *c, const char *type, const char *id,
    const char *label);
/* Applies the filter anew (after adding entries too). */
void _ui_chooser_refilter(struct ui_chooser *c);
const struct ui_choice *_ui_chooser_current(const struct ui_chooser *c);
void _ui_chooser_draw(struct ui_chooser *c, int rows, int cols, bool color);
/* A key: printable ones edit the filter, arrows move, Enter chooses,
 * Escape cancels, Tab asks for the next kind.  is_code: a curses KEY_*. */
enum ui_chooser_result _ui_chooser_key(struct ui_chooser *c, int key,
    bool is_code, int rows);
void _ui_chooser_clear(struct ui_chooser *c);

/* An item's view: its fields and its threads (LINK-20/21). */
struct ui_item {
	enum crm_kind kind;
	char *id;                 /* owned */
	bool loaded;
	struct crm_item item;
	struct store_thread *threads;
	size_t nthreads;
	int64_t total;
	size_t cursor, top;
};
bool _ui_item_load(struct ui_item *v, struct store *st, enum crm_kind kind,
    const char *id, char **cause);
void _ui_item_draw(struct ui_item *v, int rows, int cols, bool color);
void _ui_item_clear(struct ui_item *v);

#endif
