/* threads.c - the thread primitives under src/thread: ids to threads, create, merge, attach, aggregates (THR-11). */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

/* Participants kept per thread: enough for the index pane and linking. */
#define THREAD_MAX_PARTICIPANTS 50

tt_status
store_thread_find(struct store *st, int64_t account_id, char *const *msgids,
    size_t n, int64_t **threads, size_t *nthreads, bool *known, char **cause)
{
	sqlite3_stmt *stmt, *order = NULL;
	int64_t *v = NULL, t;
	size_t count = 0, i, j;
	tt_status s = TT_OK;
	int rc;

	*threads = NULL;
	*nthreads = 0;
	for (i = 0; i < n && s == TT_OK; i++) {
		if ((s = _store_stmt(st, S_THR_FIND,
		    "SELECT thread_id FROM thread_ids WHERE account_id = ?1"
		    " AND msgid = ?2", &stmt, cause)) != TT_OK)
			break;
		sqlite3_bind_int64(stmt, 1, account_id);
		_store_bind_text(stmt, 2, msgids[i]);
		rc = sqlite3_step(stmt);
		if (known != NULL)
			known[i] = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW) {
			t = sqlite3_column_int64(stmt, 0);
			for (j = 0; j < count && v[j] != t; j++)
				;
			if (j == count) {
				v = xreallocarray(v, count + 1, sizeof *v);
				v[count++] = t;
			}
		} else if (rc != SQLITE_DONE)
			s = _store_db_fail(st, cause);
		sqlite3_reset(stmt);
	}
	if (s != TT_OK) {
		free(v);
		return s;
	}
	/* Several threads: the one whose conversation began first is kept. */
	if (count > 1) {
		if (sqlite3_prepare_v2(st->db, "SELECT id FROM threads WHERE id IN"
		    " (SELECT value FROM json_each(?1)) ORDER BY"
		    " first_message_at IS NULL, first_message_at, id", -1, &order,
		    NULL) != SQLITE_OK) {
			free(v);
			return _store_db_fail(st, cause);
		}
		struct buf list = BUF_INIT;

		buf_addc(&list, '[');
		for (i = 0; i < count; i++)
			buf_addf(&list, "%s%lld", i > 0 ? "," : "", (long long)v[i]);
		buf_addc(&list, ']');
		sqlite3_bind_text(order, 1, buf_str(&list), -1, SQLITE_TRANSIENT);
		buf_free(&list);
		for (i = 0; (rc = sqlite3_step(order)) == SQLITE_ROW && i < count; i++)
			v[i] = sqlite3_column_int64(order, 0);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			s = _store_db_fail(st, cause);
		sqlite3_finalize(order);
	}
	if (s != TT_OK) {
		free(v);
		return s;
	}
	*threads = v;
	*nthreads = count;
	return TT_OK;
}

tt_status
store_thread_create(struct store *st, int64_t account_id, int64_t *id,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_THR_CREATE,
	    "INSERT INTO threads (account_id, created_at, updated_at)"
	    " VALUES (?1, ?2, ?2)", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	sqlite3_bind_int64(stmt, 2, (int64_t)time_now());
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	*id = sqlite3_last_insert_rowid(st->db);
	return TT_OK;
}

