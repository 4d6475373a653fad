/* cmd-sync.c - tether sync: bring the accounts' IMAP folders into the cache, with a progress bar or machine-readable events. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/config.h"
#include "store/store.h"
#include "sync/sync.h"

/* IDLE is ended and begun again before servers drop it (RFC 2177: 29 min). */
#define WATCH_IDLE_MS (25 * 60 * 1000)
/* Reconnect delays: doubling from 1 s up to 5 min, with jitter. */
#define WATCH_BACKOFF_MAX_S 300

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
	int64_t now = (int64_t)time_mono_ms();
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
	    _("bodies") : strcmp(phase, "sending") == 0 ? _("sent") : _("headers"), (unsigned long long)done,
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
	struct outbox_stats os;
	char *cause = NULL;
	double secs;
	bool outbox_failed = false;
	size_t linked = 0, drafts = 0;
	tt_status r;

	run->account = a->name;
	run->started_ms = (int64_t)time_mono_ms();
	if (!a->valid)
		show_account_errors(run->ctx, cfg, a);
	r = sync_account(st, a, opts, &s, &cause);
	if (run->bar)
		fputs("\r\033[K", run->ctx->err);
	/* CONN-23/24: refused credentials mark the account; a sync that
	 * logs in again clears the mark. */
	if (r == TT_EAUTH || r == TT_OK) {
		char *ignored = NULL;

		if (store_account_set_state(st, a->name, r == TT_OK ? "ok" :
		    "needs_reauth", r == TT_OK ? NULL : cause, &ignored) != TT_OK)
			free(ignored);
	}
	if (r != TT_OK) {
		cli_error(run->ctx, "%s: %s", a->name, cause);
		event_error(run, cause);
		free(cause);
		cause = NULL;
	}
	/* The outbox after the folders: an SMTP failure can then say
	 * whether IMAP worked (ERR-01).  Its copies in Sent are read at
	 * once, so a reply shows in its thread when the run ends. */
	if (sync_outbox(st, a, opts, r == TT_OK, &os, &cause) != TT_OK) {
		cli_error(run->ctx, "%s: %s", a->name, cause);
		event_error(run, cause);
		free(cause);
		cause = NULL;
		outbox_failed = true;
	} else {
		if (os.sent + os.waiting + os.failed + os.interrupted > 0 && !run->events)
			fprintf(run->ctx->out, _("%s: outbox: %zu sent (%zu late), %zu waiting, "
			    "%zu refused, %zu interrupted earlier\n"), a->name, os.sent, os.late,
			    os.waiting, os.failed, os.interrupted);
		outbox_failed = os.waiting + os.failed > 0;
		if (os.appended > 0 && r == TT_OK) {
			struct sync_stats again;

			if (sync_account(st, a, opts, &again, &cause) != TT_OK) {
				cli_error(run->ctx, "%s: %s", a->name, cause);
				free(cause);
				cause = NULL;
			}
		}
	}
	if (store_outbox_link_threads(st, &linked, &cause) != TT_OK) {
		cli_error(run->ctx, "%s", cause);
		free(cause);
		cause = NULL;
	}
	/* Drafts to the server's Drafts folder (a failure waits). */
	if (r == TT_OK && sync_drafts(st, a, opts, &drafts, &cause) != TT_OK) {
		cli_error(run->ctx, _("%s: drafts wait for the next sync: %s"), a->name, cause);
		free(cause);
		cause = NULL;
	}
	if (r != TT_OK)
		return CLI_EXIT_FAIL;
	secs = (double)((int64_t)time_mono_ms() - run->started_ms) / 1000.0;
	if (!run->events) {
		fprintf(run->ctx->out, _("%s: %llu folders in %.1f s: %llu new, "
		    "%llu flag changes, %llu removed on the server, %llu bodies "
		    "fetched"), a->name, (unsigned long long)s.folders, secs,
		    (unsigned long long)s.added, (unsigned long long)s.flags,
		    (unsigned long long)(s.removed + s.purged),
		    (unsigned long long)s.bodies);
		if (s.replayed + s.refused > 0)
			fprintf(run->ctx->out, _("; %llu of your changes sent, %llu "
			    "refused (tether journal shows why)"),
			    (unsigned long long)s.replayed, (unsigned long long)s.refused);
		fputc('\n', run->ctx->out);
	}
	return outbox_failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/*
 * The wake-up descriptor: stdin when it is a pipe or socket (the TUI
 * writes a byte to it; its end means the TUI is gone), else none: a
 * terminal or /dev/null would wake the loop for nothing.
 */
