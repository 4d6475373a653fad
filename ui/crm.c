/* crm.c - the interface's CRM parts: the side panel of a thread, the chooser (item picker, person picker, CRM lists) and the item view. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "ui/ui-internal.h"

/* Draws s at (y, x) in width columns, made safe and laid out. */
static void
field(int y, int x, const char *s, int width)
{
	char *fit;

	if (width <= 0)
		return;
	fit = _ui_field(s != NULL ? s : "", width, true, false);
	mvaddstr(y, x, fit);
	free(fit);
}

/* --- the side panel -------------------------------------------------------- */

void
_ui_side_clear(struct ui_side *s)
{
	if (s->loaded)
		crm_thread_link_clear(&s->link);
	memset(s, 0, sizeof *s);
}

void
_ui_side_load(struct ui_side *s, struct store *st, int64_t thread)
{
	char *cause = NULL;

	_ui_side_clear(s);
	s->thread = thread;
	if (thread == 0)
		return;
	if (crm_thread_link(st, thread, &s->link, &cause) == TT_OK)
		s->loaded = true;
	free(cause);
}

/* An item as one line: "deal  Website redesign". */
static char *
item_line(const struct store_link *l)
{
	return xasprintf("%s  %s", l->type, l->title);
}

/* The details of an item: "open · Proposal made · 12000 EUR". */
static char *
item_details(const struct store_link *l)
{
	return xasprintf("%s%s%s%s%s", l->status, l->stage != NULL ? " · " : "",
	    l->stage != NULL ? l->stage : "", l->value != NULL ? " · " : "",
	    l->value != NULL ? l->value : "");
}

/* Appends the panel's lines (kind UI_LINE_*) to out, wrapped to width. */
void
_ui_side_lines(const struct ui_side *s, int width, struct ui_lines *out)
{
	const struct crm_thread_link *l = &s->link;
	char *t;
	size_t i;

	if (!s->loaded)
		return;
	_ui_lines_add(out, _("People"), width, UI_LINE_HEADER);
	if (l->npersons == 0 && l->nambiguous == 0)
		_ui_lines_add(out, _("  nobody in the CRM (p adds a person)"), width,
		    UI_LINE_NOTE);
	for (i = 0; i < l->nambiguous; i++) {
		t = xasprintf(_("  %s: multiple matching contacts (p picks one)"),
		    l->ambiguous[i]);
		_ui_lines_add(out, t, width, UI_LINE_NOTE);
		free(t);
	}
	for (i = 0; i < l->npersons; i++) {
		t = xasprintf("  %s", l->persons[i].name);
		_ui_lines_add(out, t, width, UI_LINE_BODY);
		free(t);
		if (l->persons[i].org != NULL) {
			t = xasprintf("    %s", l->persons[i].org);
			_ui_lines_add(out, t, width, UI_LINE_NOTE);
			free(t);
		}
	}
	_ui_lines_add(out, "", width, UI_LINE_BODY);
	if (l->item.type != NULL) {
		_ui_lines_add(out, _("Linked to"), width, UI_LINE_HEADER);
		t = item_line(&l->item);
		_ui_lines_add(out, t, width, UI_LINE_BODY);
		free(t);
		t = item_details(&l->item);
		_ui_lines_add(out, t, width, UI_LINE_NOTE);
		free(t);
		_ui_lines_add(out, _("o opens it, l links another, L unlinks"), width,
		    UI_LINE_NOTE);
		return;
	}
	if (l->ncandidates > 0) {
		_ui_lines_add(out, _("Choose an item (l)"), width, UI_LINE_HEADER);
		for (i = 0; i < l->ncandidates; i++) {
			t = xasprintf("  %s", l->candidates[i].title);
			_ui_lines_add(out, t, width, UI_LINE_BODY);
			free(t);
		}
		return;
	}
	_ui_lines_add(out, _("No item"), width, UI_LINE_HEADER);
	_ui_lines_add(out, l->reason, width, UI_LINE_NOTE);
	_ui_lines_add(out, _("l links one, + makes a deal or lead"), width,
	    UI_LINE_NOTE);
}

