/* build.c - a draft into MIME bytes through GMime: headers, flowed text, the HTML alternative, inline images and attachments. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gmime/gmime.h>

#include "compose/compose.h"
#include "mime/mime.h"

void
draft_clear(struct draft *d)
{
	size_t i;

	free(d->from_name);
	free(d->from_email);
	free(d->to);
	free(d->cc);
	free(d->bcc);
	free(d->subject);
	free(d->body);
	for (i = 0; i < d->natts; i++) {
		free(d->atts[i].path);
		free(d->atts[i].data);
		free(d->atts[i].name);
		free(d->atts[i].type);
	}
	free(d->atts);
	free(d->in_reply_to);
	for (i = 0; i < d->nrefs; i++)
		free(d->refs[i]);
	free(d->refs);
	memset(d, 0, sizeof *d);
}

char *
draft_refs_text(const struct draft *d)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < d->nrefs; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", d->refs[i]);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), NULL);
}

void
draft_set_refs(struct draft *d, const char *text)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		size_t n;

		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) == 0)
			break;
		d->refs = xreallocarray(d->refs, d->nrefs + 1, sizeof *d->refs);
		d->refs[d->nrefs++] = xstrndup(p, n);
		p += n;
	}
}

void
draft_add_attachment(struct draft *d, const struct compose_attachment *a)
{
	struct compose_attachment *c;

	d->atts = xreallocarray(d->atts, d->natts + 1, sizeof *d->atts);
	c = &d->atts[d->natts++];
	*c = *a;
	c->path = a->path != NULL ? xstrdup(a->path) : NULL;
	c->name = a->name != NULL ? xstrdup(a->name) : NULL;
	c->type = a->type != NULL ? xstrdup(a->type) : NULL;
	c->data = NULL;
	if (a->data != NULL) {
		c->data = xmalloc(a->len + 1);
		memcpy(c->data, a->data, a->len);
		c->data[a->len] = '\0';
	}
}

void
compose_out_clear(struct compose_out *o)
{
	free(o->raw);
	free(o->message_id);
	for (size_t i = 0; i < o->nrcpts; i++)
		free(o->rcpts[i]);
	free(o->rcpts);
	memset(o, 0, sizeof *o);
}

const char *
compose_guess_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ "pdf", "application/pdf" }, { "png", "image/png" },
		{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" },
		{ "gif", "image/gif" }, { "webp", "image/webp" },
		{ "svg", "image/svg+xml" }, { "txt", "text/plain" },
		{ "csv", "text/csv" }, { "html", "text/html" }, { "htm", "text/html" },
		{ "ics", "text/calendar" }, { "vcf", "text/vcard" },
		{ "eml", "message/rfc822" }, { "zip", "application/zip" },
		{ "gz", "application/gzip" }, { "json", "application/json" },
		{ "xml", "application/xml" }, { "odt", "application/vnd.oasis.opendocument.text" },
		{ "ods", "application/vnd.oasis.opendocument.spreadsheet" },
		{ "doc", "application/msword" }, { "xls", "application/vnd.ms-excel" },
		{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
	};
	const char *dot = name != NULL ? strrchr(name, '.') : NULL;

	if (dot != NULL && strchr(dot, '/') == NULL) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
			if (ascii_strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
		}
	}
	return "application/octet-stream";
}

/* A new Message-Id: time and 128 random bits at the sender's domain. */
static char *
new_message_id(const char *from_email, time_t now)
{
	unsigned char rnd[16];
	char hex[33];
	const char *at = strrchr(from_email, '@');
	struct tm tm;
	size_t got = 0;

	while (got < sizeof rnd) {
		ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);

		if (r < 0 && errno != EINTR)
			abort();        /* no entropy at all: never reuse an id */
		if (r > 0)
			got += (size_t)r;
	}
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	gmtime_r(&now, &tm);
	return xasprintf("%04d%02d%02d%02d%02d%02d.%s@%s", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, hex,
	    at != NULL && at[1] != '\0' ? at + 1 : "tether.invalid");
}

static bool
has_line_break(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") != NULL;
}

/* Appends the addresses of text to the message's list of type and to the
 * envelope; false with *cause when one is not an address. */
