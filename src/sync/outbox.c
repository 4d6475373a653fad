/* outbox.c - the outbox run: due messages submitted by SMTP in order, temporary failures retried later, refusals kept with the reply, copies filed in Sent. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose/compose.h"
#include "smtp/smtp.h"
#include "sync/sync-internal.h"
#include "sync/sync.h"

/* CMP-26: scheduled messages due together leave this far apart. */
#define OUTBOX_SPACING_S 30
/* A scheduled message sent this long after its time is "sent late". */
#define OUTBOX_LATE_S 120

static void
say(const struct sync_opts *opts, const char *text)
{
	if (opts != NULL && opts->report != NULL && opts->report->warning != NULL)
		opts->report->warning(opts->report->arg, text);
}

static void
progress(const struct sync_opts *opts, uint64_t done, uint64_t total)
{
	if (opts != NULL && opts->report != NULL && opts->report->progress != NULL)
		opts->report->progress(opts->report->arg, _("Outbox"), "sending", done, total);
}

/* The wait before try number `attempts` + 1: 1, 2, 4 … 60 minutes. */
static time_t
backoff(int attempts)
{
	time_t s = 60;

	for (int i = 1; i < attempts && s < 3600; i++)
		s *= 2;
	return s > 3600 ? 3600 : s;
}

/* The envelope's lines as an array (pointers into a copy in *buf). */
static size_t
split_rcpts(const char *rcpts, char **buf, char ***v)
{
	size_t n = 0;
	char *p, *save = NULL;

	*buf = xstrdup(rcpts != NULL ? rcpts : "");
	*v = NULL;
	for (p = strtok_r(*buf, "\n", &save); p != NULL; p = strtok_r(NULL, "\n", &save)) {
		*v = xreallocarray(*v, n + 1, sizeof **v);
		(*v)[n++] = p;
	}
	return n;
}

/* Copies of sent messages the Sent folder still lacks. */
static void
file_copies(struct store *st, const struct account *acct,
    const struct sync_opts *opts, int64_t account_id, struct outbox_stats *stats)
{
	struct store_outbox *v = NULL;
	struct sync_session *ss = NULL;
	char *cause = NULL, *raw = NULL, *text;
	size_t n = 0, len;

	/* Only the sent rows still without their copy: the outbox keeps
	 * every sent message, which this must not read each run. */
	if (store_outbox_list(st, account_id, STORE_OUTBOX_UNFILED, 0, &v, &n, &cause) != TT_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (acct->preset != NULL && acct->preset->saves_sent) {
			/* Gmail and Microsoft file sent mail themselves. */
			store_outbox_set_appended(st, v[i].id, &cause);
			continue;
		}
		if (ss == NULL && sync_open(st, acct, opts, &ss, &cause) != TT_OK)
			goto out;
		if (store_outbox_raw(st, v[i].id, &raw, &len, &cause) != TT_OK)
			goto out;
		if (sync_append(ss, "sent", "\\Seen", raw, &cause) != TT_OK) {
			free(raw);
			goto out;
		}
		free(raw);
		if (store_outbox_set_appended(st, v[i].id, &cause) != TT_OK)
			goto out;
		stats->appended++;
	}
out:
	if (cause != NULL) {
		/* The mail has left; only its copy waits for the next run. */
		text = xasprintf(_("the copy for the Sent folder waits: %s"), cause);
		say(opts, text);
		free(text);
		free(cause);
	}
	sync_close(&ss);
	store_outbox_free(v, n);
}

