/* store-internal.h - what the files of src/store (and its unit test) share: the handle, migrations, error mapping. */
#ifndef TETHER_STORE_INTERNAL_H
#define TETHER_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* PRAGMA application_id of each file: "TTML" and "TTCR" in ASCII. */
#define STORE_MAIL_APP_ID 0x54544d4c
#define STORE_CRM_APP_ID 0x54544352

/* mail.db is the main schema; crm.db is attached under this name. */
#define STORE_CRM_SCHEMA "crm"

/* Slots of the prepared-statement cache, one per fixed SQL text. */
enum store_stmt_id {
	S_ACCOUNT_FIND, S_ACCOUNT_INSERT, S_FOLDER_FIND, S_FOLDER_INSERT,
	S_MSG_FIND, S_MSG_IN_FOLDER, S_MSG_NEXT_UID, S_MSG_INSERT, S_MSG_FOLDER,
	S_MSG_ADDR, S_MSG_RAW, S_MSG_ATT, S_MSG_FTS,
	S_THR_FIND, S_THR_CREATE, S_THR_MAP_REF, S_THR_MAP_OWN, S_THR_SET_MSG,
	S_THR_ROW, S_THR_UPDATE, S_THR_FOLDER, S_THR_PARTICIPANTS,
	S_Q_ADDRS, S_Q_ATTS, S_Q_RAW, S_Q_MSG, S_Q_THREAD,
	S_Q_THREAD_MSGS,
	S_SYNC_UIDS, S_SYNC_FLAGS, S_SYNC_FLAGS_THREAD, S_SYNC_FORGET_FIND,
	S_SYNC_FORGET, S_SYNC_OTHER_FOLDER, S_SYNC_BODY, S_SYNC_BODY_THREAD,
	S_STMT_COUNT
};

/* A search row waiting for the end of its transaction. */
struct fts_row {
	int64_t id;
	char *subject, *sender, *recipients, *body; /* owned */
};

/* Statements built at run time (CRM fields, link lookups), kept by text. */
#define STORE_SQL_CACHE 64

struct store_sql_slot {
	uint64_t hash;
	char *sql;                   /* owned */
	sqlite3_stmt *stmt;          /* owned */
};

struct store {
	sqlite3 *db;       /* mail.db as "main", crm.db as "crm" */
	struct store_sql_slot sql_cache[STORE_SQL_CACHE];
	unsigned sql_next;           /* the slot the next new text replaces */
	char *mail_path;
	char *crm_path;
	sqlite3_stmt *stmts[S_STMT_COUNT]; /* owned, prepared on first use */
	/*
	 * Search rows are written just before COMMIT: any statement that
	 * needs a statement journal (an upsert, say) makes SQLite ask the
	 * full-text table to flush what it holds, and one flush per message
	 * would make every import crawl.
	 */
	struct fts_row *fts_pending; /* owned */
	size_t fts_npending;
	int64_t fts_gone_max;        /* the highest tombstone; -1: not read yet */
};

/*
 * Binds parameter i of an INSERT INTO messages to the id the new row must
 * take: NULL (SQLite's next) unless a tombstone holds that id.
 */
tt_status _store_next_message_id(struct store *st, sqlite3_stmt *stmt, int i,
    char **cause);
/* Deletes a message everywhere (rows, folders, search) and fixes its
 * thread, which goes when it was the last message (ARC-07). */
tt_status _store_message_delete(struct store *st, int64_t id, char **cause);
/* Pending moves into a folder that is about to go are undone and failed. */
tt_status _store_journal_folder_gone(struct store *st, int64_t folder_id,
    char **cause);
/* Recomputes a thread's aggregates and folders from its messages. */
tt_status _store_thread_recompute(struct store *st, int64_t thread,
    char **cause);

/* Records that message id's thread has a message in each of its folders. */
tt_status _store_thread_folders(struct store *st, int64_t id, char **cause);
/* Writes the pending search rows (store_commit calls it). */
tt_status _store_fts_flush(struct store *st, char **cause);
/* Drops the pending search rows (on rollback and close). */
void _store_fts_drop(struct store *st);

/*
 * The cached statement for slot id (prepared from sql on first use; sql
 * must be the same text every time), reset with its bindings cleared.
 */
tt_status _store_stmt(struct store *st, enum store_stmt_id id, const char *sql,
    sqlite3_stmt **out, char **cause);
/* Fails with the connection's last error, naming mail.db. */
tt_status _store_db_fail(struct store *st, char **cause);
/* Binds text, or NULL when s is NULL. */
int _store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* A copy of column i as text ("" for NULL when empty_for_null). */
char *_store_col_text(sqlite3_stmt *stmt, int i, bool empty_for_null);
/* Frees files[0..n) and the array. */
void _store_files_free(struct store_draft_file *files, size_t n);
/* The files of a draft or template: sql selects name, content_type,
 * inline, data for ?1 = owner; appended to *files. */
tt_status _store_files_read(struct store *st, const char *sql, int64_t owner,
    struct store_draft_file **files, size_t *n, char **cause);
