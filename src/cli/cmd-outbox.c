/* cmd-outbox.c - `tether outbox list|cancel|retry|flush` and `tether send FILE.eml`: the messages waiting to leave, and sending them now. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cli/output.h"
#include "compose/compose.h"
#include "mime/mime.h"
#include "sync/sync.h"

static void
on_warning(void *arg, const char *text)
{
	cli_error(arg, "%s", text);
}

int
cli_outbox_flush(struct cli_ctx *ctx, const struct config *cfg,
    struct store *st, const char *only)
{
	struct sync_report report = { .arg = ctx, .warning = on_warning };
	struct sync_opts opts = { .report = &report };
	char *path = path_join(ctx->paths.data_dir, "sync.lock"), *cause = NULL;
	int fd, rc = CLI_EXIT_OK;
	size_t linked = 0;

	/* The sync lock: a running sync (or the interface's) sends them
	 * itself, and two senders could send one message twice. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (fd >= 0)
			close(fd);
		fprintf(ctx->out, _("a tether sync is running on this profile; it sends "
		    "the outbox\n"));
		return CLI_EXIT_OK;
	}
	for (size_t k = 0; k < cfg->naccounts; k++) {
		const struct account *a = cfg->accounts[k];
		struct outbox_stats s;

		if (only != NULL && strcmp(a->name, only) != 0)
			continue;
		if (sync_outbox(st, a, &opts, false, &s, &cause) != TT_OK) {
			cli_error(ctx, "%s: %s", a->name, cause);
			free(cause);
			cause = NULL;
			rc = CLI_EXIT_FAIL;
			continue;
		}
		if (s.waiting + s.failed > 0)
			rc = CLI_EXIT_FAIL;
		if (s.sent + s.waiting + s.failed + s.interrupted > 0) {
			fprintf(ctx->out, _("%s: %zu sent"), a->name, s.sent);
			if (s.late > 0)
				fprintf(ctx->out, _(" (%zu late)"), s.late);
			if (s.waiting > 0)
				fprintf(ctx->out, _(", %zu waiting to be tried again"), s.waiting);
			if (s.failed > 0)
				fprintf(ctx->out, _(", %zu refused (kept: tether outbox list)"), s.failed);
			if (s.interrupted > 0)
				fprintf(ctx->out, _(", %zu interrupted earlier (tether outbox list)"),
				    s.interrupted);
			fputc('\n', ctx->out);
		}
	}
	if (store_outbox_link_threads(st, &linked, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
	}
	close(fd);
	return rc;
}

int
cli_outbox_queue(struct cli_ctx *ctx, struct store *st, const struct account *a,
    const struct compose_out *msg, time_t send_at, const char *item_type,
    const char *item_id, int64_t *id)
{
	char *cause = NULL;

	if (compose_queue(st, a->name, a->email, msg, send_at, item_type, item_id, id,
	    &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

static void
json_outbox(struct json *j, const struct store_outbox *o)
{
	json_object_begin(j);
	json_kint(j, "id", o->id);
	json_kstr(j, "account", o->account);
	json_kstr(j, "state", o->state);
	json_kstr(j, "subject", o->subject != NULL ? o->subject : "");
	json_kstr(j, "message_id", o->message_id != NULL ? o->message_id : "");
	json_key(j, "recipients");
	json_array_begin(j);
	if (o->rcpts != NULL) {
		char *copy = xstrdup(o->rcpts), *save = NULL;

		for (char *p = strtok_r(copy, "\n", &save); p != NULL; p = strtok_r(NULL, "\n", &save))
			json_str(j, p);
		free(copy);
	}
	json_array_end(j);
	json_key(j, "send_at");
	if (o->send_at > 0)
		json_time(j, o->send_at);
	else
		json_null(j);
	json_key(j, "next_try_at");
	if (o->next_try_at > 0)
		json_time(j, o->next_try_at);
	else
		json_null(j);
	json_key(j, "sent_at");
	if (o->sent_at > 0)
		json_time(j, o->sent_at);
	else
		json_null(j);
	json_kbool(j, "sent_late", o->sent_late);
	json_kint(j, "attempts", o->attempts);
	json_key(j, "reply_code");
	if (o->reply_code > 0)
		json_int(j, o->reply_code);
	else
		json_null(j);
	json_kstr(j, "error", o->last_error);
	json_kint(j, "size", o->size);
	json_kbool(j, "in_sent_folder", o->appended);
	json_key(j, "link");
	if (o->item_id != NULL) {
		json_object_begin(j);
		json_kstr(j, "kind", o->item_type);
		json_kstr(j, "id", o->item_id);
		json_object_end(j);
	} else
		json_null(j);
	json_object_end(j);
}

static void
text_outbox(FILE *fp, const struct store_outbox *o)
{
	char when[21];

	fprintf(fp, "%5lld  %-7s  ", (long long)o->id, o->state);
	if (o->sent_at > 0) {
		time_format_utc(o->sent_at, when);
		fprintf(fp, _("sent %s%s  "), when, o->sent_late ? _(" (late)") : "");
	} else if (o->send_at > 0) {
		time_format_utc(o->send_at, when);
		fprintf(fp, _("at %s  "), when);
	}
	cli_put_safe(fp, o->subject != NULL && o->subject[0] != '\0' ? o->subject :
	    _("(no subject)"), false);
	fputc('\n', fp);
	if (o->last_error != NULL && strcmp(o->state, "sent") != 0) {
		fputs("       ", fp);
		cli_put_safe(fp, o->last_error, false);
		fputc('\n', fp);
	}
}

/* CMP-25 "move to drafts and cancel": the message's fields and files back
 * as a draft. */
