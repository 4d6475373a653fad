/*
 * search.c - the search syntax, read into one FTS5 expression and SQL filters:
 *   words            all must occur (subject, addresses or body); "a phrase"; word*
 *   from:X to:X      in the sender / recipients (names or addresses)
 *   subject:X        in the subject
 *   before:DATE      sent before that day (YYYY-MM-DD, UTC)
 *   after:DATE       sent on or after that day
 *   has:attachment   with a real (not inline) attachment
 *   is:unread|read|flagged
 *   folder:NAME      in that folder (NAME or ACCOUNT/NAME)
 * User text only ever reaches SQL as bound values; inside the FTS expression
 * every term is a quoted string, so no word is read as FTS syntax.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

struct search {
	struct buf fts;          /* the MATCH expression, "" when none */
	time_t before, after;    /* 0 when not given */
	bool has_attachment;
	int unread;              /* -1 any, 1 unread, 0 read */
	bool flagged;
	int64_t folder_id;       /* 0 any */
};

/* Appends `column : "term"` (column may be NULL) with " doubled, and * kept
 * as a prefix marker. */
static void
fts_term(struct buf *b, const char *column, const char *term, size_t len)
{
	bool prefix = len > 1 && term[len - 1] == '*';
	size_t i;

	if (prefix)
		len--;
	if (b->len > 0)
		buf_adds(b, " AND ");
	if (column != NULL)
		buf_addf(b, "%s : ", column);
	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (term[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, term[i]);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

static bool
parse_day(const char *s, time_t *out)
{
	char stamp[32];

	if (strlen(s) != 10)
		return false;
	snprintf(stamp, sizeof stamp, "%sT00:00:00Z", s);
	return time_parse_utc(stamp, out);
}

/* One key:value token; false with *cause set when it cannot be used. */
static tt_status
search_key(struct store *st, struct search *q, const char *key, size_t klen,
    const char *val, char **cause)
{
	size_t vlen = strlen(val);
	tt_status s;

#define KEY(k) (klen == sizeof(k) - 1 && strncmp(key, k, klen) == 0)
	if (vlen == 0)
		return tt_fail(cause, TT_EINVAL, _("%.*s: needs a value, as in %.*s:word"),
		    (int)klen, key, (int)klen, key);
	if (KEY("from"))
		fts_term(&q->fts, "sender", val, vlen);
	else if (KEY("to"))
		fts_term(&q->fts, "recipients", val, vlen);
	else if (KEY("subject"))
		fts_term(&q->fts, "subject", val, vlen);
	else if (KEY("before") || KEY("after")) {
		if (!parse_day(val, KEY("before") ? &q->before : &q->after))
			return tt_fail(cause, TT_EINVAL, _("%.*s: needs a date like "
			    "2026-03-01, not \"%s\""), (int)klen, key, val);
	} else if (KEY("has")) {
		if (strcmp(val, "attachment") != 0 && strcmp(val, "attachments") != 0)
			return tt_fail(cause, TT_EINVAL,
			    _("has: takes attachment (or attachments), not \"%s\""), val);
		q->has_attachment = true;
	} else if (KEY("is")) {
		if (strcmp(val, "unread") == 0)
			q->unread = 1;
		else if (strcmp(val, "read") == 0 || strcmp(val, "seen") == 0)
			q->unread = 0;
		else if (strcmp(val, "flagged") == 0)
			q->flagged = true;
		else
			return tt_fail(cause, TT_EINVAL, _("is: takes unread, read (or "
			    "seen) or flagged, not \"%s\""), val);
	} else if (KEY("folder")) {
		if ((s = store_folder_find(st, val, &q->folder_id, cause)) != TT_OK)
			return s;
	} else
		return tt_fail(cause, TT_EINVAL, _("unknown search key \"%.*s:\"; the "
		    "keys are from:, to:, subject:, before:, after:, has:, is: and "
		    "folder:"), (int)klen, key);
#undef KEY
	return TT_OK;
}

/* Splits the query into tokens: whitespace-separated, "quoted" kept whole. */
static tt_status
search_parse(struct store *st, const char *query, struct search *q, char **cause)
{
	const char *p = query, *start, *colon;
	struct buf tok = BUF_INIT;
	tt_status s = TT_OK;
	bool quoted;
	size_t klen;

	while (s == TT_OK && *p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		buf_reset(&tok);
		start = p;
		quoted = false;
		while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '"')
				quoted = !quoted;
			else
				buf_addc(&tok, *p);
			p++;
		}
		colon = memchr(start, ':', (size_t)(p - start));
		klen = colon != NULL ? (size_t)(colon - start) : 0;
		/* key:value only when key is letters and the value is no URL. */
		if (colon != NULL && klen > 0 && strspn(start, "abcdefghijklmnopqrstuvwxyz")
		    == klen && strncmp(colon + 1, "//", 2) != 0)
			s = search_key(st, q, start, klen, buf_str(&tok) + klen + 1, cause);
		else if (tok.len > 0)
			fts_term(&q->fts, NULL, buf_str(&tok), tok.len);
	}
	buf_free(&tok);
	return s;
}

