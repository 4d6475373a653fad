/* block.c - blocked address patterns, a set of them with cheap lookups, and the screening rule. */
#include <stdlib.h>
#include <string.h>

#include "crm/block.h"

/*
 * Case is folded for ASCII letters only: bytes of 0x80 and above are
 * compared as they are, so a UTF-8 domain matches only in the case it was
 * written in.  Real headers carry IDN domains as "xn--" A-labels, which are
 * ASCII, so this covers them.
 */
static inline unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Blanks that are trimmed from the ends of a typed pattern. */
static bool
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

tt_status
block_pattern_normalize(const char *in, char **out, char **cause)
{
	const unsigned char *s, *e, *p;
	const unsigned char *at = NULL;
	size_t nat = 0;
	char *copy, *q;

	*out = NULL;
	if (in == NULL)
		in = "";
	s = (const unsigned char *)in;
	e = s + strlen(in);
	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s == e) {
		return tt_fail(cause, TT_EINVAL, _("the blocked address is empty; "
		    "give an address such as john@example.com or a domain such "
		    "as @example.com"));
	}

	/*
	 * Controls first: the later sentences could name the pattern one day,
	 * and none of them should be able to carry an escape sequence.  C1
	 * controls are refused in their UTF-8 form (0xC2 0x80..0x9F) too.
	 */
	for (p = s; p < e; p++) {
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p + 1 < e && p[1] >= 0x80 && p[1] <= 0x9f)) {
			return tt_fail(cause, TT_EINVAL, _("the blocked address "
			    "contains a control character; type it again as "
			    "plain text"));
		}
	}
	for (p = s; p < e; p++) {
		if (*p == ' ') {
			return tt_fail(cause, TT_EINVAL, _("the blocked address "
			    "contains a space; give one address or domain per "
			    "entry"));
		}
		if (*p == '@' && nat++ == 0)
			at = p;
	}
	if (nat == 0) {
		return tt_fail(cause, TT_EINVAL, _("the blocked address has no "
		    "\"@\"; give an address such as john@example.com or a "
		    "domain such as @example.com"));
	}
	if (nat > 1) {
		return tt_fail(cause, TT_EINVAL, _("the blocked address has more "
		    "than one \"@\"; give one address or domain per entry"));
	}
	/*
	 * An empty domain can never match a real address, whether or not the
	 * local part has a wildcard ("john@", "*@", "@"), so it is refused.
	 */
	if (at + 1 == e) {
		return tt_fail(cause, TT_EINVAL, _("the blocked address has "
		    "nothing after \"@\"; add the domain, as in %s"),
		    at == s ? "@example.com" : "john@example.com");
	}

	/* Lower ASCII and fold runs of '*' into one: same meaning, less work. */
	copy = q = xmalloc((size_t)(e - s) + 1);
	for (p = s; p < e; p++) {
		if (*p == '*' && q > copy && q[-1] == '*')
			continue;
		*q++ = (char)fold(*p);
	}
	*q = '\0';
	*out = copy;
	return TT_OK;
}

/*
 * Glob match of pattern[0..plen) against text[0..tlen), '*' matching any
 * run of bytes (none included), ASCII case folded.  Iterative, with one
 * backtrack point: on a mismatch only the most recent '*' is widened by one
 * byte.  That is enough because an earlier '*' can never help where a later
 * one could not, so the cost is at most plen * tlen and usually close to
 * tlen, even for hostile patterns such as "a*a*a*...*b".
 */
static bool
glob_match(const char *pattern, size_t plen, const char *text, size_t tlen)
{
	size_t pi = 0, ti = 0;
	size_t star_pi = SIZE_MAX, star_ti = 0;

	while (ti < tlen) {
		if (pi < plen && pattern[pi] == '*') {
			/* Try the '*' as empty first; remember where to resume. */
			star_pi = pi++;
			star_ti = ti;
		} else if (pi < plen &&
		    fold((unsigned char)pattern[pi]) ==
		    fold((unsigned char)text[ti])) {
			pi++;
			ti++;
		} else if (star_pi != SIZE_MAX) {
			/* Let the last '*' swallow one more byte and retry. */
			pi = star_pi + 1;
			ti = ++star_ti;
		} else
			return false;
	}
	while (pi < plen && pattern[pi] == '*')
		pi++;
	return pi == plen;
}

