/* crm.h - the one public header of src/crm: item rules, linking, screening, CSV import and export. */
#ifndef TETHER_CRM_H
#define TETHER_CRM_H

/*
 * Files of this library and their jobs:
 *   items.c   the rules of items (CRM-03..11): names, deal status and its
 *             times, parties, soft-deleted deals, lead <-> deal conversion
 *   link.c    person matching and automatic item links (LINK-01..15),
 *             manual links, why a thread is unlinked (LINK-25, ERR-10)
 *   screen.c  blocked addresses at ingest and on request (BLOCK-01..09)
 *   import.c  CSV import and export of items (IMP-02..09, Appendix B)
 *   csv.c     the CSV reader and writer (csv.h)
 *   block.c   blocklist patterns and the screening rule (block.h)
 *   fields.c  the context smart fields read (ambiguity 26)
 *
 * Nothing here runs SQL: the store does, through store_crm_* and the
 * link functions of store.h.
 */

#include "store/store.h"
#include "crm/block.h"

/* --- items ---------------------------------------------------------------- */

/*
 * Saves an item: a new one when given->v[0] (the id) is NULL, else the
 * changes to the item with that id, where a NULL value keeps the stored one
 * and "" clears it.  The rules are applied first (a person's name from its
 * parts and back, CRM-03/09 parties, CRM-04/05 status times and reason), so
 * the stored item is always valid.  *id_out (may be NULL) gets the id.
 * opts are store_crm_write's.  Returns TT_EINVAL with one sentence.
 */
tt_status crm_save(struct store *st, const struct crm_item *given,
    unsigned opts, char **id_out, char **cause);
/* Deletes an item: a deal softly (status "deleted": links stay, LINK-15),
 * everything else for good (its threads lose their link). */
tt_status crm_delete(struct store *st, enum crm_kind kind, const char *id,
    char **cause);
/*
 * CRM-10: a lead becomes a deal (in pipeline and stage, NULL for the
 * first) and is marked converted; a deal becomes a lead and is deleted.
 * Threads linked to the old item follow it.  *new_id is heap.
 */
tt_status crm_convert_lead(struct store *st, const char *lead,
    const char *pipeline, const char *stage, char **new_id, char **cause);
tt_status crm_convert_deal(struct store *st, const char *deal, char **new_id,
    char **cause);
/* Finds an item by id, or by exact name or title when not an id. */
tt_status crm_resolve(struct store *st, enum crm_kind kind, const char *text,
    char **id, char **cause);

/* --- smart-field context ---------------------------------------------------- */

/* What smart fields read (behaviours.md §3): the draft's person, their
 * organization and one item, and the sending account. */
struct crm_context {
	struct crm_item item[CRM_NKINDS];   /* kind unset: its v is NULL */
	bool has[CRM_NKINDS];
	const char *user_name, *user_email, *sender_name; /* foreign */
	char today[16];
	char *scratch;                      /* owned: the last derived value */
};

void crm_context_init(struct crm_context *c);
void crm_context_clear(struct crm_context *c);
/*
 * Loads the context of ambiguity 26: the item (type and id, from the item
 * view or the thread's link, may be NULL) with its person and
 * organization; the person of the first To address that is a person
 * replaces the item's person; without an item, that person's one open
 * item when there is exactly one.  to is the To field as typed.
 */
tt_status crm_context_load(struct store *st, struct crm_context *c,
    const char *item_type, const char *item_id, const char *to, char **cause);
/* A compose_lookup_fn over a crm_context (arg): every token of §3; the
 * value is valid until the next call. */
const char *crm_context_lookup(void *arg, const char *entity,
    const char *field, bool *known);

/* --- linking ---------------------------------------------------------------- */

/* What ingest needs to screen and link new mail for one account. */
struct crm_linker;

/*
 * For account (its name; NULL: the global blocklist only) with own[] its
 * addresses: loads the effective blocklist (BLOCK-07) and remembers
 * whether items are linked automatically (LINK-06).
 */
