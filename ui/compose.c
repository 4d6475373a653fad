/* compose.c - the compose pane: header fields with address completion, the body editor, files, templates and smart fields, a preview, send now or later; the draft saved after every change. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curses.h>

#include "cli/cli.h"
#include "mime/mime.h"
#include "ui/compose.h"
#include "ui/ui-internal.h"

static const char *const field_names[UI_CF_BODY] = {
	N_("To:"), N_("Cc:"), N_("Bcc:"), N_("Subject:"),
};

/* Header rows above the body: From, To, Cc, Bcc, Subject, Files, rule. */
#define HEADER_ROWS 7

static void
note(struct ui_compose *c, const char *fmt, ...) TT_PRINTF(2, 3);

static void
note(struct ui_compose *c, const char *fmt, ...)
{
	va_list ap;

	free(c->note);
	va_start(ap, fmt);
	c->note = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
set_field(struct ui_compose *c, int f, const char *text)
{
	buf_reset(&c->field[f]);
	buf_adds(&c->field[f], text != NULL ? text : "");
	c->fcur[f] = c->field[f].len;
}

static const char *
field_text(const struct ui_compose *c, int f)
{
	return buf_str(&c->field[f]);
}

/* --- the draft in the store ---------------------------------------------------- */

/* Saves the draft now (CMP: nothing typed is lost to a crash). */
static void
save(struct ui_compose *c)
{
	struct store_draft d = { 0 };
	char *cause = NULL;

	d.id = c->draft_id;
	d.account = c->acct != NULL ? xstrdup(c->acct->name) : NULL;
	d.to = xstrdup(field_text(c, UI_CF_TO));
	d.cc = xstrdup(field_text(c, UI_CF_CC));
	d.bcc = xstrdup(field_text(c, UI_CF_BCC));
	d.subject = xstrdup(field_text(c, UI_CF_SUBJECT));
	d.body = xstrdup(ui_editor_text(c->body));
	d.in_reply_to = c->in_reply_to != NULL ? xstrdup(c->in_reply_to) : NULL;
	d.refs = c->refs != NULL ? xstrdup(c->refs) : NULL;
	d.item_type = c->item_type != NULL ? xstrdup(c->item_type) : NULL;
	d.item_id = c->item_id != NULL ? xstrdup(c->item_id) : NULL;
	d.shared = c->shared;
	/* The files' bytes are written only when they changed. */
	d.keep_files = !c->files_dirty && c->draft_id != 0;
	if (!d.keep_files) {
		d.files = xcalloc(c->natts + 1, sizeof *d.files);
		for (size_t i = 0; i < c->natts; i++) {
			d.files[i].name = xstrdup(c->atts[i].name);
			d.files[i].content_type = xstrdup(c->atts[i].type != NULL ?
			    c->atts[i].type : compose_guess_type(c->atts[i].name));
			d.files[i].is_inline = c->atts[i].inline_image;
			d.files[i].data = xmalloc(c->atts[i].len + 1);
			memcpy(d.files[i].data, c->atts[i].data, c->atts[i].len);
			d.files[i].len = c->atts[i].len;
		}
		d.nfiles = c->natts;
	}
	if (store_draft_save(c->st, &d, &cause) != TT_OK) {
		note(c, _("the draft could not be saved: %s"), cause);
		free(cause);
	} else {
		c->draft_id = d.id;
		c->saved_changes = ui_editor_changes(c->body);
		c->headers_dirty = false;
		c->files_dirty = false;
	}
	store_draft_clear(&d);
}

static void
save_if_changed(struct ui_compose *c)
{
	if (c->headers_dirty || c->files_dirty ||
	    ui_editor_changes(c->body) != c->saved_changes)
		save(c);
}

/* --- opening ----------------------------------------------------------------- */

static void
take_attachments(struct ui_compose *c, struct draft *d)
{
	for (size_t i = 0; i < d->natts; i++) {
		c->atts = xreallocarray(c->atts, c->natts + 1, sizeof *c->atts);
		c->atts[c->natts++] = d->atts[i];
	}
	free(d->atts);
	d->atts = NULL;
	d->natts = 0;
	c->files_dirty = true;
}

/* The title of the draft's item, for the From line. */
static void
item_title(struct ui_compose *c)
{
	struct store_link l = { 0 };
	char *cause = NULL;

	free(c->item_title);
	c->item_title = NULL;
	if (c->item_id == NULL)
		return;
	if (store_link_item(c->st, c->item_type, c->item_id, &l, &cause) == TT_OK) {
		c->item_title = xstrdup(l.title);
		free(l.type);
		free(l.id);
		free(l.title);
		free(l.status);
		free(l.stage);
		free(l.value);
	} else
		free(cause);
}

bool
_ui_compose_start(struct ui_compose *c, struct store *st,
    const struct config *cfg, const struct ui_compose_from *from, char **cause)
{
	struct draft d = { 0 };
	struct buf body = BUF_INIT;
	char *sig = NULL;
	tt_status r;

	memset(c, 0, sizeof *c);
	c->st = st;
	c->cfg = cfg;
	c->shared = cfg->general.default_sharing == SHARING_PRIVATE ? 0 : 1;
	if (from->draft_id != 0) {
		struct store_draft sd = { 0 };

		if (store_draft_get(st, from->draft_id, true, &sd, cause) != TT_OK)
			return false;
		c->draft_id = sd.id;
		c->acct = sd.account != NULL ? config_account_find(cfg, sd.account) : NULL;
		set_field(c, UI_CF_TO, sd.to);
		set_field(c, UI_CF_CC, sd.cc);
		set_field(c, UI_CF_BCC, sd.bcc);
		set_field(c, UI_CF_SUBJECT, sd.subject);
		c->body = ui_editor_new(sd.body);
		c->in_reply_to = sd.in_reply_to != NULL ? xstrdup(sd.in_reply_to) : NULL;
		c->refs = sd.refs != NULL ? xstrdup(sd.refs) : NULL;
		c->item_type = sd.item_type != NULL ? xstrdup(sd.item_type) : NULL;
		c->item_id = sd.item_id != NULL ? xstrdup(sd.item_id) : NULL;
		if (sd.shared >= 0)
			c->shared = sd.shared;
		for (size_t i = 0; i < sd.nfiles; i++) {
			struct compose_attachment a = { 0 };

			a.data = sd.files[i].data;
			a.len = sd.files[i].len;
			a.name = sd.files[i].name;
			a.type = sd.files[i].content_type;
			a.inline_image = sd.files[i].is_inline;
			draft_add_attachment(&d, &a);
		}
		take_attachments(c, &d);
		c->files_dirty = false;
		store_draft_clear(&sd);
		if (c->acct == NULL)
			c->acct = config_default_account(cfg);
		c->focus = field_text(c, UI_CF_TO)[0] == '\0' ? UI_CF_TO : UI_CF_BODY;
		c->saved_changes = ui_editor_changes(c->body);
		draft_clear(&d);
		item_title(c);
		return true;
	}
	if (from->message_id != 0) {
		struct store_message m = { 0 };
		struct store_thread_link l = { 0 };
		char *raw = NULL;
		size_t len = 0, nown = 0;
		const char **own = config_own_addresses(cfg, &nown);

		r = store_message_get(st, from->message_id, false, &m, cause);
		if (r == TT_OK)
			r = store_raw_get(st, from->message_id, &raw, &len, cause);
		if (r == TT_OK && m.thread_id != 0)
			r = store_thread_link_get(st, m.thread_id, &l, cause);
		if (r == TT_OK) {
			c->acct = m.account != NULL ? config_account_find(cfg, m.account) : NULL;
			/* Mail imported locally: answered from the address it
			 * came to. */
			for (size_t i = 0; c->acct == NULL && i < m.to.n + m.cc.n; i++)
				c->acct = config_account_by_email(cfg, i < m.to.n ?
				    m.to.v[i].email : m.cc.v[i - m.to.n].email);
			if (c->acct == NULL)
				c->acct = config_default_account(cfg);
			r = compose_reply(raw, len, from->mode, own, nown,
			    c->acct != NULL ? c->acct->sender_name : NULL,
			    c->acct != NULL ? c->acct->email : NULL, &d, cause);
		}
		/* A reply keeps the thread's item (the link stays with it). */
		if (r == TT_OK && l.id != NULL) {
			c->item_type = xstrdup(l.type);
			c->item_id = xstrdup(l.id);
		}
		store_thread_link_clear(&l);
		store_message_clear(&m);
		free(raw);
		free(own);
		if (r != TT_OK) {
			draft_clear(&d);
			return false;
		}
	} else {
		c->acct = config_default_account(cfg);
	}
	if (from->item_type != NULL && from->item_id != NULL) {
		free(c->item_type);
		free(c->item_id);
		c->item_type = xstrdup(from->item_type);
		c->item_id = xstrdup(from->item_id);
	}
	set_field(c, UI_CF_TO, d.to != NULL ? d.to : from->to);
	set_field(c, UI_CF_CC, d.cc);
	set_field(c, UI_CF_BCC, NULL);
	set_field(c, UI_CF_SUBJECT, d.subject);
	c->in_reply_to = d.in_reply_to != NULL ? xstrdup(d.in_reply_to) : NULL;
	c->refs = draft_refs_text(&d);
	take_attachments(c, &d);
	/* CMP-08/10: the default signature, below the new text and above
	 * the quote. */
	if (c->acct != NULL && store_signature_pick(st, c->acct->name, NULL, &sig,
	    cause) != TT_OK) {
		free(*cause);
		*cause = NULL;
	}
	if (sig != NULL)
		buf_addf(&body, "\n\n-- \n%s\n", sig);
	buf_adds(&body, d.body != NULL ? d.body : "");
	c->body = ui_editor_new(buf_str(&body));
	buf_free(&body);
	free(sig);
	draft_clear(&d);
	c->focus = field_text(c, UI_CF_TO)[0] == '\0' ? UI_CF_TO : UI_CF_BODY;
	c->headers_dirty = true;
	save(c);
	item_title(c);
	return true;
}

void
_ui_compose_clear(struct ui_compose *c)
{
	for (int f = 0; f < UI_CF_BODY; f++)
		buf_free(&c->field[f]);
	ui_editor_free(&c->body);
	for (size_t i = 0; i < c->natts; i++) {
		free(c->atts[i].path);
		free(c->atts[i].data);
		free(c->atts[i].name);
		free(c->atts[i].type);
	}
	free(c->atts);
	free(c->in_reply_to);
	free(c->refs);
	free(c->item_type);
	free(c->item_id);
	free(c->item_title);
	free(c->pending);
	free(c->note);
	store_address_hits_free(c->hits, c->nhits);
	_ui_lines_clear(&c->preview);
	memset(c, 0, sizeof *c);
}

/* --- building -------------------------------------------------------------------- */

/* The draft as compose_build takes it (attachments borrowed). */
static void
as_draft(const struct ui_compose *c, struct draft *d)
{
	memset(d, 0, sizeof *d);
	if (c->acct != NULL) {
		d->from_email = c->acct->email != NULL ? xstrdup(c->acct->email) : NULL;
		d->from_name = c->acct->sender_name != NULL ? xstrdup(c->acct->sender_name) : NULL;
	}
	d->to = xstrdup(field_text(c, UI_CF_TO));
	d->cc = xstrdup(field_text(c, UI_CF_CC));
	d->bcc = xstrdup(field_text(c, UI_CF_BCC));
	d->subject = xstrdup(field_text(c, UI_CF_SUBJECT));
	d->body = xstrdup(ui_editor_text(c->body));
	for (size_t i = 0; i < c->natts; i++)
		draft_add_attachment(d, &c->atts[i]);
	d->in_reply_to = c->in_reply_to != NULL ? xstrdup(c->in_reply_to) : NULL;
	draft_set_refs(d, c->refs);
}

/* The smart fields still in the text (never filled: CMP-12 asks). */
static size_t
unfilled(const struct ui_compose *c, struct buf *list)
{
	const char *texts[2] = { ui_editor_text(c->body), field_text(c, UI_CF_SUBJECT) };
	size_t n = 0;

	for (int t = 0; t < 2; t++) {
		const char *p = texts[t], *open, *close;

		while ((open = strstr(p, "{{")) != NULL && (close = strstr(open, "}}")) != NULL) {
			if (memchr(open, '\n', (size_t)(close - open)) == NULL) {
				buf_addf(list, "%s%.*s", n > 0 ? ", " : "", (int)(close + 2 - open), open);
				n++;
			}
			p = close + 2;
		}
	}
	return n;
}

static bool context(struct ui_compose *c, struct crm_context *ctx);

/* CMP-12 confirmed: the fields still without a value become "" (one
 * that found a value meanwhile takes it; unknown ones stay as typed). */
static void
empty_fields(struct ui_compose *c, struct draft *d)
{
	struct crm_context ctx;
	struct compose_missing missing = { 0 };
	char *filled;

	if (!context(c, &ctx))
		return;
	filled = compose_fields_expand(d->body, crm_context_lookup, &ctx, &missing);
	free(d->body);
	d->body = filled;
	filled = compose_fields_expand(d->subject, crm_context_lookup, &ctx, &missing);
	free(d->subject);
	d->subject = filled;
	compose_missing_clear(&missing);
	crm_context_clear(&ctx);
}

enum ui_compose_req
_ui_compose_send(struct ui_compose *c, time_t at, bool confirmed)
{
	struct draft d;
	struct compose_out out = { 0 };
	struct buf list = BUF_INIT;
	char *cause = NULL;
	int64_t id = 0;

	if (c->acct == NULL) {
		note(c, "%s", _("there is no account to send from: S sets one up"));
		return UI_CR_NONE;
	}
	if (!confirmed && unfilled(c, &list) > 0) {
		free(c->pending);
		c->pending = buf_detach(&list);
		c->pending_at = at;
		return UI_CR_CONFIRM_EMPTY;
	}
	buf_free(&list);
	as_draft(c, &d);
	if (confirmed)
		empty_fields(c, &d);
	if (compose_build(&d, time_now(), &out, &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		draft_clear(&d);
		return UI_CR_NONE;
	}
	draft_clear(&d);
	if (out.len > config_size_limit(c->acct)) {
		/* CMP-16: refused before it is queued. */
		note(c, _("the message is %.1f MB, over the limit of %.1f MB of account %s"),
		    out.len / 1e6, config_size_limit(c->acct) / 1e6, c->acct->name);
		compose_out_clear(&out);
		return UI_CR_NONE;
	}
	/* A reply's thread keeps its own item: the draft's goes only to a
	 * thread that has none (store_outbox_link_threads). */
	if (compose_queue(c->st, c->acct->name, c->acct->email, &out, at, c->item_type,
	    c->item_id, &id, &cause) != TT_OK ||
	    store_outbox_set_shared(c->st, id, c->shared, &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		compose_out_clear(&out);
		return UI_CR_NONE;
	}
	compose_out_clear(&out);
	c->queued = id;
	c->queued_at = at;
	/* Queued: the draft's work is done. */
	if (c->draft_id != 0 && store_draft_delete(c->st, c->draft_id, &cause) != TT_OK) {
		free(cause);
		cause = NULL;
	}
	c->draft_id = 0;
	if (at > 0) {
		char when[64];
		struct tm tm;

		localtime_r(&at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		note(c, _("outbox message %lld will be sent at %s"), (long long)id, when);
	} else
		note(c, _("outbox message %lld: sending (tether outbox list shows it)"),
		    (long long)id);
	return UI_CR_SENT;
}

/* --- smart fields and templates ------------------------------------------------ */

/* The context of the draft (ambiguity 26), loaded afresh. */
static bool
context(struct ui_compose *c, struct crm_context *ctx)
{
	char *cause = NULL;

	crm_context_init(ctx);
	if (c->acct != NULL) {
		ctx->user_name = c->acct->name;
		ctx->user_email = c->acct->email;
		ctx->sender_name = c->acct->sender_name;
	}
	if (crm_context_load(c->st, ctx, c->item_type, c->item_id, field_text(c, UI_CF_TO),
	    &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		crm_context_clear(ctx);
		return false;
	}
	return true;
}

/* The tokens the field picker offers (behaviours.md §3). */
static const char *const tokens[] = {
	"person.first_name", "person.last_name", "person.name", "person.email",
	"person.phone", "person.org_name", "org.name", "org.address",
	"org.address.locality", "org.address.country", "deal.title", "deal.value",
	"deal.currency", "deal.value_formatted", "deal.stage", "deal.pipeline",
	"deal.status", "deal.expected_close_date", "deal.probability", "lead.title",
	"lead.value", "project.title", "project.status", "project.end_date",
	"user.name", "user.email", "user.sender_name", "date.today",
};

void
_ui_compose_fields(struct ui_compose *c, struct ui_chooser *ch)
{
	struct crm_context ctx;
	bool have = context(c, &ctx);

	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
		char *dot = strchr(tokens[i], '.'), *entity = xstrndup(tokens[i],
		    (size_t)(dot - tokens[i])), *label;
		bool known;
		const char *v = have ? crm_context_lookup(&ctx, entity, dot + 1, &known) : NULL;

		label = xasprintf("{{%s}}  %s", tokens[i], v != NULL && v[0] != '\0' ? v :
		    _("(no value here)"));
		_ui_chooser_add(ch, "field", tokens[i], label);
		free(label);
		free(entity);
	}
	if (have)
		crm_context_clear(&ctx);
}

/* Replaces bytes [start, end) of the focused header field with text
 * (line breaks dropped); the cursor goes after it. */
static void
field_splice(struct ui_compose *c, size_t start, size_t end, const char *text)
{
	struct buf *b = &c->field[c->focus];
	char *rest = xstrdup(buf_str(b) + end);

	b->len = start;
	if (b->data != NULL)
		b->data[start] = '\0';
	for (const char *p = text; *p != '\0'; p++) {
		if (*p != '\n' && *p != '\r')
			buf_addc(b, *p);
	}
	c->fcur[c->focus] = b->len;
	buf_adds(b, rest);
	free(rest);
	c->headers_dirty = true;
}

/* Inserts text where the cursor is: in the body, or the focused field. */
static void
insert_text(struct ui_compose *c, const char *text)
{
	if (c->focus == UI_CF_BODY)
		ui_editor_paste(c->body, text, strlen(text));
	else
		field_splice(c, c->fcur[c->focus], c->fcur[c->focus], text);
}

void
_ui_compose_insert_field(struct ui_compose *c, const char *token)
{
	struct crm_context ctx;
	struct compose_missing missing = { 0 };
	char *text = xasprintf("{{%s}}", token), *filled;

	/* CMP-13: filled now, visible in the draft; a field without a value
	 * stays a token, to be confirmed at sending. */
	if (context(c, &ctx)) {
		filled = compose_fields_expand(text, crm_context_lookup, &ctx, &missing);
		crm_context_clear(&ctx);
		if (missing.nempty > 0) {
			free(filled);
			filled = xstrdup(text);
			note(c, _("%s has no value here; it stays a field"), text);
		}
		insert_text(c, filled);
		free(filled);
		compose_missing_clear(&missing);
	}
	free(text);
	save_if_changed(c);
}

void
_ui_compose_templates(struct ui_compose *c, struct ui_chooser *ch)
{
	struct store_template *v = NULL;
	char *cause = NULL;
	size_t n = 0;

	if (store_template_list(c->st, cli_user_name(), &v, &n, &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], *label = xasprintf("%s%s  %s", v[i].is_private ? "🔒 " : "",
		    v[i].name, v[i].subject != NULL ? v[i].subject : "");

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		_ui_chooser_add(ch, "template", id, label);
		free(label);
	}
	store_templates_free(v, n);
}

void
_ui_compose_apply_template(struct ui_compose *c, const char *id)
{
	struct store_template t = { 0 };
	struct crm_context ctx;
	struct compose_missing missing = { 0 };
	char *cause = NULL, *body, *subject;

	if (store_template_get(c->st, cli_user_name(), id, &t, &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		return;
	}
	if (!context(c, &ctx)) {
		store_template_clear(&t);
		return;
	}
	/* CMP-06: subject and text filled from the context now; a field
	 * with no value stays, to be confirmed at sending (CMP-12). */
	missing.keep_empty = true;
	body = compose_fields_expand(t.body, crm_context_lookup, &ctx, &missing);
	subject = compose_fields_expand(t.subject != NULL ? t.subject : "", crm_context_lookup,
	    &ctx, &missing);
	crm_context_clear(&ctx);
	if (field_text(c, UI_CF_SUBJECT)[0] == '\0') {
		set_field(c, UI_CF_SUBJECT, subject);
		c->headers_dirty = true;
	}
	ui_editor_paste(c->body, body, strlen(body));
	for (size_t i = 0; i < t.nfiles; i++) {
		struct compose_attachment a = { 0 };
		struct draft d = { 0 };

		a.data = t.files[i].data;
		a.len = t.files[i].len;
		a.name = t.files[i].name;
		a.type = t.files[i].content_type;
		a.inline_image = t.files[i].is_inline;
		draft_add_attachment(&d, &a);
		take_attachments(c, &d);
	}
	if (missing.nempty > 0)
		note(c, ngettext_("template %s: %zu smart field has no value here (asked "
		    "about when you send)", "template %s: %zu smart fields have no value "
		    "here (asked about when you send)", missing.nempty), t.name, missing.nempty);
	else
		note(c, _("template %s applied"), t.name);
	compose_missing_clear(&missing);
	free(body);
	free(subject);
	store_template_clear(&t);
	save_if_changed(c);
}

void
_ui_compose_set_item(struct ui_compose *c, const char *type, const char *id)
{
	free(c->item_type);
	free(c->item_id);
	c->item_type = type != NULL ? xstrdup(type) : NULL;
	c->item_id = id != NULL ? xstrdup(id) : NULL;
	item_title(c);
	c->headers_dirty = true;
	save_if_changed(c);
	if (id == NULL)
		note(c, "%s", _("the message belongs to no item"));
	else
		note(c, _("the message belongs to %s %s"), type, c->item_title != NULL ?
		    c->item_title : id);
}

bool
_ui_compose_save_template(struct ui_compose *c, const char *name, bool is_private)
{
	struct store_template t = { 0 };
	char *cause = NULL;
	bool ok;

	t.name = xstrdup(name);
	t.subject = xstrdup(field_text(c, UI_CF_SUBJECT));
	t.body = xstrdup(ui_editor_text(c->body));
	t.owner = xstrdup(cli_user_name());
	t.is_private = is_private;
	t.files = xcalloc(c->natts + 1, sizeof *t.files);
	for (size_t i = 0; i < c->natts; i++) {
		t.files[i].name = xstrdup(c->atts[i].name);
		t.files[i].content_type = xstrdup(c->atts[i].type != NULL ? c->atts[i].type :
		    compose_guess_type(c->atts[i].name));
		t.files[i].is_inline = c->atts[i].inline_image;
		t.files[i].data = xmalloc(c->atts[i].len + 1);
		memcpy(t.files[i].data, c->atts[i].data, c->atts[i].len);
		t.files[i].len = c->atts[i].len;
	}
	t.nfiles = c->natts;
	ok = store_template_add(c->st, &t, &cause) == TT_OK;
	if (ok)
		note(c, _("saved as template %s%s (C-t applies it)"), name,
		    is_private ? _(" (private)") : "");
	else {
		note(c, "%s", cause);
		free(cause);
	}
	store_template_clear(&t);
	return ok;
}

/* --- files ----------------------------------------------------------------------- */

bool
_ui_compose_attach(struct ui_compose *c, const char *path)
{
	struct compose_attachment a = { 0 };
	struct draft d = { 0 };
	char *cause = NULL, *data = NULL, *full;
	const char *slash;
	size_t len = 0;

	if (path == NULL || path[0] == '\0')
		return false;
	full = path[0] == '~' && path[1] == '/' && getenv("HOME") != NULL ?
	    xasprintf("%s%s", getenv("HOME"), path + 1) : xstrdup(path);
	if (file_read_all(full, (size_t)1 << 31, &data, &len, &cause) != TT_OK) {
		note(c, "%s", cause);
		free(cause);
		free(full);
		return false;
	}
	slash = strrchr(full, '/');
	a.name = (char *)(slash != NULL ? slash + 1 : full);
	a.data = data;
	a.len = len;
	draft_add_attachment(&d, &a);
	take_attachments(c, &d);
	note(c, _("attached %s (%zu bytes); C-d removes the last file"), a.name, len);
	free(data);
	free(full);
	save_if_changed(c);
	return true;
}

char *
_ui_compose_complete_path(const char *typed)
{
	const char *slash = strrchr(typed, '/');
	char *dir = slash != NULL ? xstrndup(typed, (size_t)(slash - typed + 1)) : xstrdup("./"),
	    *base = xstrdup(slash != NULL ? slash + 1 : typed), *best = NULL, *open_dir;
	size_t blen = strlen(base), common = 0;
	struct dirent *e;
	DIR *dp;

	open_dir = dir[0] == '~' && getenv("HOME") != NULL ?
	    xasprintf("%s%s", getenv("HOME"), dir + 1) : xstrdup(dir);
	if ((dp = opendir(open_dir)) != NULL) {
		/* The longest prefix every matching name shares. */
		while ((e = readdir(dp)) != NULL) {
			if (strncmp(e->d_name, base, blen) != 0 || strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0 || (blen == 0 && e->d_name[0] == '.'))
				continue;
			if (best == NULL) {
				best = xstrdup(e->d_name);
				common = strlen(best);
			} else {
				size_t k = 0;

				while (k < common && best[k] == e->d_name[k])
					k++;
				common = k;
			}
		}
		closedir(dp);
	}
	if (best != NULL) {
		char *out, *file;
		struct stat sb;

		best[common] = '\0';
		out = xasprintf("%s%s", slash != NULL ? dir : "", best);
		file = xasprintf("%s%s", open_dir, best);
		if (stat(file, &sb) == 0 && S_ISDIR(sb.st_mode) && common > 0) {
			char *d2 = xasprintf("%s/", out);

			free(out);
			out = d2;
		}
		free(file);
		free(best);
		free(dir);
		free(base);
		free(open_dir);
		return out;
	}
	free(dir);
	free(base);
	free(open_dir);
	return xstrdup(typed);
}

/* --- the preview ---------------------------------------------------------------- */

static void
preview(struct ui_compose *c, int width)
{
	struct draft d;
	struct compose_out out = { 0 };
	struct mime_message *m = NULL;
	char *cause = NULL, *h;
	enum bidi_dir dir = BIDI_AUTO;

	_ui_lines_clear(&c->preview);
	c->preview_top = 0;
	as_draft(c, &d);
	if (d.to == NULL || d.to[0] == '\0') {
		/* A preview needs no recipient yet. */
		free(d.to);
		d.to = xstrdup("recipient@example.invalid");
	}
	if (compose_build(&d, time_now(), &out, &cause) != TT_OK ||
	    mime_parse(out.raw, out.len, time_now(), &m, &cause) != TT_OK) {
		_ui_lines_add(&c->preview, cause, width, UI_LINE_NOTE);
		free(cause);
	} else {
		/* What the recipient's reader shows: the parsed message. */
		h = xasprintf(_("Subject: %s"), m->subject);
		_ui_lines_add_bidi(&c->preview, h, width, UI_LINE_HEADER, &dir);
		free(h);
		h = xasprintf(_("From: %s <%s>"), m->from.n > 0 ? m->from.v[0].name : "",
		    m->from.n > 0 ? m->from.v[0].email : "");
		_ui_lines_add(&c->preview, h, width, UI_LINE_HEADER);
		free(h);
		h = xasprintf(_("%zu bytes%s; %zu files"), out.len, out.html ?
		    _(", with an HTML part") : "", m->natts);
		_ui_lines_add(&c->preview, h, width, UI_LINE_NOTE);
		free(h);
		_ui_lines_add(&c->preview, "", width, UI_LINE_BODY);
		dir = BIDI_AUTO;
		_ui_lines_add_bidi(&c->preview, m->body != NULL ? m->body : "", width,
		    UI_LINE_BODY, &dir);
	}
	mime_message_free(&m);
	compose_out_clear(&out);
	draft_clear(&d);
	c->previewing = true;
}

/* --- keys ------------------------------------------------------------------------ */

/* The address token being typed in a recipient field (after the last
 * comma), for completion. */
static const char *
current_token(const struct ui_compose *c)
{
	const char *s = field_text(c, c->focus), *comma = NULL;
	size_t at = c->fcur[c->focus];

	for (size_t i = 0; i < at; i++) {
		if (s[i] == ',' || s[i] == ';')
			comma = s + i;
	}
	s = comma != NULL ? comma + 1 : s;
	while (*s == ' ')
		s++;
	return s;
}

static void
refresh_hits(struct ui_compose *c)
{
	char *cause = NULL, *token;
	const char *t;

	store_address_hits_free(c->hits, c->nhits);
	c->hits = NULL;
	c->nhits = 0;
	c->hit = 0;
	if (c->focus > UI_CF_BCC)
		return;
	t = current_token(c);
	token = xstrndup(t, strcspn(t, ","));
	if (strlen(token) >= 2 && strchr(token, '<') == NULL &&
	    store_address_complete(c->st, token, 5, &c->hits, &c->nhits, &cause) != TT_OK) {
		free(cause);
		c->nhits = 0;
	}
	free(token);
}

/* Puts the chosen address in place of the token being typed. */
static void
accept_hit(struct ui_compose *c)
{
	const struct store_address_hit *h = &c->hits[c->hit];
	const char *s = field_text(c, c->focus), *token = current_token(c);
	size_t start = (size_t)(token - s), end = c->fcur[c->focus];
	char *addr;

	/* The token ends at the next comma, which the address brings. */
	end += strcspn(s + end, ",");
	if (s[end] == ',')
		end++;
	while (s[end] == ' ')
		end++;
	addr = h->name[0] != '\0' ? xasprintf("%s <%s>, ", h->name, h->address) :
	    xasprintf("%s, ", h->address);
	field_splice(c, start, end, addr);
	free(addr);
	store_address_hits_free(c->hits, c->nhits);
	c->hits = NULL;
	c->nhits = 0;
}

/* A key in a one-line header field. */
static void
field_key(struct ui_compose *c, int ch, bool is_code)
{
	struct buf *b = &c->field[c->focus];
	size_t *cur = &c->fcur[c->focus];
	char mb[8];
	size_t n;

	if (is_code && ch == KEY_LEFT) {
		while (*cur > 0 && ((unsigned char)b->data[--*cur] & 0xc0) == 0x80)
			;
	} else if (is_code && ch == KEY_RIGHT) {
		if (*cur < b->len)
			for ((*cur)++; *cur < b->len && ((unsigned char)b->data[*cur] & 0xc0) == 0x80;
			    (*cur)++)
				;
	} else if ((is_code && ch == KEY_HOME) || (!is_code && ch == 1)) {
		*cur = 0;
	} else if ((is_code && ch == KEY_END) || (!is_code && ch == 5)) {
		*cur = b->len;
	} else if ((is_code && ch == KEY_BACKSPACE) || (!is_code && (ch == 127 || ch == 8))) {
		size_t end = *cur;

		if (*cur == 0)
			return;
		while (*cur > 0 && ((unsigned char)b->data[--*cur] & 0xc0) == 0x80)
			;
		memmove(b->data + *cur, b->data + end, b->len - end + 1);
		b->len -= end - *cur;
		c->headers_dirty = true;
	} else if (is_code && ch == KEY_DC) {
		size_t end = *cur;

		if (end >= b->len)
			return;
		for (end++; end < b->len && ((unsigned char)b->data[end] & 0xc0) == 0x80; end++)
			;
		memmove(b->data + *cur, b->data + end, b->len - end + 1);
		b->len -= end - *cur;
		c->headers_dirty = true;
	} else if (!is_code && ch >= 0x20 && ch != 0x7f &&
	    (n = utf8_encode((uint32_t)ch, mb)) > 0) {
		mb[n] = '\0';
		field_splice(c, *cur, *cur, mb);
	} else
		return;
	refresh_hits(c);
}

/* Curses keys to the editor's. */
static bool
body_key(struct ui_compose *c, int ch, bool is_code, int width, int rows)
{
	static const struct { int code; enum ui_ekey k; } codes[] = {
		{ KEY_LEFT, UI_EK_LEFT }, { KEY_RIGHT, UI_EK_RIGHT }, { KEY_UP, UI_EK_UP },
		{ KEY_DOWN, UI_EK_DOWN }, { KEY_HOME, UI_EK_HOME }, { KEY_END, UI_EK_END },
		{ KEY_PPAGE, UI_EK_PGUP }, { KEY_NPAGE, UI_EK_PGDN },
		{ KEY_BACKSPACE, UI_EK_BACKSPACE }, { KEY_DC, UI_EK_DELETE },
		{ KEY_ENTER, UI_EK_ENTER }, { KEY_SLEFT, UI_EK_WORD_LEFT },
		{ KEY_SRIGHT, UI_EK_WORD_RIGHT },
	};
	static const struct { int ctl; enum ui_ekey k; } ctls[] = {
		{ 1, UI_EK_HOME }, { 5, UI_EK_END }, { 2, UI_EK_BACKWARD },
		{ 11, UI_EK_KILL_LINE }, { 23, UI_EK_KILL_WORD }, { 31, UI_EK_UNDO },
		{ 18, UI_EK_REDO }, { 127, UI_EK_BACKSPACE }, { 8, UI_EK_BACKSPACE },
		{ '\n', UI_EK_ENTER }, { '\r', UI_EK_ENTER },
	};
	size_t i;

	if (is_code) {
		for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
			if (codes[i].code == ch)
				return ui_editor_key(c->body, codes[i].k, 0, width, rows);
		}
		return false;
	}
	for (i = 0; i < sizeof ctls / sizeof ctls[0]; i++) {
		if (ctls[i].ctl == ch)
			return ui_editor_key(c->body, ctls[i].k, 0, width, rows);
	}
	if (ch == '\t' || ch >= 0x20)
		return ui_editor_key(c->body, UI_EK_TEXT, (uint32_t)ch, width, rows);
	return false;
}

static int
body_rows(int rows)
{
	return rows - HEADER_ROWS > 1 ? rows - HEADER_ROWS : 1;
}

enum ui_compose_req
_ui_compose_key(struct ui_compose *c, int ch, bool is_code, int rows, int cols)
{
	free(c->note);
	c->note = NULL;
	if (c->previewing) {
		if (is_code && (ch == KEY_DOWN || ch == KEY_NPAGE))
			c->preview_top += ch == KEY_DOWN ? 1 : body_rows(rows);
		else if (is_code && (ch == KEY_UP || ch == KEY_PPAGE))
			c->preview_top = c->preview_top > 0 ? c->preview_top - (ch == KEY_UP ? 1 :
			    body_rows(rows)) : 0;
		else
			c->previewing = false;
		if (c->preview_top < 0)
			c->preview_top = 0;
		return UI_CR_NONE;
	}
	if (!is_code) {
		switch (ch) {
		case 24:        /* C-x */
			save_if_changed(c);
			return _ui_compose_send(c, 0, false);
		case 12:        /* C-l */
			save_if_changed(c);
			return UI_CR_LATER;
		case 19:        /* C-s */
			save(c);
			note(c, _("draft %lld saved (D reopens drafts)"), (long long)c->draft_id);
			return UI_CR_NONE;
		case 20:        /* C-t */
			return UI_CR_TEMPLATE;
		case 6:         /* C-f */
			if (c->focus == UI_CF_BODY || c->focus == UI_CF_SUBJECT)
				return UI_CR_FIELD;
			note(c, "%s", _("smart fields go into the subject or the text"));
			return UI_CR_NONE;
		case 1:         /* C-a */
			if (c->focus == UI_CF_BODY)
				return UI_CR_ATTACH;
			break;
		case 4:         /* C-d */
			if (c->natts > 0) {
				struct compose_attachment *a = &c->atts[--c->natts];

				note(c, _("removed %s"), a->name);
				free(a->path);
				free(a->data);
				free(a->name);
				free(a->type);
				c->files_dirty = true;
				save_if_changed(c);
			}
			return UI_CR_NONE;
		case 16:        /* C-p */
			preview(c, cols - 1);
			return UI_CR_NONE;
		case 5:         /* C-e */
			if (c->focus == UI_CF_BODY)
				return UI_CR_EDITOR;
			break;
		case 22:        /* C-v */
			c->shared = !c->shared;
			c->headers_dirty = true;
			save_if_changed(c);
			note(c, c->shared ? _("shared: the thread is visible to the team") :
			    _("private: only you see the thread"));
			return UI_CR_NONE;
		case 17:        /* C-q */
			return UI_CR_DISCARD;
		case 15:        /* C-o */
			return UI_CR_SAVE_TEMPLATE;
		case 7:         /* C-g */
			return UI_CR_LINK;
		case 14:        /* C-n: SNDR-05, the name from the composer */
			if (c->acct == NULL) {
				note(c, "%s", _("there is no account to send from: S sets one up"));
				return UI_CR_NONE;
			}
			return UI_CR_SENDER;
		case 27:        /* Escape: leave, the draft stays */
			if (c->nhits > 0) {
				store_address_hits_free(c->hits, c->nhits);
				c->hits = NULL;
				c->nhits = 0;
				return UI_CR_NONE;
			}
			save_if_changed(c);
			return UI_CR_CLOSE;
		case '\t':
			if (c->focus < UI_CF_BODY && c->nhits > 0) {
				accept_hit(c);
				save_if_changed(c);
				return UI_CR_NONE;
			}
			if (c->focus < UI_CF_BODY) {
				c->focus++;
				refresh_hits(c);
				return UI_CR_NONE;
			}
			break;
		case '\n':
		case '\r':
			if (c->focus < UI_CF_BODY) {
				if (c->nhits > 0)
					accept_hit(c);
				else
					c->focus++;
				save_if_changed(c);
				return UI_CR_NONE;
			}
			break;
		default:
			break;
		}
	} else if (ch == KEY_BTAB) {
		if (c->focus > 0)
			c->focus--;
		refresh_hits(c);
		return UI_CR_NONE;
	}
	if (c->focus < UI_CF_BODY) {
		if (is_code && (ch == KEY_DOWN || ch == KEY_UP) && c->nhits > 0) {
			if (ch == KEY_DOWN && c->hit + 1 < c->nhits)
				c->hit++;
			else if (ch == KEY_UP && c->hit > 0)
				c->hit--;
		} else if (is_code && ch == KEY_DOWN)
			c->focus++;
		else if (is_code && ch == KEY_UP) {
			if (c->focus > 0)
				c->focus--;
		} else
			field_key(c, ch, is_code);
	} else if (is_code && ch == KEY_UP && ui_editor_cursor(c->body) == 0) {
		c->focus = UI_CF_SUBJECT;
	} else {
		body_key(c, ch, is_code, cols, body_rows(rows));
	}
	save_if_changed(c);
	return UI_CR_NONE;
}

/* --- drawing --------------------------------------------------------------------- */

static void
put_at(int y, int x, const char *s, int width)
{
	char *fit = _ui_field(s, width, true, false);

	mvaddstr(y, x, fit);
	free(fit);
}

void
_ui_compose_draw(struct ui_compose *c, int rows, int cols, bool color, int *cy, int *cx)
{
	const struct ui_editor_view *v;
	struct buf b = BUF_INIT;
	int label = 10, y, brows = body_rows(rows);

	erase();
	*cy = *cx = -1;
	if (c->previewing) {
		for (y = 0; y < rows && (size_t)(c->preview_top + y) < c->preview.n; y++)
			put_at(y, 0, c->preview.v[c->preview_top + y].text, cols);
		if (y < rows) {
			attron(A_DIM);
			put_at(y, 0, _("(any key goes back to the draft)"), cols);
			attroff(A_DIM);
		}
		return;
	}
	/* From, with the sharing and the item. */
	buf_addf(&b, _("From: %s <%s>"), c->acct != NULL && c->acct->sender_name != NULL ?
	    c->acct->sender_name : "", c->acct != NULL && c->acct->email != NULL ?
	    c->acct->email : _("(no account)"));
	buf_addf(&b, "   [%s]", c->shared ? _("Shared") : _("Private"));
	if (c->item_id != NULL)
		buf_addf(&b, _("   %s: %s"), c->item_type, c->item_title != NULL ?
		    c->item_title : c->item_id);
	if (c->acct != NULL && c->acct->preset != NULL && c->acct->preset->sender_name_readonly)
		buf_adds(&b, _("   (the server sets the From name)"));
	if (color)
		attron(COLOR_PAIR(UI_COLOR_NOTE));
	put_at(0, 0, buf_str(&b), cols);
	if (color)
		attroff(COLOR_PAIR(UI_COLOR_NOTE));
	buf_free(&b);
	for (int f = 0; f < UI_CF_BODY; f++) {
		const char *text = field_text(c, f);
		char *before;
		int w;

		if (c->focus == f)
			attron(A_BOLD);
		put_at(1 + f, 0, _(field_names[f]), label);
		if (c->focus == f)
			attroff(A_BOLD);
		put_at(1 + f, label, text, cols - label);
		if (c->focus == f) {
			before = xstrndup(text, c->fcur[f]);
			w = (int)utf8_width(before);
			free(before);
			*cy = 1 + f;
			*cx = label + (w < cols - label - 1 ? w : cols - label - 1);
		}
	}
	buf_adds(&b, _("Files: "));
	if (c->natts == 0)
		buf_adds(&b, _("none (C-a in the text adds one)"));
	for (size_t i = 0; i < c->natts; i++)
		buf_addf(&b, "%s%s (%zu KB)", i > 0 ? ", " : "", c->atts[i].name,
		    (c->atts[i].len + 1023) / 1024);
	put_at(5, 0, buf_str(&b), cols);
	buf_free(&b);
	if (color)
		attron(COLOR_PAIR(UI_COLOR_STATUS));
	put_at(6, 0, _("^X send  ^L later  ^S save  ^T template  ^F field  ^A attach  "
	    "^P preview  ^E editor  ^O to template  ^G item  ^V shared  ^N name  "
	    "^Q discard  Esc"), cols);
	if (color)
		attroff(COLOR_PAIR(UI_COLOR_STATUS));
	v = ui_editor_layout(c->body, cols, brows);
	for (size_t r = v->top; r < v->nrows && r < v->top + (size_t)brows; r++) {
		if (v->rows[r].visual != NULL)
			mvaddstr(HEADER_ROWS + (int)(r - v->top), v->rows[r].x, v->rows[r].visual);
	}
	if (c->focus == UI_CF_BODY) {
		*cy = HEADER_ROWS + (int)(v->cursor_row - v->top);
		*cx = v->cursor_x;
	}
	/* Address suggestions under the field being typed. */
	if (c->focus < UI_CF_BODY && c->nhits > 0) {
		for (size_t i = 0; i < c->nhits; i++) {
			char *line = xasprintf("%s %s <%s>", c->hits[i].person ? "*" : " ",
			    c->hits[i].name, c->hits[i].address);

			if (i == c->hit)
				attron(A_REVERSE);
			put_at(2 + c->focus + (int)i, label, line, cols - label > 60 ? 60 : cols - label);
			if (i == c->hit)
				attroff(A_REVERSE);
			free(line);
		}
	}
}
