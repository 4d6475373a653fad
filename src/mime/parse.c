/* parse.c - a whole message: GMime set-up, headers, addresses, date, ids, then body and attachments. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <openssl/sha.h>

#include "mime/mime-internal.h"

static GMimeParserOptions *mime_opts; /* NULL until mime_init() */

void
mime_init(void)
{
	/* Raw 8-bit header bytes: UTF-8 when they are valid, else the
	 * Windows superset of Latin-1 that most such mail really is. */
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };

	if (mime_opts != NULL)
		return;
	g_mime_init();
	xmlInitParser();
	mime_opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(mime_opts, fallback);
	g_mime_parser_options_set_address_compliance_mode(mime_opts,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(mime_opts,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_rfc2047_compliance_mode(mime_opts,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_allow_addresses_without_domain(mime_opts, TRUE);
}

void
mime_shutdown(void)
{
	if (mime_opts == NULL)
		return;
	g_mime_parser_options_free(mime_opts);
	mime_opts = NULL;
	g_mime_shutdown();
	xmlCleanupParser();
}

GMimeParserOptions *
_mime_options(void)
{
	if (mime_opts == NULL)
		mime_init();
	return mime_opts;
}

void
_mime_warn(struct mime_warn *w, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (w == NULL || w->n >= MIME_WARN_MAX)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	/* One unknown charset in ten parts is one problem, not ten. */
	if (w->text.len == 0 || strstr(buf_str(&w->text), s) == NULL) {
		if (w->text.len > 0)
			buf_adds(&w->text, "; ");
		buf_adds(&w->text, s);
		w->n++;
	}
	free(s);
}

char *
_mime_quote(const char *s)
{
	struct buf b = BUF_INIT;
	char *safe;
	size_t n;

	if (s == NULL)
		return xstrdup("");
	n = strnlen(s, 41);
	safe = utf8_terminal_safe(s, n > 40 ? 40 : n, false);
	buf_adds(&b, safe);
	if (n > 40)
		buf_adds(&b, "…");
	free(safe);
	return buf_detach(&b);
}

char *
_mime_utf8(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	return utf8_repair(s, strlen(s));
}

/* "Name:" with a printable ASCII name, the way RFC 5322 field names are. */
static bool
is_header_line(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] > ' ' && p[i] < 127 && p[i] != ':')
		i++;
	if (i == 0)
		return false;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i < n && p[i] == ':';
}

bool
_mime_find_headers(const char *raw, size_t len, size_t *start)
{
	const char *p = raw, *end = raw + len, *eol;
	size_t n;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		n = eol != NULL ? (size_t)(eol - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0)
			break; /* the blank line ends the header block */
		if (is_header_line(p, n)) {
			*start = (size_t)(p - raw);
			return true;
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return false;
}

static GMimeMessage *
gmime_parse(const char *raw, size_t len)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, _mime_options());
	g_object_unref(parser);
	g_object_unref(stream);
	return msg;
}

tt_status
_mime_parse_message(const char *raw, size_t len, GMimeMessage **msg,
    struct mime_warn *w, char **cause)
{
	char *safe;
	size_t start;

	*msg = NULL;
	if (raw == NULL || len == 0)
		return tt_fail(cause, TT_EINVAL, _("the message is empty"));
	/* A byte-order mark or stray blank lines left by an export tool
	 * come before the headers, not instead of them. */
	if (len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0) {
		raw += 3;
		len -= 3;
	}
	while (len > 0 && (*raw == '\n' || *raw == '\r')) {
		raw++;
		len--;
	}
	if (!_mime_find_headers(raw, len, &start))
		return tt_fail(cause, TT_EINVAL, _("these bytes are not a mail "
		    "message: no header line (Name: value) comes before the first "
		    "blank line"));
	if ((safe = _mime_defuse(raw, len)) != NULL) {
		raw = safe;
		_mime_warn(w, _("a charset name too long to be real was ignored"));
	}
	*msg = gmime_parse(raw, len);
	if (*msg == NULL && start > 0) {
		/* GMime gives up on a first line that is not a header. */
		*msg = gmime_parse(raw + start, len - start);
		if (*msg != NULL)
			_mime_warn(w, _("text before the first header line was skipped"));
	}
	if (*msg == NULL)
		_mime_warn(w, _("the structure of the message could not be read"));
	/* GMime parsed from its own copy of the bytes. */
	free(safe);
	return TT_OK;
}

const char *
_mime_raw_header(GMimeObject *obj, const char *name)
{
	GMimeHeader *h;

	if (obj == NULL)
		return NULL;
	h = g_mime_header_list_get_header(g_mime_object_get_header_list(obj), name);
	return h != NULL ? g_mime_header_get_raw_value(h) : NULL;
}

/*
 * refs = References, then In-Reply-To ids not already there, without the
 * message's own id (a self-reference would make it its own ancestor), the
 * newest MIME_REFS_MAX kept.
 */