tt_status crm_linker_open(struct store *st, const char *account,
    const char *const *own, size_t nown, bool auto_link,
    struct crm_linker **out, char **cause);
void crm_linker_close(struct crm_linker **lk);
/* Whether an incoming message is screened (BLOCK-02/03/08); mail from
 * an own address never is. */
bool crm_linker_screens(const struct crm_linker *lk,
    const struct mime_message *msg);
/*
 * Decides the item link of a thread that message just created (LINK-08..15:
 * once, at creation): exactly one open item among the counterparty
 * persons links it; two or more flag it "choose"; none leaves persons
 * only.  Manual mode links nothing (LINK-07).
 */
tt_status crm_linker_new_thread(struct crm_linker *lk, int64_t thread,
    int64_t message, char **cause);

/*
 * Links a thread to an item by hand (LINK-16/17: it replaces any other).
 * type is "deal", "lead" or "project"; id may be a title.
 */
tt_status crm_link(struct store *st, int64_t thread, const char *type,
    const char *id, char **cause);
/* Removes a thread's item link (persons stay). */
tt_status crm_unlink(struct store *st, int64_t thread, char **cause);
/*
 * LINK-05: the address's participant becomes person (every stored
 * message with that address, and so every thread, shows the person);
 * the address is added to the person's emails when missing.  Item links
 * do not change (LINK-14).  *threads gets how many threads show it.
 */
tt_status crm_attach_address(struct store *st, const char *person,
    const char *address, int64_t *threads, char **cause);

/* A thread's link as a user sees it. */
struct crm_thread_link {
	struct store_link item;       /* type NULL when unlinked */
	char *state;                  /* owned: "none", "linked", "choose" */
	char *reason;                 /* owned: one sentence (LINK-25) */
	struct store_link *candidates; /* owned: for "choose" */
	size_t ncandidates;
	struct store_thread_person *persons; /* owned */
	size_t npersons;
	char **ambiguous;             /* owned: addresses several persons
	                                 hold (multiple matching contacts) */
	size_t nambiguous;
};
/* The link, persons, candidates and the reason of a thread;
 * TT_ENOTFOUND for a deleted thread (ARC-02). */
tt_status crm_thread_link(struct store *st, int64_t thread,
    struct crm_thread_link *out, char **cause);
void crm_thread_link_clear(struct crm_thread_link *l);

/* --- screening on request --------------------------------------------------- */

/*
 * BLOCK-04: screens the account's stored mail that the current
 * blocklist would screen now (account NULL: every account's).  *n gets
 * how many messages were screened.  Runs in its own transaction.
 */
tt_status crm_block_apply(struct store *st, const char *account,
    const char *const *own, size_t nown, size_t *n, char **cause);

/* --- CSV ------------------------------------------------------------------- */

/* What an import did. */
struct crm_import_stats {
	size_t rows;          /* data rows read */
	size_t created;
	size_t updated;       /* rows with an existing ID (IMP-09) */
	size_t skipped;       /* written to the skip file (IMP-03) */
	int64_t rematched;    /* stored addresses now matched to a person */
};

/*
 * Imports items of kind from CSV bytes (headers of Appendix B: "Person -
 * Name", "Person - Email", …; the kind's prefix may be left out).  Rows
 * that cannot be imported create nothing and are written to skip (the
 * original fields plus a "Reason" column, a CSV file); the rest are
 * imported in one transaction, so a broken file (unbalanced quotes)
 * imports nothing.  Returns TT_EINVAL when the file itself cannot be
 * read or has no usable column.
 */
tt_status crm_import_csv(struct store *st, enum crm_kind kind,
    const char *data, size_t len, struct buf *skip,
    struct crm_import_stats *stats, char **cause);
/* Writes every item of kind as CSV (with the header row) into out. */
tt_status crm_export_csv(struct store *st, enum crm_kind kind,
    struct buf *out, char **cause);

#endif