static tt_status
to_draft(struct store *st, const struct store_outbox *o, int64_t *draft,
    char **cause)
{
	struct store_draft d = { 0 };
	struct mime_message *m = NULL;
	struct buf b = BUF_INIT;
	char *raw = NULL;
	size_t len = 0, i;
	tt_status r;

	if ((r = store_outbox_raw(st, o->id, &raw, &len, cause)) != TT_OK)
		return r;
	if ((r = mime_parse(raw, len, time_now(), &m, cause)) != TT_OK) {
		free(raw);
		return r;
	}
	d.account = xstrdup(o->account);
	for (int l = 0; l < 3; l++) {
		const struct mime_addrlist *al = l == 0 ? &m->to : l == 1 ? &m->cc : &m->bcc;

		buf_reset(&b);
		for (i = 0; i < al->n; i++) {
			if (i > 0)
				buf_adds(&b, ", ");
			if (al->v[i].name[0] != '\0')
				buf_addf(&b, "\"%s\" <%s>", al->v[i].name, al->v[i].email);
			else
				buf_adds(&b, al->v[i].email);
		}
		*(l == 0 ? &d.to : l == 1 ? &d.cc : &d.bcc) = b.len > 0 ? xstrdup(buf_str(&b)) : NULL;
	}
	/* Bcc is not in the bytes: the envelope has it. */
	d.subject = xstrdup(m->subject);
	d.body = xstrdup(m->body != NULL ? m->body : "");
	d.in_reply_to = m->in_reply_to != NULL ? xstrdup(m->in_reply_to) : NULL;
	buf_reset(&b);
	for (i = 0; i < m->nrefs; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", m->refs[i]);
	d.refs = b.len > 0 ? xstrdup(buf_str(&b)) : NULL;
	d.item_type = o->item_type != NULL ? xstrdup(o->item_type) : NULL;
	d.item_id = o->item_id != NULL ? xstrdup(o->item_id) : NULL;
	d.shared = -1;
	for (i = 0; i < m->natts; i++) {
		char *data = NULL, *why = NULL;
		size_t n = 0;

		if (mime_attachment_bytes(raw, len, i, &data, &n, &why) != TT_OK) {
			free(why);
			continue;
		}
		d.files = xreallocarray(d.files, d.nfiles + 1, sizeof *d.files);
		d.files[d.nfiles].name = xstrdup(m->atts[i].filename);
		d.files[d.nfiles].content_type = xstrdup(m->atts[i].content_type);
		d.files[d.nfiles].is_inline = m->atts[i].is_inline;
		d.files[d.nfiles].data = data;
		d.files[d.nfiles].len = n;
		d.nfiles++;
	}
	buf_free(&b);
	r = store_draft_save(st, &d, cause);
	*draft = d.id;
	store_draft_clear(&d);
	mime_message_free(&m);
	free(raw);
	return r;
}

static int
cmd_outbox_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "list";
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct store_outbox *v = NULL, o;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	bool json = false, all = false, del = false;
	int64_t id = 0, draft = 0;
	const char *account = NULL;
	size_t n = 0;
	int i, rc;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--all") == 0)
			all = true;
		else if (strcmp(argv[i], "--delete") == 0)
			del = true;
		else if (id == 0 && argv[i][0] != '-' && strcmp(verb, "flush") != 0) {
			if (!cli_parse_id(ctx, _("the outbox message id"), argv[i], &id))
				return CLI_EXIT_USAGE;
		} else if (account == NULL && argv[i][0] != '-' && strcmp(verb, "flush") == 0)
			account = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_outbox);
			return CLI_EXIT_USAGE;
		}
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "flush") != 0 &&
	    strcmp(verb, "cancel") != 0 && strcmp(verb, "retry") != 0) {
		cli_usage(ctx->err, &cli_cmd_outbox);
		return CLI_EXIT_USAGE;
	}
	if ((strcmp(verb, "cancel") == 0 || strcmp(verb, "retry") == 0) && id == 0) {
		cli_error(ctx, _("outbox %s needs the id of a message (tether outbox list)"), verb);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (strcmp(verb, "flush") == 0) {
		if (account != NULL && config_account_find(cfg, account) == NULL) {
			cli_error(ctx, _("there is no account \"%s\" in %s"), account, cfg->path);
			rc = CLI_EXIT_FAIL;
		} else
			rc = cli_outbox_flush(ctx, cfg, st, account);
	} else if (strcmp(verb, "list") == 0) {
		if (store_outbox_list(st, 0, all ? STORE_OUTBOX_ALL :
		    STORE_OUTBOX_WAITING, 0, &v, &n, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else if (json) {
			json_init(&j, &out);
			json_object_begin(&j);
			json_key(&j, "outbox");
			json_array_begin(&j);
			for (size_t k = 0; k < n; k++)
				json_outbox(&j, &v[k]);
			json_array_end(&j);
			json_object_end(&j);
			cli_put_json(ctx, &out);
		} else {
			if (n == 0)
				fprintf(ctx->out, _("the outbox is empty\n"));
			for (size_t k = 0; k < n; k++)
				text_outbox(ctx->out, &v[k]);
		}
		store_outbox_free(v, n);
	} else if (strcmp(verb, "retry") == 0) {
		if (store_outbox_retry(st, id, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("message %lld waits to be sent again (tether sync "
			    "or tether outbox flush)\n"), (long long)id);
	} else {
		/* cancel: to drafts (or --delete), never a message being sent. */
		if (store_outbox_get(st, id, &o, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else {
			if (strcmp(o.state, "queued") != 0 && strcmp(o.state, "failed") != 0) {
				cli_error(ctx, _("message %lld of the outbox is %s and cannot be "
				    "cancelled"), (long long)id, o.state);
				rc = CLI_EXIT_FAIL;
			} else if ((!del && to_draft(st, &o, &draft, &cause) != TT_OK) ||
			    store_outbox_delete(st, id, &cause) != TT_OK) {
				/* The draft is made first: a failure after it leaves
				 * a copy, never nothing. */
				cli_error(ctx, "%s", cause);
				rc = CLI_EXIT_FAIL;
			} else if (del)
				fprintf(ctx->out, _("message %lld cancelled and deleted\n"), (long long)id);
			else
				fprintf(ctx->out, _("message %lld cancelled; it is draft %lld now\n"),
				    (long long)id, (long long)draft);
			store_outbox_clear(&o);
		}
	}
	free(cause);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_outbox = {
	"outbox", "list [--all] [--json] | cancel ID [--delete] | retry ID | flush [ACCOUNT]",
	N_("the messages waiting to be sent: list them, cancel one, send them now"),
	cmd_outbox_exec,
};

/* SNDR-06: a message to the account's own address, to see the From name
 * as others will. */
static int
send_test(struct cli_ctx *ctx, const char *account)
{
	struct config *cfg = NULL;
	struct store *st = NULL;
	const struct account *a;
	struct draft d = { 0 };
	struct compose_out msg = { 0 };
	char *cause = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	a = account != NULL ? config_account_find(cfg, account) : config_default_account(cfg);
	if (a == NULL || a->email == NULL) {
		cli_error(ctx, _("there is no account \"%s\" with an email in %s"),
		    account != NULL ? account : "", cfg->path);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	d.from_name = a->sender_name != NULL ? xstrdup(a->sender_name) : NULL;
	d.from_email = xstrdup(a->email);
	d.to = xstrdup(a->email);
	d.subject = xstrdup(_("tether test message"));
	d.body = xasprintf(_("This message was sent by tether to check how your sender "
	    "name shows.\n\nIt was sent as: %s <%s>\n\nIf the name in the From line "
	    "of this message differs, your provider sets it: change it in the "
	    "provider's settings (ERR-07).\n"), a->sender_name != NULL ? a->sender_name :
	    _("(no name set: add name = ... to the account)"), a->email);
	if (compose_build(&d, time_now(), &msg, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	} else if ((rc = cli_outbox_queue(ctx, st, a, &msg, 0, NULL, NULL, &id)) ==
	    CLI_EXIT_OK) {
		fprintf(ctx->out, _("a test message to %s is outbox message %lld\n"), a->email,
		    (long long)id);
		rc = cli_outbox_flush(ctx, cfg, st, a->name);
	}
	if (a->preset != NULL && a->preset->sender_name_readonly)
		fprintf(ctx->out, _("note: %s sets the sender name itself; the name in tether "
		    "is not used (SNDR-03)\n"), a->preset->label);
	draft_clear(&d);
	compose_out_clear(&msg);
	cli_close_store(&cfg, &st);
	return rc;
}

/* tether send FILE.eml: a whole message from a file, sent now. */
static int
cmd_send_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct config *cfg = NULL;
	struct store *st = NULL;
	const struct account *a = NULL;
	const char *file = NULL, *account = NULL;
	char *data = NULL, *cause = NULL;
	struct compose_out msg = { 0 };
	size_t len = 0;
	int64_t id = 0;
	int i, rc;
	bool test = false;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--test") == 0)
			test = true;
		else if (file == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
			file = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_send);
			return CLI_EXIT_USAGE;
		}
	}
	if (test && file == NULL)
		return send_test(ctx, account);
	if (file == NULL || test) {
		cli_usage(ctx->err, &cli_cmd_send);
		return CLI_EXIT_USAGE;
	}
	if (file_read_all(strcmp(file, "-") == 0 ? "/dev/stdin" : file, (size_t)1 << 30,
	    &data, &len, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK) {
		free(data);
		return rc;
	}
	a = account != NULL ? config_account_find(cfg, account) : config_default_account(cfg);
	if (a == NULL) {
		if (account != NULL)
			cli_error(ctx, _("there is no account \"%s\" in %s"), account, cfg->path);
		else
			cli_error(ctx, _("%s has no [account] to send from"), cfg->path);
		rc = CLI_EXIT_FAIL;
	} else if (compose_prepare(data, len, time_now(), a->email, &msg, &cause) != TT_OK) {
		cli_error(ctx, "%s: %s", file, cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	} else if ((rc = cli_outbox_queue(ctx, st, a, &msg, 0, NULL, NULL, &id)) ==
	    CLI_EXIT_OK) {
		fprintf(ctx->out, _("queued as outbox message %lld\n"), (long long)id);
		rc = cli_outbox_flush(ctx, cfg, st, a->name);
	}
	free(data);
	compose_out_clear(&msg);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_send = {
	"send", "FILE.eml|- [--account A] | --test [--account A]",
	N_("send a whole message from a file now (it waits in the outbox if it cannot leave)"),
	cmd_send_exec,
};

/* tether draft list|delete: the drafts saved by compose --draft and the
 * interface (which goes on with one with D). */
static int
cmd_draft_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "list";
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct store_draft *v = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL, when[21];
	bool json = argc > 2 && strcmp(argv[argc - 1], "--json") == 0;
	int64_t id = 0;
	size_t n = 0, k;
	int rc;

	if (strcmp(verb, "delete") == 0) {
		if (argc != 3 || !cli_parse_id(ctx, _("the draft id"), argv[2], &id))
			return CLI_EXIT_USAGE;
	} else if (strcmp(verb, "list") != 0 || argc > 3 || (argc == 3 && !json)) {
		cli_usage(ctx->err, &cli_cmd_draft);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (id != 0) {
		if (store_draft_delete(st, id, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("draft %lld deleted (its copy in Drafts goes at the "
			    "next sync)\n"), (long long)id);
	} else if (store_draft_list(st, &v, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
	} else if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "drafts");
		json_array_begin(&j);
		for (k = 0; k < n; k++) {
			json_object_begin(&j);
			json_kint(&j, "id", v[k].id);
			json_kstr(&j, "account", v[k].account);
			json_kstr(&j, "to", v[k].to);
			json_kstr(&j, "subject", v[k].subject);
			json_kstr(&j, "body", v[k].body);
			json_ktime(&j, "updated_at", v[k].updated_at);
			json_kbool(&j, "on_server", v[k].server_msgid != NULL);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		if (n == 0)
			fprintf(ctx->out, _("no drafts\n"));
		for (k = 0; k < n; k++) {
			time_format_utc(v[k].updated_at, when);
			fprintf(ctx->out, "%5lld  %.16s  ", (long long)v[k].id, when);
			cli_put_safe(ctx->out, v[k].to != NULL && v[k].to[0] != '\0' ? v[k].to :
			    _("(no recipient)"), false);
			fputs("  ", ctx->out);
			cli_put_safe(ctx->out, v[k].subject != NULL && v[k].subject[0] != '\0' ?
			    v[k].subject : _("(no subject)"), false);
			fputc('\n', ctx->out);
		}
	}
	for (k = 0; k < n; k++)
		store_draft_clear(&v[k]);
	free(v);
	free(cause);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_draft = {
	"draft", "list [--json] | delete ID",
	N_("the saved drafts: list them, delete one (D in the interface goes on with one)"),
	cmd_draft_exec,
};
