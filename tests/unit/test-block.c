/* test-block.c - unit tests of src/crm/block.c: pattern checks, matching, the block list and the screening rule (BLOCK-01..08). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "crm/block.h"

/* At most this many addresses in one header of a screening case. */
#define MAXADDR 4

static size_t
count_addrs(const char *const *a)
{
	size_t n = 0;

	while (n < MAXADDR && a[n] != NULL)
		n++;
	return n;
}

static struct block_list *
list_of(const char *const *patterns, size_t n)
{
	struct block_list *bl = block_list_new();
	size_t i;

	for (i = 0; i < n; i++)
		block_list_add(bl, patterns[i]);
	return bl;
}

static void
test_normalize_accepts(void)
{
	static const struct { const char *in, *want, *id, *what; } cases[] = {
		{ "john@example.com", "john@example.com", "BLOCK-01",
		    "a full address is accepted" },
		{ "@example.com", "@example.com", "BLOCK-01",
		    "a domain entry is accepted" },
		{ "  John@Example.COM\t", "john@example.com", "BLOCK-01",
		    "blanks are trimmed and case lowered" },
		{ "@EXAMPLE.com\r\n", "@example.com", "BLOCK-01",
		    "a pasted line end is trimmed from a domain entry" },
		{ "*@Example.com", "*@example.com", "BLOCK-06",
		    "a wildcard local part is accepted" },
		{ "John**@Ex***.com", "john*@ex*.com", "BLOCK-06",
		    "runs of * fold into one" },
		{ "*@*.example.com", "*@*.example.com", "BLOCK-06",
		    "a wildcard subdomain pattern is accepted" },
		{ "@*.example.com", "@*.example.com", "BLOCK-06",
		    "a domain entry with a wildcard is accepted" },
		{ "j\xc3\xb6rg@b\xc3\xbc" "cher.de", "j\xc3\xb6rg@b\xc3\xbc" "cher.de",
		    "BLOCK-01", "non-ASCII bytes are kept as they are" },
	};
	char *out, *cause;
	tt_status st;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		out = cause = NULL;
		st = block_pattern_normalize(cases[i].in, &out, &cause);
		tap_ok(st == TT_OK && cause == NULL, "%s: %s (status)",
		    cases[i].id, cases[i].what);
		tap_is_str(out, cases[i].want, "%s: %s", cases[i].id,
		    cases[i].what);
		free(out);
		free(cause);
	}
}

static void
test_normalize_refuses(void)
{
	static const struct { const char *in, *what; } cases[] = {
		{ "", "an empty entry" },
		{ " \t ", "an entry of blanks only" },
		{ "john doe@example.com", "a space in the local part" },
		{ "john@example .com", "a space in the domain" },
		{ "john@exa\tmple.com", "a tab inside" },
		{ "johnexample.com", "no @" },
		{ "*.example.com", "a wildcard without @" },
		{ "john@@example.com", "two @ together" },
		{ "a@b@example.com", "two @ apart" },
		{ "john\x01@example.com", "a C0 control character" },
		{ "john@exa\x7fmple.com", "DEL" },
		{ "john@ex\x1b[31mample.com", "an escape sequence" },
		{ "john\xc2\x9b@example.com", "a UTF-8 C1 control" },
		{ "john@", "an empty domain" },
		{ "@", "a lone @" },
		{ "*@", "an empty domain after a wildcard" },
	};
	char *out, *cause;
	tt_status st;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		out = cause = NULL;
		st = block_pattern_normalize(cases[i].in, &out, &cause);
		tap_ok(st == TT_EINVAL && out == NULL,
		    "BLOCK-01: %s is refused", cases[i].what);
		tap_ok(cause != NULL && *cause != '\0' &&
		    strchr(cause, '\n') == NULL,
		    "BLOCK-01: refusing %s gives one sentence", cases[i].what);
		free(out);
		free(cause);
	}

	/* cause may be NULL when the caller only wants the verdict. */
	out = NULL;
	tap_ok(block_pattern_normalize("nope", &out, NULL) == TT_EINVAL &&
	    out == NULL, "BLOCK-01: a refusal without a cause pointer");
}

