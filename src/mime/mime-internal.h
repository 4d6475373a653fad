/* mime-internal.h - helpers shared by the files of src/mime, not for other layers. */
#ifndef TETHER_MIME_INTERNAL_H
#define TETHER_MIME_INTERNAL_H

#include <gmime/gmime.h>

#include "mime/mime.h"

/* Deeper MIME nesting than this is not walked: no real mail needs it, and
 * hostile mail must not cost a deep recursion. */
#define MIME_MAX_DEPTH 50
/* Addresses beyond this many in one header are dropped. */
#define MIME_ADDRS_MAX 10000
/* A message id longer than a header line can be is not an id. */
#define MIME_MSGID_MAX 998
/* Longer charset names are not looked up (IANA's longest is 45). */
#define MIME_CHARSET_MAX 64
/* At most this many problems are reported in mime_message.warning. */
#define MIME_WARN_MAX 5

/*
 * Grows a vector that holds n elements so one more fits: capacity doubles
 * at each power of two, so appending n elements copies O(n) in all.
 */
#define MIME_GROW(v, n) \
	do { \
		if (((n) & ((n) - 1)) == 0) \
			(v) = xreallocarray((v), (n) == 0 ? 1 : 2 * (n), sizeof *(v)); \
	} while (0)

/* Collects the non-fatal problems of one parse. */
struct mime_warn {
	struct buf text; /* "; "-separated sentences */
	unsigned n;
};

/* The parser options every parse uses (loose, UTF-8 then windows-1252
 * fallback); calls mime_init() when needed. */
GMimeParserOptions *_mime_options(void);

/* Appends a problem (translated by the caller) unless MIME_WARN_MAX are
 * already recorded or the same sentence is. */
void _mime_warn(struct mime_warn *w, const char *fmt, ...) TT_PRINTF(2, 3);

/*
 * A copy of raw message or header bytes with every encoded word and RFC
 * 2231 parameter whose charset name is too long to be real broken up, or
 * NULL when there is none (the usual case): GMime copies charset names
 * onto the stack, and a megabyte-long one would overflow it.
 */
char *_mime_defuse(const char *s, size_t len);

/* A short, printable, valid UTF-8 copy of untrusted text for a message. */
char *_mime_quote(const char *s);

/* A valid UTF-8 copy of s ("" for NULL). */
char *_mime_utf8(const char *s);

/*
 * Finds the first header line ("Name:") of the header block.  Returns false
 * when there is none, which means the bytes are not a message.
 */
bool _mime_find_headers(const char *raw, size_t len, size_t *start);

/*
 * Parses raw bytes with GMime.  Returns TT_EINVAL (with *cause) when they
 * are not a message at all; otherwise TT_OK, with *msg NULL (and a
 * warning) when GMime could not read even that much.
 */
tt_status _mime_parse_message(const char *raw, size_t len, GMimeMessage **msg,
    struct mime_warn *w, char **cause);

/* The first header of that name on obj, undecoded, or NULL. */
const char *_mime_raw_header(GMimeObject *obj, const char *name);

/* Adds the addresses of a header value to out (at most MIME_ADDRS_MAX in
 * all); mime_parse_addresses is this on an empty list. */
void _mime_append_addresses(const char *raw, struct mime_addrlist *out);

/* "type/subtype" of a part, lower case, owned by the caller. */
char *_mime_content_type(GMimeObject *obj);

/* Whether a leaf part counts as an attachment (see attach.c). */
bool _mime_part_is_attachment(GMimeObject *obj);

/* The content-transfer-decoded bytes of a leaf part, NUL-terminated. */
char *_mime_part_bytes(GMimePart *part, size_t *len);

/*
 * Bytes in charset (NULL: undeclared) to valid UTF-8.  Unknown charsets and
 * bytes invalid in the declared one are read as UTF-8 when valid, else as
 * windows-1252, and the problem goes to w (which may be NULL).
 */
char *_mime_to_utf8(const char *bytes, size_t len, const char *charset,
    struct mime_warn *w);

/* The readable body of msg into m->body (and m->para_dirs for HTML). */
void _mime_body(GMimeMessage *msg, struct mime_message *m, struct mime_warn *w);

/* The attachment list of msg into m->atts, m->natts, m->has_attachments. */
void _mime_attachments(GMimeMessage *msg, struct mime_message *m,
    struct mime_warn *w);

/* HTML (in encoding, or sniffed by libxml2 when NULL) to text. */
char *_mime_html_render(const char *html, size_t len, const char *encoding,
    enum mime_dir **dirs, size_t *ndirs);

/* Past a "quoted string" / a (comment) that starts at p, within [p, end). */
const char *_mime_skip_quoted(const char *p, const char *end);
const char *_mime_skip_comment(const char *p, const char *end);

#endif
