/* cmd-list.c - `tether list [--folder F] [--threads] [--limit N] [--offset N] [--json]`: newest first. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

/* Reads --limit/--offset style numbers (0 allowed). */
static bool
count_arg(struct cli_ctx *ctx, const char *opt, const char *arg, int64_t *out)
{
	if (arg == NULL) {
		cli_error(ctx, _("%s needs a number"), opt);
		return false;
	}
	if (strcmp(arg, "0") == 0) {
		*out = 0;
		return true;
	}
	return cli_parse_id(ctx, opt, arg, out);
}

bool
cli_list_options(struct cli_ctx *ctx, int argc, char **argv, int *i,
    struct store_query *q, bool *json, const char **folder, bool *threads)
{
	const char *a = argv[*i], *next = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (strcmp(a, "--json") == 0)
		*json = true;
	else if (strcmp(a, "--threads") == 0 && threads != NULL)
		*threads = true;
	else if (strcmp(a, "--limit") == 0 || strcmp(a, "--offset") == 0) {
		if (!count_arg(ctx, a, next, a[2] == 'l' ? &q->limit : &q->offset))
			return false;
		(*i)++;
	} else if (strcmp(a, "--folder") == 0 && folder != NULL) {
		if (next == NULL) {
			cli_error(ctx, _("--folder needs a folder name"));
			return false;
		}
		*folder = next;
		(*i)++;
	} else {
		cli_error(ctx, _("%s does not take \"%s\"; see tether %s --help"),
		    argv[0], a, argv[0]);
		return false;
	}
	return true;
}

static int
list_folders(struct cli_ctx *ctx, struct store *st, bool json)
{
	struct store_folder *v = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	size_t n = 0, k;

	if (store_list_folders(st, &v, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "folders");
		json_array_begin(&j);
		for (k = 0; k < n; k++) {
			json_object_begin(&j);
			json_kint(&j, "id", v[k].id);
			json_kstr(&j, "account", v[k].account);
			json_kstr(&j, "name", v[k].name);
			json_kstr(&j, "role", v[k].role);
			json_kint(&j, "messages", v[k].messages);
			json_kint(&j, "unread", v[k].unread);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		for (k = 0; k < n; k++) {
			fprintf(ctx->out, "%8lld %6lld  ", (long long)v[k].messages,
			    (long long)v[k].unread);
			cli_put_safe(ctx->out, v[k].account, false);
			fputc('/', ctx->out);
			cli_put_safe(ctx->out, v[k].name, false);
			fputc('\n', ctx->out);
		}
	}
	store_folders_free(v, n);
	return CLI_EXIT_OK;
}

static int
cmd_list_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_query q = { 0 };
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct store_message *msgs = NULL;
	struct store_thread *threads = NULL;
	const char *folder = NULL;
	bool json = false, want_threads = false, want_folders = false;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	size_t n = 0, k;
	tt_status s;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--folders") == 0)
			want_folders = true;
		else if (!cli_list_options(ctx, argc, argv, &i, &q, &json, &folder,
		    &want_threads))
			return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (want_folders) {
		rc = list_folders(ctx, st, json);
		cli_close_store(&cfg, &st);
		return rc;
	}
	s = folder != NULL ? store_folder_find(st, folder, &q.folder_id, &cause) : TT_OK;
	if (s == TT_OK && want_threads)
		s = store_list_threads(st, &q, &threads, &n, &cause);
	else if (s == TT_OK)
		s = store_list_messages(st, &q, &msgs, &n, &cause);
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, want_threads ? "threads" : "messages");
		json_array_begin(&j);
		for (k = 0; k < n; k++) {
			if (want_threads)
				cli_json_thread(&j, st, &threads[k],
				    cfg->general.default_sharing == SHARING_SHARED);
			else
				cli_json_message(&j, &msgs[k], false);
		}
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		for (k = 0; k < n; k++) {
			if (want_threads)
				cli_text_thread_line(ctx->out, &threads[k]);
			else
				cli_text_message_line(ctx->out, &msgs[k]);
		}
	}
	store_threads_free(threads, want_threads ? n : 0);
	store_messages_free(msgs, want_threads ? 0 : n);
	cli_close_store(&cfg, &st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_list = {
	"list", "[--folder F] [--threads] [--limit N] [--offset N] [--json] | --folders [--json]",
	N_("list messages or threads, newest first, or the folders"),
	cmd_list_exec,
};
