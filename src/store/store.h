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
 *   crm.c          CRM items: the field table, reading and writing rows
 *   links.c        persons on addresses, thread links, item views,
 *                  blocked addresses and screened mail
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

struct store_thread;
struct store_message;

/* --- the CRM: items (crm.db) --------------------------------------------- */

enum crm_kind { CRM_PERSON, CRM_ORG, CRM_DEAL, CRM_LEAD, CRM_PROJECT,
	CRM_NKINDS };

/* How a field's text value is read, checked and stored. */
enum crm_type {
	CF_ID,        /* the item's id: digits, or a UUID for leads */
	CF_TEXT,
	CF_INT,
	CF_NUM,       /* a decimal number (money) */
	CF_DATE,      /* "YYYY-MM-DD" */
	CF_TIME,      /* "2026-11-26T12:00:00Z" (or a date: midnight UTC) */
	CF_CHOICE,    /* one of choices, case ignored */
	CF_BOOL,      /* yes/no, true/false, 1/0 */
	CF_PERSON, CF_ORG, CF_USER, CF_PIPELINE, CF_STAGE, /* references */
	CF_EMAILS,    /* "a@x; b@y": the first is the primary (CRM-01) */
	CF_PHONES,    /* "+972 …; …" */
	CF_LABELS,    /* "hot; vip" */
	CF_DEALS      /* a project's deals: "12; 14" (ids or titles) */
};

/* Flags of a field. */
#define CRM_F_REQUIRED 0x1  /* must have a value (a name or a title) */
#define CRM_F_READONLY 0x2  /* set by tether, never by a user */

/* One field of an item kind; the table drives the CLI, JSON and CSV. */
struct crm_field {
	const char *key;              /* option and JSON key: "first_name" */
	const char *csv;              /* the CSV header after "Person - " */
	const char *column;           /* its column; NULL for lists kept apart */
	enum crm_type type;
	const char *const *choices;   /* CF_CHOICE */
	unsigned flags;               /* CRM_F_* */
};

/* An item as text, one value per field of its kind (index = field). */
struct crm_item {
	enum crm_kind kind;
	char **v;                     /* owned: NULL when unset; refs as ids */
	char **names;                 /* owned: a reference's name, else NULL */
	time_t created_at, updated_at;
};

/* "person", "org", "deal", "lead", "project". */
const char *store_crm_kind_name(enum crm_kind kind);
/* The CSV and heading word: "Person", "Organization", … */
const char *store_crm_kind_label(enum crm_kind kind);
/* Reads a kind as typed (singular or plural; "org" or "organization"). */
bool store_crm_kind_parse(const char *s, enum crm_kind *kind);
/* The fields of a kind; field 0 is always the id. */
const struct crm_field *store_crm_fields(enum crm_kind kind, size_t *n);
/* The index of the field with this key, or -1. */
int store_crm_field_index(enum crm_kind kind, const char *key);

/* An empty item of a kind (every value NULL). */
void crm_item_init(struct crm_item *it, enum crm_kind kind);
void crm_item_clear(struct crm_item *it);
void crm_items_free(struct crm_item *v, size_t n);
/* Sets value i (a copy; NULL unsets it). */
void crm_item_set(struct crm_item *it, size_t i, const char *value);

/* Options of store_crm_write. */
#define CRM_W_CREATE_REFS 0x1 /* an unknown organization, person, owner,
                                 pipeline or stage named is created (import) */
#define CRM_W_NO_REMATCH 0x2  /* crm_save leaves stored addresses alone: the
                                 caller matches them all at the end (import) */

/*
 * Writes an item (the rules of src/crm were applied already): a new row
 * when its id is NULL (*id_out gets the new id, heap), else the row with
 * that id.  Every value is checked against its type; a reference given by
 * name must name exactly one item.  Returns TT_EINVAL with one sentence
 * naming the field, TT_ENOTFOUND for an unknown id, or a store error.
 * Runs in the caller's transaction when there is one.
 */
tt_status store_crm_write(struct store *st, const struct crm_item *it,
    unsigned opts, char **id_out, char **cause);
/* One item by id; TT_ENOTFOUND when there is none. */
tt_status store_crm_get(struct store *st, enum crm_kind kind, const char *id,
    struct crm_item *out, char **cause);