/* One pattern against one address; the same answer alone and in a list. */
static void
test_pattern_match(void)
{
	static const struct { const char *pat, *addr; bool want; const char *id, *what; } cases[] = {
		{ "john@example.com", "john@example.com", true, "BLOCK-01",
		    "a full address matches itself" },
		{ "john@example.com", "jane@example.com", false, "BLOCK-01",
		    "a full address does not match another at the domain" },
		{ "@example.com", "anyone@example.com", true, "BLOCK-01",
		    "a domain entry matches every address at it" },
		{ "john@example.com", "JOHN@Example.COM", true, "BLOCK-05",
		    "a full address matches without case" },
		{ "@example.com", "Jane@EXAMPLE.com", true, "BLOCK-05",
		    "@example.com matches without case" },
		{ "@example.com", "x@sub.example.com", false, "BLOCK-05",
		    "@example.com does not match sub.example.com" },
		{ "@example.com", "x@badexample.com", false, "BLOCK-05",
		    "@example.com does not match badexample.com" },
		{ "@example.com", "x@example.com.evil", false, "BLOCK-05",
		    "@example.com does not match example.com.evil" },
		{ "@example.com", "x@example.co", false, "BLOCK-05",
		    "@example.com does not match a shorter domain" },
		{ "@example.com", "\"a@b\"@example.com", true, "BLOCK-05",
		    "the domain is the part after the last @" },
		{ "@example.com", "x@example.com@evil.org", false, "BLOCK-05",
		    "an @example.com inside the local part does not count" },
		{ "john@example.com", "john@example.com.", false, "BLOCK-05",
		    "a trailing dot is a different address" },
		{ "*@example.com", "anyone@example.com", true, "BLOCK-06",
		    "*@example.com matches any local part" },
		{ "*@example.com", "@example.com", true, "BLOCK-06",
		    "* matches an empty run" },
		{ "*@example.com", "x@sub.example.com", false, "BLOCK-06",
		    "*@example.com does not match a subdomain" },
		{ "john*@ex*.com", "john@example.com", true, "BLOCK-06",
		    "john*@ex*.com matches john@example.com" },
		{ "john*@ex*.com", "Johnny.B@EXPERT.com", true, "BLOCK-06",
		    "john*@ex*.com matches Johnny.B@EXPERT.com" },
		{ "john*@ex*.com", "john@example.org", false, "BLOCK-06",
		    "john*@ex*.com does not match another top-level domain" },
		{ "john*@ex*.com", "ajohn@example.com", false, "BLOCK-06",
		    "a wildcard pattern is anchored at the start" },
		{ "john*@ex*.com", "john@example.com.au", false, "BLOCK-06",
		    "a wildcard pattern is anchored at the end" },
		{ "*@*.example.com", "x@mail.example.com", true, "BLOCK-06",
		    "*@*.example.com matches a subdomain" },
		{ "*@*.example.com", "x@a.b.example.com", true, "BLOCK-06",
		    "*@*.example.com matches a deeper subdomain" },
		{ "*@*.example.com", "x@example.com", false, "BLOCK-06",
		    "*@*.example.com does not match the bare domain" },
		{ "@*.example.com", "x@Mail.Example.com", true, "BLOCK-06",
		    "@*.example.com matches a subdomain's addresses" },
		{ "@*.example.com", "x@example.com", false, "BLOCK-06",
		    "@*.example.com does not match the bare domain" },
		{ "*@*", "x@y", true, "BLOCK-06",
		    "*@* matches any address with @" },
		{ "*@*", "no-at-sign", false, "BLOCK-06",
		    "*@* does not match an address without @" },
		{ "a*b*c@x", "abc@x", true, "BLOCK-06",
		    "several * may each match nothing" },
		{ "a*b*c@x", "aXbYbZc@x", true, "BLOCK-06",
		    "a * backtracks past a false start" },
		{ "a*b*c@x", "acb@x", false, "BLOCK-06",
		    "literal parts must come in order" },
		{ "j\xc3\xb6rg@example.com", "J\xc3\xb6rg@example.com", true,
		    "BLOCK-05", "ASCII case folds next to UTF-8 bytes" },
		{ "@example.com", "", false, "BLOCK-05",
		    "an empty address does not match" },
		{ "@example.com", "example.com", false, "BLOCK-05",
		    "an address without @ does not match a domain entry" },
		{ "@example.com", "@", false, "BLOCK-05",
		    "a lone @ does not match a domain entry" },
		{ "john@example.com", "john@", false, "BLOCK-05",
		    "an address with an empty domain does not match" },
	};
	struct block_list *bl;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		tap_ok(block_pattern_match(cases[i].pat, cases[i].addr) ==
		    cases[i].want, "%s: %s", cases[i].id, cases[i].what);
		bl = list_of(&cases[i].pat, 1);
		tap_ok(block_list_match(bl, cases[i].addr) == cases[i].want,
		    "%s: %s (in a list)", cases[i].id, cases[i].what);
		block_list_free(&bl);
	}
	tap_ok(!block_pattern_match("@example.com", NULL) &&
	    !block_pattern_match("*@*", NULL),
	    "BLOCK-05: a NULL address matches nothing and does not crash");
}

