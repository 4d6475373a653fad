/* compose.h - drafts into RFC 5322 messages: new mail, replies and forwards that thread, flowed text, a small markup into HTML, attachments. */
#ifndef TETHER_COMPOSE_H
#define TETHER_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/util.h"

/*
 * The compose layer knows nothing of sockets or of the store's tables: it
 * turns a struct draft into bytes (compose_build), and a stored message
 * into a reply or forward draft (compose_reply).  GMime writes the MIME:
 * RFC 2047 words only where a header needs them, RFC 2231 file names,
 * quoted-printable or base64 as the content asks.
 */

enum compose_mode {
	COMPOSE_NEW,
	COMPOSE_REPLY,          /* to the Reply-To, else the From */
	COMPOSE_REPLY_ALL,      /* and every To and Cc but the user's own */
	COMPOSE_FORWARD,        /* the original quoted inline, its files kept */
	COMPOSE_FORWARD_ATTACH, /* the original as a message/rfc822 part */
};

struct compose_attachment {
	char *path;             /* owned: the file to read, or NULL with data */
	char *data;             /* owned: the bytes when path is NULL */
	size_t len;
	char *name;             /* owned: the name the recipient sees */
	char *type;             /* owned: "type/subtype", NULL to guess by name */
	bool inline_image;      /* shown in the HTML by ![alt](name), sent as a
	                           multipart/related part with a Content-ID */
	bool message;           /* a whole message (forward as attachment):
	                           sent as message/rfc822 */
};

struct draft {
	char *from_name;        /* owned; the account's sender name, or NULL */
	char *from_email;       /* owned; required */
	char *to, *cc, *bcc;    /* owned; address lists as typed, or NULL */
	char *subject;          /* owned, or NULL */
	char *body;             /* owned: UTF-8, "\n" line ends, the markup of
	                           compose_markup_used() */
	struct compose_attachment *atts; /* owned */
	size_t natts;
	char *in_reply_to;      /* owned: a Message-Id without <>, or NULL */
	char **refs;            /* owned: References, oldest first, without <> */
	size_t nrefs;
	bool draft_copy;        /* for the Drafts folder: no recipient needed */
};

/* Frees every field and zeroes the draft. */
void draft_clear(struct draft *d);
/* References as stored in a draft row: space-separated ids (heap, NULL
 * when none), and back into d->refs (appended). */
char *draft_refs_text(const struct draft *d);
void draft_set_refs(struct draft *d, const char *text);
/* Adds a copy of an attachment (the strings and data are copied). */
void draft_add_attachment(struct draft *d, const struct compose_attachment *a);

/* A built message. */
struct compose_out {
	char *raw;              /* owned: the message, CRLF line ends */
	size_t len;
	char *message_id;       /* owned: without <> */
	char **rcpts;           /* owned: envelope recipients (To, Cc, Bcc) */
	size_t nrcpts;
	bool html;              /* a text/html alternative was made */
};

void compose_out_clear(struct compose_out *o);

/*
 * Builds the message of d dated now (UTC seconds, shown in the local
 * zone).  The Message-Id is new and random, in the domain of from_email
 * (THR-02); Bcc is never written, only added to rcpts.  The body goes as
 * format=flowed text/plain; when compose_markup_used() says the user
 * formatted it, also as text/html in a multipart/alternative, with
 * dir="rtl" on right-to-left paragraphs.  Inline images go into a
 * multipart/related, other files into a multipart/mixed.
 * Returns TT_OK, or TT_EINVAL (no recipient, a bad address, a header
 * with a line break) or TT_EIO (an attachment cannot be read) with one
 * sentence in *cause.
 */
tt_status compose_build(const struct draft *d, time_t now, struct compose_out *out,
    char **cause);

/*
 * A whole message from elsewhere (tether send FILE) made ready to leave:
 * the envelope from To, Cc and Bcc, Bcc removed from the bytes, a Date
 * and a Message-Id added when missing, CRLF lines.  from gets the From
 * address (NULL when none).
 * Returns TT_OK or TT_EINVAL (not a message, no recipient).
 */
tt_status compose_prepare(const char *raw, size_t len, time_t now,
    const char *fallback_from, struct compose_out *out, char **cause);

/* Whether the body uses the markup: "# " headings, "- "/"* "/"1. " lists,
 * **bold**, *bold*, _italic_, [text](url) links or ![alt](image). */
bool compose_markup_used(const char *body);
/* The HTML of a body written in the markup: escaped, paragraphs with
 * dir="rtl" where their first strong character is right-to-left. */
char *compose_markup_html(const char *body);
/* The body as format=flowed lines (RFC 3676): lines over 76 columns
 * broken after a space, trailing spaces of hard breaks removed,
 * space-stuffing where needed; "\n" ends. */
char *compose_flowed(const char *body);

/*
 * Fills d (which must be empty) to answer or forward the parsed original:
 * raw is the original's bytes.  own[] are the user's addresses, left out
 * of a reply-all; from_name/from_email are the account's.  Replies quote
 * the original under an attribution line; the Subject gets "Re: " or
 * "Fwd: " once.  In-Reply-To and References follow THR-03.
 * Returns TT_OK or TT_EINVAL (the original does not parse).
 */
tt_status compose_reply(const char *raw, size_t len, enum compose_mode mode,
    const char *const *own, size_t nown, const char *from_name,
    const char *from_email, struct draft *d, char **cause);

/*
 * Smart fields (behaviours.md §3): {{entity.field}} and
 * {{entity.field|fallback}}, names ASCII and without case.  lookup gives
 * a field's value (NULL or "" when the context has none) and sets *known
 * to false for a field that does not exist at all.
 */
typedef const char *(*compose_lookup_fn)(void *arg, const char *entity,
    const char *field, bool *known);

/* What an expansion could not fill. */
struct compose_missing {
	char **empty;           /* owned: tokens with no value and no fallback
	                           (CMP-12: sending them needs confirmation) */
	size_t nempty;
	char **unknown;         /* owned: tokens that name no field (kept as
	                           typed) */
	size_t nunknown;
	bool keep_empty;        /* set by the caller: a field with no value
	                           stays a token (the interface asks at
	                           sending) instead of becoming "" */
};

void compose_missing_clear(struct compose_missing *m);
/*
 * text with every smart field replaced by its value (or its fallback, or
 * nothing); unknown tokens stay as they are.  Each token is listed once
 * in *missing (may be NULL).  Values are inserted as text: the HTML part
 * escapes them like the rest.  Heap.
 */
char *compose_fields_expand(const char *text, compose_lookup_fn lookup,
    void *arg, struct compose_missing *missing);
/* "[Person first name]" labels of imported templates in the canonical
 * {{person.first_name}} form (ambiguity 25); other brackets stay.  Heap. */
char *compose_fields_from_labels(const char *text);

struct store;
/*
 * Puts a built message of account (its name and address) into the
 * outbox, to leave at send_at (0: now) and, once sent, to link its new
 * thread to the item (NULLs: none).  *id gets the row.
 */
tt_status compose_queue(struct store *st, const char *account, const char *email,
    const struct compose_out *msg, time_t send_at, const char *item_type,
    const char *item_id, int64_t *id, char **cause);
/* A send-later time: "YYYY-MM-DD HH:MM" in the local zone, the same with
 * T and a final Z for UTC, or "+N" with m, h or d from now. */
bool compose_parse_when(const char *s, time_t now, time_t *out);

/* A MIME type for a file name by its extension, "application/octet-stream"
 * when unknown. */
const char *compose_guess_type(const char *name);

#endif
