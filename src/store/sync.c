/* sync.c - what the sync engine keeps: folder state, UID maps, flags, expunges and orphan purges. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

tt_status
_store_next_message_id(struct store *st, sqlite3_stmt *stmt, int i,
    char **cause)
{
	sqlite3_stmt *q;
	int64_t top = 0;
	int rc;

	if (st->fts_gone_max < 0) {
		if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM"
		    " fts_gone", -1, &q, NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		rc = sqlite3_step(q);
		st->fts_gone_max = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		sqlite3_finalize(q);
		if (rc != SQLITE_ROW)
			return _store_db_fail(st, cause);
	}
	if (st->fts_gone_max == 0) {
		sqlite3_bind_null(stmt, i);
		return TT_OK;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM messages",
	    -1, &q, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	if (sqlite3_step(q) == SQLITE_ROW)
		top = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_bind_int64(stmt, i, (top > st->fts_gone_max ? top :
	    st->fts_gone_max) + 1);
	return TT_OK;
}

/* Runs one statement with up to two integer parameters. */
static tt_status
exec2(struct store *st, const char *sql, int64_t a, int64_t b, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, a);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, b);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	return TT_OK;
}

tt_status
_store_message_delete(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t thread = 0, account = 0, left = 0;
	char *msgid = NULL;
	bool indexed = false;
	tt_status s;

	if (sqlite3_prepare_v2(st->db, "SELECT thread_id, account_id, message_id,"
	    " body_state != 'none' FROM messages WHERE id = ?1", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		thread = sqlite3_column_int64(stmt, 0);
		account = sqlite3_column_int64(stmt, 1);
		msgid = _store_col_text(stmt, 2, true);
		indexed = sqlite3_column_int(stmt, 3) != 0;
	}
	sqlite3_finalize(stmt);
	if (msgid == NULL)
		return TT_OK;
	s = exec2(st, "DELETE FROM messages WHERE id = ?1", id, 0, cause);
	if (s == TT_OK && indexed) {
		s = exec2(st, "INSERT OR IGNORE INTO fts_gone (id) VALUES (?1)", id, 0,
		    cause);
		st->fts_gone_max = -1;
	}
	if (s != TT_OK || thread == 0)
		goto out;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM messages WHERE"
	    " thread_id = ?1", -1, &stmt, NULL) != SQLITE_OK) {
		s = _store_db_fail(st, cause);
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, thread);
	s = _store_step_int(st, stmt, &left, cause);
	sqlite3_finalize(stmt);
	if (s != TT_OK)
		goto out;
	if (left == 0) {
		/* The last message: the thread and its links go with it. */
		s = exec2(st, "DELETE FROM threads WHERE id = ?1", thread, 0, cause);
		goto out;
	}
	/* Replies still point at it: the id waits as a placeholder, so the
	 * message rejoins this thread if it ever comes back. */
	if (sqlite3_prepare_v2(st->db, "UPDATE thread_ids SET placeholder = 1"
	    " WHERE account_id = ?1 AND msgid = ?2 AND NOT EXISTS (SELECT 1 FROM"
	    " messages WHERE account_id = ?1 AND message_id = ?2)", -1, &stmt,
	    NULL) != SQLITE_OK) {
		s = _store_db_fail(st, cause);
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, account);
	_store_bind_text(stmt, 2, msgid);
	s = _store_step_done(st, stmt, cause);
	sqlite3_finalize(stmt);
	if (s == TT_OK)
		s = _store_thread_recompute(st, thread, cause);
out:
	free(msgid);
	return s;
}

/* --- folders --------------------------------------------------------------- */

tt_status
store_sync_folders(struct store *st, int64_t account_id,
    struct store_sync_folder **out, size_t *n, char **cause)
{
	struct store_sync_folder *v = NULL, *f;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT id, name, imap_name, role,"
	    " coalesce(uidvalidity, 0), coalesce(uidnext, 0),"
	    " coalesce(highestmodseq, 0), coalesce(synced_since, 0)"
	    " FROM folders WHERE account_id = ?1 ORDER BY id", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, account_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		f = &v[count++];
		f->id = sqlite3_column_int64(stmt, 0);
		f->name = _store_col_text(stmt, 1, true);
		f->imap_name = _store_col_text(stmt, 2, true);
		f->role = _store_col_text(stmt, 3, false);
		f->uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 4);
		f->uidnext = (uint32_t)sqlite3_column_int64(stmt, 5);
		f->highestmodseq = (uint64_t)sqlite3_column_int64(stmt, 6);
		f->synced_since = (time_t)sqlite3_column_int64(stmt, 7);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_sync_folders_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

void
store_sync_folders_free(struct store_sync_folder *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].imap_name);
		free(v[i].role);
	}
	free(v);
}

