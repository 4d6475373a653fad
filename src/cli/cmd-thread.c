/* cmd-thread.c - `tether thread ID [--json]`: a thread's messages, oldest first. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

static int
cmd_thread_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_thread t;
	struct store_message *msgs = NULL;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	bool json = false;
	struct json j;
	char *cause = NULL;
	int64_t id = 0;
	size_t n = 0, k;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (id == 0 && argv[i][0] != '-') {
			if (!cli_parse_id(ctx, _("the thread id"), argv[i], &id))
				return CLI_EXIT_USAGE;
		} else {
			cli_usage(ctx->err, &cli_cmd_thread);
			return CLI_EXIT_USAGE;
		}
	}
	if (id == 0) {
		cli_usage(ctx->err, &cli_cmd_thread);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (store_thread_get(st, id, &t, &msgs, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (!cli_fill_bodies(ctx, st, msgs, n)) {
		store_messages_free(msgs, n);
		store_thread_clear(&t);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "thread");
		cli_json_thread(&j, st, &t, cfg->general.default_sharing == SHARING_SHARED);
		json_key(&j, "messages");
		json_array_begin(&j);
		for (k = 0; k < n; k++)
			cli_json_message(&j, &msgs[k], true);
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		fprintf(ctx->out, _("Thread %lld: "), (long long)t.id);
		cli_put_safe(ctx->out, t.subject, false);
		fprintf(ctx->out, ngettext_(" (%lld message)\n", " (%lld messages)\n",
		    (unsigned long)t.message_count), (long long)t.message_count);
		for (k = 0; k < n; k++) {
			fprintf(ctx->out, "\n--- %lld ---\n", (long long)msgs[k].id);
			cli_text_message(ctx->out, &msgs[k]);
		}
	}
	store_messages_free(msgs, n);
	store_thread_clear(&t);
	cli_close_store(&cfg, &st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_thread = {
	"thread", "ID [--json]",
	N_("show a thread: its messages, oldest first"),
	cmd_thread_exec,
};