static bool
add_addresses(GMimeMessage *msg, GMimeAddressType type, const char *text,
    const char *what, struct compose_out *out, char **cause)
{
	InternetAddressList *list, *dest;
	struct mime_addrlist check = { 0 };
	int n;

	if (text == NULL || text[strspn(text, " \t,;")] == '\0')
		return true;
	if (has_line_break(text)) {
		tt_fail(cause, TT_EINVAL, _("the %s field holds a line break"), what);
		return false;
	}
	list = internet_address_list_parse(NULL, text);
	n = list != NULL ? internet_address_list_length(list) : 0;
	/* Every mailbox needs an address with a domain (ambiguity 28: only
	 * what RFC 5322 forbids is refused). */
	mime_parse_addresses(text, &check);
	for (size_t i = 0; i < check.n; i++) {
		const char *e = check.v[i].email, *at = strrchr(e, '@');

		if (at == NULL || at == e || at[1] == '\0' || strchr(at + 1, '.') == NULL) {
			tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not an email address"),
			    what, e);
			mime_addrlist_clear(&check);
			if (list != NULL)
				g_object_unref(list);
			return false;
		}
	}
	if (n == 0 || check.n == 0) {
		tt_fail(cause, TT_EINVAL, _("%s: no email address in \"%s\""), what, text);
		mime_addrlist_clear(&check);
		if (list != NULL)
			g_object_unref(list);
		return false;
	}
	for (size_t i = 0; i < check.n; i++) {
		out->rcpts = xreallocarray(out->rcpts, out->nrcpts + 1, sizeof *out->rcpts);
		out->rcpts[out->nrcpts++] = xstrdup(check.v[i].email);
	}
	mime_addrlist_clear(&check);
	if (type != GMIME_ADDRESS_TYPE_BCC) {
		dest = g_mime_message_get_addresses(msg, type);
		internet_address_list_append(dest, list);
	}
	g_object_unref(list);
	return true;
}

/* A text part: UTF-8, quoted-printable when it is not plain ASCII. */
static GMimeObject *
text_part(const char *subtype, const char *text, bool flowed)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype(subtype);
	GMimeContentEncoding enc;

	g_mime_text_part_set_text(tp, text);
	g_mime_text_part_set_charset(tp, "utf-8");
	if (flowed)
		g_mime_object_set_content_type_parameter(GMIME_OBJECT(tp), "format", "flowed");
	enc = g_mime_part_get_best_content_encoding(GMIME_PART(tp),
	    GMIME_ENCODING_CONSTRAINT_7BIT);
	g_mime_part_set_content_encoding(GMIME_PART(tp), enc);
	return GMIME_OBJECT(tp);
}

/* The part of one attachment, or NULL with *cause. */
static GMimeObject *
attachment_part(const struct compose_attachment *a, size_t index, char **cause)
{
	const char *type = a->type != NULL ? a->type : compose_guess_type(a->name);
	char *data = NULL, *sub;
	size_t len = 0;
	GMimeStream *stream;
	GMimeDataWrapper *wrap;
	GMimeObject *obj;
	GMimePart *part;
	char *major;

	if (a->path != NULL) {
		/* The whole file now: a file changed or gone later cannot
		 * change what was built. */
		if (file_read_all(a->path, (size_t)1 << 31, &data, &len, cause) != TT_OK)
			return NULL;
	} else {
		len = a->len;
		data = xmalloc(len + 1);
		memcpy(data, a->data != NULL ? a->data : "", len);
	}
	if (a->message) {
		GMimeParser *parser;
		GMimeMessage *inner;

		stream = g_mime_stream_mem_new_with_buffer(data, len);
		parser = g_mime_parser_new_with_stream(stream);
		inner = g_mime_parser_construct_message(parser, NULL);
		g_object_unref(parser);
		g_object_unref(stream);
		free(data);
		if (inner == NULL) {
			tt_fail(cause, TT_EINVAL, _("the message to forward does not parse"));
			return NULL;
		}
		obj = GMIME_OBJECT(g_mime_message_part_new_with_message("rfc822", inner));
		g_object_unref(inner);
		g_mime_object_set_disposition(obj, GMIME_DISPOSITION_INLINE);
		return obj;
	}
	major = xstrdup(type);
	sub = strchr(major, '/');
	if (sub != NULL)
		*sub++ = '\0';
	part = g_mime_part_new_with_type(major, sub != NULL && *sub != '\0' ? sub :
	    "octet-stream");
	free(major);
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	free(data);
	wrap = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
	g_object_unref(stream);
	g_mime_part_set_content(part, wrap);
	g_object_unref(wrap);
	obj = GMIME_OBJECT(part);
	if (a->name != NULL && a->name[0] != '\0')
		g_mime_part_set_filename(part, a->name);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	if (a->inline_image) {
		char *cid = xasprintf("img%zu.%s", index, "tether");

		g_mime_object_set_disposition(obj, GMIME_DISPOSITION_INLINE);
		g_mime_object_set_content_id(obj, cid);
		free(cid);
	} else {
		g_mime_object_set_disposition(obj, GMIME_DISPOSITION_ATTACHMENT);
	}
	if (a->name != NULL && a->name[0] != '\0')
		g_mime_object_set_content_disposition_parameter(obj, "filename", a->name);
	return obj;
}

