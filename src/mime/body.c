/* body.c - the readable text of a message: which part, its charset, line ends, format=flowed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

char *
_mime_part_bytes(GMimePart *part, size_t *len)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;
	char *out;

	/* The wrapper undoes base64 / quoted-printable / uuencode; a
	 * truncated encoding gives what could be decoded. */
	if (content != NULL)
		g_mime_data_wrapper_write_to_stream(content, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	*len = bytes != NULL ? bytes->len : 0;
	out = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(out, bytes->data, *len);
	out[*len] = '\0';
	g_object_unref(mem);
	return out;
}

/* Appends bytes as valid UTF-8: each invalid byte becomes U+FFFD.  Valid
 * text (nearly all of it) is copied in one piece. */
static void
repair(const char *bytes, size_t len, struct buf *b)
{
	char *fixed;

	if (utf8_valid(bytes, len)) {
		buf_add(b, bytes, len);
		return;
	}
	fixed = utf8_repair(bytes, len);
	buf_adds(b, fixed);
	free(fixed);
}

enum charset_class { CS_NONE, CS_ASCII, CS_UTF8, CS_LATIN1, CS_OTHER, CS_BOGUS };

static enum charset_class
charset_class(const char *charset)
{
	static const char *ascii[] = { "us-ascii", "ascii", "us", "ansi_x3.4-1968",
	    "ansi_x3.4-1986", "iso646-us", "iso-ir-6", "cp367", "ibm367" };
	static const char *utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8",
	    "x-unicode-2-0-utf-8" };
	static const char *latin1[] = { "iso-8859-1", "latin1", "l1", "iso-8859-15",
	    "latin-9", "windows-1252", "windows-cp1252", "cp1252" };
	const char *c;
	size_t i;

	if (charset == NULL || *charset == '\0')
		return CS_NONE;
	/* GMime copies a charset name onto the stack (alloca): a hostile
	 * megabyte-long name must not reach it.  Real names are short. */
	if (strnlen(charset, MIME_CHARSET_MAX + 1) > MIME_CHARSET_MAX)
		return CS_BOGUS;
	c = g_mime_charset_canon_name(charset);
	for (i = 0; i < TT_ARRAY_LEN(ascii); i++) {
		if (ascii_strcasecmp(c, ascii[i]) == 0)
			return CS_ASCII;
	}
	for (i = 0; i < TT_ARRAY_LEN(utf8); i++) {
		if (ascii_strcasecmp(c, utf8[i]) == 0)
			return CS_UTF8;
	}
	for (i = 0; i < TT_ARRAY_LEN(latin1); i++) {
		if (ascii_strcasecmp(c, latin1[i]) == 0)
			return CS_LATIN1;
	}
	return CS_OTHER;
}

static bool
has_8bit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return true;
	}
	return false;
}

/*
 * Appends the conversion of the whole input to b; each byte iconv cannot
 * convert becomes U+FFFD.  Returns how many did.  Linear: after an error
 * iconv resumes one byte further on.
 */