/*
 * Items of a kind, by name or title then id; search (may be NULL) keeps
 * those whose name, title or email contains it (case ignored).  Deleted
 * deals are left out unless with_deleted.  limit <= 0: all.
 */
tt_status store_crm_list(struct store *st, enum crm_kind kind,
    const char *search, bool with_deleted, int64_t limit,
    struct crm_item **out, size_t *n, char **cause);
/* How many items of a kind there are (deleted deals left out). */
tt_status store_crm_count(struct store *st, enum crm_kind kind, int64_t *n,
    char **cause);
/*
 * Deletes an item row for good (deals are deleted softly by src/crm, by
 * status).  Threads linked to it lose the link; addresses of a person
 * lose it too and are matched again.  TT_EINVAL with a sentence when
 * deals or leads would be left without a person or organization.
 */
tt_status store_crm_delete(struct store *st, enum crm_kind kind,
    const char *id, char **cause);
/* The id of the item of kind whose name or title is name (case ignored):
 * TT_ENOTFOUND for none, TT_EINVAL when several share it. */
tt_status store_crm_find(struct store *st, enum crm_kind kind,
    const char *name, char **id, char **cause);
/* A new random UUID (version 4) for a lead; heap. */
char *store_crm_uuid(void);

/* A stage of a pipeline (CRM-06/07); a pipeline without stages is one
 * row with id 0 and name NULL. */
struct store_stage {
	int64_t pipeline_id;
	char *pipeline;               /* owned */
	int64_t id;
	char *name;                   /* owned, or NULL */
	int order;
	int probability;              /* the stage's default; -1: none */
	int64_t open_deals;
};
void store_stages_free(struct store_stage *v, size_t n);
/* Every pipeline's stages, in order. */
tt_status store_stages(struct store *st, struct store_stage **out, size_t *n,
    char **cause);
/* Adds a stage at the end of a pipeline (made when missing); probability
 * -1 for none.  TT_EEXIST when the pipeline has it. */
tt_status store_stage_add(struct store *st, const char *pipeline,
    const char *stage, int probability, char **cause);

/* --- links: persons, items, screened mail -------------------------------- */

/* An item a thread links to or could link to. */
struct store_link {
	char *type;                   /* owned: "deal", "lead" or "project" */
	char *id;                     /* owned */
	char *title;                  /* owned */
	char *status;                 /* owned: "open", "won", … ("open" or
	                                 "archived" for leads) */
	char *stage;                  /* owned: a deal's stage, or NULL */
	char *value;                  /* owned: "1500 EUR", or NULL */
	int64_t person_id;            /* 0: none */
	time_t created_at;
};
void store_links_free(struct store_link *v, size_t n);

/* A person on a thread. */
struct store_thread_person {
	int64_t id;
	char *name;                   /* owned */
	char *org;                    /* owned, or NULL */
	int64_t org_id;
	char *address;                /* owned: the address that matched */
};
void store_thread_persons_free(struct store_thread_person *v, size_t n);

/*
 * The person an address belongs to (LINK-02, ambiguity 11): the only
 * person holding it, else the only one holding it as primary; 0 when none
 * or ambiguous (*several says which, may be NULL).
 */
tt_status store_person_for_address(struct store *st, const char *address,
    int64_t *person, bool *several, char **cause);
/*
 * Matches stored addresses against persons again: those in addrs[0..n),
 * or every address when addrs is NULL (after an import).  Only person
 * links change, never item links (LINK-14).  *changed (may be NULL) gets
 * how many addresses changed.
 */
tt_status store_persons_rematch(struct store *st, const char *const *addrs,
    size_t n, int64_t *changed, char **cause);
/* The persons of a message's counterparty addresses (From, To, Cc that
 * are not own[]), distinct; *ids is heap. */
tt_status store_message_persons(struct store *st, int64_t message,
    const char *const *own, size_t nown, int64_t **ids, size_t *n,
    char **cause);
/* The persons on a thread's addresses (own ones never match a person
 * unless the user made one), with organizations, by name. */
tt_status store_thread_persons(struct store *st, int64_t thread,
    struct store_thread_person **out, size_t *n, char **cause);
/* The addresses on a thread that several persons hold, none of them as
 * the only primary (ambiguity 11: "multiple matching contacts"); heap. */
tt_status store_thread_ambiguous(struct store *st, int64_t thread,
    char ***addrs, size_t *n, char **cause);
