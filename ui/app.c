/* app.c - the full-screen interface: the index of threads, the thread pager, the folder list, search, help, and the keys that drive them. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "cli/output.h"
#include "config/config.h"
#include "mime/mime.h"
#include "ui/compose.h"
#include "ui/ui-internal.h"

enum action {
	A_NONE, A_DOWN, A_UP, A_PGDN, A_PGUP, A_HOME, A_END, A_OPEN, A_BACK,
	A_QUIT, A_SEARCH, A_NEXT, A_FOLDER, A_TAG, A_APPLY, A_READ, A_FLAG,
	A_ARCHIVE, A_DELETE, A_UNDO, A_HELP, A_REDRAW, A_COMPOSE, A_SHARE,
	A_SUSPEND, A_COMMAND, A_SETUP, A_PAGER, A_SIDEBAR, A_EXPAND,
	A_LINK, A_UNLINK, A_PERSON, A_NEW_ITEM, A_OPEN_ITEM, A_CRM, A_PANEL,
	A_DRAFTS
};

/* The actions, by the names [keys] uses, in the help screen's order. */
static const struct action_info {
	enum action act;
	const char *name;
	const char *help;
} action_info[] = {
	{ A_DOWN, "down", N_("next line") },
	{ A_UP, "up", N_("previous line") },
	{ A_PGDN, "page-down", N_("next page") },
	{ A_PGUP, "page-up", N_("previous page") },
	{ A_HOME, "first", N_("first line") },
	{ A_END, "last", N_("last line") },
	{ A_OPEN, "open", N_("open the thread (or the folder, in the folder list)") },
	{ A_BACK, "back", N_("back; quit from the index") },
	{ A_QUIT, "quit", N_("quit at once") },
	{ A_SEARCH, "search", N_("search (words, \"phrases\", from: to: subject: before: after: is:unread …)") },
	{ A_NEXT, "next-result", N_("next search result") },
	{ A_FOLDER, "change-folder", N_("change folder") },
	{ A_TAG, "tag", N_("tag or untag the thread") },
	{ A_APPLY, "apply", N_("apply the next key (a, d, N, F) to every tagged thread") },
	{ A_READ, "toggle-read", N_("toggle read") },
	{ A_FLAG, "toggle-flag", N_("toggle the flag") },
	{ A_ARCHIVE, "archive", N_("archive the thread") },
	{ A_DELETE, "delete", N_("delete the thread") },
	{ A_UNDO, "undo", N_("undo the last read, flag or archive") },
	{ A_COMPOSE, "compose", N_("r reply, g reply to all, f forward, m new message "
	    "(to the item's person in an item view)") },
	{ A_DRAFTS, "drafts", N_("go on with a saved draft") },
	{ A_SHARE, "share", N_("share or make private") },
	{ A_HELP, "help", N_("this help") },
	{ A_REDRAW, "redraw", N_("redraw the screen") },
	{ A_SUSPEND, "suspend", N_("suspend tether (fg brings it back)") },
	{ A_COMMAND, "command", N_("a command: folder NAME, search WORDS, sync, help, quit") },
	{ A_SETUP, "setup", N_("add an account (setup)") },
	{ A_PAGER, "pager", N_("read the thread in $PAGER (less when unset)") },
	{ A_SIDEBAR, "sidebar", N_("show or hide the folder sidebar") },
	{ A_EXPAND, "expand", N_("unfold or fold the read messages of a thread") },
	{ A_LINK, "link", N_("link the thread to a deal, lead or project (a picker)") },
	{ A_UNLINK, "unlink", N_("remove the thread's item link") },
	{ A_PERSON, "person", N_("make a participant a new or existing person") },
	{ A_NEW_ITEM, "new-item", N_("create a deal or lead from the thread and link it") },
	{ A_OPEN_ITEM, "open-item", N_("open the view of the thread's item (or person)") },
	{ A_CRM, "crm", N_("the CRM: persons, organizations, deals, leads, projects") },
	{ A_PANEL, "crm-panel", N_("show or hide the CRM panel") },
	{ A_NONE, "none", NULL },
};

/* The default bindings; [keys] in the configuration changes them. */
static const struct binding {
	int key;
	enum action act;
} default_keys[] = {
	{ 'j', A_DOWN }, { KEY_DOWN, A_DOWN }, { 'k', A_UP }, { KEY_UP, A_UP },
	{ KEY_NPAGE, A_PGDN }, { ' ', A_PGDN }, { KEY_PPAGE, A_PGUP },
	{ KEY_HOME, A_HOME }, { KEY_END, A_END }, { '\n', A_OPEN },
	{ KEY_ENTER, A_OPEN }, { 'q', A_BACK }, { 'Q', A_QUIT },
	{ '/', A_SEARCH }, { 'n', A_NEXT }, { 'c', A_FOLDER }, { 't', A_TAG },
	{ ';', A_APPLY }, { 'N', A_READ }, { 'F', A_FLAG }, { 'a', A_ARCHIVE },
	{ 'd', A_DELETE }, { 'u', A_UNDO }, { 'r', A_COMPOSE }, { 'g', A_COMPOSE },
	{ 'f', A_COMPOSE }, { 'm', A_COMPOSE }, { 's', A_SHARE }, { '?', A_HELP },
	{ 12, A_REDRAW }, { 26, A_SUSPEND }, { ':', A_COMMAND }, { 'S', A_SETUP },
	{ 'v', A_PAGER }, { 'b', A_SIDEBAR }, { 'x', A_EXPAND },
	{ 'l', A_LINK }, { 'L', A_UNLINK }, { 'p', A_PERSON }, { '+', A_NEW_ITEM },
	{ 'o', A_OPEN_ITEM }, { 'C', A_CRM }, { 'i', A_PANEL }, { 'D', A_DRAFTS },
};