tt_status
sync_outbox(struct store *st, const struct account *acct,
    const struct sync_opts *opts, bool imap_ok, struct outbox_stats *stats,
    char **cause)
{
	struct store_outbox *v = NULL;
	struct smtp_target t = { 0 };
	char *secret = NULL, *why = NULL;
	int64_t account_id;
	time_t last_sent = 0, now;
	bool token = false, last_scheduled = false, stop = false;
	size_t n = 0, i;
	tt_status r;

	memset(stats, 0, sizeof *stats);
	if ((r = store_account_ensure(st, acct->name, acct->email, &account_id,
	    cause)) != TT_OK)
		return r;
	/* A row still 'sending' belongs to a run that died mid-send. */
	if ((r = store_outbox_recover(st, account_id, &stats->interrupted, cause)) != TT_OK)
		return r;
	if ((r = store_outbox_list(st, account_id, STORE_OUTBOX_WAITING, time_now(), &v, &n,
	    cause)) != TT_OK)
		return r;
	if (n > 0) {
		t.host = acct->smtp_host;
		t.port = acct->smtp_port;
		t.tls = acct->smtp_security == SMTP_STARTTLS ? SMTP_REQUIRE_STARTTLS :
		    SMTP_IMPLICIT_TLS;
		t.ca_file = acct->tls_ca_file;
		t.username = acct->username != NULL ? acct->username : acct->email;
		t.imap_ok = imap_ok;
		t.timeout_s = acct->smtp_timeout;
		if (!acct->valid)
			r = tt_fail(&why, TT_EINVAL, _("account %s has errors in the "
			    "configuration; tether config check shows them"), acct->name);
		else
			r = _sync_secret(acct, t.username, &secret, &token, &why);
		if (r != TT_OK) {
			/* Nothing can leave; every message stays queued. */
			*cause = why;
			store_outbox_free(v, n);
			return r;
		}
		if (token)
			t.oauth_token = secret;
		else
			t.password = secret;
	}
	for (i = 0; i < n && !stop; i++) {
		struct smtp_result res = { 0 };
		char *raw = NULL, *rcpt_buf = NULL, **rcpts = NULL, *text;
		size_t len = 0, nr;
		bool scheduled = v[i].send_at > 0;

		progress(opts, i, n);
		if (scheduled && last_scheduled && last_sent > 0) {
			time_t gap = time_now() - last_sent;

			if (gap < OUTBOX_SPACING_S)
				sleep((unsigned)(OUTBOX_SPACING_S - gap));
		}
		if ((r = store_outbox_claim(st, v[i].id, &why)) != TT_OK) {
			/* Cancelled meanwhile (or another run has it). */
			free(why);
			why = NULL;
			r = TT_OK;
			continue;
		}
		if ((r = store_outbox_raw(st, v[i].id, &raw, &len, cause)) != TT_OK)
			break;
		nr = split_rcpts(v[i].rcpts, &rcpt_buf, &rcpts);
		r = smtp_send(&t, v[i].mail_from, rcpts, nr, raw, len,
		    config_size_limit(acct), &res, &why);
		free(raw);
		free(rcpt_buf);
		free(rcpts);
		now = time_now();
		if (r == TT_OK) {
			bool late = scheduled && now - v[i].send_at > OUTBOX_LATE_S;

			r = store_outbox_sent(st, v[i].id, now, late, cause);
			smtp_result_clear(&res);
			if (r != TT_OK)
				break;
			stats->sent++;
			stats->late += late;
			last_sent = now;
			last_scheduled = scheduled;
			continue;
		}
		/* The same server would refuse the next one the same way. */
		stop = res.temporary || r == TT_EAUTH || r == TT_ETLS || r == TT_EUNSUPPORTED;
		/* Kept: queued for later, or failed with the reason (ERR-08). */
		text = xasprintf(_("outbox message %lld (%s): %s"), (long long)v[i].id,
		    v[i].subject != NULL && v[i].subject[0] != '\0' ? v[i].subject :
		    _("no subject"), why);
		say(opts, text);
		free(text);
		if (res.temporary) {
			stats->waiting++;
			r = store_outbox_failed(st, v[i].id, false, now + backoff(v[i].attempts + 1),
			    res.code, why, cause);
		} else {
			stats->failed++;
			r = store_outbox_failed(st, v[i].id, true, 0, res.code, why, cause);
		}
		free(why);
		why = NULL;
		smtp_result_clear(&res);
		if (r != TT_OK)
			break;
	}
	if (secret != NULL) {
		secret_wipe(secret);
		free(secret);
	}
	store_outbox_free(v, n);
	if (r != TT_OK && *cause != NULL)
		return r;
	progress(opts, n, n);
	file_copies(st, acct, opts, account_id, stats);
	return TT_OK;
}

