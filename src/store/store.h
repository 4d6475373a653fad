/* store.h - the one public header of src/store: the SQLite cache (mail.db + attached crm.db). */
#ifndef TETHER_STORE_H
#define TETHER_STORE_H

/*
 * Files of this library and their jobs:
 *   store.c        open mail.db, attach crm.db, pragmas, identity checks, close
 *   migrate.c      schema migrations through PRAGMA user_version, one transaction each run
 *   schema-mail.c  mail.db migrations, in order; never edit one that has shipped
 *   schema-crm.c   crm.db migrations, in order; never edit one that has shipped
 *   stmt.c         the prepared-statement cache and transactions
 *   folders.c      accounts and folders
 *   messages.c     adding messages: rows, addresses, raw bytes, body, search
 *   threads.c      the thread primitives src/thread builds on; aggregates
 *   query.c        listings, one message or thread, raw bytes
 *   search.c       the search syntax (words, from:, subject:, before:, …)
 *   sync.c         what the sync engine keeps: folder state, UIDs, flags,
 *                  expunges, bodies that arrive after their headers
 *   journal.c      the user's changes: applied here at once, queued as
 *                  intents for the server, confirmed or reverted
 *
 * Nothing outside src/store runs SQL: other layers call store_* functions.
 * Every statement is prepared with bound parameters.
 */

#include "util/util.h"
#include "mime/mime.h"

struct store;

/* Which of the two files. */
enum store_db { STORE_MAIL, STORE_CRM };

/*
 * Opens (creating when missing) mail.db at mail_path with mode 0600 and its
 * parent directory 0700, then ATTACHes crm.db at crm_path as schema "crm"
 * (created 0600 when missing).  Both get WAL, foreign keys, a busy timeout,
 * and are migrated to the newest schema, each in one transaction.
 * A file that is not SQLite, not tether's, damaged, or from a newer tether is
 * never written to.
 * Both existing files are checked before either is written, so a refused
 * crm.db leaves mail.db as it was.
 * Returns TT_OK, TT_EIO/TT_EPERM (cannot create/open), TT_ECORRUPT (damaged,
 * foreign, swapped, or not a regular file), TT_EVERSION (newer schema),
 * TT_EBUSY (locked), TT_EDB.
 */
tt_status store_open(const char *mail_path, const char *crm_path,
    struct store **out, char **cause);
void store_close(struct store **st);

/* The schema version a file is at now (after store_open, the newest);
 * -1 when the database cannot be read. */
int store_schema_version(struct store *st, enum store_db which);
/* The newest schema version this build knows. */
int store_schema_latest(enum store_db which);

/* --- transactions -------------------------------------------------------- */

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK on the connection.  Messages added
 * in a transaction become searchable when it commits. */
tt_status store_begin(struct store *st, char **cause);
tt_status store_commit(struct store *st, char **cause);
void store_rollback(struct store *st);
/*
 * Bulk mode for a long run of writes (import, initial sync): a larger page
 * cache and rarer WAL checkpoints; turning it off restores both and
 * checkpoints once.  Safety is unchanged: every commit is still durable in
 * the WAL.
 */
void store_bulk(struct store *st, bool on);

/*
 * For a process that stays open (the interface): no memory map and an
 * 8 MiB page cache, so its resident memory stays small however much mail
 * it reads.
 */
void store_lean(struct store *st);

/* --- accounts and folders ----------------------------------------------- */

/* The account that holds imported mail; no config account can be named so. */
#define STORE_LOCAL_ACCOUNT "(local)"

/* The id of the account called name, created when missing. */
tt_status store_account_ensure(struct store *st, const char *name,
    const char *email, int64_t *id, char **cause);
/* An account's state: "ok", "paused" or "needs_reauth" (CONN-23), with
 * the error that led there (may be NULL). */
tt_status store_account_set_state(struct store *st, const char *name,
    const char *state, const char *error, char **cause);
/* The id of the folder of an account, created when missing (role may be NULL). */
tt_status store_folder_ensure(struct store *st, int64_t account_id,
    const char *name, const char *role, int64_t *id, char **cause);