tt_status
store_thread_map(struct store *st, int64_t account_id, int64_t thread,
    char *const *refs, size_t nrefs, const char *own_id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	size_t i;

	for (i = 0; i < nrefs; i++) {
		/* A known id already points here (or was merged here). */
		if ((s = _store_stmt(st, S_THR_MAP_REF,
		    "INSERT OR IGNORE INTO thread_ids (account_id, msgid, thread_id,"
		    " placeholder) VALUES (?1, ?2, ?3, 1)", &stmt, cause)) != TT_OK)
			return s;
		sqlite3_bind_int64(stmt, 1, account_id);
		_store_bind_text(stmt, 2, refs[i]);
		sqlite3_bind_int64(stmt, 3, thread);
		if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
			return s;
	}
	if (own_id == NULL)
		return TT_OK;
	if ((s = _store_stmt(st, S_THR_MAP_OWN,
	    "INSERT INTO thread_ids (account_id, msgid, thread_id, placeholder)"
	    " VALUES (?1, ?2, ?3, 0) ON CONFLICT (account_id, msgid) DO UPDATE"
	    " SET thread_id = excluded.thread_id, placeholder = 0", &stmt,
	    cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	_store_bind_text(stmt, 2, own_id);
	sqlite3_bind_int64(stmt, 3, thread);
	return _store_step_done(st, stmt, cause);
}

/* "email\tname" lines: a thread's participants in first-seen order. */
static bool
participants_has(const char *text, const char *email)
{
	const char *p = text;
	size_t len = strlen(email);

	while (p != NULL && *p != '\0') {
		if (ascii_strncasecmp(p, email, len) == 0 && p[len] == '\t')
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* Adds the message's From/To/Cc to the thread's participants text. */
static tt_status
merge_participants(struct store *st, int64_t thread, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	struct buf text = BUF_INIT;
	const unsigned char *cur;
	bool changed = false;
	tt_status s;
	char *name, *p;
	int rc;

	if ((s = _store_stmt(st, S_THR_PARTICIPANTS,
	    "SELECT participants FROM threads WHERE id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    (cur = sqlite3_column_text(stmt, 0)) != NULL)
		buf_adds(&text, (const char *)cur);
	sqlite3_reset(stmt);

	if ((s = _store_stmt(st, S_Q_ADDRS,
	    "SELECT role, name, address FROM message_addresses WHERE message_id = ?1"
	    " AND role IN ('from', 'to', 'cc') ORDER BY CASE role WHEN 'from' THEN 0"
	    " WHEN 'to' THEN 1 ELSE 2 END, position", &stmt, cause)) != TT_OK) {
		buf_free(&text);
		return s;
	}
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *email = (const char *)sqlite3_column_text(stmt, 2);

		if (count_lines(buf_str(&text)) >= THREAD_MAX_PARTICIPANTS)
			break;
		if (email == NULL || participants_has(buf_str(&text), email))
			continue;
		/* Names may hold anything; the line format may not. */
		name = _store_col_text(stmt, 1, true);
		for (p = name; *p != '\0'; p++) {
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		}
		buf_addf(&text, "%s\t%s\n", email, name);
		free(name);
		changed = true;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		buf_free(&text);
		return _store_db_fail(st, cause);
	}
	if (changed) {
		if (sqlite3_prepare_v2(st->db, "UPDATE threads SET participants = ?1"
		    " WHERE id = ?2", -1, &stmt, NULL) != SQLITE_OK) {
			buf_free(&text);
			return _store_db_fail(st, cause);
		}
		sqlite3_bind_text(stmt, 1, buf_str(&text), -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, thread);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE) {
			buf_free(&text);
			return _store_db_fail(st, cause);
		}
	}
	buf_free(&text);
	return TT_OK;
}

tt_status
_store_thread_folders(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_THR_FOLDER,
	    "INSERT INTO thread_folders (thread_id, folder_id, last_message_at)"
	    " SELECT m.thread_id, mf.folder_id, m.date FROM messages m"
	    " JOIN message_folders mf ON mf.message_id = m.id"
	    " WHERE m.id = ?1 AND m.thread_id IS NOT NULL"
	    " ON CONFLICT (thread_id, folder_id) DO UPDATE SET last_message_at ="
	    " max(coalesce(last_message_at, excluded.last_message_at),"
	    " excluded.last_message_at)", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	return _store_step_done(st, stmt, cause);
}

tt_status
store_thread_attach(struct store *st, int64_t thread, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_THR_SET_MSG,
	    "UPDATE messages SET thread_id = ?1 WHERE id = ?2", &stmt,
	    cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	sqlite3_bind_int64(stmt, 2, id);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	/* Old column values on the right-hand side: SQLite's UPDATE rule. */
	if ((s = _store_stmt(st, S_THR_UPDATE,
	    "UPDATE threads SET"
	    " message_count = message_count + 1,"
	    " unread_count = unread_count + (m.flags & 1 = 0),"
	    " has_attachments = max(threads.has_attachments, m.has_attachments),"
	    " has_draft = max(has_draft, (m.flags & 16) != 0),"
	    " has_sent = max(has_sent, m.is_sent),"
	    " subject = CASE WHEN first_message_at IS NULL OR m.date < first_message_at"
	    "  THEN m.subject ELSE threads.subject END,"
	    " snippet = CASE WHEN last_message_at IS NULL OR m.date >= last_message_at"
	    "  THEN m.snippet ELSE threads.snippet END,"
	    " first_message_at = min(coalesce(first_message_at, m.date), m.date),"
	    " last_message_at = max(coalesce(last_message_at, m.date), m.date),"
	    " last_sent_at = CASE WHEN m.is_sent THEN"
	    "  max(coalesce(last_sent_at, m.date), m.date) ELSE last_sent_at END,"
	    " last_received_at = CASE WHEN m.is_sent THEN last_received_at ELSE"
	    "  max(coalesce(last_received_at, m.date), m.date) END,"
	    " updated_at = ?3"
	    " FROM (SELECT * FROM messages WHERE id = ?2) AS m WHERE threads.id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	sqlite3_bind_int64(stmt, 2, id);
	sqlite3_bind_int64(stmt, 3, (int64_t)time_now());
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	if ((s = _store_thread_folders(st, id, cause)) != TT_OK)
		return s;
	return merge_participants(st, thread, id, cause);
}

/* Statements of a merge, run in order with ?1 = keep and ?2 = drop. */
static const char *const merge_sql[] = {
	"UPDATE messages SET thread_id = ?1 WHERE thread_id = ?2",
	"UPDATE thread_ids SET thread_id = ?1 WHERE thread_id = ?2",
	/* keep takes drop's item link only when it has none (LINK-17). */
	"UPDATE threads SET item_type = d.item_type, item_id = d.item_id,"
	" link_state = d.link_state, link_reason = d.link_reason"
	" FROM (SELECT * FROM threads WHERE id = ?2) AS d"
	" WHERE threads.id = ?1 AND threads.item_type IS NULL"
	" AND d.item_type IS NOT NULL",
	"DELETE FROM threads WHERE id = ?2",
};

/* A thread's summary from its messages, with ?1 = the thread. */
static const char *const recompute_sql[] = {
	"DELETE FROM thread_folders WHERE thread_id = ?1",
	"INSERT INTO thread_folders (thread_id, folder_id, last_message_at)"
	" SELECT ?1, mf.folder_id, max(m.date) FROM messages m"
	" JOIN message_folders mf ON mf.message_id = m.id WHERE m.thread_id = ?1"
	" GROUP BY mf.folder_id",
	"UPDATE threads SET"
	" message_count = a.n, unread_count = a.unread,"
	" has_attachments = a.att, has_draft = a.draft, has_sent = a.sent,"
	" first_message_at = a.first, last_message_at = a.last,"
	" last_sent_at = a.last_sent, last_received_at = a.last_received,"
	" subject = (SELECT subject FROM messages WHERE thread_id = ?1"
	"  ORDER BY date, id LIMIT 1),"
	" snippet = (SELECT snippet FROM messages WHERE thread_id = ?1"
	"  ORDER BY date DESC, id DESC LIMIT 1),"
	" participants = NULL"
	" FROM (SELECT count(*) AS n, sum(flags & 1 = 0) AS unread,"
	"  max(has_attachments) AS att, max((flags & 16) != 0) AS draft,"
	"  max(is_sent) AS sent, min(date) AS first, max(date) AS last,"
	"  max(CASE WHEN is_sent THEN date END) AS last_sent,"
	"  max(CASE WHEN is_sent THEN NULL ELSE date END) AS last_received"
	"  FROM messages WHERE thread_id = ?1) AS a WHERE threads.id = ?1",
};

/* Runs statements in order with ?1 = a and, when they take it, ?2 = b. */
static tt_status
run_pair(struct store *st, const char *const *sql, size_t n, int64_t a,
    int64_t b, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s = TT_OK;
	size_t i;
	int rc;

	for (i = 0; i < n && s == TT_OK; i++) {
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
			return _store_db_fail(st, cause);
		sqlite3_bind_int64(stmt, 1, a);
		if (sqlite3_bind_parameter_count(stmt) >= 2)
			sqlite3_bind_int64(stmt, 2, b);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = _store_db_fail(st, cause);
		sqlite3_finalize(stmt);
	}
	return s;
}

tt_status
_store_thread_recompute(struct store *st, int64_t thread, char **cause)
{
	sqlite3_stmt *ids;
	tt_status s;
	int rc;

	if ((s = run_pair(st, recompute_sql, TT_ARRAY_LEN(recompute_sql), thread,
	    0, cause)) != TT_OK)
		return s;
	/* Participants again, message by message, oldest first. */
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM messages WHERE thread_id = ?1"
	    " ORDER BY date, id", -1, &ids, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(ids, 1, thread);
	while (s == TT_OK && (rc = sqlite3_step(ids)) == SQLITE_ROW)
		s = merge_participants(st, thread, sqlite3_column_int64(ids, 0), cause);
	sqlite3_finalize(ids);
	return s;
}

tt_status
store_thread_merge(struct store *st, int64_t keep, int64_t drop, char **cause)
{
	sqlite3_stmt *stmt;
	const char *kt, *dt;
	tt_status s = TT_OK;

	if (keep == drop)
		return TT_OK;
	/* Both linked: keep's link stays; say what was dropped. */
	if (sqlite3_prepare_v2(st->db, "SELECT k.item_type, k.item_id, d.item_type,"
	    " d.item_id FROM threads k, threads d WHERE k.id = ?1 AND d.id = ?2",
	    -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, keep);
	sqlite3_bind_int64(stmt, 2, drop);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    (kt = (const char *)sqlite3_column_text(stmt, 0)) != NULL &&
	    (dt = (const char *)sqlite3_column_text(stmt, 2)) != NULL)
		log_msg(LOG_INFO, "threads %lld and %lld merged: %s %s kept, %s %s "
		    "unlinked", (long long)keep, (long long)drop, kt,
		    sqlite3_column_text(stmt, 1), dt, sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);

	if ((s = run_pair(st, merge_sql, TT_ARRAY_LEN(merge_sql), keep, drop,
	    cause)) == TT_OK)
		s = _store_thread_recompute(st, keep, cause);
	log_msg(LOG_DEBUG, "thread %lld merged into %lld", (long long)drop,
	    (long long)keep);
	return s;
}