tt_status
store_sync_folder_ensure(struct store *st, int64_t account_id, const char *name,
    const char *imap_name, const char *role, bool selected, int64_t *id,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	/* A role moves when the server moves it: only one folder holds it. */
	if (role != NULL && sqlite3_prepare_v2(st->db, "UPDATE folders SET role ="
	    " NULL WHERE account_id = ?1 AND role = ?2 AND imap_name != ?3", -1,
	    &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, account_id);
		_store_bind_text(stmt, 2, role);
		_store_bind_text(stmt, 3, imap_name);
		s = _store_step_done(st, stmt, cause);
		sqlite3_finalize(stmt);
		if (s != TT_OK)
			return s;
	}
	if (sqlite3_prepare_v2(st->db, "INSERT INTO folders (account_id, name,"
	    " imap_name, role, selected) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT"
	    " (account_id, imap_name) DO UPDATE SET name = excluded.name,"
	    " role = excluded.role, selected = excluded.selected RETURNING id", -1,
	    &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int(stmt, 5, selected);
	sqlite3_bind_int64(stmt, 1, account_id);
	_store_bind_text(stmt, 2, name);
	_store_bind_text(stmt, 3, imap_name);
	_store_bind_text(stmt, 4, role);
	s = _store_step_int(st, stmt, id, cause);
	sqlite3_finalize(stmt);
	return s;
}

tt_status
store_sync_folder_save(struct store *st, const struct store_sync_folder *f,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if (sqlite3_prepare_v2(st->db, "UPDATE folders SET uidvalidity = ?2,"
	    " uidnext = ?3, highestmodseq = ?4, synced_since = ?5,"
	    " last_sync_at = ?6 WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, f->id);
	sqlite3_bind_int64(stmt, 2, f->uidvalidity);
	if (f->uidnext != 0)
		sqlite3_bind_int64(stmt, 3, f->uidnext);
	if (f->highestmodseq != 0)
		sqlite3_bind_int64(stmt, 4, (int64_t)f->highestmodseq);
	sqlite3_bind_int64(stmt, 5, (int64_t)f->synced_since);
	sqlite3_bind_int64(stmt, 6, (int64_t)time_now());
	s = _store_step_done(st, stmt, cause);
	sqlite3_finalize(stmt);
	return s;
}

tt_status
store_sync_folder_reset(struct store *st, int64_t folder_id, bool drop,
    char **cause)
{
	tt_status s;

	/* Moves into a folder that goes are undone first (they need its rows). */
	if (drop && (s = _store_journal_folder_gone(st, folder_id, cause)) != TT_OK)
		return s;
	/* Threads stay: their messages are only orphaned until re-read. */
	if ((s = exec2(st, "UPDATE accounts SET purge_pending = 1 WHERE id ="
	    " (SELECT account_id FROM folders WHERE id = ?1)", folder_id, 0,
	    cause)) != TT_OK ||
	    (s = exec2(st, "DELETE FROM message_folders WHERE folder_id = ?1",
	    folder_id, 0, cause)) != TT_OK ||
	    (s = exec2(st, "DELETE FROM thread_folders WHERE folder_id = ?1",
	    folder_id, 0, cause)) != TT_OK)
		return s;
	if (drop)
		return exec2(st, "DELETE FROM folders WHERE id = ?1", folder_id, 0,
		    cause);
	return exec2(st, "UPDATE folders SET uidvalidity = NULL, uidnext = NULL,"
	    " highestmodseq = NULL WHERE id = ?1", folder_id, 0, cause);
}

/* --- UIDs and flags ---------------------------------------------------------- */

tt_status
store_sync_uids(struct store *st, int64_t folder_id, struct store_uid **out,
    size_t *n, char **cause)
{
	struct store_uid *v = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *stmt;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = _store_stmt(st, S_SYNC_UIDS,
	    "SELECT mf.uid, m.flags, m.id FROM message_folders mf JOIN messages m"
	    " ON m.id = mf.message_id WHERE mf.folder_id = ?1 AND mf.uid > 0"
	    " UNION ALL SELECT uid, 0, 0 FROM journal WHERE folder_id = ?1"
	    " AND kind = 'move' AND uid > 0 ORDER BY 1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[count].uid = (uint32_t)sqlite3_column_int64(stmt, 0);
		v[count].flags = (unsigned)sqlite3_column_int(stmt, 1);
		v[count].message_id = sqlite3_column_int64(stmt, 2);
		count++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(v);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

tt_status
store_sync_set_flags(struct store *st, int64_t folder_id, uint32_t uid,
    unsigned flags, bool *changed, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	*changed = false;
	/* The thread's unread count moves by the difference first (old flags
	 * are still in the row), then the message takes the new flags. */
	if ((s = _store_stmt(st, S_SYNC_FLAGS_THREAD,
	    "UPDATE threads SET unread_count = unread_count"
	    " + (?3 & 1 = 0) - (m.flags & 1 = 0),"
	    " has_draft = max(has_draft, (?3 & 16) != 0)"
	    " FROM (SELECT m.thread_id, m.flags FROM message_folders mf"
	    "  JOIN messages m ON m.id = mf.message_id"
	    "  WHERE mf.folder_id = ?1 AND mf.uid = ?2 AND m.flags != ?3"
	    "  AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.folder_id = ?1"
	    "  AND j.uid = ?2 AND j.kind = 'flags' AND j.state = 'pending')) AS m"
	    " WHERE threads.id = m.thread_id", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	sqlite3_bind_int64(stmt, 2, uid);
	sqlite3_bind_int(stmt, 3, (int)flags);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	if ((s = _store_stmt(st, S_SYNC_FLAGS,
	    "UPDATE messages SET flags = ?3 WHERE id = (SELECT message_id FROM"
	    " message_folders WHERE folder_id = ?1 AND uid = ?2) AND flags != ?3"
	    " AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.folder_id = ?1"
	    " AND j.uid = ?2 AND j.kind = 'flags' AND j.state = 'pending')",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	sqlite3_bind_int64(stmt, 2, uid);
	sqlite3_bind_int(stmt, 3, (int)flags);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	*changed = sqlite3_changes(st->db) > 0;
	return TT_OK;
}

tt_status
store_sync_forget(struct store *st, int64_t folder_id, uint32_t uid,
    char **cause)
{
	sqlite3_stmt *stmt;
	int64_t id = 0, others = 0;
	tt_status s;

	if ((s = _store_stmt(st, S_SYNC_FORGET_FIND,
	    "SELECT message_id FROM message_folders WHERE folder_id = ?1"
	    " AND uid = ?2", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	sqlite3_bind_int64(stmt, 2, uid);
	if ((s = _store_step_int(st, stmt, &id, cause)) != TT_OK || id == 0)
		return s;
	if ((s = _store_stmt(st, S_SYNC_FORGET,
	    "DELETE FROM message_folders WHERE folder_id = ?1 AND uid = ?2",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	sqlite3_bind_int64(stmt, 2, uid);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	if ((s = _store_stmt(st, S_SYNC_OTHER_FOLDER,
	    "SELECT count(*) FROM message_folders WHERE message_id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = _store_step_int(st, stmt, &others, cause)) != TT_OK)
		return s;
	/*
	 * A message no folder holds may only have moved (to a folder read
	 * later in this sync, which re-attaches it by Message-Id): it is
	 * purged once every folder has been read, not now.
	 */
	if (others == 0 && (s = exec2(st, "UPDATE accounts SET purge_pending = 1"
	    " WHERE id = (SELECT account_id FROM messages WHERE id = ?1)", id, 0,
	    cause)) != TT_OK)
		return s;
	/* The thread leaves this folder's listing when nothing of it is left. */
	return exec2(st, "DELETE FROM thread_folders WHERE folder_id = ?2 AND"
	    " thread_id = (SELECT thread_id FROM messages WHERE id = ?1) AND"
	    " NOT EXISTS (SELECT 1 FROM messages m JOIN message_folders mf ON"
	    " mf.message_id = m.id WHERE mf.folder_id = ?2 AND m.thread_id ="
	    " (SELECT thread_id FROM messages WHERE id = ?1))", id, folder_id,
	    cause);
}

tt_status
store_sync_purge(struct store *st, int64_t account_id, size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t *ids = NULL, pending = 0;
	size_t count = 0, i;
	tt_status s = TT_OK;
	int rc;

	if (n != NULL)
		*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT purge_pending FROM accounts WHERE"
	    " id = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, account_id);
	s = _store_step_int(st, stmt, &pending, cause);
	sqlite3_finalize(stmt);
	if (s != TT_OK || pending == 0)
		return s;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM messages m WHERE"
	    " account_id = ?1 AND NOT EXISTS (SELECT 1 FROM message_folders mf"
	    " WHERE mf.message_id = m.id)", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, account_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, count + 1, sizeof *ids);
		ids[count++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		s = _store_db_fail(st, cause);
	for (i = 0; i < count && s == TT_OK; i++)
		s = _store_message_delete(st, ids[i], cause);
	free(ids);
	if (s == TT_OK)
		s = exec2(st, "UPDATE accounts SET purge_pending = 0 WHERE id = ?1",
		    account_id, 0, cause);
	if (s == TT_OK && n != NULL)
		*n = count;
	return s;
}

tt_status
store_sync_bodies_wanted(struct store *st, int64_t folder_id, time_t since,
    size_t limit, struct store_body_want **out, size_t *n, char **cause)
{
	struct store_body_want *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT m.id, mf.uid, m.size, m.date FROM"
	    " message_folders mf JOIN messages m ON m.id = mf.message_id"
	    " WHERE mf.folder_id = ?1 AND m.body_state = 'none' AND mf.date >= ?2"
	    " ORDER BY mf.date DESC, mf.uid DESC LIMIT ?3", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, folder_id);
	sqlite3_bind_int64(stmt, 2, since > 0 ? (int64_t)since : INT64_MIN);
	sqlite3_bind_int64(stmt, 3, limit > 0 ? (int64_t)limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].message_id = sqlite3_column_int64(stmt, 0);
		v[count].uid = (uint32_t)sqlite3_column_int64(stmt, 1);
		v[count].size = sqlite3_column_int64(stmt, 2);
		v[count].date = (time_t)sqlite3_column_int64(stmt, 3);
		count++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(v);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}
