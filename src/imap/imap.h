/* imap.h - the one public header of src/imap: an IMAP4rev1 client (RFC 3501, with CONDSTORE/QRESYNC, ESEARCH, SPECIAL-USE). */
#ifndef TETHER_IMAP_H
#define TETHER_IMAP_H

/*
 * Files of this library and their jobs:
 *   parse.c    responses: framing on the wire (lines and literals) and the
 *              parse of one response into a tree of values
 *   utf7.c     modified UTF-7 mailbox names (RFC 3501 5.1.3), both ways
 *   conn.c     the connection: greeting, capabilities, tagged commands,
 *              pipelining, login (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER)
 *   uidset.c   UID sets: ranges, parse and format
 *   util.c     helpers over responses: numbers, FETCH items, codes
 *
 * Nothing here knows the store: src/sync drives these calls and decides
 * what to keep.  Every failure is one sentence; the server's own words are
 * quoted when it refused something.
 */

#include "util/util.h"
#include "net/net.h"

/* The largest literal accepted: larger claims are refused, not allocated. */
#define IMAP_MAX_LITERAL ((size_t)1 << 30)
/* The longest response line (without literals): a hostile server cannot
 * make tether allocate without end. */
#define IMAP_MAX_LINE ((size_t)64 << 20)
/* How deeply lists may nest. */
#define IMAP_MAX_DEPTH 32

/* --- values and responses ------------------------------------------------ */

enum imap_type { IMAP_ATOM, IMAP_STRING, IMAP_NIL, IMAP_LIST };

/*
 * One value of a response.  ATOM and STRING bytes are s[0..len); atoms and
 * quoted strings are also NUL-terminated, literals may hold any byte
 * (including NUL) and point into the response's buffer.  An atom with a
 * section keeps it whole: "BODY[HEADER.FIELDS (SUBJECT)]" is one atom.
 */
struct imap_val {
	enum imap_type type;
	const char *s;
	size_t len;
	bool literal;
	struct imap_val *v;      /* IMAP_LIST: the items */
	size_t n;
};

enum imap_kind { IMAP_UNTAGGED, IMAP_TAGGED, IMAP_CONTINUE };
enum imap_cond { IMAP_COND_NONE, IMAP_OK, IMAP_NO, IMAP_BAD, IMAP_BYE,
	IMAP_PREAUTH };

struct imap_arena;

/*
 * One response.  Status responses (tagged, or untagged OK/NO/BAD/BYE/
 * PREAUTH, and continuations) have cond, code and text; others have name
 * (upper-cased: "CAPABILITY", "FETCH", "EXISTS", "LIST", "SEARCH",
 * "ESEARCH", "VANISHED", "FLAGS", "ENABLED", …), number when the name
 * followed one ("* 5 FETCH"), and the rest of the line in data.
 */
struct imap_resp {
	enum imap_kind kind;
	const char *tag;          /* IMAP_TAGGED */
	enum imap_cond cond;
	struct imap_val code;     /* [CODE args…] as a list; n = 0 when none */
	const char *text;         /* the human text ("" when none) */
	const char *name;
	bool has_number;
	uint32_t number;
	struct imap_val data;     /* a list of the values after name */
	struct imap_arena *arena; /* owned: every pointer above lives here or
	                             in the buffer given to imap_parse */
};

/*
 * Finds the end of the first complete response in buf[0..len): a line, and
 * for each literal announced at a line's end ({N} or {N+}) its N bytes and
 * the line after.  *frame is its length, or 0 when more bytes are needed;
 * then *need (when not 0) is how many more at least.
 * Returns TT_EPROTO for a literal over IMAP_MAX_LITERAL or a line over
 * IMAP_MAX_LINE.
 */
tt_status imap_frame(const char *buf, size_t len, size_t *frame, size_t *need,
    char **cause);
/*
 * Parses one framed response (buf must stay alive and unchanged while r is
 * used: literals point into it).  Garbage is TT_EPROTO with a sentence
 * naming the offset, never a crash.  r must be cleared with
 * imap_resp_clear after a failure too.
 */