static int
wake_fd(void)
{
	struct stat sb;

	if (fstat(STDIN_FILENO, &sb) == 0 && (S_ISFIFO(sb.st_mode) ||
	    S_ISSOCK(sb.st_mode)))
		return STDIN_FILENO;
	return -1;
}

/*
 * Reads what the TUI wrote: lines "body ID" (fetch that message's body
 * now) into *body, anything else just wakes.  False at end of file.
 */
static bool
read_wake(int fd, int64_t *body)
{
	char buf[256], *p, *end;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	long long id;

	*body = 0;
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	buf[n] = '\0';
	for (p = buf; (p = strstr(p, "body ")) != NULL; p = end) {
		id = strtoll(p + 5, &end, 10);
		if (end == p + 5)
			break;
		*body = id;
	}
	return true;
}

/* Sleeps s seconds, or until a wake-up; false when the TUI went away. */
static bool
pause_for(int fd, int s)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int64_t body;

	if (fd < 0) {
		sleep((unsigned)s);
		return true;
	}
	if (poll(&p, 1, s * 1000) > 0)
		return read_wake(fd, &body);
	return true;
}

static void
event_offline(struct run *r, int secs, const char *why)
{
	if (r->events) {
		fprintf(r->ctx->out, "offline %d ", secs);
		put_name(r->ctx->out, why);
		fputc('\n', r->ctx->out);
		fflush(r->ctx->out);
	} else
		cli_error(r->ctx, _("%s: %s; offline, retrying in %d s"), r->account,
		    why, secs);
}

/*
 * tether sync --watch: one account, kept in step over two connections.
 * One waits on the inbox with IDLE and reads it when the server has news;
 * the other does the rest without breaking that IDLE: a full pass on
 * start and every interval, the journal and the inbox when the TUI writes
 * a byte, a body the user opened ("body ID").  A lost connection is
 * retried with growing delays; a refused login marks the account "needs
 * re-authentication" and ends the watch (CONN-23): retrying bad
 * credentials only gets accounts locked.
 */
/* The outbox while watching: what is due leaves; a failure is an event,
 * never the end of the watch (the message waits). */
static size_t
watch_outbox(struct run *run, struct store *st, const struct account *a,
    const struct sync_opts *opts)
{
	struct outbox_stats os;
	char *cause = NULL;
	size_t linked = 0, drafts = 0;

	if (sync_outbox(st, a, opts, true, &os, &cause) != TT_OK) {
		event_error(run, cause);
		free(cause);
		return 0;
	}
	if (os.sent > 0 && run->events) {
		fprintf(run->ctx->out, "sent %zu\n", os.sent);
		fflush(run->ctx->out);
	}
	if (store_outbox_link_threads(st, &linked, &cause) != TT_OK) {
		event_error(run, cause);
		free(cause);
		cause = NULL;
	}
	if (sync_drafts(st, a, opts, &drafts, &cause) != TT_OK) {
		event_error(run, cause);
		free(cause);
	}
	return os.appended;
}