/* The HTML with ![alt](name) of inline images pointing at their parts. */
static char *
html_with_cids(const struct draft *d, const char *html)
{
	struct buf b = BUF_INIT;
	const char *p = html, *q;

	/* compose_markup_html writes images as <img src="name:NAME">: the
	 * names become cid: references here, unknown ones stay visible. */
	while ((q = strstr(p, "<img src=\"name:")) != NULL) {
		const char *name = q + strlen("<img src=\"name:"), *end = strchr(name, '"');
		size_t i;

		buf_add(&b, p, (size_t)(q - p));
		if (end == NULL) {
			p = q;
			break;
		}
		for (i = 0; i < d->natts; i++) {
			const char *n = d->atts[i].name;

			if (d->atts[i].inline_image && n != NULL &&
			    strlen(n) == (size_t)(end - name) &&
			    memcmp(n, name, (size_t)(end - name)) == 0)
				break;
		}
		if (i < d->natts)
			buf_addf(&b, "<img src=\"cid:img%zu.tether", i);
		else
			buf_add(&b, q, (size_t)(end - q));
		p = end;
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}

/* The message's bytes with CRLF line ends (SMTP and IMAP want them). */
static void
write_crlf(GMimeMessage *msg, struct compose_out *out)
{
	GMimeFormatOptions *fmt = g_mime_format_options_new();
	GMimeStream *ms = g_mime_stream_mem_new();
	GByteArray *bytes;

	g_mime_format_options_set_newline_format(fmt, GMIME_NEWLINE_FORMAT_DOS);
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fmt, ms);
	g_mime_format_options_free(fmt);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	out->len = bytes->len;
	out->raw = xmalloc(out->len + 1);
	memcpy(out->raw, bytes->data, out->len);
	out->raw[out->len] = '\0';
	g_object_unref(ms);
}

tt_status
compose_build(const struct draft *d, time_t now, struct compose_out *out,
    char **cause)
{
	GMimeMessage *msg;
	GMimeObject *body, *text;
	GDateTime *dt;
	bool html = false, any_inline = false;
	char *flowed, *refs;
	struct buf rb = BUF_INIT;
	size_t i;

	memset(out, 0, sizeof *out);
	mime_init();
	if (d->from_email == NULL || strchr(d->from_email, '@') == NULL)
		return tt_fail(cause, TT_EINVAL, _("the account has no sender address (set email)"));
	if (has_line_break(d->subject) || has_line_break(d->from_name) ||
	    has_line_break(d->from_email))
		return tt_fail(cause, TT_EINVAL, _("a header field holds a line break"));
	msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
	    d->from_name != NULL ? d->from_name : "", d->from_email);
	if (!add_addresses(msg, GMIME_ADDRESS_TYPE_TO, d->to, "To", out, cause) ||
	    !add_addresses(msg, GMIME_ADDRESS_TYPE_CC, d->cc, "Cc", out, cause) ||
	    !add_addresses(msg, GMIME_ADDRESS_TYPE_BCC, d->bcc, "Bcc", out, cause)) {
		g_object_unref(msg);
		compose_out_clear(out);
		return TT_EINVAL;
	}
	if (!d->draft_copy && (out->nrcpts == 0 || d->to == NULL ||
	    d->to[strspn(d->to, " \t,;")] == '\0')) {
		/* CMP-34: no To at all is refused, even with a Cc or Bcc. */
		g_object_unref(msg);
		compose_out_clear(out);
		return tt_fail(cause, TT_EINVAL, _("the message has no recipient: fill in To"));
	}
	g_mime_message_set_subject(msg, d->subject != NULL ? d->subject : "", "utf-8");
	dt = g_date_time_new_from_unix_local((gint64)now);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	out->message_id = new_message_id(d->from_email, now);
	g_mime_message_set_message_id(msg, out->message_id);
	if (d->in_reply_to != NULL) {
		char *v = xasprintf("<%s>", d->in_reply_to);

		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", v, NULL);
		free(v);
	}
	for (i = 0; i < d->nrefs; i++)
		buf_addf(&rb, "%s<%s>", i > 0 ? " " : "", d->refs[i]);
	refs = buf_detach(&rb);
	if (refs[0] != '\0')
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", refs, NULL);
	free(refs);

	flowed = compose_flowed(d->body != NULL ? d->body : "");
	text = text_part("plain", flowed, true);
	free(flowed);
	body = text;
	if (d->body != NULL && compose_markup_used(d->body)) {
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
		char *h = compose_markup_html(d->body), *hc = html_with_cids(d, h);
		char *page = xasprintf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		    "</head><body>\n%s</body></html>\n", hc);
		GMimeObject *hp = text_part("html", page, false);

		free(h);
		free(hc);
		free(page);
		g_mime_multipart_add(alt, text);
		g_mime_multipart_add(alt, hp);
		g_object_unref(text);
		g_object_unref(hp);
		body = GMIME_OBJECT(alt);
		html = true;
	}
	for (i = 0; i < d->natts; i++)
		any_inline |= html && d->atts[i].inline_image;
	if (any_inline) {
		GMimeMultipart *rel = g_mime_multipart_new_with_subtype("related");

		g_mime_object_set_content_type_parameter(GMIME_OBJECT(rel), "type",
		    "multipart/alternative");
		g_mime_multipart_add(rel, body);
		g_object_unref(body);
		for (i = 0; i < d->natts; i++) {
			GMimeObject *p;

			if (!d->atts[i].inline_image)
				continue;
			if ((p = attachment_part(&d->atts[i], i, cause)) == NULL) {
				g_object_unref(rel);
				g_object_unref(msg);
				compose_out_clear(out);
				return TT_EIO;
			}
			g_mime_multipart_add(rel, p);
			g_object_unref(p);
		}
		body = GMIME_OBJECT(rel);
	}
	for (i = 0; i < d->natts; i++) {
		if (!d->atts[i].inline_image || !html)
			break;
	}
	if (i < d->natts) {
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");

		g_mime_multipart_add(mixed, body);
		g_object_unref(body);
		for (i = 0; i < d->natts; i++) {
			GMimeObject *p;

			/* An image the HTML does not show is an attachment. */
			if (d->atts[i].inline_image && html)
				continue;
			if ((p = attachment_part(&d->atts[i], i, cause)) == NULL) {
				g_object_unref(mixed);
				g_object_unref(msg);
				compose_out_clear(out);
				return TT_EIO;
			}
			if (d->atts[i].inline_image)
				g_mime_object_set_disposition(p, GMIME_DISPOSITION_ATTACHMENT);
			g_mime_multipart_add(mixed, p);
			g_object_unref(p);
		}
		body = GMIME_OBJECT(mixed);
	}
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);

	write_crlf(msg, out);
	out->html = html;
	g_object_unref(msg);
	return TT_OK;
}

