/* reply.c - reply, reply-all and forward drafts from an original message: recipients, subject, quote and the threading headers of THR-03. */
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "mime/mime.h"

/* A subject with one "Re: " (or "Fwd: "): existing prefixes of either
 * kind, in any case, are not stacked. */
static char *
prefixed_subject(const char *subject, const char *prefix)
{
	const char *s = subject;

	for (;;) {
		s += strspn(s, " \t");
		if (ascii_strncasecmp(s, "re:", 3) == 0)
			s += 3;
		else if (ascii_strncasecmp(s, "fwd:", 4) == 0)
			s += 4;
		else if (ascii_strncasecmp(s, "fw:", 3) == 0)
			s += 3;
		else
			break;
	}
	return xasprintf("%s%s", prefix, s);
}

/* Whether email is one of the user's own addresses. */
static bool
is_own(const char *email, const char *const *own, size_t nown, const char *from)
{
	if (from != NULL && ascii_strcasecmp(email, from) == 0)
		return true;
	for (size_t i = 0; i < nown; i++) {
		if (own[i] != NULL && ascii_strcasecmp(email, own[i]) == 0)
			return true;
	}
	return false;
}

static bool
listed(const struct buf *b, const char *email)
{
	const char *s = buf_str(b), *p = s;
	size_t n = strlen(email);

	/* The list is "name <email>, ..."; a match needs the brackets. */
	while ((p = strstr(p, email)) != NULL) {
		if (p > s && p[-1] == '<' && p[n] == '>')
			return true;
		p += n;
	}
	return false;
}

/* Appends the addresses of l to b, unless own or already there. */
static void
add_list(struct buf *b, const struct mime_addrlist *l, const char *const *own,
    size_t nown, const char *from, const struct buf *also)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct mime_addr *a = &l->v[i];

		if (is_own(a->email, own, nown, from) || listed(b, a->email) ||
		    (also != NULL && listed(also, a->email)))
			continue;
		if (b->len > 0)
			buf_adds(b, ", ");
		if (a->name[0] != '\0') {
			/* Quoted: a name with a comma must stay one name. */
			buf_addc(b, '"');
			for (const char *c = a->name; *c != '\0'; c++) {
				if (*c == '"' || *c == '\\')
					buf_addc(b, '\\');
				buf_addc(b, *c);
			}
			buf_adds(b, "\" ");
		}
		buf_addf(b, "<%s>", a->email);
	}
}

static void
quote_body(struct buf *b, const char *body)
{
	const char *p = body, *end = body + strlen(body);

	/* Trailing blank lines of the original are not worth quoting. */
	while (end > p && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		buf_adds(b, *p == '>' ? ">" : "> ");
		buf_add(b, p, (size_t)(eol - p));
		buf_addc(b, '\n');
		p = eol < end ? eol + 1 : end;
	}
}

static void
format_from(struct buf *b, const struct mime_addrlist *from)
{
	if (from->n == 0)
		buf_adds(b, _("someone"));
	else if (from->v[0].name[0] != '\0')
		buf_addf(b, "%s <%s>", from->v[0].name, from->v[0].email);
	else
		buf_adds(b, from->v[0].email);
}

tt_status
compose_reply(const char *raw, size_t len, enum compose_mode mode,
    const char *const *own, size_t nown, const char *from_name,
    const char *from_email, struct draft *d, char **cause)
{
	struct mime_message *m = NULL;
	struct buf to = BUF_INIT, cc = BUF_INIT, body = BUF_INIT, who = BUF_INIT;
	char date[64];
	struct tm tm;
	tt_status st;
	size_t i;

	if ((st = mime_parse(raw, len, 0, &m, cause)) != TT_OK)
		return st;
	memset(d, 0, sizeof *d);
	d->from_name = from_name != NULL ? xstrdup(from_name) : NULL;
	d->from_email = from_email != NULL ? xstrdup(from_email) : NULL;
	localtime_r(&m->date, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	format_from(&who, &m->from);

	if (mode == COMPOSE_FORWARD || mode == COMPOSE_FORWARD_ATTACH) {
		d->subject = prefixed_subject(m->subject, "Fwd: ");
		if (mode == COMPOSE_FORWARD) {
			buf_adds(&body, "\n\n");
			buf_adds(&body, _("---------- Forwarded message ----------"));
			buf_addc(&body, '\n');
			buf_addf(&body, _("From: %s\nDate: %s\nSubject: %s\n"),
			    buf_str(&who), date, m->subject);
			buf_addc(&body, '\n');
			buf_adds(&body, m->body != NULL ? m->body : "");
			/* The original's files go along (by number, from the
			 * raw bytes). */
			for (i = 0; i < m->natts; i++) {
				struct compose_attachment a = { 0 };
				char *data = NULL, *why = NULL;
				size_t dlen = 0;

				if (m->atts[i].is_inline && m->atts[i].content_id != NULL)
					continue;
				if (mime_attachment_bytes(raw, len, i, &data, &dlen, &why) != TT_OK) {
					free(why);
					continue;
				}
				a.data = data;
				a.len = dlen;
				a.name = m->atts[i].filename;
				a.type = m->atts[i].content_type;
				draft_add_attachment(d, &a);
				free(data);
			}
		} else {
			struct compose_attachment a = { 0 };

			a.data = (char *)raw;
			a.len = len;
			a.name = prefixed_subject(m->subject, "");
			a.type = (char *)"message/rfc822";
			a.message = true;
			draft_add_attachment(d, &a);
			free(a.name);
		}
	} else {
		d->subject = prefixed_subject(m->subject, "Re: ");
		/* Reply-To wins over From (RFC 5322 3.6.2); a reply to one's
		 * own sent message goes to its recipients. */
		if (m->reply_to.n > 0)
			add_list(&to, &m->reply_to, NULL, 0, NULL, NULL);
		else if (m->from.n > 0 && is_own(m->from.v[0].email, own, nown, from_email))
			add_list(&to, &m->to, own, nown, from_email, NULL);
		else
			add_list(&to, &m->from, NULL, 0, NULL, NULL);
		if (mode == COMPOSE_REPLY_ALL) {
			add_list(&cc, &m->to, own, nown, from_email, &to);
			add_list(&cc, &m->cc, own, nown, from_email, &to);
		}
		buf_adds(&body, "\n\n");
		buf_addf(&body, _("On %s, %s wrote:"), date, buf_str(&who));
		buf_addc(&body, '\n');
		quote_body(&body, m->body != NULL ? m->body : "");
		d->to = buf_detach(&to);
		d->cc = cc.len > 0 ? buf_detach(&cc) : NULL;
	}
	buf_free(&to);
	buf_free(&cc);
	buf_free(&who);
	d->body = buf_detach(&body);

	/* THR-03: In-Reply-To is the parent; References its references
	 * and then the parent (mime_parse has them oldest first). */
	if (!m->message_id_synthetic) {
		d->in_reply_to = xstrdup(m->message_id);
		d->refs = xcalloc(m->nrefs + 1, sizeof *d->refs);
		for (i = 0; i < m->nrefs; i++)
			d->refs[d->nrefs++] = xstrdup(m->refs[i]);
		d->refs[d->nrefs++] = xstrdup(m->message_id);
	}
	mime_message_free(&m);
	return TT_OK;
}