/*
 * Finds a folder by "NAME" (any account; must be unique) or "ACCOUNT/NAME".
 * Returns TT_OK, TT_ENOTFOUND, or TT_EINVAL when NAME is in several accounts.
 */
tt_status store_folder_find(struct store *st, const char *spec, int64_t *id,
    char **cause);

/* --- messages ------------------------------------------------------------ */

/* Flag bits of messages.flags (IMAP system flags). */
enum {
	MSG_SEEN = 1 << 0, MSG_ANSWERED = 1 << 1, MSG_FLAGGED = 1 << 2,
	MSG_DELETED = 1 << 3, MSG_DRAFT = 1 << 4
};

/* A message to add; every pointer is foreign. */
struct store_new_message {
	int64_t account_id;
	int64_t folder_id;
	uint32_t uid;                   /* 0: the folder's next free uid */
	unsigned flags;                 /* MSG_* */
	time_t internal_date;           /* the server's, or the import time */
	const char *raw;                /* the bytes, kept so nothing is lost */
	size_t raw_len;
	const struct mime_message *msg; /* NULL when the bytes did not parse */
	const char *parse_error;        /* why msg is NULL, else NULL */
	bool is_sent;                   /* From is one of the own addresses */
	bool headers_only;              /* raw is only the header fields: the
	                                   body comes later (store_message_set_body) */
	int64_t size;                   /* the whole message's size; 0: raw_len */
};

/*
 * The id of a message of the account with this Message-Id and content hash
 * (the same message seen before), or 0.
 */
tt_status store_message_find(struct store *st, int64_t account_id,
    const char *message_id, const char *content_hash, int64_t *id,
    char **cause);
/* Whether message id is already in folder_id. */
tt_status store_message_in_folder(struct store *st, int64_t id,
    int64_t folder_id, bool *in, char **cause);
/* Adds a known message to one more folder (uid 0: the next free one). */
tt_status store_message_add_folder(struct store *st, int64_t id,
    int64_t folder_id, uint32_t uid, char **cause);
/*
 * Stores a message with its addresses, raw bytes, attachments list and
 * search text, in the caller's transaction.  It has no
 * thread yet: src/thread places it.  Returns its id.
 */
tt_status store_message_add(struct store *st, const struct store_new_message *m,
    int64_t *id, char **cause);

/*
 * Gives a message stored headers_only its whole bytes: raw kept, text
 * indexed for search, attachments listed, snippet set (also on its thread).
 * msg NULL with parse_error when the bytes did not parse.
 */
tt_status store_message_set_body(struct store *st, int64_t id, const char *raw,
    size_t len, const struct mime_message *msg, const char *parse_error,
    char **cause);

/* --- sync state (used by src/sync) --------------------------------------- */

/* A folder of an account as the sync engine remembers it. */
struct store_sync_folder {
	int64_t id;
	char *name;              /* owned: UTF-8, for people */
	char *imap_name;         /* owned: as on the wire */
	char *role;              /* owned, or NULL */
	uint32_t uidvalidity;    /* 0: never selected */
	uint32_t uidnext;        /* as of the last complete sync */
	uint64_t highestmodseq;  /* as of the last complete sync; 0: none */
	time_t synced_since;     /* the window of the last complete sync */
};

/* The account's folders, by id. */
tt_status store_sync_folders(struct store *st, int64_t account_id,
    struct store_sync_folder **out, size_t *n, char **cause);
void store_sync_folders_free(struct store_sync_folder *v, size_t n);
/* The folder with this wire name, created or updated (name, role, and
 * whether the account's folders setting selects it for sync). */
tt_status store_sync_folder_ensure(struct store *st, int64_t account_id,
    const char *name, const char *imap_name, const char *role, bool selected,
    int64_t *id, char **cause);
/* Saves uidvalidity, uidnext, highestmodseq, synced_since and the time. */
tt_status store_sync_folder_save(struct store *st,
    const struct store_sync_folder *f, char **cause);