/* Case-folded equality of two byte ranges. */
static bool
fold_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
			return false;
	}
	return true;
}

/* The domain of an address: what follows its last '@', or NULL. */
static const char *
address_domain(const char *address)
{
	const char *at;

	at = strrchr(address, '@');
	return at == NULL ? NULL : at + 1;
}

/*
 * The forms, in the order block_list_match tries them, so that one pattern
 * gives the same answer alone and in a list:
 *   - equal to the whole address;
 *   - "@domain": equal to the address's domain (after its last '@'); with
 *     wildcards ("@*.example.com") globbed against that domain, since a
 *     whole address never starts with '@';
 *   - any other pattern with '*' globbed against the whole address.
 */
bool
block_pattern_match(const char *pattern, const char *address)
{
	const char *domain;
	size_t plen;

	if (pattern == NULL || *pattern == '\0')
		return false;
	if (address == NULL)
		address = "";
	if (ascii_strcasecmp(pattern, address) == 0)
		return true;
	plen = strlen(pattern);
	if (pattern[0] == '@') {
		if ((domain = address_domain(address)) == NULL)
			return false;
		return glob_match(pattern + 1, plen - 1, domain, strlen(domain));
	}
	if (strchr(pattern, '*') == NULL)
		return false;
	return glob_match(pattern, plen, address, strlen(address));
}

/* --- the set ------------------------------------------------------------ */

/* One stored pattern, lowered; hash is of the lowered bytes. */
struct block_entry {
	char *pattern;
	size_t len;
	uint64_t hash;
};

struct block_list {
	/* Open addressing, linear probing; size is a power of two. */
	struct block_entry *slots;
	size_t size;
	size_t count;

	/* Patterns with '*', borrowed from slots; scanned one by one. */
	const char **wild;
	size_t nwild;
	size_t wildcap;
};

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* FNV-1a of the case-folded bytes, continuing from h. */
static uint64_t
hash_fold(uint64_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= fold((unsigned char)s[i]);
		h *= FNV_PRIME;
	}
	return h;
}

/* Mixes the hash's high bits into the index: FNV's low bits are weak. */
static size_t
slot_of(uint64_t hash, size_t size)
{
	return (size_t)(hash ^ (hash >> 32)) & (size - 1);
}

/*
 * Finds the entry equal to prefix (NUL or '@') followed by s[0..len),
 * ignoring ASCII case, without building that string.
 */
static const struct block_entry *
block_list_find(const struct block_list *bl, char prefix, const char *s,
    size_t len)
{
	const struct block_entry *e;
	uint64_t h = FNV_OFFSET;
	size_t i, plen = prefix != '\0';

	if (bl->count == 0)
		return NULL;
	if (plen != 0)
		h = hash_fold(h, &prefix, 1);
	h = hash_fold(h, s, len);
	for (i = slot_of(h, bl->size);; i = (i + 1) & (bl->size - 1)) {
		e = &bl->slots[i];
		if (e->pattern == NULL)
			return NULL;
		if (e->hash != h || e->len != plen + len)
			continue;
		if (plen != 0 && e->pattern[0] != prefix)
			continue;
		if (fold_equal(e->pattern + plen, len, s, len))
			return e;
	}
}

/* Places an entry known to be absent; there is always a free slot. */
static void
block_list_place(struct block_list *bl, struct block_entry *e)
{
	size_t i;

	for (i = slot_of(e->hash, bl->size); bl->slots[i].pattern != NULL;
	    i = (i + 1) & (bl->size - 1))
		;
	bl->slots[i] = *e;
}

/* Doubles the table; keeps the load at or under 3/4. */
static void
block_list_grow(struct block_list *bl)
{
	struct block_entry *old = bl->slots;
	size_t oldsize = bl->size, i;

	if (bl->size > SIZE_MAX / 2 / sizeof *bl->slots)
		fatalx("block list too large");
	bl->size *= 2;
	bl->slots = xcalloc(bl->size, sizeof *bl->slots);
	for (i = 0; i < oldsize; i++) {
		if (old[i].pattern != NULL)
			block_list_place(bl, &old[i]);
	}
	free(old);
}

