/* test-imap.c - unit tests of src/imap: framing and parsing of responses (RFC 3501/9051 examples and hostile input), modified UTF-7, UID sets. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "imap/imap.h"

/* A byte string and its length, so tables may hold NUL bytes. */
#define S(x) x, sizeof(x) - 1

/* --- helpers ---------------------------------------------------------------- */

/* Appends bytes with everything outside printable ASCII, '"' and '\' escaped. */
static void
add_escaped(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '"' || p[i] == '\\')
			buf_addf(b, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] > 0x7e)
			buf_addf(b, "\\x%02x", p[i]);
		else
			buf_addc(b, (char)p[i]);
	}
}

/*
 * A value as text: atoms bare, quoted strings "…", literals {N}"…", NIL as
 * <NIL>, lists (…).  Bytes outside printable ASCII are \xHH.
 */
static void
add_val(struct buf *b, const struct imap_val *v)
{
	const unsigned char *p;
	size_t i;

	switch (v->type) {
	case IMAP_ATOM:
		p = (const unsigned char *)v->s;
		for (i = 0; i < v->len; i++) {
			if (p[i] < 0x20 || p[i] > 0x7e)
				buf_addf(b, "\\x%02x", p[i]);
			else
				buf_addc(b, (char)p[i]);
		}
		break;
	case IMAP_STRING:
		if (v->literal)
			buf_addf(b, "{%zu}", v->len);
		buf_addc(b, '"');
		add_escaped(b, v->s, v->len);
		buf_addc(b, '"');
		break;
	case IMAP_NIL:
		buf_adds(b, "<NIL>");
		break;
	case IMAP_LIST:
		buf_addc(b, '(');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_addc(b, ' ');
			add_val(b, &v->v[i]);
		}
		buf_addc(b, ')');
		break;
	default:
		buf_adds(b, "<BAD TYPE>");
	}
}

static const char *
cond_name(enum imap_cond c)
{
	switch (c) {
	case IMAP_OK: return "OK";
	case IMAP_NO: return "NO";
	case IMAP_BAD: return "BAD";
	case IMAP_BYE: return "BYE";
	case IMAP_PREAUTH: return "PREAUTH";
	default: return "NONE";
	}
}

/*
 * A response as one line of text:
 *   status:        "* OK [CODE arg] text=\"…\"", "A1 NO text=\"…\"", "+ text=\"…\""
 *   other untagged: "* 12 FETCH (…)" — number (if any), name, data items.
 */
static char *
describe(const struct imap_resp *r)
{
	struct buf b = BUF_INIT;
	size_t i;

	switch (r->kind) {
	case IMAP_TAGGED:
		buf_adds(&b, r->tag != NULL ? r->tag : "(null)");
		break;
	case IMAP_UNTAGGED:
		buf_addc(&b, '*');
		break;
	case IMAP_CONTINUE:
		buf_addc(&b, '+');
		break;
	default:
		buf_adds(&b, "<BAD KIND>");
	}
	if (r->kind != IMAP_UNTAGGED || r->cond != IMAP_COND_NONE) {
		if (r->kind != IMAP_CONTINUE)
			buf_addf(&b, " %s", cond_name(r->cond));
		if (r->code.n > 0) {
			buf_adds(&b, " [");
			for (i = 0; i < r->code.n; i++) {
				if (i > 0)
					buf_addc(&b, ' ');
				add_val(&b, &r->code.v[i]);
			}
			buf_addc(&b, ']');
		}
		buf_adds(&b, " text=\"");
		if (r->text == NULL)
			buf_adds(&b, "(null)");
		else
			add_escaped(&b, r->text, strlen(r->text));
		buf_addc(&b, '"');
		return buf_detach(&b);
	}
	if (r->has_number)
		buf_addf(&b, " %lu", (unsigned long)r->number);
	buf_addf(&b, " %s", r->name != NULL ? r->name : "(null)");
	if (r->data.type == IMAP_LIST) {
		for (i = 0; i < r->data.n; i++) {
			buf_addc(&b, ' ');
			add_val(&b, &r->data.v[i]);
		}
	} else
		buf_adds(&b, " <DATA NOT A LIST>");
	return buf_detach(&b);
}

/*
 * The promises of struct imap_val: atoms and quoted strings end in NUL,
 * literals point into the buffer given to imap_parse, lists hold items.
 */
static bool
val_sane(const struct imap_val *v, const char *buf, size_t len, int depth)
{
	size_t i;

	if (depth > IMAP_MAX_DEPTH + 2)
		return false;
	switch (v->type) {
	case IMAP_ATOM:
	case IMAP_STRING:
		if (v->s == NULL)
			return false;
		if (v->literal)
			return v->type == IMAP_STRING && v->s >= buf &&
			    v->len <= len && v->s + v->len <= buf + len;
		return v->s[v->len] == '\0' && (v->type != IMAP_ATOM || v->len > 0);
	case IMAP_NIL:
		return true;
	case IMAP_LIST:
		if (v->n > 0 && v->v == NULL)
			return false;
		for (i = 0; i < v->n; i++)
			if (!val_sane(&v->v[i], buf, len, depth + 1))
				return false;
		return true;
	}
	return false;
}

/* Parses bytes copied into a buffer of exactly their size (so a read past
 * the end is caught by ASan); *copy is kept for literals. */
static tt_status
parse_copy(const char *in, size_t len, char **copy, struct imap_resp *r,
    char **cause)
{
	*copy = xmalloc(len > 0 ? len : 1);
	memcpy(*copy, in, len);
	memset(r, 0, sizeof *r);
	return imap_parse(*copy, len, r, cause);
}

/*
 * Frames then parses: "NEED" when imap_frame wants more, "EPROTO" when
 * either step refuses, else the description.  A frame shorter than the
 * input is parsed as it is (a raw CRLF inside a quoted string ends the
 * line there) and reported with a "+rest" suffix.
 */
static char *
frame_and_parse(const char *in, size_t len, char **cause_out)
{
	struct imap_resp r;
	size_t frame = 0, need = 0;
	char *copy, *cause = NULL, *d;
	tt_status st;

	*cause_out = NULL;
	st = imap_frame(in, len, &frame, &need, &cause);
	if (st != TT_OK) {
		*cause_out = cause;
		return xstrdup(st == TT_EPROTO ? "EPROTO" : "OTHER ERROR");
	}
	if (frame == 0)
		return xstrdup("NEED");
	if (frame > len)
		return xstrdup("FRAME PAST THE INPUT");
	st = parse_copy(in, frame, &copy, &r, &cause);
	if (st != TT_OK) {
		imap_resp_clear(&r);    /* a failure may leave what it built */
		free(copy);
		*cause_out = cause;
		return xstrdup(st == TT_EPROTO ? "EPROTO" : "OTHER ERROR");
	}
	if (!val_sane(&r.data, copy, frame, 0) || !val_sane(&r.code, copy, frame, 0))
		d = xstrdup("VALUES BREAK THEIR PROMISES");
	else
		d = describe(&r);
	if (frame < len) {
		char *t = xasprintf("%s +rest", d);
		free(d);
		d = t;
	}
	imap_resp_clear(&r);
	free(copy);
	return d;
}

/* --- responses that parse ----------------------------------------------------- */

