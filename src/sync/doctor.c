/* doctor.c - tether doctor: an account's servers checked step by step (DNS, TLS, IMAP login, folder roles, SMTP), each with what to do. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp.h"
#include "sync/sync-internal.h"

static void
step(const struct doctor_report *r, const char *name, bool ok,
    const char *fmt, ...) TT_PRINTF(4, 5);

static void
step(const struct doctor_report *r, const char *name, bool ok,
    const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	r->step(r->arg, name, ok, text);
	free(text);
}

static void
cert_step(const struct doctor_report *rep, struct imap *im)
{
	struct net_cert_info ci;
	char until[32] = "?";

	imap_cert_info(im, &ci);
	if (ci.not_after != 0)
		time_format_utc(ci.not_after, until);
	step(rep, "TLS", true, _("%s; certificate %s, issued by %s, valid until %s, "
	    "%s"), ci.protocol != NULL ? ci.protocol : "?",
	    ci.subject != NULL ? ci.subject : "?",
	    ci.issuer != NULL ? ci.issuer : "?", until,
	    ci.fingerprint != NULL ? ci.fingerprint : "?");
	net_cert_info_clear(&ci);
}

/* The roles found, as "inbox INBOX, sent Sent, …"; false when the inbox
 * is missing (nothing can be synced without it). */
static bool
roles(const struct _sync_folder *v, size_t n, struct buf *b)
{
	static const char *const order[] = {
		"inbox", "sent", "drafts", "archive", "trash", "junk"
	};
	bool inbox = false;
	size_t i, k;

	for (k = 0; k < TT_ARRAY_LEN(order); k++) {
		for (i = 0; i < n; i++) {
			if (v[i].role == NULL || strcmp(v[i].role, order[k]) != 0)
				continue;
			buf_addf(b, "%s%s %s", b->len > 0 ? ", " : "", order[k], v[i].name);
			inbox = inbox || k == 0;
			break;
		}
		if (i == n)
			buf_addf(b, _("%sno %s folder"), b->len > 0 ? ", " : "", order[k]);
	}
	return inbox;
}

/* The SMTP login with the account's secret (TLS or STARTTLS first), when
 * a command gives the secret: a typed password is not asked twice. */
static bool
smtp_login_step(const struct account *a, const struct doctor_report *rep,
    bool imap_ok)
{
	struct smtp_target t = {
		.host = a->smtp_host, .port = a->smtp_port,
		.tls = a->smtp_security == SMTP_STARTTLS ? SMTP_REQUIRE_STARTTLS :
		    SMTP_IMPLICIT_TLS,
		.ca_file = a->tls_ca_file, .timeout_s = 15, .imap_ok = imap_ok,
		.username = a->username != NULL ? a->username : a->email,
	};
	struct smtp_result res;
	char *secret = NULL, *cause = NULL;
	bool token = false;
	tt_status r;

	if (a->password_cmd == NULL && a->oauth_token_cmd == NULL) {
		step(rep, "SMTP", true, "%s", _("not checked: no password_cmd (it is "
		    "checked when tether sends mail)"));
		return true;
	}
	if ((r = _sync_secret(a, t.username, &secret, &token, &cause)) == TT_OK) {
		if (token)
			t.oauth_token = secret;
		else
			t.password = secret;
		r = smtp_check(&t, &res, &cause);
		smtp_result_clear(&res);
		secret_wipe(secret);
		free(secret);
	}
	if (r == TT_OK) {
		step(rep, "SMTP", true, _("%s logs in on %s:%d (%s)"), t.username,
		    a->smtp_host, a->smtp_port, a->smtp_security == SMTP_STARTTLS ?
		    "STARTTLS" : "TLS");
		return true;
	}
	step(rep, "SMTP", false, "%s", cause);
	free(cause);
	return false;
}

/* SMTP: reachable, and on 465 with a certificate tether trusts; then the
 * login. */
static bool
smtp_step(const struct account *a, const struct doctor_report *rep,
    bool imap_ok)
{
	struct net_tls_opts tls = {
		.host = a->smtp_host, .port = a->smtp_port, .ca_file = a->tls_ca_file,
		.connect_timeout_ms = 10000, .io_timeout_ms = 10000,
	};
	struct net_conn *c = NULL;
	char *cause = NULL, *addrs;
	int alt;
	tt_status r;

	if (a->smtp_host == NULL) {
		step(rep, "SMTP", false, _("no SMTP server is set; set provider or "
		    "smtp_host"));
		return false;
	}
	if ((addrs = net_resolve(a->smtp_host, &cause)) == NULL) {
		step(rep, "SMTP", false, "%s", cause);
		free(cause);
		return false;
	}
	free(addrs);
	if (a->smtp_security == SMTP_TLS) {
		r = net_connect_tls(&tls, &c, &cause);
		net_close(&c);
	} else
		r = net_check_tcp(a->smtp_host, a->smtp_port, 10000, &cause);
	if (r == TT_OK) {
		step(rep, "SMTP", true, a->smtp_security == SMTP_TLS ?
		    _("%s port %d answers over TLS") : _("%s port %d answers"),
		    a->smtp_host, a->smtp_port);
		return smtp_login_step(a, rep, imap_ok);
	}
	/* ERR-01 after a good IMAP login, ERR-02's other port always. */
	alt = a->smtp_port == 587 ? 465 : 587;
	if (imap_ok)
		step(rep, "SMTP", false, _("%s; the IMAP server is reachable but the "
		    "SMTP connection failed: check smtp_host and smtp_port, the "
		    "provider may block outside SMTP connections or limit their rate; "
		    "try port %d (%s) instead"), cause, alt, alt == 465 ?
		    _("TLS from the start") : _("STARTTLS"));
	else
		step(rep, "SMTP", false, _("%s; try port %d (%s) instead"), cause,
		    alt, alt == 465 ? _("TLS from the start") : _("STARTTLS"));
	free(cause);
	return false;
}

