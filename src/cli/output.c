/* output.c - shared output of the commands: JSON shapes, text lines, safe text, opening the store. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

int
cli_open_store(struct cli_ctx *ctx, struct config **cfgp, struct store **st)
{
	struct config *cfg = NULL;
	char *cause = NULL, *crm;
	tt_status s;

	*st = NULL;
	if (cfgp != NULL)
		*cfgp = NULL;
	if (config_load(ctx->paths.config_file, &cfg, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	crm = config_crm_path(cfg, ctx->paths.data_dir);
	s = store_open(ctx->paths.mail_db, crm, st, &cause);
	free(crm);
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		config_free(&cfg);
		return CLI_EXIT_FAIL;
	}
	if (cfgp != NULL)
		*cfgp = cfg;
	else
		config_free(&cfg);
	return CLI_EXIT_OK;
}

void
cli_close_store(struct config **cfg, struct store **st)
{
	if (cfg != NULL)
		config_free(cfg);
	store_close(st);
}

bool
cli_fill_bodies(struct cli_ctx *ctx, struct store *st, struct store_message *v,
    size_t n)
{
	struct mime_message *msg;
	char *raw, *cause = NULL;
	size_t len, i;
	tt_status s;

	for (i = 0; i < n; i++) {
		free(v[i].body);
		v[i].body = NULL;
		s = store_raw_get(st, v[i].id, &raw, &len, &cause);
		if (s == TT_ENOTFOUND) {
			/* Known by its headers only: the body comes with a sync. */
			free(cause);
			cause = NULL;
			continue;
		}
		if (s != TT_OK) {
			cli_error(ctx, "%s", cause);
			free(cause);
			return false;
		}
		msg = NULL;
		if (mime_parse(raw, len, v[i].date, &msg, &cause) == TT_OK &&
		    msg->body != NULL) {
			v[i].body = msg->body;
			msg->body = NULL;
		} else
			v[i].body = xstrdup("");
		free(cause);
		cause = NULL;
		mime_message_free(&msg);
		free(raw);
	}
	return true;
}

bool
cli_parse_id(struct cli_ctx *ctx, const char *what, const char *arg,
    int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v <= 0) {
		cli_error(ctx, _("%s must be a number such as 42, not \"%s\""), what, arg);
		return false;
	}
	*out = v;
	return true;
}

void
cli_put_safe(FILE *fp, const char *s, bool keep_newlines)
{
	char *safe = utf8_terminal_safe(s, strlen(s), keep_newlines);

	fputs(safe, fp);
	free(safe);
}

void
cli_put_json(struct cli_ctx *ctx, struct buf *out)
{
	buf_addc(out, '\n');
	fputs(buf_str(out), ctx->out);
	buf_free(out);
}

void
cli_json_addrs(struct json *j, const struct mime_addrlist *l)
{
	size_t i;

	json_array_begin(j);
	for (i = 0; i < l->n; i++) {
		json_object_begin(j);
		json_kstr(j, "name", l->v[i].name);
		json_kstr(j, "email", l->v[i].email);
		json_object_end(j);
	}
	json_array_end(j);
}

static void
json_flags(struct json *j, unsigned flags)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ MSG_SEEN, "seen" }, { MSG_ANSWERED, "answered" },
		{ MSG_FLAGGED, "flagged" }, { MSG_DELETED, "deleted" },
		{ MSG_DRAFT, "draft" },
	};
	size_t i;

	json_array_begin(j);
	for (i = 0; i < TT_ARRAY_LEN(names); i++) {
		if (flags & names[i].bit)
			json_str(j, names[i].name);
	}
	json_array_end(j);
}

void
cli_json_message(struct json *j, const struct store_message *m, bool with_body)
{
	size_t i;

	json_object_begin(j);
	json_kint(j, "id", m->id);
	json_kstr(j, "message_id", m->message_id);
	json_kint(j, "thread_id", m->thread_id);
	json_kstr(j, "account", m->account);
	json_kstr(j, "folder", m->folder);
	json_kstr(j, "subject", m->subject);
	json_key(j, "from");
	cli_json_addrs(j, &m->from);
	json_key(j, "to");
	cli_json_addrs(j, &m->to);
	json_key(j, "cc");
	cli_json_addrs(j, &m->cc);
	json_ktime(j, "date", m->date);
	json_kbool(j, "date_estimated", m->date_flagged);
	json_key(j, "flags");
	json_flags(j, m->flags);
	json_kint(j, "size", m->size);
	json_kstr(j, "snippet", m->snippet);
	json_kbool(j, "has_attachments", m->has_attachments);
	json_kstr(j, "parse_error", m->parse_error);
	json_kstr(j, "body_state", m->body_state);
	if (m->uid != 0)
		json_kint(j, "uid", m->uid);
	if (with_body) {
		json_kstr(j, "body", m->body);
		json_key(j, "attachments");
		json_array_begin(j);
		for (i = 0; i < m->natts; i++) {
			json_object_begin(j);
			json_kint(j, "number", (int64_t)i + 1);
			json_kstr(j, "filename", m->atts[i].filename);
			json_kstr(j, "content_type", m->atts[i].content_type);
			json_kint(j, "size", (int64_t)m->atts[i].size);
			json_kstr(j, "content_id", m->atts[i].content_id);
			json_kbool(j, "inline", m->atts[i].is_inline);
			json_object_end(j);
		}
		json_array_end(j);
	}
	json_object_end(j);
}

