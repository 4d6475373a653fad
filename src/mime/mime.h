/* mime.h - the one public header of src/mime: RFC 5322/MIME messages parsed with GMime into plain UTF-8 fields. */
#ifndef TETHER_MIME_H
#define TETHER_MIME_H

/*
 * Files of this library and their jobs:
 *   parse.c      a whole message: headers, addresses, date, ids, body, attachments
 *   header.c     header words to UTF-8 (RFC 2047, raw 8-bit with a fallback)
 *   address.c    address lists into name + email
 *   msgid.c      Message-Id normalisation; In-Reply-To/References, tolerant
 *   date.c       Date header to UTC
 *   body.c       the readable text: text/plain preferred, charsets, format=flowed
 *   html.c       HTML to text with libxml2 (paragraphs, lists, links, dir)
 *   snippet.c    the ≤ 225-character preview (THR-10)
 *   attach.c     the attachment list and the bytes of one attachment
 *
 * Every string this library returns is valid UTF-8 (invalid bytes become
 * U+FFFD), owned by the struct that holds it.  No function here prints.
 * mime_init() must be called once before any other function (it sets up
 * GMime); mime_shutdown() at exit.
 */

#include "util/util.h"

/* The longest preview (THR-10), in characters (code points). */
#define MIME_SNIPPET_MAX 225
/* At most this many references are kept: the newest, in oldest-first order. */
#define MIME_REFS_MAX 2000

void mime_init(void);
void mime_shutdown(void);

/* One participant: name may be "" ; email has its domain lower-cased. */
struct mime_addr {
	char *name;   /* owned, "" when none */
	char *email;  /* owned; local part as written, domain lower case */
};

struct mime_addrlist {
	struct mime_addr *v; /* owned */
	size_t n;
};

struct mime_attachment {
	char *filename;       /* owned; decoded (RFC 2231/2047), "" when none */
	char *content_type;   /* owned; "type/subtype", lower case */
	uint64_t size;        /* decoded bytes */
	char *content_id;     /* owned; without <>, or NULL */
	bool is_inline;       /* Content-Disposition inline (or a cid: image) */
};

/* Paragraph direction carried over from HTML dir="" attributes. */
enum mime_dir { MIME_DIR_AUTO, MIME_DIR_LTR, MIME_DIR_RTL };

struct mime_message {
	char *message_id;          /* owned; without <>, never NULL */
	bool message_id_synthetic; /* missing: made from a hash of the bytes */
	char *in_reply_to;         /* owned; first id of In-Reply-To, or NULL */
	char **refs;               /* owned; References then In-Reply-To ids,
	                              oldest first, deduplicated, own id excluded */
	size_t nrefs;
	char *subject;             /* owned; "" when none */
	struct mime_addrlist from, sender, reply_to, to, cc, bcc;
	time_t date;               /* UTC seconds */
	bool date_flagged;         /* Date missing or broken: date is the fallback */
	char *body;                /* owned; readable text, "\n" line ends */
	enum mime_dir *para_dirs;  /* owned; one per paragraph of body (paragraphs
	                              are separated by blank lines), or NULL when
	                              the body came from text/plain */
	size_t npara_dirs;
	char *snippet;             /* owned; at most MIME_SNIPPET_MAX characters */
	struct mime_attachment *atts; /* owned */
	size_t natts;
	bool has_attachments;      /* a non-inline attachment is present */
	char *content_hash;        /* owned; hex SHA-256 of the raw bytes */
	char *warning;             /* owned; a non-fatal problem met, or NULL */
};

/*
 * Parses raw message bytes.  fallback_date is used (and date_flagged set)
 * when the Date header is missing or unparseable: pass the server's
 * INTERNALDATE, or the import time.  Never fails on malformed mail: whatever
 * GMime can read is used and the rest becomes `warning`.
 * Returns TT_OK, or TT_EINVAL when the bytes are not a message at all (empty,
 * no header block), with the reason in *cause.
 */
tt_status mime_parse(const char *raw, size_t len, time_t fallback_date,
    struct mime_message **out, char **cause);
void mime_message_free(struct mime_message **msg);

/* The hex SHA-256 of the bytes (as in mime_message.content_hash). */
char *mime_content_hash(const char *raw, size_t len);

/* Header text (unfolded or not) to UTF-8: RFC 2047 words decoded, raw
 * 8-bit bytes read as UTF-8 or else windows-1252; whitespace runs kept. */
char *mime_decode_header(const char *raw);

/* Parses an address list header value (raw, may hold RFC 2047 words). */
void mime_parse_addresses(const char *raw, struct mime_addrlist *out);
void mime_addrlist_clear(struct mime_addrlist *list);

/* A Message-Id value without <>, comments or surrounding space; NULL when
 * nothing usable is left. */
char *mime_normalize_msgid(const char *raw);

/*
 * Every message id in a References or In-Reply-To value, in order, without
 * <>, deduplicated, at most max (the last max are kept: the newest matter
 * most).  Tolerates garbage between ids, ids without brackets (a bare
 * word with an @), quoted phrases, comments.  Returns the count.
 */
size_t mime_parse_refs(const char *raw, size_t max, char ***ids);
void mime_free_strv(char **v, size_t n);

/* A Date header value to UTC; false when it cannot be read. */
bool mime_parse_date(const char *raw, time_t *out);

/* HTML to readable text; dirs/ndirs receive one direction per paragraph. */
char *mime_html_to_text(const char *html, size_t len, enum mime_dir **dirs,
    size_t *ndirs);

/* Undoes format=flowed (RFC 3676); delsp removes the space before a break. */
char *mime_unflow(const char *text, bool delsp);

/* The preview of a body: quoted lines skipped, whitespace collapsed. */
char *mime_snippet(const char *body);

/*
 * The decoded bytes of attachment number index (0-based, in the order of
 * mime_message.atts) of the raw message.
 * Returns TT_OK, TT_ENOTFOUND (no such attachment) or TT_EINVAL.
 */
tt_status mime_attachment_bytes(const char *raw, size_t len, size_t index,
    char **data, size_t *size, char **cause);

#endif
