/* outbox.c - messages waiting to leave (queued, sending, failed, sent) and drafts with their files' bytes. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

/* Runs one statement; *changes gets the rows it changed (may be NULL). */
static tt_status
exec1(struct store *st, const char *sql, const int64_t *v, int n,
    int *changes, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, sql, &s, cause) != TT_OK)
		return TT_EDB;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	rc = sqlite3_step(s);
	_store_release(st, s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	if (changes != NULL)
		*changes = sqlite3_changes(st->db);
	return TT_OK;
}

#define EXEC(st, sql, changes, cause, ...) \
	exec1((st), (sql), (const int64_t[]){ __VA_ARGS__ }, \
	    (int)(sizeof((const int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t)), \
	    (changes), (cause))

void
store_outbox_clear(struct store_outbox *o)
{
	free(o->account);
	free(o->message_id);
	free(o->mail_from);
	free(o->rcpts);
	free(o->subject);
	free(o->state);
	free(o->last_error);
	free(o->item_type);
	free(o->item_id);
}

void
store_outbox_free(struct store_outbox *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_outbox_clear(&v[i]);
	free(v);
}

tt_status
store_outbox_add(struct store *st, int64_t account_id, const char *raw,
    size_t len, const char *message_id, const char *mail_from,
    const char *rcpts, const char *subject, time_t send_at,
    const char *item_type, const char *item_id, int64_t *id, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "INSERT INTO outbox (account_id, raw, send_at,"
	    " message_id, mail_from, rcpts, subject, item_type, item_id, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_blob64(s, 2, raw, len, SQLITE_TRANSIENT);
	if (send_at > 0)
		sqlite3_bind_int64(s, 3, send_at);
	else
		sqlite3_bind_null(s, 3);
	_store_bind_text(s, 4, message_id);
	_store_bind_text(s, 5, mail_from);
	_store_bind_text(s, 6, rcpts);
	_store_bind_text(s, 7, subject);
	_store_bind_text(s, 8, item_type);
	_store_bind_text(s, 9, item_id);
	sqlite3_bind_int64(s, 10, time_now());
	rc = sqlite3_step(s);
	_store_release(st, s);
	if (rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	*id = sqlite3_last_insert_rowid(st->db);
	return TT_OK;
}

#define OUTBOX_COLUMNS \
	"o.id, a.name, o.message_id, o.mail_from, o.rcpts, o.subject, o.state," \
	" o.send_at, o.next_try_at, o.created_at, o.sent_at, o.attempts," \
	" o.reply_code, o.last_error, o.sent_late, o.appended, o.item_type," \
	" o.item_id, length(o.raw)"

static void
read_outbox(sqlite3_stmt *s, struct store_outbox *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	o->account = _store_col_text(s, 1, false);
	o->message_id = _store_col_text(s, 2, false);
	o->mail_from = _store_col_text(s, 3, false);
	o->rcpts = _store_col_text(s, 4, false);
	o->subject = _store_col_text(s, 5, false);
	o->state = _store_col_text(s, 6, false);
	o->send_at = (time_t)sqlite3_column_int64(s, 7);
	o->next_try_at = (time_t)sqlite3_column_int64(s, 8);
	o->created_at = (time_t)sqlite3_column_int64(s, 9);
	o->sent_at = (time_t)sqlite3_column_int64(s, 10);
	o->attempts = sqlite3_column_int(s, 11);
	o->reply_code = sqlite3_column_int(s, 12);
	o->last_error = _store_col_text(s, 13, false);
	o->sent_late = sqlite3_column_int(s, 14) != 0;
	o->appended = sqlite3_column_int(s, 15) != 0;
	o->item_type = _store_col_text(s, 16, false);
	o->item_id = _store_col_text(s, 17, false);
	o->size = sqlite3_column_int64(s, 18);
}

tt_status
store_outbox_list(struct store *st, int64_t account_id,
    enum store_outbox_which which, time_t due, struct store_outbox **out,
    size_t *n, char **cause)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* Due rows in the order they should leave: scheduled time, then
	 * the order they were queued. */
	if (_store_cached(st, "SELECT " OUTBOX_COLUMNS " FROM outbox o"
	    " JOIN accounts a ON a.id = o.account_id"
	    " WHERE (?1 = 0 OR o.account_id = ?1)"
	    " AND (CASE ?2 WHEN 0 THEN o.state != 'sent' WHEN 1 THEN 1"
	    "  ELSE o.state = 'sent' AND o.appended = 0 END)"
	    " AND (?3 = 0 OR (o.state = 'queued' AND coalesce(o.send_at, 0) <= ?3"
	    "  AND coalesce(o.next_try_at, 0) <= ?3))"
	    " ORDER BY coalesce(o.send_at, o.created_at), o.id", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int(s, 2, (int)which);
	sqlite3_bind_int64(s, 3, due);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		read_outbox(s, &(*out)[(*n)++]);
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_outbox_free(*out, *n);
		*out = NULL;
		*n = 0;
		return _store_db_fail(st, cause);
	}
	return TT_OK;
}

tt_status
store_outbox_get(struct store *st, int64_t id, struct store_outbox *out,
    char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "SELECT " OUTBOX_COLUMNS " FROM outbox o"
	    " JOIN accounts a ON a.id = o.account_id WHERE o.id = ?1", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_outbox(s, out);
	_store_release(st, s);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no message %lld in the outbox"),
		    (long long)id);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	return TT_OK;
}

tt_status
store_outbox_raw(struct store *st, int64_t id, char **raw, size_t *len,
    char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "SELECT raw FROM outbox WHERE id = ?1", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(s, 0);
		*raw = xmalloc(*len + 1);
		memcpy(*raw, sqlite3_column_blob(s, 0), *len);
		(*raw)[*len] = '\0';
	}
	_store_release(st, s);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no message %lld in the outbox"),
		    (long long)id);
	return rc == SQLITE_ROW ? TT_OK : _store_db_fail(st, cause);
}

