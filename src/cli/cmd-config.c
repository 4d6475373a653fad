/* cmd-config.c - `tether config show|check|providers`: the configuration as tether reads it. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config/config.h"

static void
print_diags(struct cli_ctx *ctx, const struct config *cfg)
{
	char *line;
	size_t i;

	for (i = 0; i < cfg->ndiags; i++) {
		line = config_diag_format(cfg, &cfg->diags[i]);
		fprintf(ctx->err, "%s\n", line);
		free(line);
	}
}

static int
load(struct cli_ctx *ctx, struct config **cfg)
{
	char *cause = NULL;

	if (config_load(ctx->paths.config_file, cfg, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

static int
config_show(struct cli_ctx *ctx, bool json)
{
	struct config *cfg;
	struct buf out = BUF_INIT;
	int rc;

	if ((rc = load(ctx, &cfg)) != CLI_EXIT_OK)
		return rc;
	if (json)
		config_show_json(cfg, &out);
	else {
		config_show_text(cfg, &out);
		print_diags(ctx, cfg);
	}
	fputs(buf_str(&out), ctx->out);
	buf_free(&out);
	rc = config_count(cfg, DIAG_ERROR) > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	config_free(&cfg);
	return rc;
}

static int
config_check(struct cli_ctx *ctx, bool json)
{
	struct config *cfg;
	struct buf out = BUF_INIT;
	size_t i, errors, warnings;
	int rc;

	if ((rc = load(ctx, &cfg)) != CLI_EXIT_OK)
		return rc;
	errors = config_count(cfg, DIAG_ERROR);
	warnings = config_count(cfg, DIAG_WARNING);
	if (json) {
		config_show_json(cfg, &out);
		fputs(buf_str(&out), ctx->out);
		buf_free(&out);
	} else if (!cfg->exists) {
		cli_error(ctx, _("there is no configuration file at %s; create it as "
		    "tether.conf(5) describes"), cfg->path);
	} else {
		print_diags(ctx, cfg);
		for (i = 0; i < cfg->naccounts; i++)
			fprintf(ctx->out, _("account %s: %s\n"), cfg->accounts[i]->name,
			    cfg->accounts[i]->valid ? _("ok") : _("has errors"));
		char *e = xasprintf(ngettext_("%zu error", "%zu errors", errors), errors);
		char *w = xasprintf(ngettext_("%zu warning", "%zu warnings", warnings),
		    warnings);

		/* TRANSLATORS: FILE: N errors, N warnings */
		fprintf(ctx->out, _("%s: %s, %s\n"), cfg->path, e, w);
		free(e);
		free(w);
	}
	rc = errors > 0 || !cfg->exists ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	config_free(&cfg);
	return rc;
}

static const char *
security_name(enum smtp_security s)
{
	return s == SMTP_TLS ? "tls" : "starttls";
}

static int
config_providers_list(struct cli_ctx *ctx, bool json)
{
	const struct provider *p;
	struct buf out = BUF_INIT;
	size_t n, i;

	p = config_providers(&n);
	if (json)
		buf_adds(&out, "[");
	for (i = 0; i < n; i++) {
		if (json) {
			buf_adds(&out, i > 0 ? ", {\"id\": " : "{\"id\": ");
			buf_add_json_str(&out, p[i].id);
			buf_adds(&out, ", \"label\": ");
			buf_add_json_str(&out, p[i].label);
			buf_adds(&out, ", \"imap_host\": ");
			if (p[i].imap_host != NULL)
				buf_add_json_str(&out, p[i].imap_host);
			else
				buf_adds(&out, "null");
			buf_addf(&out, ", \"imap_port\": %d, \"smtp_host\": ", p[i].imap_port);
			if (p[i].smtp_host != NULL)
				buf_add_json_str(&out, p[i].smtp_host);
			else
				buf_adds(&out, "null");
			buf_addf(&out, ", \"smtp_port\": %d, \"smtp_security\": \"%s\", "
			    "\"size_limit\": %llu, \"unverified\": %s}", p[i].smtp_port,
			    security_name(p[i].smtp_security),
			    (unsigned long long)p[i].size_limit,
			    p[i].unverified ? "true" : "false");
			continue;
		}
		buf_addf(&out, "%-12s %-26s IMAP %s:%d  SMTP %s:%d %s%s\n", p[i].id,
		    p[i].label, p[i].imap_host != NULL ? p[i].imap_host : "-",
		    p[i].imap_port, p[i].smtp_host != NULL ? p[i].smtp_host : "-",
		    p[i].smtp_port, security_name(p[i].smtp_security),
		    p[i].unverified ? _(" (unverified)") : "");
	}
	if (json)
		buf_adds(&out, "]\n");
	fputs(buf_str(&out), ctx->out);
	buf_free(&out);
	return CLI_EXIT_OK;
}

/* config set ACCOUNT KEY VALUE: one key of an account, in the file. */
static int
config_set(struct cli_ctx *ctx, int argc, char **argv)
{
	char *cause = NULL;

	if (argc != 5) {
		cli_usage(ctx->err, &cli_cmd_config);
		return CLI_EXIT_USAGE;
	}
	if (config_file_set(ctx->paths.config_file, argv[2], argv[3], argv[4], &cause) !=
	    TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	/* SNDR-02: what was sent keeps its name; what is sent next has it. */
	fprintf(ctx->out, _("%s of account %s is now \"%s\" in %s (messages sent "
	    "from now on use it)\n"), argv[3], argv[2], argv[4], ctx->paths.config_file);
	return CLI_EXIT_OK;
}

static int
cmd_config_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *sub;
	int i;

	if (argc < 2) {
		cli_usage(ctx->err, &cli_cmd_config);
		return CLI_EXIT_USAGE;
	}
	sub = argv[1];
	if (strcmp(sub, "set") == 0)
		return config_set(ctx, argc, argv);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else {
			cli_error(ctx, _("config %s does not take \"%s\""), sub, argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (strcmp(sub, "show") == 0)
		return config_show(ctx, json);
	if (strcmp(sub, "check") == 0)
		return config_check(ctx, json);
	if (strcmp(sub, "providers") == 0)
		return config_providers_list(ctx, json);
	cli_error(ctx, _("config has no subcommand \"%s\"; use show, check, "
	    "providers or set"), sub);
	return CLI_EXIT_USAGE;
}

const struct cli_cmd cli_cmd_config = {
	"config", "show|check|providers [--json] | set ACCOUNT KEY VALUE",
	N_("show the effective configuration, check it, or list provider presets"),
	cmd_config_exec,
};