void
_ui_side_summary(const struct ui_side *s, int width, struct ui_lines *out)
{
	const struct crm_thread_link *l = &s->link;
	struct buf b = BUF_INIT;
	char *t;
	size_t i;

	if (!s->loaded)
		return;
	buf_adds(&b, _("People: "));
	if (l->npersons == 0)
		buf_adds(&b, _("nobody in the CRM (p adds a person)"));
	for (i = 0; i < l->npersons; i++)
		buf_addf(&b, "%s%s%s%s%s", i > 0 ? ", " : "", l->persons[i].name,
		    l->persons[i].org != NULL ? " (" : "", l->persons[i].org != NULL ?
		    l->persons[i].org : "", l->persons[i].org != NULL ? ")" : "");
	_ui_lines_add(out, b.data, width, UI_LINE_NOTE);
	buf_free(&b);
	if (l->item.type != NULL) {
		t = item_details(&l->item);
		buf_addf(&b, _("Linked to %s %s: %s (o opens it)"), l->item.type,
		    l->item.title, t);
		free(t);
	} else if (l->ncandidates > 0) {
		buf_adds(&b, _("Choose an item (l): "));
		for (i = 0; i < l->ncandidates; i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "", l->candidates[i].title);
	} else
		buf_addf(&b, _("%s (l links one)"), l->reason);
	_ui_lines_add(out, b.data, width, UI_LINE_NOTE);
	buf_free(&b);
}

void
_ui_side_draw(const struct ui_side *s, int rows, int x, int width, bool color)
{
	struct ui_lines lines = { 0 };
	int y;
	size_t i;

	_ui_side_lines(s, width - 1, &lines);
	for (y = 0; y < rows; y++) {
		mvaddstr(y, x - 1, "\xe2\x94\x82");
		field(y, x, "", width);
	}
	for (y = 0, i = 0; i < lines.n && y < rows; i++, y++) {
		if (lines.v[i].kind == UI_LINE_HEADER)
			attron(A_BOLD);
		else if (lines.v[i].kind == UI_LINE_NOTE)
			attron(color ? COLOR_PAIR(UI_COLOR_NOTE) : A_DIM);
		mvaddstr(y, x + 1, lines.v[i].text);
		attroff(A_BOLD | A_DIM | (color ? COLOR_PAIR(UI_COLOR_NOTE) : 0));
	}
	_ui_lines_clear(&lines);
}

/* --- the chooser ------------------------------------------------------------- */

void
_ui_chooser_clear(struct ui_chooser *c)
{
	size_t i;

	for (i = 0; i < c->nall; i++) {
		free(c->all[i].label);
		free(c->all[i].type);
		free(c->all[i].id);
	}
	free(c->all);
	free(c->shown);
	free(c->title);
	buf_free(&c->filter);
	memset(c, 0, sizeof *c);
}

void
_ui_chooser_add(struct ui_chooser *c, const char *type, const char *id,
    const char *label)
{
	c->all = xreallocarray(c->all, c->nall + 1, sizeof *c->all);
	c->all[c->nall].type = xstrdup(type);
	c->all[c->nall].id = xstrdup(id);
	c->all[c->nall].label = xstrdup(label);
	c->nall++;
}

/* Whether every word of the filter occurs in label (case ignored). */
static bool
matches(const char *label, const char *filter)
{
	char *f = xstrdup(filter), *p = f, *w, *lower = xstrdup(label);
	bool ok = true;

	ascii_lower(lower);
	ascii_lower(f);
	while (ok && (w = strsep(&p, " ")) != NULL) {
		if (*w != '\0' && strstr(lower, w) == NULL)
			ok = false;
	}
	free(f);
	free(lower);
	return ok;
}

void
_ui_chooser_refilter(struct ui_chooser *c)
{
	size_t i;

	free(c->shown);
	c->shown = xreallocarray(NULL, c->nall + 1, sizeof *c->shown);
	c->nshown = 0;
	for (i = 0; i < c->nall; i++) {
		if (c->filter.len == 0 || matches(c->all[i].label, c->filter.data))
			c->shown[c->nshown++] = i;
	}
	if (c->cursor >= c->nshown)
		c->cursor = c->nshown > 0 ? c->nshown - 1 : 0;
	if (c->top > c->cursor)
		c->top = c->cursor;
}

const struct ui_choice *
_ui_chooser_current(const struct ui_chooser *c)
{
	return c->cursor < c->nshown ? &c->all[c->shown[c->cursor]] : NULL;
}