/*
 * The open items of persons[0..n) (LINK-08/12/13): open deals, leads
 * neither archived nor converted, projects open and not archived; each
 * once, by type then id.  With closed, the closed ones instead.
 */
tt_status store_open_items(struct store *st, const int64_t *persons,
    size_t n, bool closed, struct store_link **out, size_t *nout,
    char **cause);
/* The item of type and id as a link (title, status, …); TT_ENOTFOUND. */
tt_status store_link_item(struct store *st, const char *type, const char *id,
    struct store_link *out, char **cause);

/* A thread's link as stored. */
struct store_thread_link {
	char *type, *id;              /* owned, or NULL when unlinked */
	char *state;                  /* owned: "none", "linked", "choose" */
	char *reason;                 /* owned: a reason code, or NULL */
	time_t created_at;            /* the thread's */
	int64_t account_id;
	bool deleted;
};
void store_thread_link_clear(struct store_thread_link *l);
tt_status store_thread_link_get(struct store *st, int64_t thread,
    struct store_thread_link *out, char **cause);
/* Sets a thread's link: type and id NULL unlinks; state and reason as
 * given (LINK-17: one item, which replaces any other). */
tt_status store_thread_link_set(struct store *st, int64_t thread,
    const char *type, const char *id, const char *state, const char *reason,
    char **cause);
/* Points every address equal to address (case ignored) at person
 * (LINK-05); *threads gets how many threads that touched. */
tt_status store_address_set_person(struct store *st, const char *address,
    int64_t person, int64_t *threads, char **cause);

/* What an item view lists. */
struct store_item_view {
	enum crm_kind kind;
	const char *id;
	int64_t limit;                /* <= 0: all */
};
/*
 * The threads an item's view shows, newest first (LINK-20/21, LINK-26,
 * ARC-01/02): a deal's, lead's or project's linked threads (a project's
 * deals' too), a person's threads (any address of it), an
 * organization's (its persons' threads and those linked to its deals);
 * deleted threads never, archived ones too.  *total gets the count
 * without the limit (may be NULL).
 */
tt_status store_item_threads(struct store *st, const struct store_item_view *q,
    struct store_thread **out, size_t *n, int64_t *total, char **cause);

/* A blocked address entry. */
struct store_block {
	int64_t id;
	char *pattern;                /* owned */
	char *account;                /* owned, or NULL: every account */
	time_t created_at;
};
void store_blocks_free(struct store_block *v, size_t n);
/* Adds a normalised pattern (account NULL: global); TT_EEXIST. */
tt_status store_block_add(struct store *st, const char *pattern,
    const char *account, int64_t *id, char **cause);
/* Removes an entry (account NULL: the global one); TT_ENOTFOUND. */
tt_status store_block_remove(struct store *st, const char *pattern,
    const char *account, char **cause);
/* The entries for account (global ones included; NULL: every entry). */
tt_status store_block_list(struct store *st, const char *account,
    struct store_block **out, size_t *n, char **cause);

/* Screened messages, newest first (account 0: all). */
tt_status store_screened_list(struct store *st, int64_t account_id,
    struct store_message **out, size_t *n, char **cause);
/*
 * Marks a stored message screened (BLOCK-04 on request): it leaves its
 * thread (the thread goes when it was the last) and every view.
 */
tt_status store_message_screen(struct store *st, int64_t id, char **cause);
/* Clears the mark of a screened message; the caller threads it again. */
tt_status store_message_unscreen(struct store *st, int64_t id, char **cause);
/* The ids of an account's messages not screened, with their From,
 * To and Cc addresses, for re-screening (block apply). */
struct store_addr_row {
	int64_t message_id;
	bool is_sent;
	char **from, **to_cc;         /* owned */
	size_t nfrom, nto_cc;
};
tt_status store_screen_candidates(struct store *st, int64_t account_id,
    struct store_addr_row **out, size_t *n, char **cause);
void store_addr_rows_free(struct store_addr_row *v, size_t n);

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
	char *link_state;            /* owned: "none", "linked" or "choose" */
	char *link_reason;           /* owned: why it is (un)linked, or NULL */
	bool archived;
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

/* --- outbox and drafts ---------------------------------------------------- */

