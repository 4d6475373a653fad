/* journal.c - the user's changes: applied to the local view at once and queued as intents for the server, then confirmed, retried or undone. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

/* Runs sql with the integer parameters v[0..n). */
static tt_status
run(struct store *st, const char *sql, const int64_t *v, int n, char **cause)
{
	sqlite3_stmt *stmt;
	int i, rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	for (i = 0; i < n; i++)
		sqlite3_bind_int64(stmt, i + 1, v[i]);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	return TT_OK;
}

#define RUN(st, sql, cause, ...) \
	run((st), (sql), (const int64_t[]){ __VA_ARGS__ }, \
	    (int)(sizeof((const int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t)), (cause))

/* Sets a message's flags, moving its thread's unread count along. */
static tt_status
set_message_flags(struct store *st, int64_t id, unsigned flags, char **cause)
{
	tt_status s;

	if ((s = RUN(st, "UPDATE threads SET unread_count = unread_count"
	    " + (?2 & 1 = 0) - (m.flags & 1 = 0) FROM (SELECT thread_id, flags"
	    " FROM messages WHERE id = ?1 AND flags != ?2) AS m"
	    " WHERE threads.id = m.thread_id", cause, id, flags)) != TT_OK)
		return s;
	return RUN(st, "UPDATE messages SET flags = ?2 WHERE id = ?1", cause, id,
	    flags);
}

tt_status
store_journal_flags(struct store *st, const int64_t *ids, size_t n,
    unsigned add, unsigned remove, size_t *changed, size_t *queued,
    char **cause)
{
	sqlite3_stmt *stmt;
	unsigned before, after;
	tt_status s = TT_OK;
	size_t i;
	int rc;

	*changed = 0;
	*queued = 0;
	for (i = 0; i < n && s == TT_OK; i++) {
		if (sqlite3_prepare_v2(st->db, "SELECT flags FROM messages WHERE id = ?1",
		    -1, &stmt, NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		sqlite3_bind_int64(stmt, 1, ids[i]);
		rc = sqlite3_step(stmt);
		before = rc == SQLITE_ROW ? (unsigned)sqlite3_column_int(stmt, 0) : 0;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW)
			continue;
		after = (before | add) & ~remove;
		if (after == before)
			continue;
		(*changed)++;
		/* One intent per server folder holding it (local folders have
		 * no server).  In a folder it is still being moved to, the uid
		 * is the placeholder's, resolved once the move is done. */
		if (sqlite3_prepare_v2(st->db, "INSERT INTO journal (account_id,"
		    " folder_id, kind, payload, uid, add_flags, remove_flags,"
		    " before_flags, message_id, created_at) SELECT f.account_id,"
		    " mf.folder_id, 'flags', '', mf.uid, ?2, ?3, ?4, ?1, ?5"
		    " FROM message_folders mf JOIN folders f ON f.id = mf.folder_id"
		    " JOIN accounts a ON a.id = f.account_id"
		    " WHERE mf.message_id = ?1 AND a.name != ?6", -1,
		    &stmt, NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		sqlite3_bind_int64(stmt, 1, ids[i]);
		sqlite3_bind_int(stmt, 2, (int)(add & ~before));
		sqlite3_bind_int(stmt, 3, (int)(remove & before));
		sqlite3_bind_int(stmt, 4, (int)before);
		sqlite3_bind_int64(stmt, 5, (int64_t)time_now());
		_store_bind_text(stmt, 6, STORE_LOCAL_ACCOUNT);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return _store_db_fail(st, cause);
		*queued += (size_t)sqlite3_changes(st->db);
		s = set_message_flags(st, ids[i], after, cause);
	}
	return s;
}

/* The thread of message id no longer shows in folder unless another of
 * its messages is there; it shows in the message's folders. */
static tt_status
refile_thread(struct store *st, int64_t id, int64_t folder, char **cause)
{
	tt_status s;

	if ((s = RUN(st, "DELETE FROM thread_folders WHERE folder_id = ?2 AND"
	    " thread_id = (SELECT thread_id FROM messages WHERE id = ?1) AND"
	    " NOT EXISTS (SELECT 1 FROM messages m JOIN message_folders mf ON"
	    " mf.message_id = m.id WHERE mf.folder_id = ?2 AND m.thread_id ="
	    " (SELECT thread_id FROM messages WHERE id = ?1))", cause, id,
	    folder)) != TT_OK)
		return s;
	return _store_thread_folders(st, id, cause);
}

tt_status
store_journal_move(struct store *st, const int64_t *ids, size_t n, int64_t from,
    int64_t to, size_t *moved, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t uid, jid, account;
	bool local;
	tt_status s = TT_OK;
	size_t i;
	int rc;

	*moved = 0;
	if (from == to)
		return TT_OK;
	for (i = 0; i < n && s == TT_OK; i++) {
		if (sqlite3_prepare_v2(st->db, "SELECT mf.uid, f.account_id, a.name = ?3"
		    " FROM message_folders mf JOIN folders f ON f.id = mf.folder_id"
		    " JOIN accounts a ON a.id = f.account_id"
		    " WHERE mf.message_id = ?1 AND mf.folder_id = ?2", -1, &stmt,
		    NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		sqlite3_bind_int64(stmt, 1, ids[i]);
		sqlite3_bind_int64(stmt, 2, from);
		_store_bind_text(stmt, 3, STORE_LOCAL_ACCOUNT);
		rc = sqlite3_step(stmt);
		uid = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
		account = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 1) : 0;
		local = rc == SQLITE_ROW && sqlite3_column_int(stmt, 2) != 0;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW)
			continue;
		if (uid < 0)
			return tt_fail(cause, TT_EBUSY, _("message %lld is still on its "
			    "way to that folder on the server; run tether sync, then move "
			    "it again"), (long long)ids[i]);
		if (local) {
			/* No server: the next free uid of the target is its own. */
			s = RUN(st, "UPDATE message_folders SET folder_id = ?3, uid ="
			    " (SELECT coalesce(max(uid), 0) + 1 FROM message_folders"
			    " WHERE folder_id = ?3) WHERE message_id = ?1 AND"
			    " folder_id = ?2", cause, ids[i], from, to);
		} else {
			if (sqlite3_prepare_v2(st->db, "INSERT INTO journal (account_id,"
			    " folder_id, kind, payload, uid, target_id, message_id,"
			    " created_at) VALUES (?1, ?2, 'move', '', ?3, ?4, ?5, ?6)", -1,
			    &stmt, NULL) != SQLITE_OK)
				return _store_db_fail(st, cause);
			sqlite3_bind_int64(stmt, 1, account);
			sqlite3_bind_int64(stmt, 2, from);
			sqlite3_bind_int64(stmt, 3, uid);
			sqlite3_bind_int64(stmt, 4, to);
			sqlite3_bind_int64(stmt, 5, ids[i]);
			sqlite3_bind_int64(stmt, 6, (int64_t)time_now());
			rc = sqlite3_step(stmt);
			sqlite3_finalize(stmt);
			if (rc != SQLITE_DONE)
				return _store_db_fail(st, cause);
			jid = sqlite3_last_insert_rowid(st->db);
			s = RUN(st, "UPDATE message_folders SET folder_id = ?3, uid = ?4"
			    " WHERE message_id = ?1 AND folder_id = ?2 AND uid = ?5", cause,
			    ids[i], from, to, -jid, uid);
		}
		if (s == TT_OK)
			s = refile_thread(st, ids[i], from, cause);
		if (s == TT_OK)
			(*moved)++;
	}
	return s;
}

tt_status
store_threads_mark(struct store *st, const int64_t *threads, size_t n,
    bool deleted, char **cause)
{
	tt_status s = TT_OK;
	size_t i;

	for (i = 0; i < n && s == TT_OK; i++) {
		/* Deleting drops the links (ARC-02); archiving keeps them. */
		s = deleted ? RUN(st, "UPDATE threads SET deleted = 1, item_type = NULL,"
		    " item_id = NULL, link_state = 'none', updated_at = ?2"
		    " WHERE id = ?1", cause, threads[i], (int64_t)time_now()) :
		    RUN(st, "UPDATE threads SET archived = 1, updated_at = ?2"
		    " WHERE id = ?1", cause, threads[i], (int64_t)time_now());
	}
	return s;
}

/* One integer from sql with ?1 = a and ?2 = text (when it takes one). */
static tt_status
one_int(struct store *st, const char *sql, int64_t a, const char *text,
    int64_t *out, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, a);
	if (text != NULL)
		_store_bind_text(stmt, 2, text);
	s = _store_step_int(st, stmt, out, cause);
	sqlite3_finalize(stmt);
	return s;
}

tt_status
store_folder_by_role(struct store *st, int64_t account_id, const char *role,
    int64_t *id, char **cause)
{
	return one_int(st, "SELECT id FROM folders WHERE account_id = ?1"
	    " AND role = ?2", account_id, role, id, cause);
}

tt_status
store_folder_account(struct store *st, int64_t folder_id, int64_t *account_id,
    char **cause)
{
	return one_int(st, "SELECT account_id FROM folders WHERE id = ?1",
	    folder_id, NULL, account_id, cause);
}

void
store_intents_free(struct store_intent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].folder);
		free(v[i].account);
		free(v[i].target);
		free(v[i].subject);
		free(v[i].last_error);
	}
	free(v);
}