static void
test_parse_valid(void)
{
	static const struct { const char *in; size_t len; const char *want; } cases[] = {
		/* Greetings and untagged status (RFC 3501 7.1, RFC 9051 7.1). */
		{ S("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
		    "LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n"),
		  "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
		  "LITERAL+ AUTH=PLAIN] text=\"Dovecot ready.\"" },
		{ S("* OK IMAP4rev1 Service Ready\r\n"),
		  "* OK text=\"IMAP4rev1 Service Ready\"" },
		{ S("* PREAUTH IMAP4rev1 server logged in as Smith\r\n"),
		  "* PREAUTH text=\"IMAP4rev1 server logged in as Smith\"" },
		{ S("* BYE bye\r\n"), "* BYE text=\"bye\"" },
		{ S("* BYE Autologout; idle for too long\r\n"),
		  "* BYE text=\"Autologout; idle for too long\"" },
		{ S("* NO [ALERT] Disk is 98% full, please delete unnecessary data\r\n"),
		  "* NO [ALERT] text=\"Disk is 98% full, please delete unnecessary data\"" },
		{ S("* BAD Empty command line\r\n"), "* BAD text=\"Empty command line\"" },
		{ S("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"),
		  "* OK [UIDVALIDITY 3857529045] text=\"UIDs valid\"" },
		{ S("* OK [UIDNEXT 4392] Predicted next UID\r\n"),
		  "* OK [UIDNEXT 4392] text=\"Predicted next UID\"" },
		{ S("* OK [UNSEEN 12] Message 12 is first unseen\r\n"),
		  "* OK [UNSEEN 12] text=\"Message 12 is first unseen\"" },
		{ S("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"),
		  "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] text=\"Limited\"" },
		{ S("* OK [HIGHESTMODSEQ 715194045007] Highest\r\n"),
		  "* OK [HIGHESTMODSEQ 715194045007] text=\"Highest\"" },
		{ S("* OK the [x] is not a code\r\n"),
		  "* OK text=\"the [x] is not a code\"" },
		{ S("* ok [uidvalidity 1] lower case\r\n"),
		  "* OK [uidvalidity 1] text=\"lower case\"" },
		/* Tagged completions. */
		{ S("A001 OK [READ-WRITE] SELECT completed\r\n"),
		  "A001 OK [READ-WRITE] text=\"SELECT completed\"" },
		{ S("A002 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n"),
		  "A002 NO [AUTHENTICATIONFAILED] text=\"Invalid credentials\"" },
		{ S("A003 BAD Command unknown or arguments invalid\r\n"),
		  "A003 BAD text=\"Command unknown or arguments invalid\"" },
		{ S("A004 OK [APPENDUID 38505 3955] APPEND completed\r\n"),
		  "A004 OK [APPENDUID 38505 3955] text=\"APPEND completed\"" },
		{ S("A005 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n"),
		  "A005 OK [COPYUID 38505 304,319:320 3956:3958] text=\"Done\"" },
		{ S("a.b-7 ok done\r\n"), "a.b-7 OK text=\"done\"" },
		{ S("A006 OK\r\n"), "A006 OK text=\"\"" },
		/* Continuation requests. */
		{ S("+ \r\n"), "+ text=\"\"" },
		{ S("+ base64==\r\n"), "+ text=\"base64==\"" },
		{ S("+ Ready for additional command text\r\n"),
		  "+ text=\"Ready for additional command text\"" },
		/* Untagged data. */
		{ S("* 23 EXISTS\r\n"), "* 23 EXISTS" },
		{ S("* 5 RECENT\r\n"), "* 5 RECENT" },
		{ S("* 44 EXPUNGE\r\n"), "* 44 EXPUNGE" },
		{ S("* 4 exists\r\n"), "* 4 EXISTS" },
		{ S("* 4294967295 EXISTS\r\n"), "* 4294967295 EXISTS" },
		{ S("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n"),
		  "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED" },
		{ S("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"),
		  "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)" },
		{ S("* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"),
		  "* LIST (\\HasNoChildren \\Sent) \"/\" Sent" },
		{ S("* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n"),
		  "* LIST (\\Noselect) \"/\" ~/Mail/foo" },
		{ S("* LIST (\\HasNoChildren) \"/\" \"[Gmail]/Sent Mail\"\r\n"),
		  "* LIST (\\HasNoChildren) \"/\" \"[Gmail]/Sent Mail\"" },
		{ S("* LIST () \"/\" [Gmail]/Drafts\r\n"),
		  "* LIST () \"/\" [Gmail]/Drafts" },
		{ S("* LIST (\\HasNoChildren) NIL INBOX\r\n"),
		  "* LIST (\\HasNoChildren) <NIL> INBOX" },
		{ S("* LIST () nil INBOX\r\n"), "* LIST () <NIL> INBOX" },
		{ S("* LIST () \"/\" \"NIL\"\r\n"), "* LIST () \"/\" \"NIL\"" },
		{ S("* LIST (\\HasNoChildren) \".\" INBOX.&AOQ-\r\n"),
		  "* LIST (\\HasNoChildren) \".\" INBOX.&AOQ-" },
		{ S("* LIST () \"/\" {12}\r\nfoo\"bar baz \r\n"),
		  "* LIST () \"/\" {12}\"foo\\\"bar baz \"" },
		{ S("* LIST () \"/\" \"a\\\"b\\\\c\"\r\n"),
		  "* LIST () \"/\" \"a\\\"b\\\\c\"" },
		{ S("* LIST () \"/\" \"\"\r\n"), "* LIST () \"/\" \"\"" },
		{ S("* LIST () \"/\" \"Entw\xc3\xbc" "rfe\"\r\n"),
		  "* LIST () \"/\" \"Entw\\xc3\\xbcrfe\"" },
		{ S("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n"),
		  "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)" },
		{ S("* STATUS \"Sent Items\" (MESSAGES 3 HIGHESTMODSEQ 7011231777)\r\n"),
		  "* STATUS \"Sent Items\" (MESSAGES 3 HIGHESTMODSEQ 7011231777)" },
		{ S("* SEARCH 2 84 882\r\n"), "* SEARCH 2 84 882" },
		{ S("* SEARCH\r\n"), "* SEARCH" },
		{ S("* ESEARCH (TAG \"A282\") UID ALL 2,10:11\r\n"),
		  "* ESEARCH (TAG \"A282\") UID ALL 2,10:11" },
		{ S("* ESEARCH (TAG \"A283\") UID MIN 2 MAX 11 COUNT 3\r\n"),
		  "* ESEARCH (TAG \"A283\") UID MIN 2 MAX 11 COUNT 3" },
		{ S("* VANISHED (EARLIER) 41,43:116\r\n"),
		  "* VANISHED (EARLIER) 41,43:116" },
		{ S("* VANISHED 405,407,410\r\n"), "* VANISHED 405,407,410" },
		{ S("* ENABLED CONDSTORE QRESYNC\r\n"), "* ENABLED CONDSTORE QRESYNC" },
		{ S("* ID (\"name\" \"Dovecot\" \"version\" NIL)\r\n"),
		  "* ID (\"name\" \"Dovecot\" \"version\" <NIL>)" },
		/* FETCH: items, sections kept whole, literals, nested lists. */
		{ S("* 12 FETCH (UID 42 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
		    "RFC822.SIZE 4286 BODY[HEADER.FIELDS (SUBJECT FROM)] {38}\r\n"
		    "Subject: hi\r\nFrom: ann@example.com\r\n\r\n)\r\n"),
		  "* 12 FETCH (UID 42 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
		  "RFC822.SIZE 4286 BODY[HEADER.FIELDS (SUBJECT FROM)] "
		  "{38}\"Subject: hi\\x0d\\x0aFrom: ann@example.com\\x0d\\x0a\\x0d\\x0a\")" },
		{ S("* 1 FETCH (FLAGS ())\r\n"), "* 1 FETCH (FLAGS ())" },
		{ S("* 1 FETCH (UID 5 MODSEQ (624140003))\r\n"),
		  "* 1 FETCH (UID 5 MODSEQ (624140003))" },
		{ S("* 3 FETCH (BODY[] {6}\r\n\xd7\xa9\x00\xff\r\n)\r\n"),
		  "* 3 FETCH (BODY[] {6}\"\\xd7\\xa9\\x00\\xff\\x0d\\x0a\")" },
		{ S("* 3 FETCH (BODY[]<0> {0}\r\n)\r\n"),
		  "* 3 FETCH (BODY[]<0> {0}\"\")" },
		{ S("* 4 FETCH (BODY[1] {3}\r\nabc BODY[2] {2}\r\nde)\r\n"),
		  "* 4 FETCH (BODY[1] {3}\"abc\" BODY[2] {2}\"de\")" },
		{ S("* 5 FETCH (BODY[TEXT] {7}\r\nx {5}\r\n)\r\n"),
		  "* 5 FETCH (BODY[TEXT] {7}\"x {5}\\x0d\\x0a\")" },
		{ S("* 6 FETCH (X-GM-LABELS (\\Inbox \"Important\") X-GM-THRID 1278455344230334865)\r\n"),
		  "* 6 FETCH (X-GM-LABELS (\\Inbox \"Important\") X-GM-THRID 1278455344230334865)" },
		{ S("* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
		    "RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
		    "\"IMAP4rev1 WG mtg summary and minutes\" "
		    "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
		    "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
		    "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
		    "((NIL NIL \"imap\" \"cac.washington.edu\")) "
		    "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
		    "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
		    "\"<B27397-0100000@cac.washington.edu>\") "
		    "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n"),
		  "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
		  "RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
		  "\"IMAP4rev1 WG mtg summary and minutes\" "
		  "((\"Terry Gray\" <NIL> \"gray\" \"cac.washington.edu\")) "
		  "((\"Terry Gray\" <NIL> \"gray\" \"cac.washington.edu\")) "
		  "((\"Terry Gray\" <NIL> \"gray\" \"cac.washington.edu\")) "
		  "((<NIL> <NIL> \"imap\" \"cac.washington.edu\")) "
		  "((<NIL> <NIL> \"minutes\" \"CNRI.Reston.VA.US\") "
		  "(\"John Klensin\" <NIL> \"KLENSIN\" \"MIT.EDU\")) <NIL> <NIL> "
		  "\"<B27397-0100000@cac.washington.edu>\") "
		  "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") <NIL> <NIL> \"7BIT\" 3028 92))" },
		{ S("* 7 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL "
		    "\"7BIT\" 12 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 30 1) \"ALTERNATIVE\"))\r\n"),
		  "* 7 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") <NIL> <NIL> "
		  "\"7BIT\" 12 1) (\"TEXT\" \"HTML\" <NIL> <NIL> <NIL> \"7BIT\" 30 1) \"ALTERNATIVE\"))" },
	};
	char *got, *cause;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		got = frame_and_parse(cases[i].in, cases[i].len, &cause);
		tap_is_str(got, cases[i].want, "parse: %.*s", (int)strcspn(cases[i].want, "\r\n"),
		    cases[i].want);
		if (cause != NULL)
			tap_diag("cause: %s", cause);
		free(got);
		free(cause);
	}
}

