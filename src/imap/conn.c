/* conn.c - one IMAP connection: greeting, capabilities, tagged commands with pipelining, and login. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap/imap-internal.h"

/* A completion that arrived before the caller waited for it. */
struct early {
	unsigned tag;
	enum imap_cond cond;
	char *text;
	char *code;              /* the first word of the code, or NULL */
};

struct imap {
	struct net_conn *net;
	char *host;
	/* Bytes read: [start, len) are not consumed yet. */
	char *buf;
	size_t start, len, cap;
	size_t last_frame;       /* the frame handed out last, consumed next */
	struct _imap_framer framer;
	struct imap_resp resp;   /* the response handed out last */
	unsigned next_tag;
	unsigned outstanding;    /* commands sent and not yet completed */
	unsigned caps;
	bool authenticated;
	bool caps_fresh;         /* the login's completion listed them */
	bool broken;             /* a protocol or network failure: no more */
	char *bye;               /* the server's BYE text, when it said goodbye */
	struct early *early;
	size_t nearly;
	uint64_t bytes_in;
	FILE *trace;             /* $TETHER_IMAP_TRACE: the dialogue, for bugs */
};

/*
 * Writes one line of the dialogue to the trace file: the start of each
 * response and each command, with login secrets left out.
 */
static void
trace(struct imap *im, const char *dir, const char *s, size_t n)
{
	size_t i, max = n < 400 ? n : 400;

	if (im->trace == NULL)
		return;
	if (dir[0] == 'C' && (strstr(s, " LOGIN ") != NULL ||
	    strstr(s, " AUTHENTICATE ") != NULL))
		max = (size_t)(strchr(s, ' ') - s) + 13;
	fputs(dir, im->trace);
	for (i = 0; i < max && i < n; i++)
		fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '.' : s[i], im->trace);
	fprintf(im->trace, "%s\n", max < n ? " ..." : "");
	fflush(im->trace);
}

static const struct { const char *name; unsigned bit; } cap_names[] = {
	{ "IMAP4REV1", IMAP_CAP_IMAP4REV1 }, { "IMAP4REV2", IMAP_CAP_IMAP4REV2 },
	{ "AUTH=PLAIN", IMAP_CAP_AUTH_PLAIN }, { "AUTH=XOAUTH2", IMAP_CAP_AUTH_XOAUTH2 },
	{ "AUTH=OAUTHBEARER", IMAP_CAP_AUTH_OAUTHBEARER },
	{ "LOGINDISABLED", IMAP_CAP_LOGINDISABLED }, { "SASL-IR", IMAP_CAP_SASL_IR },
	{ "LITERAL+", IMAP_CAP_LITERALPLUS }, { "LITERAL-", IMAP_CAP_LITERALMINUS },
	{ "ENABLE", IMAP_CAP_ENABLE }, { "CONDSTORE", IMAP_CAP_CONDSTORE },
	{ "QRESYNC", IMAP_CAP_QRESYNC }, { "ESEARCH", IMAP_CAP_ESEARCH },
	{ "SPECIAL-USE", IMAP_CAP_SPECIAL_USE },
	{ "LIST-EXTENDED", IMAP_CAP_LIST_EXTENDED }, { "IDLE", IMAP_CAP_IDLE },
	{ "MOVE", IMAP_CAP_MOVE }, { "UIDPLUS", IMAP_CAP_UIDPLUS },
	{ "X-GM-EXT-1", IMAP_CAP_GMAIL },
};

/* Capabilities from a list of atoms starting at v[from]. */
static void
learn_caps(struct imap *im, const struct imap_val *list, size_t from)
{
	size_t i, j;

	im->caps = 0;
	for (i = from; i < list->n; i++) {
		for (j = 0; j < TT_ARRAY_LEN(cap_names); j++) {
			if (imap_is_atom(&list->v[i], cap_names[j].name))
				im->caps |= cap_names[j].bit;
		}
	}
}

unsigned
imap_caps(const struct imap *im)
{
	return im->caps;
}

bool
imap_authenticated(const struct imap *im)
{
	return im->authenticated;
}

void
imap_cert_info(const struct imap *im, struct net_cert_info *info)
{
	net_peer_info(im->net, info);
}