tt_status imap_parse(const char *buf, size_t len, struct imap_resp *r,
    char **cause);
void imap_resp_clear(struct imap_resp *r);

/* Whether v is an atom equal to word (ASCII case-insensitive). */
bool imap_is_atom(const struct imap_val *v, const char *word);
/* A number from an atom: TT_OK, or TT_EPROTO when v is not one (or > max). */
tt_status imap_val_number(const struct imap_val *v, uint64_t max, uint64_t *out);
/* A heap copy of a string/atom value ("" for NIL), NUL-terminated. */
char *imap_val_dup(const struct imap_val *v);
/* In a FETCH list (name value name value …), the value of item name, or
 * NULL.  name matches ASCII case-insensitive; "BODY[" matches the first
 * BODY[…] item. */
const struct imap_val *imap_fetch_item(const struct imap_val *list,
    const char *name);
/* The first item of a response code ("UIDVALIDITY", …) when it is word;
 * then *arg is the value after it (or NULL). */
bool imap_code_is(const struct imap_resp *r, const char *word,
    const struct imap_val **arg);

/* An INTERNALDATE ("17-Jul-1996 02:44:25 -0700") as seconds since the
 * epoch; false when it is not one. */
bool imap_internaldate(const struct imap_val *v, time_t *out);
/* A day for SEARCH SINCE ("1-Feb-1994", UTC) into buf of at least 12. */
void imap_search_date(time_t t, char *buf, size_t size);

/* --- modified UTF-7 ------------------------------------------------------ */

/*
 * A mailbox name from the wire (modified UTF-7) as UTF-8.  A name that is
 * not valid modified UTF-7 is returned unchanged (servers do send raw
 * UTF-8 names), so nothing is ever lost.
 */
char *imap_utf7_decode(const char *s);
/* A UTF-8 name as modified UTF-7 for the wire. */
char *imap_utf7_encode(const char *s);

/* --- sequence sets -------------------------------------------------------- */

/* A set of UIDs as sorted, disjoint, non-adjacent ranges. */
struct imap_uidset {
	struct { uint32_t lo, hi; } *r;
	size_t n;
	size_t cap;
};

/* Adds one uid or a range; any order, merged as they come. */
void imap_uidset_add(struct imap_uidset *s, uint32_t lo, uint32_t hi);
/* Parses "1,3:5,9" (also "*" as max_star).  TT_EPROTO on garbage. */
tt_status imap_uidset_parse(struct imap_uidset *s, const char *text,
    size_t len, uint32_t max_star, char **cause);
/* The count of uids in the set. */
uint64_t imap_uidset_count(const struct imap_uidset *s);
bool imap_uidset_has(const struct imap_uidset *s, uint32_t uid);
/* The set as "1,3:5" (heap). */
char *imap_uidset_format(const struct imap_uidset *s);
void imap_uidset_free(struct imap_uidset *s);

/* --- the connection ------------------------------------------------------- */

struct imap;

/* Capabilities tether uses, as bits. */
enum {
	IMAP_CAP_IMAP4REV1 = 1 << 0, IMAP_CAP_IMAP4REV2 = 1 << 1,
	IMAP_CAP_AUTH_PLAIN = 1 << 2, IMAP_CAP_AUTH_XOAUTH2 = 1 << 3,
	IMAP_CAP_AUTH_OAUTHBEARER = 1 << 4, IMAP_CAP_LOGINDISABLED = 1 << 5,
	IMAP_CAP_SASL_IR = 1 << 6, IMAP_CAP_LITERALPLUS = 1 << 7,
	IMAP_CAP_ENABLE = 1 << 8, IMAP_CAP_CONDSTORE = 1 << 9,
	IMAP_CAP_QRESYNC = 1 << 10, IMAP_CAP_ESEARCH = 1 << 11,
	IMAP_CAP_SPECIAL_USE = 1 << 12, IMAP_CAP_LIST_EXTENDED = 1 << 13,
	IMAP_CAP_IDLE = 1 << 14, IMAP_CAP_MOVE = 1 << 15,
	IMAP_CAP_UIDPLUS = 1 << 16, IMAP_CAP_LITERALMINUS = 1 << 17,
	IMAP_CAP_GMAIL = 1 << 18
};

