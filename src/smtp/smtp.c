/* smtp.c - one message submitted with libcurl: TLS always, AUTH, the server's replies kept for the error, each failure in one sentence. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "smtp/smtp.h"

void
smtp_result_clear(struct smtp_result *r)
{
	free(r->reply);
	memset(r, 0, sizeof *r);
}

void
smtp_global_init(void)
{
	static bool done;

	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = true;
	}
}

struct upload {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* The server's replies: the last one (possibly several lines) is kept,
 * its text without the code (which smtp_result.code has). */
struct replies {
	struct buf last;
	bool fresh;     /* the next line starts a new reply */
	bool auth_ok;   /* the server said 235: the login was taken */
};

static int
debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	struct replies *r = arg;
	char *line;

	(void)c;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	if (r->fresh) {
		buf_reset(&r->last);
		r->fresh = false;
	}
	if (size >= 3 && memcmp(data, "235", 3) == 0)
		r->auth_ok = true;
	/* "250-" or "250 " goes (the code is kept apart), and the line end. */
	if (size >= 4 && data[0] >= '2' && data[0] <= '5' && (data[3] == ' ' || data[3] == '-')) {
		if (data[3] == ' ')
			r->fresh = true;
		data += 4;
		size -= 4;
	}
	while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	/* Shown to the user later: printable text only, one line each. */
	line = utf8_terminal_safe(data, size, false);
	if (r->last.len > 0)
		buf_addc(&r->last, ' ');
	buf_adds(&r->last, line);
	while (r->last.len > 0 && (r->last.data[r->last.len - 1] == ' '))
		r->last.data[--r->last.len] = '\0';
	free(line);
	return 0;
}

static const char *
tls_word(enum smtp_tls tls)
{
	return tls == SMTP_IMPLICIT_TLS ? "TLS" : "STARTTLS";
}

/* The sentence for a connection that could not be made or kept. */
static tt_status
net_failure(const struct smtp_target *t, tt_status st, const char *what,
    char **cause)
{
	int alt = t->port == 587 ? 465 : t->port == 465 ? 587 : 0;

	if (t->imap_ok) {
		/* ERR-01, and ERR-02's other port. */
		if (alt != 0)
			return tt_fail(cause, st, _("%s: the IMAP server is reachable but the "
			    "SMTP connection to %s:%d failed; check smtp_host and smtp_port, "
			    "the provider may block outside SMTP connections or limit their "
			    "rate; or try port %d (%s) instead"), what, t->host, t->port, alt,
			    alt == 465 ? "TLS" : "STARTTLS");
		return tt_fail(cause, st, _("%s: the IMAP server is reachable but the SMTP "
		    "connection to %s:%d failed; check smtp_host and smtp_port, the "
		    "provider may block outside SMTP connections or limit their rate"),
		    what, t->host, t->port);
	}
	if (alt != 0)
		return tt_fail(cause, st, _("%s: the SMTP connection to %s:%d failed; "
		    "check smtp_host and smtp_port, or try port %d (%s) instead"), what,
		    t->host, t->port, alt, alt == 465 ? "TLS" : "STARTTLS");
	return tt_fail(cause, st, _("%s: the SMTP connection to %s:%d failed; check "
	    "smtp_host and smtp_port"), what, t->host, t->port);
}

/* A handle set up for t: TLS required and verified, the login, the
 * timeouts and the reply capture. */