uint64_t
imap_bytes_in(const struct imap *im)
{
	return im->bytes_in;
}

/* --- reading ------------------------------------------------------------- */

static tt_status
broken(struct imap *im, tt_status s)
{
	im->broken = true;
	return s;
}

/*
 * The next response, parsed into im->resp (valid until the next call).
 * The bytes of a large literal are read straight into their place in the
 * buffer, once.
 */
static tt_status
read_response(struct imap *im, char **cause)
{
	size_t frame, need, want, got;
	tt_status s;

	imap_resp_clear(&im->resp);
	im->start += im->last_frame;
	im->last_frame = 0;
	for (;;) {
		if ((s = _imap_frame_resume(&im->framer, im->buf + im->start,
		    im->len - im->start, &frame, &need, cause)) != TT_OK)
			return broken(im, s);
		if (frame > 0)
			break;
		/* Keep the unconsumed bytes at the front so the buffer stays small. */
		if (im->start > 0) {
			memmove(im->buf, im->buf + im->start, im->len - im->start);
			im->len -= im->start;
			im->start = 0;
		}
		/* Grown as the bytes come (realloc moves big blocks by remapping),
		 * so a server announcing a huge literal and sending nothing
		 * costs nothing. */
		want = need > 65536 ? need : 65536;
		if (want > (16u << 20))
			want = 16u << 20;
		if (im->cap - im->len < want) {
			im->cap = im->len + want + im->len / 2;
			im->buf = xreallocarray(im->buf, im->cap, 1);
		}
		s = net_read(im->net, im->buf + im->len, im->cap - im->len, &got,
		    cause);
		if (s == TT_ENET && im->bye != NULL) {
			free(*cause);
			*cause = NULL;
			return broken(im, tt_fail(cause, TT_ENET, _("the server closed "
			    "the connection: \"%s\""), im->bye));
		}
		if (s != TT_OK)
			return broken(im, s);
		im->len += got;
		im->bytes_in += got;
	}
	trace(im, "S: ", im->buf + im->start, frame);
	if ((s = imap_parse(im->buf + im->start, frame, &im->resp, cause)) != TT_OK)
		return broken(im, s);
	im->last_frame = frame;
	if (im->resp.kind == IMAP_UNTAGGED && im->resp.cond == IMAP_BYE) {
		free(im->bye);
		im->bye = xstrdup(im->resp.text);
	}
	if (im->resp.kind == IMAP_UNTAGGED && im->resp.name != NULL &&
	    strcmp(im->resp.name, "CAPABILITY") == 0)
		learn_caps(im, &im->resp.data, 0);
	else if (im->resp.cond != IMAP_COND_NONE &&
	    imap_code_is(&im->resp, "CAPABILITY", NULL))
		learn_caps(im, &im->resp.code, 1);
	return TT_OK;
}

/* --- writing -------------------------------------------------------------- */

static tt_status
write_all(struct imap *im, const char *s, size_t n, char **cause)
{
	tt_status r;

	if ((r = net_write(im->net, s, n, cause)) != TT_OK)
		return broken(im, r);
	return TT_OK;
}

/* Whether s can go as a quoted string (short, 7-bit, no CR/LF/NUL). */
static bool
quotable(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++) {
		if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n')
			return false;
	}
	return n < 1000;
}

/*
 * Waits for the server's go-ahead for a synchronizing literal.  Untagged
 * data that arrives meanwhile is of no use to anyone: nothing else is
 * outstanding when such a literal is sent.
 */
static tt_status
wait_continue(struct imap *im, char **cause)
{
	tt_status s;

	for (;;) {
		if ((s = read_response(im, cause)) != TT_OK)
			return s;
		if (im->resp.kind == IMAP_CONTINUE)
			return TT_OK;
		if (im->resp.kind == IMAP_TAGGED)
			return tt_fail(cause, TT_EPROTO, _("the server refused the "
			    "command: \"%s\""), im->resp.text);
	}
}

/*
 * Formats and sends a command: %s as is, %d %u %lu %llu numbers, %q a
 * string quoted or as a literal.
 */