void
cli_json_link(struct json *j, const struct store_link *l)
{
	json_object_begin(j);
	json_kstr(j, "kind", l->type);
	json_kstr(j, "id", l->id);
	json_kstr(j, "title", l->title);
	json_kstr(j, "status", l->status);
	if (l->stage != NULL)
		json_kstr(j, "stage", l->stage);
	if (l->value != NULL)
		json_kstr(j, "value", l->value);
	json_object_end(j);
}

void
cli_json_thread(struct json *j, struct store *st, const struct store_thread *t,
    bool default_shared)
{
	struct crm_thread_link l;
	char *cause = NULL;
	bool have;
	size_t i;

	/* A damaged link row must not hide the thread: it shows unlinked. */
	have = crm_thread_link(st, t->id, &l, &cause) == TT_OK;
	free(cause);
	json_object_begin(j);
	json_kint(j, "id", t->id);
	json_kstr(j, "account", t->account);
	json_kstr(j, "subject", t->subject);
	json_kint(j, "message_count", t->message_count);
	json_kint(j, "unread_count", t->unread_count);
	json_ktime(j, "first_date", t->first_date);
	json_ktime(j, "last_date", t->last_date);
	json_key(j, "participants");
	cli_json_addrs(j, &t->participants);
	json_key(j, "link");
	if (!have || l.item.type == NULL)
		json_null(j);
	else
		cli_json_link(j, &l.item);
	/* LINK-22: the fields of the mailbox API's thread record. */
	json_key(j, "deal_id");
	if (have && l.item.type != NULL && strcmp(l.item.type, "deal") == 0)
		json_int(j, strtoll(l.item.id, NULL, 10));
	else
		json_null(j);
	json_kstr(j, "deal_status", have && l.item.type != NULL &&
	    strcmp(l.item.type, "deal") == 0 ? l.item.status : NULL);
	json_kstr(j, "lead_id", have && l.item.type != NULL &&
	    strcmp(l.item.type, "lead") == 0 ? l.item.id : NULL);
	json_kstr(j, "link_state", have ? l.state : "none");
	json_key(j, "link_reason");
	if (have)
		json_str(j, l.reason);
	else
		json_null(j);
	json_key(j, "candidates");
	json_array_begin(j);
	for (i = 0; have && i < l.ncandidates; i++)
		cli_json_link(j, &l.candidates[i]);
	json_array_end(j);
	json_key(j, "persons");
	json_array_begin(j);
	for (i = 0; have && i < l.npersons; i++) {
		json_object_begin(j);
		json_kint(j, "id", l.persons[i].id);
		json_kstr(j, "name", l.persons[i].name);
		json_kstr(j, "address", l.persons[i].address);
		json_key(j, "org");
		if (l.persons[i].org == NULL)
			json_null(j);
		else {
			json_object_begin(j);
			json_kint(j, "id", l.persons[i].org_id);
			json_kstr(j, "name", l.persons[i].org);
			json_object_end(j);
		}
		json_object_end(j);
	}
	json_array_end(j);
	json_kbool(j, "shared", t->shared < 0 ? default_shared : t->shared != 0);
	json_kbool(j, "archived", t->archived);
	json_kbool(j, "has_attachments", t->has_attachments);
	json_kstr(j, "snippet", t->snippet);
	json_object_end(j);
	if (have)
		crm_thread_link_clear(&l);
}

/* Writes s cut (with an ellipsis) or padded to exactly cols display columns. */
static void
put_column(FILE *fp, const char *s, size_t cols)
{
	char *safe = utf8_terminal_safe(s, strlen(s), false);
	const char *p = safe, *end = safe + strlen(safe), *start;
	size_t room = utf8_width(safe) <= cols ? cols : cols - 1, used = 0;
	uint32_t cp;
	int w;

	while (p < end) {
		start = p;
		utf8_decode(&p, end, &cp);
		w = utf8_cp_width(cp) < 0 ? 1 : utf8_cp_width(cp);
		if (used + (size_t)w > room)
			break;
		fwrite(start, 1, (size_t)(p - start), fp);
		used += (size_t)w;
	}
	if (room < cols) {
		fputs("\xe2\x80\xa6", fp);
		used++;
	}
	for (; used < cols; used++)
		fputc(' ', fp);
	free(safe);
}