/* Inserts files with sql taking (owner, position, name, type, inline, data). */
tt_status _store_files_write(struct store *st, const char *sql, int64_t owner,
    const struct store_draft_file *files, size_t n, char **cause);
/* Steps a statement whose first row holds one integer (0 when no row). */
tt_status _store_step_int(struct store *st, sqlite3_stmt *stmt, int64_t *out,
    char **cause);
/* Steps a statement that returns no row; maps the failure. */
tt_status _store_step_done(struct store *st, sqlite3_stmt *stmt, char **cause);
/* Steps a statement selecting the message columns of query.c to the end. */
tt_status _store_collect_messages(struct store *st, sqlite3_stmt *stmt,
    bool with_body, struct store_message **out, size_t *n, char **cause);
/* The column list that _store_collect_messages reads (alias m, a). */
#define STORE_MESSAGE_COLUMNS \
	"m.id, m.thread_id, m.message_id, a.name, " \
	"(SELECT f.name FROM message_folders mf JOIN folders f ON f.id = mf.folder_id" \
	" WHERE mf.message_id = m.id ORDER BY f.id LIMIT 1), " \
	"m.subject, m.snippet, m.date, m.date_flagged, m.flags, m.size, " \
	"m.has_attachments, m.parse_error, m.body_state"
/*
 * The person an address expression belongs to (LINK-02, ambiguity 11):
 * the only person holding it, else the only one holding it as primary
 * (position 0), else NULL.
 */
#define STORE_PERSON_FOR_ADDRESS(addr) \
	"(SELECT CASE WHEN count(DISTINCT person_id) = 1 THEN min(person_id)" \
	" WHEN count(DISTINCT CASE WHEN position = 0 THEN person_id END) = 1" \
	" THEN min(CASE WHEN position = 0 THEN person_id END) END" \
	" FROM crm.person_emails WHERE value = " addr ")"
/* The columns _store_read_thread reads (alias t, a). */
#define STORE_THREAD_COLUMNS \
	"t.id, a.name, t.subject, t.snippet, t.message_count, t.unread_count," \
	" t.has_attachments, t.first_message_at, t.last_message_at," \
	" t.participants, t.shared, t.item_type, t.item_id, t.link_state," \
	" t.link_reason, t.archived"
/* Reads a row selected with STORE_THREAD_COLUMNS. */
void _store_read_thread(sqlite3_stmt *stmt, struct store_thread *t);
/*
 * A prepared statement for sql, from the cache of statements by text
 * (prepared on first use); give it back with _store_release.  A text in
 * use already (a nested call) gets a statement of its own.
 */
tt_status _store_cached(struct store *st, const char *sql,
    sqlite3_stmt **out, char **cause);
/* Resets a statement of _store_cached (finalizes one outside the cache). */
void _store_release(struct store *st, sqlite3_stmt *stmt);
/* Finalizes every cached statement (before close). */
void _store_stmts_clear(struct store *st);

/*
 * One step of a file's schema: `version` brings the file from version-1 to
 * version.  The SQL names no schema: each file is migrated on a connection
 * where it is "main" (crm.db before it is attached), so a CRM table can never
 * land in mail.db by a forgotten prefix.
 */
struct _store_migration {
	int version;
	const char *name;  /* a word for logs and errors: "core", "search" */
	const char *sql;
};

extern const struct _store_migration _store_mail_migrations[];
extern const size_t _store_mail_migrations_count;
extern const struct _store_migration _store_crm_migrations[];
extern const size_t _store_crm_migrations_count;

/*
 * Brings the "main" schema of db (which holds the file `which`, at path) to
 * schema `target` with the built-in migrations, in one BEGIN IMMEDIATE
 * transaction; on failure the file stays exactly at its old version.
 * A file already at target or beyond is left alone.
 */
tt_status _store_migrate(sqlite3 *db, enum store_db which, int target,
    const char *path, char **cause);
/* The same with an explicit migration list (tests prove rollback with it). */
tt_status _store_migrate_list(sqlite3 *db, enum store_db which,
    const struct _store_migration *list, size_t count, int target,
    const char *path, char **cause);

/*
 * Checks that `schema` of db holds the file `which` (or is a new, empty
 * file) at a version this build knows, and stores that version.
 * TT_ECORRUPT for another program's file or the other tether file,
 * TT_EVERSION for a newer schema.
 */
tt_status _store_identify(sqlite3 *db, const char *schema, enum store_db which,
    const char *path, int *version, char **cause);

/* Runs a PRAGMA (or SELECT) that yields one integer. */
tt_status _store_pragma_int(sqlite3 *db, const char *sql, int *out,
    const char *path, char **cause);

/* The status for an SQLite result code (extended or primary). */
tt_status _store_status(int rc);
/* Fails with the status and a sentence naming path for an SQLite error. */
tt_status _store_sqlite_fail(char **cause, int rc, const char *errmsg,
    const char *path);

#endif