/* Key names as [keys] and the help screen write them. */
static const struct { const char *name; int key; } key_names[] = {
	{ "Enter", '\n' }, { "Space", ' ' }, { "Tab", '\t' }, { "Up", KEY_UP },
	{ "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME },
	{ "End", KEY_END }, { "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC },
	{ "Escape", 27 },
};

/* The key code of a [keys] name (config_key_name_ok has checked it). */
static int
key_code(const char *k)
{
	size_t i;

	if (k[1] == '\0')
		return (unsigned char)k[0];
	if (k[0] == 'C' && k[1] == '-')
		return k[2] & 0x1f;
	if (k[0] == 'F' && k[1] >= '0' && k[1] <= '9')
		return KEY_F(atoi(k + 1));
	for (i = 0; i < TT_ARRAY_LEN(key_names); i++) {
		if (strcmp(k, key_names[i].name) == 0)
			return key_names[i].key;
	}
	return -1;
}

/* The name of a key code, for the help screen (into buf). */
static const char *
binding_name(int key, char *buf, size_t size)
{
	size_t i;

	if (key == KEY_ENTER)
		key = '\n';
	for (i = 0; i < TT_ARRAY_LEN(key_names); i++) {
		if (key_names[i].key == key)
			return key_names[i].name;
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 0x20)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else
		snprintf(buf, size, "%c", key);
	return buf;
}

struct app;

/*
 * A pane, as tmux's window modes are: what it draws and how it takes a
 * key.  The index, a thread, the folder list and the help are panes; the
 * loop only ever talks to the one in front.
 */
struct pane {
	const char *name;
	void (*draw)(struct app *a);
	void (*key)(struct app *a, enum action act, int key);
};

static const struct pane pane_index, pane_thread, pane_folders, pane_help,
    pane_chooser, pane_item, pane_compose;

/* What choosing in the chooser does. */
enum { P_LINK, P_ADDRESS, P_PERSON, P_LIST, P_TEMPLATE, P_FIELD, P_DRAFT,
	P_COMPOSE_ITEM };

static void bidi_mode(bool app);

/* The last change, for u. */
struct undo {
	enum action act;          /* A_READ, A_FLAG, A_ARCHIVE or A_NONE */
	int64_t *threads;
	size_t n;
	bool was_on;              /* the state it had before */
};

struct app {
	struct cli_ctx *ctx;
	struct config *cfg;
	struct store *st;
	const struct pane *pane, *back_to;   /* in front, and behind the help */
	int rows, cols;
	/* Panes: the folder sidebar in [0, sw) when shown, the index in
	 * [ix, ix + iw), the pager in [px, px + pw) — side by side on a wide
	 * terminal, else each the whole width in turn. */
	int sw, ix, iw, px, pw;
	bool sidebar;             /* the sidebar is wanted (b toggles it) */
	bool sidebar_counts;      /* its unread counts are read (after paint) */
	bool color;
	/* the index */
	int64_t folder_id;        /* 0: every folder */
	char *folder_name;        /* owned */
	struct store_thread *page;
	size_t npage;
	int64_t total, cursor, top;
	/* search results (a virtual folder of messages) */
	char *query;              /* owned, or NULL */
	struct store_message *hits;
	size_t nhits;
	/* the folder list */
	struct store_folder *folders;
	size_t nfolders, fcursor;
	/* the pager */
	struct ui_lines lines;
	int64_t ptop;
	int64_t thread_id;
	/* tagged threads */
	int64_t *tagged;
	size_t ntagged;
	bool apply_next;
	struct undo undo;
	bool defer_count;         /* the first paint comes before the count */
	bool expand_all;          /* x: no message of a thread folded */
	int help_top;             /* the help's first line shown */
	struct binding *keys;     /* the keymap in effect (owned) */
	size_t nkeys;
	char *msg;                /* the status message (owned) */
	bool quit;
	/* the CRM: the panel at [cx, cx + cw) when shown */
	bool panel;               /* the panel is wanted (i toggles it) */
	int cx, cw;
	struct ui_side side;
	struct ui_chooser chooser;
	const struct pane *chooser_back; /* where leaving the chooser goes */
	struct ui_item item;
	const struct pane *item_back;    /* where leaving the item view goes */
	const struct pane *thread_back;  /* where leaving a thread goes */
	int64_t *pick_threads;    /* what the chooser acts on (owned) */
	size_t npick;
	char *pick_address;       /* P_PERSON: the participant's (owned) */
	/* the compose pane */
	struct ui_compose compose;
	const struct pane *compose_back; /* where leaving it goes */
	int ccy, ccx;             /* its cursor, -1 when none */
	/* the sync engine beside it */
	struct ui_child child;
	char *sync_state;         /* "syncing INBOX 40/100", "offline …" (owned) */
};

static void
say(struct app *a, const char *fmt, ...) TT_PRINTF(2, 3);

static void
say(struct app *a, const char *fmt, ...)
{
	va_list ap;

	free(a->msg);
	va_start(ap, fmt);
	a->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
list_rows(const struct app *a)
{
	return a->rows > 3 ? a->rows - 2 : 1;
}

/* --- data ------------------------------------------------------------------ */

static void
load_page(struct app *a)
{
	struct store_query q = {
		.folder_id = a->folder_id, .limit = list_rows(a), .offset = a->top,
		/* An archived thread leaves the folders (ARC-01); "all folders"
		 * still shows it. */
		.hide_archived = a->folder_id != 0,
	};
	char *cause = NULL;

	store_threads_free(a->page, a->npage);
	a->page = NULL;
	a->npage = 0;
	if (a->query != NULL)
		return;
	/* The count waits until the first screen is drawn (it reads the
	 * whole folder; the page reads a screenful). */
	if ((!a->defer_count &&
	    store_count_threads(a->st, &q, &a->total, &cause) != TT_OK) ||
	    store_list_threads(a->st, &q, &a->page, &a->npage, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
	}
	/* Until counted: a page more than is shown when the page is full, so
	 * moving on never stops at a guess. */
	if (a->defer_count)
		a->total = a->top + (int64_t)a->npage +
		    ((int64_t)a->npage == q.limit ? q.limit : 0);
}

static int64_t
rows_total(const struct app *a)
{
	return a->query != NULL ? (int64_t)a->nhits : a->total;
}

/* The thread under the cursor, or 0. */
static int64_t
current_thread(const struct app *a)
{
	int64_t i = a->cursor - a->top;

	if (a->query != NULL)
		return a->cursor < (int64_t)a->nhits ? a->hits[a->cursor].thread_id : 0;
	return i >= 0 && i < (int64_t)a->npage ? a->page[i].id : 0;
}

static bool
is_tagged(const struct app *a, int64_t t)
{
	size_t i;

	for (i = 0; i < a->ntagged; i++) {
		if (a->tagged[i] == t)
			return true;
	}
	return false;
}

static void
open_folder(struct app *a, const struct store_folder *f)
{
	free(a->folder_name);
	a->folder_id = f != NULL ? f->id : 0;
	a->folder_name = f != NULL ? xasprintf("%s/%s", f->account, f->name) :
	    xstrdup(_("all folders"));
	a->cursor = a->top = 0;
	free(a->query);
	a->query = NULL;
	load_page(a);
}

static void
load_folders(struct app *a, bool counts)
{
	char *cause = NULL;

	store_folders_free(a->folders, a->nfolders);
	a->folders = NULL;
	a->nfolders = 0;
	if (store_list_folders_ex(a->st, counts, &a->folders, &a->nfolders,
	    &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
	}
}

/* The thread as pager lines: each message's headers, text and attachments. */
static void
load_thread(struct app *a, int64_t id)
{
	struct store_thread t;
	struct store_message *m = NULL;
	size_t n = 0, i, k;
	char *cause = NULL, *text, when[32];
	struct buf h = BUF_INIT;
	int width = a->pw - 1;
	enum bidi_dir dir;

	_ui_lines_clear(&a->lines);
	a->ptop = 0;
	a->thread_id = id;
	if (store_thread_get(a->st, id, &t, &m, &n, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	cli_fill_bodies(a->ctx, a->st, m, n);
	dir = BIDI_AUTO;
	_ui_lines_add_bidi(&a->lines, t.subject, width, UI_LINE_HEADER, &dir);
	/* No room for the CRM panel: what it says tops the thread. */
	if (a->cw == 0) {
		_ui_side_load(&a->side, a->st, id);
		_ui_side_summary(&a->side, width, &a->lines);
	}
	for (i = 0; i < n; i++) {
		_ui_lines_add(&a->lines, "", width, UI_LINE_RULE);
		/* Read messages before the last fold to one line (x unfolds). */
		if (!a->expand_all && i + 1 < n && (m[i].flags & MSG_SEEN)) {
			time_format_utc(m[i].date, when);
			buf_free(&h);
			buf_addf(&h, "+ %s  %.10s  %s", m[i].from.n > 0 ?
			    (m[i].from.v[0].name[0] != '\0' ? m[i].from.v[0].name :
			    m[i].from.v[0].email) : "", when, m[i].snippet);
			dir = BIDI_AUTO;
			text = _ui_fit(h.data, width, false);
			_ui_lines_add(&a->lines, text, width, UI_LINE_NOTE);
			free(text);
			continue;
		}
		buf_free(&h);
		buf_adds(&h, _("From: "));
		for (k = 0; k < m[i].from.n; k++)
			buf_addf(&h, "%s%s <%s>", k > 0 ? ", " : "", m[i].from.v[k].name,
			    m[i].from.v[k].email);
		dir = BIDI_AUTO;
		_ui_lines_add_bidi(&a->lines, h.data, width, UI_LINE_HEADER, &dir);
		buf_free(&h);
		buf_adds(&h, _("To: "));
		for (k = 0; k < m[i].to.n; k++)
			buf_addf(&h, "%s%s", k > 0 ? ", " : "", m[i].to.v[k].email);
		_ui_lines_add(&a->lines, h.data, width, UI_LINE_HEADER);
		time_format_utc(m[i].date, when);
		text = xasprintf(_("Date: %s"), when);
		_ui_lines_add(&a->lines, text, width, UI_LINE_HEADER);
		free(text);
		_ui_lines_add(&a->lines, "", width, UI_LINE_BODY);
		dir = BIDI_AUTO;
		if (m[i].body != NULL)
			_ui_lines_add_bidi(&a->lines, m[i].body, width, UI_LINE_BODY, &dir);
		else if (a->child.pid > 0) {
			/* The engine fetches it now; its "changed" redraws this. */
			text = xasprintf("body %lld\n", (long long)m[i].id);
			_ui_child_wake(&a->child, text);
			free(text);
			_ui_lines_add(&a->lines, _("loading..."), width, UI_LINE_NOTE);
		} else
			_ui_lines_add(&a->lines, _("(the text is not downloaded yet; a "
			    "sync fetches it)"), width, UI_LINE_NOTE);
		for (k = 0; k < m[i].natts; k++) {
			text = xasprintf(_("[attachment %zu: %s, %s, %zu bytes]"), k + 1,
			    m[i].atts[k].filename != NULL ? m[i].atts[k].filename : "-",
			    m[i].atts[k].content_type, m[i].atts[k].size);
			_ui_lines_add(&a->lines, text, width, UI_LINE_NOTE);
			free(text);
		}
	}
	buf_free(&h);
	store_messages_free(m, n);
	store_thread_clear(&t);
}

/* --- drawing --------------------------------------------------------------- */

enum { C_STATUS = UI_COLOR_STATUS, C_UNREAD, C_QUOTE, C_HEADER,
	C_CURSOR = UI_COLOR_CURSOR, C_NOTE = UI_COLOR_NOTE, C_QUOTE2, C_QUOTE3 };

/* Draws a field: laid out on its own (right to left when it is), cut to
 * width, padded when asked. */
static void
put(int y, int x, const char *s, int width, bool pad)
{
	char *fit = _ui_field(s, width, pad, false);

	mvaddstr(y, x, fit);
	free(fit);
}

/* The same for a subject, whose direction ignores "Re:" and the like. */
static void
put_subject(int y, int x, const char *s, int width)
{
	char *fit = _ui_field(s, width, true, true);

	mvaddstr(y, x, fit);
	free(fit);
}

static void
draw_index(struct app *a)
{
	int rows = list_rows(a), y, w_who = a->iw >= 100 ? 24 : 18, x;
	time_t now = time_now();
	char date[32], flags[8], count[16];
	struct buf who = BUF_INIT;
	int64_t i;

	for (y = 0; y < rows; y++) {
		i = a->top + y;
		put(y, a->ix, "", a->iw, true);
		if (i >= rows_total(a))
			continue;
		if (a->query != NULL) {
			const struct store_message *m = &a->hits[i];

			_ui_date(m->date, now, date, sizeof date);
			snprintf(flags, sizeof flags, "%c%c%c", is_tagged(a, m->thread_id) ?
			    '*' : ' ', (m->flags & MSG_SEEN) ? ' ' : 'N',
			    (m->flags & MSG_FLAGGED) ? '!' : ' ');
			count[0] = '\0';
			buf_free(&who);
			buf_adds(&who, m->from.n > 0 ? (m->from.v[0].name[0] != '\0' ?
			    m->from.v[0].name : m->from.v[0].email) : "");
		} else {
			const struct store_thread *t = &a->page[i - a->top];
			size_t k;

			if (i - a->top >= (int64_t)a->npage)
				continue;
			_ui_date(t->last_date, now, date, sizeof date);
			/* $: linked to an item; ?: an item to choose (LINK-09). */
			snprintf(flags, sizeof flags, "%c%c%c%c", is_tagged(a, t->id) ?
			    '*' : ' ', t->unread_count > 0 ? 'N' : ' ',
			    t->has_attachments ? '@' : ' ', t->item_type != NULL ? '$' :
			    t->link_state != NULL && strcmp(t->link_state, "choose") == 0 ?
			    '?' : ' ');
			snprintf(count, sizeof count, t->message_count > 1 ? "(%lld)" : "",
			    (long long)t->message_count);
			buf_free(&who);
			for (k = 0; k < t->participants.n && k < 3; k++)
				buf_addf(&who, "%s%s", k > 0 ? ", " : "",
				    t->participants.v[k].name[0] != '\0' ?
				    t->participants.v[k].name : t->participants.v[k].email);
		}
		if (i == a->cursor)
			attron(a->color ? COLOR_PAIR(C_CURSOR) : A_REVERSE);
		else if (flags[1] == 'N')
			attron(A_BOLD);
		put(y, a->ix, flags, 5, true);
		put(y, a->ix + 5, date, 11, true);
		put(y, a->ix + 16, who.data != NULL ? who.data : "", w_who, true);
		x = 16 + w_who + 1;
		put(y, a->ix + x, count, 6, true);
		x += 6;
		put_subject(y, a->ix + x, a->query != NULL ? a->hits[i].subject :
		    a->page[i - a->top].subject, a->iw - x);
		attroff(A_REVERSE | A_BOLD | (a->color ? COLOR_PAIR(C_CURSOR) : 0));
	}
	buf_free(&who);
}

static void
draw_pager(struct app *a)
{
	int rows = list_rows(a), y, attr;
	int64_t i;

	for (y = 0; y < rows; y++) {
		i = a->ptop + y;
		put(y, a->px, "", a->pw, true);
		if (i >= (int64_t)a->lines.n)
			continue;
		switch (a->lines.v[i].kind) {
		case UI_LINE_HEADER:
			attr = a->color ? COLOR_PAIR(C_HEADER) | A_BOLD : A_BOLD;
			break;
		case UI_LINE_QUOTE:
			attr = a->color ? COLOR_PAIR(C_QUOTE) : A_DIM;
			break;
		case UI_LINE_QUOTE2:
			attr = a->color ? COLOR_PAIR(C_QUOTE2) : A_DIM;
			break;
		case UI_LINE_QUOTE3:
			attr = a->color ? COLOR_PAIR(C_QUOTE3) : A_DIM;
			break;
		case UI_LINE_NOTE:
			attr = a->color ? COLOR_PAIR(C_NOTE) : A_DIM;
			break;
		case UI_LINE_RULE:
			attr = A_DIM;
			break;
		default:
			attr = A_NORMAL;
		}
		attron(attr);
		if (a->lines.v[i].kind == UI_LINE_RULE) {
			/* A box-drawing character, not ACS: tmux and screen pass
			 * UTF-8 through where line-drawing modes go astray. */
			int x;

			for (x = 0; x < a->pw; x++)
				mvaddstr(y, a->px + x, "\xe2\x94\x80");
		} else
			mvaddstr(y, a->px, a->lines.v[i].text);
		attroff(attr);
	}
}

static void
draw_folders(struct app *a)
{
	int rows = list_rows(a), y;
	size_t top = a->fcursor >= (size_t)rows ? a->fcursor - (size_t)rows + 1 : 0, i;
	char *line;

	for (y = 0; y < rows; y++) {
		i = top + (size_t)y;
		move(y, 0);
		clrtoeol();
		if (i > a->nfolders)
			continue;
		if (i == a->fcursor)
			attron(A_REVERSE);
		if (i == 0)
			line = xasprintf("%s", _("all folders"));
		else
			line = xasprintf("%7lld %7lld  %s/%s%s%s%s",
			    (long long)a->folders[i - 1].messages,
			    (long long)a->folders[i - 1].unread, a->folders[i - 1].account,
			    a->folders[i - 1].name, a->folders[i - 1].role != NULL ? "  (" : "",
			    a->folders[i - 1].role != NULL ? a->folders[i - 1].role : "",
			    a->folders[i - 1].role != NULL ? ")" : "");
		put(y, 0, line, a->cols, true);
		free(line);
		attroff(A_REVERSE);
	}
}

static void
draw_help(struct app *a)
{
	int rows = list_rows(a), y = 0;
	struct buf keys = BUF_INIT;
	char name[16], *line;
	size_t i, k;

	int skip = a->help_top, shown = 0;

	erase();
	put(y++, 0, _("tether keys (q leaves this help, j and k scroll; [keys] in "
	    "the config changes them)"), a->cols, false);
	y++;
	for (i = 0; i < TT_ARRAY_LEN(action_info) && y < rows; i++) {
		if (action_info[i].help == NULL)
			continue;
		buf_free(&keys);
		for (k = 0; k < a->nkeys; k++) {
			if (a->keys[k].act != action_info[i].act || a->keys[k].key == KEY_ENTER)
				continue;
			buf_addf(&keys, "%s%s", keys.len > 0 ? " " : "",
			    binding_name(a->keys[k].key, name, sizeof name));
		}
		if (keys.len == 0)
			continue;
		/* The lines scrolled past. */
		if (shown++ < skip)
			continue;
		line = xasprintf("  %-12s %s", keys.data, _(action_info[i].help));
		put(y++, 0, line, a->cols, false);
		free(line);
	}
	buf_free(&keys);
}

static void
draw_status(struct app *a)
{
	struct buf b = BUF_INIT;
	int y = a->rows - 2;

	if (a->pane == &pane_thread)
		buf_addf(&b, _(" thread %lld  line %lld of %zu"), (long long)a->thread_id,
		    (long long)a->ptop + 1, a->lines.n);
	else if (a->pane == &pane_chooser)
		buf_adds(&b, _(" type to filter  Enter chooses  Escape goes back"));
	else if (a->pane == &pane_item)
		buf_addf(&b, _(" %s %s  %lld threads"),
		    store_crm_kind_name(a->item.kind), a->item.id,
		    (long long)a->item.total);
	else if (a->query != NULL)
		buf_addf(&b, _(" search: %s  %zu messages"), a->query, a->nhits);
	else
		buf_addf(&b, _(" %s  %lld threads"), a->folder_name, (long long)a->total);
	if (a->ntagged > 0)
		buf_addf(&b, _("  %zu tagged"), a->ntagged);
	if (a->sync_state != NULL)
		buf_addf(&b, "  [%s]", a->sync_state);
	buf_adds(&b, _("   ? help"));
	attron(a->color ? COLOR_PAIR(C_STATUS) : A_REVERSE);
	put(y, 0, b.data, a->cols, true);
	attroff(A_REVERSE | (a->color ? COLOR_PAIR(C_STATUS) : 0));
	move(a->rows - 1, 0);
	clrtoeol();
	if (a->msg != NULL)
		put(a->rows - 1, 0, a->msg, a->cols, false);
	buf_free(&b);
}

/* Pane sizes for the terminal's size: side by side from 140 columns. */
static void
layout(struct app *a)
{
	int rest, avail;

	getmaxyx(stdscr, a->rows, a->cols);
	/* The sidebar needs room: it shows from 100 columns. */
	a->sw = a->sidebar && a->cols >= 100 ? 24 : 0;
	/* The CRM panel at the right from 140 columns; below, what it says
	 * tops the thread, so the index keeps room for subjects. */
	a->cw = a->panel && a->cols >= 140 ? 30 : 0;
	a->cx = a->cols - a->cw;
	avail = a->cw > 0 ? a->cx - 1 : a->cols;
	a->ix = a->sw > 0 ? a->sw + 1 : 0;
	rest = avail - a->ix;
	if (rest >= 140) {
		/* The panel narrows the thread, not the index. */
		a->iw = (a->cols - a->ix) * 45 / 100;
		if (rest - a->iw - 1 < 60)
			a->iw = rest - 61;
		a->px = a->ix + a->iw + 1;
		a->pw = avail - a->px;
	} else {
		a->iw = rest;
		a->pw = avail;
		a->px = 0;
	}
}

static bool
wide(const struct app *a)
{
	return a->px > 0;
}

/* The folders, roles first within each account, the open one marked, with
 * unread counts once they are read. */
static void
draw_sidebar(struct app *a)
{
	int rows = list_rows(a), y;
	char *line, count[24];
	size_t i;

	for (y = 0; y < rows; y++) {
		put(y, 0, "", a->sw, true);
		mvaddstr(y, a->sw, "\xe2\x94\x82");
	}
	for (y = 0, i = 0; i < a->nfolders && y < rows; i++, y++) {
		/* Each account's name above its folders. */
		if (i == 0 || strcmp(a->folders[i].account, a->folders[i - 1].account) != 0) {
			attron(A_DIM);
			put(y++, 0, a->folders[i].account, a->sw, true);
			attroff(A_DIM);
			if (y >= rows)
				break;
		}
		count[0] = '\0';
		if (a->sidebar_counts && a->folders[i].unread > 0)
			snprintf(count, sizeof count, "%lld", (long long)a->folders[i].unread);
		line = xasprintf("%s%s", a->folders[i].id == a->folder_id ? "> " : "  ",
		    a->folders[i].name);
		if (a->folders[i].id == a->folder_id)
			attron(A_BOLD);
		put(y, 0, line, a->sw - 6, true);
		put(y, a->sw - 6, count, 6, true);
		attroff(A_BOLD);
		free(line);
	}
}

/* The index, with the thread under the cursor beside it when wide. */
static void
draw_index_pane(struct app *a)
{
	int64_t t;

	draw_index(a);
	if (!wide(a))
		return;
	if ((t = current_thread(a)) != a->thread_id) {
		if (t != 0)
			load_thread(a, t);
		else {
			_ui_lines_clear(&a->lines);
			a->thread_id = 0;
		}
	}
	draw_pager(a);
}

/* A thread, with the index beside it when wide. */
static void
draw_thread_pane(struct app *a)
{
	if (wide(a))
		draw_index(a);
	draw_pager(a);
}

/* The CRM panel for the thread in front (read again when it changed). */
static void
draw_panel(struct app *a)
{
	int64_t t = a->pane == &pane_thread ? a->thread_id : current_thread(a);

	if (t != a->side.thread || (t != 0 && !a->side.loaded))
		_ui_side_load(&a->side, a->st, t);
	_ui_side_draw(&a->side, list_rows(a), a->cx + 1, a->cw - 1, a->color);
}

static void
draw(struct app *a)
{
	bool mail = a->pane == &pane_index || a->pane == &pane_thread;
	int y;

	a->pane->draw(a);
	if (wide(a) && mail)
		for (y = 0; y < list_rows(a); y++)
			mvaddstr(y, a->ix + a->iw, "\xe2\x94\x82");
	if (a->sw > 0 && (a->pane == &pane_index || (a->pane == &pane_thread &&
	    wide(a))))
		draw_sidebar(a);
	if (a->cw > 0 && mail)
		draw_panel(a);
	draw_status(a);
	/* Only the compose pane shows a cursor, where typing goes. */
	if (a->pane == &pane_compose && a->ccy >= 0) {
		curs_set(1);
		move(a->ccy, a->ccx);
	} else
		curs_set(0);
	refresh();
}

/* --- changes ------------------------------------------------------------- */

/* The threads an action applies to: the tagged ones after ;, else the
 * one under the cursor. */
static size_t
targets(struct app *a, int64_t **out)
{
	int64_t t;

	if (a->apply_next && a->ntagged > 0) {
		*out = xreallocarray(NULL, a->ntagged, sizeof **out);
		memcpy(*out, a->tagged, a->ntagged * sizeof **out);
		return a->ntagged;
	}
	t = a->pane == &pane_thread ? a->thread_id : current_thread(a);
	if (t == 0) {
		*out = NULL;
		return 0;
	}
	*out = xmalloc(sizeof **out);
	**out = t;
	return 1;
}

/* Every message of the threads. */
static void
thread_messages(struct app *a, const int64_t *t, size_t n, int64_t **ids,
    size_t *nids)
{
	int64_t *in;
	size_t k, i, nin;
	char *cause = NULL;

	*ids = NULL;
	*nids = 0;
	for (i = 0; i < n; i++) {
		if (store_thread_message_ids(a->st, t[i], &in, &nin, &cause) != TT_OK) {
			say(a, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		*ids = xreallocarray(*ids, *nids + nin + 1, sizeof **ids);
		for (k = 0; k < nin; k++)
			(*ids)[(*nids)++] = in[k];
		free(in);
	}
}

/*
 * Read/flag set or cleared (on: set) on the threads, through the journal:
 * the view changes now, the server at the next sync.
 */
static bool
set_flag(struct app *a, const int64_t *t, size_t n, unsigned flag, bool on)
{
	int64_t *ids;
	size_t nids, changed = 0, queued = 0;
	char *cause = NULL;
	tt_status s;

	thread_messages(a, t, n, &ids, &nids);
	if ((s = store_begin(a->st, &cause)) == TT_OK) {
		s = store_journal_flags(a->st, ids, nids, on ? flag : 0, on ? 0 : flag,
		    &changed, &queued, &cause);
		if (s == TT_OK)
			s = store_commit(a->st, &cause);
		else
			store_rollback(a->st);
	}
	free(ids);
	if (s != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return false;
	}
	say(a, ngettext_("%zu message changed", "%zu messages changed", changed),
	    changed);
	_ui_child_wake(&a->child, NULL);
	return true;
}

static bool
mark_threads(struct app *a, const int64_t *t, size_t n, bool deleted, bool undo)
{
	char *cause = NULL;
	tt_status s;
	size_t i;

	if ((s = store_begin(a->st, &cause)) == TT_OK) {
		if (undo) {
			for (i = 0; i < n && s == TT_OK; i++)
				s = store_threads_unarchive(a->st, t[i], &cause);
		} else
			s = store_threads_mark(a->st, t, n, deleted, &cause);
		if (s == TT_OK)
			s = store_commit(a->st, &cause);
		else
			store_rollback(a->st);
	}
	if (s != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return false;
	}
	_ui_child_wake(&a->child, NULL);
	return true;
}

static void
remember(struct app *a, enum action act, int64_t *t, size_t n, bool was_on)
{
	free(a->undo.threads);
	a->undo.act = act;
	a->undo.threads = t;
	a->undo.n = n;
	a->undo.was_on = was_on;
}

static void
act_on(struct app *a, enum action act)
{
	int64_t *t = NULL;
	size_t n = targets(a, &t);
	bool on = true;

	a->apply_next = false;
	if (n == 0) {
		free(t);
		say(a, "%s", _("no thread here"));
		return;
	}
	switch (act) {
	case A_READ:
	case A_FLAG:
		/* A toggle: the first thread's state decides, like mutt. */
		if (act == A_READ && a->pane != &pane_thread && a->query == NULL &&
		    a->cursor - a->top < (int64_t)a->npage)
			on = a->page[a->cursor - a->top].unread_count > 0;
		else if (act == A_FLAG)
			on = true;
		if (act == A_FLAG && a->query != NULL && a->cursor < (int64_t)a->nhits)
			on = !(a->hits[a->cursor].flags & MSG_FLAGGED);
		if (set_flag(a, t, n, act == A_READ ? MSG_SEEN : MSG_FLAGGED, on)) {
			remember(a, act, t, n, !on);
			t = NULL;
		}
		break;
	case A_ARCHIVE:
	case A_DELETE:
		if (mark_threads(a, t, n, act == A_DELETE, false)) {
			say(a, act == A_ARCHIVE ? ngettext_("%zu thread archived (u undoes)",
			    "%zu threads archived (u undoes)", n) :
			    ngettext_("%zu thread deleted", "%zu threads deleted", n), n);
			if (act == A_ARCHIVE) {
				remember(a, act, t, n, false);
				t = NULL;
			} else
				remember(a, A_NONE, NULL, 0, false);
			a->ntagged = 0;
			if (a->pane == &pane_thread)
				a->pane = &pane_index;
		}
		break;
	default:
		break;
	}
	free(t);
	load_page(a);
}

static void
undo(struct app *a)
{
	struct undo u = a->undo;

	if (u.act == A_NONE) {
		say(a, "%s", _("nothing to undo (a deleted thread cannot come back)"));
		return;
	}
	if (u.act == A_ARCHIVE) {
		if (mark_threads(a, u.threads, u.n, false, true))
			say(a, "%s", _("archive undone"));
	} else
		(void)set_flag(a, u.threads, u.n, u.act == A_READ ? MSG_SEEN :
		    MSG_FLAGGED, u.was_on);
	free(a->undo.threads);
	memset(&a->undo, 0, sizeof a->undo);
	load_page(a);
}

/* --- input ---------------------------------------------------------------- */

/* A line typed on the bottom row (NULL when cancelled with Escape); Tab
 * asks complete (may be NULL) to complete what was typed. */
static char *
prompt_complete(struct app *a, const char *label, char *(*complete)(const char *))
{
	struct buf b = BUF_INIT;
	wint_t ch;
	int rc;
	char mb[8];
	size_t n;

	curs_set(1);
	for (;;) {
		move(a->rows - 1, 0);
		clrtoeol();
		/* A question must show whole: the answer gets what is left. */
		put(a->rows - 1, 0, label, (int)utf8_width(label) < a->cols - 12 ?
		    (int)utf8_width(label) : a->cols - 12, false);
		addstr(" ");
		if (b.len > 0)
			addstr(b.data);
		refresh();
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == OK && (ch == '\n' || ch == '\r'))
			break;
		if (rc == OK && ch == 27) {
			buf_free(&b);
			curs_set(0);
			return NULL;
		}
		if (rc == OK && ch == '\t' && complete != NULL) {
			char *done = complete(buf_str(&b));

			buf_reset(&b);
			buf_adds(&b, done);
			free(done);
			continue;
		}
		if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
		    (rc == OK && (ch == 127 || ch == 8))) {
			/* Back one whole UTF-8 character. */
			while (b.len > 0 && ((unsigned char)b.data[b.len - 1] & 0xc0) == 0x80)
				b.len--;
			if (b.len > 0)
				b.len--;
			if (b.data != NULL)
				b.data[b.len] = '\0';
			continue;
		}
		if (rc == OK && ch >= 0x20 && (n = utf8_encode((uint32_t)ch, mb)) > 0)
			buf_add(&b, mb, n);
	}
	curs_set(0);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}

static char *
prompt(struct app *a, const char *label)
{
	return prompt_complete(a, label, NULL);
}

/* Runs a search (text is taken) and shows its results as a folder. */
static void
run_search(struct app *a, char *text)
{
	struct store_query q = { .folder_id = a->folder_id, .limit = 5000 };
	char *cause = NULL;

	if (text == NULL || text[0] == '\0') {
		free(text);
		return;
	}
	store_messages_free(a->hits, a->nhits);
	a->hits = NULL;
	a->nhits = 0;
	if (store_search(a->st, text, &q, &a->hits, &a->nhits, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		free(text);
		return;
	}
	free(a->query);
	a->query = text;
	a->cursor = a->top = 0;
	say(a, ngettext_("%zu message found (q returns to the folder)",
	    "%zu messages found (q returns to the folder)", a->nhits), a->nhits);
}

static void
search(struct app *a)
{
	run_search(a, prompt(a, _("Search:")));
}

static void start_sync(struct app *a);

static char *
ask_line(void *arg, const char *label)
{
	return prompt(arg, label);
}

/* Adds an account, then reads the configuration again and starts its sync. */
static void
run_setup(struct app *a)
{
	struct config *cfg = NULL;
	char *msg = NULL, *cause = NULL;
	bool saved;

	saved = _ui_setup(a->ctx->paths.config_file, ask_line, a, a->rows, a->cols,
	    &msg);
	erase();
	if (msg != NULL) {
		say(a, "%s", msg);
		free(msg);
	}
	if (!saved)
		return;
	if (config_load(a->ctx->paths.config_file, &cfg, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	config_free(&a->cfg);
	a->cfg = cfg;
	_ui_child_stop(&a->child);
	start_sync(a);
	load_folders(a, false);
}

/*
 * The thread under the cursor (or open) in $PAGER: its text in logical
 * order, made safe, through a pipe; the pager's words run without a
 * shell.  The screen is given back to the pager and taken again after.
 */
static void
pager(struct app *a)
{
	const char *cmd = getenv("PAGER");
	struct store_thread t;
	struct store_message *m = NULL;
	char **argv = NULL, *cause = NULL, *safe, when[32];
	struct buf text = BUF_INIT;
	int64_t id = a->pane == &pane_thread ? a->thread_id : current_thread(a);
	size_t n = 0, i;
	int fd[2], status;
	pid_t pid;

	if (id == 0) {
		say(a, "%s", _("no thread here"));
		return;
	}
	if (cmd == NULL || cmd[0] == '\0')
		cmd = "less";
	if (config_split_words(cmd, &argv, &cause) != TT_OK || argv[0] == NULL) {
		say(a, "%s", cause != NULL ? cause : _("PAGER is empty"));
		free(cause);
		config_free_words(&argv);
		return;
	}
	if (store_thread_get(a->st, id, &t, &m, &n, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		config_free_words(&argv);
		return;
	}
	cli_fill_bodies(a->ctx, a->st, m, n);
	for (i = 0; i < n; i++) {
		time_format_utc(m[i].date, when);
		buf_addf(&text, "%s%s: %s\n%s: %s\n%s: %s\n\n%s\n", i > 0 ? "\n---\n\n" : "",
		    _("From"), m[i].from.n > 0 ? m[i].from.v[0].email : "", _("Subject"),
		    m[i].subject, _("Date"), when, m[i].body != NULL ? m[i].body :
		    _("(the text is not downloaded yet; a sync fetches it)"));
	}
	store_messages_free(m, n);
	store_thread_clear(&t);
	safe = utf8_terminal_safe(text.data != NULL ? text.data : "", text.len, true);
	buf_free(&text);
	bidi_mode(false);
	endwin();
	if (pipe(fd) == 0 && (pid = fork()) >= 0) {
		if (pid == 0) {
			dup2(fd[0], STDIN_FILENO);
			close(fd[0]);
			close(fd[1]);
			execvp(argv[0], argv);
			_exit(127);
		}
		close(fd[0]);
		/* A pager quitting early closes the pipe: SIGPIPE is ignored,
		 * and what it did not read does not matter. */
		ssize_t w = write(fd[1], safe, strlen(safe));

		(void)w;
		close(fd[1]);
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			say(a, _("cannot run the pager %s"), argv[0]);
	}
	free(safe);
	config_free_words(&argv);
	refresh();
	bidi_mode(true);
	clearok(curscr, TRUE);
}

/* The command line (:): a few words for what has no key of its own. */
static void
command(struct app *a)
{
	char *line = prompt(a, ":"), *arg, *cause = NULL;
	int64_t id;
	size_t i;

	if (line == NULL || line[0] == '\0') {
		free(line);
		return;
	}
	arg = strchr(line, ' ');
	if (arg != NULL)
		*arg++ = '\0';
	if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0)
		a->quit = true;
	else if (strcmp(line, "setup") == 0)
		run_setup(a);
	else if (strcmp(line, "help") == 0) {
		a->back_to = a->pane == &pane_help ? &pane_index : a->pane;
		a->pane = &pane_help;
	} else if (strcmp(line, "sync") == 0) {
		if (a->child.pid > 0) {
			_ui_child_wake(&a->child, NULL);
			say(a, "%s", _("the sync looks for new mail now"));
		} else
			say(a, "%s", _("no sync runs beside the interface (no account, "
			    "or the demo)"));
	} else if ((strcmp(line, "search") == 0 || strcmp(line, "s") == 0) &&
	    arg != NULL) {
		run_search(a, xstrdup(arg));
		a->pane = &pane_index;
	} else if ((strcmp(line, "folder") == 0 || strcmp(line, "f") == 0) &&
	    arg != NULL) {
		if (store_folder_find(a->st, arg, &id, &cause) != TT_OK) {
			say(a, "%s", cause);
			free(cause);
		} else {
			load_folders(a, false);
			for (i = 0; i < a->nfolders && a->folders[i].id != id; i++)
				;
			open_folder(a, i < a->nfolders ? &a->folders[i] : NULL);
			a->pane = &pane_index;
		}
	} else
		say(a, _("there is no command \"%s\"; : takes folder NAME, search "
		    "WORDS, sync, help or quit"), line);
	free(line);
}

/* --- the CRM -------------------------------------------------------------- */

/* The panel and the thread in front are read again after a CRM change. */
static void
crm_changed(struct app *a)
{
	_ui_side_clear(&a->side);
	if (a->thread_id != 0 && (a->pane == &pane_thread || wide(a))) {
		int64_t top = a->ptop;

		load_thread(a, a->thread_id);
		a->ptop = top < (int64_t)a->lines.n ? top : 0;
	}
	load_page(a);
}

/* The thread(s) a CRM key acts on; false (and a message) when none. */
static bool
crm_targets(struct app *a)
{
	free(a->pick_threads);
	a->npick = targets(a, &a->pick_threads);
	a->apply_next = false;
	if (a->npick == 0) {
		say(a, "%s", _("no thread here"));
		return false;
	}
	return true;
}

/* Opens the chooser for purpose, titled; it returns to the pane in front. */
static void
chooser_open(struct app *a, int purpose, const char *title)
{
	_ui_chooser_clear(&a->chooser);
	a->chooser.purpose = purpose;
	a->chooser.title = xstrdup(title);
	if (a->pane != &pane_chooser)
		a->chooser_back = a->pane;
	a->pane = &pane_chooser;
}

/* Adds the items of kind to the chooser (only open ones: open_only). */
static void
chooser_add_items(struct app *a, enum crm_kind kind, bool open_only)
{
	struct crm_item *v = NULL;
	struct buf label = BUF_INIT;
	char *cause = NULL;
	const char *status, *title, *who;
	size_t n = 0, i, k;
	int fs = store_crm_field_index(kind, "status"),
	    fa = store_crm_field_index(kind, "archived"),
	    ft = store_crm_field_index(kind, "title"),
	    fp = store_crm_field_index(kind, "person"),
	    fo = store_crm_field_index(kind, "org"),
	    fe = store_crm_field_index(kind, "emails");

	if (ft < 0)
		ft = store_crm_field_index(kind, "name");
	if (store_crm_list(a->st, kind, NULL, false, 0, &v, &n, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		/* Shown already (a candidate, first): once is enough. */
		for (k = 0; k < a->chooser.nall; k++) {
			if (strcmp(a->chooser.all[k].type, store_crm_kind_name(kind)) == 0 &&
			    strcmp(a->chooser.all[k].id, v[i].v[0]) == 0)
				break;
		}
		if (k < a->chooser.nall)
			continue;
		status = fs >= 0 && v[i].v[fs] != NULL ? v[i].v[fs] : "open";
		if (fa >= 0 && v[i].v[fa] != NULL && strcmp(v[i].v[fa], "1") == 0)
			status = "archived";
		if (open_only && strcmp(status, "open") != 0)
			continue;
		title = v[i].v[ft] != NULL ? v[i].v[ft] : "";
		who = fp >= 0 && v[i].names[fp] != NULL ? v[i].names[fp] :
		    fo >= 0 && v[i].names[fo] != NULL ? v[i].names[fo] :
		    fe >= 0 && v[i].v[fe] != NULL ? v[i].v[fe] : "";
		buf_free(&label);
		buf_addf(&label, "%-8s %s%s%s%s%s", store_crm_kind_name(kind), title,
		    *who != '\0' ? " — " : "", who, fs >= 0 || fa >= 0 ? "  · " : "",
		    fs >= 0 || fa >= 0 ? status : "");
		_ui_chooser_add(&a->chooser, store_crm_kind_name(kind), v[i].v[0],
		    label.data);
	}
	buf_free(&label);
	crm_items_free(v, n);
}

/* l: the item picker over open deals, leads and projects; candidates of
 * a "choose item" thread first (LINK-09/16/23). */
static void
crm_link_picker(struct app *a)
{
	size_t i;
	char *label;

	if (!crm_targets(a))
		return;
	_ui_side_load(&a->side, a->st, a->pick_threads[0]);
	chooser_open(a, P_LINK, a->npick > 1 ? _("Link the tagged threads to") :
	    _("Link the thread to (type to filter, Enter links, Escape cancels)"));
	a->chooser.empty = _("no open deal, lead or project matches");
	for (i = 0; a->side.loaded && i < a->side.link.ncandidates; i++) {
		label = xasprintf("%-8s %s  · %s%s%s  · %s",
		    a->side.link.candidates[i].type, a->side.link.candidates[i].title,
		    a->side.link.candidates[i].status,
		    a->side.link.candidates[i].value != NULL ? ", " : "",
		    a->side.link.candidates[i].value != NULL ?
		    a->side.link.candidates[i].value : "", _("candidate"));
		_ui_chooser_add(&a->chooser, a->side.link.candidates[i].type,
		    a->side.link.candidates[i].id, label);
		free(label);
	}
	chooser_add_items(a, CRM_DEAL, true);
	chooser_add_items(a, CRM_LEAD, true);
	chooser_add_items(a, CRM_PROJECT, true);
	_ui_chooser_refilter(&a->chooser);
}

static void
crm_unlink_threads(struct app *a)
{
	char *cause = NULL;
	size_t i, done = 0;

	if (!crm_targets(a))
		return;
	for (i = 0; i < a->npick; i++) {
		if (crm_unlink(a->st, a->pick_threads[i], &cause) == TT_OK)
			done++;
		else {
			say(a, "%s", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (done > 0)
		say(a, ngettext_("%zu thread unlinked", "%zu threads unlinked", done),
		    done);
	crm_changed(a);
}

/* p: a participant's address first, then who it is (LINK-05). */
static void
crm_person_picker(struct app *a)
{
	struct store_thread t;
	struct store_message *m = NULL;
	const struct account *acct;
	size_t n = 0, i, k;
	char *cause = NULL, *label;
	int64_t person;
	bool several, own;

	if (!crm_targets(a))
		return;
	if (store_thread_get(a->st, a->pick_threads[0], &t, &m, &n, &cause) !=
	    TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	chooser_open(a, P_ADDRESS, _("Whose address? (Enter picks one)"));
	a->chooser.empty = _("nobody here but you");
	for (i = 0; i < t.participants.n; i++) {
		for (own = false, k = 0; k < a->cfg->naccounts; k++) {
			acct = a->cfg->accounts[k];
			own = own || (acct->email != NULL && ascii_strcasecmp(acct->email,
			    t.participants.v[i].email) == 0);
		}
		if (own)
			continue;
		person = 0;
		store_person_for_address(a->st, t.participants.v[i].email, &person,
		    &several, NULL);
		label = xasprintf("%s <%s>%s", t.participants.v[i].name,
		    t.participants.v[i].email, person != 0 ? _("  · a person already") :
		    several ? _("  · several persons have it") : "");
		_ui_chooser_add(&a->chooser, t.participants.v[i].name,
		    t.participants.v[i].email, label);
		free(label);
	}
	_ui_chooser_refilter(&a->chooser);
	store_messages_free(m, n);
	store_thread_clear(&t);
}

/* After the address: a new person, or one of the persons. */
static void
crm_person_for(struct app *a, const struct ui_choice *c)
{
	char *label, *name = xstrdup(c->type);

	free(a->pick_address);
	a->pick_address = xstrdup(c->id);
	chooser_open(a, P_PERSON, _("Who is it? A new person, or one in the CRM"));
	label = xasprintf(_("+ new person: %s <%s>"), *name != '\0' ? name :
	    c->id, c->id);
	_ui_chooser_add(&a->chooser, "new", name, label);
	free(label);
	free(name);
	chooser_add_items(a, CRM_PERSON, false);
	_ui_chooser_refilter(&a->chooser);
}

static void
crm_person_chosen(struct app *a, const struct ui_choice *c)
{
	struct crm_item it;
	char *cause = NULL, *name = NULL, *id = NULL;
	int64_t threads = 0;
	tt_status s = TT_OK;

	if (strcmp(c->type, "new") == 0) {
		char *label = xasprintf(_("Name (Enter keeps \"%s\"):"), c->id);

		name = prompt(a, label);
		free(label);
		if (name == NULL)
			return;
		crm_item_init(&it, CRM_PERSON);
		crm_item_set(&it, (size_t)store_crm_field_index(CRM_PERSON, "name"),
		    *name != '\0' ? name : *c->id != '\0' ? c->id : a->pick_address);
		crm_item_set(&it, (size_t)store_crm_field_index(CRM_PERSON, "emails"),
		    a->pick_address);
		s = crm_save(a->st, &it, 0, &id, &cause);
		crm_item_clear(&it);
	} else
		id = xstrdup(c->id);
	if (s == TT_OK)
		s = crm_attach_address(a->st, id, a->pick_address, &threads, &cause);
	if (s == TT_OK)
		say(a, ngettext_("%s is person %s's now: %lld thread shows it",
		    "%s is person %s's now: %lld threads show it",
		    (unsigned long)threads), a->pick_address, id, (long long)threads);
	else {
		say(a, "%s", cause);
		free(cause);
	}
	free(id);
	free(name);
	crm_changed(a);
}

/* +: a deal or lead from the thread, with its first person, linked. */
static void
crm_new_item(struct app *a)
{
	struct store_thread t;
	struct store_message *m = NULL;
	struct crm_item it;
	enum crm_kind kind;
	char *what, *title, *label, *cause = NULL, *id = NULL;
	size_t n = 0;
	tt_status s;

	if (!crm_targets(a))
		return;
	_ui_side_load(&a->side, a->st, a->pick_threads[0]);
	if (!a->side.loaded || a->side.link.npersons == 0) {
		say(a, "%s", _("nobody in this thread is a person in the CRM yet; "
		    "p makes one first"));
		return;
	}
	if ((what = prompt(a, _("New (d)eal or (l)ead?"))) == NULL)
		return;
	if (what[0] != 'd' && what[0] != 'l') {
		say(a, "%s", _("nothing made (d for a deal, l for a lead)"));
		free(what);
		return;
	}
	kind = what[0] == 'd' ? CRM_DEAL : CRM_LEAD;
	free(what);
	if (store_thread_get(a->st, a->pick_threads[0], &t, &m, &n, &cause) !=
	    TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	label = xasprintf(_("Title (Enter keeps \"%s\"):"), t.subject);
	title = prompt(a, label);
	free(label);
	if (title != NULL) {
		char *person = xasprintf("%lld", (long long)a->side.link.persons[0].id);

		crm_item_init(&it, kind);
		crm_item_set(&it, (size_t)store_crm_field_index(kind, "title"),
		    *title != '\0' ? title : t.subject);
		crm_item_set(&it, (size_t)store_crm_field_index(kind, "person"), person);
		free(person);
		s = crm_save(a->st, &it, 0, &id, &cause);
		crm_item_clear(&it);
		if (s == TT_OK)
			s = crm_link(a->st, a->pick_threads[0], store_crm_kind_name(kind),
			    id, &cause);
		if (s == TT_OK)
			say(a, _("%s %s made and the thread linked to it (o opens it)"),
			    store_crm_kind_name(kind), id);
		else {
			say(a, "%s", cause);
			free(cause);
		}
		free(id);
		free(title);
	}
	store_messages_free(m, n);
	store_thread_clear(&t);
	crm_changed(a);
}

/* Opens an item's view, remembering where q goes back to. */
static void
item_open(struct app *a, enum crm_kind kind, const char *id)
{
	char *cause = NULL;

	a->item.cursor = 0;
	if (!_ui_item_load(&a->item, a->st, kind, id, &cause)) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	if (a->pane != &pane_item)
		a->item_back = a->pane == &pane_chooser ? a->chooser_back : a->pane;
	a->pane = &pane_item;
}

/* o: the thread's item, else its first person. */
static void
crm_open_item(struct app *a)
{
	int64_t t = a->pane == &pane_thread ? a->thread_id : current_thread(a);
	enum crm_kind kind;
	char id[32];

	if (t == 0) {
		say(a, "%s", _("no thread here"));
		return;
	}
	_ui_side_load(&a->side, a->st, t);
	if (!a->side.loaded)
		return;
	if (a->side.link.item.type != NULL &&
	    store_crm_kind_parse(a->side.link.item.type, &kind))
		item_open(a, kind, a->side.link.item.id);
	else if (a->side.link.npersons > 0) {
		snprintf(id, sizeof id, "%lld", (long long)a->side.link.persons[0].id);
		item_open(a, CRM_PERSON, id);
	} else
		say(a, "%s", _("this thread has no item and nobody in the CRM"));
}

/* C: the CRM's lists, one kind at a time (Tab goes to the next). */
static void
crm_lists(struct app *a, enum crm_kind kind)
{
	static const char *const titles[CRM_NKINDS] = {
		N_("Persons"), N_("Organizations"), N_("Deals"), N_("Leads"),
		N_("Projects"),
	};
	char *title = xasprintf(_("%s (type to search, Enter opens, Tab: next "
	    "kind, Escape leaves)"), _(titles[kind]));

	chooser_open(a, P_LIST, title);
	free(title);
	a->chooser.kind = kind;
	a->chooser.empty = _("none yet: tether crm add or crm import makes some");
	chooser_add_items(a, kind, false);
	_ui_chooser_refilter(&a->chooser);
}

/* --- compose ----------------------------------------------------------------- */

/* The compose pane's sentence goes to the status line. */
static void
compose_note(struct app *a)
{
	if (a->compose.note != NULL)
		say(a, "%s", a->compose.note);
}

static void
compose_open(struct app *a, const struct ui_compose_from *from)
{
	char *cause = NULL;

	if (a->pane == &pane_compose)
		return;
	if (!_ui_compose_start(&a->compose, a->st, a->cfg, from, &cause)) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	a->compose_back = a->pane == &pane_chooser ? a->chooser_back : a->pane;
	a->pane = &pane_compose;
	if (a->compose.acct == NULL)
		say(a, "%s", _("there is no account to send from: the draft is kept, S sets one up"));
}

static void
compose_leave(struct app *a)
{
	a->pane = a->compose_back != NULL ? a->compose_back : &pane_index;
	_ui_compose_clear(&a->compose);
	load_page(a);
	if (a->pane == &pane_thread && a->thread_id != 0)
		load_thread(a, a->thread_id);
}

/* The person's primary address of an item view, for m. */
static char *
item_recipient(struct app *a)
{
	struct crm_item p;
	const char *pid = NULL, *emails;
	char *cause = NULL, *out = NULL;
	int i;

	if (a->item.kind == CRM_PERSON)
		pid = a->item.id;
	else if ((i = store_crm_field_index(a->item.kind, "person")) > 0)
		pid = a->item.item.v[i];
	if (pid == NULL || store_crm_get(a->st, CRM_PERSON, pid, &p, &cause) != TT_OK) {
		free(cause);
		return NULL;
	}
	i = store_crm_field_index(CRM_PERSON, "emails");
	emails = i > 0 ? p.v[i] : NULL;
	if (emails != NULL && emails[0] != '\0') {
		i = store_crm_field_index(CRM_PERSON, "name");
		out = xasprintf("%s <%.*s>", p.v[i] != NULL ? p.v[i] : "",
		    (int)strcspn(emails, ";"), emails);
	}
	crm_item_clear(&p);
	return out;
}

/* r, g, f and m: which one the key says (a rebound key replies). */
static void
compose_from_key(struct app *a, int key)
{
	struct ui_compose_from from = { .mode = COMPOSE_REPLY };
	struct store_thread t;
	struct store_message *m = NULL;
	size_t n = 0;
	char *cause = NULL, *to = NULL;
	int64_t thread;

	if (key == 'm' || a->pane == &pane_item) {
		if (a->pane == &pane_item && a->item.loaded) {
			/* CMP-05: from an item's view, to its person, linked. */
			if (a->item.kind != CRM_PERSON && a->item.kind != CRM_ORG) {
				from.item_type = store_crm_kind_name(a->item.kind);
				from.item_id = a->item.id;
			}
			from.to = to = item_recipient(a);
		}
		compose_open(a, &from);
		free(to);
		return;
	}
	thread = a->pane == &pane_thread ? a->thread_id : current_thread(a);
	if (thread == 0) {
		say(a, "%s", _("no thread here: m writes a new message"));
		return;
	}
	if (store_thread_get(a->st, thread, &t, &m, &n, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	/* The thread's newest message is the one answered. */
	if (n > 0) {
		from.message_id = m[n - 1].id;
		from.mode = key == 'g' ? COMPOSE_REPLY_ALL : key == 'f' ? COMPOSE_FORWARD :
		    COMPOSE_REPLY;
		compose_open(a, &from);
	}
	store_thread_clear(&t);
	store_messages_free(m, n);
}

static void
drafts_picker(struct app *a)
{
	struct store_draft *v = NULL;
	char *cause = NULL, id[24], when[21], *label;
	size_t n = 0;

	if (store_draft_list(a->st, &v, &n, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	if (n == 0) {
		say(a, "%s", _("no drafts: m writes a new message"));
		free(v);
		return;
	}
	chooser_open(a, P_DRAFT, _("Drafts (Enter goes on with one, Escape cancels)"));
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		time_format_utc(v[i].updated_at, when);
		label = xasprintf("%.16s  %-30.30s  %s", when, v[i].to != NULL && v[i].to[0] != '\0' ?
		    v[i].to : _("(no recipient)"), v[i].subject != NULL && v[i].subject[0] != '\0' ?
		    v[i].subject : _("(no subject)"));
		_ui_chooser_add(&a->chooser, "draft", id, label);
		free(label);
		store_draft_clear(&v[i]);
	}
	free(v);
	_ui_chooser_refilter(&a->chooser);
}

/* C-e: the text in $EDITOR (vi when unset), read back when it exits. */
static void
compose_editor(struct app *a)
{
	char path[] = "/tmp/tether-draft-XXXXXX.txt", *data = NULL, *cause = NULL;
	const char *editor = getenv("VISUAL") != NULL ? getenv("VISUAL") :
	    getenv("EDITOR") != NULL ? getenv("EDITOR") : "vi";
	const char *text = ui_editor_text(a->compose.body);
	size_t len = 0;
	int fd, status = -1;
	pid_t pid;

	if ((fd = mkstemps(path, 4)) < 0) {
		say(a, _("cannot make a file for the editor: %s"), strerror(errno));
		return;
	}
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		say(a, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	bidi_mode(false);
	def_prog_mode();
	endwin();
	/* $EDITOR may hold options ("emacs -nw"): a shell splits it. */
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	reset_prog_mode();
	bidi_mode(true);
	clearok(curscr, TRUE);
	if (file_read_all(path, (size_t)64 << 20, &data, &len, &cause) != TT_OK) {
		say(a, "%s", cause);
		free(cause);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		say(a, _("%s ended with an error: the text is as it was"), editor);
	} else {
		ui_editor_set_text(a->compose.body, data);
		_ui_compose_key(&a->compose, 0, false, a->rows, a->cols);
	}
	free(data);
	unlink(path);
}

static void
compose_sent(struct app *a)
{
	char *note = a->compose.note != NULL ? xstrdup(a->compose.note) : NULL;
	int64_t queued = a->compose.queued;
	time_t queued_at = a->compose.queued_at;

	/* The sync beside us sends it now. */
	if (a->child.pid > 0)
		_ui_child_wake(&a->child, NULL);
	compose_leave(a);
	if (a->child.pid > 0 || queued_at > 0)
		say(a, "%s", note != NULL ? note : "");
	else
		say(a, _("outbox message %lld waits: no sync runs beside the interface "
		    "(no account, or the demo); tether outbox flush sends it"), (long long)queued);
	free(note);
}

static void
compose_request(struct app *a, enum ui_compose_req req)
{
	char *s, *cause = NULL;
	time_t at;

	for (;;) {
		switch (req) {
		case UI_CR_NONE:
			compose_note(a);
			return;
		case UI_CR_SENT:
			compose_sent(a);
			return;
		case UI_CR_CLOSE:
			s = a->compose.draft_id != 0 ? xasprintf(_("draft %lld kept: D goes on "
			    "with it"), (long long)a->compose.draft_id) : NULL;
			/* The sync beside us stores it in the Drafts folder. */
			if (a->child.pid > 0)
				_ui_child_wake(&a->child, NULL);
			compose_leave(a);
			if (s != NULL)
				say(a, "%s", s);
			free(s);
			return;
		case UI_CR_LATER:
			/* CMP-23: a time in the user's zone. */
			s = prompt(a, _("Send at (YYYY-MM-DD HH:MM, or +30m, +2h, +1d):"));
			if (s == NULL || s[0] == '\0') {
				free(s);
				return;
			}
			if (!compose_parse_when(s, time_now(), &at) || at <= time_now()) {
				say(a, _("\"%s\" is not a time to come"), s);
				free(s);
				return;
			}
			free(s);
			req = _ui_compose_send(&a->compose, at, false);
			continue;
		case UI_CR_CONFIRM_EMPTY:
			s = xasprintf(_("Send with these fields empty? (y/n) %s"),
			    a->compose.pending);
			free(a->compose.pending);
			a->compose.pending = prompt(a, s);
			free(s);
			if (a->compose.pending == NULL || (a->compose.pending[0] != 'y' &&
			    a->compose.pending[0] != 'Y')) {
				say(a, "%s", _("not sent: fill the fields or remove them (C-f inserts a field)"));
				return;
			}
			req = _ui_compose_send(&a->compose, a->compose.pending_at, true);
			continue;
		case UI_CR_TEMPLATE:
			chooser_open(a, P_TEMPLATE, _("Apply a template (its smart fields are "
			    "filled now)"));
			a->chooser_back = &pane_compose;
			a->chooser.empty = _("no templates: tether template add makes one");
			_ui_compose_templates(&a->compose, &a->chooser);
			_ui_chooser_refilter(&a->chooser);
			return;
		case UI_CR_FIELD:
			chooser_open(a, P_FIELD, _("Insert a smart field (filled from the draft's "
			    "deal, person and account)"));
			a->chooser_back = &pane_compose;
			_ui_compose_fields(&a->compose, &a->chooser);
			_ui_chooser_refilter(&a->chooser);
			return;
		case UI_CR_ATTACH:
			s = prompt_complete(a, _("Attach (Tab completes):"), _ui_compose_complete_path);
			if (s != NULL && s[0] != '\0')
				_ui_compose_attach(&a->compose, s);
			free(s);
			compose_note(a);
			return;
		case UI_CR_EDITOR:
			compose_editor(a);
			return;
		case UI_CR_LINK:
			/* The item a new thread will be linked to once sent. */
			chooser_open(a, P_COMPOSE_ITEM, _("The message belongs to (type to filter, "
			    "Enter chooses)"));
			a->chooser_back = &pane_compose;
			_ui_chooser_add(&a->chooser, "none", "", _("no item"));
			chooser_add_items(a, CRM_DEAL, true);
			chooser_add_items(a, CRM_LEAD, true);
			chooser_add_items(a, CRM_PROJECT, true);
			_ui_chooser_refilter(&a->chooser);
			return;
		case UI_CR_SAVE_TEMPLATE:
			s = prompt(a, _("Save as template named (a trailing ! makes it private):"));
			if (s != NULL && s[0] != '\0') {
				size_t n = strlen(s);
				bool priv = s[n - 1] == '!';

				if (priv)
					s[n - 1] = '\0';
				if (s[0] != '\0')
					_ui_compose_save_template(&a->compose, s, priv);
			}
			free(s);
			compose_note(a);
			return;
		case UI_CR_SENDER: {
			struct account *acct = config_account_find(a->cfg, a->compose.acct->name);

			s = xasprintf(_("Your name as recipients see it (account %s):"),
			    a->compose.acct->name);
			free(a->compose.pending);
			a->compose.pending = prompt(a, s);
			free(s);
			if (a->compose.pending == NULL || a->compose.pending[0] == '\0' ||
			    acct == NULL)
				return;
			if (config_file_set(a->ctx->paths.config_file, acct->name, "name",
			    a->compose.pending, &cause) != TT_OK) {
				say(a, "%s", cause);
				free(cause);
				return;
			}
			/* SNDR-02: from this message on; what was sent stays. */
			free(acct->sender_name);
			acct->sender_name = xstrdup(a->compose.pending);
			if (acct->preset != NULL && acct->preset->sender_name_readonly)
				say(a, _("saved; note that %s sets the sender name itself (SNDR-03)"),
				    acct->preset->label);
			else
				say(a, _("sender name saved in %s"), a->ctx->paths.config_file);
			return;
		}
		case UI_CR_DISCARD:
			s = prompt(a, _("Discard this draft for good? (y/n)"));
			if (s != NULL && (s[0] == 'y' || s[0] == 'Y')) {
				if (a->compose.draft_id != 0 && store_draft_delete(a->st,
				    a->compose.draft_id, &cause) != TT_OK)
					free(cause);
				a->compose.draft_id = 0;
				compose_leave(a);
				say(a, "%s", _("draft discarded"));
			}
			free(s);
			return;
		}
	}
}

static void
key_compose_raw(struct app *a, int key, bool is_code)
{
	compose_request(a, _ui_compose_key(&a->compose, key, is_code, list_rows(a), a->cols));
}

static void
draw_compose(struct app *a)
{
	_ui_compose_draw(&a->compose, list_rows(a), a->cols, a->color, &a->ccy, &a->ccx);
}

static void
key_compose(struct app *a, enum action act, int key)
{
	(void)act;
	key_compose_raw(a, key, key >= KEY_MIN);
}

static void
chosen(struct app *a, const struct ui_choice *c)
{
	char *cause = NULL;
	size_t i, done = 0;
	enum crm_kind kind;

	switch (a->chooser.purpose) {
	case P_LINK:
		for (i = 0; i < a->npick; i++) {
			if (crm_link(a->st, a->pick_threads[i], c->type, c->id, &cause) ==
			    TT_OK)
				done++;
			else {
				say(a, "%s", cause);
				free(cause);
				cause = NULL;
			}
		}
		a->pane = a->chooser_back;
		if (done > 0)
			say(a, ngettext_("%zu thread linked to %s %s", "%zu threads "
			    "linked to %s %s", done), done, c->type, c->id);
		crm_changed(a);
		break;
	case P_ADDRESS:
		crm_person_for(a, c);
		break;
	case P_PERSON:
		a->pane = a->chooser_back;
		crm_person_chosen(a, c);
		break;
	case P_LIST:
		if (store_crm_kind_parse(c->type, &kind))
			item_open(a, kind, c->id);
		break;
	case P_TEMPLATE:
		a->pane = &pane_compose;
		_ui_compose_apply_template(&a->compose, c->id);
		compose_note(a);
		break;
	case P_FIELD:
		a->pane = &pane_compose;
		_ui_compose_insert_field(&a->compose, c->id);
		compose_note(a);
		break;
	case P_COMPOSE_ITEM:
		a->pane = &pane_compose;
		if (strcmp(c->type, "none") == 0)
			_ui_compose_set_item(&a->compose, NULL, NULL);
		else
			_ui_compose_set_item(&a->compose, c->type, c->id);
		compose_note(a);
		break;
	case P_DRAFT:
		a->pane = a->chooser_back;
		compose_open(a, &(struct ui_compose_from){ .draft_id = strtoll(c->id, NULL, 10) });
		break;
	}
}

/* Keys of the chooser: typed text filters, so they are taken raw. */
static void
key_chooser_raw(struct app *a, int key, bool is_code)
{
	const struct ui_choice *c;
	struct ui_choice copy;

	switch (_ui_chooser_key(&a->chooser, key, is_code, a->rows)) {
	case UI_CHOSEN:
		if ((c = _ui_chooser_current(&a->chooser)) == NULL)
			break;
		/* The chooser may be rebuilt by what choosing does. */
		copy.type = xstrdup(c->type);
		copy.id = xstrdup(c->id);
		copy.label = xstrdup(c->label);
		chosen(a, &copy);
		free(copy.type);
		free(copy.id);
		free(copy.label);
		break;
	case UI_CANCELLED:
		a->pane = a->chooser_back;
		break;
	case UI_NEXT_KIND:
		if (a->chooser.purpose == P_LIST)
			crm_lists(a, (enum crm_kind)((a->chooser.kind + 1) % CRM_NKINDS));
		break;
	default:
		break;
	}
}

static void
draw_chooser(struct app *a)
{
	_ui_chooser_draw(&a->chooser, list_rows(a), a->cols, a->color);
}

static void
key_chooser(struct app *a, enum action act, int key)
{
	(void)act;
	key_chooser_raw(a, key, key >= KEY_MIN);
}

static void
draw_item(struct app *a)
{
	_ui_item_draw(&a->item, list_rows(a), a->cols, a->color);
}

static void
key_item(struct app *a, enum action act, int key)
{
	(void)key;
	switch (act) {
	case A_DOWN:
		if (a->item.cursor + 1 < a->item.nthreads)
			a->item.cursor++;
		break;
	case A_UP:
		if (a->item.cursor > 0)
			a->item.cursor--;
		break;
	case A_PGDN:
		a->item.cursor += (size_t)list_rows(a) / 2;
		if (a->item.cursor >= a->item.nthreads)
			a->item.cursor = a->item.nthreads > 0 ? a->item.nthreads - 1 : 0;
		break;
	case A_PGUP:
		a->item.cursor = a->item.cursor > (size_t)list_rows(a) / 2 ?
		    a->item.cursor - (size_t)list_rows(a) / 2 : 0;
		break;
	case A_HOME:
		a->item.cursor = 0;
		break;
	case A_END:
		a->item.cursor = a->item.nthreads > 0 ? a->item.nthreads - 1 : 0;
		break;
	case A_OPEN:
		if (a->item.cursor < a->item.nthreads) {
			load_thread(a, a->item.threads[a->item.cursor].id);
			a->thread_back = &pane_item;
			a->pane = &pane_thread;
		}
		break;
	case A_BACK:
		a->pane = a->item_back != NULL ? a->item_back : &pane_index;
		if (a->pane == &pane_chooser && a->chooser.purpose != P_LIST)
			a->pane = &pane_index;
		break;
	default:
		say(a, "%s", _("Enter opens a thread, q goes back"));
		break;
	}
}

static enum action
action_of(const struct app *a, int key)
{
	size_t i;

	for (i = 0; i < a->nkeys; i++) {
		if (a->keys[i].key == key)
			return a->keys[i].act;
	}
	return A_NONE;
}

/* The defaults, then the configuration's [keys]: a key bound there loses
 * its default; "none" leaves it unbound. */
static void
load_keys(struct app *a)
{
	const struct config_key *ck;
	size_t i, k, j;
	int code;

	a->nkeys = TT_ARRAY_LEN(default_keys);
	a->keys = xreallocarray(NULL, a->nkeys + a->cfg->nkeys, sizeof *a->keys);
	memcpy(a->keys, default_keys, sizeof default_keys);
	for (i = 0; i < a->cfg->nkeys; i++) {
		ck = &a->cfg->keys[i];
		if ((code = key_code(ck->key)) < 0)
			continue;
		for (k = j = 0; k < a->nkeys; k++) {
			if (a->keys[k].key != code)
				a->keys[j++] = a->keys[k];
		}
		a->nkeys = j;
		for (k = 0; k < TT_ARRAY_LEN(action_info); k++) {
			if (strcmp(action_info[k].name, ck->action) == 0 &&
			    action_info[k].act != A_NONE) {
				a->keys[a->nkeys].key = code;
				a->keys[a->nkeys].act = action_info[k].act;
				a->nkeys++;
			}
		}
	}
}

/* Moves a cursor within [0, total), keeping it on screen. */
static void
move_cursor(struct app *a, int64_t to)
{
	int64_t total = rows_total(a), rows = list_rows(a), old_top = a->top;

	if (to >= total)
		to = total - 1;
	if (to < 0)
		to = 0;
	a->cursor = to;
	if (a->cursor < a->top)
		a->top = a->cursor;
	if (a->cursor >= a->top + rows)
		a->top = a->cursor - rows + 1;
	if (a->top != old_top)
		load_page(a);
}

static void
key_index(struct app *a, enum action act, int key)
{
	int64_t rows = list_rows(a), t;

	switch (act) {
	case A_DOWN: move_cursor(a, a->cursor + 1); break;
	case A_UP: move_cursor(a, a->cursor - 1); break;
	case A_PGDN: move_cursor(a, a->cursor + rows); break;
	case A_PGUP: move_cursor(a, a->cursor - rows); break;
	case A_HOME: move_cursor(a, 0); break;
	case A_END:
		if (a->defer_count) {
			a->defer_count = false;
			load_page(a);
		}
		move_cursor(a, rows_total(a) - 1);
		break;
	case A_OPEN:
		if ((t = current_thread(a)) != 0) {
			/* Opening a thread reads it, as in mutt; N undoes. */
			bool unread = a->query == NULL &&
			    a->cursor - a->top < (int64_t)a->npage &&
			    a->page[a->cursor - a->top].unread_count > 0;

			/* Loaded first: what was unread shows unfolded. */
			load_thread(a, t);
			if (unread)
				(void)set_flag(a, &t, 1, MSG_SEEN, true);
			a->pane = &pane_thread;
		}
		break;
	case A_BACK:
		if (a->query != NULL) {
			free(a->query);
			a->query = NULL;
			a->cursor = a->top = 0;
			load_page(a);
		} else
			a->quit = true;
		break;
	case A_NEXT:
		move_cursor(a, a->cursor + 1);
		break;
	case A_TAG:
		if ((t = current_thread(a)) == 0)
			break;
		if (is_tagged(a, t)) {
			size_t i;

			for (i = 0; i < a->ntagged && a->tagged[i] != t; i++)
				;
			a->tagged[i] = a->tagged[--a->ntagged];
		} else {
			a->tagged = xreallocarray(a->tagged, a->ntagged + 1,
			    sizeof *a->tagged);
			a->tagged[a->ntagged++] = t;
		}
		move_cursor(a, a->cursor + 1);
		break;
	default:
		(void)key;
		break;
	}
}

static void
key_pager(struct app *a, enum action act, int key)
{
	int64_t rows = list_rows(a), last = (int64_t)a->lines.n - rows;

	(void)key;
	if (last < 0)
		last = 0;
	switch (act) {
	case A_DOWN: a->ptop++; break;
	case A_UP: a->ptop--; break;
	case A_PGDN: a->ptop += rows - 1; break;
	case A_PGUP: a->ptop -= rows - 1; break;
	case A_HOME: a->ptop = 0; break;
	case A_END: a->ptop = last; break;
	case A_BACK:
	case A_OPEN:
		a->pane = a->thread_back != NULL ? a->thread_back : &pane_index;
		a->thread_back = NULL;
		load_page(a);
		return;
	default:
		break;
	}
	if (a->ptop > last)
		a->ptop = last;
	if (a->ptop < 0)
		a->ptop = 0;
}

static void
key_folders(struct app *a, enum action act, int key)
{
	(void)key;
	switch (act) {
	case A_DOWN:
		if (a->fcursor < a->nfolders)
			a->fcursor++;
		break;
	case A_UP:
		if (a->fcursor > 0)
			a->fcursor--;
		break;
	case A_OPEN:
		open_folder(a, a->fcursor == 0 ? NULL : &a->folders[a->fcursor - 1]);
		a->pane = &pane_index;
		break;
	case A_BACK:
		a->pane = &pane_index;
		break;
	default:
		break;
	}
}

static void
key_help(struct app *a, enum action act, int key)
{
	int last = (int)TT_ARRAY_LEN(action_info) - (list_rows(a) - 2);

	(void)key;
	if (act == A_BACK || act == A_HELP) {
		a->pane = a->back_to;
		a->help_top = 0;
	} else if (act == A_DOWN || act == A_PGDN)
		a->help_top += act == A_DOWN ? 1 : list_rows(a) - 3;
	else if (act == A_UP || act == A_PGUP)
		a->help_top -= act == A_UP ? 1 : list_rows(a) - 3;
	else if (act == A_HOME)
		a->help_top = 0;
	else if (act == A_END)
		a->help_top = last;
	if (a->help_top > last)
		a->help_top = last;
	if (a->help_top < 0)
		a->help_top = 0;
}

static const struct pane pane_index = { "index", draw_index_pane, key_index };
static const struct pane pane_thread = { "thread", draw_thread_pane, key_pager };
static const struct pane pane_folders = { "folders", draw_folders, key_folders };
static const struct pane pane_help = { "help", draw_help, key_help };
static const struct pane pane_chooser = { "chooser", draw_chooser, key_chooser };
static const struct pane pane_item = { "item", draw_item, key_item };
static const struct pane pane_compose = { "compose", draw_compose, key_compose };

static void
handle_key(struct app *a, int key)
{
	enum action act = action_of(a, key);

	free(a->msg);
	a->msg = NULL;
	if (a->pane == &pane_chooser) {
		a->pane->key(a, act, key);
		return;
	}
	if (a->pane == &pane_help) {
		a->pane->key(a, act, key);
		return;
	}
	/* Typing in the compose pane is text, not actions. */
	if (a->pane == &pane_compose) {
		a->pane->key(a, act, key);
		return;
	}
	switch (act) {
	case A_QUIT:
		a->quit = true;
		return;
	case A_HELP:
		a->back_to = a->pane;
		a->pane = &pane_help;
		return;
	case A_REDRAW:
		clearok(curscr, TRUE);
		return;
	case A_SUSPEND:
		/* Raw mode reads ^Z as a key: the terminal goes back to the
		 * shell as it was, and comes back redrawn. */
		bidi_mode(false);
		endwin();
		raise(SIGTSTP);
		refresh();
		bidi_mode(true);
		clearok(curscr, TRUE);
		return;
	case A_SEARCH:
		search(a);
		a->pane = &pane_index;
		return;
	case A_FOLDER:
		load_folders(a, true);
		a->fcursor = 0;
		a->pane = &pane_folders;
		return;
	case A_APPLY:
		if (a->ntagged == 0)
			say(a, "%s", _("no thread is tagged (t tags one)"));
		else {
			a->apply_next = true;
			say(a, ngettext_("; the next key acts on %zu tagged thread",
			    "; the next key acts on %zu tagged threads", a->ntagged),
			    a->ntagged);
		}
		return;
	case A_READ:
	case A_FLAG:
	case A_ARCHIVE:
	case A_DELETE:
		if (a->pane != &pane_folders)
			act_on(a, act);
		return;
	case A_UNDO:
		undo(a);
		return;
	case A_COMMAND:
		command(a);
		return;
	case A_SETUP:
		run_setup(a);
		return;
	case A_PAGER:
		pager(a);
		return;
	case A_EXPAND:
		a->expand_all = !a->expand_all;
		if (a->thread_id != 0)
			load_thread(a, a->thread_id);
		return;
	case A_SIDEBAR:
		a->sidebar = !a->sidebar;
		layout(a);
		erase();
		load_page(a);
		if (a->thread_id != 0)
			load_thread(a, a->thread_id);
		return;
	case A_LINK:
	case A_UNLINK:
	case A_PERSON:
	case A_NEW_ITEM:
	case A_OPEN_ITEM:
		if (a->pane != &pane_index && a->pane != &pane_thread) {
			a->pane->key(a, act, key);
			return;
		}
		if (act == A_LINK)
			crm_link_picker(a);
		else if (act == A_UNLINK)
			crm_unlink_threads(a);
		else if (act == A_PERSON)
			crm_person_picker(a);
		else if (act == A_NEW_ITEM)
			crm_new_item(a);
		else
			crm_open_item(a);
		return;
	case A_CRM:
		crm_lists(a, CRM_PERSON);
		return;
	case A_PANEL:
		a->panel = !a->panel;
		layout(a);
		erase();
		load_page(a);
		if (a->thread_id != 0)
			load_thread(a, a->thread_id);
		return;
	case A_COMPOSE:
		compose_from_key(a, key);
		return;
	case A_DRAFTS:
		drafts_picker(a);
		return;
	case A_SHARE:
		say(a, "%s", _("sharing comes with the CRM, in a later version of tether"));
		return;
	case A_NONE:
		if (key != KEY_RESIZE)
			say(a, "%s", _("that key does nothing here; ? lists the keys"));
		return;
	default:
		break;
	}
	a->apply_next = false;
	a->pane->key(a, act, key);
}

/* A mouse event (mouse = yes): a click picks an index line, a double
 * click opens it, the wheel scrolls whatever is shown. */
static void
mouse(struct app *a)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		handle_key(a, KEY_UP);
		handle_key(a, KEY_UP);
		handle_key(a, KEY_UP);
		return;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		handle_key(a, KEY_DOWN);
		handle_key(a, KEY_DOWN);
		handle_key(a, KEY_DOWN);
		return;
	}
	if (a->pane != &pane_index || ev.y >= list_rows(a) || ev.x < a->ix ||
	    ev.x >= a->ix + a->iw)
		return;
	move_cursor(a, a->top + ev.y);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		handle_key(a, '\n');
}

/* --- the sync engine's events ---------------------------------------------- */

static void
set_sync_state(struct app *a, char *state)
{
	free(a->sync_state);
	a->sync_state = state;
}

/* "progress ACCOUNT/FOLDER DONE TOTAL": the folder may hold spaces, the
 * last two words are numbers. */
static void
on_progress(struct app *a, char *rest)
{
	char *sp2 = strrchr(rest, ' '), *sp1;
	long long done, total;

	if (sp2 == NULL)
		return;
	*sp2 = '\0';
	if ((sp1 = strrchr(rest, ' ')) == NULL)
		return;
	*sp1 = '\0';
	done = atoll(sp1 + 1);
	total = atoll(sp2 + 1);
	if (total == 0 || done >= total)
		set_sync_state(a, xstrdup(_("in step")));
	else
		set_sync_state(a, xasprintf(_("syncing %s %lld/%lld"), rest, done,
		    total));
}

static void
on_event(struct app *a, char *line)
{
	char *sp = strchr(line, ' '), *rest = sp != NULL ? sp + 1 : (char *)"";

	if (sp != NULL)
		*sp = '\0';
	if (strcmp(line, "progress") == 0)
		on_progress(a, rest);
	else if (strcmp(line, "changed") == 0) {
		/* Re-read what is on the screen; the store has it already. */
		load_page(a);
		if (a->pane == &pane_folders || (a->sw > 0 && a->sidebar_counts))
			load_folders(a, true);
		if (a->pane == &pane_thread || (wide(a) && a->thread_id != 0)) {
			int64_t top = a->ptop;

			load_thread(a, a->thread_id);
			a->ptop = top < (int64_t)a->lines.n ? top : 0;
		}
		_ui_side_clear(&a->side);
		set_sync_state(a, xstrdup(_("in step")));
	} else if (strcmp(line, "offline") == 0) {
		char *why = strchr(rest, ' ');

		set_sync_state(a, xasprintf(_("offline, retrying in %d s"),
		    atoi(rest)));
		/* The reason once, without hiding what the user was told last. */
		if (why != NULL && a->msg == NULL)
			say(a, "%s", why + 1);
	} else if (strcmp(line, "error") == 0)
		say(a, "%s", rest);
}

static void
read_events(struct app *a)
{
	char *line;
	bool eof;

	while ((line = _ui_child_line(&a->child, &eof)) != NULL) {
		on_event(a, line);
		free(line);
	}
	if (eof) {
		_ui_child_stop(&a->child);
		set_sync_state(a, xstrdup(_("sync stopped")));
	}
}

/* --- replay, for make bench ------------------------------------------------- */

/*
 * TETHER_UI_REPLAY=FILE: keys come from FILE (one a line: a character,
 * PgDn, PgUp, Home, End, Enter, or /WORDS for a search) instead of the
 * keyboard, each timed from the key to the end of the redraw; the figures
 * go to TETHER_UI_REPLAY_OUT (first paint, then median, p95 and max per
 * key), and the interface quits at the end of the file.
 */
struct replay {
	FILE *keys;
	FILE *out;
	double *ms;
	size_t n;
};

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static bool
replay_key(struct app *a, struct replay *r)
{
	static const struct { const char *name; int key; } names[] = {
		{ "PgDn", KEY_NPAGE }, { "PgUp", KEY_PPAGE }, { "Home", KEY_HOME },
		{ "End", KEY_END }, { "Enter", '\n' },
	};
	char line[512];
	uint64_t t0 = time_mono_us();
	size_t i, n;

	if (fgets(line, sizeof line, r->keys) == NULL)
		return false;
	n = strcspn(line, "\n");
	line[n] = '\0';
	if (line[0] == '/')
		run_search(a, xstrdup(line + 1));
	else if (n == 1)
		handle_key(a, (unsigned char)line[0]);
	else {
		for (i = 0; i < TT_ARRAY_LEN(names); i++) {
			if (strcmp(line, names[i].name) == 0)
				handle_key(a, names[i].key);
		}
	}
	draw(a);
	r->ms = xreallocarray(r->ms, r->n + 1, sizeof *r->ms);
	r->ms[r->n++] = (double)(time_mono_us() - t0) / 1000.0;
	return true;
}

static void
replay_end(struct replay *r)
{
	if (r->out != NULL && r->n > 0) {
		qsort(r->ms, r->n, sizeof *r->ms, cmp_double);
		fprintf(r->out, "keys %zu median_ms %.3f p95_ms %.3f max_ms %.3f\n", r->n,
		    r->ms[r->n / 2], r->ms[(r->n * 95) / 100], r->ms[r->n - 1]);
	}
	if (r->keys != NULL)
		fclose(r->keys);
	if (r->out != NULL)
		fclose(r->out);
	free(r->ms);
}

/* --- the loop ------------------------------------------------------------- */

/* The folder to open first: the default account's inbox, else the first. */
static const struct store_folder *
first_folder(struct app *a)
{
	const struct account *acct = config_default_account(a->cfg);
	size_t i;

	for (i = 0; i < a->nfolders; i++) {
		if (acct != NULL && strcmp(a->folders[i].account, acct->name) == 0 &&
		    a->folders[i].role != NULL &&
		    strcmp(a->folders[i].role, "inbox") == 0)
			return &a->folders[i];
	}
	return a->nfolders > 0 ? &a->folders[0] : NULL;
}

/*
 * The terminal's own bidi off while tether draws (it lays out right to
 * left text itself: reordered twice it would read backwards), back on
 * when it leaves or suspends (bidi.md 15: BDSM and SCP).  Terminals
 * without them ignore the sequences.
 */
static void
bidi_mode(bool app)
{
	if (!_ui_bidi)
		return;
	fputs(app ? "\033[8l\033[1 k" : "\033[8h\033[0 k", stdout);
	fflush(stdout);
}

/* The engine for the default account, when there is one to sync. */
static void
start_sync(struct app *a)
{
	const struct account *acct = config_default_account(a->cfg);
	char *cause = NULL;

	if (a->child.pid > 0)
		return;
	a->child.pid = -1;
	a->child.to = a->child.from = -1;
	if (acct == NULL || !acct->valid || a->ctx->demo ||
	    getenv("TETHER_NO_SYNC") != NULL)
		return;
	if (!_ui_child_start(&a->child, &a->ctx->paths, acct->name, &cause)) {
		say(a, "%s", cause);
		free(cause);
		return;
	}
	set_sync_state(a, xstrdup(_("connecting")));
}

int
ui_main(struct cli_ctx *ctx)
{
	struct app a = { .ctx = ctx, .pane = &pane_index,
	    .child = { .pid = -1, .to = -1, .from = -1 } };
	struct replay replay = { 0 };
	uint64_t started = time_mono_us();
	char *cause = NULL;
	int rc;
	wint_t ch;

	if (ui_check_terminal(&cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	if ((rc = cli_open_store(ctx, &a.cfg, &a.st)) != CLI_EXIT_OK)
		return rc;
	store_lean(a.st);
	load_folders(&a, false);
	load_keys(&a);
	/* TETHER_BIDI=off: a terminal that reorders itself gets logical text. */
	if (getenv("TETHER_BIDI") != NULL && strcmp(getenv("TETHER_BIDI"), "off") == 0)
		_ui_bidi = false;
	initscr();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Escape alone must not wait a second for a sequence to follow. */
	set_escdelay(25);
	if (a.cfg->general.mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
		    BUTTON5_PRESSED, NULL);
	a.color = has_colors() && start_color() == OK;
	if (a.color) {
		use_default_colors();
		init_pair(C_STATUS, COLOR_BLACK, COLOR_CYAN);
		init_pair(C_UNREAD, -1, -1);
		init_pair(C_QUOTE, COLOR_GREEN, -1);
		init_pair(C_HEADER, COLOR_CYAN, -1);
		init_pair(C_CURSOR, COLOR_BLACK, COLOR_WHITE);
		init_pair(C_NOTE, COLOR_YELLOW, -1);
		init_pair(C_QUOTE2, COLOR_MAGENTA, -1);
		init_pair(C_QUOTE3, COLOR_BLUE, -1);
	}
	bidi_mode(true);
	a.sidebar = true;
	a.panel = true;
	layout(&a);
	a.defer_count = true;
	open_folder(&a, first_folder(&a));
	/* Nothing to show and nowhere to fetch it from: setup first. */
	if (a.nfolders == 0 && a.cfg->naccounts == 0 && a.ctx->demo == false &&
	    getenv("TETHER_UI_REPLAY") == NULL)
		run_setup(&a);
	else if (a.nfolders == 0)
		say(&a, "%s", _("no mail yet: S sets up an account, or tether import "
		    "FILE"));
	else if (a.cfg->naccounts == 0)
		say(&a, "%s", _("local folders only: S sets up an account"));
	if (getenv("TETHER_UI_REPLAY") != NULL) {
		replay.keys = fopen(getenv("TETHER_UI_REPLAY"), "re");
		if (getenv("TETHER_UI_REPLAY_OUT") != NULL)
			replay.out = fopen(getenv("TETHER_UI_REPLAY_OUT"), "we");
	}
	draw(&a);
	if (replay.out != NULL)
		fprintf(replay.out, "first_paint_ms %.3f\n",
		    (double)(time_mono_us() - started) / 1000.0);
	/* The count comes when no key waits (or when End needs it). */
	if (replay.keys != NULL) {
		/* Timed keys see the folder as a user who waits would. */
		a.defer_count = false;
		load_page(&a);
		while (replay_key(&a, &replay) && !a.quit)
			;
		a.quit = true;
	}
	start_sync(&a);
	/* One poll over the keyboard and the engine's events: nothing blocks,
	 * nothing spins. */
	timeout(0);
	while (!a.quit) {
		struct pollfd p[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = a.child.from, .events = POLLIN },
		};

		draw(&a);
		rc = get_wch(&ch);
		if (rc == ERR && a.defer_count) {
			a.defer_count = false;
			load_page(&a);
			continue;
		}
		/* The sidebar's unread counts read every folder: idle time too. */
		if (rc == ERR && a.sw > 0 && !a.sidebar_counts) {
			a.sidebar_counts = true;
			load_folders(&a, true);
			continue;
		}
		if (rc == ERR) {
			if (poll(p, a.child.from >= 0 ? 2 : 1, -1) > 0 &&
			    a.child.from >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
				read_events(&a);
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			layout(&a);
			erase();
			load_page(&a);
			if (a.thread_id != 0)
				load_thread(&a, a.thread_id);
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			mouse(&a);
			continue;
		}
		/* The compose pane takes every key and character. */
		if (a.pane == &pane_compose) {
			free(a.msg);
			a.msg = NULL;
			key_compose_raw(&a, (int)ch, rc == KEY_CODE_YES);
			continue;
		}
		/* The chooser's filter takes any character. */
		if (a.pane == &pane_chooser) {
			free(a.msg);
			a.msg = NULL;
			key_chooser_raw(&a, (int)ch, rc == KEY_CODE_YES);
			continue;
		}
		/* Wide characters have no binding: only keys and ASCII do. */
		handle_key(&a, rc == KEY_CODE_YES || ch < 0x80 ? (int)ch : 0);
	}
	bidi_mode(false);
	endwin();
	replay_end(&replay);
	_ui_child_stop(&a.child);
	free(a.sync_state);
	store_threads_free(a.page, a.npage);
	store_messages_free(a.hits, a.nhits);
	store_folders_free(a.folders, a.nfolders);
	_ui_lines_clear(&a.lines);
	free(a.folder_name);
	free(a.query);
	free(a.tagged);
	free(a.undo.threads);
	free(a.keys);
	free(a.msg);
	_ui_side_clear(&a.side);
	_ui_chooser_clear(&a.chooser);
	_ui_item_clear(&a.item);
	_ui_compose_clear(&a.compose);
	free(a.pick_threads);
	free(a.pick_address);
	cli_close_store(&a.cfg, &a.st);
	return CLI_EXIT_OK;
}
