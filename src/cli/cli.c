/* cli.c - global options, the table of subcommands, dispatch and help. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* One entry per subcommand, in the order `tether --help` lists them. */
static const struct cli_cmd *const commands[] = {
	&cli_cmd_list,
	&cli_cmd_thread,
	&cli_cmd_show,
	&cli_cmd_search,
	&cli_cmd_attachments,
	&cli_cmd_save_attachment,
	&cli_cmd_read,
	&cli_cmd_unread,
	&cli_cmd_flag,
	&cli_cmd_unflag,
	&cli_cmd_archive,
	&cli_cmd_delete,
	&cli_cmd_move,
	&cli_cmd_link,
	&cli_cmd_unlink,
	&cli_cmd_crm,
	&cli_cmd_block,
	&cli_cmd_compose,
	&cli_cmd_send,
	&cli_cmd_outbox,
	&cli_cmd_draft,
	&cli_cmd_template,
	&cli_cmd_signature,
	&cli_cmd_sync,
	&cli_cmd_journal,
	&cli_cmd_doctor,
	&cli_cmd_import,
	&cli_cmd_config,
};

void
cli_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("tether: ", ctx->err);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
}

void
cli_usage(FILE *fp, const struct cli_cmd *cmd)
{
	fprintf(fp, _("usage: tether [--profile DIR] %s %s\n"), cmd->name,
	    cmd->usage);
}

static void
print_help(FILE *fp)
{
	size_t i;

	fputs(_("usage: tether [--profile DIR] [--config FILE] [COMMAND [ARGS...]]\n"
	    "\n"
	    "A terminal mail client with a CRM. Without a command, tether opens\n"
	    "its terminal interface.\n"
	    "\n"
	    "Options:\n"
	    "  -p, --profile DIR   keep config, mail.db, crm.db and the log in DIR\n"
	    "                      (also $TETHER_PROFILE)\n"
	    "  -c, --config FILE   read the configuration from FILE\n"
	    "      --demo          open the interface on a new throwaway demo profile\n"
	    "                      with sample mail (no server is contacted)\n"
	    "  -h, --help          show this help\n"
	    "  -V, --version       show the version\n"
	    "\n"
	    "Commands:\n"), fp);
	for (i = 0; i < TT_ARRAY_LEN(commands); i++)
		fprintf(fp, "  %-16s %s\n", commands[i]->name, _(commands[i]->summary));
	fputs(_("\n'tether COMMAND --help' describes a command; tether(1) and "
	    "tether.conf(5) describe everything.\n"), fp);
}

int
cli_parse_global(int argc, char **argv, struct cli_ctx *ctx, int *first)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "demo", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	const char *profile = NULL, *config = NULL;
	char *cause = NULL;
	int c;

	memset(ctx, 0, sizeof *ctx);
	ctx->out = stdout;
	ctx->err = stderr;
	opterr = 0;
	optind = 1;
	/* "+" stops at the command word, so its own options stay its own. */
	while ((c = getopt_long(argc, argv, "+p:c:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			print_help(ctx->out);
			return CLI_EXIT_OK;
		case 'V':
			fprintf(ctx->out, "tether %s\n", PACKAGE_VERSION);
			return CLI_EXIT_OK;
		case 'D':
			ctx->demo = true;
			break;
		default:
			if (optopt != 0 && strchr("pc", optopt) != NULL)
				cli_error(ctx, _("option -%c needs an argument"), optopt);
			else
				cli_error(ctx, _("unknown option %s; see tether --help"),
				    argv[optind - 1]);
			return CLI_EXIT_USAGE;
		}
	}
	if (paths_resolve(profile, config, &ctx->paths, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	/* The demo makes its own profile; a command after --demo runs in it. */
	if (ctx->demo) {
		int rc = cli_demo(ctx);

		if (rc != CLI_EXIT_OK)
			return rc;
	}
	log_init(ctx->paths.log_file);
	*first = optind;
	return -1;
}

static const struct cli_cmd *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(commands); i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	}
	return NULL;
}

int
cli_dispatch(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			print_help(ctx->out);
			return CLI_EXIT_OK;
		}
		if ((cmd = find_command(argv[1])) == NULL) {
			cli_error(ctx, _("there is no command \"%s\"; see tether --help"),
			    argv[1]);
			return CLI_EXIT_USAGE;
		}
		cli_usage(ctx->out, cmd);
		fprintf(ctx->out, "%s\n", _(cmd->summary));
		return CLI_EXIT_OK;
	}
	if ((cmd = find_command(argv[0])) == NULL) {
		cli_error(ctx, _("there is no command \"%s\"; see tether --help"),
		    argv[0]);
		return CLI_EXIT_USAGE;
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage(ctx->out, cmd);
		fprintf(ctx->out, "%s\n", _(cmd->summary));
		return CLI_EXIT_OK;
	}
	log_msg(LOG_DEBUG, "command %s", cmd->name);
	return cmd->exec(ctx, argc, argv);
}

void
cli_ctx_clear(struct cli_ctx *ctx)
{
	paths_clear(&ctx->paths);
	log_close();
}
