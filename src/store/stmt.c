/* stmt.c - the prepared-statement cache, binding helpers and transactions. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

tt_status
_store_db_fail(struct store *st, char **cause)
{
	return _store_sqlite_fail(cause, sqlite3_extended_errcode(st->db),
	    sqlite3_errmsg(st->db), st->mail_path);
}

tt_status
_store_stmt(struct store *st, enum store_stmt_id id, const char *sql,
    sqlite3_stmt **out, char **cause)
{
	sqlite3_stmt *stmt = st->stmts[id];

	*out = NULL;
	if (stmt == NULL) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &stmt, NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		st->stmts[id] = stmt;
	} else {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	*out = stmt;
	return TT_OK;
}

void
_store_stmts_clear(struct store *st)
{
	size_t i;

	for (i = 0; i < S_STMT_COUNT; i++) {
		sqlite3_finalize(st->stmts[i]);
		st->stmts[i] = NULL;
	}
	for (i = 0; i < STORE_SQL_CACHE; i++) {
		sqlite3_finalize(st->sql_cache[i].stmt);
		free(st->sql_cache[i].sql);
		memset(&st->sql_cache[i], 0, sizeof st->sql_cache[i]);
	}
}

/* FNV-1a of the text: a cheap first test before strcmp. */
static uint64_t
sql_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

tt_status
_store_cached(struct store *st, const char *sql, sqlite3_stmt **out,
    char **cause)
{
	struct store_sql_slot *slot;
	uint64_t h = sql_hash(sql);
	sqlite3_stmt *stmt;
	size_t i;

	*out = NULL;
	for (i = 0; i < STORE_SQL_CACHE; i++) {
		slot = &st->sql_cache[i];
		if (slot->stmt != NULL && slot->hash == h &&
		    strcmp(slot->sql, sql) == 0) {
			if (sqlite3_stmt_busy(slot->stmt))
				break;
			*out = slot->stmt;
			return TT_OK;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	/* In use already: this one is not kept. */
	if (i < STORE_SQL_CACHE) {
		*out = stmt;
		return TT_OK;
	}
	slot = &st->sql_cache[st->sql_next];
	st->sql_next = (st->sql_next + 1) % STORE_SQL_CACHE;
	sqlite3_finalize(slot->stmt);
	free(slot->sql);
	slot->hash = h;
	slot->sql = xstrdup(sql);
	slot->stmt = stmt;
	*out = stmt;
	return TT_OK;
}

void
_store_release(struct store *st, sqlite3_stmt *stmt)
{
	size_t i;

	if (stmt == NULL)
		return;
	for (i = 0; i < STORE_SQL_CACHE; i++) {
		if (st->sql_cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return;
		}
	}
	sqlite3_finalize(stmt);
}

int
_store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

char *
_store_col_text(sqlite3_stmt *stmt, int i, bool empty_for_null)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	if (t == NULL)
		return empty_for_null ? xstrdup("") : NULL;
	return xstrdup((const char *)t);
}

tt_status
_store_step_done(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		tt_status s = _store_db_fail(st, cause);

		sqlite3_reset(stmt);
		return s;
	}
	sqlite3_reset(stmt);
	return TT_OK;
}

tt_status
_store_step_int(struct store *st, sqlite3_stmt *stmt, int64_t *out, char **cause)
{
	int rc = sqlite3_step(stmt);

	*out = 0;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	return TT_OK;
}

static tt_status
exec(struct store *st, const char *sql, char **cause)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	return TT_OK;
}

tt_status
store_begin(struct store *st, char **cause)
{
	return exec(st, "BEGIN IMMEDIATE", cause);
}

tt_status
store_commit(struct store *st, char **cause)
{
	tt_status s;

	if ((s = _store_fts_flush(st, cause)) != TT_OK)
		return s;
	return exec(st, "COMMIT", cause);
}

void
store_rollback(struct store *st)
{
	_store_fts_drop(st);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void
store_bulk(struct store *st, bool on)
{
	/*
	 * 64 MiB of cache; a checkpoint every 64 MiB of WAL instead of 4;
	 * savepoints' journals in memory (an import row is one savepoint, and
	 * a temporary file each made 50,000 rows spend more time in the
	 * kernel than in SQLite).
	 */
	sqlite3_exec(st->db, on ?
	    "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;"
	    " PRAGMA temp_store = MEMORY" :
	    "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000;"
	    " PRAGMA temp_store = DEFAULT; PRAGMA wal_checkpoint(PASSIVE)", NULL,
	    NULL, NULL);
}

void
store_lean(struct store *st)
{
	/* Pages read through the map count as the process's memory for as
	 * long as it runs; a bounded cache of copies does not grow. */
	sqlite3_exec(st->db, "PRAGMA mmap_size = 0; PRAGMA cache_size = -8192",
	    NULL, NULL, NULL);
}