/*
 * Forgets every UID of a folder (its UIDVALIDITY changed, or it is gone
 * from the server) but keeps the messages, so the next read of the
 * folder re-attaches them by Message-Id with their threads, links and
 * local state; what no folder claims again is purged afterwards.  With
 * drop, the folder itself goes too.
 */
tt_status store_sync_folder_reset(struct store *st, int64_t folder_id,
    bool drop, char **cause);

/*
 * The folder's role folder of the account ("archive", "trash", …), or 0.
 */
tt_status store_folder_by_role(struct store *st, int64_t account_id,
    const char *role, int64_t *id, char **cause);

/* One UID of a folder as stored. */
struct store_uid {
	uint32_t uid;
	unsigned flags;          /* MSG_* */
	int64_t message_id;
};
/* The folder's UIDs, ascending; *out is heap.  UIDs a pending move is
 * taking out of the folder are included (message_id 0): the server still
 * has them, and they must not be fetched again. */
tt_status store_sync_uids(struct store *st, int64_t folder_id,
    struct store_uid **out, size_t *n, char **cause);
/* The flags the server has for a UID; *changed tells whether they
 * differ from the stored ones.  A UID with a pending flag change keeps
 * the local flags until the server has it. */
tt_status store_sync_set_flags(struct store *st, int64_t folder_id,
    uint32_t uid, unsigned flags, bool *changed, char **cause);
/*
 * A UID the server expunged: the folder no longer holds it.  A message no
 * folder holds may have moved to a folder not read yet, so it is only
 * marked; store_sync_purge deletes it from everything, its thread
 * included when it was the last (ARC-07).
 */
tt_status store_sync_forget(struct store *st, int64_t folder_id, uint32_t uid,
    char **cause);
/* Deletes the account's messages that no folder holds, when an expunge or
 * a reset left some; *n (may be NULL) gets how many. */
tt_status store_sync_purge(struct store *st, int64_t account_id, size_t *n,
    char **cause);

/* A message whose body is wanted. */
struct store_body_want {
	int64_t message_id;
	uint32_t uid;
	int64_t size;
	time_t date;
};
/* Up to limit (0: all) messages of the folder without a body, dated since
 * (0: any), newest first. */
tt_status store_sync_bodies_wanted(struct store *st, int64_t folder_id,
    time_t since, size_t limit, struct store_body_want **out, size_t *n,
    char **cause);

/*
 * The server's uid for a message that waits in folder_id under the
 * placeholder of a move the server has done: *claimed tells whether one
 * was there to take it.
 */
tt_status store_message_claim_uid(struct store *st, int64_t id,
    int64_t folder_id, uint32_t uid, bool *claimed, char **cause);

/* --- the journal of the user's changes ----------------------------------- */

/* A folder of the account holding message id, and its uid there (0 and
 * 0 when none does). */
tt_status store_message_uid(struct store *st, int64_t id, int64_t account_id,
    int64_t *folder_id, uint32_t *uid, char **cause);
/* The account a folder belongs to. */
tt_status store_folder_account(struct store *st, int64_t folder_id,
    int64_t *account_id, char **cause);
/* The messages of a thread, oldest first (*ids is heap). */
tt_status store_thread_message_ids(struct store *st, int64_t thread,
    int64_t **ids, size_t *n, char **cause);

/* A folder holding a message. */
struct store_place {
	int64_t folder_id;
	int64_t account_id;
	char *role;               /* owned, or NULL */
	char *account;            /* owned: the account's name */
};
/* The folders holding message id, by folder id. */
tt_status store_message_places(struct store *st, int64_t id,
    struct store_place **out, size_t *n, char **cause);
void store_places_free(struct store_place *v, size_t n);

enum store_intent_kind { INTENT_FLAGS, INTENT_MOVE };