/* --- hostile and broken input -------------------------------------------------- */

static void
test_parse_hostile(void)
{
	static const struct { const char *in; size_t len; const char *what; } cases[] = {
		{ S("\r\n"), "an empty line" },
		{ S(" OK missing tag\r\n"), "a missing tag" },
		{ S("*\r\n"), "a lone star" },
		{ S("* \r\n"), "a star and a space" },
		{ S("A1\r\n"), "a tag without a condition" },
		{ S("A1 \r\n"), "a tag and a space" },
		{ S("A1 MAYBE done\r\n"), "a tagged response that is not OK/NO/BAD" },
		{ S("* 12\r\n"), "a number without a name" },
		{ S("* 4294967296 EXISTS\r\n"), "a message number over 32 bits" },
		{ S("* OK a\rb\r\n"), "a bare CR inside a line" },
		{ S("* OK a\0b\r\n"), "a NUL outside a literal" },
		{ S("* LIST () \"/\" \"a\0b\"\r\n"), "a NUL in a quoted string" },
		{ S("A1 OK [ALERT] a\0b\r\n"), "a NUL in tagged text" },
		{ S("* 1 FETCH (UID 1\r\n"), "an unclosed list" },
		{ S("* 1 FETCH (UID 1))\r\n"), "one parenthesis too many" },
		{ S("* FLAGS )\r\n"), "a closing parenthesis alone" },
		{ S("* FLAGS (\\Seen (\\Draft)\r\n"), "an unclosed inner list" },
		{ S("* LIST () \"/\" \"foo\r\nbar\"\r\n"), "a raw CRLF in a quoted string" },
		{ S("* LIST () \"/\" \"abc\r\n"), "an unterminated quoted string" },
		{ S("* LIST () \"/\" \"a\\qb\"\r\n"), "a backslash before a plain letter" },
		{ S("* LIST () \"/\" {3}abc\r\n"), "a literal announced mid-line" },
		{ S("* 1 FETCH (BODY[] {3}\r\nabc\r\n"), "a literal and then the line ends" },
		{ S("\xff\xfe\r\n"), "binary junk" },
		{ S("* 1 FETCH (BODY[] {-1}\r\n)\r\n"), "a negative literal size" },
	};
	char *got, *cause;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		got = frame_and_parse(cases[i].in, cases[i].len, &cause);
		tap_is_str(got, "EPROTO", "refused: %s", cases[i].what);
		if (strcmp(got, "EPROTO") == 0)
			tap_ok(cause != NULL && cause[0] != '\0', "  with a sentence (%s)",
			    cause != NULL ? cause : "none");
		free(got);
		free(cause);
	}
}

/* Lists nested n deep inside a FETCH: "* 1 FETCH (X ((((…))))" */
static char *
nested(size_t n, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "* 1 FETCH (X ");
	for (i = 0; i < n; i++)
		buf_addc(&b, '(');
	for (i = 0; i < n; i++)
		buf_addc(&b, ')');
	buf_adds(&b, ")\r\n");
	*len = b.len;
	return buf_detach(&b);
}

static void
test_parse_depth(void)
{
	static const size_t refused[] = { IMAP_MAX_DEPTH + 1, 1000, 200000 };
	char *in, *got, *cause;
	size_t len, i;

	/* FETCH's own list plus 30 inside: 31 levels, within the limit. */
	in = nested(IMAP_MAX_DEPTH - 2, &len);
	got = frame_and_parse(in, len, &cause);
	tap_ok(strncmp(got, "* 1 FETCH (X (((", 16) == 0, "%d nested lists parse",
	    IMAP_MAX_DEPTH - 1);
	free(got);
	free(cause);
	free(in);
	for (i = 0; i < TT_ARRAY_LEN(refused); i++) {
		in = nested(refused[i], &len);
		got = frame_and_parse(in, len, &cause);
		tap_is_str(got, "EPROTO", "%zu nested lists are refused, without a crash",
		    refused[i] + 1);
		free(got);
		free(cause);
		free(in);
	}
}

/* --- framing ---------------------------------------------------------------------- */