tt_status
store_outbox_claim(struct store *st, int64_t id, char **cause)
{
	int changes = 0;

	if (EXEC(st, "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
	    " WHERE id = ?1 AND state = 'queued'", &changes, cause, id) != TT_OK)
		return TT_EDB;
	return changes == 1 ? TT_OK : tt_fail(cause, TT_EBUSY,
	    _("message %lld of the outbox is not waiting to be sent"), (long long)id);
}

tt_status
store_outbox_sent(struct store *st, int64_t id, time_t at, bool late,
    char **cause)
{
	return EXEC(st, "UPDATE outbox SET state = 'sent', sent_at = ?2, sent_late = ?3,"
	    " last_error = NULL, next_try_at = NULL WHERE id = ?1", NULL, cause, id,
	    at, late);
}

tt_status
store_outbox_failed(struct store *st, int64_t id, bool permanent,
    time_t retry_at, int code, const char *error, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "UPDATE outbox SET state = ?2, next_try_at = ?3,"
	    " reply_code = nullif(?4, 0), last_error = ?5 WHERE id = ?1", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, permanent ? "failed" : "queued", -1, SQLITE_STATIC);
	if (permanent)
		sqlite3_bind_null(s, 3);
	else
		sqlite3_bind_int64(s, 3, retry_at);
	sqlite3_bind_int(s, 4, code);
	_store_bind_text(s, 5, error);
	rc = sqlite3_step(s);
	_store_release(st, s);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