tt_status
sync_doctor(const struct account *a, const struct doctor_report *rep)
{
	struct net_tls_opts tls = {
		.host = a->imap_host, .port = a->imap_port, .ca_file = a->tls_ca_file,
		.fingerprint = a->tls_fingerprint, .connect_timeout_ms = 10000,
		.io_timeout_ms = 15000,
	};
	struct imap_login how = {
		.user = a->username != NULL ? a->username : a->email,
		.host = a->imap_host, .port = a->imap_port,
	};
	struct _sync_folder *v = NULL;
	struct imap *im = NULL;
	struct buf b = BUF_INIT;
	char *cause = NULL, *secret = NULL, *addrs, *what;
	bool ok = true, imap_ok = false;
	size_t n = 0, i;
	tt_status r;

	if (!a->valid) {
		step(rep, _("config"), false, _("the account has errors in the "
		    "configuration (above); tether config check lists them"));
		return TT_EINVAL;
	}
	if ((addrs = net_resolve(a->imap_host, &cause)) == NULL) {
		step(rep, "DNS", false, "%s", cause);
		free(cause);
		return TT_ENET;
	}
	step(rep, "DNS", true, "%s → %s", a->imap_host, addrs);
	free(addrs);
	if ((r = imap_connect(&tls, &im, &cause)) != TT_OK) {
		step(rep, r == TT_ETLS ? "TLS" : "TCP", false, "%s", cause);
		free(cause);
		ok = false;
		goto smtp;
	}
	cert_step(rep, im);
	what = xasprintf(a->oauth_token_cmd != NULL ? _("oauth_token_cmd of account "
	    "%s") : _("password_cmd of account %s"), a->name);
	if (a->oauth_token_cmd == NULL && a->password_cmd == NULL)
		r = _sync_ask_password(a, how.user, &secret, &cause);
	else
		r = config_run_secret_cmd(a->oauth_token_cmd != NULL ?
		    a->oauth_token_cmd : a->password_cmd, what, &secret, &cause);
	free(what);
	if (r == TT_OK) {
		if (a->oauth_token_cmd != NULL)
			how.token = secret;
		else
			how.password = secret;
		r = imap_login(im, &how, &cause);
		secret_wipe(secret);
		free(secret);
	}
	if (r != TT_OK) {
		step(rep, "IMAP", false, "%s", cause);
		free(cause);
		ok = false;
		goto smtp;
	}
	imap_ok = true;
	step(rep, "IMAP", true, _("logged in as %s; the server offers%s%s%s%s%s"),
	    how.user, (imap_caps(im) & IMAP_CAP_QRESYNC) ? " QRESYNC" :
	    (imap_caps(im) & IMAP_CAP_CONDSTORE) ? " CONDSTORE" : "",
	    (imap_caps(im) & IMAP_CAP_IDLE) ? " IDLE" : "",
	    (imap_caps(im) & IMAP_CAP_MOVE) ? " MOVE" : "",
	    (imap_caps(im) & IMAP_CAP_UIDPLUS) ? " UIDPLUS" : "",
	    (imap_caps(im) & (IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE |
	    IMAP_CAP_IDLE | IMAP_CAP_MOVE | IMAP_CAP_UIDPLUS)) ? "" :
	    _(" none of QRESYNC, CONDSTORE, IDLE, MOVE, UIDPLUS"));
	if ((r = _sync_list_server(im, &v, &n, &cause)) != TT_OK) {
		step(rep, _("folders"), false, "%s", cause);
		free(cause);
		ok = false;
	} else if (!roles(v, n, &b)) {
		step(rep, _("folders"), false, _("%s; without an INBOX nothing can be "
		    "synced"), b.data);
		ok = false;
	} else
		step(rep, _("folders"), true, "%s", b.data);
	buf_free(&b);
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].imap_name);
	}
	free(v);
smtp:
	imap_close(&im);
	if (!smtp_step(a, rep, imap_ok))
		ok = false;
	return ok ? TT_OK : TT_ENET;
}