static void
test_frame(void)
{
	static const struct { const char *in; size_t len; size_t frame; size_t need_max; const char *what; } cases[] = {
		/* need_max: the most *need may be when it is not 0 (at least this many more). */
		{ S(""), 0, 2, "nothing yet" },
		{ S("* 23 EXI"), 0, 2, "half a line" },
		{ S("* 23 EXISTS"), 0, 2, "a line without its CRLF" },
		{ S("* 23 EXISTS\r"), 0, 1, "a line without its LF" },
		{ S("* 23 EXISTS\r\n"), 13, 0, "one line" },
		{ S("* 23 EXISTS\r\n* 1 RECENT\r\n"), 13, 0, "the first of two lines" },
		{ S("* LIST () \"/\" {12}"), 0, 16, "a literal announced, its CRLF missing" },
		{ S("* LIST () \"/\" {12}\r"), 0, 15, "a literal announced, its LF missing" },
		{ S("* LIST () \"/\" {12}\r\n"), 0, 14, "a literal announced, no bytes" },
		{ S("* LIST () \"/\" {12}\r\nfoo"), 0, 11, "an unterminated literal" },
		{ S("* LIST () \"/\" {12}\r\nfoo\"bar baz "), 0, 2, "a literal without the line after" },
		{ S("* LIST () \"/\" {12}\r\nfoo\"bar baz \r\n"), 34, 0, "a literal and its line" },
		{ S("* LIST () \"/\" {12}\r\nfoo\"bar baz \r\n* 1 EXISTS\r\n"), 34, 0,
		  "a literal, then the next response" },
		{ S("* 4 FETCH (BODY[1] {3}\r\nabc BODY[2] {2}\r\nde)\r\n"), 46, 0, "two literals" },
		{ S("* 4 FETCH (BODY[1] {3}\r\nabc BODY[2] {2}\r\nde"), 0, 2,
		  "two literals, the last line missing" },
		{ S("* 5 FETCH (BODY[TEXT] {7}\r\nx {5}\r\n)\r\n"), 37, 0,
		  "a literal whose bytes look like a literal" },
		{ S("* 5 FETCH (BODY[] {3+}\r\nabc)\r\n"), 30, 0, "a non-synchronizing literal" },
		{ S("* 3 FETCH (BODY[] {6}\r\n\xd7\xa9\x00\xff\r\n)\r\n"), 32, 0,
		  "a literal holding NUL and 8-bit bytes" },
		{ S("* 1 FETCH (BODY[] {1073741824}\r\n"), 0, ((size_t)1 << 30) + 2,
		  "a literal of exactly IMAP_MAX_LITERAL waits for its bytes" },
		/* Until its line ends, "{N}" may be text: no verdict on N yet. */
		{ S("* 1 FETCH (BODY[] {99999999999999999999}"), 0, 2,
		  "a huge literal size before its CRLF" },
	};
	static const struct { const char *in; size_t len; const char *what; } refused[] = {
		{ S("* 1 FETCH (BODY[] {1073741825}\r\n"), "a literal of IMAP_MAX_LITERAL + 1" },
		{ S("* 1 FETCH (BODY[] {2147483648}\r\n"), "a literal of 2^31" },
		{ S("* 1 FETCH (BODY[] {4294967297}\r\n"), "a literal of 2^32 + 1" },
		{ S("* 1 FETCH (BODY[] {18446744073709551617}\r\n"), "a literal of 2^64 + 1 (wraps to 1)" },
		{ S("* 1 FETCH (BODY[] {99999999999999999999}\r\n"), "a literal of 20 nines" },
	};
	size_t i, frame, need, len, off, count;
	char *cause, *big;
	tt_status st;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		frame = 12345;
		need = 0;
		cause = NULL;
		st = imap_frame(cases[i].in, cases[i].len, &frame, &need, &cause);
		if (tap_is_int(st, TT_OK, "frame: %s: TT_OK", cases[i].what)) {
			tap_is_int((intmax_t)frame, (intmax_t)cases[i].frame,
			    "frame: %s: length %zu", cases[i].what, cases[i].frame);
			if (cases[i].frame == 0)
				tap_ok(need <= cases[i].need_max,
				    "frame: %s: need %zu is at most %zu", cases[i].what,
				    need, cases[i].need_max);
		} else
			tap_diag("cause: %s", cause);
		free(cause);
	}
	for (i = 0; i < TT_ARRAY_LEN(refused); i++) {
		cause = NULL;
		frame = 0;
		st = imap_frame(refused[i].in, refused[i].len, &frame, &need, &cause);
		tap_is_int(st, TT_EPROTO, "frame refuses %s", refused[i].what);
		tap_ok(st != TT_EPROTO || (cause != NULL && cause[0] != '\0'),
		    "  with a sentence (%s)", cause != NULL ? cause : "none");
		free(cause);
	}

	/* A line longer than IMAP_MAX_LINE, with and without its end. */
	len = IMAP_MAX_LINE + 16;
	big = xmalloc(len);
	memset(big, 'a', len);
	memcpy(big, "* OK ", 5);
	cause = NULL;
	st = imap_frame(big, len, &frame, &need, &cause);
	tap_is_int(st, TT_EPROTO, "frame refuses a line over IMAP_MAX_LINE without CRLF");
	free(cause);
	cause = NULL;
	memcpy(big + len - 2, "\r\n", 2);
	st = imap_frame(big, len, &frame, &need, &cause);
	tap_is_int(st, TT_EPROTO, "frame refuses a line over IMAP_MAX_LINE with its CRLF");
	free(cause);
	free(big);

	/* Consuming frames one after the other. */
	{
		static const char stream[] =
		    "* OK [CAPABILITY IMAP4rev1] hi\r\n"
		    "* 2 FETCH (UID 9 BODY[] {4}\r\nab\r\n)\r\n"
		    "+ \r\n"
		    "A1 OK done\r\n"
		    "* 3 EXI";
		static const size_t want[] = { 32, 36, 4, 12 };

		off = 0;
		count = 0;
		for (;;) {
			cause = NULL;
			st = imap_frame(stream + off, sizeof stream - 1 - off, &frame,
			    &need, &cause);
			free(cause);
			if (st != TT_OK || frame == 0)
				break;
			if (count < TT_ARRAY_LEN(want))
				tap_is_int((intmax_t)frame, (intmax_t)want[count],
				    "stream: frame %zu is %zu bytes", count + 1, want[count]);
			off += frame;
			count++;
		}
		tap_is_int((intmax_t)count, 4, "stream: four whole responses");
		tap_is_int((intmax_t)off, (intmax_t)(sizeof stream - 1 - 7),
		    "stream: the partial fifth is left");
	}
}

/* --- helpers over responses --------------------------------------------------------- */

/* Parses one whole response; NULL (and a failed test) when it does not. */
static bool
parse_one(const char *in, size_t len, char **copy, struct imap_resp *r)
{
	char *cause = NULL;
	tt_status st;

	st = parse_copy(in, len, copy, r, &cause);
	if (!tap_is_int(st, TT_OK, "parse %.*s", (int)strcspn(in, "\r\n"), in)) {
		tap_diag("cause: %s", cause);
		imap_resp_clear(r);
		free(cause);
		free(*copy);
		*copy = NULL;
		return false;
	}
	return true;
}

