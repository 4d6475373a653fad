/* cmd-link.c - `tether link` and `tether unlink`: a thread's item and its participants' persons by hand. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

/* Prints a thread's link, persons and the reason it is (not) linked. */
static void
print_link(struct cli_ctx *ctx, int64_t thread, const struct crm_thread_link *l)
{
	size_t i;

	fprintf(ctx->out, _("thread %lld: "), (long long)thread);
	if (l->item.type != NULL) {
		fprintf(ctx->out, "%s %s ", l->item.type, l->item.id);
		cli_put_safe(ctx->out, l->item.title, false);
		fprintf(ctx->out, " (%s)\n", l->item.status);
	} else
		fputs(_("no item\n"), ctx->out);
	fputs("  ", ctx->out);
	cli_put_safe(ctx->out, l->reason, false);
	fputc('\n', ctx->out);
	for (i = 0; i < l->ncandidates; i++) {
		fprintf(ctx->out, _("  candidate: %s %s "), l->candidates[i].type,
		    l->candidates[i].id);
		cli_put_safe(ctx->out, l->candidates[i].title, false);
		fputc('\n', ctx->out);
	}
	for (i = 0; i < l->nambiguous; i++) {
		fputs("  ", ctx->out);
		cli_put_safe(ctx->out, l->ambiguous[i], false);
		fputs(_(": multiple matching contacts\n"), ctx->out);
	}
	for (i = 0; i < l->npersons; i++) {
		fprintf(ctx->out, _("  person %lld: "), (long long)l->persons[i].id);
		cli_put_safe(ctx->out, l->persons[i].name, false);
		fputs(" <", ctx->out);
		cli_put_safe(ctx->out, l->persons[i].address, false);
		fputc('>', ctx->out);
		if (l->persons[i].org != NULL) {
			fputs(", ", ctx->out);
			cli_put_safe(ctx->out, l->persons[i].org, false);
		}
		fputc('\n', ctx->out);
	}
}

static int
cmd_link_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crm_thread_link l;
	struct config *cfg = NULL;
	struct store *st = NULL;
	const char *type = NULL, *item = NULL, *person = NULL, *address = NULL;
	char *cause = NULL;
	bool json = false;
	struct buf out = BUF_INIT;
	struct json j;
	int64_t thread = 0, threads = 0;
	int i, rc;
	tt_status s = TT_OK;

	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--deal") == 0 || strcmp(argv[i], "--lead") == 0 ||
		    strcmp(argv[i], "--project") == 0) && i + 1 < argc && type == NULL) {
			type = argv[i] + 2;
			item = argv[++i];
		} else if (strcmp(argv[i], "--person") == 0 && i + 1 < argc)
			person = argv[++i];
		else if (strcmp(argv[i], "--address") == 0 && i + 1 < argc)
			address = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (thread == 0 && argv[i][0] != '-') {
			if (!cli_parse_id(ctx, _("the thread id"), argv[i], &thread))
				return CLI_EXIT_USAGE;
		} else {
			cli_usage(ctx->err, &cli_cmd_link);
			return CLI_EXIT_USAGE;
		}
	}
	if (thread == 0 || (person != NULL) != (address != NULL)) {
		cli_usage(ctx->err, &cli_cmd_link);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (person != NULL)
		s = crm_attach_address(st, person, address, &threads, &cause);
	if (s == TT_OK && person != NULL)
		fprintf(ctx->out, ngettext_("%s is now this person's: %lld thread "
		    "shows it\n", "%s is now this person's: %lld threads show it\n",
		    (unsigned long)threads), address, (long long)threads);
	if (s == TT_OK && type != NULL)
		s = crm_link(st, thread, type, item, &cause);
	if (s == TT_OK)
		s = crm_thread_link(st, thread, &l, &cause);
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		struct store_thread t;
		struct store_message *msgs = NULL;
		size_t n = 0;

		if (store_thread_get(st, thread, &t, &msgs, &n, &cause) == TT_OK) {
			json_init(&j, &out);
			cli_json_thread(&j, st, &t,
			    cfg->general.default_sharing == SHARING_SHARED);
			cli_put_json(ctx, &out);
			store_thread_clear(&t);
			store_messages_free(msgs, n);
		} else {
			cli_error(ctx, "%s", cause);
			free(cause);
			rc = CLI_EXIT_FAIL;
		}
	} else
		print_link(ctx, thread, &l);
	crm_thread_link_clear(&l);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
cmd_unlink_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crm_thread_link l;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL;
	int64_t thread = 0;
	int rc;

	if (argc != 2 || !cli_parse_id(ctx, _("the thread id"), argv[1], &thread)) {
		cli_usage(ctx->err, &cli_cmd_unlink);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (crm_unlink(st, thread, &cause) != TT_OK ||
	    crm_thread_link(st, thread, &l, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	print_link(ctx, thread, &l);
	crm_thread_link_clear(&l);
	cli_close_store(&cfg, &st);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_link = {
	"link", "THREAD [--deal ID | --lead ID | --project ID] "
	"[--person ID --address ADDR] [--json]",
	N_("show or set a thread's item link, and whose an address is"),
	cmd_link_exec,
};

const struct cli_cmd cli_cmd_unlink = {
	"unlink", "THREAD",
	N_("remove a thread's item link (its persons stay)"),
	cmd_unlink_exec,
};