/*
 * Called for every untagged response that arrives while a command runs
 * (r is only valid during the call).  A failure stops the command.
 */
typedef tt_status (*imap_untagged_fn)(void *arg, const struct imap_resp *r,
    char **cause);

/* Connects (net_connect_tls), reads the greeting and learns the
 * capabilities.  A BYE greeting is TT_ENET with the server's words. */
tt_status imap_connect(const struct net_tls_opts *tls, struct imap **out,
    char **cause);
/* The capability bits (after login they are asked again). */
unsigned imap_caps(const struct imap *im);
/* Whether the server is authenticated already (PREAUTH or a login). */
bool imap_authenticated(const struct imap *im);

/* How to log in: token set means OAuth (XOAUTH2 or OAUTHBEARER). */
struct imap_login {
	const char *user;
	const char *password;
	const char *token;
	const char *host;         /* for OAUTHBEARER's host field */
	int port;
};
/*
 * Logs in: AUTHENTICATE PLAIN (UTF-8) when offered, else LOGIN (refused
 * with a sentence when the password is not ASCII, CONN-26); with a token,
 * XOAUTH2 or OAUTHBEARER.  Then asks the capabilities again.  A refusal
 * is TT_EAUTH with the server's words and the hints of CONN-14/15.
 */
tt_status imap_login(struct imap *im, const struct imap_login *how,
    char **cause);

/*
 * Sends one command (tag added; the format takes %s, %u, %lu, %llu, %d and
 * %q for a string sent quoted or as a literal as needed).  *tag receives the
 * tag number for imap_wait.  Several may be sent before waiting
 * (pipelining): completions arrive in order.
 */
tt_status imap_send(struct imap *im, unsigned *tag, char **cause,
    const char *fmt, ...);
/*
 * Reads responses until the completion of tag, handing untagged ones to fn
 * (may be NULL), and the completion itself when it is OK (its code may
 * carry data: COPYUID, …).  A NO or BAD completion is TT_EPROTO (or TT_ENOTFOUND
 * for [NONEXISTENT], TT_EPERM for [NOPERM]) with the server's text; *done
 * (may be NULL) gets the completion's condition and code.
 */
tt_status imap_wait(struct imap *im, unsigned tag, imap_untagged_fn fn,
    void *arg, enum imap_cond *done, char **cause);
/* imap_send then imap_wait. */
tt_status imap_command(struct imap *im, imap_untagged_fn fn, void *arg,
    char **cause, const char *fmt, ...);

/*
 * IDLE: imap_idle_start sends it and returns once the server idles
 * (untagged data before that goes to fn); imap_idle_wait waits up to
 * timeout_ms for the server's news (handed to fn), or for wake_fd (-1:
 * none) to become readable; imap_idle_done ends it.
 */
enum imap_wake { IMAP_WAKE_TIMEOUT, IMAP_WAKE_SERVER, IMAP_WAKE_FD };
tt_status imap_idle_start(struct imap *im, unsigned *tag, imap_untagged_fn fn,
    void *arg, char **cause);
tt_status imap_idle_wait(struct imap *im, int wake_fd, int timeout_ms,
    imap_untagged_fn fn, void *arg, enum imap_wake *why, char **cause);
tt_status imap_idle_done(struct imap *im, unsigned tag, imap_untagged_fn fn,
    void *arg, char **cause);

/* The server's certificate, as net_peer_info tells it. */
void imap_cert_info(const struct imap *im, struct net_cert_info *info);

/* The raw bytes written and read so far (for progress and the bench). */
uint64_t imap_bytes_in(const struct imap *im);

/* LOGOUT (best effort) and close. */
void imap_close(struct imap **im);

#endif