/* BLOCK-07: the global and the account's list added into one. */
static void
test_union(void)
{
	static const char *const global[] = {
		"spam@a.example", "@b.example", "*@*.c.example",
	};
	static const char *const account[] = {
		"news@d.example", "spam@a.example", "SPAM@A.example",
	};
	static const struct { const char *addr; bool want; const char *what; } cases[] = {
		{ "spam@a.example", true, "a global address" },
		{ "x@b.example", true, "a global domain" },
		{ "x@mail.c.example", true, "a global wildcard" },
		{ "news@d.example", true, "an account address" },
		{ "other@d.example", false, "a neighbour of an account address" },
		{ "x@c.example", false, "the bare domain of a wildcard" },
		{ "friend@e.example", false, "an address on neither list" },
	};
	struct block_list *bl;
	size_t i;

	bl = block_list_new();
	tap_is_int((intmax_t)block_list_count(bl), 0,
	    "BLOCK-07: a new list is empty");
	tap_ok(!block_list_match(bl, "x@y"), "BLOCK-07: an empty list blocks nothing");
	for (i = 0; i < TT_ARRAY_LEN(global); i++)
		block_list_add(bl, global[i]);
	for (i = 0; i < TT_ARRAY_LEN(account); i++)
		block_list_add(bl, account[i]);
	tap_is_int((intmax_t)block_list_count(bl), 4,
	    "BLOCK-07: the union counts an entry on both lists once");
	for (i = 0; i < TT_ARRAY_LEN(cases); i++)
		tap_ok(block_list_match(bl, cases[i].addr) == cases[i].want,
		    "BLOCK-07: %s is %s", cases[i].what,
		    cases[i].want ? "blocked" : "not blocked");
	block_list_free(&bl);
	tap_ok(bl == NULL, "BLOCK-07: block_list_free clears the pointer");
	block_list_free(&bl);
	tap_ok(block_list_count(NULL) == 0 && !block_list_match(NULL, "x@y"),
	    "BLOCK-07: a NULL list is empty");
}