static tt_status
send_fmt(struct imap *im, unsigned tag, char **cause, const char *fmt,
    va_list ap)
{
	struct buf b = BUF_INIT;
	const char *p, *q;
	tt_status s = TT_OK;

	buf_addf(&b, "%u ", tag);
	for (p = fmt; *p != '\0' && s == TT_OK; p++) {
		if (*p != '%') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 's':
			buf_adds(&b, va_arg(ap, const char *));
			break;
		case 'd':
			buf_addf(&b, "%d", va_arg(ap, int));
			break;
		case 'u':
			buf_addf(&b, "%u", va_arg(ap, unsigned));
			break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'u') {
				buf_addf(&b, "%llu", va_arg(ap, unsigned long long));
				p += 2;
			} else if (p[1] == 'u') {
				buf_addf(&b, "%lu", va_arg(ap, unsigned long));
				p++;
			}
			break;
		case 'q':
			q = va_arg(ap, const char *);
			if (quotable(q)) {
				buf_addc(&b, '"');
				for (; *q != '\0'; q++) {
					if (*q == '"' || *q == '\\')
						buf_addc(&b, '\\');
					buf_addc(&b, *q);
				}
				buf_addc(&b, '"');
			} else if (im->caps & IMAP_CAP_LITERALPLUS) {
				buf_addf(&b, "{%zu+}\r\n%s", strlen(q), q);
			} else {
				buf_addf(&b, "{%zu}\r\n", strlen(q));
				if (im->outstanding > 0)
					s = tt_fail(cause, TT_EINVAL, "literal while pipelining");
				else if ((s = write_all(im, b.data, b.len, cause)) == TT_OK)
					s = wait_continue(im, cause);
				b.len = 0;
				buf_adds(&b, q);
			}
			break;
		default:
			buf_addc(&b, '%');
			buf_addc(&b, *p);
		}
	}
	buf_adds(&b, "\r\n");
	if (s == TT_OK) {
		trace(im, "C: ", b.data, b.len);
		s = write_all(im, b.data, b.len, cause);
	}
	buf_free(&b);
	return s;
}

static tt_status
vsend(struct imap *im, unsigned *tag, char **cause, const char *fmt,
    va_list ap)
{
	tt_status s;

	if (im->broken)
		return tt_fail(cause, TT_ENET, _("the connection to the server "
		    "is lost"));
	*tag = ++im->next_tag;
	if ((s = send_fmt(im, *tag, cause, fmt, ap)) == TT_OK)
		im->outstanding++;
	return s;
}

tt_status
imap_send(struct imap *im, unsigned *tag, char **cause, const char *fmt, ...)
{
	va_list ap;
	tt_status s;

	va_start(ap, fmt);
	s = vsend(im, tag, cause, fmt, ap);
	va_end(ap);
	return s;
}

/* --- completions ----------------------------------------------------------- */

static tt_status
completion(const char *text, const char *code, enum imap_cond cond,
    char **cause)
{
	if (cond == IMAP_OK)
		return TT_OK;
	if (code != NULL && ascii_strcasecmp(code, "NONEXISTENT") == 0)
		return tt_fail(cause, TT_ENOTFOUND, _("the server says: \"%s\""), text);
	if (code != NULL && ascii_strcasecmp(code, "NOPERM") == 0)
		return tt_fail(cause, TT_EPERM, _("the server says: \"%s\""), text);
	if (code != NULL && (ascii_strcasecmp(code, "AUTHENTICATIONFAILED") == 0 ||
	    ascii_strcasecmp(code, "AUTHORIZATIONFAILED") == 0))
		return tt_fail(cause, TT_EAUTH, _("the server says: \"%s\""), text);
	return tt_fail(cause, TT_EPROTO, cond == IMAP_BAD ?
	    _("the server did not understand a command: \"%s\"") :
	    _("the server refused a command: \"%s\""), text);
}

tt_status
imap_wait(struct imap *im, unsigned tag, imap_untagged_fn fn, void *arg,
    enum imap_cond *done, char **cause)
{
	const struct imap_resp *r = &im->resp;
	unsigned got;
	size_t i;
	tt_status s;
	char *end;