tt_status
store_outbox_recover(struct store *st, int64_t account_id, size_t *n,
    char **cause)
{
	int changes = 0;
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "UPDATE outbox SET state = 'failed', last_error = ?2"
	    " WHERE state = 'sending' AND (?1 = 0 OR account_id = ?1)", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, _("sending was interrupted: the server may have "
	    "taken it; check the Sent folder, then `tether outbox retry` or "
	    "`tether outbox cancel`"), -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	changes = sqlite3_changes(st->db);
	_store_release(st, s);
	if (rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	*n = (size_t)changes;
	return TT_OK;
}

/* TT_ENOTFOUND or TT_EBUSY with a sentence for a row not in a state. */
static tt_status
state_fail(struct store *st, int64_t id, const char *verb, char **cause)
{
	struct store_outbox o;
	char *why = NULL;
	tt_status r;

	if ((r = store_outbox_get(st, id, &o, &why)) != TT_OK) {
		*cause = why;
		return r;
	}
	r = tt_fail(cause, TT_EBUSY, _("message %lld of the outbox is %s and cannot be %s"),
	    (long long)id, o.state, verb);
	store_outbox_clear(&o);
	return r;
}

tt_status
store_outbox_retry(struct store *st, int64_t id, char **cause)
{
	int changes = 0;

	if (EXEC(st, "UPDATE outbox SET state = 'queued', next_try_at = NULL"
	    " WHERE id = ?1 AND state = 'failed'", &changes, cause, id) != TT_OK)
		return TT_EDB;
	return changes == 1 ? TT_OK : state_fail(st, id, _("retried"), cause);
}

tt_status
store_outbox_delete(struct store *st, int64_t id, char **cause)
{
	int changes = 0;

	if (EXEC(st, "DELETE FROM outbox WHERE id = ?1 AND state IN ('queued', 'failed')",
	    &changes, cause, id) != TT_OK)
		return TT_EDB;
	return changes == 1 ? TT_OK : state_fail(st, id, _("cancelled"), cause);
}

tt_status
store_outbox_set_appended(struct store *st, int64_t id, char **cause)
{
	return EXEC(st, "UPDATE outbox SET appended = 1 WHERE id = ?1", NULL, cause, id);
}

tt_status
store_outbox_set_shared(struct store *st, int64_t id, int shared, char **cause)
{
	return EXEC(st, "UPDATE outbox SET shared = ?2 WHERE id = ?1", NULL, cause, id,
	    shared);
}

tt_status
store_outbox_link_threads(struct store *st, size_t *n, char **cause)
{
	int changes = 0;

	*n = 0;
	if (EXEC(st, "UPDATE threads SET shared = o.shared"
	    " FROM outbox o JOIN messages m ON m.message_id = o.message_id"
	    " WHERE threads.id = m.thread_id AND o.state = 'sent' AND o.linked = 0"
	    " AND o.shared IS NOT NULL AND threads.shared IS NULL", NULL, cause, 0) != TT_OK)
		return TT_EDB;
	/* The thread takes the item only when it has none: a reply in a
	 * thread linked elsewhere keeps that link (one item per thread). */
	if (EXEC(st, "UPDATE threads SET item_type = o.item_type, item_id = o.item_id,"
	    " link_state = 'linked', link_reason = 'manual'"
	    " FROM outbox o JOIN messages m ON m.message_id = o.message_id"
	    " WHERE threads.id = m.thread_id AND o.state = 'sent' AND o.linked = 0"
	    " AND o.item_id IS NOT NULL AND threads.item_id IS NULL", &changes, cause, 0) != TT_OK)
		return TT_EDB;
	*n = (size_t)changes;
	return EXEC(st, "UPDATE outbox SET linked = 1 WHERE state = 'sent' AND linked = 0"
	    " AND ((item_id IS NULL AND shared IS NULL) OR EXISTS (SELECT 1 FROM messages m"
	    " WHERE m.message_id = outbox.message_id AND m.thread_id IS NOT NULL))",
	    NULL, cause, 0);
}

/* --- files of drafts and templates ------------------------------------- */

void
_store_files_free(struct store_draft_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].content_type);
		free(files[i].data);
	}
	free(files);
}

tt_status
_store_files_read(struct store *st, const char *sql, int64_t owner,
    struct store_draft_file **files, size_t *n, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, sql, &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, owner);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_draft_file *f;

		*files = xreallocarray(*files, *n + 1, sizeof **files);
		f = &(*files)[(*n)++];
		f->name = _store_col_text(s, 0, false);
		f->content_type = _store_col_text(s, 1, false);
		f->is_inline = sqlite3_column_int(s, 2) != 0;
		f->len = (size_t)sqlite3_column_bytes(s, 3);
		f->data = xmalloc(f->len + 1);
		memcpy(f->data, sqlite3_column_blob(s, 3), f->len);
		f->data[f->len] = '\0';
	}
	_store_release(st, s);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

tt_status
_store_files_write(struct store *st, const char *sql, int64_t owner,
    const struct store_draft_file *files, size_t n, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (_store_cached(st, sql, &s, cause) != TT_OK)
			return TT_EDB;
		sqlite3_bind_int64(s, 1, owner);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		_store_bind_text(s, 3, files[i].name != NULL ? files[i].name : "");
		_store_bind_text(s, 4, files[i].content_type);
		sqlite3_bind_int(s, 5, files[i].is_inline);
		sqlite3_bind_blob64(s, 6, files[i].data != NULL ? files[i].data : "",
		    files[i].len, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		_store_release(st, s);
		if (rc != SQLITE_DONE)
			return _store_db_fail(st, cause);
	}
	return TT_OK;
}