/* One queued change for the server. */
struct store_intent {
	int64_t id;
	enum store_intent_kind kind;
	int64_t account_id;
	int64_t folder_id;        /* 0 when the folder is gone */
	char *folder;             /* owned: its name, or NULL */
	char *account;            /* owned */
	uint32_t uid;             /* 0: the message is still being moved there */
	unsigned add, remove;     /* INTENT_FLAGS */
	int64_t target_id;        /* INTENT_MOVE; 0 when the folder is gone */
	char *target;             /* owned: its name, or NULL */
	int64_t message_id;       /* 0 when the message is gone */
	char *subject;            /* owned, or NULL */
	bool failed;
	int attempts;
	time_t next_try_at;
	char *last_error;         /* owned, or NULL */
	time_t created_at;
};
void store_intents_free(struct store_intent *v, size_t n);

/*
 * Sets and clears flags of messages (ids[0..n)) now, in the caller's
 * transaction, and queues the change for every server folder holding
 * them.  *changed gets how many messages changed; *queued how many
 * intents were added.
 */
tt_status store_journal_flags(struct store *st, const int64_t *ids, size_t n,
    unsigned add, unsigned remove, size_t *changed, size_t *queued,
    char **cause);
/*
 * Moves the messages (ids[0..n)) that folder from holds into folder to
 * now (they wait there under a placeholder uid) and queues the move.
 * Messages not in from are left alone.  *moved gets how many moved.
 * TT_EBUSY for a message whose earlier move has not reached the server.
 */
tt_status store_journal_move(struct store *st, const int64_t *ids, size_t n,
    int64_t from, int64_t to, size_t *moved, char **cause);
/* Marks threads archived or deleted in tether (ARC-01/02); deleting drops
 * their item link. */
tt_status store_threads_mark(struct store *st, const int64_t *threads,
    size_t n, bool deleted, char **cause);

/* Undoes an archive in tether (ARC-01: an archived thread can be restored). */
tt_status store_threads_unarchive(struct store *st, int64_t thread,
    char **cause);
/* The intents of an account (0: all), oldest first; with due_only, the
 * pending ones whose time has come. */
tt_status store_journal_list(struct store *st, int64_t account_id,
    bool due_only, struct store_intent **out, size_t *n, char **cause);
/* The server did it: the intent goes; a move's message takes the uid the
 * server gave it (0: unknown; the next read of the folder finds it by
 * Message-Id). */
tt_status store_journal_done(struct store *st, int64_t id, uint32_t new_uid,
    char **cause);
/*
 * The server refused (permanent: the change is undone locally and the
 * intent kept as failed with the server's words) or could not be reached
 * (retried after a delay that grows with each attempt).
 */
tt_status store_journal_fail(struct store *st, int64_t id, bool permanent,
    const char *error, char **cause);
/* A failed intent made pending again, its change applied again locally. */
tt_status store_journal_retry(struct store *st, int64_t id, char **cause);
/* Forgets a failed intent (its change was undone already); a pending one
 * is undone locally first.  TT_ENOTFOUND when there is no such intent. */
tt_status store_journal_drop(struct store *st, int64_t id, char **cause);

/* --- thread primitives (used by src/thread) ----------------------------- */

/* The distinct threads that any of the ids belong to, oldest first (by
 * first message, then id). *threads is heap; free it.  known[i] (an array
 * of n, may be NULL) tells whether msgids[i] was known already. */
tt_status store_thread_find(struct store *st, int64_t account_id,
    char *const *msgids, size_t n, int64_t **threads, size_t *nthreads,
    bool *known, char **cause);
/* A new empty thread of the account. */
tt_status store_thread_create(struct store *st, int64_t account_id,
    int64_t *id, char **cause);
/*
 * Moves everything of thread drop into thread keep (messages, known ids,
 * folders) and deletes drop.  keep keeps its item link; when only drop had
 * one, keep takes it; when both had one, keep's stays and the other is
 * logged.  Aggregates of keep are recomputed.
 */
tt_status store_thread_merge(struct store *st, int64_t keep, int64_t drop,
    char **cause);
/* Maps ids to thread: referenced ids as placeholders (left alone when
 * known, so pass only new ones), own_id (may be NULL) as the real message. */
tt_status store_thread_map(struct store *st, int64_t account_id,
    int64_t thread, char *const *refs, size_t nrefs, const char *own_id,
    char **cause);
