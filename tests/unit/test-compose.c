/* test-compose.c - messages built from drafts, parsed back with GMime: headers, encodings, flowed text, HTML, attachments, replies and forwards (THR-02/03, CMP-14, CMP-34). */
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "mime/mime.h"
#include "tap.h"

static const time_t NOW = 1790000000; /* 2026-09-21 */

static void
fill(struct draft *d, const char *to, const char *subject, const char *body)
{
	memset(d, 0, sizeof *d);
	d->from_name = xstrdup("Dana Lévi");
	d->from_email = xstrdup("dana@tether-test.example");
	d->to = to != NULL ? xstrdup(to) : NULL;
	d->subject = subject != NULL ? xstrdup(subject) : NULL;
	d->body = xstrdup(body);
}

/* Builds and parses back; NULL (and a failed test) when either fails. */
static struct mime_message *
build_parse(const struct draft *d, struct compose_out *o, const char *what)
{
	struct mime_message *m = NULL;
	char *cause = NULL;

	if (compose_build(d, NOW, o, &cause) != TT_OK) {
		tap_ok(false, "%s: built (%s)", what, cause);
		free(cause);
		return NULL;
	}
	if (mime_parse(o->raw, o->len, 0, &m, &cause) != TT_OK) {
		tap_ok(false, "%s: parses back (%s)", what, cause);
		free(cause);
		return NULL;
	}
	return m;
}

static bool
crlf_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			return false;
	}
	return true;
}

static size_t
longest_line(const char *s)
{
	size_t best = 0, cur = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r') {
			best = cur > best ? cur : best;
			cur = 0;
		} else
			cur++;
	}
	return cur > best ? cur : best;
}

static void
test_plain(void)
{
	struct draft d;
	struct compose_out o, o2;
	struct mime_message *m;
	char *cause = NULL;

	fill(&d, "Ann Lee <ann@example.com>, bob@example.net", "Quote for the spring order",
	    "Hello Ann,\n\nthe quote is attached.\n");
	d.cc = xstrdup("\"Stone, Bob\" <bob.stone@example.org>");
	d.bcc = xstrdup("archive@tether-test.example");
	if ((m = build_parse(&d, &o, "plain")) == NULL)
		return;
	tap_is_str(m->subject, "Quote for the spring order", "the subject reads back");
	tap_ok(strstr(o.raw, "Subject: Quote for the spring order\r\n") != NULL,
	    "an ASCII subject is not encoded");
	tap_is_str(m->from.n == 1 ? m->from.v[0].name : "", "Dana Lévi",
	    "SNDR-01: the From name is the sender name, decoded back");
	tap_ok(strstr(o.raw, "Dana L\xc3\xa9vi") == NULL, "a non-ASCII name is RFC 2047 encoded");
	tap_is_int((intmax_t)m->to.n, 2, "two To addresses");
	tap_is_str(m->cc.n == 1 ? m->cc.v[0].name : "", "Stone, Bob", "a name with a comma stays one name");
	tap_ok(strstr(o.raw, "archive@tether-test.example") == NULL, "Bcc is not written");
	tap_is_int((intmax_t)o.nrcpts, 4, "the envelope has To, Cc and Bcc");
	tap_is_str(o.nrcpts == 4 ? o.rcpts[3] : "", "archive@tether-test.example", "Bcc is in the envelope");
	tap_ok(!m->message_id_synthetic, "THR-02: a Message-Id is written");
	tap_contains(m->message_id, "@tether-test.example", "the Message-Id is in the sender's domain");
	tap_is_str(m->message_id, o.message_id, "the Message-Id reported is the one written");
	tap_ok(m->date == NOW, "the Date is the build time");
	tap_ok(crlf_only(o.raw, o.len), "every line ends in CRLF");
	tap_ok(strstr(o.raw, "format=flowed") != NULL, "the text is format=flowed");
	tap_ok(!o.html, "no HTML without markup");
	tap_contains(m->body, "the quote is attached.", "the body reads back");
	mime_message_free(&m);
	tap_ok(compose_build(&d, NOW, &o2, &cause) == TT_OK &&
	    strcmp(o.message_id, o2.message_id) != 0, "THR-02: two builds, two Message-Ids");
	compose_out_clear(&o);
	compose_out_clear(&o2);
	draft_clear(&d);

	fill(&d, "ann@example.com", "שלום, הצעת מחיר", "שלום\n");
	if ((m = build_parse(&d, &o, "hebrew")) != NULL) {
		tap_is_str(m->subject, "שלום, הצעת מחיר", "a Hebrew subject round-trips");
		tap_ok(strstr(o.raw, "=?") != NULL && strstr(o.raw, "\xd7\xa9") == NULL,
		    "a Hebrew subject and body are encoded, no 8-bit byte is written");
		tap_contains(o.raw, "charset=utf-8", "the text says UTF-8");
		mime_message_free(&m);
	}
	compose_out_clear(&o);
	draft_clear(&d);
}