static size_t
convert(iconv_t cd, const char *in, size_t len, struct buf *b)
{
	char out[4096], *ip = (char *)in, *op;
	size_t il = len, ol, r, errors = 0;

	while (il > 0) {
		op = out;
		ol = sizeof out;
		r = iconv(cd, &ip, &il, &op, &ol);
		buf_add(b, out, (size_t)(op - out));
		if (r != (size_t)-1 || (errno == E2BIG && op != out))
			continue;
		/* EILSEQ, or EINVAL (a sequence cut off at the end). */
		buf_adds(b, "\xef\xbf\xbd");
		errors++;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Stateful encodings (ISO-2022-JP) may owe a final shift. */
	op = out;
	ol = sizeof out;
	if (iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1)
		buf_add(b, out, (size_t)(op - out));
	return errors;
}

static void
from_cp1252(const char *bytes, size_t len, struct buf *b)
{
	iconv_t cd = g_mime_iconv_open("UTF-8", "windows-1252");

	if (cd == (iconv_t)-1) {
		repair(bytes, len, b);
		return;
	}
	convert(cd, bytes, len, b);
	g_mime_iconv_close(cd);
}

/* The text as a C string, valid UTF-8 whatever iconv wrote (glibc lets
 * code points past U+10FFFF through), a NUL inside showing as U+FFFD
 * rather than cutting the string short. */
static char *
finish(struct buf *b)
{
	struct buf fixed = BUF_INIT, out = BUF_INIT;
	const char *p, *end, *nul;

	if (b->len == 0 || (memchr(b->data, '\0', b->len) == NULL &&
	    utf8_valid(b->data, b->len)))
		return buf_detach(b);
	repair(b->data, b->len, &fixed);
	buf_free(b);
	for (p = fixed.data, end = p + fixed.len; p < end; p = nul + 1) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL) {
			buf_add(&out, p, (size_t)(end - p));
			break;
		}
		buf_add(&out, p, (size_t)(nul - p));
		buf_adds(&out, "\xef\xbf\xbd");
	}
	buf_free(&fixed);
	return buf_detach(&out);
}

char *
_mime_to_utf8(const char *bytes, size_t len, const char *charset,
    struct mime_warn *w)
{
	enum charset_class cls = charset_class(charset);
	struct buf b = BUF_INIT;
	char *name;
	iconv_t cd;

	switch (cls) {
	case CS_NONE:
	case CS_ASCII:
		/* 8-bit bytes under "us-ascii" are common; what they are
		 * is a guess: UTF-8 when valid, else windows-1252. */
		if (utf8_valid(bytes, len))
			buf_add(&b, bytes, len);
		else
			from_cp1252(bytes, len, &b);
		return finish(&b);
	case CS_UTF8:
		if (!utf8_valid(bytes, len))
			_mime_warn(w, _("the text is not valid UTF-8; invalid bytes were "
			    "replaced"));
		repair(bytes, len, &b);
		return finish(&b);
	case CS_LATIN1:
		/* The classic mislabel: UTF-8 sent as Latin-1.  Real Latin-1
		 * text is almost never valid UTF-8 with 8-bit bytes in it. */
		if (has_8bit(bytes, len) && utf8_valid(bytes, len)) {
			name = _mime_quote(charset);
			_mime_warn(w, _("the text is declared %s but is UTF-8; read as "
			    "UTF-8"), name);
			free(name);
			buf_add(&b, bytes, len);
			return finish(&b);
		}
		break;
	case CS_OTHER:
	case CS_BOGUS:
		break;
	}
	name = _mime_quote(charset);
	cd = cls == CS_BOGUS ? (iconv_t)-1 : g_mime_iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		if (utf8_valid(bytes, len)) {
			_mime_warn(w, _("charset %s unknown; read as UTF-8"), name);
			buf_add(&b, bytes, len);
		} else {
			_mime_warn(w, _("charset %s unknown; read as windows-1252"), name);
			from_cp1252(bytes, len, &b);
		}
	} else if (convert(cd, bytes, len, &b) > 0) {
		if (has_8bit(bytes, len) && utf8_valid(bytes, len)) {
			_mime_warn(w, _("the text is declared %s but is UTF-8; read as "
			    "UTF-8"), name);
			buf_reset(&b);
			buf_add(&b, bytes, len);
		} else
			_mime_warn(w, _("the text is not valid %s; invalid bytes were "
			    "replaced"), name);
	}
	if (cd != (iconv_t)-1)
		g_mime_iconv_close(cd);
	free(name);
	return finish(&b);
}