static void
test_screen(void)
{
	static const char *const patterns[] = {
		"spam@bad.example", "@junk.example", "*@*.promo.example",
		"@own.example",
	};
	static const char *const own[] = { "me@own.example", "Me@Alias.example" };
	static const struct {
		const char *from[MAXADDR], *to_cc[MAXADDR];
		bool want;
		const char *id, *what;
	} cases[] = {
		{ { "spam@bad.example" }, { "me@own.example" }, true, "BLOCK-02",
		    "a blocked sender to me alone is screened" },
		{ { "SPAM@Bad.Example" }, { "ME@OWN.EXAMPLE" }, true, "BLOCK-02",
		    "case does not matter for senders or own addresses" },
		{ { "spam@bad.example" }, { NULL }, true, "BLOCK-02",
		    "a blocked sender with no To/Cc is screened" },
		{ { "spam@bad.example" }, { "me@own.example", "me@alias.example" },
		    true, "BLOCK-02", "several own addresses are all left out" },
		{ { "spam@bad.example", "x@junk.example" }, { "me@own.example" },
		    true, "BLOCK-02", "several From, all blocked, is screened" },
		{ { "spam@bad.example", "friend@good.example" },
		    { "me@own.example" }, false, "BLOCK-02",
		    "one unblocked From keeps the message" },
		{ { "spam@bad.example" }, { "me@own.example", "x@junk.example" },
		    true, "BLOCK-02", "every other To/Cc blocked is screened" },
		{ { "a@x.promo.example" }, { "b@y.promo.example" }, true,
		    "BLOCK-02", "wildcard-blocked sender and recipient" },
		{ { "friend@good.example" }, { "me@own.example" }, false,
		    "BLOCK-02", "an unblocked sender is not screened" },
		{ { "spam@bad.example" }, { "me@own.example", "friend@good.example" },
		    false, "BLOCK-03",
		    "an unblocked counterparty in To/Cc keeps the message" },
		{ { "spam@bad.example" }, { "friend@good.example" }, false,
		    "BLOCK-03", "an unblocked counterparty alone keeps it" },
		{ { "spam@bad.example" }, { "x@junk.example", "friend@good.example",
		    "me@own.example" }, false, "BLOCK-03",
		    "an unblocked counterparty after blocked ones keeps it" },
		{ { "spam@bad.example" }, { "me@sub.own.example" }, false,
		    "BLOCK-03", "a colleague at a subdomain is a counterparty" },
		{ { "me@own.example" }, { "spam@bad.example" }, false, "BLOCK-08",
		    "From an own address is never screened" },
		{ { "me@own.example" }, { NULL }, false, "BLOCK-08",
		    "From an own address at a blocked own domain is not screened" },
		{ { "ME@alias.EXAMPLE" }, { "x@junk.example" }, false, "BLOCK-08",
		    "From an own address in another case is not screened" },
		{ { "spam@bad.example", "me@own.example" }, { NULL }, false,
		    "BLOCK-08", "an own address among several From is not screened" },
		{ { "colleague@own.example" }, { "me@own.example" }, true,
		    "BLOCK-08", "another address at the own domain is blocked" },
		{ { NULL }, { "me@own.example" }, false, "BLOCK-02",
		    "a message with no From is not screened" },
		{ { NULL }, { NULL }, false, "BLOCK-02",
		    "a message with no addresses is not screened" },
		{ { "" }, { NULL }, false, "BLOCK-02",
		    "an empty From is not blocked" },
		{ { "spam@bad.example" }, { "" }, false, "BLOCK-03",
		    "an empty To is an unblocked counterparty" },
	};
	struct block_list *bl;
	size_t i;

	bl = list_of(patterns, TT_ARRAY_LEN(patterns));
	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		tap_ok(block_screen(bl, cases[i].from, count_addrs(cases[i].from),
		    cases[i].to_cc, count_addrs(cases[i].to_cc), own,
		    TT_ARRAY_LEN(own)) == cases[i].want, "%s: %s", cases[i].id,
		    cases[i].what);
	}
	tap_ok(block_screen(bl, cases[0].from, 1, NULL, 0, NULL, 0),
	    "BLOCK-02: without own addresses a blocked sender alone "
	    "is screened");
	tap_ok(!block_screen(NULL, cases[0].from, 1, NULL, 0, own, 2),
	    "BLOCK-02: no list screens nothing");
	/* Bcc is not a parameter: a message known only by Bcc is screened
	 * like one addressed to the user alone. */
	tap_ok(block_screen(bl, cases[0].from, 1, NULL, 0, own, 2),
	    "BLOCK-02: Bcc is ignored (a Bcc-only message counts as To/Cc empty)");
	block_list_free(&bl);
}

