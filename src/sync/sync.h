/* sync.h - the one public header of src/sync: bringing an account's IMAP folders into the store, then keeping them equal. */
#ifndef TETHER_SYNC_H
#define TETHER_SYNC_H

/*
 * Files of this library and their jobs:
 *   account.c  one account: secret, connect, login, ENABLE, folder list
 *              with roles, the order of work, the purge at the end
 *   replay.c   the journal's intents sent to the server, confirmed or
 *              refused, before the folders are read
 *   doctor.c   tether doctor: the servers checked step by step
 *   folder.c   one folder: SELECT with QRESYNC/CONDSTORE, expunges, flag
 *              changes, new UIDs, and the header phase newest first
 *   bodies.c   the body phase: whole messages, newest first, in batches
 *   outbox.c   the outbox: due messages sent by SMTP, retried, filed in Sent
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
	bool manual_links;        /* link_mode = manual: no automatic item links */
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
	uint64_t replayed;        /* the user's changes the server took */
	uint64_t refused;         /* …and those it refused (undone locally) */
	uint64_t bytes;           /* read from the server */
};

/* An account's open connection, for passes one after another. */
struct sync_session;

/* Connects and logs in (see sync_account for the failures). */
tt_status sync_open(struct store *st, const struct account *acct,
    const struct sync_opts *opts, struct sync_session **out, char **cause);
/* One pass: the journal replayed, then every folder (or only the inbox),
 * headers then bodies. */
tt_status sync_run(struct sync_session *ss, bool inbox_only,
    struct sync_stats *stats, char **cause);
/*
 * Watching the inbox: sync_watch_start EXAMINEs it and starts IDLE (or,
 * without IDLE, NOOP every 30 s); sync_watch_wait waits up to timeout_ms
 * for news from the server (SYNC_WAKE_SERVER: IDLE has ended, sync the
 * inbox) or for wake_fd (-1: none) to be readable (SYNC_WAKE_FD: IDLE goes
 * on); sync_watch_stop ends IDLE (sync_run does it itself);
 * sync_watch_age_ms tells how long the IDLE has run (RFC 2177: renew it
 * before 29 minutes).
 */
enum sync_wake { SYNC_WAKE_TIMEOUT, SYNC_WAKE_SERVER, SYNC_WAKE_FD };
tt_status sync_watch_start(struct sync_session *ss, char **cause);
tt_status sync_watch_wait(struct sync_session *ss, int wake_fd, int timeout_ms,
    enum sync_wake *why, char **cause);
tt_status sync_watch_stop(struct sync_session *ss, char **cause);
int64_t sync_watch_age_ms(const struct sync_session *ss);
/* Fetches one message's body now (one the user opened). */
tt_status sync_fetch_body(struct sync_session *ss, int64_t message_id,
    char **cause);
/* Stores raw (CRLF lines) in the server's folder of that role ("sent",
 * "drafts") with flags ("\\Seen").  TT_ENOTFOUND when the server has
 * none. */
tt_status sync_append(struct sync_session *ss, const char *role,
    const char *flags, const char *raw, char **cause);
/* Removes the messages with that Message-Id from the folder of role (with
 * UIDPLUS only them; without it they are marked \\Deleted and CLOSE
 * removes them). */
tt_status sync_remove_message(struct sync_session *ss, const char *role,
    const char *message_id, char **cause);
void sync_close(struct sync_session **ss);

/* What one run of the outbox did. */
struct outbox_stats {
	size_t sent;              /* accepted by the SMTP server */
	size_t late;              /* of them, past their time (CMP-27) */
	size_t waiting;           /* failed for now: tried again later */
	size_t failed;            /* refused for good, kept with the reason */
	size_t appended;          /* copies stored in the Sent folder */
	size_t interrupted;       /* left 'sending' by a run that died */
};

/*
 * Sends the account's outbox messages whose time has come, oldest
 * first; scheduled ones due together leave at least 30 s apart
 * (CMP-26).  A temporary failure waits (1, 2, 4 … 60 minutes); a refusal
 * or refused login is kept as failed with the server's reply; a lost
 * connection stops the run and keeps the rest queued.  Nothing is lost:
 * the row stays until it is sent or cancelled (ERR-08).  After sending,
 * a copy goes to the Sent folder by APPEND unless the provider files
 * sent mail itself.  imap_ok words connection failures as ERR-01.
 * report->warning gets each failure's sentence.
 */
tt_status sync_outbox(struct store *st, const struct account *acct,
    const struct sync_opts *opts, bool imap_ok, struct outbox_stats *stats,
    char **cause);
/*
 * The account's drafts in the server's Drafts folder: each changed draft
 * is stored anew (flagged \\Draft) and its older copy removed; copies of
 * drafts sent or discarded are removed.  *saved gets how many were
 * stored.  A failure leaves them to the next run.
 */
tt_status sync_drafts(struct store *st, const struct account *acct,
    const struct sync_opts *opts, size_t *saved, char **cause);

/*
 * Syncs one account of the configuration into st.  A failure that ends
 * the run (DNS, TLS, login, the connection lost) is returned with one
 * sentence; what was committed before stays.
 */
tt_status sync_account(struct store *st, const struct account *acct,
    const struct sync_opts *opts, struct sync_stats *stats, char **cause);

/* What tether doctor finds: one call per step, with one sentence. */
struct doctor_report {
	void *arg;
	void (*step)(void *arg, const char *name, bool ok, const char *text);
};
/*
 * Checks an account's servers: DNS, TCP and TLS (the certificate's
 * subject, issuer, expiry and fingerprint), the IMAP login, the folder
 * roles, and that SMTP answers.  TT_OK only when every step passed.
 */
tt_status sync_doctor(const struct account *acct,
    const struct doctor_report *report);

#endif