static void
test_fetch_item(void)
{
	static const char fetch[] =
	    "* 12 FETCH (UID 42 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
	    "RFC822.SIZE 4286 BODY[HEADER.FIELDS (SUBJECT FROM)] {38}\r\n"
	    "Subject: hi\r\nFrom: ann@example.com\r\n\r\n)\r\n";
	static const char two[] =
	    "* 4 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1) "
	    "BODY[1] {3}\r\nabc BODY[2] {2}\r\nde)\r\n";
	static const char odd[] = "* 4 FETCH (FLAGS)\r\n";
	const struct imap_val *list, *v;
	struct imap_resp r;
	uint64_t n;
	char *copy, *s;

	if (parse_one(fetch, sizeof fetch - 1, &copy, &r)) {
		if (tap_ok(r.data.n == 1 && r.data.v[0].type == IMAP_LIST,
		    "FETCH data is one list")) {
			list = &r.data.v[0];
			v = imap_fetch_item(list, "UID");
			tap_ok(v != NULL && imap_val_number(v, UINT32_MAX, &n) == TT_OK && n == 42,
			    "fetch_item UID is 42");
			v = imap_fetch_item(list, "uid");
			tap_ok(v != NULL && imap_is_atom(v, "42"), "fetch_item is case-insensitive");
			v = imap_fetch_item(list, "FLAGS");
			tap_ok(v != NULL && v->type == IMAP_LIST && v->n == 1 &&
			    imap_is_atom(&v->v[0], "\\Seen"), "fetch_item FLAGS is (\\Seen)");
			v = imap_fetch_item(list, "RFC822.SIZE");
			tap_ok(v != NULL && imap_val_number(v, UINT32_MAX, &n) == TT_OK &&
			    n == 4286, "fetch_item RFC822.SIZE is 4286");
			v = imap_fetch_item(list, "INTERNALDATE");
			s = v != NULL ? imap_val_dup(v) : NULL;
			tap_is_str(s, "17-Jul-1996 02:44:25 -0700", "fetch_item INTERNALDATE");
			free(s);
			v = imap_fetch_item(list, "BODY[");
			tap_ok(v != NULL && v->type == IMAP_STRING && v->literal &&
			    v->len == 38 && memcmp(v->s, "Subject: hi\r\n", 13) == 0,
			    "fetch_item BODY[ finds the BODY[HEADER.FIELDS …] literal");
			tap_ok(v != NULL && v->s > copy && v->s < copy + sizeof fetch - 1,
			    "the literal points into the parsed buffer");
			v = imap_fetch_item(list, "BODY[HEADER.FIELDS (SUBJECT FROM)]");
			tap_ok(v != NULL && v->literal && v->len == 38,
			    "fetch_item by the whole section name");
			tap_ok(imap_fetch_item(list, "ENVELOPE") == NULL,
			    "fetch_item of an absent item is NULL");
			tap_ok(imap_fetch_item(list, "42") == NULL,
			    "fetch_item does not match a value as a name");
			tap_ok(imap_fetch_item(list, "BODY") == NULL,
			    "fetch_item BODY does not match BODY[…]");
		}
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(two, sizeof two - 1, &copy, &r)) {
		list = r.data.n == 1 ? &r.data.v[0] : NULL;
		v = list != NULL ? imap_fetch_item(list, "BODY[") : NULL;
		tap_ok(v != NULL && v->literal && v->len == 3 && memcmp(v->s, "abc", 3) == 0,
		    "fetch_item BODY[ is the first BODY[…] item");
		v = list != NULL ? imap_fetch_item(list, "BODY") : NULL;
		tap_ok(v != NULL && v->type == IMAP_LIST, "fetch_item BODY is the structure");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(odd, sizeof odd - 1, &copy, &r)) {
		list = r.data.n == 1 ? &r.data.v[0] : NULL;
		tap_ok(list != NULL && imap_fetch_item(list, "FLAGS") == NULL,
		    "fetch_item of a name without a value is NULL");
		imap_resp_clear(&r);
		free(copy);
	}
}

static void
test_code_is(void)
{
	static const char uidv[] = "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n";
	static const char rw[] = "A001 OK [READ-WRITE] SELECT completed\r\n";
	static const char lower[] = "* ok [uidnext 7] x\r\n";
	static const char none[] = "* OK no code here\r\n";
	static const char caps[] = "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] hi\r\n";
	const struct imap_val *arg;
	struct imap_resp r;
	uint64_t n;
	char *copy;

	if (parse_one(uidv, sizeof uidv - 1, &copy, &r)) {
		arg = NULL;
		tap_ok(imap_code_is(&r, "UIDVALIDITY", &arg), "code_is UIDVALIDITY");
		tap_ok(arg != NULL && imap_val_number(arg, UINT32_MAX, &n) == TT_OK &&
		    n == 3857529045u, "  its argument is 3857529045");
		tap_ok(!imap_code_is(&r, "UIDNEXT", &arg), "code_is UIDNEXT is false");
		tap_ok(!imap_code_is(&r, "UIDVALID", &arg), "code_is needs the whole word");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(rw, sizeof rw - 1, &copy, &r)) {
		arg = &r.code;
		tap_ok(imap_code_is(&r, "READ-WRITE", &arg) && arg == NULL,
		    "code_is READ-WRITE, without an argument");
		tap_ok(r.kind == IMAP_TAGGED && r.tag != NULL && strcmp(r.tag, "A001") == 0 &&
		    r.cond == IMAP_OK, "tagged A001 OK");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(lower, sizeof lower - 1, &copy, &r)) {
		arg = NULL;
		tap_ok(imap_code_is(&r, "UIDNEXT", &arg) && arg != NULL &&
		    imap_is_atom(arg, "7"), "code_is matches a lower-case code");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(none, sizeof none - 1, &copy, &r)) {
		arg = NULL;
		tap_ok(!imap_code_is(&r, "UIDVALIDITY", &arg) && r.code.n == 0,
		    "no code: code_is is false");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(caps, sizeof caps - 1, &copy, &r)) {
		tap_ok(imap_code_is(&r, "CAPABILITY", &arg) && r.code.n == 4 &&
		    imap_is_atom(&r.code.v[3], "AUTH=PLAIN"),
		    "CAPABILITY code: the last atom stops at ']'");
		imap_resp_clear(&r);
		free(copy);
	}
}

static void
test_val_helpers(void)
{
	static const struct { const char *atom; uint64_t max; tt_status st; uint64_t want; } nums[] = {
		{ "42", 100, TT_OK, 42 },
		{ "42", 42, TT_OK, 42 },
		{ "42", 41, TT_EPROTO, 0 },
		{ "0", UINT32_MAX, TT_OK, 0 },
		{ "4294967295", UINT32_MAX, TT_OK, 4294967295u },
		{ "4294967296", UINT32_MAX, TT_EPROTO, 0 },
		{ "715194045007", UINT64_MAX, TT_OK, 715194045007u },
		{ "18446744073709551615", UINT64_MAX, TT_OK, UINT64_MAX },
		{ "18446744073709551616", UINT64_MAX, TT_EPROTO, 0 },
		{ "99999999999999999999999", UINT64_MAX, TT_EPROTO, 0 },
		{ "12a", UINT64_MAX, TT_EPROTO, 0 },
		{ "-1", UINT64_MAX, TT_EPROTO, 0 },
		{ "+1", UINT64_MAX, TT_EPROTO, 0 },
		{ "1.5", UINT64_MAX, TT_EPROTO, 0 },
		{ "\\Seen", UINT64_MAX, TT_EPROTO, 0 },
	};
	struct imap_val v = { IMAP_ATOM, NULL, 0, false, NULL, 0 }, items[2];
	uint64_t n;
	tt_status st;
	char *s;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(nums); i++) {
		v.type = IMAP_ATOM;
		v.s = nums[i].atom;
		v.len = strlen(nums[i].atom);
		n = 7777;
		st = imap_val_number(&v, nums[i].max, &n);
		if (nums[i].st == TT_OK)
			tap_ok(st == TT_OK && n == nums[i].want, "val_number %s (max %llu) is %llu",
			    nums[i].atom, (unsigned long long)nums[i].max,
			    (unsigned long long)nums[i].want);
		else
			tap_is_int(st, TT_EPROTO, "val_number %s (max %llu) is refused",
			    nums[i].atom, (unsigned long long)nums[i].max);
	}
	v.type = IMAP_NIL;
	v.s = NULL;
	v.len = 0;
	tap_is_int(imap_val_number(&v, UINT64_MAX, &n), TT_EPROTO, "val_number of NIL is refused");
	s = imap_val_dup(&v);
	tap_is_str(s, "", "val_dup of NIL is \"\"");
	free(s);
	tap_ok(!imap_is_atom(&v, "NIL"), "is_atom: NIL is not an atom");
	items[0].type = IMAP_ATOM;
	items[0].s = "1";
	items[0].len = 1;
	items[0].literal = false;
	items[0].v = NULL;
	items[0].n = 0;
	items[1] = items[0];
	v.type = IMAP_LIST;
	v.v = items;
	v.n = 2;
	tap_is_int(imap_val_number(&v, UINT64_MAX, &n), TT_EPROTO, "val_number of a list is refused");
	tap_ok(!imap_is_atom(&v, "1"), "is_atom: a list is not an atom");

	v.type = IMAP_ATOM;
	v.s = "FETCH";
	v.len = 5;
	v.v = NULL;
	v.n = 0;
	tap_ok(imap_is_atom(&v, "FETCH"), "is_atom FETCH");
	tap_ok(imap_is_atom(&v, "fetch"), "is_atom is ASCII case-insensitive");
	tap_ok(!imap_is_atom(&v, "FETC"), "is_atom: a prefix is not equal");
	tap_ok(!imap_is_atom(&v, "FETCHX"), "is_atom: a longer word is not equal");
	v.len = 3;
	tap_ok(imap_is_atom(&v, "FET"), "is_atom honours len");
	v.len = 5;
	v.type = IMAP_STRING;
	tap_ok(!imap_is_atom(&v, "FETCH"), "is_atom: a quoted string is not an atom");
	s = imap_val_dup(&v);
	tap_is_str(s, "FETCH", "val_dup of a string");
	free(s);
	v.s = "a\"b\\c";
	v.len = 5;
	s = imap_val_dup(&v);
	tap_is_str(s, "a\"b\\c", "val_dup keeps quotes and backslashes");
	free(s);
	v.s = "abcdef";
	v.len = 3;
	v.literal = true;
	s = imap_val_dup(&v);
	tap_is_str(s, "abc", "val_dup of a literal copies len bytes");
	free(s);
}