void
_ui_chooser_draw(struct ui_chooser *c, int rows, int cols, bool color)
{
	int y, list = rows - 3;
	size_t i;
	char *head;

	erase();
	head = xasprintf("%s  (%zu of %zu)", c->title, c->nshown, c->nall);
	attron(A_BOLD);
	field(0, 0, head, cols);
	attroff(A_BOLD);
	free(head);
	head = xasprintf(_("Filter: %s"), c->filter.len > 0 ? c->filter.data : "");
	field(1, 0, head, cols);
	free(head);
	if (list < 1)
		list = 1;
	if (c->cursor >= c->top + (size_t)list)
		c->top = c->cursor - (size_t)list + 1;
	for (y = 0; y < list; y++) {
		i = c->top + (size_t)y;
		if (i >= c->nshown)
			break;
		if (i == c->cursor)
			attron(color ? COLOR_PAIR(UI_COLOR_CURSOR) : A_REVERSE);
		field(y + 2, 0, c->all[c->shown[i]].label, cols);
		attroff(A_REVERSE | (color ? COLOR_PAIR(UI_COLOR_CURSOR) : 0));
	}
	if (c->nshown == 0)
		field(3, 2, c->empty != NULL ? c->empty : _("nothing matches"),
		    cols - 2);
}

enum ui_chooser_result
_ui_chooser_key(struct ui_chooser *c, int key, bool is_code, int rows)
{
	int page = rows - 4 > 1 ? rows - 4 : 1;
	char mb[8];
	size_t n;

	if (is_code) {
		switch (key) {
		case KEY_DOWN: if (c->cursor + 1 < c->nshown) c->cursor++; break;
		case KEY_UP: if (c->cursor > 0) c->cursor--; break;
		case KEY_NPAGE:
			c->cursor = c->cursor + (size_t)page < c->nshown ?
			    c->cursor + (size_t)page : (c->nshown > 0 ? c->nshown - 1 : 0);
			break;
		case KEY_PPAGE:
			c->cursor = c->cursor > (size_t)page ? c->cursor - (size_t)page : 0;
			break;
		case KEY_HOME: c->cursor = 0; break;
		case KEY_END: c->cursor = c->nshown > 0 ? c->nshown - 1 : 0; break;
		case KEY_ENTER: return c->nshown > 0 ? UI_CHOSEN : UI_GOING_ON;
		case KEY_BACKSPACE: goto backspace;
		default: break;
		}
		return UI_GOING_ON;
	}
	switch (key) {
	case '\n':
	case '\r':
		return c->nshown > 0 ? UI_CHOSEN : UI_GOING_ON;
	case 27:
	case 7:
		return UI_CANCELLED;
	case '\t':
		return UI_NEXT_KIND;
	case 14:  /* C-n */
		if (c->cursor + 1 < c->nshown)
			c->cursor++;
		return UI_GOING_ON;
	case 16:  /* C-p */
		if (c->cursor > 0)
			c->cursor--;
		return UI_GOING_ON;
	case 127:
	case 8:
	backspace:
		/* Back one whole UTF-8 character. */
		while (c->filter.len > 0 &&
		    ((unsigned char)c->filter.data[c->filter.len - 1] & 0xc0) == 0x80)
			c->filter.len--;
		if (c->filter.len > 0)
			c->filter.len--;
		if (c->filter.data != NULL)
			c->filter.data[c->filter.len] = '\0';
		_ui_chooser_refilter(c);
		return UI_GOING_ON;
	default:
		if (key >= 0x20 && (n = utf8_encode((uint32_t)key, mb)) > 0) {
			buf_add(&c->filter, mb, n);
			c->cursor = c->top = 0;
			_ui_chooser_refilter(c);
		}
		return UI_GOING_ON;
	}
}

/* --- the item view ----------------------------------------------------------- */

void
_ui_item_clear(struct ui_item *v)
{
	if (v->loaded)
		crm_item_clear(&v->item);
	store_threads_free(v->threads, v->nthreads);
	free(v->id);
	memset(v, 0, sizeof *v);
}

