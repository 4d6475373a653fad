/* cmd-doctor.c - tether doctor: checks each account's servers step by step and says what to do about what fails. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/config.h"
#include "sync/sync.h"

struct doc {
	struct cli_ctx *ctx;
	const char *first_fail;   /* the step that failed first, or NULL */
	char *diagnosis;          /* its sentence (owned) */
};

static void
on_step(void *arg, const char *name, bool ok, const char *text)
{
	struct doc *d = arg;
	const char *mark = ok ? _("ok") : _("FAIL");

	/* Padded by display width: the words may be translated. */
	fprintf(d->ctx->out, "  %s%*s %s%*s ", mark,
	    utf8_width(mark) < 4 ? (int)(4 - utf8_width(mark)) : 0, "", name,
	    utf8_width(name) < 8 ? (int)(8 - utf8_width(name)) : 0, "");
	cli_put_safe(d->ctx->out, text, false);
	fputc('\n', d->ctx->out);
	if (!ok && d->diagnosis == NULL) {
		d->first_fail = name;
		d->diagnosis = xstrdup(text);
	}
}

static int
cmd_doctor_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct doc d = { .ctx = ctx };
	struct doctor_report rep = { .arg = &d, .step = on_step };
	struct config *cfg = NULL;
	struct account *a;
	char *cause = NULL, *line;
	size_t i, k, bad = 0, checked = 0;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		cli_usage(ctx->err, &cli_cmd_doctor);
		return CLI_EXIT_USAGE;
	}
	if (config_load(ctx->paths.config_file, &cfg, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	if (argc == 2 && config_account_find(cfg, argv[1]) == NULL) {
		cli_error(ctx, _("there is no account \"%s\" in %s"), argv[1], cfg->path);
		config_free(&cfg);
		return CLI_EXIT_FAIL;
	}
	if (cfg->naccounts == 0) {
		cli_error(ctx, _("%s has no [account] to check; tether.conf(5) shows "
		    "how to add one"), cfg->path);
		config_free(&cfg);
		return CLI_EXIT_FAIL;
	}
	for (k = 0; k < cfg->naccounts; k++) {
		a = cfg->accounts[k];
		if (argc == 2 && strcmp(a->name, argv[1]) != 0)
			continue;
		checked++;
		fprintf(ctx->out, _("account %s (IMAP %s:%d, SMTP %s:%d)\n"), a->name,
		    a->imap_host != NULL ? a->imap_host : "?", a->imap_port,
		    a->smtp_host != NULL ? a->smtp_host : "?", a->smtp_port);
		/* The configuration's own errors come first, in its words (ERR-09). */
		for (i = 0; i < cfg->ndiags; i++) {
			if (cfg->diags[i].level != DIAG_ERROR ||
			    (cfg->diags[i].account != NULL &&
			    strcmp(cfg->diags[i].account, a->name) != 0))
				continue;
			line = config_diag_format(cfg, &cfg->diags[i]);
			fprintf(ctx->out, "  %s\n", line);
			free(line);
		}
		free(d.diagnosis);
		d.diagnosis = NULL;
		if (sync_doctor(a, &rep) == TT_OK)
			fputs(_("  everything works\n"), ctx->out);
		else {
			bad++;
			fprintf(ctx->out, _("  diagnosis: %s: "), d.first_fail);
			cli_put_safe(ctx->out, d.diagnosis != NULL ? d.diagnosis : "", false);
			fputc('\n', ctx->out);
		}
	}
	free(d.diagnosis);
	config_free(&cfg);
	(void)checked;
	return bad > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_doctor = {
	"doctor", "[ACCOUNT]",
	N_("check the servers of every account (or one): DNS, TLS, login, folders, SMTP"),
	cmd_doctor_exec,
};