/* One message waiting to leave, or what became of it. */
struct store_outbox {
	int64_t id;
	char *account;               /* owned */
	char *message_id;            /* owned: without <> */
	char *mail_from;             /* owned */
	char *rcpts;                 /* owned: the envelope, one per line */
	char *subject;               /* owned */
	char *state;                 /* owned: queued, sending, failed, sent */
	time_t send_at;              /* 0: as soon as possible */
	time_t next_try_at;          /* 0: no retry waits */
	time_t created_at, sent_at;
	int attempts;
	int reply_code;              /* the server's last code, 0 if none */
	char *last_error;            /* owned, or NULL */
	bool sent_late;              /* CMP-27 */
	bool appended;               /* the Sent folder has its copy */
	char *item_type, *item_id;   /* owned, or NULL: the thread's link */
	int64_t size;
};

void store_outbox_free(struct store_outbox *v, size_t n);
void store_outbox_clear(struct store_outbox *o);

/* Queues raw (the built message) for account_id; rcpts one per line;
 * send_at 0 for now.  *id gets the row. */
tt_status store_outbox_add(struct store *st, int64_t account_id,
    const char *raw, size_t len, const char *message_id, const char *mail_from,
    const char *rcpts, const char *subject, time_t send_at,
    const char *item_type, const char *item_id, int64_t *id, char **cause);
/* Which rows store_outbox_list gives. */
enum store_outbox_which {
	STORE_OUTBOX_WAITING,   /* queued, sending and failed */
	STORE_OUTBOX_ALL,       /* and the sent ones */
	STORE_OUTBOX_UNFILED,   /* sent, their copy not yet in Sent */
};
/* The rows of an account (0: all), oldest first.  With due (not 0), only
 * queued rows whose time has come by then. */
tt_status store_outbox_list(struct store *st, int64_t account_id,
    enum store_outbox_which which, time_t due, struct store_outbox **out,
    size_t *n, char **cause);
tt_status store_outbox_get(struct store *st, int64_t id,
    struct store_outbox *out, char **cause);
/* The message's bytes. */
tt_status store_outbox_raw(struct store *st, int64_t id, char **raw,
    size_t *len, char **cause);
/* queued -> sending (attempts + 1); TT_EBUSY when it is not queued. */
tt_status store_outbox_claim(struct store *st, int64_t id, char **cause);
/* sending -> sent at `at`; late when its time was long past (CMP-27). */
tt_status store_outbox_sent(struct store *st, int64_t id, time_t at,
    bool late, char **cause);
/* sending -> queued again at retry_at (temporary) or failed (permanent),
 * with the server's code and the sentence. */
tt_status store_outbox_failed(struct store *st, int64_t id, bool permanent,
    time_t retry_at, int code, const char *error, char **cause);
/* Rows left 'sending' by a run that died: failed, since the server may
 * have taken them (a second send would duplicate); returns how many. */
tt_status store_outbox_recover(struct store *st, int64_t account_id,
    size_t *n, char **cause);
/* failed -> queued now. TT_ENOTFOUND / TT_EBUSY (not failed). */
tt_status store_outbox_retry(struct store *st, int64_t id, char **cause);
/* Removes a queued or failed row (never one sending).  TT_ENOTFOUND,
 * TT_EBUSY (sending or sent). */
tt_status store_outbox_delete(struct store *st, int64_t id, char **cause);
tt_status store_outbox_set_appended(struct store *st, int64_t id,
    char **cause);
/* The visibility the composer chose (1 shared, 0 private) for the thread
 * the message starts. */
tt_status store_outbox_set_shared(struct store *st, int64_t id, int shared,
    char **cause);
/* Sent rows whose message has reached a thread: the thread gets the
 * draft's item when it has none (its --deal, say), and the visibility
 * chosen when it has none.  Each row is done once; *n gets how many
 * threads were linked. */
tt_status store_outbox_link_threads(struct store *st, size_t *n,
    char **cause);

/* A draft as typed; files with their bytes. */
struct store_draft_file {
	char *name, *content_type;   /* owned */
	bool is_inline;
	char *data;                  /* owned */
	size_t len;
};

