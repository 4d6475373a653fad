/* cmd-journal.c - tether journal: the changes waiting for the server or refused by it; retry and drop. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"

/* What an intent does, in words ("+Seen -Flagged", "move to Archive"). */
static char *
describe(const struct store_intent *it)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ MSG_SEEN, "Seen" }, { MSG_ANSWERED, "Answered" },
		{ MSG_FLAGGED, "Flagged" }, { MSG_DELETED, "Deleted" },
		{ MSG_DRAFT, "Draft" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	if (it->kind == INTENT_MOVE) {
		buf_addf(&b, _("move to %s"), it->target != NULL ? it->target :
		    _("(a folder that is gone)"));
		return buf_detach(&b);
	}
	for (i = 0; i < TT_ARRAY_LEN(names); i++) {
		if (it->add & names[i].bit)
			buf_addf(&b, "%s+%s", b.len > 0 ? " " : "", names[i].name);
		if (it->remove & names[i].bit)
			buf_addf(&b, "%s-%s", b.len > 0 ? " " : "", names[i].name);
	}
	return buf_detach(&b);
}

static void
list_text(struct cli_ctx *ctx, const struct store_intent *v, size_t n)
{
	char *what, when[32];
	const char *state;
	size_t i, w;

	if (n == 0) {
		fputs(_("no changes wait for the server\n"), ctx->out);
		return;
	}
	for (i = 0; i < n; i++) {
		what = describe(&v[i]);
		state = v[i].failed ? _("failed") : _("pending");
		/* Padded by display width: a translation may not be ASCII. */
		w = utf8_width(state);
		fprintf(ctx->out, "%6lld  %s%*s %s/", (long long)v[i].id, state,
		    w < 8 ? (int)(8 - w) : 0, "", v[i].account);
		cli_put_safe(ctx->out, v[i].folder != NULL ? v[i].folder : "?", false);
		fprintf(ctx->out, " uid %u  %s  ", v[i].uid, what);
		cli_put_safe(ctx->out, v[i].subject != NULL ? v[i].subject : "", false);
		fputc('\n', ctx->out);
		if (v[i].last_error != NULL) {
			time_format_utc(v[i].next_try_at, when);
			fputs("        ", ctx->out);
			cli_put_safe(ctx->out, v[i].last_error, false);
			if (!v[i].failed)
				fprintf(ctx->out, _(" (attempt %d; next try %s)"), v[i].attempts,
				    when);
			fputc('\n', ctx->out);
		}
		free(what);
	}
}

static void
list_json(struct cli_ctx *ctx, const struct store_intent *v, size_t n)
{
	struct buf out = BUF_INIT;
	struct json j;
	char *what;
	size_t i;

	json_init(&j, &out);
	json_object_begin(&j);
	json_key(&j, "changes");
	json_array_begin(&j);
	for (i = 0; i < n; i++) {
		what = describe(&v[i]);
		json_object_begin(&j);
		json_kint(&j, "id", v[i].id);
		json_kstr(&j, "state", v[i].failed ? "failed" : "pending");
		json_kstr(&j, "kind", v[i].kind == INTENT_MOVE ? "move" : "flags");
		json_kstr(&j, "change", what);
		json_kstr(&j, "account", v[i].account);
		json_kstr(&j, "folder", v[i].folder);
		json_kint(&j, "uid", v[i].uid);
		json_kstr(&j, "target", v[i].target);
		if (v[i].message_id != 0)
			json_kint(&j, "message", v[i].message_id);
		json_kstr(&j, "subject", v[i].subject);
		json_kint(&j, "attempts", v[i].attempts);
		json_kstr(&j, "error", v[i].last_error);
		json_ktime(&j, "created", v[i].created_at);
		json_object_end(&j);
		free(what);
	}
	json_array_end(&j);
	json_object_end(&j);
	cli_put_json(ctx, &out);
}

static int
cmd_journal_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_intent *v = NULL;
	struct store *st = NULL;
	char *cause = NULL;
	size_t n = 0;
	int64_t id = 0;
	bool json = false;
	int rc;
	tt_status s;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = true;
	else if (argc == 3 && (strcmp(argv[1], "retry") == 0 ||
	    strcmp(argv[1], "drop") == 0)) {
		if (!cli_parse_id(ctx, "change", argv[2], &id))
			return CLI_EXIT_USAGE;
	} else if (argc != 1) {
		cli_usage(ctx->err, &cli_cmd_journal);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, NULL, &st)) != CLI_EXIT_OK)
		return rc;
	if (id != 0) {
		if ((s = store_begin(st, &cause)) == TT_OK) {
			s = argv[1][0] == 'r' ? store_journal_retry(st, id, &cause) :
			    store_journal_drop(st, id, &cause);
			if (s == TT_OK)
				s = store_commit(st, &cause);
			else
				store_rollback(st);
		}
		if (s != TT_OK) {
			cli_error(ctx, "%s", cause);
			free(cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, argv[1][0] == 'r' ?
			    _("change %lld will be sent again by the next tether sync\n") :
			    _("change %lld dropped; the message shows what the server "
			    "has\n"), (long long)id);
		cli_close_store(NULL, &st);
		return rc;
	}
	if (store_journal_list(st, 0, false, &v, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(NULL, &st);
		return CLI_EXIT_FAIL;
	}
	if (json)
		list_json(ctx, v, n);
	else
		list_text(ctx, v, n);
	store_intents_free(v, n);
	cli_close_store(NULL, &st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_journal = {
	"journal", "[--json] | retry ID | drop ID",
	N_("list your changes that wait for the server or that it refused; send one again or drop it"),
	cmd_journal_exec,
};
