/* cmd-search.c - `tether search QUERY... [--limit N] [--offset N] [--json]`: words and keys, newest first. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

static int
cmd_search_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_query q = { 0 };
	struct store_message *msgs = NULL;
	struct store *st = NULL;
	struct buf query = BUF_INIT, out = BUF_INIT;
	bool json = false;
	struct json j;
	char *cause = NULL;
	size_t n = 0, k;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			if (!cli_list_options(ctx, argc, argv, &i, &q, &json, NULL, NULL)) {
				buf_free(&query);
				return CLI_EXIT_USAGE;
			}
		} else
			buf_addf(&query, "%s%s", query.len > 0 ? " " : "", argv[i]);
	}
	if (query.len == 0) {
		cli_usage(ctx->err, &cli_cmd_search);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, NULL, &st)) != CLI_EXIT_OK) {
		buf_free(&query);
		return rc;
	}
	if (store_search(st, buf_str(&query), &q, &msgs, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		buf_free(&query);
		store_close(&st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_kstr(&j, "query", buf_str(&query));
		json_key(&j, "messages");
		json_array_begin(&j);
		for (k = 0; k < n; k++)
			cli_json_message(&j, &msgs[k], false);
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		for (k = 0; k < n; k++)
			cli_text_message_line(ctx->out, &msgs[k]);
	}
	store_messages_free(msgs, n);
	buf_free(&query);
	store_close(&st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_search = {
	"search", "QUERY... [--limit N] [--offset N] [--json]",
	N_("search messages: words, \"phrases\", from: to: subject: before: after: "
	    "has:attachment is:unread folder:"),
	cmd_search_exec,
};