/* A stored draft as compose_build takes it (a copy: no recipient needed). */
static void
draft_of(const struct account *acct, const struct store_draft *sd, struct draft *d)
{
	memset(d, 0, sizeof *d);
	d->draft_copy = true;
	d->from_name = acct->sender_name != NULL ? xstrdup(acct->sender_name) : NULL;
	d->from_email = acct->email != NULL ? xstrdup(acct->email) : NULL;
	d->to = sd->to != NULL ? xstrdup(sd->to) : NULL;
	d->cc = sd->cc != NULL ? xstrdup(sd->cc) : NULL;
	d->bcc = sd->bcc != NULL ? xstrdup(sd->bcc) : NULL;
	d->subject = sd->subject != NULL ? xstrdup(sd->subject) : NULL;
	d->body = xstrdup(sd->body != NULL ? sd->body : "");
	d->in_reply_to = sd->in_reply_to != NULL ? xstrdup(sd->in_reply_to) : NULL;
	draft_set_refs(d, sd->refs);
	for (size_t i = 0; i < sd->nfiles; i++) {
		struct compose_attachment a = { 0 };

		a.data = sd->files[i].data;
		a.len = sd->files[i].len;
		a.name = sd->files[i].name;
		a.type = sd->files[i].content_type;
		a.inline_image = sd->files[i].is_inline;
		draft_add_attachment(d, &a);
	}
}

tt_status
sync_drafts(struct store *st, const struct account *acct,
    const struct sync_opts *opts, size_t *saved, char **cause)
{
	struct store_draft *v = NULL;
	struct sync_session *ss = NULL;
	char **gone = NULL;
	size_t n = 0, ngone = 0, i;
	tt_status r;

	*saved = 0;
	if ((r = store_drafts_pending(st, acct->name, &v, &n, cause)) != TT_OK)
		return r;
	if ((r = store_drafts_gone(st, acct->name, &gone, &ngone, cause)) != TT_OK)
		goto out;
	if (n + ngone == 0)
		goto out;
	if ((r = sync_open(st, acct, opts, &ss, cause)) != TT_OK)
		goto out;
	for (i = 0; i < n && r == TT_OK; i++) {
		struct draft d;
		struct compose_out o = { 0 };
		char *why = NULL;

		draft_of(acct, &v[i], &d);
		if (compose_build(&d, time_now(), &o, &why) != TT_OK) {
			/* A draft that cannot be a message yet (a bad address
			 * typed so far) waits for the next change. */
			free(why);
			draft_clear(&d);
			continue;
		}
		draft_clear(&d);
		r = sync_append(ss, "drafts", "\\Draft \\Seen", o.raw, cause);
		if (r == TT_ENOTFOUND) {
			/* No Drafts folder: the drafts stay local, and are not
			 * tried again (with a connection each sync) until they
			 * change. */
			free(*cause);
			*cause = NULL;
			r = TT_OK;
			compose_out_clear(&o);
			for (size_t k = i; k < n && r == TT_OK; k++)
				r = store_draft_on_server(st, v[k].id, v[k].updated_at,
				    v[k].server_msgid, cause);
			break;
		}
		if (r == TT_OK)
			r = store_draft_on_server(st, v[i].id, v[i].updated_at, o.message_id, cause);
		if (r == TT_OK)
			(*saved)++;
		compose_out_clear(&o);
	}
	if (r == TT_OK) {
		/* The replaced copies too. */
		for (i = 0; i < ngone; i++)
			free(gone[i]);
		free(gone);
		gone = NULL;
		ngone = 0;
		r = store_drafts_gone(st, acct->name, &gone, &ngone, cause);
	}
	for (i = 0; i < ngone && r == TT_OK; i++) {
		r = sync_remove_message(ss, "drafts", gone[i], cause);
		if (r == TT_ENOTFOUND) {
			free(*cause);
			*cause = NULL;
			r = TT_OK;
		}
		if (r == TT_OK)
			r = store_drafts_gone_done(st, acct->name, gone[i], cause);
	}
out:
	sync_close(&ss);
	for (i = 0; i < n; i++)
		store_draft_clear(&v[i]);
	free(v);
	for (i = 0; i < ngone; i++)
		free(gone[i]);
	free(gone);
	return r;
}
