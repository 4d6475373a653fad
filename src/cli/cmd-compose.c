/* cmd-compose.c - `tether compose`: a new message, reply or forward from the command line, shown, saved as a draft, queued for later or sent now. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "compose/compose.h"
#include "crm/crm.h"

static char *
joined(char *a, const char *b)
{
	char *s;

	if (a == NULL || a[0] == '\0') {
		free(a);
		return xstrdup(b);
	}
	s = xasprintf("%s, %s", a, b);
	free(a);
	return s;
}

struct opts {
	const char *account, *subject, *body_file, *body, *at, *template, *signature;
	const char *item_kind, *item;
	struct buf to, cc, bcc;
	const char **attach;
	size_t nattach;
	int64_t reply, forward;
	bool all, attached, send, draft, json, no_signature, confirm_empty;
	int shared;             /* -1: default_sharing; 1 --shared; 0 --private */
};

static bool
parse_opts(struct cli_ctx *ctx, int argc, char **argv, struct opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--send") == 0)
			o->send = true;
		else if (strcmp(a, "--draft") == 0)
			o->draft = true;
		else if (strcmp(a, "--json") == 0)
			o->json = true;
		else if (strcmp(a, "--all") == 0)
			o->all = true;
		else if (strcmp(a, "--attached") == 0)
			o->attached = true;
		else if (strcmp(a, "--no-signature") == 0)
			o->no_signature = true;
		else if (strcmp(a, "--confirm-empty") == 0)
			o->confirm_empty = true;
		else if (strcmp(a, "--private") == 0 || strcmp(a, "--shared") == 0)
			o->shared = a[2] == 's';
		else if (v == NULL)
			goto usage;
		else if (strcmp(a, "--account") == 0)
			o->account = argv[++i];
		else if (strcmp(a, "--to") == 0 || strcmp(a, "--cc") == 0 ||
		    strcmp(a, "--bcc") == 0) {
			struct buf *b = a[2] == 't' ? &o->to : a[2] == 'c' ? &o->cc : &o->bcc;

			if (b->len > 0)
				buf_adds(b, ", ");
			buf_adds(b, argv[++i]);
		} else if (strcmp(a, "--subject") == 0)
			o->subject = argv[++i];
		else if (strcmp(a, "--body-file") == 0)
			o->body_file = argv[++i];
		else if (strcmp(a, "--body") == 0)
			o->body = argv[++i];
		else if (strcmp(a, "--at") == 0)
			o->at = argv[++i];
		else if (strcmp(a, "--template") == 0)
			o->template = argv[++i];
		else if (strcmp(a, "--signature") == 0)
			o->signature = argv[++i];
		else if (strcmp(a, "--attach") == 0) {
			o->attach = xreallocarray(o->attach, o->nattach + 1, sizeof *o->attach);
			o->attach[o->nattach++] = argv[++i];
		} else if ((strcmp(a, "--deal") == 0 || strcmp(a, "--lead") == 0 ||
		    strcmp(a, "--project") == 0) && o->item == NULL) {
			o->item_kind = a + 2;
			o->item = argv[++i];
		} else if (strcmp(a, "--reply-to") == 0 || strcmp(a, "--forward") == 0) {
			int64_t *id = a[2] == 'r' ? &o->reply : &o->forward;

			if (!cli_parse_id(ctx, _("the message id"), argv[++i], id))
				return false;
		} else
			goto usage;
	}
	if ((o->send + o->draft + (o->at != NULL)) > 1) {
		cli_error(ctx, _("choose one of --send, --draft and --at"));
		return false;
	}
	if (o->reply != 0 && o->forward != 0) {
		cli_error(ctx, _("a message is either a reply or a forward"));
		return false;
	}
	if (o->body != NULL && o->body_file != NULL) {
		cli_error(ctx, _("give the text with --body or --body-file, not both"));
		return false;
	}
	return true;
usage:
	cli_usage(ctx->err, &cli_cmd_compose);
	return false;
}

