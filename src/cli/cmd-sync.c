/* cmd-sync.c - tether sync: bring the accounts' IMAP folders into the cache, with a progress bar or machine-readable events. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/config.h"
#include "sync/sync.h"

struct run {
	struct cli_ctx *ctx;
	bool events;              /* one line per event on stdout */
	bool bar;                 /* a progress bar on the terminal */
	const char *account;
	int64_t started_ms;
	int64_t last_draw_ms;
};

/* Text for an event line: no control character can split it. */
static void
put_name(FILE *fp, const char *name)
{
	for (; *name != '\0'; name++)
		fputc((unsigned char)*name < 0x20 || *name == 0x7f ? '?' : *name, fp);
}

/* A folder as ACCOUNT/NAME, the form --folder takes, so two accounts'
 * INBOXes are told apart. */
static void
put_folder(struct run *r, const char *folder)
{
	put_name(r->ctx->out, r->account);
	fputc('/', r->ctx->out);
	put_name(r->ctx->out, folder);
}

static void
on_progress(void *arg, const char *folder, const char *phase, uint64_t done,
    uint64_t total)
{
	struct run *r = arg;
	int64_t now = time_mono_ms();
	double secs;
	int width = 24, fill;

	if (r->events) {
		fputs("progress ", r->ctx->out);
		put_folder(r, folder);
		fprintf(r->ctx->out, " %llu %llu\n", (unsigned long long)done,
		    (unsigned long long)total);
		fflush(r->ctx->out);
	}
	if (!r->bar || total == 0 || (done < total && now - r->last_draw_ms < 100))
		return;
	r->last_draw_ms = now;
	secs = (double)(now - r->started_ms) / 1000.0;
	fill = (int)((double)width * (double)done / (double)total);
	fputs("\r\033[K", r->ctx->err);
	fprintf(r->ctx->err, "%s %s ", r->account, folder);
	fprintf(r->ctx->err, "[%.*s%*s] ", fill, "########################",
	    width - fill, "");
	/* TRANSLATORS: a progress line: phase ("headers" or "bodies"), done,
	 * total, rate per second. */
	fprintf(r->ctx->err, _("%s %llu/%llu (%.0f/s)"), strcmp(phase, "bodies") == 0 ?
	    _("bodies") : _("headers"), (unsigned long long)done,
	    (unsigned long long)total, secs > 0 ? (double)done / secs : 0.0);
	fflush(r->ctx->err);
}

static void
on_changed(void *arg, const char *folder)
{
	struct run *r = arg;

	if (!r->events)
		return;
	fputs("changed ", r->ctx->out);
	put_folder(r, folder);
	fputc('\n', r->ctx->out);
	fflush(r->ctx->out);
}

static void
event_error(struct run *r, const char *text)
{
	if (!r->events)
		return;
	fputs("error ", r->ctx->out);
	put_name(r->ctx->out, text);
	fputc('\n', r->ctx->out);
	fflush(r->ctx->out);
}

static void
on_warning(void *arg, const char *text)
{
	struct run *r = arg;

	if (r->bar)
		fputs("\r\033[K", r->ctx->err);
	cli_error(r->ctx, "%s: %s", r->account, text);
	event_error(r, text);
}

/*
 * One sync per profile at a time: a second one would fetch the same mail
 * twice.  The lock goes with the process, however it ends.
 */
static int
take_lock(struct cli_ctx *ctx, int *fd)
{
	char *path = path_join(ctx->paths.data_dir, "sync.lock");
	int rc = CLI_EXIT_OK;

	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0) {
		cli_error(ctx, _("cannot create %s: %s"), path, strerror(errno));
		rc = CLI_EXIT_FAIL;
	} else if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		cli_error(ctx, _("another tether sync is running on this profile; "
		    "it will bring the new mail"));
		close(*fd);
		*fd = -1;
		rc = CLI_EXIT_FAIL;
	}
	free(path);
	return rc;
}

/* The configuration's errors about one account, as config check shows them. */
static void
show_account_errors(struct cli_ctx *ctx, const struct config *cfg,
    const struct account *a)
{
	char *line;
	size_t i;

	for (i = 0; i < cfg->ndiags; i++) {
		if (cfg->diags[i].level != DIAG_ERROR || (cfg->diags[i].account != NULL &&
		    strcmp(cfg->diags[i].account, a->name) != 0))
			continue;
		line = config_diag_format(cfg, &cfg->diags[i]);
		fprintf(ctx->err, "%s\n", line);
		free(line);
	}
}

static int
sync_one(struct run *run, struct store *st, const struct config *cfg,
    const struct account *a, const struct sync_opts *opts)
{
	struct sync_stats s;
	char *cause = NULL;
	double secs;
	tt_status r;

	run->account = a->name;
	run->started_ms = time_mono_ms();
	if (!a->valid)
		show_account_errors(run->ctx, cfg, a);
	r = sync_account(st, a, opts, &s, &cause);
	if (run->bar)
		fputs("\r\033[K", run->ctx->err);
	if (r != TT_OK) {
		cli_error(run->ctx, "%s: %s", a->name, cause);
		event_error(run, cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	secs = (double)(time_mono_ms() - run->started_ms) / 1000.0;
	if (!run->events)
		fprintf(run->ctx->out, _("%s: %llu folders in %.1f s: %llu new, "
		    "%llu flag changes, %llu removed on the server, %llu bodies "
		    "fetched\n"), a->name, (unsigned long long)s.folders, secs,
		    (unsigned long long)s.added, (unsigned long long)s.flags,
		    (unsigned long long)(s.removed + s.purged),
		    (unsigned long long)s.bodies);
	return CLI_EXIT_OK;
}

static int
cmd_sync_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct run run = { .ctx = ctx };
	struct sync_report report = {
		.arg = &run, .progress = on_progress, .changed = on_changed,
		.warning = on_warning,
	};
	struct sync_opts opts = { .report = &report };
	const char *name = NULL;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct account *a;
	int i, rc, lock = -1, failed = 0;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--events") == 0)
			run.events = true;
		else if (strcmp(argv[i], "--headers-only") == 0)
			opts.headers_only = true;
		else if (argv[i][0] == '-' || name != NULL) {
			cli_usage(ctx->err, &cli_cmd_sync);
			return CLI_EXIT_USAGE;
		} else
			name = argv[i];
	}
	run.bar = !run.events && isatty(fileno(ctx->err));
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (cfg->naccounts == 0) {
		cli_error(ctx, _("%s has no [account] to sync; tether.conf(5) shows "
		    "how to add one"), cfg->path);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (name != NULL && (a = config_account_find(cfg, name)) == NULL) {
		cli_error(ctx, _("there is no account \"%s\" in %s"), name, cfg->path);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if ((rc = take_lock(ctx, &lock)) != CLI_EXIT_OK) {
		cli_close_store(&cfg, &st);
		return rc;
	}
	for (k = 0; k < cfg->naccounts; k++) {
		a = cfg->accounts[k];
		if (name != NULL && strcmp(a->name, name) != 0)
			continue;
		if (sync_one(&run, st, cfg, a, &opts) != CLI_EXIT_OK)
			failed++;
	}
	close(lock);
	cli_close_store(&cfg, &st);
	return failed > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_sync = {
	"sync", "[ACCOUNT] [--headers-only] [--events]",
	N_("fetch new mail and changes from the IMAP server of every account (or one)"),
	cmd_sync_exec,
};