	for (i = 0; i < im->nearly; i++) {
		if (im->early[i].tag != tag)
			continue;
		if (done != NULL)
			*done = im->early[i].cond;
		s = completion(im->early[i].text, im->early[i].code,
		    im->early[i].cond, cause);
		free(im->early[i].text);
		free(im->early[i].code);
		im->early[i] = im->early[--im->nearly];
		return s;
	}
	for (;;) {
		if ((s = read_response(im, cause)) != TT_OK)
			return s;
		if (r->kind == IMAP_CONTINUE)
			return broken(im, tt_fail(cause, TT_EPROTO, _("the server asked "
			    "for more of a command that was complete")));
		if (r->kind == IMAP_UNTAGGED) {
			if (fn != NULL && (s = fn(arg, r, cause)) != TT_OK)
				return s;
			continue;
		}
		got = (unsigned)strtoul(r->tag, &end, 10);
		if (*end != '\0' || got == 0 || got > im->next_tag)
			return broken(im, tt_fail(cause, TT_EPROTO, _("the server "
			    "answered a command tether never sent")));
		im->outstanding--;
		if (got == tag) {
			/* The completion's code (COPYUID, …) is data too. */
			if (fn != NULL && r->cond == IMAP_OK &&
			    (s = fn(arg, r, cause)) != TT_OK)
				return s;
			break;
		}
		im->early = xreallocarray(im->early, im->nearly + 1,
		    sizeof *im->early);
		im->early[im->nearly].tag = got;
		im->early[im->nearly].cond = r->cond;
		im->early[im->nearly].text = xstrdup(r->text);
		im->early[im->nearly].code = r->code.n > 0 ?
		    imap_val_dup(&r->code.v[0]) : NULL;
		im->nearly++;
	}
	if (done != NULL)
		*done = r->cond;
	end = r->code.n > 0 ? imap_val_dup(&r->code.v[0]) : NULL;
	s = completion(r->text, end, r->cond, cause);
	free(end);
	return s;
}

tt_status
imap_command(struct imap *im, imap_untagged_fn fn, void *arg, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	unsigned tag = 0;
	tt_status s;

	va_start(ap, fmt);
	s = vsend(im, &tag, cause, fmt, ap);
	va_end(ap);
	if (s != TT_OK)
		return s;
	return imap_wait(im, tag, fn, arg, NULL, cause);
}

/* --- connecting and login -------------------------------------------------- */

tt_status
imap_connect(const struct net_tls_opts *tls, struct imap **out, char **cause)
{
	struct imap *im = xcalloc(1, sizeof *im);
	tt_status s;

	*out = NULL;
	im->host = xstrdup(tls->host);
	if (getenv("TETHER_IMAP_TRACE") != NULL)
		im->trace = fopen(getenv("TETHER_IMAP_TRACE"), "ae");
	if ((s = net_connect_tls(tls, &im->net, cause)) != TT_OK) {
		imap_close(&im);
		return s;
	}
	if ((s = read_response(im, cause)) != TT_OK) {
		imap_close(&im);
		return s;
	}
	if (im->resp.kind != IMAP_UNTAGGED || (im->resp.cond != IMAP_OK &&
	    im->resp.cond != IMAP_PREAUTH)) {
		s = tt_fail(cause, TT_ENET, im->resp.cond == IMAP_BYE ?
		    _("%s turned the connection away: \"%s\"") :
		    _("%s did not greet like an IMAP server (\"%s\")"),
		    tls->host, im->resp.text);
		imap_close(&im);
		return s;
	}
	im->authenticated = im->resp.cond == IMAP_PREAUTH;
	if (im->caps == 0 &&
	    (s = imap_command(im, NULL, NULL, cause, "CAPABILITY")) != TT_OK) {
		imap_close(&im);
		return s;
	}
	*out = im;
	return TT_OK;
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return false;
	}
	return true;
}

/*
 * Reads up to the completion of a login command.  A "+" is answered with
 * ir (the initial response, when it was not sent with the command), or,
 * once that went, with an empty line: a challenge after the response is an
 * error report (XOAUTH2 sends one as JSON) that the mechanism answers so.
 * A refusal is TT_EAUTH with the server's words alone.
 */