/* "\r\n" and a lone "\r" become "\n". */
static char *
unix_lines(char *s)
{
	char *r = s, *w = s;

	if (strchr(s, '\r') == NULL)
		return s;
	for (; *r != '\0'; r++) {
		if (*r == '\r') {
			if (r[1] != '\n')
				*w++ = '\n';
		} else
			*w++ = *r;
	}
	*w = '\0';
	return s;
}

char *
mime_unflow(const char *text, bool delsp)
{
	struct buf out = BUF_INIT;
	const char *p, *eol, *q;
	size_t n, m, depth, i;
	long open = -1; /* quote depth of the paragraph still flowing, or -1 */
	bool flowed, sig;

	if (text == NULL)
		return xstrdup("");
	for (p = text; *p != '\0'; p = eol != NULL ? eol + 1 : p + n) {
		eol = strchr(p, '\n');
		n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		m = n;
		if (m > 0 && p[m - 1] == '\r')
			m--;
		for (depth = 0; depth < m && p[depth] == '>'; depth++)
			;
		q = p + depth;
		m -= depth;
		/* Space-stuffing (RFC 3676 §4.4) comes off. */
		if (m > 0 && *q == ' ') {
			q++;
			m--;
		}
		/* The signature separator is never flowed (§4.3). */
		sig = m == 3 && memcmp(q, "-- ", 3) == 0;
		flowed = !sig && m > 0 && q[m - 1] == ' ';
		if (open >= 0 && (size_t)open != depth) {
			/* The quote depth changed under a flowed line: it ends. */
			buf_addc(&out, '\n');
			open = -1;
		}
		if (open < 0 && depth > 0) {
			for (i = 0; i < depth; i++)
				buf_addc(&out, '>');
			if (m > 0)
				buf_addc(&out, ' ');
		}
		if (flowed && delsp)
			m--;
		buf_add(&out, q, m);
		if (flowed)
			open = (long)depth;
		else {
			open = -1;
			if (eol != NULL)
				buf_addc(&out, '\n');
		}
	}
	if (open >= 0 && text[0] != '\0' && text[strlen(text) - 1] == '\n')
		buf_addc(&out, '\n');
	return finish(&out);
}

/* The readable part found so far. */
struct pick {
	GMimePart *part;
	bool html;
};

static bool
subtype_is(GMimeObject *obj, const char *subtype)
{
	const char *s = g_mime_content_type_get_media_subtype(
	    g_mime_object_get_content_type(obj));

	return s != NULL && ascii_strcasecmp(s, subtype) == 0;
}

/* The root of a multipart/related: the part its start parameter names,
 * else the first (RFC 2387). */
static GMimeObject *
related_root(GMimeMultipart *mp)
{
	const char *start = g_mime_object_get_content_type_parameter(
	    GMIME_OBJECT(mp), "start");
	GMimeObject *child;
	char *want, *cid;
	int i, n = g_mime_multipart_get_count(mp);

	if (start != NULL && (want = mime_normalize_msgid(start)) != NULL) {
		for (i = 0; i < n; i++) {
			child = g_mime_multipart_get_part(mp, i);
			cid = mime_normalize_msgid(_mime_raw_header(child, "Content-Id"));
			if (cid != NULL && strcmp(cid, want) == 0) {
				free(cid);
				free(want);
				return child;
			}
			free(cid);
		}
		free(want);
	}
	return n > 0 ? g_mime_multipart_get_part(mp, 0) : NULL;
}

/*
 * Finds the part to show.  strict: text/plain or text/html that is not an
 * attachment; otherwise (a second pass) any text part not marked attachment,
 * so mail whose only text carries a file name still shows it.
 */
