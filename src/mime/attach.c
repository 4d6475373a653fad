/* attach.c - which parts are attachments, what they are called, and the decoded bytes of one. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

char *
_mime_content_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *raw;
	char *type;

	type = ct != NULL ? g_mime_content_type_get_mime_type(ct) : NULL;
	if (type == NULL)
		return xstrdup("application/octet-stream");
	if (strcmp(type, "application/octet-stream") == 0 &&
	    (raw = _mime_raw_header(obj, "Content-Type")) != NULL) {
		/* "Content-Type: text" (no subtype) is plain text to every
		 * reader, though GMime takes it for octets. */
		raw += strspn(raw, " \t\n");
		if (ascii_strncasecmp(raw, "text", 4) == 0 &&
		    strchr("; \t\n", raw[4]) != NULL) {
			g_free(type);
			return xstrdup("text/plain");
		}
	}
	raw = type;
	type = utf8_repair(raw, strlen(raw));
	g_free((char *)raw);
	return ascii_lower(type);
}

bool
_mime_part_is_attachment(GMimeObject *obj)
{
	const char *disp, *name;
	char *type;
	bool text;

	if (GMIME_IS_MESSAGE_PART(obj))
		return true;
	if (!GMIME_IS_PART(obj))
		return false;
	disp = g_mime_object_get_disposition(obj);
	if (disp != NULL && ascii_strcasecmp(disp, "attachment") == 0)
		return true;
	name = g_mime_part_get_filename(GMIME_PART(obj));
	if (name != NULL && *name != '\0')
		return true;
	type = _mime_content_type(obj);
	text = strncmp(type, "text/", 5) == 0;
	free(type);
	return !text;
}

/* The signature half of multipart/signed is the signature, not a file the
 * sender attached. */
static bool
is_signature(GMimeObject *obj)
{
	char *type = _mime_content_type(obj);
	bool sig;

	sig = strcmp(type, "application/pgp-signature") == 0 ||
	    strcmp(type, "application/pkcs7-signature") == 0 ||
	    strcmp(type, "application/x-pkcs7-signature") == 0;
	free(type);
	return sig;
}

struct walk {
	/* Called for each attachment in order; returns false to stop. */
	bool (*fn)(GMimeObject *obj, bool in_related, void *arg);
	void *arg;
	bool too_deep;
	bool stop;
};

/* Every attachment in document order.  mime_parse and
 * mime_attachment_bytes both count with this walk, so an index means the
 * same part to both. */
static void
walk(GMimeObject *obj, int depth, bool in_related, struct walk *wk)
{
	GMimeMultipart *mp;
	const char *sub;
	bool related, is_signed;
	int i, n;

	if (obj == NULL || wk->stop)
		return;
	if (depth > MIME_MAX_DEPTH) {
		wk->too_deep = true;
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		sub = g_mime_content_type_get_media_subtype(
		    g_mime_object_get_content_type(obj));
		related = sub != NULL && ascii_strcasecmp(sub, "related") == 0;
		is_signed = GMIME_IS_MULTIPART_SIGNED(obj);
		n = g_mime_multipart_get_count(mp);
		for (i = 0; i < n && !wk->stop; i++) {
			if (is_signed && i == 1 && is_signature(g_mime_multipart_get_part(mp, i)))
				continue;
			walk(g_mime_multipart_get_part(mp, i), depth + 1, related, wk);
		}
		return;
	}
	/* An attached message is one attachment; its own parts are its own. */
	if (_mime_part_is_attachment(obj) && !wk->fn(obj, in_related, wk->arg))
		wk->stop = true;
}

/* The attached message's own subject, for its file name. */
static char *
message_name(GMimeMessage *inner)
{
	const char *subject = inner != NULL ?
	    _mime_raw_header(GMIME_OBJECT(inner), "Subject") : NULL;
	char *s = subject != NULL ? mime_decode_header(subject) : xstrdup(""), *name;

	g_strstrip(s);
	name = xasprintf("%s.eml", *s != '\0' ? s : "message");
	free(s);
	return name;
}