tt_status
store_journal_list(struct store *st, int64_t account_id, bool due_only,
    struct store_intent **out, size_t *n, char **cause)
{
	struct store_intent *v = NULL, *it;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* A uid below 0 is a placeholder: the message's uid there now, or
	 * 0 while its move has not reached the server. */
	if (sqlite3_prepare_v2(st->db, "SELECT j.id, j.kind, j.account_id,"
	    " coalesce(j.folder_id, 0), f.name, a.name, CASE WHEN j.uid < 0 THEN"
	    " coalesce((SELECT mf.uid FROM message_folders mf WHERE mf.folder_id ="
	    " j.folder_id AND mf.message_id = j.message_id AND mf.uid > 0 LIMIT 1),"
	    " 0) ELSE coalesce(j.uid, 0) END,"
	    " j.add_flags, j.remove_flags, coalesce(j.target_id, 0), t.name,"
	    " coalesce(j.message_id, 0), m.subject, j.state = 'failed', j.attempts,"
	    " coalesce(j.next_try_at, 0), j.last_error, j.created_at"
	    " FROM journal j JOIN accounts a ON a.id = j.account_id"
	    " LEFT JOIN folders f ON f.id = j.folder_id"
	    " LEFT JOIN folders t ON t.id = j.target_id"
	    " LEFT JOIN messages m ON m.id = j.message_id"
	    " WHERE (?1 = 0 OR j.account_id = ?1) AND (?2 = 0 OR (j.state = 'pending'"
	    " AND coalesce(j.next_try_at, 0) <= ?3)) ORDER BY j.id", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, account_id);
	sqlite3_bind_int(stmt, 2, due_only);
	sqlite3_bind_int64(stmt, 3, (int64_t)time_now());
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		it = &v[count++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(stmt, 0);
		it->kind = strcmp((const char *)sqlite3_column_text(stmt, 1), "move") == 0 ?
		    INTENT_MOVE : INTENT_FLAGS;
		it->account_id = sqlite3_column_int64(stmt, 2);
		it->folder_id = sqlite3_column_int64(stmt, 3);
		it->folder = _store_col_text(stmt, 4, false);
		it->account = _store_col_text(stmt, 5, true);
		it->uid = (uint32_t)sqlite3_column_int64(stmt, 6);
		it->add = (unsigned)sqlite3_column_int(stmt, 7);
		it->remove = (unsigned)sqlite3_column_int(stmt, 8);
		it->target_id = sqlite3_column_int64(stmt, 9);
		it->target = _store_col_text(stmt, 10, false);
		it->message_id = sqlite3_column_int64(stmt, 11);
		it->subject = _store_col_text(stmt, 12, false);
		it->failed = sqlite3_column_int(stmt, 13) != 0;
		it->attempts = sqlite3_column_int(stmt, 14);
		it->next_try_at = (time_t)sqlite3_column_int64(stmt, 15);
		it->last_error = _store_col_text(stmt, 16, false);
		it->created_at = (time_t)sqlite3_column_int64(stmt, 17);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_intents_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

/* One intent's own row, for done/fail/retry/drop. */
struct row {
	bool found, move, failed;
	int64_t folder, target, message;
	int64_t uid;
	unsigned add, remove, before;
};

static tt_status
get_row(struct store *st, int64_t id, struct row *r, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	memset(r, 0, sizeof *r);
	if (sqlite3_prepare_v2(st->db, "SELECT kind = 'move', state = 'failed',"
	    " coalesce(folder_id, 0), coalesce(target_id, 0),"
	    " coalesce(message_id, 0), coalesce(uid, 0), add_flags, remove_flags,"
	    " before_flags FROM journal WHERE id = ?1", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r->found = true;
		r->move = sqlite3_column_int(stmt, 0) != 0;
		r->failed = sqlite3_column_int(stmt, 1) != 0;
		r->folder = sqlite3_column_int64(stmt, 2);
		r->target = sqlite3_column_int64(stmt, 3);
		r->message = sqlite3_column_int64(stmt, 4);
		r->uid = sqlite3_column_int64(stmt, 5);
		r->add = (unsigned)sqlite3_column_int(stmt, 6);
		r->remove = (unsigned)sqlite3_column_int(stmt, 7);
		r->before = (unsigned)sqlite3_column_int(stmt, 8);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	return TT_OK;
}

/* The message's flags as they would be with (apply) or without the change. */
static tt_status
flip_flags(struct store *st, const struct row *r, bool apply, char **cause)
{
	sqlite3_stmt *stmt;
	unsigned cur, touched = r->add | r->remove;
	int rc;

	if (r->message == 0)
		return TT_OK;
	if (sqlite3_prepare_v2(st->db, "SELECT flags FROM messages WHERE id = ?1",
	    -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, r->message);
	rc = sqlite3_step(stmt);
	cur = rc == SQLITE_ROW ? (unsigned)sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return TT_OK;
	return set_message_flags(st, r->message, apply ? (cur | r->add) & ~r->remove :
	    (cur & ~touched) | (r->before & touched), cause);
}

/* The moved message back where it was (undo) or to the target (redo). */
static tt_status
flip_move(struct store *st, int64_t id, const struct row *r, bool apply,
    char **cause)
{
	tt_status s;

	if (r->message == 0 || r->folder == 0 || r->target == 0)
		return TT_OK;
	s = apply ? RUN(st, "UPDATE message_folders SET folder_id = ?3, uid = ?4"
	    " WHERE message_id = ?1 AND folder_id = ?2 AND uid = ?5", cause,
	    r->message, r->folder, r->target, -id, r->uid) :
	    RUN(st, "UPDATE message_folders SET folder_id = ?3, uid = ?5"
	    " WHERE message_id = ?1 AND folder_id = ?2 AND uid = ?4", cause,
	    r->message, r->target, r->folder, -id, r->uid);
	if (s == TT_OK)
		s = refile_thread(st, r->message, apply ? r->folder : r->target, cause);
	return s;
}

tt_status
store_journal_done(struct store *st, int64_t id, uint32_t new_uid, char **cause)
{
	struct row r;
	tt_status s;

	if ((s = get_row(st, id, &r, cause)) != TT_OK || !r.found)
		return s;
	if (r.move && new_uid == 0 && r.target != 0) {
		/*
		 * Moved, but the server did not say where to (no COPYUID): the
		 * placeholder goes, and the target's next read finds the
		 * message by its Message-Id; if no synced folder does, it is
		 * purged like any message the server no longer shows.
		 */
		s = RUN(st, "DELETE FROM message_folders WHERE folder_id = ?1 AND"
		    " uid = ?2", cause, r.target, -id);
		if (s == TT_OK)
			s = RUN(st, "UPDATE accounts SET purge_pending = 1 WHERE id ="
			    " (SELECT account_id FROM folders WHERE id = ?1)", cause,
			    r.target);
	} else if (r.move && r.target != 0) {
		/* The target's sync may have seen the message first. */
		s = RUN(st, "DELETE FROM message_folders WHERE folder_id = ?1 AND"
		    " uid = ?2 AND EXISTS (SELECT 1 FROM message_folders WHERE"
		    " folder_id = ?1 AND uid = ?3)", cause, r.target, -id,
		    (int64_t)new_uid);
		if (s == TT_OK)
			s = RUN(st, "UPDATE message_folders SET uid = ?3 WHERE"
			    " folder_id = ?1 AND uid = ?2", cause, r.target, -id,
			    (int64_t)new_uid);
	}
	if (s == TT_OK)
		s = RUN(st, "DELETE FROM journal WHERE id = ?1", cause, id);
	return s;
}

tt_status
store_journal_fail(struct store *st, int64_t id, bool permanent,
    const char *error, char **cause)
{
	sqlite3_stmt *stmt;
	struct row r;
	tt_status s;
	int rc;

	if ((s = get_row(st, id, &r, cause)) != TT_OK || !r.found)
		return s;
	if (permanent) {
		/* The local view must tell the truth: the change did not happen. */
		s = r.move ? flip_move(st, id, &r, false, cause) :
		    flip_flags(st, &r, false, cause);
		if (s != TT_OK)
			return s;
	}
	/* Retried after 30 s, doubling up to an hour. */
	if (sqlite3_prepare_v2(st->db, "UPDATE journal SET attempts = attempts + 1,"
	    " last_error = ?2, state = CASE WHEN ?3 THEN 'failed' ELSE state END,"
	    " next_try_at = ?4 + min(3600, 30 << min(attempts, 7)) WHERE id = ?1", -1,
	    &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, id);
	_store_bind_text(stmt, 2, error);
	sqlite3_bind_int(stmt, 3, permanent);
	sqlite3_bind_int64(stmt, 4, (int64_t)time_now());
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

tt_status
store_journal_retry(struct store *st, int64_t id, char **cause)
{
	struct row r;
	tt_status s;

	if ((s = get_row(st, id, &r, cause)) != TT_OK)
		return s;
	if (!r.found)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no change %lld in the "
		    "journal; tether journal lists them"), (long long)id);
	if (!r.failed)
		return TT_OK;
	s = r.move ? flip_move(st, id, &r, true, cause) :
	    flip_flags(st, &r, true, cause);
	if (s == TT_OK)
		s = RUN(st, "UPDATE journal SET state = 'pending', attempts = 0,"
		    " next_try_at = NULL WHERE id = ?1", cause, id);
	return s;
}

tt_status
store_journal_drop(struct store *st, int64_t id, char **cause)
{
	struct row r;
	tt_status s;

	if ((s = get_row(st, id, &r, cause)) != TT_OK)
		return s;
	if (!r.found)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no change %lld in the "
		    "journal; tether journal lists them"), (long long)id);
	if (!r.failed && (s = r.move ? flip_move(st, id, &r, false, cause) :
	    flip_flags(st, &r, false, cause)) != TT_OK)
		return s;
	return RUN(st, "DELETE FROM journal WHERE id = ?1", cause, id);
}

tt_status
store_message_claim_uid(struct store *st, int64_t id, int64_t folder_id,
    uint32_t uid, bool *claimed, char **cause)
{
	tt_status s;

	*claimed = false;
	/* A pending move's placeholder: the intent still needs it. */
	if ((s = RUN(st, "UPDATE message_folders SET uid = ?3 WHERE message_id = ?1"
	    " AND folder_id = ?2 AND uid < 0 AND NOT EXISTS (SELECT 1 FROM journal"
	    " WHERE id = -message_folders.uid) AND rowid = (SELECT rowid FROM"
	    " message_folders WHERE message_id = ?1 AND folder_id = ?2 AND uid < 0"
	    " LIMIT 1)", cause, id, folder_id, (int64_t)uid)) != TT_OK)
		return s;
	*claimed = sqlite3_changes(st->db) > 0;
	return TT_OK;
}

tt_status
store_thread_message_ids(struct store *st, int64_t thread, int64_t **ids,
    size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM messages WHERE thread_id = ?1"
	    " ORDER BY date, id", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, thread);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, count + 1, sizeof **ids);
		(*ids)[count++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return _store_db_fail(st, cause);
	}
	*n = count;
	return TT_OK;
}

tt_status
store_message_places(struct store *st, int64_t id, struct store_place **out,
    size_t *n, char **cause)
{
	struct store_place *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT mf.folder_id, f.account_id, f.role,"
	    " a.name FROM message_folders mf JOIN folders f ON f.id = mf.folder_id"
	    " JOIN accounts a ON a.id = f.account_id WHERE mf.message_id = ?1"
	    " ORDER BY f.id", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].folder_id = sqlite3_column_int64(stmt, 0);
		v[count].account_id = sqlite3_column_int64(stmt, 1);
		v[count].role = _store_col_text(stmt, 2, false);
		v[count].account = _store_col_text(stmt, 3, true);
		count++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_places_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

void
store_places_free(struct store_place *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].role);
		free(v[i].account);
	}
	free(v);
}

