/* cmd-show.c - `tether show ID [--text|--raw|--json]`: one message. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"

/* Raw bytes: exact through a pipe, made safe on a terminal (DESIGN.md). */
static int
show_raw(struct cli_ctx *ctx, struct store *st, int64_t id)
{
	char *raw = NULL, *cause = NULL, *safe;
	size_t len;

	if (store_raw_get(st, id, &raw, &len, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	if (isatty(fileno(ctx->out))) {
		safe = utf8_terminal_safe(raw, len, true);
		fputs(safe, ctx->out);
		free(safe);
	} else
		fwrite(raw, 1, len, ctx->out);
	free(raw);
	return CLI_EXIT_OK;
}

static int
cmd_show_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { TEXT, RAW, JSON } mode = TEXT;
	struct store_message m;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	int64_t id = 0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--text") == 0)
			mode = TEXT;
		else if (strcmp(argv[i], "--raw") == 0)
			mode = RAW;
		else if (strcmp(argv[i], "--json") == 0)
			mode = JSON;
		else if (id == 0 && argv[i][0] != '-') {
			if (!cli_parse_id(ctx, _("the message id"), argv[i], &id))
				return CLI_EXIT_USAGE;
		} else {
			cli_usage(ctx->err, &cli_cmd_show);
			return CLI_EXIT_USAGE;
		}
	}
	if (id == 0) {
		cli_usage(ctx->err, &cli_cmd_show);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, NULL, &st)) != CLI_EXIT_OK)
		return rc;
	if (mode == RAW) {
		rc = show_raw(ctx, st, id);
		store_close(&st);
		return rc;
	}
	if (store_message_get(st, id, true, &m, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		store_close(&st);
		return CLI_EXIT_FAIL;
	}
	if (!cli_fill_bodies(ctx, st, &m, 1)) {
		store_message_clear(&m);
		store_close(&st);
		return CLI_EXIT_FAIL;
	}
	if (mode == JSON) {
		json_init(&j, &out);
		cli_json_message(&j, &m, true);
		cli_put_json(ctx, &out);
	} else
		cli_text_message(ctx->out, &m);
	store_message_clear(&m);
	store_close(&st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_show = {
	"show", "ID [--text|--raw|--json]",
	N_("show one message: headers and text, its raw bytes, or JSON"),
	cmd_show_exec,
};