/* Reads the user's text: --body, --body-file (- for standard input). */
static bool
read_body(struct cli_ctx *ctx, const struct opts *o, char **body)
{
	char *cause = NULL, *data = NULL;
	size_t len = 0;

	if (o->body != NULL) {
		*body = xstrdup(o->body);
		return true;
	}
	if (o->body_file == NULL) {
		*body = xstrdup("");
		return true;
	}
	if (file_read_all(strcmp(o->body_file, "-") == 0 ? "/dev/stdin" : o->body_file,
	    (size_t)64 << 20, &data, &len, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return false;
	}
	if (!utf8_valid(data, len)) {
		cli_error(ctx, _("%s is not UTF-8 text"), o->body_file);
		free(data);
		return false;
	}
	*body = data;
	return true;
}

/*
 * The body in its order (CMP-10): the user's text (and the template's),
 * then the signature, then the quote or forwarded message; a template
 * also gives the subject of a new message and its files (CMP-06).  Smart
 * fields are filled from the draft's context (ambiguity 26), and what
 * stays empty is listed in *missing; unknown ones are warned about.
 */
static int
template_and_fields(struct cli_ctx *ctx, struct store *st, const struct account *a,
    const struct opts *o, const char *item_type, const char *item_id,
    const char *text, const char *quote, struct draft *d, struct compose_missing *missing)
{
	struct store_template t = { 0 };
	struct crm_context c;
	struct buf b = BUF_INIT;
	char *cause = NULL, *sig = NULL, *filled;
	size_t i;
	int rc = CLI_EXIT_OK;

	buf_adds(&b, text);
	if (o->template != NULL) {
		if (store_template_get(st, cli_user_name(), o->template, &t, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			free(cause);
			buf_free(&b);
			return CLI_EXIT_FAIL;
		}
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			buf_adds(&b, "\n\n");
		buf_adds(&b, t.body);
		if (o->subject == NULL && (d->subject == NULL || d->subject[0] == '\0') &&
		    t.subject != NULL) {
			free(d->subject);
			d->subject = xstrdup(t.subject);
		}
		for (i = 0; i < t.nfiles; i++) {
			struct compose_attachment att = { 0 };

			att.data = t.files[i].data;
			att.len = t.files[i].len;
			att.name = t.files[i].name;
			att.type = t.files[i].content_type;
			att.inline_image = t.files[i].is_inline;
			draft_add_attachment(d, &att);
		}
		store_template_clear(&t);
	}
	if (!o->no_signature && store_signature_pick(st, a->name, o->signature, &sig,
	    &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		buf_free(&b);
		return CLI_EXIT_FAIL;
	}
	if (sig != NULL) {
		while (b.len > 0 && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		buf_addf(&b, "\n\n-- \n%s\n", sig);
		free(sig);
	}
	free(d->body);
	d->body = buf_detach(&b);

	crm_context_init(&c);
	c.user_name = a->name;
	c.user_email = a->email;
	c.sender_name = a->sender_name;
	if (crm_context_load(st, &c, item_type, item_id, d->to, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		crm_context_clear(&c);
		return CLI_EXIT_FAIL;
	}
	/* Only what the user wrote or chose is filled: the quoted original
	 * stays exactly as its author wrote it (CMP-13). */
	filled = compose_fields_expand(d->body, crm_context_lookup, &c, missing);
	free(d->body);
	d->body = quote != NULL ? xasprintf("%s%s", filled, quote) : xstrdup(filled);
	free(filled);
	if (d->subject != NULL) {
		filled = compose_fields_expand(d->subject, crm_context_lookup, &c, missing);
		free(d->subject);
		d->subject = filled;
	}
	crm_context_clear(&c);
	for (i = 0; i < missing->nunknown; i++)
		cli_error(ctx, _("%s is not a smart field; it stays as written"),
		    missing->unknown[i]);
	return rc;
}

static int
cmd_compose_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct opts o = { .shared = -1 };
	struct config *cfg = NULL;
	struct store *st = NULL;
	const struct account *a = NULL;
	struct draft d = { 0 };
	struct compose_out msg = { 0 };
	char *cause = NULL, *body = NULL, *item_id = NULL, *quote = NULL;
	char *link_type = NULL, *link_id = NULL;
	struct store_thread_link m_link = { 0 };
	struct compose_missing missing = { 0 };
	time_t now = time_now(), at = 0;
	int64_t id = 0;
	int rc;
	size_t i;

	if (!parse_opts(ctx, argc, argv, &o) || !read_body(ctx, &o, &body)) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (o.at != NULL && (!compose_parse_when(o.at, now, &at) || at <= now)) {
		cli_error(ctx, _("--at wants a time to come: \"YYYY-MM-DD HH:MM\" (local "
		    "time), \"YYYY-MM-DDTHH:MMZ\" (UTC) or +N with m, h or d, not \"%s\""), o.at);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		goto out;
	if (o.item != NULL) {
		enum crm_kind kind;

		store_crm_kind_parse(o.item_kind, &kind);
		if (crm_resolve(st, kind, o.item, &item_id, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
			goto out;
		}
	}
	if (o.reply != 0 || o.forward != 0) {
		struct store_message m = { 0 };
		char *raw = NULL;
		size_t len = 0, nown = 0;
		const char **own = config_own_addresses(cfg, &nown);
		int64_t mid = o.reply != 0 ? o.reply : o.forward;
		enum compose_mode mode = o.reply != 0 ? (o.all ? COMPOSE_REPLY_ALL : COMPOSE_REPLY) :
		    o.attached ? COMPOSE_FORWARD_ATTACH : COMPOSE_FORWARD;

		if (store_message_get(st, mid, false, &m, &cause) != TT_OK ||
		    store_raw_get(st, mid, &raw, &len, &cause) != TT_OK ||
		    (m.thread_id != 0 && store_thread_link_get(st, m.thread_id, &m_link,
		    &cause) != TT_OK)) {
			cli_error(ctx, "%s", cause);
			free(own);
			store_message_clear(&m);
			rc = CLI_EXIT_FAIL;
			goto out;
		}
		if (o.account == NULL && m.account != NULL)
			a = config_account_find(cfg, m.account);
		/* Mail imported locally: answered from the address it came to. */
		for (i = 0; a == NULL && o.account == NULL && i < m.to.n + m.cc.n; i++)
			a = config_account_by_email(cfg, i < m.to.n ? m.to.v[i].email :
			    m.cc.v[i - m.to.n].email);
		store_message_clear(&m);
		if (a == NULL)
			a = o.account != NULL ? config_account_find(cfg, o.account) :
			    config_default_account(cfg);
		rc = compose_reply(raw, len, mode, own, nown, a != NULL ? a->sender_name : NULL,
		    a != NULL ? a->email : NULL, &d, &cause) == TT_OK ? CLI_EXIT_OK : CLI_EXIT_FAIL;
		free(raw);
		free(own);
		if (rc != CLI_EXIT_OK) {
			cli_error(ctx, "%s", cause);
			goto out;
		}
		/* The new text goes above the quote or the forwarded message. */
		quote = d.body;
		d.body = NULL;
		if (m_link.id != NULL && item_id == NULL) {
			link_type = xstrdup(m_link.type);
			link_id = xstrdup(m_link.id);
		}
	} else {
		a = o.account != NULL ? config_account_find(cfg, o.account) :
		    config_default_account(cfg);
		if (a != NULL) {
			d.from_email = a->email != NULL ? xstrdup(a->email) : NULL;
			d.from_name = a->sender_name != NULL ? xstrdup(a->sender_name) : NULL;
		}
	}
	if (a == NULL) {
		if (o.account != NULL)
			cli_error(ctx, _("there is no account \"%s\" in %s"), o.account, cfg->path);
		else
			cli_error(ctx, _("%s has no [account] to send from; tether.conf(5) "
			    "shows how to add one"), cfg->path);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (o.to.len > 0)
		d.to = joined(d.to, buf_str(&o.to));
	if (o.cc.len > 0)
		d.cc = joined(d.cc, buf_str(&o.cc));
	if (o.bcc.len > 0)
		d.bcc = joined(d.bcc, buf_str(&o.bcc));
	if (o.subject != NULL) {
		free(d.subject);
		d.subject = xstrdup(o.subject);
	}
	if (template_and_fields(ctx, st, a, &o, item_id != NULL ? o.item_kind : link_type,
	    item_id != NULL ? item_id : link_id, body, quote, &d, &missing) != CLI_EXIT_OK) {
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < o.nattach; i++) {
		struct compose_attachment att = { 0 };
		const char *slash = strrchr(o.attach[i], '/');

		att.path = (char *)o.attach[i];
		att.name = (char *)(slash != NULL ? slash + 1 : o.attach[i]);
		draft_add_attachment(&d, &att);
	}
	if (o.draft) {
		struct store_draft sd = { 0 };

		sd.account = xstrdup(a->name);
		sd.to = d.to != NULL ? xstrdup(d.to) : NULL;
		sd.cc = d.cc != NULL ? xstrdup(d.cc) : NULL;
		sd.bcc = d.bcc != NULL ? xstrdup(d.bcc) : NULL;
		sd.subject = d.subject != NULL ? xstrdup(d.subject) : NULL;
		sd.body = xstrdup(d.body != NULL ? d.body : "");
		sd.in_reply_to = d.in_reply_to != NULL ? xstrdup(d.in_reply_to) : NULL;
		sd.refs = draft_refs_text(&d);
		sd.item_type = item_id != NULL ? xstrdup(o.item_kind) : NULL;
		sd.item_id = item_id != NULL ? xstrdup(item_id) : NULL;
		sd.shared = -1;
		/* The files' bytes now: the draft must not depend on paths. */
		for (i = 0; i < d.natts; i++) {
			struct store_draft_file *f;
			char *data = NULL;
			size_t len = 0;

			if (d.atts[i].path != NULL && file_read_all(d.atts[i].path, (size_t)1 << 31,
			    &data, &len, &cause) != TT_OK) {
				cli_error(ctx, "%s", cause);
				store_draft_clear(&sd);
				rc = CLI_EXIT_FAIL;
				goto out;
			}
			if (d.atts[i].path == NULL) {
				len = d.atts[i].len;
				data = xmalloc(len + 1);
				memcpy(data, d.atts[i].data, len);
			}
			sd.files = xreallocarray(sd.files, sd.nfiles + 1, sizeof *sd.files);
			f = &sd.files[sd.nfiles++];
			f->name = xstrdup(d.atts[i].name != NULL ? d.atts[i].name : "");
			f->content_type = xstrdup(d.atts[i].type != NULL ? d.atts[i].type :
			    compose_guess_type(d.atts[i].name));
			f->is_inline = d.atts[i].inline_image;
			f->data = data;
			f->len = len;
		}
		if (store_draft_save(st, &sd, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("saved as draft %lld\n"), (long long)sd.id);
		store_draft_clear(&sd);
		goto out;
	}
	if (compose_build(&d, now, &msg, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (!o.send && o.at == NULL) {
		/* No action: the message as the recipient will get it. */
		for (i = 0; i < msg.len; i++) {
			if (msg.raw[i] != '\r')
				fputc(msg.raw[i], ctx->out);
		}
		for (i = 0; i < missing.nempty; i++)
			cli_error(ctx, _("%s has no value here: it is left empty"), missing.empty[i]);
		goto out;
	}
	if (missing.nempty > 0 && !o.confirm_empty) {
		/* CMP-12: sending them as empty needs a yes. */
		struct buf b = BUF_INIT;

		for (i = 0; i < missing.nempty; i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "", missing.empty[i]);
		cli_error(ctx, _("these smart fields have no value here: %s; add "
		    "--confirm-empty to send them as empty text"), buf_str(&b));
		buf_free(&b);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (msg.len > config_size_limit(a)) {
		/* CMP-16: refused before it is even queued. */
		cli_error(ctx, _("the message is %.1f MB, over the limit of %.1f MB of "
		    "account %s; send the files another way or fewer at a time"),
		    msg.len / 1e6, config_size_limit(a) / 1e6, a->name);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_outbox_queue(ctx, st, a, &msg, at, item_id != NULL ? o.item_kind : NULL,
	    item_id, &id)) != CLI_EXIT_OK)
		goto out;
	/* CMP-33: the visibility of the thread it starts. */
	if (o.shared >= 0 && store_outbox_set_shared(st, id, o.shared, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (o.at != NULL) {
		char when[64];
		struct tm tm;

		localtime_r(&at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", &tm);
		fprintf(ctx->out, _("outbox message %lld will be sent at %s (by tether sync, "
		    "or the next run after that time)\n"), (long long)id, when);
	} else {
		fprintf(ctx->out, _("queued as outbox message %lld\n"), (long long)id);
		rc = cli_outbox_flush(ctx, cfg, st, a->name);
	}
out:
	free(body);
	free(quote);
	free(link_type);
	free(link_id);
	store_thread_link_clear(&m_link);
	compose_missing_clear(&missing);
	free(item_id);
	free(cause);
	free(o.attach);
	buf_free(&o.to);
	buf_free(&o.cc);
	buf_free(&o.bcc);
	draft_clear(&d);
	compose_out_clear(&msg);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_compose = {
	"compose", "[--account A] --to ADDR [--cc ADDR] [--bcc ADDR] [--subject S] "
	"[--body TEXT | --body-file F] [--template NAME] [--private | --shared] [--signature NAME | "
	"--no-signature] [--confirm-empty] [--attach FILE]... [--deal ID | --lead ID | "
	"--project ID] [--reply-to MSG [--all] | --forward MSG [--attached]] "
	"[--send | --draft | --at TIME]",
	N_("write a message, reply or forward: print it, save a draft, send it now or later"),
	cmd_compose_exec,
};