tt_status
_store_journal_folder_gone(struct store *st, int64_t folder_id, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t *ids = NULL;
	size_t n = 0, i;
	tt_status s = TT_OK;
	int rc;

	/* Moves into the folder: their messages go back where they were,
	 * before the folder's rows (and the placeholders) go with it. */
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM journal WHERE target_id = ?1"
	    " AND kind = 'move' AND state = 'pending'", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, folder_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		s = _store_db_fail(st, cause);
	for (i = 0; i < n && s == TT_OK; i++)
		s = store_journal_fail(st, ids[i], true, _("the folder to move to is "
		    "gone from the server"), cause);
	free(ids);
	return s;
}

tt_status
store_message_uid(struct store *st, int64_t id, int64_t account_id,
    int64_t *folder_id, uint32_t *uid, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	*folder_id = 0;
	*uid = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT mf.folder_id, mf.uid FROM"
	    " message_folders mf JOIN folders f ON f.id = mf.folder_id"
	    " WHERE mf.message_id = ?1 AND f.account_id = ?2 AND mf.uid > 0"
	    " ORDER BY f.role IS NULL, f.id LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, account_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*folder_id = sqlite3_column_int64(stmt, 0);
		*uid = (uint32_t)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

tt_status
store_threads_unarchive(struct store *st, int64_t thread, char **cause)
{
	return RUN(st, "UPDATE threads SET archived = 0, updated_at = ?2"
	    " WHERE id = ?1", cause, thread, (int64_t)time_now());
}
