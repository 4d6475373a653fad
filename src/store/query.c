/* query.c - reading: message and thread listings, one message or thread, raw bytes. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

#define MESSAGE_COLUMNS STORE_MESSAGE_COLUMNS

/* Store keeps to mime's types only, not its code: freed here. */
static void
addrlist_clear(struct mime_addrlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].email);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
addrlist_push(struct mime_addrlist *l, const char *name, const char *email)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].name = xstrdup(name != NULL ? name : "");
	l->v[l->n].email = xstrdup(email != NULL ? email : "");
	l->n++;
}

static tt_status
load_addresses(struct store *st, struct store_message *m, char **cause)
{
	sqlite3_stmt *stmt;
	const char *role;
	tt_status s;
	int rc;

	if ((s = _store_stmt(st, S_Q_ADDRS,
	    "SELECT role, name, address FROM message_addresses WHERE message_id = ?1"
	    " AND role IN ('from', 'to', 'cc') ORDER BY CASE role WHEN 'from' THEN 0"
	    " WHEN 'to' THEN 1 ELSE 2 END, position", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, m->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		role = (const char *)sqlite3_column_text(stmt, 0);
		addrlist_push(strcmp(role, "from") == 0 ? &m->from :
		    strcmp(role, "to") == 0 ? &m->to : &m->cc,
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

/* The attachments list (the text itself is derived from the raw bytes). */
static tt_status
load_attachments(struct store *st, struct store_message *m, char **cause)
{
	sqlite3_stmt *stmt;
	struct mime_attachment *a;
	tt_status s;
	int rc;

	if ((s = _store_stmt(st, S_Q_ATTS,
	    "SELECT filename, content_type, size, content_id, inline FROM attachments"
	    " WHERE message_id = ?1 ORDER BY position", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, m->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m->atts = xreallocarray(m->atts, m->natts + 1, sizeof *m->atts);
		a = &m->atts[m->natts++];
		a->filename = _store_col_text(stmt, 0, true);
		a->content_type = _store_col_text(stmt, 1, true);
		a->size = (uint64_t)sqlite3_column_int64(stmt, 2);
		a->content_id = _store_col_text(stmt, 3, false);
		a->is_inline = sqlite3_column_int(stmt, 4) != 0;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

/* Reads MESSAGE_COLUMNS of the current row. */
static void
read_message(sqlite3_stmt *stmt, struct store_message *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->thread_id = sqlite3_column_int64(stmt, 1);
	m->message_id = _store_col_text(stmt, 2, true);
	m->account = _store_col_text(stmt, 3, true);
	m->folder = _store_col_text(stmt, 4, true);
	m->subject = _store_col_text(stmt, 5, true);
	m->snippet = _store_col_text(stmt, 6, true);
	m->date = (time_t)sqlite3_column_int64(stmt, 7);
	m->date_flagged = sqlite3_column_int(stmt, 8) != 0;
	m->flags = (unsigned)sqlite3_column_int(stmt, 9);
	m->size = sqlite3_column_int64(stmt, 10);
	m->has_attachments = sqlite3_column_int(stmt, 11) != 0;
	m->parse_error = _store_col_text(stmt, 12, false);
	m->body_state = _store_col_text(stmt, 13, true);
	/* A folder's listing adds the uid there as one more column. */
	if (sqlite3_column_count(stmt) > 14)
		m->uid = (uint32_t)sqlite3_column_int64(stmt, 14);
}

/*
 * Steps a prepared listing statement to the end, filling an array of
 * messages with their addresses (and attachments when asked).
 */
tt_status
_store_collect_messages(struct store *st, sqlite3_stmt *stmt, bool with_body,
    struct store_message **out, size_t *n, char **cause)
{
	struct store_message *v = NULL;
	size_t count = 0;
	tt_status s = TT_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		read_message(stmt, &v[count++]);
	}
	if (rc != SQLITE_DONE)
		s = _store_db_fail(st, cause);
	for (size_t i = 0; i < count && s == TT_OK; i++) {
		s = load_addresses(st, &v[i], cause);
		if (s == TT_OK && with_body)
			s = load_attachments(st, &v[i], cause);
	}
	if (s != TT_OK) {
		store_messages_free(v, count);
		return s;
	}
	*out = v;
	*n = count;
	return TT_OK;
}

static int64_t
limit_of(const struct store_query *q)
{
	return q->limit > 0 ? q->limit : -1;
}

tt_status
store_list_messages(struct store *st, const struct store_query *q,
    struct store_message **out, size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	const char *sql = q->folder_id != 0 ?
	    "SELECT " MESSAGE_COLUMNS ", mf0.uid FROM message_folders mf0"
	    " JOIN messages m ON m.id = mf0.message_id"
	    " JOIN accounts a ON a.id = m.account_id"
	    " WHERE mf0.folder_id = ?1 AND m.screened = 0"
	    " ORDER BY mf0.date DESC, m.id DESC LIMIT ?2 OFFSET ?3" :
	    "SELECT " MESSAGE_COLUMNS " FROM messages m"
	    " JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.screened = 0 ORDER BY m.date DESC, m.id DESC"
	    " LIMIT ?2 OFFSET ?3";

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, q->folder_id);
	sqlite3_bind_int64(stmt, 2, limit_of(q));
	sqlite3_bind_int64(stmt, 3, q->offset);
	s = _store_collect_messages(st, stmt, false, out, n, cause);
	sqlite3_finalize(stmt);
	return s;
}

static void
parse_participants(const char *text, struct mime_addrlist *out)
{
	const char *p = text, *tab, *nl;

	memset(out, 0, sizeof *out);
	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		tab = memchr(p, '\t', nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (tab != NULL) {
			char *email = xstrndup(p, (size_t)(tab - p));
			char *name = nl != NULL ? xstrndup(tab + 1, (size_t)(nl - tab - 1)) :
			    xstrdup(tab + 1);

			addrlist_push(out, name, email);
			free(email);
			free(name);
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
}

#define THREAD_COLUMNS STORE_THREAD_COLUMNS

void
_store_read_thread(sqlite3_stmt *stmt, struct store_thread *t)
{
	const char *parts = (const char *)sqlite3_column_text(stmt, 9);

	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(stmt, 0);
	t->account = _store_col_text(stmt, 1, true);
	t->subject = _store_col_text(stmt, 2, true);
	t->snippet = _store_col_text(stmt, 3, true);
	t->message_count = sqlite3_column_int64(stmt, 4);
	t->unread_count = sqlite3_column_int64(stmt, 5);
	t->has_attachments = sqlite3_column_int(stmt, 6) != 0;
	t->first_date = (time_t)sqlite3_column_int64(stmt, 7);
	t->last_date = (time_t)sqlite3_column_int64(stmt, 8);
	parse_participants(parts, &t->participants);
	t->shared = sqlite3_column_type(stmt, 10) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 10);
	t->item_type = _store_col_text(stmt, 11, false);
	t->item_id = _store_col_text(stmt, 12, false);
	t->link_state = _store_col_text(stmt, 13, true);
	t->link_reason = _store_col_text(stmt, 14, false);
	t->archived = sqlite3_column_int(stmt, 15) != 0;
}

tt_status
store_count_threads(struct store *st, const struct store_query *q,
    int64_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if (sqlite3_prepare_v2(st->db, q->folder_id != 0 ?
	    "SELECT count(*) FROM thread_folders tf JOIN threads t"
	    " ON t.id = tf.thread_id WHERE tf.folder_id = ?1 AND t.deleted = 0"
	    " AND (?2 = 0 OR t.archived = 0)" :
	    "SELECT count(*) FROM threads t WHERE t.deleted = 0"
	    " AND t.message_count > 0 AND (?2 = 0 OR t.archived = 0)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, q->folder_id);
	sqlite3_bind_int(stmt, 2, q->hide_archived);
	s = _store_step_int(st, stmt, n, cause);
	sqlite3_finalize(stmt);
	return s;
}

tt_status
store_list_threads(struct store *st, const struct store_query *q,
    struct store_thread **out, size_t *n, char **cause)
{
	struct store_thread *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int rc;
	/* A folder pages through thread_folders' index; all folders through
	 * threads' own: either way the first page is an index range. */
	const char *sql = q->folder_id != 0 ?
	    "SELECT " THREAD_COLUMNS " FROM thread_folders tf"
	    " JOIN threads t ON t.id = tf.thread_id"
	    " JOIN accounts a ON a.id = t.account_id"
	    " WHERE tf.folder_id = ?1 AND t.deleted = 0 AND (?4 = 0 OR t.archived = 0)"
	    " ORDER BY tf.last_message_at DESC LIMIT ?2 OFFSET ?3" :
	    "SELECT " THREAD_COLUMNS " FROM threads t"
	    " JOIN accounts a ON a.id = t.account_id"
	    " WHERE t.deleted = 0 AND t.message_count > 0 AND (?4 = 0 OR t.archived = 0)"
	    " ORDER BY t.last_message_at DESC LIMIT ?2 OFFSET ?3";

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_int64(stmt, 1, q->folder_id);
	sqlite3_bind_int64(stmt, 2, limit_of(q));
	sqlite3_bind_int64(stmt, 3, q->offset);
	sqlite3_bind_int(stmt, 4, q->hide_archived);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		_store_read_thread(stmt, &v[count++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_threads_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

tt_status
store_message_get(struct store *st, int64_t id, bool with_body,
    struct store_message *out, char **cause)
{
	struct store_message *v = NULL;
	sqlite3_stmt *stmt;
	size_t n = 0;
	tt_status s;

	memset(out, 0, sizeof *out);
	if ((s = _store_stmt(st, S_Q_MSG, "SELECT " MESSAGE_COLUMNS
	    " FROM messages m JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	s = _store_collect_messages(st, stmt, with_body, &v, &n, cause);
	sqlite3_reset(stmt);
	if (s != TT_OK)
		return s;
	if (n == 0) {
		free(v);
		return tt_fail(cause, TT_ENOTFOUND, _("there is no message %lld"),
		    (long long)id);
	}
	*out = v[0];
	free(v);
	return TT_OK;
}

tt_status
store_thread_get(struct store *st, int64_t id, struct store_thread *t,
    struct store_message **msgs, size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	int rc;

	memset(t, 0, sizeof *t);
	*msgs = NULL;
	*n = 0;
	if ((s = _store_stmt(st, S_Q_THREAD, "SELECT " THREAD_COLUMNS
	    " FROM threads t JOIN accounts a ON a.id = t.account_id"
	    " WHERE t.id = ?1 AND t.deleted = 0", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		_store_read_thread(stmt, t);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no thread %lld"),
		    (long long)id);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	if ((s = _store_stmt(st, S_Q_THREAD_MSGS, "SELECT " MESSAGE_COLUMNS
	    " FROM messages m JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.thread_id = ?1 AND m.screened = 0 ORDER BY m.date, m.id",
	    &stmt, cause)) != TT_OK) {
		store_thread_clear(t);
		return s;
	}
	sqlite3_bind_int64(stmt, 1, id);
	s = _store_collect_messages(st, stmt, true, msgs, n, cause);
	sqlite3_reset(stmt);
	if (s != TT_OK)
		store_thread_clear(t);
	return s;
}

tt_status
store_raw_get(struct store *st, int64_t id, char **raw, size_t *len,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	int rc, size;

	*raw = NULL;
	*len = 0;
	if ((s = _store_stmt(st, S_Q_RAW, "SELECT bytes FROM raw WHERE message_id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		size = sqlite3_column_bytes(stmt, 0);
		*raw = xmalloc((size_t)size + 1);
		if (size > 0)
			memcpy(*raw, sqlite3_column_blob(stmt, 0), (size_t)size);
		(*raw)[size] = '\0';
		*len = (size_t)size;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no message %lld"),
		    (long long)id);
	return rc == SQLITE_ROW ? TT_OK : _store_db_fail(st, cause);
}

void
store_message_clear(struct store_message *m)
{
	size_t i;

	free(m->message_id);
	free(m->account);
	free(m->folder);
	free(m->subject);
	free(m->snippet);
	addrlist_clear(&m->from);
	addrlist_clear(&m->to);
	addrlist_clear(&m->cc);
	free(m->parse_error);
	free(m->body_state);
	free(m->body);
	for (i = 0; i < m->natts; i++) {
		free(m->atts[i].filename);
		free(m->atts[i].content_type);
		free(m->atts[i].content_id);
	}
	free(m->atts);
	memset(m, 0, sizeof *m);
}

void
store_messages_free(struct store_message *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_message_clear(&v[i]);
	free(v);
}

void
store_thread_clear(struct store_thread *t)
{
	free(t->account);
	free(t->subject);
	free(t->snippet);
	addrlist_clear(&t->participants);
	free(t->item_type);
	free(t->item_id);
	free(t->link_state);
	free(t->link_reason);
	memset(t, 0, sizeof *t);
}

void
store_threads_free(struct store_thread *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_thread_clear(&v[i]);
	free(v);
}