/* Hostile patterns must not take exponential (or recursive) time. */
static void
test_hostile(void)
{
	char *pat, *pat_b, *addr, *addr_b;
	size_t i, n = 10000;

	pat = xmalloc(200 * 2 + 1);
	for (i = 0; i < 200; i++)
		memcpy(pat + i * 2, "*a", 2);
	pat[400] = '\0';
	pat_b = xasprintf("%s*b", pat);
	addr = xmalloc(n + 1);
	memset(addr, 'a', n);
	addr[n] = '\0';
	addr_b = xstrdup(addr);
	addr_b[n - 1] = 'b';

	tap_ok(block_pattern_match(pat, addr),
	    "BLOCK-06: 200 *a pairs match 10,000 a's");
	tap_ok(!block_pattern_match(pat, addr_b),
	    "BLOCK-06: 200 *a pairs do not match 9,999 a's and a b");
	tap_ok(!block_pattern_match(pat_b, addr),
	    "BLOCK-06: 200 *a pairs then *b do not match 10,000 a's");
	tap_ok(block_pattern_match(pat_b, addr_b),
	    "BLOCK-06: 200 *a pairs then *b match 9,999 a's and a b");
	tap_ok(!block_pattern_match("a*a*a*a*a*a*a*a*a*a*a*b", addr),
	    "BLOCK-06: a*a*...*b against 10,000 a's is a quick no");
	free(pat);
	free(pat_b);
	free(addr);
	free(addr_b);
}

/* A big list: built and queried by hash, not by scanning. */
static void
test_large(void)
{
	struct block_list *bl;
	char addr[64];
	bool ok = true;
	size_t i, n = 100000;

	bl = block_list_new();
	for (i = 0; i < n; i++) {
		if (i % 2 == 0)
			snprintf(addr, sizeof addr, "user%zu@host%zu.example", i,
			    i % 997);
		else
			snprintf(addr, sizeof addr, "@domain%zu.example", i);
		block_list_add(bl, addr);
	}
	block_list_add(bl, "*@*.wild.example");
	tap_is_int((intmax_t)block_list_count(bl), (intmax_t)n + 1,
	    "BLOCK-07: 100,000 entries and a wildcard are all kept");
	block_list_add(bl, "USER0@host0.example");
	tap_is_int((intmax_t)block_list_count(bl), (intmax_t)n + 1,
	    "BLOCK-07: a duplicate in another case is not added again");

	for (i = 0; i < n && ok; i += 7) {
		if (i % 2 == 0)
			snprintf(addr, sizeof addr, "User%zu@Host%zu.example", i,
			    i % 997);
		else
			snprintf(addr, sizeof addr, "anyone@DOMAIN%zu.example", i);
		ok = block_list_match(bl, addr);
	}
	tap_ok(ok, "BLOCK-05: every sampled entry of 100,000 matches");
	for (i = 0; i < n && ok; i += 7) {
		if (i % 2 == 0)
			snprintf(addr, sizeof addr, "user%zu@host%zu.example",
			    i + 1, i % 997);
		else
			snprintf(addr, sizeof addr, "x@sub.domain%zu.example", i);
		ok = !block_list_match(bl, addr);
	}
	tap_ok(ok, "BLOCK-05: neighbours and subdomains of 100,000 entries "
	    "do not match");
	tap_ok(block_list_match(bl, "x@a.wild.example") &&
	    !block_list_match(bl, "x@wild.example"),
	    "BLOCK-06: a wildcard still works among 100,000 entries");
	block_list_free(&bl);
}

int
main(void)
{
	test_normalize_accepts();
	test_normalize_refuses();
	test_pattern_match();
	test_union();
	test_screen();
	test_hostile();
	test_large();
	return tap_done();
}
