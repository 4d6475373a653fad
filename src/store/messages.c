/* messages.c - adding messages: the row, folder link, addresses, raw bytes, body, attachments, search text. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

tt_status
store_message_find(struct store *st, int64_t account_id, const char *message_id,
    const char *content_hash, int64_t *id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	*id = 0;
	if ((s = _store_stmt(st, S_MSG_FIND,
	    "SELECT id FROM messages WHERE account_id = ?1 AND message_id = ?2"
	    " AND content_hash IS ?3 LIMIT 1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	_store_bind_text(stmt, 2, message_id);
	_store_bind_text(stmt, 3, content_hash);
	return _store_step_int(st, stmt, id, cause);
}

tt_status
store_message_in_folder(struct store *st, int64_t id, int64_t folder_id,
    bool *in, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	int rc;

	*in = false;
	if ((s = _store_stmt(st, S_MSG_IN_FOLDER,
	    "SELECT 1 FROM message_folders WHERE message_id = ?1 AND folder_id = ?2",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, folder_id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	*in = rc == SQLITE_ROW;
	sqlite3_reset(stmt);
	return TT_OK;
}

/* The next uid of a local folder: one past the highest. */
static tt_status
next_uid(struct store *st, int64_t folder_id, uint32_t *uid, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t next;
	tt_status s;

	if ((s = _store_stmt(st, S_MSG_NEXT_UID,
	    "SELECT coalesce(max(uid), 0) + 1 FROM message_folders"
	    " WHERE folder_id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, folder_id);
	if ((s = _store_step_int(st, stmt, &next, cause)) != TT_OK)
		return s;
	*uid = (uint32_t)next;
	return TT_OK;
}

/* Links message id into a folder with the message's date (for listings). */
static tt_status
link_folder(struct store *st, int64_t id, int64_t folder_id, uint32_t uid,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if (uid == 0 && (s = next_uid(st, folder_id, &uid, cause)) != TT_OK)
		return s;
	if ((s = _store_stmt(st, S_MSG_FOLDER,
	    "INSERT INTO message_folders (message_id, folder_id, uid, date)"
	    " SELECT ?1, ?2, ?3, date FROM messages WHERE id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, folder_id);
	sqlite3_bind_int64(stmt, 3, uid);
	return _store_step_done(st, stmt, cause);
}

tt_status
store_message_add_folder(struct store *st, int64_t id, int64_t folder_id,
    uint32_t uid, char **cause)
{
	tt_status s;

	if ((s = link_folder(st, id, folder_id, uid, cause)) != TT_OK)
		return s;
	/* The message's thread now shows in that folder too. */
	return _store_thread_folders(st, id, cause);
}

static tt_status
add_addresses(struct store *st, int64_t id, const char *role,
    const struct mime_addrlist *list, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (list->v[i].email == NULL || list->v[i].email[0] == '\0')
			continue;
		if ((s = _store_stmt(st, S_MSG_ADDR,
		    "INSERT OR IGNORE INTO message_addresses (message_id, role,"
		    " position, name, address, person_id) VALUES (?1, ?2, ?3, ?4,"
		    " ?5, " STORE_PERSON_FOR_ADDRESS("?5") ")",
		    &stmt, cause)) != TT_OK)
			return s;
		sqlite3_bind_int64(stmt, 1, id);
		_store_bind_text(stmt, 2, role);
		sqlite3_bind_int64(stmt, 3, (int64_t)i);
		_store_bind_text(stmt, 4, list->v[i].name);
		_store_bind_text(stmt, 5, list->v[i].email);
		if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
			return s;
	}
	return TT_OK;
}

static void
fts_addrs(struct buf *b, const struct mime_addrlist *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		buf_addf(b, "%s%s %s", b->len > 0 ? " " : "",
		    list->v[i].name != NULL ? list->v[i].name : "",
		    list->v[i].email != NULL ? list->v[i].email : "");
}

/*
 * The body as indexed: without quoted lines (">" after optional spaces).
 * A reply quotes the messages before it, which are indexed themselves, so
 * the quote only made every reply match the same words and cost as much
 * index again as the new text.
 */
static char *
fts_body(const char *body)
{
	struct buf b = BUF_INIT;
	const char *p = body, *nl, *q;
	size_t n;

	if (body == NULL)
		return xstrdup("");
	for (; *p != '\0'; p = nl != NULL ? nl + 1 : p + n) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		for (q = p; q < p + n && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < p + n && *q == '>')
			continue;
		buf_add(&b, p, n);
		buf_addc(&b, '\n');
	}
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup(""));
}

/* The search row of a message, queued until the transaction commits. */
static void
add_fts(struct store *st, int64_t id, const struct mime_message *msg)
{
	struct buf sender = BUF_INIT, recipients = BUF_INIT;
	struct fts_row *r;

	fts_addrs(&sender, &msg->from);
	fts_addrs(&recipients, &msg->to);
	fts_addrs(&recipients, &msg->cc);
	fts_addrs(&recipients, &msg->bcc);
	st->fts_pending = xreallocarray(st->fts_pending, st->fts_npending + 1,
	    sizeof *st->fts_pending);
	r = &st->fts_pending[st->fts_npending++];
	r->id = id;
	r->subject = xstrdup(msg->subject != NULL ? msg->subject : "");
	r->sender = buf_detach(&sender);
	r->recipients = buf_detach(&recipients);
	r->body = fts_body(msg->body);
}

void
_store_fts_drop(struct store *st)
{
	size_t i;

	for (i = 0; i < st->fts_npending; i++) {
		free(st->fts_pending[i].subject);
		free(st->fts_pending[i].sender);
		free(st->fts_pending[i].recipients);
		free(st->fts_pending[i].body);
	}
	free(st->fts_pending);
	st->fts_pending = NULL;
	st->fts_npending = 0;
}

tt_status
_store_fts_flush(struct store *st, char **cause)
{
	struct fts_row *r;
	sqlite3_stmt *stmt;
	tt_status s = TT_OK;
	size_t i;

	for (i = 0; i < st->fts_npending && s == TT_OK; i++) {
		r = &st->fts_pending[i];
		if ((s = _store_stmt(st, S_MSG_FTS,
		    "INSERT INTO message_fts (rowid, subject, sender, recipients, body)"
		    " VALUES (?1, ?2, ?3, ?4, ?5)", &stmt, cause)) != TT_OK)
			break;
		sqlite3_bind_int64(stmt, 1, r->id);
		_store_bind_text(stmt, 2, r->subject);
		_store_bind_text(stmt, 3, r->sender);
		_store_bind_text(stmt, 4, r->recipients);
		_store_bind_text(stmt, 5, r->body);
		s = _store_step_done(st, stmt, cause);
	}
	_store_fts_drop(st);
	return s;
}

/* The bytes as received: the source of truth. */
static tt_status
add_raw(struct store *st, int64_t id, const char *raw, size_t len, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_MSG_RAW,
	    "INSERT INTO raw (message_id, bytes) VALUES (?1, ?2)", &stmt,
	    cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_blob64(stmt, 2, raw, len, SQLITE_STATIC);
	return _store_step_done(st, stmt, cause);
}

static tt_status
add_parts(struct store *st, int64_t id, const struct store_new_message *m,
    char **cause)
{
	const struct mime_message *msg = m->msg;
	sqlite3_stmt *stmt;
	tt_status s;
	size_t i;

	for (i = 0; i < msg->natts; i++) {
		if ((s = _store_stmt(st, S_MSG_ATT,
		    "INSERT INTO attachments (message_id, position, filename,"
		    " content_type, size, content_id, inline)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &stmt, cause)) != TT_OK)
			return s;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i);
		_store_bind_text(stmt, 3, msg->atts[i].filename);
		_store_bind_text(stmt, 4, msg->atts[i].content_type);
		sqlite3_bind_int64(stmt, 5, (int64_t)msg->atts[i].size);
		_store_bind_text(stmt, 6, msg->atts[i].content_id);
		sqlite3_bind_int(stmt, 7, msg->atts[i].is_inline);
		if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
			return s;
	}
	if ((s = add_raw(st, id, m->raw, m->raw_len, cause)) != TT_OK)
		return s;
	add_fts(st, id, msg);
	return TT_OK;
}

tt_status
store_message_add(struct store *st, const struct store_new_message *m,
    int64_t *id, char **cause)
{
	const struct mime_message *msg = m->msg;
	const struct mime_addr *from = msg->from.n > 0 ? &msg->from.v[0] : NULL;
	sqlite3_stmt *stmt;
	tt_status s;

	*id = 0;
	if ((s = _store_stmt(st, S_MSG_INSERT,
	    "INSERT INTO messages (id, account_id, message_id, message_id_synthetic,"
	    " in_reply_to, subject, from_name, from_addr, date, date_flagged,"
	    " internal_date, size, flags, has_attachments, snippet, body_state,"
	    " parse_error, is_sent, content_hash, created_at) VALUES (?20, ?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19)", &stmt, cause)) != TT_OK)
		return s;
	if ((s = _store_next_message_id(st, stmt, 20, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, m->account_id);
	_store_bind_text(stmt, 2, msg->message_id);
	sqlite3_bind_int(stmt, 3, msg->message_id_synthetic);
	_store_bind_text(stmt, 4, msg->in_reply_to);
	_store_bind_text(stmt, 5, msg->subject);
	_store_bind_text(stmt, 6, from != NULL ? from->name : NULL);
	_store_bind_text(stmt, 7, from != NULL ? from->email : NULL);
	sqlite3_bind_int64(stmt, 8, (int64_t)msg->date);
	sqlite3_bind_int(stmt, 9, msg->date_flagged);
	sqlite3_bind_int64(stmt, 10, (int64_t)m->internal_date);
	sqlite3_bind_int64(stmt, 11, m->size > 0 ? m->size : (int64_t)m->raw_len);
	sqlite3_bind_int(stmt, 12, (int)m->flags);
	sqlite3_bind_int(stmt, 13, msg->has_attachments);
	_store_bind_text(stmt, 14, msg->snippet);
	_store_bind_text(stmt, 15, m->headers_only ? "none" :
	    m->parse_error != NULL ? "failed" : "fetched");
	_store_bind_text(stmt, 16, m->parse_error);
	sqlite3_bind_int(stmt, 17, m->is_sent);
	_store_bind_text(stmt, 18, msg->content_hash);
	sqlite3_bind_int64(stmt, 19, (int64_t)time_now());
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	*id = sqlite3_last_insert_rowid(st->db);
	if ((s = link_folder(st, *id, m->folder_id, m->uid, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "from", &msg->from, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "sender", &msg->sender, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "reply-to", &msg->reply_to, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "to", &msg->to, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "cc", &msg->cc, cause)) != TT_OK ||
	    (s = add_addresses(st, *id, "bcc", &msg->bcc, cause)) != TT_OK ||
	    (s = m->headers_only ? TT_OK : add_parts(st, *id, m, cause)) != TT_OK)
		return s;
	return TT_OK;
}

tt_status
store_message_set_body(struct store *st, int64_t id, const char *raw,
    size_t len, const struct mime_message *msg, const char *parse_error,
    char **cause)
{
	struct store_new_message nm = { .raw = raw, .raw_len = len, .msg = msg };
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = _store_stmt(st, S_SYNC_BODY,
	    "UPDATE messages SET has_attachments = ?2, snippet = ?3,"
	    " body_state = ?4, parse_error = ?5, size = ?6"
	    " WHERE id = ?1 AND body_state = 'none'", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, msg != NULL && msg->has_attachments);
	_store_bind_text(stmt, 3, msg != NULL ? msg->snippet : NULL);
	_store_bind_text(stmt, 4, msg != NULL ? "fetched" : "failed");
	_store_bind_text(stmt, 5, msg != NULL ? NULL : parse_error);
	sqlite3_bind_int64(stmt, 6, (int64_t)len);
	if ((s = _store_step_done(st, stmt, cause)) != TT_OK)
		return s;
	/* A body that came already (two folders, one message) is kept. */
	if (sqlite3_changes(st->db) == 0)
		return TT_OK;
	if (msg == NULL)
		return add_raw(st, id, raw, len, cause);
	if ((s = add_parts(st, id, &nm, cause)) != TT_OK)
		return s;
	if ((s = _store_stmt(st, S_SYNC_BODY_THREAD,
	    "UPDATE threads SET has_attachments = max(threads.has_attachments,"
	    " m.has_attachments),"
	    " snippet = CASE WHEN m.date >= last_message_at THEN m.snippet"
	    "  ELSE threads.snippet END"
	    " FROM (SELECT * FROM messages WHERE id = ?1) AS m"
	    " WHERE threads.id = m.thread_id", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	return _store_step_done(st, stmt, cause);
}