static tt_status
login_wait(struct imap *im, unsigned tag, const char *ir, char **cause)
{
	tt_status s;

	for (;;) {
		if ((s = read_response(im, cause)) != TT_OK)
			return s;
		if (im->resp.kind == IMAP_CONTINUE) {
			if (ir != NULL) {
				if ((s = write_all(im, ir, strlen(ir), cause)) != TT_OK)
					return s;
				ir = NULL;
			}
			if ((s = write_all(im, "\r\n", 2, cause)) != TT_OK)
				return s;
			continue;
		}
		if (im->resp.kind != IMAP_TAGGED ||
		    strtoul(im->resp.tag, NULL, 10) != tag)
			continue;
		im->outstanding--;
		if (im->resp.cond == IMAP_OK) {
			im->caps_fresh = imap_code_is(&im->resp, "CAPABILITY", NULL);
			return TT_OK;
		}
		return tt_fail(cause, TT_EAUTH, "%s", im->resp.text);
	}
}

/* AUTHENTICATE with its initial response: inline with SASL-IR, else after
 * the first "+". */
static tt_status
authenticate(struct imap *im, const char *mech, const char *ir, char **cause)
{
	unsigned tag;
	tt_status s;

	if (im->caps & IMAP_CAP_SASL_IR) {
		if ((s = imap_send(im, &tag, cause, "AUTHENTICATE %s %s", mech,
		    ir)) != TT_OK)
			return s;
		return login_wait(im, tag, NULL, cause);
	}
	if ((s = imap_send(im, &tag, cause, "AUTHENTICATE %s", mech)) != TT_OK)
		return s;
	return login_wait(im, tag, ir, cause);
}

tt_status
imap_login(struct imap *im, const struct imap_login *how, char **cause)
{
	struct buf b = BUF_INIT;
	char *ir, *why = NULL;
	tt_status s;

	if (im->authenticated)
		return TT_OK;
	if (how->token != NULL) {
		if (im->caps & IMAP_CAP_AUTH_XOAUTH2) {
			buf_addf(&b, "user=%s\001auth=Bearer %s\001\001", how->user,
			    how->token);
			ir = _imap_base64(b.data, b.len);
			s = authenticate(im, "XOAUTH2", ir, &why);
		} else if (im->caps & IMAP_CAP_AUTH_OAUTHBEARER) {
			buf_addf(&b, "n,a=%s,\001host=%s\001port=%d\001auth=Bearer "
			    "%s\001\001", how->user, how->host, how->port, how->token);
			ir = _imap_base64(b.data, b.len);
			s = authenticate(im, "OAUTHBEARER", ir, &why);
		} else {
			buf_free(&b);
			return tt_fail(cause, TT_EAUTH, _("the server does not accept "
			    "OAuth tokens (no XOAUTH2 or OAUTHBEARER); use password_cmd "
			    "instead of oauth_token_cmd"));
		}
		free(ir);
	} else if (im->caps & IMAP_CAP_AUTH_PLAIN) {
		/* authzid NUL authcid NUL password, all UTF-8 (CONN-26). */
		buf_addc(&b, '\0');
		buf_adds(&b, how->user);
		buf_addc(&b, '\0');
		buf_adds(&b, how->password != NULL ? how->password : "");
		ir = _imap_base64(b.data, b.len);
		s = authenticate(im, "PLAIN", ir, &why);
		free(ir);
	} else if (im->caps & IMAP_CAP_LOGINDISABLED) {
		return tt_fail(cause, TT_EAUTH, _("the server offers no way to log "
		    "in that tether supports (LOGINDISABLED, no AUTH=PLAIN)"));
	} else if (how->password != NULL && !is_ascii(how->password)) {
		return tt_fail(cause, TT_EAUTH, _("the server only accepts the "
		    "LOGIN command, which cannot carry the non-ASCII characters of "
		    "your password; change the password to ASCII or ask the "
		    "provider to enable AUTHENTICATE PLAIN"));
	} else {
		unsigned tag = 0;

		s = imap_send(im, &tag, &why, "LOGIN %q %q", how->user,
		    how->password != NULL ? how->password : "");
		if (s == TT_OK)
			s = login_wait(im, tag, NULL, &why);
	}
	buf_free(&b);
	if (s == TT_EAUTH) {
		s = tt_fail(cause, TT_EAUTH, _("%s refused the login of %s (\"%s\"); "
		    "check the user name and password, that IMAP access is enabled "
		    "in the account's settings at the provider, and, if the account "
		    "uses two-step verification, use an app password made for "
		    "tether"), im->host, how->user, why != NULL ? why : "");
		free(why);
		return s;
	}
	if (s != TT_OK) {
		if (cause != NULL && *cause == NULL) {
			*cause = why;
			why = NULL;
		}
		free(why);
		return s;
	}
	free(why);
	im->authenticated = true;
	/* Servers announce more after login, often in the completion's
	 * CAPABILITY code; otherwise they are asked for. */
	if (im->caps_fresh)
		return TT_OK;
	return imap_command(im, NULL, NULL, cause, "CAPABILITY");
}

