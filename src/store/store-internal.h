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

struct store {
	sqlite3 *db;       /* mail.db as "main", crm.db as "crm" */
	char *mail_path;
	char *crm_path;
};

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