static void
test_dates(void)
{
	static const struct { const char *in; bool ok; time_t want; } cases[] = {
		{ "17-Jul-1996 02:44:25 -0700", true, 837596665 },
		{ " 1-Feb-1994 00:00:00 +0000", true, 760060800 },
		{ "01-Feb-1994 00:00:00 +0000", true, 760060800 },
		{ "27-Nov-2026 01:30:00 +0200", true, 1795735800 },
		{ "29-Feb-2024 12:00:00 +0000", true, 1709208000 },
		{ "01-jan-2026 00:00:00 -0400", true, 1767240000 },
		{ "17-Jly-1996 02:44:25 -0700", false, 0 },
		{ "17-Jul-1996 02:44:25", false, 0 },
		{ "17-Jul-1996", false, 0 },
		{ "", false, 0 },
		{ "32-Jul-1996 02:44:25 -0700", false, 0 },
		{ "17-Jul-1996 24:00:00 +0000", false, 0 },
		{ "17-Jul-1996 -2:44:25 -0700", false, 0 },
		{ "17-Jul-1996 02:-4:25 -0700", false, 0 },
		{ "17-Jul-1996 02:44:25 0700", false, 0 },
		{ "17-Jul-1996 02:44:25 -0700 junk", false, 0 },
	};
	struct imap_val v = { IMAP_STRING, NULL, 0, false, NULL, 0 };
	char day[12];
	time_t t;
	size_t i;
	bool ok;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		v.s = cases[i].in;
		v.len = strlen(cases[i].in);
		t = 0;
		ok = imap_internaldate(&v, &t);
		if (cases[i].ok)
			tap_ok(ok && t == cases[i].want, "internaldate \"%s\" is %lld",
			    cases[i].in, (long long)cases[i].want);
		else
			tap_ok(!ok, "internaldate \"%s\" is refused", cases[i].in);
		if (ok != cases[i].ok || (ok && t != cases[i].want))
			tap_diag("got %s, %lld", ok ? "true" : "false", (long long)t);
	}
	v.type = IMAP_NIL;
	v.s = NULL;
	v.len = 0;
	tap_ok(!imap_internaldate(&v, &t), "internaldate of NIL is refused");
	imap_search_date(760060800, day, sizeof day);
	tap_is_str(day, "1-Feb-1994", "search date of 1994-02-01 (RFC 3501 form)");
	imap_search_date(837596665, day, sizeof day);
	tap_is_str(day, "17-Jul-1996", "search date is the UTC day");
	imap_search_date(1795735800, day, sizeof day);
	tap_is_str(day, "26-Nov-2026", "search date late in a UTC day");
}

/* Values the parser produced, checked through the helpers. */
static void
test_parse_details(void)
{
	static const char q[] = "* LIST () \"/\" \"a\\\"b\\\\c\"\r\n";
	static const char es[] = "* ESEARCH (TAG \"A282\") UID ALL 2,10:11\r\n";
	static const char nul[] = "* 3 FETCH (BODY[] {6}\r\n\xd7\xa9\x00\xff\r\n)\r\n";
	static const char st[] = "* 12 EXISTS\r\n";
	struct imap_uidset set = { NULL, 0, 0 };
	struct imap_resp r;
	const struct imap_val *v;
	char *copy, *s, *cause = NULL;

	if (parse_one(q, sizeof q - 1, &copy, &r)) {
		v = r.data.n == 3 ? &r.data.v[2] : NULL;
		tap_ok(v != NULL && v->type == IMAP_STRING && !v->literal && v->len == 5 &&
		    memcmp(v->s, "a\"b\\c", 6) == 0, "a quoted string is unescaped and ends in NUL");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(es, sizeof es - 1, &copy, &r)) {
		tap_ok(r.kind == IMAP_UNTAGGED && r.cond == IMAP_COND_NONE && !r.has_number &&
		    r.name != NULL && strcmp(r.name, "ESEARCH") == 0, "ESEARCH is data, not status");
		v = r.data.n == 4 ? &r.data.v[3] : NULL;
		tap_ok(v != NULL && imap_is_atom(&r.data.v[2], "ALL") &&
		    imap_uidset_parse(&set, v->s, v->len, 0, &cause) == TT_OK &&
		    imap_uidset_count(&set) == 3 && imap_uidset_has(&set, 10),
		    "ESEARCH ALL 2,10:11 is a UID set of 3");
		free(cause);
		imap_uidset_free(&set);
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(nul, sizeof nul - 1, &copy, &r)) {
		v = r.data.n == 1 ? imap_fetch_item(&r.data.v[0], "BODY[") : NULL;
		tap_ok(v != NULL && v->literal && v->len == 6 &&
		    memcmp(v->s, "\xd7\xa9\x00\xff\r\n", 6) == 0,
		    "a literal keeps NUL and 8-bit bytes");
		imap_resp_clear(&r);
		free(copy);
	}
	if (parse_one(st, sizeof st - 1, &copy, &r)) {
		tap_ok(r.has_number && r.number == 12 && r.data.type == IMAP_LIST &&
		    r.data.n == 0 && r.code.n == 0, "* 12 EXISTS: number 12, no data");
		s = describe(&r);
		imap_resp_clear(&r);
		free(copy);
		free(s);
	}
}

/* --- modified UTF-7 ------------------------------------------------------------------- */