/* --- IDLE (RFC 2177) ---------------------------------------------------------- */

tt_status
imap_idle_start(struct imap *im, unsigned *tag, imap_untagged_fn fn, void *arg,
    char **cause)
{
	tt_status s;

	if ((s = imap_send(im, tag, cause, "IDLE")) != TT_OK)
		return s;
	for (;;) {
		if ((s = read_response(im, cause)) != TT_OK)
			return s;
		if (im->resp.kind == IMAP_CONTINUE)
			return TT_OK;
		if (im->resp.kind == IMAP_TAGGED) {
			im->outstanding--;
			return tt_fail(cause, TT_EPROTO, _("the server refused IDLE: "
			    "\"%s\""), im->resp.text);
		}
		if (fn != NULL && (s = fn(arg, &im->resp, cause)) != TT_OK)
			return s;
	}
}

tt_status
imap_idle_wait(struct imap *im, int wake_fd, int timeout_ms,
    imap_untagged_fn fn, void *arg, enum imap_wake *why, char **cause)
{
	struct pollfd p[2];
	int n, rc;
	tt_status s;

	*why = IMAP_WAKE_TIMEOUT;
	/* Bytes TLS holds already, or unread in the buffer, come first. */
	if (im->len - im->start > im->last_frame || net_pending(im->net)) {
		if ((s = read_response(im, cause)) != TT_OK)
			return s;
		*why = IMAP_WAKE_SERVER;
		return fn != NULL && im->resp.kind == IMAP_UNTAGGED ?
		    fn(arg, &im->resp, cause) : TT_OK;
	}
	p[0].fd = net_fd(im->net);
	p[0].events = POLLIN;
	p[1].fd = wake_fd;
	p[1].events = POLLIN;
	n = wake_fd >= 0 ? 2 : 1;
	do
		rc = poll(p, (nfds_t)n, timeout_ms);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return tt_fail(cause, TT_EIO, "poll: %s", strerror(errno));
	if (rc == 0)
		return TT_OK;
	if (n == 2 && (p[1].revents & (POLLIN | POLLHUP))) {
		*why = IMAP_WAKE_FD;
		return TT_OK;
	}
	if ((s = read_response(im, cause)) != TT_OK)
		return s;
	*why = IMAP_WAKE_SERVER;
	return fn != NULL && im->resp.kind == IMAP_UNTAGGED ?
	    fn(arg, &im->resp, cause) : TT_OK;
}

tt_status
imap_idle_done(struct imap *im, unsigned tag, imap_untagged_fn fn, void *arg,
    char **cause)
{
	tt_status s;

	trace(im, "C: ", "DONE", 4);
	if ((s = write_all(im, "DONE\r\n", 6, cause)) != TT_OK)
		return s;
	return imap_wait(im, tag, fn, arg, NULL, cause);
}

void
imap_close(struct imap **imp)
{
	struct imap *im = *imp;
	char *ignored = NULL;
	size_t i;

	if (im == NULL)
		return;
	*imp = NULL;
	if (im->net != NULL && !im->broken && im->outstanding == 0 &&
	    imap_command(im, NULL, NULL, &ignored, "LOGOUT") != TT_OK)
		free(ignored);
	imap_resp_clear(&im->resp);
	net_close(&im->net);
	for (i = 0; i < im->nearly; i++) {
		free(im->early[i].text);
		free(im->early[i].code);
	}
	free(im->early);
	if (im->trace != NULL)
		fclose(im->trace);
	free(im->bye);
	free(im->buf);
	free(im->host);
	free(im);
}