static void
test_refused(void)
{
	static const struct { const char *to, *cc, *subject, *want, *name; } cases[] = {
		{ NULL, NULL, "x", "no recipient", "CMP-34: no recipient at all" },
		{ " , ", NULL, "x", "no recipient", "CMP-34: only separators" },
		{ NULL, "ann@example.com", "x", "no recipient", "CMP-34: a Cc without To" },
		{ "ann", NULL, "x", "not an email address", "an address without a domain" },
		{ "ann@localhost", NULL, "x", "not an email address", "a domain without a dot" },
		{ "ann@example.com", NULL, "a\r\nBcc: evil@example.com", "line break", "a subject with a line break" },
		{ "ann@example.com\nBcc: evil@example.com", NULL, "x", "line break", "a To with a line break" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct draft d;
		struct compose_out o;
		char *cause = NULL;

		fill(&d, cases[i].to, cases[i].subject, "x");
		d.cc = cases[i].cc != NULL ? xstrdup(cases[i].cc) : NULL;
		tap_ok(compose_build(&d, NOW, &o, &cause) == TT_EINVAL && cause != NULL &&
		    strstr(cause, cases[i].want) != NULL, "%s is refused (%s)", cases[i].name,
		    cause != NULL ? cause : "built");
		tap_ok(o.raw == NULL, "%s: nothing is built", cases[i].name);
		free(cause);
		draft_clear(&d);
	}
}

static void
test_flowed(void)
{
	const char *long_line = "This sentence is long enough that a mail reader would "
	    "have to scroll sideways to read it, so it is broken into shorter lines "
	    "that flow back together.";
	char *body = xasprintf("%s\nFrom the start\n trailing   \n-- \nDana\n> quoted\n>\n", long_line);
	char *f = compose_flowed(body), *back;

	tap_ok(longest_line(f) <= 78, "flowed lines are at most 78 characters (longest %zu)",
	    longest_line(f));
	tap_contains(f, "\n From the start\n", "a line starting with From is space-stuffed");
	tap_contains(f, "\n  trailing\n", "a leading space is stuffed, trailing spaces go");
	tap_contains(f, "\n-- \n", "the signature separator keeps its space");
	tap_contains(f, "\n> quoted\n>\n", "quotes keep their marks, an empty one has no space");
	back = mime_unflow(f, false);
	tap_ok(back != NULL && strncmp(back, long_line, strlen(long_line)) == 0,
	    "the long line flows back into one");
	free(back);
	free(f);
	free(body);
}

static void
test_html(void)
{
	struct draft d;
	struct compose_out o;
	struct mime_message *m;
	char *h;

	tap_ok(!compose_markup_used("Hello,\nprice is 5 * 3 = 15 and snake_case_name.\n> quoted\n"),
	    "plain text, a lone star and underscores in names are not markup");
	tap_ok(compose_markup_used("Please see **this**.\n"), "**bold** is markup");
	tap_ok(compose_markup_used("- one\n- two\n"), "a list is markup");
	tap_ok(compose_markup_used("See [the site](https://example.com).\n"), "a link is markup");
	h = compose_markup_html("# Offer\n\nWe have **three** _options_:\n- one\n- two\n\n"
	    "1. first\n\nשלום לכולם\n\n> a <quote>\n[x](javascript:alert(1)) [site](https://example.com/?a=1&b=2)\n");
	tap_contains(h, "<h1>Offer</h1>", "a heading");
	tap_contains(h, "<strong>three</strong>", "bold");
	tap_contains(h, "<em>options</em>", "italic");
	tap_contains(h, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "a bulleted list");
	tap_contains(h, "<ol>\n<li>first</li>\n</ol>", "a numbered list");
	tap_contains(h, "<p dir=\"rtl\">שלום לכולם</p>", "RTL-03: a Hebrew paragraph is dir=rtl");
	tap_contains(h, "<blockquote>\na &lt;quote&gt;", "a quote, its text escaped");
	tap_ok(strstr(h, "href=\"javascript") == NULL, "a javascript: link is not made a link");
	tap_contains(h, "<a href=\"https://example.com/?a=1&amp;b=2\">site</a>", "a link, escaped");
	free(h);

	fill(&d, "ann@example.com", "Offer", "We have **three** options.\n\n![logo](logo.png)\n");
	{
		struct compose_attachment img = { 0 }, doc = { 0 };

		img.name = (char *)"logo.png";
		img.data = (char *)"\x89PNG\r\n\x1a\nfake";
		img.len = 12;
		img.inline_image = true;
		draft_add_attachment(&d, &img);
		doc.name = (char *)"Preisliste März.pdf";
		doc.data = (char *)"%PDF-1.4 test";
		doc.len = 13;
		draft_add_attachment(&d, &doc);
	}
	if ((m = build_parse(&d, &o, "html")) != NULL) {
		if (getenv("TEST_COMPOSE_DUMP") != NULL)
			fputs(o.raw, stderr);
		char *data = NULL, *cause = NULL;
		size_t n = 0, i;

		tap_ok(o.html, "CMP-14: markup makes an HTML part");
		tap_contains(o.raw, "multipart/alternative", "text and HTML are alternatives");
		tap_contains(o.raw, "multipart/related", "the inline image is in a multipart/related");
		tap_contains(o.raw, "multipart/mixed", "the file makes a multipart/mixed");
		tap_contains(o.raw, "Content-Id: <img0.tether>", "the image has a Content-ID");
		tap_is_int((intmax_t)m->natts, 2, "two parts besides the text");
		for (i = 0; i < m->natts && strcmp(m->atts[i].content_type, "application/pdf") != 0; i++)
			;
		tap_ok(i < m->natts && strcmp(m->atts[i].filename, "Preisliste März.pdf") == 0,
		    "a non-ASCII file name reads back, typed by its extension");
		tap_contains(o.raw, "filename*=", "the file name is RFC 2231 encoded");
		tap_ok(i < m->natts && mime_attachment_bytes(o.raw, o.len, i, &data, &n, &cause) == TT_OK &&
		    n == 13 && memcmp(data, "%PDF-1.4 test", 13) == 0, "the file's bytes round-trip");
		free(data);
		free(cause);
		mime_message_free(&m);
	}
	/* The HTML part names the image by cid: (decoded from QP). */
	tap_contains(o.raw, "<img src=\"cid:img0.tether\" alt=\"logo\">",
	    "the HTML shows the image by cid:");
	compose_out_clear(&o);
	draft_clear(&d);
}

static const char original[] =
    "From: Ann Lee <ann@example.com>\n"
    "Reply-To: Sales <sales@example.com>\n"
    "To: Dana Levi <dana@tether-test.example>, Bob <bob@example.net>\n"
    "Cc: carol@example.org, dana@tether-test.example\n"
    "Subject: RE: Re: Quote\n"
    "Date: Mon, 2 Mar 2026 09:00:00 +0000\n"
    "Message-ID: <parent@example.com>\n"
    "References: <root@example.com> <middle@example.com>\n"
    "In-Reply-To: <middle@example.com>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=b\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Here is the quote.\n"
    "> older text\n"
    "--b\n"
    "Content-Type: application/pdf; name=quote.pdf\n"
    "Content-Disposition: attachment; filename=quote.pdf\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQ=\n"
    "--b--\n";

static void
test_reply(void)
{
	const char *own[] = { "dana@tether-test.example" };
	struct draft d;
	struct compose_out o;
	struct mime_message *m;
	char *cause = NULL;

	tap_ok(compose_reply(original, strlen(original), COMPOSE_REPLY, own, 1, "Dana Levi",
	    "dana@tether-test.example", &d, &cause) == TT_OK, "a reply draft is made");
	tap_is_str(d.subject, "Re: Quote", "one Re:, older prefixes of any case dropped");
	tap_is_str(d.to, "\"Sales\" <sales@example.com>", "a reply goes to the Reply-To");
	tap_ok(d.cc == NULL, "a reply has no Cc");
	tap_is_str(d.in_reply_to, "parent@example.com", "THR-03: In-Reply-To is the parent");
	tap_ok(d.nrefs == 3 && strcmp(d.refs[0], "root@example.com") == 0 &&
	    strcmp(d.refs[2], "parent@example.com") == 0,
	    "THR-03: References are the parent's, then the parent");
	tap_contains(d.body, "wrote:\n> Here is the quote.\n>> older text\n", "the original is quoted");
	if ((m = build_parse(&d, &o, "reply")) != NULL) {
		tap_is_str(m->in_reply_to, "parent@example.com", "the built reply has In-Reply-To");
		tap_ok(m->nrefs == 3 && strcmp(m->refs[2], "parent@example.com") == 0,
		    "the built reply has References ending with the parent");
		mime_message_free(&m);
	}
	compose_out_clear(&o);
	draft_clear(&d);

	tap_ok(compose_reply(original, strlen(original), COMPOSE_REPLY_ALL, own, 1, "Dana Levi",
	    "dana@tether-test.example", &d, &cause) == TT_OK, "a reply-all draft is made");
	tap_ok(d.cc != NULL && strstr(d.cc, "bob@example.net") != NULL &&
	    strstr(d.cc, "carol@example.org") != NULL, "reply-all copies To and Cc");
	tap_ok(d.cc != NULL && strstr(d.cc, "dana@") == NULL, "reply-all leaves out the user's own address");
	draft_clear(&d);

	tap_ok(compose_reply(original, strlen(original), COMPOSE_FORWARD, own, 1, NULL,
	    "dana@tether-test.example", &d, &cause) == TT_OK, "a forward draft is made");
	tap_is_str(d.subject, "Fwd: Quote", "a forward's subject");
	tap_ok(d.to == NULL, "a forward has no recipient yet");
	tap_contains(d.body, "Forwarded message", "the original is inline");
	tap_ok(d.natts == 1 && strcmp(d.atts[0].name, "quote.pdf") == 0 && d.atts[0].len == 8,
	    "the original's file goes along");
	draft_clear(&d);

	tap_ok(compose_reply(original, strlen(original), COMPOSE_FORWARD_ATTACH, own, 1, NULL,
	    "dana@tether-test.example", &d, &cause) == TT_OK, "a forward-as-attachment draft");
	d.to = xstrdup("eve@example.com");
	if ((m = build_parse(&d, &o, "forward attached")) != NULL) {
		tap_contains(o.raw, "Content-Type: message/rfc822", "the original is a message/rfc822 part");
		tap_contains(o.raw, "Message-ID: <parent@example.com>", "with its own headers");
		mime_message_free(&m);
	}
	compose_out_clear(&o);
	draft_clear(&d);
	free(cause);
}

/* A context for the expansion: person.first_name is "Ann", deal.title
 * is empty, org.* names no value; nothing else exists. */
static const char *
lookup(void *arg, const char *entity, const char *field, bool *known)
{
	(void)arg;
	*known = true;
	if (strcmp(entity, "person") == 0 && strcmp(field, "first_name") == 0)
		return "Ann";
	if (strcmp(entity, "deal") == 0 && strcmp(field, "title") == 0)
		return "";
	if (strcmp(entity, "org") == 0 && strcmp(field, "name") == 0)
		return NULL;
	*known = false;
	return NULL;
}

static void
test_fields(void)
{
	struct compose_missing m = { 0 };
	char *s;

	s = compose_fields_expand("Hi {{person.first_name}}, {{ PERSON.First_Name }}!", lookup, NULL, &m);
	tap_is_str(s, "Hi Ann, Ann!", "a field is filled; case and spaces do not matter");
	tap_ok(m.nempty == 0 && m.nunknown == 0, "nothing is missing");
	free(s);
	s = compose_fields_expand("Deal: {{deal.title|our order}}; org: {{org.name}}.", lookup, NULL, &m);
	tap_is_str(s, "Deal: our order; org: .", "an empty value takes its fallback; none leaves nothing");
	tap_ok(m.nempty == 1 && strcmp(m.empty[0], "{{org.name}}") == 0,
	    "CMP-12: the field without a value is listed");
	free(s);
	s = compose_fields_expand("{{org.name}} {{person.shoe_size}} {{person.shoe_size}} {{x}} {{a b}} {{ok", lookup, NULL, &m);
	tap_is_str(s, " {{person.shoe_size}} {{person.shoe_size}} {{x}} {{a b}} {{ok",
	    "unknown fields and brace text stay as written");
	tap_ok(m.nempty == 1, "a missing field is listed once");
	tap_ok(m.nunknown == 1 && strcmp(m.unknown[0], "{{person.shoe_size}}") == 0,
	    "an unknown field is reported once");
	free(s);
	compose_missing_clear(&m);
	s = compose_fields_from_labels("Dear [Person first name], about [DEAL TITLE] see [the site](https://x.example) [Unknown label]");
	tap_is_str(s, "Dear {{person.first_name}}, about {{deal.title}} see [the site](https://x.example) [Unknown label]",
	    "ambiguity 25: [Label] becomes the canonical token; links and other brackets stay");
	free(s);
}

int
main(void)
{
	mime_init();
	test_plain();
	test_refused();
	test_flowed();
	test_html();
	test_reply();
	test_fields();
	return tap_done();
}