/* Puts message id into thread and updates the thread's aggregates. */
tt_status store_thread_attach(struct store *st, int64_t thread, int64_t id,
    char **cause);

/* --- reading ------------------------------------------------------------- */

/* A message as listings show it; with_body adds the attachments list (the
 * text comes from the raw bytes: see mime_parse). */
struct store_message {
	int64_t id;
	int64_t thread_id;
	char *message_id;            /* owned */
	char *account;               /* owned: account name */
	char *folder;                /* owned: the first folder holding it */
	char *subject;               /* owned */
	char *snippet;               /* owned */
	struct mime_addrlist from, to, cc;
	time_t date;
	bool date_flagged;
	unsigned flags;              /* MSG_* */
	int64_t size;
	bool has_attachments;
	char *parse_error;           /* owned, or NULL */
	char *body_state;            /* owned: "none" (not fetched yet),
	                                "fetched" or "failed" */
	uint32_t uid;                /* in the listed folder; 0 elsewhere */
	char *body;                  /* owned; never filled by the store: the
	                                caller derives it from the raw bytes */
	struct mime_attachment *atts; /* owned, only with_body */
	size_t natts;
};

struct store_thread {
	int64_t id;
	char *account;               /* owned */
	char *subject;               /* owned */
	char *snippet;               /* owned */
	int64_t message_count;
	int64_t unread_count;
	bool has_attachments;
	time_t first_date;
	time_t last_date;
	struct mime_addrlist participants;
	int shared;                  /* -1: follows the default; 0; 1 */
	char *item_type;             /* owned, or NULL */
	char *item_id;               /* owned, or NULL */
};

/* What to list: folder_id 0 means every folder. */
struct store_query {
	int64_t folder_id;
	int64_t limit;               /* <= 0: no limit */
	int64_t offset;
	bool hide_archived;          /* threads: leave archived ones out (ARC-01) */
};

/* A folder with its counts. */
struct store_folder {
	int64_t id;
	char *account;               /* owned */
	char *name;                  /* owned */
	char *role;                  /* owned, or NULL */
	int64_t messages;
	int64_t unread;
};

/* Every folder, by account then name. */
tt_status store_list_folders(struct store *st, struct store_folder **out,
    size_t *n, char **cause);
/* The same; without counts (messages and unread 0) it reads no message. */
tt_status store_list_folders_ex(struct store *st, bool counts,
    struct store_folder **out, size_t *n, char **cause);
void store_folders_free(struct store_folder *v, size_t n);

/* Messages newest first. *out is an array of *n; free with store_messages_free. */
tt_status store_list_messages(struct store *st, const struct store_query *q,
    struct store_message **out, size_t *n, char **cause);
/* How many threads store_list_threads would list without a limit. */
tt_status store_count_threads(struct store *st, const struct store_query *q,
    int64_t *n, char **cause);
/* Threads by their newest message (THR-08). */
tt_status store_list_threads(struct store *st, const struct store_query *q,
    struct store_thread **out, size_t *n, char **cause);
/*
 * Messages matching a search (see search.c for the syntax), newest first.
 * Returns TT_EINVAL with a sentence for a query that cannot be read.
 */
tt_status store_search(struct store *st, const char *query,
    const struct store_query *q, struct store_message **out, size_t *n,
    char **cause);
/* One message; TT_ENOTFOUND when there is no such id. */
tt_status store_message_get(struct store *st, int64_t id, bool with_body,
    struct store_message *out, char **cause);
/* One thread and its messages, oldest first (with attachment lists). */
tt_status store_thread_get(struct store *st, int64_t id, struct store_thread *t,
    struct store_message **msgs, size_t *n, char **cause);
/* The raw bytes of a message. */
tt_status store_raw_get(struct store *st, int64_t id, char **raw, size_t *len,
    char **cause);

void store_message_clear(struct store_message *m);
void store_messages_free(struct store_message *v, size_t n);
void store_thread_clear(struct store_thread *t);
void store_threads_free(struct store_thread *v, size_t n);

#endif