/* --- drafts ------------------------------------------------------------- */

void
store_draft_clear(struct store_draft *d)
{
	free(d->account);
	free(d->to);
	free(d->cc);
	free(d->bcc);
	free(d->subject);
	free(d->body);
	free(d->in_reply_to);
	free(d->refs);
	free(d->item_type);
	free(d->item_id);
	free(d->server_msgid);
	_store_files_free(d->files, d->nfiles);
	memset(d, 0, sizeof *d);
}

tt_status
store_draft_save(struct store *st, struct store_draft *d, char **cause)
{
	sqlite3_stmt *s;
	time_t now = time_now();
	int rc;

	if (store_begin(st, cause) != TT_OK)
		return TT_EDB;
	/* The draft names its account even before its first sync. */
	if (d->account != NULL) {
		if (_store_cached(st, "INSERT OR IGNORE INTO accounts (name, created_at)"
		    " VALUES (?1, ?2)", &s, cause) != TT_OK)
			goto fail;
		_store_bind_text(s, 1, d->account);
		sqlite3_bind_int64(s, 2, now);
		rc = sqlite3_step(s);
		_store_release(st, s);
		if (rc != SQLITE_DONE) {
			_store_db_fail(st, cause);
			goto fail;
		}
	}
	if (_store_cached(st, d->id == 0 ?
	    "INSERT INTO drafts (account_id, to_addrs, cc_addrs, bcc_addrs, subject,"
	    " body, in_reply_to, refs, item_type, item_id, shared, created_at,"
	    " updated_at, server_pending) VALUES ((SELECT id FROM accounts WHERE"
	    " name = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, -1), ?12,"
	    " ?12, 1)" :
	    "UPDATE drafts SET account_id = (SELECT id FROM accounts WHERE name = ?1),"
	    " to_addrs = ?2, cc_addrs = ?3, bcc_addrs = ?4, subject = ?5, body = ?6,"
	    " in_reply_to = ?7, refs = ?8, item_type = ?9, item_id = ?10,"
	    " shared = nullif(?11, -1), updated_at = ?12, server_pending = 1"
	    " WHERE id = ?13", &s, cause) != TT_OK)
		goto fail;
	_store_bind_text(s, 1, d->account);
	_store_bind_text(s, 2, d->to);
	_store_bind_text(s, 3, d->cc);
	_store_bind_text(s, 4, d->bcc);
	_store_bind_text(s, 5, d->subject);
	_store_bind_text(s, 6, d->body);
	_store_bind_text(s, 7, d->in_reply_to);
	_store_bind_text(s, 8, d->refs);
	_store_bind_text(s, 9, d->item_type);
	_store_bind_text(s, 10, d->item_id);
	sqlite3_bind_int(s, 11, d->shared);
	sqlite3_bind_int64(s, 12, now);
	if (d->id != 0)
		sqlite3_bind_int64(s, 13, d->id);
	rc = sqlite3_step(s);
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		_store_db_fail(st, cause);
		goto fail;
	}
	if (d->id == 0) {
		d->id = sqlite3_last_insert_rowid(st->db);
		d->created_at = now;
	} else if (sqlite3_changes(st->db) == 0) {
		tt_fail(cause, TT_ENOTFOUND, _("there is no draft %lld"), (long long)d->id);
		store_rollback(st);
		return TT_ENOTFOUND;
	}
	d->updated_at = now;
	if (d->keep_files)
		return store_commit(st, cause);
	if (EXEC(st, "DELETE FROM draft_files WHERE draft_id = ?1", NULL, cause, d->id) != TT_OK)
		goto fail;
	if (_store_files_write(st, "INSERT INTO draft_files (draft_id, position, name,"
	    " content_type, inline, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", d->id,
	    d->files, d->nfiles, cause) != TT_OK)
		goto fail;
	return store_commit(st, cause);
fail:
	store_rollback(st);
	return TT_EDB;
}