struct block_list *
block_list_new(void)
{
	struct block_list *bl;

	bl = xcalloc(1, sizeof *bl);
	bl->size = 16;
	bl->slots = xcalloc(bl->size, sizeof *bl->slots);
	return bl;
}

/*
 * Adds a pattern (expected to come from block_pattern_normalize; it is
 * lowered again here so a raw one still matches without case).  Adding a
 * pattern that is already there does nothing, so adding the global list
 * and then the account's gives their union (BLOCK-07).
 */
void
block_list_add(struct block_list *bl, const char *pattern)
{
	struct block_entry e;

	if (pattern == NULL || *pattern == '\0')
		return;
	e.len = strlen(pattern);
	if (block_list_find(bl, '\0', pattern, e.len) != NULL)
		return;
	if ((bl->count + 1) * 4 > bl->size * 3)
		block_list_grow(bl);
	e.pattern = ascii_lower(xstrdup(pattern));
	e.hash = hash_fold(FNV_OFFSET, e.pattern, e.len);
	block_list_place(bl, &e);
	bl->count++;

	if (strchr(e.pattern, '*') != NULL) {
		if (bl->nwild == bl->wildcap) {
			bl->wildcap = bl->wildcap == 0 ? 8 : bl->wildcap * 2;
			bl->wild = xreallocarray(bl->wild, bl->wildcap,
			    sizeof *bl->wild);
		}
		bl->wild[bl->nwild++] = e.pattern;
	}
}

/*
 * Whether any pattern matches: the whole address and "@" + its domain are
 * hash lookups (a wildcard pattern found this way equals the address, so
 * it would match anyway); only wildcard patterns are scanned.
 */
bool
block_list_match(const struct block_list *bl, const char *address)
{
	const char *domain;
	size_t i;

	if (bl == NULL || bl->count == 0)
		return false;
	if (address == NULL)
		address = "";
	if (block_list_find(bl, '\0', address, strlen(address)) != NULL)
		return true;
	domain = address_domain(address);
	if (domain != NULL &&
	    block_list_find(bl, '@', domain, strlen(domain)) != NULL)
		return true;
	for (i = 0; i < bl->nwild; i++) {
		if (block_pattern_match(bl->wild[i], address))
			return true;
	}
	return false;
}

size_t
block_list_count(const struct block_list *bl)
{
	return bl == NULL ? 0 : bl->count;
}

void
block_list_free(struct block_list **blp)
{
	struct block_list *bl = *blp;
	size_t i;

	if (bl == NULL)
		return;
	for (i = 0; i < bl->size; i++)
		free(bl->slots[i].pattern);
	free(bl->slots);
	free(bl->wild);
	free(bl);
	*blp = NULL;
}

/* --- screening ---------------------------------------------------------- */

static bool
is_own(const char *address, const char *const *own, size_t nown)
{
	size_t i;

	if (address == NULL)
		return false;
	for (i = 0; i < nown; i++) {
		if (own[i] != NULL && ascii_strcasecmp(address, own[i]) == 0)
			return true;
	}
	return false;
}

bool
block_screen(const struct block_list *bl, const char *const *from,
    size_t nfrom, const char *const *to_cc, size_t nto_cc,
    const char *const *own, size_t nown)
{
	size_t i;

	/* No sender to blame: nothing says it comes from a blocked one. */
	if (bl == NULL || nfrom == 0)
		return false;
	for (i = 0; i < nfrom; i++) {
		/* Mail from the user is never hidden, whatever is blocked. */
		if (is_own(from[i], own, nown))
			return false;
		if (!block_list_match(bl, from[i]))
			return false;
	}
	/* Any real, unblocked counterparty keeps the message (BLOCK-03). */
	for (i = 0; i < nto_cc; i++) {
		if (is_own(to_cc[i], own, nown))
			continue;
		if (!block_list_match(bl, to_cc[i]))
			return false;
	}
	return true;
}