/* Whether the outbox holds a message waiting for its time. */
static bool
outbox_waiting(struct store *st)
{
	struct store_outbox *v = NULL;
	char *cause = NULL;
	size_t n = 0;
	bool any = false;

	if (store_outbox_list(st, 0, STORE_OUTBOX_WAITING, 0, &v, &n, &cause) != TT_OK) {
		free(cause);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		any |= strcmp(v[i].state, "queued") == 0;
	store_outbox_free(v, n);
	return any;
}

static int
watch(struct run *run, struct store *st, const struct account *a,
    const struct sync_opts *opts, int interval_s)
{
	struct sync_session *idle = NULL, *work = NULL;
	struct sync_stats stats;
	enum sync_wake why = SYNC_WAKE_TIMEOUT;
	int64_t next_full = 0, left, body;
	int fd = wake_fd(), backoff = 1, wait_s, rc = CLI_EXIT_OK;
	char *cause = NULL;
	tt_status r = TT_OK;

	run->account = a->name;
	for (;;) {
		if (work == NULL && (r = sync_open(st, a, opts, &work, &cause)) == TT_OK)
			next_full = 0;
		if (r == TT_OK && idle == NULL)
			r = sync_open(st, a, opts, &idle, &cause);
		if (r == TT_EAUTH || r == TT_EINVAL) {
			char *ignored = NULL;

			if (r == TT_EAUTH && store_account_set_state(st, a->name,
			    "needs_reauth", cause, &ignored) != TT_OK)
				free(ignored);
			cli_error(run->ctx, "%s: %s", a->name, cause);
			event_error(run, cause);
			rc = CLI_EXIT_FAIL;
			break;
		}
		if (r == TT_OK && (int64_t)time_mono_ms() >= next_full) {
			r = sync_run(work, false, &stats, &cause);
			next_full = (int64_t)time_mono_ms() + (int64_t)interval_s * 1000;
		}
		/* Every wake sends what is due (a new message from the
		 * interface, a scheduled one whose time came). */
		if (r == TT_OK && watch_outbox(run, st, a, opts) > 0) {
			/* The copies in Sent are read now: a reply shows in
			 * its thread at once. */
			next_full = 0;
			continue;
		}
		/* IDLE is renewed before servers drop it. */
		if (r == TT_OK && sync_watch_age_ms(idle) > WATCH_IDLE_MS)
			r = sync_watch_stop(idle, &cause);
		if (r == TT_OK) {
			left = next_full - (int64_t)time_mono_ms();
			/* Scheduled mail is looked at every 30 s. */
			if (left > 30000 && outbox_waiting(st))
				left = 30000;
			r = sync_watch_wait(idle, fd, left < 0 ? 0 : left > WATCH_IDLE_MS ?
			    WATCH_IDLE_MS : (int)left, &why, &cause);
		}
		if (r == TT_OK && why == SYNC_WAKE_SERVER)
			r = sync_run(idle, true, &stats, &cause);
		if (r == TT_OK && why == SYNC_WAKE_FD) {
			if (!read_wake(fd, &body))
				break;
			if (body != 0) {
				/* A body the user waits for: a failure is said, not fatal. */
				r = sync_fetch_body(work, body, &cause);
				if (r != TT_OK && r != TT_ENET && r != TT_ETIMEOUT) {
					event_error(run, cause);
					free(cause);
					cause = NULL;
					r = TT_OK;
				}
			} else
				r = sync_run(work, true, &stats, &cause);
		}
		if (r == TT_OK) {
			backoff = 1;
			continue;
		}
		sync_close(&idle);
		sync_close(&work);
		/* Jitter keeps many clients from returning at the same second. */
		wait_s = backoff + (int)((unsigned)(int64_t)time_mono_ms() % (unsigned)(backoff /
		    4 + 1));
		event_offline(run, wait_s, cause);
		free(cause);
		cause = NULL;
		if (!pause_for(fd, wait_s))
			break;
		backoff = backoff * 2 > WATCH_BACKOFF_MAX_S ? WATCH_BACKOFF_MAX_S :
		    backoff * 2;
		r = TT_OK;
	}
	free(cause);
	sync_close(&idle);
	sync_close(&work);
	return rc;
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
	int i, rc, lock = -1, failed = 0, interval = 300;
	bool watching = false;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--events") == 0)
			run.events = true;
		else if (strcmp(argv[i], "--watch") == 0)
			watching = true;
		else if (strcmp(argv[i], "--interval") == 0 && i + 1 < argc) {
			interval = atoi(argv[++i]);
			if (interval < 10) {
				cli_error(ctx, _("--interval takes seconds, at least 10"));
				return CLI_EXIT_USAGE;
			}
		}
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
	opts.manual_links = cfg->general.link_mode == LINK_MODE_MANUAL;
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
	if (watching) {
		/* One account is watched: the named one, else the default. */
		a = name != NULL ? config_account_find(cfg, name) :
		    config_default_account(cfg);
		run.bar = false;
		if (!a->valid)
			show_account_errors(ctx, cfg, a);
		rc = watch(&run, st, a, &opts, interval);
		close(lock);
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
	"sync", "[ACCOUNT] [--headers-only] [--events] [--watch [--interval SECONDS]]",
	N_("fetch new mail and changes from the IMAP server of every account (or one)"),
	cmd_sync_exec,
};
