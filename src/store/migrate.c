/* migrate.c - brings a file to the newest schema through PRAGMA user_version, all or nothing. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

/* The list must number its steps 1, 2, 3, …: anything else is a bug here. */
static void
check_list(const struct _store_migration *list, size_t count, int target)
{
	size_t i;

	if (target < 0 || (size_t)target > count)
		fatalx("store: migration target %d outside 0..%zu", target, count);
	for (i = 0; i < count; i++) {
		if (list[i].version != (int)i + 1 || list[i].sql == NULL)
			fatalx("store: migration %zu is numbered %d", i + 1,
			    list[i].version);
	}
}

/* Undoes an open transaction; some errors have rolled it back already. */
static void
rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs fixed SQL (never user input) and maps a failure. */
static tt_status
exec_fixed(sqlite3 *db, const char *sql, const char *path, char **cause)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	return TT_OK;
}

/* Sets a header integer; pragmas take no bound parameters, so it is formatted. */
static tt_status
set_header_int(sqlite3 *db, const char *pragma, int value, const char *path,
    char **cause)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA main.%s = %d", pragma, value);
	return exec_fixed(db, sql, path, cause);
}

/* Applies one step; the caller's transaction is still open on failure. */
static tt_status
apply(sqlite3 *db, const struct _store_migration *m, int from,
    const char *path, char **cause)
{
	tt_status st;
	char *msg;
	int rc;

	rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return TT_OK;
	st = _store_status(rc);
	if (st != TT_EDB)
		return _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	msg = xstrdup(sqlite3_errmsg(db));
	tt_fail(cause, TT_EDB,
	    _("cannot upgrade %s: step %d (%s) of its schema failed: %s; "
	    "the file is left unchanged at schema %d"),
	    path, m->version, m->name, msg, from);
	free(msg);
	return TT_EDB;
}

tt_status
_store_migrate_list(sqlite3 *db, enum store_db which,
    const struct _store_migration *list, size_t count, int target,
    const char *path, char **cause)
{
	tt_status st;
	int from, i;

	check_list(list, count, target);
	/* Most opens find the file current: check without taking the write lock. */
	if ((st = _store_identify(db, "main", which, path, &from, cause)) != TT_OK)
		return st;
	if (from >= target)
		return TT_OK;

	if ((st = exec_fixed(db, "BEGIN IMMEDIATE", path, cause)) != TT_OK)
		return st;
	/* Another tether may have upgraded (or claimed) it while we waited. */
	if ((st = _store_identify(db, "main", which, path, &from, cause)) != TT_OK)
		goto fail;
	if (from >= target) {
		rollback(db);
		return TT_OK;
	}
	if (from == 0 && (st = set_header_int(db, "application_id",
	    which == STORE_MAIL ? STORE_MAIL_APP_ID : STORE_CRM_APP_ID,
	    path, cause)) != TT_OK)
		goto fail;
	for (i = from; i < target; i++) {
		if ((st = apply(db, &list[i], from, path, cause)) != TT_OK)
			goto fail;
	}
	if ((st = set_header_int(db, "user_version", target, path, cause)) != TT_OK)
		goto fail;
	if ((st = exec_fixed(db, "COMMIT", path, cause)) != TT_OK)
		goto fail;
	log_msg(LOG_INFO, "%s: schema upgraded from %d to %d", path, from, target);
	return TT_OK;

fail:
	rollback(db);
	return st;
}

tt_status
_store_migrate(sqlite3 *db, enum store_db which, int target, const char *path,
    char **cause)
{
	if (which == STORE_MAIL)
		return _store_migrate_list(db, which, _store_mail_migrations,
		    _store_mail_migrations_count, target, path, cause);
	return _store_migrate_list(db, which, _store_crm_migrations,
	    _store_crm_migrations_count, target, path, cause);
}

int
store_schema_latest(enum store_db which)
{
	if (which == STORE_MAIL)
		return (int)_store_mail_migrations_count;
	return (int)_store_crm_migrations_count;
}
