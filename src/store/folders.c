/* folders.c - accounts and folders: found by name, created on first use. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

tt_status
store_account_ensure(struct store *st, const char *name, const char *email,
    int64_t *id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_ACCOUNT_FIND,
	    "SELECT id FROM accounts WHERE name = ?1", &stmt, cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, name);
	if ((s = _store_step_int(st, stmt, id, cause)) != TT_OK || *id != 0)
		return s;
	if ((s = _store_stmt(st, S_ACCOUNT_INSERT,
	    "INSERT INTO accounts (name, email, created_at) VALUES (?1, ?2, ?3)",
	    &stmt, cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, name);
	_store_bind_text(stmt, 2, email);
	sqlite3_bind_int64(stmt, 3, (int64_t)time_now());
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	*id = sqlite3_last_insert_rowid(st->db);
	return TT_OK;
}

tt_status
store_folder_ensure(struct store *st, int64_t account_id, const char *name,
    const char *role, int64_t *id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_FOLDER_FIND,
	    "SELECT id FROM folders WHERE account_id = ?1 AND imap_name = ?2",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	_store_bind_text(stmt, 2, name);
	if ((s = _store_step_int(st, stmt, id, cause)) != TT_OK || *id != 0)
		return s;
	if ((s = _store_stmt(st, S_FOLDER_INSERT,
	    "INSERT INTO folders (account_id, name, imap_name, role)"
	    " VALUES (?1, ?2, ?2, ?3)", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	_store_bind_text(stmt, 2, name);
	_store_bind_text(stmt, 3, role);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	*id = sqlite3_last_insert_rowid(st->db);
	return TT_OK;
}

tt_status
store_folder_find(struct store *st, const char *spec, int64_t *id, char **cause)
{
	const char *slash = strchr(spec, '/');
	sqlite3_stmt *stmt = NULL;
	char *account = NULL;
	const char *name = spec;
	tt_status s = TT_OK;
	int rc, found = 0;

	*id = 0;
	/* "ACCOUNT/NAME" only when the part before / is an account: folder
	 * names themselves may contain a slash ([Gmail]/Sent Mail). */
	if (sqlite3_prepare_v2(st->db,
	    "SELECT f.id, a.name, f.name FROM folders f JOIN accounts a"
	    " ON a.id = f.account_id WHERE f.name = ?1 OR"
	    " (a.name = ?2 AND f.name = ?3)", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	if (slash != NULL) {
		account = xstrndup(spec, (size_t)(slash - spec));
		name = slash + 1;
	}
	_store_bind_text(stmt, 1, spec);
	_store_bind_text(stmt, 2, account != NULL ? account : "");
	_store_bind_text(stmt, 3, name);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		found++;
	}
	if (rc != SQLITE_DONE)
		s = _store_db_fail(st, cause);
	else if (found == 0)
		s = tt_fail(cause, TT_ENOTFOUND, _("there is no folder \"%s\"; "
		    "tether list --folders shows them"), spec);
	else if (found > 1)
		s = tt_fail(cause, TT_EINVAL, _("several accounts have a folder "
		    "\"%s\"; write ACCOUNT/%s"), spec, spec);
	if (s != TT_OK)
		*id = 0;
	sqlite3_finalize(stmt);
	free(account);
	return s;
}

tt_status
store_list_folders(struct store *st, struct store_folder **out, size_t *n,
    char **cause)
{
	return store_list_folders_ex(st, true, out, n, cause);
}

tt_status
store_list_folders_ex(struct store *st, bool counts, struct store_folder **out,
    size_t *n, char **cause)
{
	struct store_folder *v = NULL, *f;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* The counts read every message of a folder: a screen that only
	 * needs the names asks without them. */
	if (sqlite3_prepare_v2(st->db, counts ? "SELECT f.id, a.name, f.name, f.role,"
	    " (SELECT count(*) FROM message_folders mf WHERE mf.folder_id = f.id),"
	    " (SELECT count(*) FROM message_folders mf JOIN messages m"
	    "  ON m.id = mf.message_id WHERE mf.folder_id = f.id AND m.flags & 1 = 0)"
	    " FROM folders f JOIN accounts a ON a.id = f.account_id"
	    " ORDER BY a.name, f.role IS NULL, f.name" :
	    "SELECT f.id, a.name, f.name, f.role, 0, 0"
	    " FROM folders f JOIN accounts a ON a.id = f.account_id"
	    " ORDER BY a.name, f.role IS NULL, f.name", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		f = &v[count++];
		f->id = sqlite3_column_int64(stmt, 0);
		f->account = _store_col_text(stmt, 1, true);
		f->name = _store_col_text(stmt, 2, true);
		f->role = _store_col_text(stmt, 3, false);
		f->messages = sqlite3_column_int64(stmt, 4);
		f->unread = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_folders_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

void
store_folders_free(struct store_folder *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].account);
		free(v[i].name);
		free(v[i].role);
	}
	free(v);
}

tt_status
store_account_set_state(struct store *st, const char *name, const char *state,
    const char *error, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE accounts SET state = ?2,"
	    " last_error = ?3 WHERE name = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	_store_bind_text(stmt, 1, name);
	_store_bind_text(stmt, 2, state);
	_store_bind_text(stmt, 3, error);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}