/* The addresses of one list into the envelope. */
static void
envelope_add(InternetAddressList *l, struct compose_out *out)
{
	int n = l != NULL ? internet_address_list_length(l) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *addr = internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(ia));

			if (addr != NULL && strchr(addr, '@') != NULL) {
				out->rcpts = xreallocarray(out->rcpts, out->nrcpts + 1,
				    sizeof *out->rcpts);
				out->rcpts[out->nrcpts++] = xstrdup(addr);
			}
		} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			envelope_add(internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)), out);
		}
	}
}

tt_status
compose_prepare(const char *raw, size_t len, time_t now,
    const char *fallback_from, struct compose_out *out, char **cause)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	const char *id;

	memset(out, 0, sizeof *out);
	mime_init();
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	if (msg == NULL)
		return tt_fail(cause, TT_EINVAL, _("the file is not a mail message"));
	envelope_add(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), out);
	envelope_add(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC), out);
	envelope_add(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_BCC), out);
	if (out->nrcpts == 0) {
		g_object_unref(msg);
		return tt_fail(cause, TT_EINVAL, _("the message has no recipient: fill in To"));
	}
	g_mime_object_remove_header(GMIME_OBJECT(msg), "Bcc");
	if (g_mime_message_get_date(msg) == NULL) {
		GDateTime *dt = g_date_time_new_from_unix_local((gint64)now);

		g_mime_message_set_date(msg, dt);
		g_date_time_unref(dt);
	}
	if ((id = g_mime_message_get_message_id(msg)) == NULL || id[0] == '\0') {
		InternetAddressList *from = g_mime_message_get_from(msg);
		const char *addr = fallback_from;

		if (from != NULL && internet_address_list_length(from) > 0 &&
		    INTERNET_ADDRESS_IS_MAILBOX(internet_address_list_get_address(from, 0)))
			addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(
			    internet_address_list_get_address(from, 0)));
		out->message_id = new_message_id(addr != NULL ? addr : "", now);
		g_mime_message_set_message_id(msg, out->message_id);
	} else
		out->message_id = xstrdup(id);
	write_crlf(msg, out);
	g_object_unref(msg);
	return TT_OK;
}