static bool
pick(GMimeObject *obj, int depth, bool strict, struct pick *out)
{
	GMimeMultipart *mp;
	struct pick c, html = { NULL, false };
	const char *disp;
	char *type;
	int i, n;
	bool ok;

	if (obj == NULL || depth > MIME_MAX_DEPTH)
		return false;
	if (GMIME_IS_MULTIPART_ENCRYPTED(obj))
		return false;
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		n = g_mime_multipart_get_count(mp);
		if (subtype_is(obj, "related"))
			return pick(related_root(mp), depth + 1, strict, out);
		for (i = 0; i < n; i++) {
			if (!pick(g_mime_multipart_get_part(mp, i), depth + 1, strict, &c))
				continue;
			/* In an alternative text/plain wins wherever it is;
			 * elsewhere the first readable part does. */
			if (!c.html || !subtype_is(obj, "alternative")) {
				*out = c;
				return true;
			}
			if (html.part == NULL)
				html = c;
		}
		if (html.part != NULL)
			*out = html;
		return html.part != NULL;
	}
	if (!GMIME_IS_PART(obj))
		return false; /* an attached message is not this one's body */
	type = _mime_content_type(obj);
	ok = strncmp(type, "text/", 5) == 0;
	out->part = GMIME_PART(obj);
	out->html = strcmp(type, "text/html") == 0;
	if (ok && strict)
		ok = (out->html || strcmp(type, "text/plain") == 0) &&
		    !_mime_part_is_attachment(obj);
	else if (ok) {
		disp = g_mime_object_get_disposition(obj);
		ok = disp == NULL || ascii_strcasecmp(disp, "attachment") != 0;
	}
	free(type);
	return ok;
}

static void
render(struct pick *p, struct mime_message *m, struct mime_warn *w)
{
	GMimeObject *obj = GMIME_OBJECT(p->part);
	const char *charset, *format, *delsp;
	char *bytes, *text;
	size_t len;

	bytes = _mime_part_bytes(p->part, &len);
	charset = g_mime_object_get_content_type_parameter(obj, "charset");
	if (p->html) {
		if (charset != NULL || utf8_valid(bytes, len)) {
			text = _mime_to_utf8(bytes, len, charset, w);
			m->body = _mime_html_render(text, strlen(text), "UTF-8",
			    &m->para_dirs, &m->npara_dirs);
			free(text);
		} else {
			/* Undeclared and not UTF-8: libxml2 reads <meta charset>. */
			m->body = _mime_html_render(bytes, len, NULL, &m->para_dirs,
			    &m->npara_dirs);
		}
		free(bytes);
		return;
	}
	text = unix_lines(_mime_to_utf8(bytes, len, charset, w));
	free(bytes);
	format = g_mime_object_get_content_type_parameter(obj, "format");
	if (format != NULL && ascii_strcasecmp(format, "flowed") == 0) {
		delsp = g_mime_object_get_content_type_parameter(obj, "delsp");
		m->body = mime_unflow(text, delsp != NULL &&
		    ascii_strcasecmp(delsp, "yes") == 0);
		free(text);
	} else
		m->body = text;
}

void
_mime_body(GMimeMessage *msg, struct mime_message *m, struct mime_warn *w)
{
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	GMimeMessage *inner;
	const char *text;
	struct pick p;

	/* A message that is nothing but a forwarded message (Groupwise,
	 * some list software) reads as the message it carries. */
	if (top != NULL && GMIME_IS_MESSAGE_PART(top) &&
	    (inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(top))) != NULL)
		top = g_mime_message_get_mime_part(inner);
	if (pick(top, 0, true, &p) || pick(top, 0, false, &p))
		render(&p, m, w);
	else if (top != NULL && GMIME_IS_MULTIPART(top) &&
	    g_mime_multipart_get_count(GMIME_MULTIPART(top)) == 0 &&
	    (text = g_mime_multipart_get_prologue(GMIME_MULTIPART(top))) != NULL) {
		/* No boundary was found: what GMime kept as the preamble is
		 * all the text there is, and better shown than lost. */
		m->body = unix_lines(_mime_to_utf8(text, strlen(text), NULL, w));
		_mime_warn(w, _("no part of the multipart message was found (a missing "
		    "or wrong boundary); its text is shown as it is"));
	}
}