static CURL *
handle(const struct smtp_target *t, struct replies *rep, char *errbuf, char **url)
{
	long timeout = t->timeout_s > 0 ? t->timeout_s : 60;
	CURL *c;

	smtp_global_init();
	if ((c = curl_easy_init()) == NULL)
		return NULL;
	*url = xasprintf("%s://%s:%d", t->tls == SMTP_IMPLICIT_TLS ? "smtps" : "smtp",
	    t->host, t->port);
	curl_easy_setopt(c, CURLOPT_URL, *url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* Never plaintext: STARTTLS must be offered and succeed (CONN-08). */
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (t->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, t->ca_file);
	if (t->username != NULL)
		curl_easy_setopt(c, CURLOPT_USERNAME, t->username);
	if (t->oauth_token != NULL) {
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, t->oauth_token);
		curl_easy_setopt(c, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
	} else if (t->password != NULL) {
		curl_easy_setopt(c, CURLOPT_PASSWORD, t->password);
	}
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
	/* A stalled upload: under 1 byte/s for the timeout. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, rep);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	return c;
}

/* The result of a transfer in words (see smtp_send). */
static tt_status
outcome(const struct smtp_target *t, CURL *c, CURLcode rc, const char *errbuf,
    const struct replies *rep, const char *from, size_t len, struct smtp_result *res,
    char **cause)
{
	long code = 0;
	tt_status st = TT_OK;

	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	res->code = (int)code;
	res->reply = rep->last.len > 0 ? xstrdup(buf_str(&rep->last)) : NULL;
	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		res->temporary = true;
		st = tt_fail(cause, TT_ENET, _("cannot find the SMTP server %s (DNS); check "
		    "smtp_host"), t->host);
		break;
	case CURLE_COULDNT_CONNECT:
		res->temporary = true;
		st = net_failure(t, TT_ENET, _("connection refused"), cause);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		res->temporary = true;
		st = net_failure(t, TT_ETIMEOUT, _("the SMTP server did not answer in time"),
		    cause);
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		if (code >= 400) {
			/* A refusal after a reply, not a dropped line. */
			goto refused;
		}
		res->temporary = true;
		st = net_failure(t, TT_ENET, _("the SMTP server closed the connection"), cause);
		break;
	case CURLE_USE_SSL_FAILED:
		st = tt_fail(cause, TT_EUNSUPPORTED, _("the SMTP server %s:%d does not offer "
		    "STARTTLS, and tether never sends mail in plaintext; use port 465 (TLS) "
		    "if the provider offers it"), t->host, t->port);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		st = tt_fail(cause, TT_ETLS, _("the certificate of the SMTP server %s:%d is "
		    "not trusted (%s); check smtp_host, or tls_ca_file for a private CA"),
		    t->host, t->port, errbuf);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
		res->temporary = rc == CURLE_SSL_CONNECT_ERROR;
		st = tt_fail(cause, TT_ETLS, _("the %s handshake with the SMTP server %s:%d "
		    "failed (%s)"), tls_word(t->tls), t->host, t->port, errbuf);
		break;
	case CURLE_LOGIN_DENIED:
		st = tt_fail(cause, TT_EAUTH, _("the SMTP server refused the login of %s: "
		    "%d %s; check the password (password_cmd) or the token"),
		    t->username != NULL ? t->username : from, res->code,
		    res->reply != NULL ? res->reply : "");
		break;
	default:
refused:
		res->temporary = code >= 400 && code < 500;
		if (code == 552 || code == 452 || (res->reply != NULL &&
		    strstr(res->reply, "size") != NULL && code >= 500))
			st = tt_fail(cause, TT_EPROTO, _("the SMTP server refused the message "
			    "as too large (%.1f MB): %d %s"), len / 1e6, res->code,
			    res->reply != NULL ? res->reply : "");
		else if (code >= 400)
			st = tt_fail(cause, TT_EPROTO, _("the SMTP server refused the message: "
			    "%d %s"), res->code, res->reply != NULL ? res->reply : "");
		else {
			res->temporary = true;
			st = tt_fail(cause, TT_EPROTO, _("sending failed: %s"),
			    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));
		}
		break;
	}
	return st;
}

tt_status
smtp_send(const struct smtp_target *t, const char *from, char *const *rcpts,
    size_t nrcpts, const char *raw, size_t len, uint64_t limit,
    struct smtp_result *res, char **cause)
{
	struct replies rep = { BUF_INIT, true, false };
	struct upload up = { raw, len };
	struct curl_slist *to = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url = NULL, *mail_from;
	CURLcode rc;
	CURL *c;
	tt_status st;

	memset(res, 0, sizeof *res);
	if (limit > 0 && len > limit) {
		/* CMP-16: refused before any SMTP transaction. */
		return tt_fail(cause, TT_EINVAL, _("the message is %.1f MB, over the "
		    "account's limit of %.1f MB; send the files another way or fewer "
		    "at a time"), len / 1e6, limit / 1e6);
	}
	if (nrcpts == 0)
		return tt_fail(cause, TT_EINVAL, _("the message has no recipient"));
	if (t->host == NULL || t->host[0] == '\0')
		return tt_fail(cause, TT_EINVAL, _("no SMTP server is set; set provider or smtp_host"));
	if ((c = handle(t, &rep, errbuf, &url)) == NULL)
		return tt_fail(cause, TT_EIO, _("libcurl could not start"));
	mail_from = xasprintf("<%s>", from);
	for (size_t i = 0; i < nrcpts; i++)
		to = curl_slist_append(to, rcpts[i]);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	/* The size goes into MAIL FROM when the server announces SIZE. */
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	rc = curl_easy_perform(c);
	st = outcome(t, c, rc, errbuf, &rep, from, len, res, cause);
	curl_slist_free_all(to);
	curl_easy_cleanup(c);
	free(url);
	free(mail_from);
	buf_free(&rep.last);
	return st;
}

tt_status
smtp_check(const struct smtp_target *t, struct smtp_result *res, char **cause)
{
	struct replies rep = { BUF_INIT, true, false };
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url = NULL;
	CURLcode rc;
	CURL *c;
	tt_status st;

	memset(res, 0, sizeof *res);
	if (t->host == NULL || t->host[0] == '\0')
		return tt_fail(cause, TT_EINVAL, _("no SMTP server is set; set provider or smtp_host"));
	if ((c = handle(t, &rep, errbuf, &url)) == NULL)
		return tt_fail(cause, TT_EIO, _("libcurl could not start"));
	/* Greeting, TLS and AUTH, then a NOOP: no mail is sent. */
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
	rc = curl_easy_perform(c);
	st = outcome(t, c, rc, errbuf, &rep, t->username != NULL ? t->username : "", 0,
	    res, cause);
	/* Taken login, then a server that cannot go on (a submission proxy
	 * without its relay): the login is what was asked. */
	if (st != TT_OK && rep.auth_ok && st != TT_EAUTH) {
		free(*cause);
		*cause = NULL;
		st = TT_OK;
	}
	curl_easy_cleanup(c);
	free(url);
	buf_free(&rep.last);
	return st;
}