struct store_draft {
	int64_t id;
	char *account;               /* owned, or NULL */
	char *to, *cc, *bcc, *subject, *body; /* owned, or NULL */
	char *in_reply_to, *refs;    /* owned: refs space-separated */
	char *item_type, *item_id;   /* owned, or NULL */
	int shared;                  /* -1 default, 0, 1 */
	time_t created_at, updated_at;
	struct store_draft_file *files;
	size_t nfiles;
	bool keep_files;             /* save: the stored files stay as they are */
	char *server_msgid;          /* owned: its copy in Drafts, or NULL */
};

void store_draft_clear(struct store_draft *d);
/* Saves d (a new row when d->id is 0, which it then gets); files are
 * replaced as a whole. */
tt_status store_draft_save(struct store *st, struct store_draft *d,
    char **cause);
tt_status store_draft_get(struct store *st, int64_t id, bool with_files,
    struct store_draft *out, char **cause);
/* Newest first, without files. */
tt_status store_draft_list(struct store *st, struct store_draft **out,
    size_t *n, char **cause);
/* Deletes a draft; its copy on the server (if any) is remembered for
 * removal (store_drafts_gone). */
tt_status store_draft_delete(struct store *st, int64_t id, char **cause);
/* The drafts of account whose server copy is out of date. */
tt_status store_drafts_pending(struct store *st, const char *account,
    struct store_draft **out, size_t *n, char **cause);
/* The server now holds the draft as message_id, as it was at updated_at
 * (a later change keeps it pending). *old gets the copy it replaces (heap,
 * or NULL), to be removed. */
tt_status store_draft_on_server(struct store *st, int64_t id,
    time_t updated_at, const char *message_id, char **cause);
/* Message-Ids of server copies of drafts that are gone, for account. */
tt_status store_drafts_gone(struct store *st, const char *account,
    char ***ids, size_t *n, char **cause);
tt_status store_drafts_gone_done(struct store *st, const char *account,
    const char *message_id, char **cause);

/* --- templates and signatures ------------------------------------------- */

/* A template (CMP-01..04); files as draft files. */
struct store_template {
	int64_t id;
	char *name, *subject, *body, *owner; /* owned */
	bool is_private;
	int position;                 /* 1-based, the picker's order */
	struct store_draft_file *files;
	size_t nfiles;
};

void store_template_clear(struct store_template *t);
void store_templates_free(struct store_template *v, size_t n);
/* Adds t (at the end of the order; t->id and position are set).  A name
 * is unique among what one user sees: TT_EEXIST. */
tt_status store_template_add(struct store *st, struct store_template *t,
    char **cause);
/* The templates user sees (shared ones and their own private ones), in
 * order, without files. */
tt_status store_template_list(struct store *st, const char *user,
    struct store_template **out, size_t *n, char **cause);
/* One by id or name (among what user sees), with files; TT_ENOTFOUND. */
tt_status store_template_get(struct store *st, const char *user,
    const char *id_or_name, struct store_template *out, char **cause);
/* Only its owner deletes a private one. */
tt_status store_template_delete(struct store *st, int64_t id, char **cause);
/* Moves a template to position (1-based) in the order (CMP-04). */
tt_status store_template_move(struct store *st, int64_t id, int position,
    char **cause);

struct store_signature {
	int64_t id;
	char *account;                /* owned, NULL: every account */
	char *name, *body;            /* owned */
	bool is_default;
};

void store_signatures_free(struct store_signature *v, size_t n);
/* Adds or replaces (same account and name) a signature; with is_default
 * it becomes the account's only default. */
tt_status store_signature_set(struct store *st, const char *account,
    const char *name, const char *body, bool is_default, char **cause);
tt_status store_signature_list(struct store *st,
    struct store_signature **out, size_t *n, char **cause);
tt_status store_signature_delete(struct store *st, const char *account,
    const char *name, char **cause);
/* The signature to insert for account: by name, else the account's
 * default, else the default of every account; *body NULL when none. */
tt_status store_signature_pick(struct store *st, const char *account,
    const char *name, char **body, char **cause);

/* An address offered while typing a recipient. */
struct store_address_hit {
	char *name, *address;         /* owned; name "" when none */
	bool person;                  /* a CRM person's */
};

void store_address_hits_free(struct store_address_hit *v, size_t n);
/* Up to limit addresses whose address, name or a word of the name starts
 * with prefix: CRM persons first, then past correspondents, most used
 * first. */
tt_status store_address_complete(struct store *st, const char *prefix,
    size_t limit, struct store_address_hit **out, size_t *n, char **cause);

#endif
