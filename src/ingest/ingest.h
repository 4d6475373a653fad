/* ingest.h - the one public header of src/ingest: raw messages in, parsed, deduplicated, stored and threaded. */
#ifndef TETHER_INGEST_H
#define TETHER_INGEST_H

/*
 * Files of this library and their jobs:
 *   ingest.c  one session of adding messages to a folder, committed in batches
 *
 * Every way mail enters tether (import now, sync later) goes through here,
 * so parsing, deduplication and threading (and later person matching and
 * screening) happen the same way whatever the source.
 */

#include "store/store.h"
#include "crm/crm.h"

/* Messages per transaction: large enough to be fast, small enough that a
 * crash loses little (what was committed stays). */
#define INGEST_BATCH 1000

struct ingest;

/* Counts of committed work (seen counts every message offered). */
struct ingest_stats {
	size_t seen;        /* messages offered */
	size_t added;       /* new messages stored */
	size_t duplicates;  /* already in this folder (same Message-Id and bytes) */
	size_t linked;      /* known message added to one more folder */
	size_t unparsed;    /* stored raw only, with the reason */
	size_t screened;    /* kept but hidden: the sender is blocked */
};

/*
 * Starts adding messages to folder_id of account_id.  own[] are the user's
 * addresses (a message from one of them counts as sent, THR-11).
 * Returns TT_OK or a store error.
 */
tt_status ingest_open(struct store *st, int64_t account_id, int64_t folder_id,
    const char *const *own, size_t nown, struct ingest **out, char **cause);
/*
 * Adds one message (flags MSG_*, uid 0 for the folder's next); raw is
 * copied, so the caller may reuse it.  The message is parsed on a second
 * thread and stored in order, so the count in ingest_stats lags until
 * ingest_close.  A message that does not parse is kept raw with the reason
 * and does not fail; only a store failure (disk full, …) returns an error
 * (possibly of an earlier message), after which the session must be closed.
 */
tt_status ingest_add(struct ingest *in, const char *raw, size_t len,
    unsigned flags, time_t internal_date, uint32_t uid, char **cause);
/*
 * Adds a message known by its header fields only (the first phase of a
 * sync): header is those fields, size the whole message's size.  It is
 * threaded and listed at once; store_message_set_body adds the rest.
 */
tt_status ingest_add_headers(struct ingest *in, const char *header, size_t len,
    unsigned flags, time_t internal_date, uint32_t uid, int64_t size,
    char **cause);
/* Gives stored message id (added by ingest_add_headers) its whole bytes,
 * parsed on the second thread like any message (counted as added). */
tt_status ingest_add_body(struct ingest *in, int64_t id, const char *raw,
    size_t len, time_t date, char **cause);
/*
 * Screens and links new mail from now on (nothing is screened or
 * linked without it): account names the blocklist to use besides the
 * global one (NULL: only that), auto_link is link_mode = auto.  Persons
 * are matched on every stored address whether or not this is called.
 */
tt_status ingest_link(struct ingest *in, const char *account, bool auto_link,
    char **cause);
/* For a server's folder: every uid offered is recorded, also for a second
 * copy of a message the folder holds already. */
void ingest_keep_uids(struct ingest *in);
/* Stores everything queued and commits now (a sync's step is durable). */
tt_status ingest_commit(struct ingest *in, char **cause);
/* The counts so far. */
const struct ingest_stats *ingest_stats(const struct ingest *in);
/* Stores what is queued, commits and ends the session (a failure → error);
 * final (may be NULL) receives the last counts. */
tt_status ingest_close(struct ingest **in, struct ingest_stats *final,
    char **cause);

#endif