static void
test_utf7(void)
{
	static const struct { const char *wire; const char *utf8; } both[] = {
		{ "INBOX", "INBOX" },
		{ "", "" },
		{ "~peter/mail/&U,BTFw-/&ZeVnLIqe-",
		  "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" },
		{ "&-", "&" },
		{ "Tom &- Jerry &-&-", "Tom & Jerry &&" },
		{ "Entw&APw-rfe", "Entw\xc3\xbcrfe" },
		{ "Gel&APY-schte Elemente", "Gel\xc3\xb6schte Elemente" },
		{ "&BdMF1QXQBeg- &BdkF1QXmBdA-",
		  "\xd7\x93\xd7\x95\xd7\x90\xd7\xa8 \xd7\x99\xd7\x95\xd7\xa6\xd7\x90" },
		{ "&BdgF2QXVBdgF1QXq-", "\xd7\x98\xd7\x99\xd7\x95\xd7\x98\xd7\x95\xd7\xaa" },
		{ "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-",
		  "\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd"
		  "\xd0\xbd\xd1\x8b\xd0\xb5" },
		{ "&2D3eAA-", "\xf0\x9f\x98\x80" },
		{ "a&2D3eAA-b", "a\xf0\x9f\x98\x80" "b" },
		{ "&2D3c5w- Inbox", "\xf0\x9f\x93\xa7 Inbox" },
		{ "&ZeVnLIqe2D3eAAD8-",
		  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xf0\x9f\x98\x80\xc3\xbc" },
		{ "&ANw-n&AO8-c&APg-d&AOk- &- Co",
		  "\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9 & Co" },
		{ "&AAE-", "\x01" },
		{ "&AH8-", "\x7f" },
		{ "[Gmail]/Sent Mail", "[Gmail]/Sent Mail" },
	};
	/* Not valid modified UTF-7: decode returns them as they are. */
	static const struct { const char *in; const char *what; } invalid[] = {
		{ "&Jjo", "unterminated" },
		{ "&U,BTFw", "unterminated after whole characters" },
		{ "&", "a lone &" },
		{ "abc&", "a trailing &" },
		{ "&AGE-", "ASCII 'a' in BASE64" },
		{ "&ACY-", "'&' in BASE64" },
		{ "&AH4-", "'~' in BASE64" },
		{ "&AAA-", "NUL in BASE64" },
		{ "&U,BTF-", "a whole unused BASE64 character" },
		{ "&U,B-", "unused bits that are not zero (01)" },
		{ "&,,,-", "unused bits that are not zero" },
		{ "&2D0-", "a lone high surrogate" },
		{ "&3AA-", "a lone low surrogate" },
		{ "&2D3YPQ-", "a high surrogate twice" },
		{ "&U/BTFw-", "'/' instead of ','" },
		{ "&U,BTFw=-", "BASE64 padding" },
		{ "&U,B TFw-", "a space inside BASE64" },
		{ "Entw\xc3\xbcrfe", "raw UTF-8 (servers send it)" },
		{ "Gel\xf6scht", "raw Latin-1" },
		{ "a\tb", "a raw tab" },
		{ "x&U,BTFw-\xc3\xbc", "valid BASE64 then raw UTF-8" },
	};
	static const struct { const char *utf8; const char *wire; const char *what; } enc_only[] = {
		{ "a\xff" "b", "a&,,0-b", "an invalid byte becomes U+FFFD" },
		{ "\xc3", "&,,0-", "a truncated sequence becomes U+FFFD" },
		{ "\xed\xa0\x80", "&,,3,,f,9-", "an encoded surrogate: three U+FFFD" },
		{ "\xe5\x8f\xb0\xe5\x8c\x97\xe6\x97\xa5", "&U,BTF2Xl-", "one run for adjacent characters" },
	};
	char *s, *t;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(both); i++) {
		s = imap_utf7_decode(both[i].wire);
		tap_is_str(s, both[i].utf8, "utf7 decode %s", both[i].wire);
		free(s);
		s = imap_utf7_encode(both[i].utf8);
		tap_is_str(s, both[i].wire, "utf7 encode to %s", both[i].wire);
		t = imap_utf7_decode(s);
		tap_is_str(t, both[i].utf8, "utf7 round trip of %s", both[i].wire);
		free(t);
		free(s);
	}
	for (i = 0; i < TT_ARRAY_LEN(invalid); i++) {
		s = imap_utf7_decode(invalid[i].in);
		tap_ok(s != NULL && strcmp(s, invalid[i].in) == 0 && s != invalid[i].in,
		    "utf7 decode leaves %s unchanged (a copy)", invalid[i].what);
		free(s);
	}
	for (i = 0; i < TT_ARRAY_LEN(enc_only); i++) {
		s = imap_utf7_encode(enc_only[i].utf8);
		tap_is_str(s, enc_only[i].wire, "utf7 encode: %s", enc_only[i].what);
		free(s);
	}
	/* Adjacent runs are not minimal, but they are unambiguous; accepted. */
	s = imap_utf7_decode("&U,A-&U,A-");
	tap_is_str(s, "\xe5\x8f\xb0\xe5\x8f\xb0", "utf7 decode accepts two adjacent runs");
	free(s);
}

/* Every 1- to 3-byte mix of interesting code points survives encode+decode,
 * and the encoding is printable ASCII. */
static void
test_utf7_exhaustive(void)
{
	static const uint32_t cps[] = { 0x01, 0x1f, 0x20, 0x26, 0x2d, 0x41, 0x7e, 0x7f,
		0x80, 0xfc, 0x5d0, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000,
		0x1f600, 0x10ffff };
	char in[16], *e, *d;
	size_t a, b, c, n, k;
	bool ok = true, ascii = true;

	for (a = 0; a < TT_ARRAY_LEN(cps); a++)
		for (b = 0; b < TT_ARRAY_LEN(cps); b++)
			for (c = 0; c < TT_ARRAY_LEN(cps); c++) {
				n = utf8_encode(cps[a], in);
				n += utf8_encode(cps[b], in + n);
				n += utf8_encode(cps[c], in + n);
				in[n] = '\0';
				e = imap_utf7_encode(in);
				for (k = 0; e[k] != '\0'; k++)
					if (e[k] < 0x20 || e[k] > 0x7e)
						ascii = false;
				d = imap_utf7_decode(e);
				if (strcmp(d, in) != 0)
					ok = false;
				free(d);
				free(e);
			}
	tap_ok(ascii, "utf7 encode of 8000 mixes is printable ASCII");
	tap_ok(ok, "utf7 decode(encode(x)) == x for 8000 mixes");
}

/* --- UID sets ------------------------------------------------------------------------- */

static char *
set_str(const struct imap_uidset *s)
{
	return imap_uidset_format(s);
}

static void
test_uidset_add(void)
{
	static const struct { uint32_t add[8][2]; size_t n; const char *want; uint64_t count; } cases[] = {
		{ { { 5, 5 }, { 3, 3 }, { 4, 4 } }, 3, "3:5", 3 },
		{ { { 1, 1 }, { 3, 3 } }, 2, "1,3", 2 },
		{ { { 1, 1 }, { 3, 3 }, { 2, 2 } }, 3, "1:3", 3 },
		{ { { 10, 5 } }, 1, "5:10", 6 },
		{ { { 1, 5 }, { 3, 8 } }, 2, "1:8", 8 },
		{ { { 3, 8 }, { 1, 5 } }, 2, "1:8", 8 },
		{ { { 1, 3 }, { 4, 6 } }, 2, "1:6", 6 },
		{ { { 4, 6 }, { 1, 3 } }, 2, "1:6", 6 },
		{ { { 1, 3 }, { 5, 6 } }, 2, "1:3,5:6", 5 },
		{ { { 5, 6 }, { 1, 3 } }, 2, "1:3,5:6", 5 },
		{ { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 7, 7 }, { 9, 9 }, { 2, 8 } }, 6, "1:9", 9 },
		{ { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 7, 7 }, { 9, 9 }, { 4, 4 } }, 6, "1,3:5,7,9", 6 },
		{ { { 20, 30 }, { 1, 2 }, { 40, 50 }, { 10, 45 } }, 4, "1:2,10:50", 43 },
		{ { { 20, 30 }, { 25, 26 } }, 2, "20:30", 11 },
		{ { { 7, 7 }, { 7, 7 } }, 2, "7", 1 },
		{ { { 4294967295u, 4294967295u }, { 4294967294u, 4294967294u } }, 2,
		  "4294967294:4294967295", 2 },
		{ { { 4294967295u, 1 } }, 1, "1:4294967295", 4294967295u },
		{ { { 0, 4294967295u }, { 5, 9 } }, 2, "0:4294967295", 4294967296u },
		{ { { 9, 9 }, { 1, 1 }, { 5, 5 }, { 3, 3 }, { 7, 7 } }, 5, "1,3,5,7,9", 5 },
	};
	struct imap_uidset s = { NULL, 0, 0 };
	size_t i, k;
	char *got;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		for (k = 0; k < cases[i].n; k++)
			imap_uidset_add(&s, cases[i].add[k][0], cases[i].add[k][1]);
		got = set_str(&s);
		tap_is_str(got, cases[i].want, "uidset add gives %s", cases[i].want);
		tap_ok(imap_uidset_count(&s) == cases[i].count, "uidset count of %s is %llu",
		    cases[i].want, (unsigned long long)cases[i].count);
		free(got);
		imap_uidset_free(&s);
		tap_ok(s.r == NULL && s.n == 0, "uidset free empties the set");
	}
	got = set_str(&s);
	tap_is_str(got, "", "an empty set formats as \"\"");
	free(got);
	tap_ok(imap_uidset_count(&s) == 0 && !imap_uidset_has(&s, 1),
	    "an empty set counts 0 and has nothing");
}