static const char *
addr_label(const struct mime_addrlist *l)
{
	if (l->n == 0)
		return "";
	return l->v[0].name[0] != '\0' ? l->v[0].name : l->v[0].email;
}

static void
put_date(FILE *fp, time_t t)
{
	char out[21];

	time_format_utc(t, out);
	/* "2026-11-26 12:00": the listing's width, still UTC. */
	fprintf(fp, "%.10s %.5s", out, out + 11);
}

void
cli_text_message_line(FILE *fp, const struct store_message *m)
{
	fprintf(fp, "%7lld %c%c%c ", (long long)m->id,
	    (m->flags & MSG_SEEN) ? ' ' : 'N', (m->flags & MSG_FLAGGED) ? 'F' : ' ',
	    m->has_attachments ? '@' : ' ');
	put_date(fp, m->date);
	fputs("  ", fp);
	put_column(fp, addr_label(&m->from), 22);
	fputs("  ", fp);
	cli_put_safe(fp, m->subject, false);
	fputc('\n', fp);
}

void
cli_text_thread_line(FILE *fp, const struct store_thread *t)
{
	struct buf who = BUF_INIT;
	size_t i;

	for (i = 0; i < t->participants.n && i < 3; i++)
		buf_addf(&who, "%s%s", i > 0 ? ", " : "", t->participants.v[i].name[0] ?
		    t->participants.v[i].name : t->participants.v[i].email);
	fprintf(fp, "%7lld %c%c ", (long long)t->id, t->unread_count > 0 ? 'N' : ' ',
	    t->has_attachments ? '@' : ' ');
	put_date(fp, t->last_date);
	fprintf(fp, " %4lld  ", (long long)t->message_count);
	put_column(fp, buf_str(&who), 26);
	fputs("  ", fp);
	cli_put_safe(fp, t->subject, false);
	fputc('\n', fp);
	buf_free(&who);
}

static void
put_addrs(FILE *fp, const char *label, const struct mime_addrlist *l)
{
	size_t i;

	if (l->n == 0)
		return;
	fprintf(fp, "%s: ", label);
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			fputs(", ", fp);
		if (l->v[i].name[0] != '\0') {
			cli_put_safe(fp, l->v[i].name, false);
			fputs(" <", fp);
			cli_put_safe(fp, l->v[i].email, false);
			fputc('>', fp);
		} else
			cli_put_safe(fp, l->v[i].email, false);
	}
	fputc('\n', fp);
}

void
cli_text_message(FILE *fp, const struct store_message *m)
{
	size_t i;

	put_addrs(fp, _("From"), &m->from);
	put_addrs(fp, _("To"), &m->to);
	put_addrs(fp, _("Cc"), &m->cc);
	fprintf(fp, "%s: ", _("Date"));
	put_date(fp, m->date);
	fputs(m->date_flagged ? _(" UTC (estimated: the message has no valid Date)\n") :
	    " UTC\n", fp);
	fprintf(fp, "%s: ", _("Subject"));
	cli_put_safe(fp, m->subject, false);
	fputc('\n', fp);
	for (i = 0; i < m->natts; i++) {
		fprintf(fp, _("Attachment %zu: "), i + 1);
		cli_put_safe(fp, m->atts[i].filename[0] != '\0' ? m->atts[i].filename :
		    _("(no name)"), false);
		fprintf(fp, ngettext_(" (%s, %llu byte%s)\n", " (%s, %llu bytes%s)\n",
		    (unsigned long)m->atts[i].size), m->atts[i].content_type,
		    (unsigned long long)m->atts[i].size,
		    m->atts[i].is_inline ? _(", inline") : "");
	}
	if (m->parse_error != NULL) {
		fprintf(fp, _("Note: tether could not read this message (%s); "
		    "tether show --raw prints its bytes.\n"), m->parse_error);
	}
	fputc('\n', fp);
	if (m->body != NULL)
		cli_put_safe(fp, m->body, true);
	else
		fputs(_("(the text of this message is not downloaded yet; "
		    "tether sync fetches it)\n"), fp);
	if (m->body != NULL && m->body[0] != '\0' &&
	    m->body[strlen(m->body) - 1] != '\n')
		fputc('\n', fp);
}