#define DRAFT_COLUMNS \
	"d.id, a.name, d.to_addrs, d.cc_addrs, d.bcc_addrs, d.subject, d.body," \
	" d.in_reply_to, d.refs, d.item_type, d.item_id, coalesce(d.shared, -1)," \
	" d.created_at, d.updated_at, d.server_msgid"

static void
read_draft(sqlite3_stmt *s, struct store_draft *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(s, 0);
	d->account = _store_col_text(s, 1, false);
	d->to = _store_col_text(s, 2, false);
	d->cc = _store_col_text(s, 3, false);
	d->bcc = _store_col_text(s, 4, false);
	d->subject = _store_col_text(s, 5, false);
	d->body = _store_col_text(s, 6, false);
	d->in_reply_to = _store_col_text(s, 7, false);
	d->refs = _store_col_text(s, 8, false);
	d->item_type = _store_col_text(s, 9, false);
	d->item_id = _store_col_text(s, 10, false);
	d->shared = sqlite3_column_int(s, 11);
	d->created_at = (time_t)sqlite3_column_int64(s, 12);
	d->updated_at = (time_t)sqlite3_column_int64(s, 13);
	d->server_msgid = _store_col_text(s, 14, false);
}

tt_status
store_draft_get(struct store *st, int64_t id, bool with_files,
    struct store_draft *out, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "SELECT " DRAFT_COLUMNS " FROM drafts d"
	    " LEFT JOIN accounts a ON a.id = d.account_id WHERE d.id = ?1", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_draft(s, out);
	_store_release(st, s);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no draft %lld"), (long long)id);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	if (!with_files)
		return TT_OK;
	if (_store_files_read(st, "SELECT name, content_type, inline, data FROM draft_files"
	    " WHERE draft_id = ?1 ORDER BY position", id, &out->files, &out->nfiles,
	    cause) != TT_OK) {
		store_draft_clear(out);
		return TT_EDB;
	}
	return TT_OK;
}

tt_status
store_draft_list(struct store *st, struct store_draft **out, size_t *n,
    char **cause)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if (_store_cached(st, "SELECT " DRAFT_COLUMNS " FROM drafts d"
	    " LEFT JOIN accounts a ON a.id = d.account_id"
	    " ORDER BY d.updated_at DESC, d.id DESC", &s, cause) != TT_OK)
		return TT_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		read_draft(s, &(*out)[(*n)++]);
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			store_draft_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return _store_db_fail(st, cause);
	}
	return TT_OK;
}

tt_status
store_draft_delete(struct store *st, int64_t id, char **cause)
{
	int changes = 0;

	/* Its server copy goes at the next sync. */
	if (EXEC(st, "INSERT OR IGNORE INTO drafts_gone (account, message_id)"
	    " SELECT a.name, d.server_msgid FROM drafts d JOIN accounts a"
	    " ON a.id = d.account_id WHERE d.id = ?1 AND d.server_msgid IS NOT NULL",
	    NULL, cause, id) != TT_OK)
		return TT_EDB;
	if (EXEC(st, "DELETE FROM drafts WHERE id = ?1", &changes, cause, id) != TT_OK)
		return TT_EDB;
	return changes == 1 ? TT_OK : tt_fail(cause, TT_ENOTFOUND,
	    _("there is no draft %lld"), (long long)id);
}

tt_status
store_drafts_pending(struct store *st, const char *account,
    struct store_draft **out, size_t *n, char **cause)
{
	struct store_draft *all = NULL;
	size_t nall = 0, i;
	sqlite3_stmt *s;
	int rc;
	tt_status r;

	*out = NULL;
	*n = 0;
	if (_store_cached(st, "SELECT d.id FROM drafts d JOIN accounts a ON"
	    " a.id = d.account_id WHERE a.name = ?1 AND d.server_pending = 1"
	    " ORDER BY d.id", &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, account);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		all = xreallocarray(all, nall + 1, sizeof *all);
		memset(&all[nall], 0, sizeof *all);
		all[nall++].id = sqlite3_column_int64(s, 0);
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		free(all);
		return _store_db_fail(st, cause);
	}
	for (i = 0; i < nall; i++) {
		int64_t id = all[i].id;

		if ((r = store_draft_get(st, id, true, &all[i], cause)) != TT_OK) {
			for (size_t k = 0; k < i; k++)
				store_draft_clear(&all[k]);
			free(all);
			return r;
		}
	}
	*out = all;
	*n = nall;
	return TT_OK;
}

