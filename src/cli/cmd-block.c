/* cmd-block.c - `tether block add|remove|list|apply|release`: blocked addresses and screened mail (BLOCK-01..09). */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "thread/thread.h"

/* The own addresses of every account (a message from one is never
 * screened); *own is heap, its strings foreign. */
static size_t
own_addresses(const struct config *cfg, const char ***own)
{
	size_t i, n = 0;

	*own = xcalloc(cfg->naccounts + 1, sizeof **own);
	for (i = 0; i < cfg->naccounts; i++) {
		if (cfg->accounts[i]->email != NULL)
			(*own)[n++] = cfg->accounts[i]->email;
	}
	return n;
}

/* Checks that account names a configured account. */
static bool
known_account(struct cli_ctx *ctx, const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->naccounts; i++) {
		if (strcmp(cfg->accounts[i]->name, name) == 0)
			return true;
	}
	cli_error(ctx, _("there is no [account %s] in %s"), name, cfg->path);
	return false;
}

/* Puts a screened message back: threaded, linked when its thread is new. */
static tt_status
release(struct store *st, const struct config *cfg, int64_t id, char **cause)
{
	struct store_message m;
	struct mime_message *msg = NULL;
	struct crm_linker *lk = NULL;
	const char **own;
	char *raw = NULL, *why = NULL;
	size_t len = 0, nown;
	int64_t thread, account = 0;
	bool created;
	tt_status s;

	if ((s = store_message_get(st, id, false, &m, cause)) != TT_OK)
		return s;
	if ((s = store_raw_get(st, id, &raw, &len, cause)) == TT_OK &&
	    mime_parse(raw, len, m.date, &msg, &why) != TT_OK) {
		s = tt_fail(cause, TT_EINVAL, _("message %lld cannot be read: %s"),
		    (long long)id, why);
		free(why);
	}
	if (s == TT_OK)
		s = store_account_ensure(st, m.account, NULL, &account, cause);
	nown = own_addresses(cfg, &own);
	if (s == TT_OK && (s = store_begin(st, cause)) == TT_OK) {
		if ((s = store_message_unscreen(st, id, cause)) == TT_OK)
			s = thread_place(st, account, id, msg, &thread, &created, cause);
		if (s == TT_OK && created && (s = crm_linker_open(st, m.account, own,
		    nown, cfg->general.link_mode == LINK_MODE_AUTO, &lk, cause)) ==
		    TT_OK) {
			s = crm_linker_new_thread(lk, thread, id, cause);
			crm_linker_close(&lk);
		}
		if (s == TT_OK)
			s = store_commit(st, cause);
		else
			store_rollback(st);
	}
	free(own);
	if (msg != NULL)
		mime_message_free(&msg);
	free(raw);
	store_message_clear(&m);
	return s;
}

static int
cmd_block_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "", *account = NULL;
	const char *arg = NULL, **own;
	struct store_block *v = NULL;
	struct store_message *msgs = NULL;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL, *pattern = NULL;
	bool json = false, screened = false;
	int64_t id = 0;
	size_t n = 0, k, nown;
	int i, rc;
	tt_status s = TT_OK;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--screened") == 0)
			screened = true;
		else if (arg == NULL && argv[i][0] != '-')
			arg = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_block);
			return CLI_EXIT_USAGE;
		}
	}
	if (((strcmp(verb, "add") == 0 || strcmp(verb, "remove") == 0 ||
	    strcmp(verb, "release") == 0) && arg == NULL) ||
	    ((strcmp(verb, "list") == 0 || strcmp(verb, "apply") == 0) &&
	    arg != NULL) || (strcmp(verb, "add") != 0 &&
	    strcmp(verb, "remove") != 0 && strcmp(verb, "list") != 0 &&
	    strcmp(verb, "apply") != 0 && strcmp(verb, "release") != 0)) {
		cli_usage(ctx->err, &cli_cmd_block);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(verb, "release") == 0 &&
	    !cli_parse_id(ctx, _("the message id"), arg, &id))
		return CLI_EXIT_USAGE;
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "remove") == 0) &&
	    block_pattern_normalize(arg, &pattern, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK) {
		free(pattern);
		return rc;
	}
	if (account != NULL && !known_account(ctx, cfg, account)) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		if ((s = store_block_add(st, pattern, account, NULL, &cause)) == TT_OK)
			fprintf(ctx->out, _("blocked %s%s%s: new mail only it sends "
			    "is screened; tether block apply screens stored mail\n"),
			    pattern, account != NULL ? _(" for ") : "",
			    account != NULL ? account : "");
	} else if (strcmp(verb, "remove") == 0) {
		if ((s = store_block_remove(st, pattern, account, &cause)) == TT_OK)
			fprintf(ctx->out, _("unblocked %s\n"), pattern);
	} else if (strcmp(verb, "apply") == 0) {
		nown = own_addresses(cfg, &own);
		if ((s = crm_block_apply(st, account, own, nown, &n, &cause)) == TT_OK)
			fprintf(ctx->out, ngettext_("%zu stored message screened\n",
			    "%zu stored messages screened\n", n), n);
		free(own);
	} else if (strcmp(verb, "release") == 0) {
		if ((s = release(st, cfg, id, &cause)) == TT_OK)
			fprintf(ctx->out, _("message %lld is back in its folder\n"),
			    (long long)id);
	} else if (screened) {
		int64_t acct = 0;

		if (account != NULL)
			s = store_account_ensure(st, account, NULL, &acct, &cause);
		if (s == TT_OK)
			s = store_screened_list(st, acct, &msgs, &n, &cause);
		if (s == TT_OK && json) {
			json_init(&j, &out);
			json_object_begin(&j);
			json_key(&j, "screened");
			json_array_begin(&j);
			for (k = 0; k < n; k++)
				cli_json_message(&j, &msgs[k], false);
			json_array_end(&j);
			json_object_end(&j);
			cli_put_json(ctx, &out);
		} else if (s == TT_OK) {
			for (k = 0; k < n; k++)
				cli_text_message_line(ctx->out, &msgs[k]);
			if (n > 0)
				fprintf(ctx->out, _("tether block release ID puts one "
				    "back\n"));
		}
		store_messages_free(msgs, n);
	} else {
		if ((s = store_block_list(st, account, &v, &n, &cause)) == TT_OK &&
		    json) {
			json_init(&j, &out);
			json_object_begin(&j);
			json_key(&j, "blocked");
			json_array_begin(&j);
			for (k = 0; k < n; k++) {
				json_object_begin(&j);
				json_kint(&j, "id", v[k].id);
				json_kstr(&j, "pattern", v[k].pattern);
				json_kstr(&j, "account", v[k].account);
				json_ktime(&j, "created_at", v[k].created_at);
				json_object_end(&j);
			}
			json_array_end(&j);
			json_object_end(&j);
			cli_put_json(ctx, &out);
		} else if (s == TT_OK) {
			for (k = 0; k < n; k++) {
				cli_put_safe(ctx->out, v[k].pattern, false);
				fprintf(ctx->out, "\t%s\n", v[k].account != NULL ?
				    v[k].account : _("(all accounts)"));
			}
		}
		store_blocks_free(v, n);
	}
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	}
out:
	free(pattern);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_block = {
	"block", "add|remove PATTERN [--account A] | list [--screened] "
	"[--account A] [--json] | apply [--account A] | release MESSAGE",
	N_("blocked addresses: mail only they send is screened (kept, hidden)"),
	cmd_block_exec,
};