static void
read_refs(GMimeObject *obj, struct mime_message *m)
{
	char **refs, **irt;
	size_t nrefs, nirt, i, n = 0, drop;
	GHashTable *seen;

	nrefs = mime_parse_refs(_mime_raw_header(obj, "References"), MIME_REFS_MAX, &refs);
	nirt = mime_parse_refs(_mime_raw_header(obj, "In-Reply-To"), MIME_REFS_MAX, &irt);
	for (i = 0; i < nirt && m->in_reply_to == NULL; i++) {
		if (strcmp(irt[i], m->message_id) != 0)
			m->in_reply_to = xstrdup(irt[i]);
	}
	m->refs = xreallocarray(NULL, nrefs + nirt + 1, sizeof *m->refs);
	seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_add(seen, m->message_id);
	for (i = 0; i < nrefs; i++) {
		if (g_hash_table_contains(seen, refs[i]))
			continue;
		g_hash_table_add(seen, refs[i]);
		m->refs[n++] = xstrdup(refs[i]);
	}
	for (i = 0; i < nirt; i++) {
		if (g_hash_table_contains(seen, irt[i]))
			continue;
		g_hash_table_add(seen, irt[i]);
		m->refs[n++] = xstrdup(irt[i]);
	}
	g_hash_table_destroy(seen);
	if (n > MIME_REFS_MAX) {
		drop = n - MIME_REFS_MAX;
		for (i = 0; i < drop; i++)
			free(m->refs[i]);
		memmove(m->refs, m->refs + drop, MIME_REFS_MAX * sizeof *m->refs);
		n = MIME_REFS_MAX;
	}
	m->nrefs = n;
	if (n == 0) {
		free(m->refs);
		m->refs = NULL;
	}
	mime_free_strv(refs, nrefs);
	mime_free_strv(irt, nirt);
}

/* Every header of that name: a message with three Cc lines has three
 * lines of recipients. */
static void
read_addresses(GMimeObject *obj, const char *name, struct mime_addrlist *out)
{
	GMimeHeaderList *list;
	GMimeHeader *h;
	int i, n;

	out->v = NULL;
	out->n = 0;
	if (obj == NULL)
		return;
	list = g_mime_object_get_header_list(obj);
	n = g_mime_header_list_get_count(list);
	for (i = 0; i < n && out->n < MIME_ADDRS_MAX; i++) {
		h = g_mime_header_list_get_header_at(list, i);
		if (ascii_strcasecmp(g_mime_header_get_name(h), name) == 0)
			_mime_append_addresses(g_mime_header_get_raw_value(h), out);
	}
}

/* The headers of obj into m; m->content_hash must be set (synthetic ids). */
static void
read_headers(GMimeObject *obj, time_t fallback_date, struct mime_message *m,
    struct mime_warn *w)
{
	const char *v;

	v = _mime_raw_header(obj, "Subject");
	m->subject = v != NULL ? mime_decode_header(v) : xstrdup("");
	read_addresses(obj, "From", &m->from);
	read_addresses(obj, "Sender", &m->sender);
	read_addresses(obj, "Reply-To", &m->reply_to);
	read_addresses(obj, "To", &m->to);
	read_addresses(obj, "Cc", &m->cc);
	read_addresses(obj, "Bcc", &m->bcc);

	v = _mime_raw_header(obj, "Date");
	if (v == NULL || !mime_parse_date(v, &m->date)) {
		m->date = fallback_date;
		m->date_flagged = true;
		if (v == NULL)
			_mime_warn(w, _("the message has no Date header"));
		else
			_mime_warn(w, _("the Date header could not be read"));
	}

	v = _mime_raw_header(obj, "Message-Id");
	m->message_id = v != NULL ? mime_normalize_msgid(v) : NULL;
	if (m->message_id == NULL) {
		/* Stable, so a second import of the same bytes is a duplicate,
		 * and in a domain that can never be real (RFC 2606). */
		m->message_id = xasprintf("synthetic.%.32s@tether.invalid",
		    m->content_hash);
		m->message_id_synthetic = true;
		_mime_warn(w, v == NULL ? _("the message has no Message-Id") :
		    _("the Message-Id header could not be read"));
	}
	read_refs(obj, m);
}

tt_status
mime_parse(const char *raw, size_t len, time_t fallback_date,
    struct mime_message **out, char **cause)
{
	struct mime_warn w = { BUF_INIT, 0 };
	struct mime_message *m;
	GMimeMessage *msg;
	tt_status st;

	*out = NULL;
	if ((st = _mime_parse_message(raw, len, &msg, &w, cause)) != TT_OK)
		return st;
	m = xcalloc(1, sizeof *m);
	m->content_hash = mime_content_hash(raw, len);

	read_headers(msg != NULL ? GMIME_OBJECT(msg) : NULL, fallback_date, m, &w);
	if (msg != NULL) {
		_mime_body(msg, m, &w);
		_mime_attachments(msg, m, &w);
		g_object_unref(msg);
	}
	if (m->body == NULL)
		m->body = xstrdup("");
	m->snippet = mime_snippet(m->body);
	m->warning = w.n > 0 ? buf_detach(&w.text) : NULL;
	buf_free(&w.text);
	*out = m;
	return TT_OK;
}

void
mime_message_free(struct mime_message **msgp)
{
	struct mime_message *m;
	size_t i;

	if (msgp == NULL || (m = *msgp) == NULL)
		return;
	free(m->message_id);
	free(m->in_reply_to);
	mime_free_strv(m->refs, m->nrefs);
	free(m->subject);
	mime_addrlist_clear(&m->from);
	mime_addrlist_clear(&m->sender);
	mime_addrlist_clear(&m->reply_to);
	mime_addrlist_clear(&m->to);
	mime_addrlist_clear(&m->cc);
	mime_addrlist_clear(&m->bcc);
	free(m->body);
	free(m->para_dirs);
	free(m->snippet);
	for (i = 0; i < m->natts; i++) {
		free(m->atts[i].filename);
		free(m->atts[i].content_type);
		free(m->atts[i].content_id);
	}
	free(m->atts);
	free(m->content_hash);
	free(m->warning);
	free(m);
	*msgp = NULL;
}

char *
mime_content_hash(const char *raw, size_t len)
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char *hex = xmalloc(2 * sizeof digest + 1);
	size_t i;

	/* OpenSSL's SHA-256 uses the CPU's instructions: several times
	 * GLib's speed, which matters at thousands of messages a second. */
	SHA256((const unsigned char *)raw, len, digest);
	for (i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return hex;
}
