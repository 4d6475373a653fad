/* ui-internal.h - what the files of ui/ share: screen text helpers. */
#ifndef TETHER_UI_INTERNAL_H
#define TETHER_UI_INTERNAL_H

#include <sys/types.h>

#include "bidi/bidi.h"
#include "ui/ui.h"

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

#endif