/*
 * Whether the words match many messages.  Few matches are best fetched
 * and sorted by date; many are best found by walking messages newest first
 * and testing each against the set of matches, which stops after one page
 * (at 1% density, within about 5,000 rows).  Counting stops at the
 * threshold, so asking is cheap.
 */
static tt_status
fts_is_dense(struct store *st, const char *match, bool *dense, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t total = 0, hits = 0, threshold;
	int rc;

	*dense = false;
	if (sqlite3_prepare_v2(st->db, "SELECT max(id) FROM messages", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		total = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	threshold = total / 100 > 1000 ? total / 100 : 1000;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM (SELECT rowid FROM"
	    " message_fts WHERE message_fts MATCH ?1 LIMIT ?2)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return _store_db_fail(st, cause);
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, threshold);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		hits = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	*dense = hits >= threshold;
	return TT_OK;
}

tt_status
store_search(struct store *st, const char *query, const struct store_query *lim,
    struct store_message **out, size_t *n, char **cause)
{
	struct search q = { .fts = BUF_INIT, .unread = -1 };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	bool dense = false;
	tt_status s;

	*out = NULL;
	*n = 0;
	if ((s = search_parse(st, query, &q, cause)) != TT_OK) {
		buf_free(&q.fts);
		return s;
	}
	if (q.fts.len == 0 && q.before == 0 && q.after == 0 && !q.has_attachment &&
	    q.unread < 0 && !q.flagged && q.folder_id == 0) {
		buf_free(&q.fts);
		return tt_fail(cause, TT_EINVAL, _("the search is empty; give words "
		    "or keys such as from:ann subject:invoice after:2026-01-01"));
	}
	if (q.fts.len > 0 && (s = fts_is_dense(st, buf_str(&q.fts), &dense,
	    cause)) != TT_OK) {
		buf_free(&q.fts);
		return s;
	}
	/*
	 * Fixed pieces chosen by which filters are present; values are bound.
	 * The inner query picks one page of ids by date, so the listing
	 * columns (a folder lookup among them) are computed for that page
	 * only, not for every match waiting to be sorted.
	 */
	buf_adds(&sql, "SELECT " STORE_MESSAGE_COLUMNS " FROM (SELECT m.id"
	    " FROM messages m");
	if (q.fts.len == 0 && q.flagged)
		buf_adds(&sql, " INDEXED BY messages_flagged");
	else if (q.fts.len == 0 && q.unread == 1)
		buf_adds(&sql, " INDEXED BY messages_unread");
	else if (q.fts.len == 0 || dense)
		buf_adds(&sql, " INDEXED BY messages_date");
	buf_adds(&sql, " WHERE m.screened = 0");
	/* Either way the matches are read once into a set; the plan differs
	 * in whether messages are walked by date (dense) or fetched and
	 * sorted (sparse). */
	if (q.fts.len > 0)
		buf_adds(&sql, " AND m.id IN (SELECT rowid FROM message_fts"
		    " WHERE message_fts MATCH ?1)");
	if (q.before != 0)
		buf_adds(&sql, " AND m.date < ?2");
	if (q.after != 0)
		buf_adds(&sql, " AND m.date >= ?3");
	if (q.has_attachment)
		buf_adds(&sql, " AND m.has_attachments = 1");
	/* Written exactly as the partial indexes' conditions, so they apply. */
	if (q.unread >= 0)
		buf_adds(&sql, q.unread ? " AND flags & 1 = 0" : " AND flags & 1 = 1");
	if (q.flagged)
		buf_adds(&sql, " AND flags & 4 = 4");
	if (q.folder_id != 0)
		buf_adds(&sql, " AND EXISTS (SELECT 1 FROM message_folders x"
		    " WHERE x.message_id = m.id AND x.folder_id = ?4)");
	buf_adds(&sql, " ORDER BY m.date DESC, m.id DESC LIMIT ?5 OFFSET ?6) AS page"
	    " JOIN messages m ON m.id = page.id JOIN accounts a ON a.id = m.account_id"
	    " ORDER BY m.date DESC, m.id DESC");

	if (sqlite3_prepare_v2(st->db, buf_str(&sql), -1, &stmt, NULL) != SQLITE_OK) {
		s = _store_db_fail(st, cause);
		goto out;
	}
	if (q.fts.len > 0)
		sqlite3_bind_text(stmt, 1, buf_str(&q.fts), -1, SQLITE_STATIC);
	if (q.before != 0)
		sqlite3_bind_int64(stmt, 2, (int64_t)q.before);
	if (q.after != 0)
		sqlite3_bind_int64(stmt, 3, (int64_t)q.after);
	if (q.folder_id != 0)
		sqlite3_bind_int64(stmt, 4, q.folder_id);
	sqlite3_bind_int64(stmt, 5, lim->limit > 0 ? lim->limit : -1);
	sqlite3_bind_int64(stmt, 6, lim->offset);
	s = _store_collect_messages(st, stmt, false, out, n, cause);
	sqlite3_finalize(stmt);
out:
	buf_free(&sql);
	buf_free(&q.fts);
	return s;
}