tt_status
store_draft_on_server(struct store *st, int64_t id, time_t updated_at,
    const char *message_id, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (store_begin(st, cause) != TT_OK)
		return TT_EDB;
	/* The copy it replaces is removed like a gone draft's. */
	if (EXEC(st, "INSERT OR IGNORE INTO drafts_gone (account, message_id)"
	    " SELECT a.name, d.server_msgid FROM drafts d JOIN accounts a"
	    " ON a.id = d.account_id WHERE d.id = ?1 AND d.server_msgid IS NOT NULL",
	    NULL, cause, id) != TT_OK)
		goto fail;
	if (_store_cached(st, "UPDATE drafts SET server_msgid = ?2, server_pending ="
	    " (updated_at > ?3) WHERE id = ?1", &s, cause) != TT_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	_store_bind_text(s, 2, message_id);
	sqlite3_bind_int64(s, 3, updated_at);
	rc = sqlite3_step(s);
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		_store_db_fail(st, cause);
		goto fail;
	}
	return store_commit(st, cause);
fail:
	store_rollback(st);
	return TT_EDB;
}

tt_status
store_drafts_gone(struct store *st, const char *account, char ***ids,
    size_t *n, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	*ids = NULL;
	*n = 0;
	if (_store_cached(st, "SELECT message_id FROM drafts_gone WHERE account = ?1",
	    &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, account);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = _store_col_text(s, 0, true);
	}
	_store_release(st, s);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

tt_status
store_drafts_gone_done(struct store *st, const char *account,
    const char *message_id, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (_store_cached(st, "DELETE FROM drafts_gone WHERE account = ?1 AND"
	    " message_id = ?2", &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, account);
	_store_bind_text(s, 2, message_id);
	rc = sqlite3_step(s);
	_store_release(st, s);
	return rc == SQLITE_DONE ? TT_OK : _store_db_fail(st, cause);
}

/* --- recipients while typing ------------------------------------------------ */

void
store_address_hits_free(struct store_address_hit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].address);
	}
	free(v);
}

tt_status
store_address_complete(struct store *st, const char *prefix, size_t limit,
    struct store_address_hit **out, size_t *n, char **cause)
{
	sqlite3_stmt *s;
	char *like, *word;
	int rc;

	*out = NULL;
	*n = 0;
	if (prefix == NULL || prefix[0] == '\0' || limit == 0)
		return TT_OK;
	/* LIKE's own wildcards in what was typed match only themselves. */
	{
		struct buf b = BUF_INIT;

		for (const char *p = prefix; *p != '\0'; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *p);
		}
		like = xasprintf("%s%%", buf_str(&b));
		word = xasprintf("%% %s%%", buf_str(&b));
		buf_free(&b);
	}
	if (_store_cached(st, "SELECT name, address, max(person) AS p FROM ("
	    " SELECT p.name AS name, e.value AS address, 1 AS person, 1000000000 AS uses"
	    "  FROM crm.person_emails e JOIN crm.persons p ON p.id = e.person_id"
	    "  WHERE e.value LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\'"
	    "  OR p.name LIKE ?2 ESCAPE '\\'"
	    " UNION ALL"
	    " SELECT max(coalesce(name, '')), address, 0, count(*)"
	    "  FROM message_addresses WHERE address LIKE ?1 ESCAPE '\\'"
	    "  OR name LIKE ?1 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\'"
	    "  GROUP BY address COLLATE NOCASE)"
	    " GROUP BY address COLLATE NOCASE ORDER BY p DESC, max(uses) DESC,"
	    " address LIMIT ?3", &s, cause) != TT_OK) {
		free(like);
		free(word);
		return TT_EDB;
	}
	sqlite3_bind_text(s, 1, like, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, word, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (int64_t)limit);
	free(like);
	free(word);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_address_hit *h;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		h = &(*out)[(*n)++];
		h->name = _store_col_text(s, 0, true);
		h->address = _store_col_text(s, 1, true);
		h->person = sqlite3_column_int(s, 2) != 0;
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_address_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return _store_db_fail(st, cause);
	}
	return TT_OK;
}
