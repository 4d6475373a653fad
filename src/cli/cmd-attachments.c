/* cmd-attachments.c - `tether attachments ID [--json]`: a message's attachments, numbered for save-attachment. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

static int
cmd_attachments_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_message m;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	bool json = argc == 3 && strcmp(argv[2], "--json") == 0;
	struct json j;
	char *cause = NULL;
	int64_t id;
	size_t k;
	int rc;

	if (argc < 2 || argc > 3 || (argc == 3 && !json)) {
		cli_usage(ctx->err, &cli_cmd_attachments);
		return CLI_EXIT_USAGE;
	}
	if (!cli_parse_id(ctx, _("the message id"), argv[1], &id))
		return CLI_EXIT_USAGE;
	if ((rc = cli_open_store(ctx, NULL, &st)) != CLI_EXIT_OK)
		return rc;
	if (store_message_get(st, id, true, &m, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		store_close(&st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_kint(&j, "message", m.id);
		json_key(&j, "attachments");
		json_array_begin(&j);
		for (k = 0; k < m.natts; k++) {
			json_object_begin(&j);
			json_kint(&j, "number", (int64_t)k + 1);
			json_kstr(&j, "filename", m.atts[k].filename);
			json_kstr(&j, "content_type", m.atts[k].content_type);
			json_kint(&j, "size", (int64_t)m.atts[k].size);
			json_kstr(&j, "content_id", m.atts[k].content_id);
			json_kbool(&j, "inline", m.atts[k].is_inline);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		if (m.natts == 0)
			fprintf(ctx->out, _("message %lld has no attachments\n"),
			    (long long)m.id);
		for (k = 0; k < m.natts; k++) {
			fprintf(ctx->out, "%3zu  %10llu  %-24s  ", k + 1,
			    (unsigned long long)m.atts[k].size, m.atts[k].content_type);
			cli_put_safe(ctx->out, m.atts[k].filename[0] != '\0' ?
			    m.atts[k].filename : _("(no name)"), false);
			fputs(m.atts[k].is_inline ? _("  (inline)\n") : "\n", ctx->out);
		}
	}
	store_message_clear(&m);
	store_close(&st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_attachments = {
	"attachments", "ID [--json]",
	N_("list a message's attachments with their numbers"),
	cmd_attachments_exec,
};
