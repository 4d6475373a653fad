/* sync.h - the one public header of src/sync: bringing an account's IMAP folders into the store, then keeping them equal. */
#ifndef TETHER_SYNC_H
#define TETHER_SYNC_H

/*
 * Files of this library and their jobs:
 *   account.c  one account: secret, connect, login, ENABLE, folder list
 *              with roles, the order of work, the purge at the end
 *   folder.c   one folder: SELECT with QRESYNC/CONDSTORE, expunges, flag
 *              changes, new UIDs, and the header phase newest first
 *   bodies.c   the body phase: whole messages, newest first, in batches
 *
 * Every step commits in its own transaction and the folder's state
 * (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ) is saved only once the step that
 * depends on it is done, so a sync killed at any point resumes and
 * converges without duplicates.
 */

#include "config/config.h"
#include "store/store.h"

/* What a sync tells whoever runs it (any callback may be NULL). */
struct sync_report {
	void *arg;
	/* Work on a folder: done of total messages; phase is "headers" or
	 * "bodies". */
	void (*progress)(void *arg, const char *folder, const char *phase,
	    uint64_t done, uint64_t total);
	/* Something in the folder changed in the store. */
	void (*changed)(void *arg, const char *folder);
	/* A problem that did not stop the sync (one folder failed, say). */
	void (*warning)(void *arg, const char *text);
};

struct sync_opts {
	bool headers_only;        /* skip the body phase */
	const struct sync_report *report;
};

/* Counts of one run. */
struct sync_stats {
	uint64_t folders;
	uint64_t added;           /* messages new to the folders */
	uint64_t flags;           /* flag changes taken from the server */
	uint64_t removed;         /* uids the server expunged */
	uint64_t bodies;          /* bodies fetched */
	uint64_t purged;          /* messages no folder holds any more */
	uint64_t bytes;           /* read from the server */
};

/*
 * Syncs one account of the configuration into st.  A failure that ends
 * the run (DNS, TLS, login, the connection lost) is returned with one
 * sentence; what was committed before stays.
 */
tt_status sync_account(struct store *st, const struct account *acct,
    const struct sync_opts *opts, struct sync_stats *stats, char **cause);

#endif