/* Random adds against a bitmap: the ranges stay sorted, disjoint and apart,
 * and has() agrees with the bitmap. */
static void
test_uidset_random(void)
{
	enum { N = 3000 };
	static bool bits[N + 2];
	struct imap_uidset s = { NULL, 0, 0 };
	uint64_t x = 0x2545f4914f6cdd1dull, count;
	uint32_t lo, hi, u;
	bool shape = true, has = true, counted = true;
	size_t round, k, i;

	for (round = 0; round < 40; round++) {
		memset(bits, 0, sizeof bits);
		for (k = 0; k < 1 + round * 5; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			lo = 1 + (uint32_t)(x % N);
			hi = (x >> 20) % 4 == 0 ? 1 + (uint32_t)((x >> 32) % N) :
			    lo + (uint32_t)((x >> 32) % 3);
			if (hi > N)
				hi = N;
			imap_uidset_add(&s, lo, hi);
			if (lo > hi) {
				u = lo;
				lo = hi;
				hi = u;
			}
			for (u = lo; u <= hi; u++)
				bits[u] = true;
		}
		for (i = 0; i < s.n; i++) {
			if (s.r[i].lo > s.r[i].hi)
				shape = false;
			if (i > 0 && (uint64_t)s.r[i - 1].hi + 1 >= s.r[i].lo)
				shape = false;
		}
		count = 0;
		for (u = 0; u <= N + 1; u++) {
			if (imap_uidset_has(&s, u) != bits[u])
				has = false;
			count += bits[u];
		}
		if (imap_uidset_count(&s) != count)
			counted = false;
		imap_uidset_free(&s);
	}
	tap_ok(shape, "uidset: random adds keep ranges sorted, disjoint and non-adjacent");
	tap_ok(has, "uidset: has() agrees with a bitmap");
	tap_ok(counted, "uidset: count agrees with a bitmap");
}

static void
test_uidset_parse(void)
{
	static const struct { const char *in; uint32_t star; const char *want; uint64_t count; } good[] = {
		{ "1,3:5,9", 0, "1,3:5,9", 5 },
		{ "5:3", 0, "3:5", 3 },
		{ "3,1,2", 0, "1:3", 3 },
		{ "1:1", 0, "1", 1 },
		{ "41,43:116", 0, "41,43:116", 75 },
		{ "2,10:11", 0, "2,10:11", 3 },
		{ "*", 42, "42", 1 },
		{ "1:*", 10, "1:10", 10 },
		{ "*:5", 3, "3:5", 3 },
		{ "20:*", 10, "10:20", 11 },
		{ "4294967295", 0, "4294967295", 1 },
		{ "1:4294967295", 0, "1:4294967295", 4294967295u },
		{ "304,319:320", 0, "304,319:320", 3 },
		{ "1,1,1", 0, "1", 1 },
	};
	static const struct { const char *in; uint32_t star; const char *what; } bad[] = {
		{ "", 9, "an empty text" },
		{ ",", 9, "a lone comma" },
		{ "1,", 9, "a trailing comma" },
		{ ",1", 9, "a leading comma" },
		{ "1,,2", 9, "two commas" },
		{ "1:", 9, "a range without its end" },
		{ ":1", 9, "a range without its start" },
		{ "1:2:3", 9, "a range of three" },
		{ "a", 9, "a letter" },
		{ "1 2", 9, "a space" },
		{ " 1", 9, "a leading space" },
		{ "1 ", 9, "a trailing space" },
		{ "0", 9, "zero" },
		{ "0:5", 9, "a range from zero" },
		{ "01", 9, "a leading zero" },
		{ "4294967296", 9, "a number over 32 bits" },
		{ "99999999999999999999", 9, "a number of 20 digits" },
		{ "1-3", 9, "a dash range" },
		{ "1;2", 9, "a semicolon" },
		{ "-1", 9, "a negative number" },
		{ "+1", 9, "a plus sign" },
		{ "**", 9, "two stars" },
		{ "*", 0, "a star without a largest uid" },
		{ "1,2\r\n", 9, "a line end" },
		{ "1\xc3\xbc", 9, "8-bit bytes" },
	};
	struct imap_uidset s = { NULL, 0, 0 };
	char *cause, *got, *copy;
	tt_status st;
	size_t i, len;

	for (i = 0; i < TT_ARRAY_LEN(good); i++) {
		cause = NULL;
		len = strlen(good[i].in);
		copy = xmalloc(len + 1);
		memcpy(copy, good[i].in, len);
		copy[len] = '9';        /* not NUL-terminated: len is the end */
		st = imap_uidset_parse(&s, copy, len, good[i].star, &cause);
		got = set_str(&s);
		tap_ok(st == TT_OK && strcmp(got, good[i].want) == 0 &&
		    imap_uidset_count(&s) == good[i].count,
		    "uidset parse \"%s\" (* = %lu) is %s", good[i].in,
		    (unsigned long)good[i].star, good[i].want);
		if (st != TT_OK)
			tap_diag("cause: %s", cause);
		else if (strcmp(got, good[i].want) != 0)
			tap_diag("got %s", got);
		free(got);
		free(cause);
		free(copy);
		imap_uidset_free(&s);
	}
	for (i = 0; i < TT_ARRAY_LEN(bad); i++) {
		cause = NULL;
		imap_uidset_add(&s, 7, 7);
		st = imap_uidset_parse(&s, bad[i].in, strlen(bad[i].in), bad[i].star, &cause);
		tap_is_int(st, TT_EPROTO, "uidset parse refuses %s", bad[i].what);
		tap_ok(cause != NULL && cause[0] != '\0', "  with a sentence (%s)",
		    cause != NULL ? cause : "none");
		got = set_str(&s);
		tap_is_str(got, "7", "  and leaves the set as it was");
		free(got);
		free(cause);
		imap_uidset_free(&s);
	}
	/* Parse adds to what is there; a prefix of the text is parsed alone. */
	imap_uidset_add(&s, 7, 7);
	st = imap_uidset_parse(&s, "1:3,8", 5, 0, NULL);
	got = set_str(&s);
	tap_ok(st == TT_OK && strcmp(got, "1:3,7:8") == 0, "uidset parse adds to the set");
	free(got);
	imap_uidset_free(&s);
	st = imap_uidset_parse(&s, "1,2,3", 3, 0, NULL);
	got = set_str(&s);
	tap_ok(st == TT_OK && strcmp(got, "1:2") == 0, "uidset parse stops at len");
	free(got);
	imap_uidset_free(&s);
	/* Format then parse gives the same set. */
	for (i = 1; i < 200; i += (i % 7) + 1)
		imap_uidset_add(&s, (uint32_t)i * 3, (uint32_t)(i * 3 + i % 4));
	got = set_str(&s);
	{
		struct imap_uidset t = { NULL, 0, 0 };
		char *again;

		st = imap_uidset_parse(&t, got, strlen(got), 0, NULL);
		again = set_str(&t);
		tap_ok(st == TT_OK && strcmp(again, got) == 0 && t.n == s.n,
		    "uidset format then parse round-trips (%zu ranges)", s.n);
		free(again);
		imap_uidset_free(&t);
	}
	free(got);
	imap_uidset_free(&s);
}

int
main(void)
{
	test_parse_valid();
	test_parse_hostile();
	test_parse_depth();
	test_frame();
	test_fetch_item();
	test_code_is();
	test_val_helpers();
	test_parse_details();
	test_dates();
	test_utf7();
	test_utf7_exhaustive();
	test_uidset_add();
	test_uidset_random();
	test_uidset_parse();
	return tap_done();
}