bool
_ui_item_load(struct ui_item *v, struct store *st, enum crm_kind kind,
    const char *id, char **cause)
{
	struct store_item_view q = { .kind = kind, .id = id, .limit = 2000 };
	size_t cursor = v->cursor;
	char *keep = xstrdup(id);

	_ui_item_clear(v);
	v->kind = kind;
	v->id = keep;
	if (store_crm_get(st, kind, id, &v->item, cause) != TT_OK) {
		crm_item_clear(&v->item);
		return false;
	}
	v->loaded = true;
	if (store_item_threads(st, &q, &v->threads, &v->nthreads, &v->total,
	    cause) != TT_OK)
		return false;
	v->cursor = cursor < v->nthreads ? cursor : 0;
	return true;
}

/* The lines of the item's fields that have a value, for the top. */
static void
item_fields(const struct ui_item *v, int width, struct ui_lines *out)
{
	const struct crm_field *f;
	struct buf b = BUF_INIT;
	size_t n, i;

	f = store_crm_fields(v->kind, &n);
	for (i = 1; i < n; i++) {
		if (v->item.v[i] == NULL || (f[i].flags & CRM_F_REQUIRED) ||
		    strcmp(f[i].key, "visible_to") == 0 ||
		    strcmp(f[i].key, "first_name") == 0 ||
		    strcmp(f[i].key, "last_name") == 0 ||
		    (f[i].type == CF_BOOL && strcmp(v->item.v[i], "0") == 0))
			continue;
		buf_free(&b);
		buf_addf(&b, "%-16s %s", f[i].key, v->item.names[i] != NULL ?
		    v->item.names[i] : f[i].type == CF_BOOL ? _("yes") : v->item.v[i]);
		_ui_lines_add(out, b.data, width, UI_LINE_BODY);
	}
	buf_free(&b);
}

void
_ui_item_draw(struct ui_item *v, int rows, int cols, bool color)
{
	struct ui_lines l = { 0 };
	const struct store_thread *t;
	char *head, date[32], line[64];
	int y = 0, list, ti;
	time_t now = time_now();
	size_t i;
	int title = store_crm_field_index(v->kind, "title");

	erase();
	if (!v->loaded)
		return;
	if (title < 0)
		title = store_crm_field_index(v->kind, "name");
	head = xasprintf("%s %s: %s", _(store_crm_kind_label(v->kind)), v->id,
	    v->item.v[title] != NULL ? v->item.v[title] : "");
	attron(A_BOLD);
	field(y++, 0, head, cols);
	attroff(A_BOLD);
	free(head);
	item_fields(v, cols - 2, &l);
	for (i = 0; i < l.n && y < rows / 2; i++)
		mvaddstr(y++, 2, l.v[i].text);
	_ui_lines_clear(&l);
	y++;
	head = xasprintf(ngettext_("%lld thread, newest first (Enter opens one, "
	    "q goes back)", "%lld threads, newest first (Enter opens one, q goes "
	    "back)", (unsigned long)v->total), (long long)v->total);
	attron(color ? COLOR_PAIR(UI_COLOR_NOTE) : A_DIM);
	field(y++, 0, head, cols);
	attroff(A_DIM | (color ? COLOR_PAIR(UI_COLOR_NOTE) : 0));
	free(head);
	list = rows - y;
	if (list < 1)
		return;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)list)
		v->top = v->cursor - (size_t)list + 1;
	for (ti = 0; ti < list; ti++) {
		i = v->top + (size_t)ti;
		if (i >= v->nthreads)
			break;
		t = &v->threads[i];
		_ui_date(t->last_date, now, date, sizeof date);
		/* A: archived, still in the item's view (ARC-01). */
		snprintf(line, sizeof line, "%c%c %s", t->unread_count > 0 ? 'N' : ' ',
		    t->archived ? 'A' : ' ', date);
		if (i == v->cursor)
			attron(color ? COLOR_PAIR(UI_COLOR_CURSOR) : A_REVERSE);
		else if (t->unread_count > 0)
			attron(A_BOLD);
		field(y + ti, 0, line, 16);
		head = t->message_count > 1 ? xasprintf("(%lld) %s",
		    (long long)t->message_count, t->subject) : xstrdup(t->subject);
		field(y + ti, 16, head, cols - 16);
		free(head);
		attroff(A_REVERSE | A_BOLD | (color ? COLOR_PAIR(UI_COLOR_CURSOR) : 0));
	}
}
