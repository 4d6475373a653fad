/* block.h - blocked address patterns and the screening rule (BLOCK-01..09). */
#ifndef TETHER_BLOCK_H
#define TETHER_BLOCK_H

#include "util/util.h"

/*
 * A pattern is a whole address ("john@example.com"), a domain
 * ("@example.com", that domain exactly, not its subdomains: BLOCK-05), or
 * either with "*" wildcards matched against the whole address
 * ("*@example.com", "john*@ex*.com": BLOCK-06).  A domain pattern with
 * wildcards ("@*.example.com") is matched against the domain only.
 * Matching ignores ASCII case only: other bytes must be equal, so a UTF-8
 * domain matches only as written (headers carry IDN domains as ASCII
 * "xn--" labels, which fold).
 */

/*
 * Checks and normalises a pattern typed by a user: trims blanks (spaces,
 * tabs, line ends), lowers ASCII case, folds runs of "*" into one, and
 * refuses (TT_EINVAL, one sentence) an empty pattern, one with spaces or
 * control characters (C0, DEL, UTF-8 C1) inside, no "@", more than one
 * "@", or nothing after the "@" (wildcards or not: "*@" matches no real
 * address).  *out is heap on success, NULL on failure.
 */
tt_status block_pattern_normalize(const char *in, char **out, char **cause);
/* Whether address (any case; may be odd, empty or NULL) matches one
 * normalised pattern; block_list_match gives the same answer. */
bool block_pattern_match(const char *pattern, const char *address);

/* A set of normalised patterns (the union of the global list and the
 * account's own, BLOCK-07: add both; duplicates count once); matching an
 * address costs a hash lookup for the whole address and for "@" + the
 * part after its last "@", and a scan only over wildcard patterns. */
struct block_list;
struct block_list *block_list_new(void);
void block_list_add(struct block_list *bl, const char *pattern);
bool block_list_match(const struct block_list *bl, const char *address);
size_t block_list_count(const struct block_list *bl);
void block_list_free(struct block_list **bl);

/*
 * The screening rule for an incoming message (BLOCK-02/03/08, ambiguity
 * 1): screened iff it has at least one From address, every From address
 * is blocked, none of them is an own address, and every To/Cc address
 * that is not an own address is blocked too.  Bcc is ignored.  own[] are
 * the account's own addresses (compared without case).
 */
bool block_screen(const struct block_list *bl, const char *const *from,
    size_t nfrom, const char *const *to_cc, size_t nto_cc,
    const char *const *own, size_t nown);

#endif