/* Writes what the attachment holds: the decoded content of a part, the
 * whole message of a message/rfc822. */
static void
write_content(GMimeObject *obj, GMimeStream *stream)
{
	GMimeDataWrapper *content;
	GMimeMessage *inner;

	if (GMIME_IS_MESSAGE_PART(obj)) {
		inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner != NULL)
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, stream);
	} else if ((content = g_mime_part_get_content(GMIME_PART(obj))) != NULL)
		g_mime_data_wrapper_write_to_stream(content, stream);
}

struct collect {
	struct mime_message *m;
};

static bool
collect(GMimeObject *obj, bool in_related, void *arg)
{
	struct mime_message *m = ((struct collect *)arg)->m;
	struct mime_attachment *a;
	const char *disp, *name;
	GMimeStream *null;

	MIME_GROW(m->atts, m->natts);
	a = &m->atts[m->natts++];
	memset(a, 0, sizeof *a);
	a->content_type = _mime_content_type(obj);
	a->content_id = mime_normalize_msgid(_mime_raw_header(obj, "Content-Id"));
	disp = g_mime_object_get_disposition(obj);
	/* Inline when it says so, or when it is a cid: picture of an HTML
	 * body (a part with a Content-ID inside multipart/related). */
	a->is_inline = disp != NULL ? ascii_strcasecmp(disp, "inline") == 0 :
	    a->content_id != NULL && in_related;
	if (GMIME_IS_MESSAGE_PART(obj)) {
		name = g_mime_object_get_content_disposition_parameter(obj, "filename");
		if (name == NULL || *name == '\0')
			name = g_mime_object_get_content_type_parameter(obj, "name");
		a->filename = name != NULL && *name != '\0' ? _mime_utf8(name) :
		    message_name(g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj)));
	} else
		a->filename = _mime_utf8(g_mime_part_get_filename(GMIME_PART(obj)));
	null = g_mime_stream_null_new();
	write_content(obj, null);
	a->size = GMIME_STREAM_NULL(null)->written;
	g_object_unref(null);
	if (!a->is_inline)
		m->has_attachments = true;
	return true;
}

void
_mime_attachments(GMimeMessage *msg, struct mime_message *m, struct mime_warn *w)
{
	struct collect c = { m };
	struct walk wk = { collect, &c, false, false };

	walk(g_mime_message_get_mime_part(msg), 0, false, &wk);
	if (wk.too_deep)
		_mime_warn(w, _("parts nested deeper than %d levels were not read"),
		    MIME_MAX_DEPTH);
}

struct find {
	size_t want, seen;
	GMimeObject *found;
};

static bool
find(GMimeObject *obj, bool in_related, void *arg)
{
	struct find *f = arg;

	(void)in_related;
	if (f->seen++ < f->want)
		return true;
	f->found = obj;
	return false;
}

tt_status
mime_attachment_bytes(const char *raw, size_t len, size_t index,
    char **data, size_t *size, char **cause)
{
	struct find f = { index, 0, NULL };
	struct walk wk = { find, &f, false, false };
	GMimeMessage *msg;
	GMimeStream *mem;
	GByteArray *bytes;
	tt_status st;

	*data = NULL;
	*size = 0;
	if ((st = _mime_parse_message(raw, len, &msg, NULL, cause)) != TT_OK)
		return st;
	if (msg != NULL)
		walk(g_mime_message_get_mime_part(msg), 0, false, &wk);
	if (f.found == NULL) {
		if (msg != NULL)
			g_object_unref(msg);
		return tt_fail(cause, TT_ENOTFOUND, _("the message has no attachment "
		    "number %zu (it has %zu)"), index + 1, f.seen);
	}
	mem = g_mime_stream_mem_new();
	write_content(f.found, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	*size = bytes != NULL ? bytes->len : 0;
	*data = xmalloc(*size + 1);
	if (*size > 0)
		memcpy(*data, bytes->data, *size);
	(*data)[*size] = '\0';
	g_object_unref(mem);
	g_object_unref(msg);
	return TT_OK;
}
