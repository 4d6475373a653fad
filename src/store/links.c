/* links.c - persons on addresses, thread links, item views, blocked addresses and screened mail. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

/* A statement for sql from the store's cache, or the connection's error. */
static tt_status
prepare(struct store *st, const char *sql, sqlite3_stmt **stmt, char **cause)
{
	return _store_cached(st, sql, stmt, cause);
}

/* Steps a statement to its end and gives it back. */
static tt_status
finish(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	tt_status s = _store_step_done(st, stmt, cause);

	_store_release(st, stmt);
	return s;
}

tt_status
store_person_for_address(struct store *st, const char *address,
    int64_t *person, bool *several, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	*person = 0;
	if (several != NULL)
		*several = false;
	if ((s = prepare(st, "SELECT coalesce(" STORE_PERSON_FOR_ADDRESS("?1")
	    ", 0), (SELECT count(DISTINCT person_id) FROM crm.person_emails"
	    " WHERE value = ?1)", &stmt, cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, address);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*person = sqlite3_column_int64(stmt, 0);
		if (several != NULL)
			*several = *person == 0 && sqlite3_column_int(stmt, 1) > 1;
	}
	_store_release(st, stmt);
	return TT_OK;
}

tt_status
store_persons_rematch(struct store *st, const char *const *addrs, size_t n,
    int64_t *changed, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t total = 0;
	tt_status s = TT_OK;
	size_t i;

	/* Screened mail is linked to nobody (BLOCK-09). */
	if (addrs == NULL) {
		if ((s = prepare(st, "UPDATE message_addresses AS ma SET person_id ="
		    " " STORE_PERSON_FOR_ADDRESS("ma.address") " WHERE"
		    " ma.person_id IS NOT " STORE_PERSON_FOR_ADDRESS("ma.address")
		    " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id ="
		    " ma.message_id AND m.screened = 1)", &stmt, cause)) != TT_OK)
			return s;
		if ((s = finish(st, stmt, cause)) == TT_OK)
			total = sqlite3_changes(st->db);
	}
	for (i = 0; addrs != NULL && i < n && s == TT_OK; i++) {
		if ((s = prepare(st, "UPDATE message_addresses AS ma SET person_id ="
		    " " STORE_PERSON_FOR_ADDRESS("?1") " WHERE ma.address = ?1"
		    " AND ma.person_id IS NOT " STORE_PERSON_FOR_ADDRESS("?1")
		    " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id ="
		    " ma.message_id AND m.screened = 1)", &stmt, cause)) != TT_OK)
			return s;
		_store_bind_text(stmt, 1, addrs[i]);
		if ((s = finish(st, stmt, cause)) == TT_OK)
			total += sqlite3_changes(st->db);
	}
	if (changed != NULL)
		*changed = total;
	return s;
}

/* Collects the first integer column of every row (distinct by the SQL). */
static tt_status
collect_ids(struct store *st, sqlite3_stmt *stmt, int64_t **ids, size_t *n,
    char **cause)
{
	int64_t *v = NULL;
	size_t count = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count++] = sqlite3_column_int64(stmt, 0);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return _store_db_fail(st, cause);
	}
	*ids = v;
	*n = count;
	return TT_OK;
}

tt_status
store_message_persons(struct store *st, int64_t message,
    const char *const *own, size_t nown, int64_t **ids, size_t *n,
    char **cause)
{
	sqlite3_stmt *stmt;
	struct buf sql = { 0 };
	tt_status s;
	size_t i;

	*ids = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT DISTINCT person_id FROM message_addresses WHERE"
	    " message_id = ?1 AND person_id IS NOT NULL AND role IN ('from', 'to',"
	    " 'cc')");
	for (i = 0; i < nown; i++)
		buf_addf(&sql, " AND address != ?%zu", i + 2);
	buf_adds(&sql, " ORDER BY person_id");
	s = prepare(st, buf_str(&sql), &stmt, cause);
	buf_free(&sql);
	if (s != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, message);
	for (i = 0; i < nown; i++)
		_store_bind_text(stmt, (int)i + 2, own[i]);
	s = collect_ids(st, stmt, ids, n, cause);
	_store_release(st, stmt);
	return s;
}

void
store_thread_persons_free(struct store_thread_person *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].org);
		free(v[i].address);
	}
	free(v);
}

tt_status
store_thread_persons(struct store *st, int64_t thread,
    struct store_thread_person **out, size_t *n, char **cause)
{
	struct store_thread_person *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = prepare(st, "SELECT p.id, p.name, o.name, p.org_id,"
	    " min(ma.address) FROM messages m JOIN message_addresses ma ON"
	    " ma.message_id = m.id JOIN crm.persons p ON p.id = ma.person_id"
	    " LEFT JOIN crm.organizations o ON o.id = p.org_id"
	    " WHERE m.thread_id = ?1 AND m.screened = 0"
	    " GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id", &stmt, cause)) !=
	    TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].id = sqlite3_column_int64(stmt, 0);
		v[count].name = _store_col_text(stmt, 1, true);
		v[count].org = _store_col_text(stmt, 2, false);
		v[count].org_id = sqlite3_column_int64(stmt, 3);
		v[count].address = _store_col_text(stmt, 4, true);
		count++;
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		store_thread_persons_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

tt_status
store_thread_ambiguous(struct store *st, int64_t thread, char ***addrs,
    size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	char **v = NULL;
	size_t count = 0;
	tt_status s;
	int rc;

	*addrs = NULL;
	*n = 0;
	if ((s = prepare(st, "SELECT DISTINCT ma.address FROM messages m JOIN"
	    " message_addresses ma ON ma.message_id = m.id WHERE m.thread_id = ?1"
	    " AND m.screened = 0 AND ma.person_id IS NULL AND (SELECT"
	    " count(DISTINCT e.person_id) FROM crm.person_emails e WHERE e.value ="
	    " ma.address) > 1 ORDER BY ma.address", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count++] = _store_col_text(stmt, 0, true);
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		while (count > 0)
			free(v[--count]);
		free(v);
		return _store_db_fail(st, cause);
	}
	*addrs = v;
	*n = count;
	return TT_OK;
}

void
store_links_free(struct store_link *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].type);
		free(v[i].id);
		free(v[i].title);
		free(v[i].status);
		free(v[i].stage);
		free(v[i].value);
	}
	free(v);
}

/*
 * Each kind of item as link rows: type, id, title, status, stage, value,
 * person, created.  Kept apart (not one UNION) so a condition on a kind's
 * own columns reaches its indexes.
 */
#define DEAL_LINKS \
	"SELECT 'deal', CAST(d.id AS TEXT), d.title, d.status, s.name," \
	" CASE WHEN d.value IS NOT NULL THEN" \
	"  printf('%.15g', d.value) || coalesce(' ' || d.currency, '') END," \
	" d.person_id, d.created_at" \
	" FROM crm.deals d LEFT JOIN crm.stages s ON s.id = d.stage_id"
#define LEAD_LINKS \
	"SELECT 'lead', l.id, l.title," \
	" CASE WHEN l.converted_to IS NOT NULL THEN 'converted'" \
	"  WHEN l.archived THEN 'archived' ELSE 'open' END, NULL," \
	" CASE WHEN l.value IS NOT NULL THEN" \
	"  printf('%.15g', l.value) || coalesce(' ' || l.currency, '') END," \
	" l.person_id, l.created_at FROM crm.leads l"
#define PROJECT_LINKS \
	"SELECT 'project', CAST(p.id AS TEXT), p.title," \
	" CASE WHEN p.archived THEN 'archived' ELSE p.status END, p.phase, NULL," \
	" p.person_id, p.created_at FROM crm.projects p"

/* Open (LINK-12/13) or closed, and not deleted, per kind. */
#define DEAL_OPEN "d.status = 'open'"
#define DEAL_CLOSED "d.status IN ('won', 'lost')"
#define LEAD_OPEN "l.archived = 0 AND l.converted_to IS NULL"
#define LEAD_CLOSED "(l.archived != 0 OR l.converted_to IS NOT NULL)"
#define PROJECT_OPEN "p.status = 'open' AND p.archived = 0"
#define PROJECT_CLOSED "(p.status IN ('completed', 'canceled') OR p.archived != 0)"

static void
read_link(sqlite3_stmt *stmt, struct store_link *l)
{
	l->type = _store_col_text(stmt, 0, true);
	l->id = _store_col_text(stmt, 1, true);
	l->title = _store_col_text(stmt, 2, true);
	l->status = _store_col_text(stmt, 3, true);
	l->stage = _store_col_text(stmt, 4, false);
	l->value = _store_col_text(stmt, 5, false);
	l->person_id = sqlite3_column_int64(stmt, 6);
	l->created_at = (time_t)sqlite3_column_int64(stmt, 7);
}

/* Collects link rows; stmt is given back. */
static tt_status
collect_links(struct store *st, sqlite3_stmt *stmt, struct store_link **out,
    size_t *nout, char **cause)
{
	struct store_link *v = NULL;
	size_t count = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		read_link(stmt, &v[count++]);
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		store_links_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*nout = count;
	return TT_OK;
}

/* Appends "?1, ?2, …" for n parameters. */
static void
params(struct buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(b, "%s?%zu", i > 0 ? ", " : "", i + 1);
}

tt_status
store_open_items(struct store *st, const int64_t *persons, size_t n,
    bool closed, struct store_link **out, size_t *nout, char **cause)
{
	struct buf sql = { 0 };
	sqlite3_stmt *stmt;
	tt_status s;
	size_t i;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return TT_OK;
	/* By type (deal, lead, project), then the oldest first. */
	buf_adds(&sql, DEAL_LINKS " WHERE ");
	buf_adds(&sql, closed ? DEAL_CLOSED : DEAL_OPEN);
	buf_adds(&sql, " AND d.person_id IN (");
	params(&sql, n);
	buf_adds(&sql, ") UNION ALL " LEAD_LINKS " WHERE ");
	buf_adds(&sql, closed ? LEAD_CLOSED : LEAD_OPEN);
	buf_adds(&sql, " AND l.person_id IN (");
	params(&sql, n);
	buf_adds(&sql, ") UNION ALL " PROJECT_LINKS " WHERE ");
	buf_adds(&sql, closed ? PROJECT_CLOSED : PROJECT_OPEN);
	buf_adds(&sql, " AND p.person_id IN (");
	params(&sql, n);
	buf_adds(&sql, ") ORDER BY 1, 8, 2");
	s = prepare(st, buf_str(&sql), &stmt, cause);
	buf_free(&sql);
	if (s != TT_OK)
		return s;
	for (i = 0; i < n; i++)
		sqlite3_bind_int64(stmt, (int)i + 1, persons[i]);
	return collect_links(st, stmt, out, nout, cause);
}

tt_status
store_link_item(struct store *st, const char *type, const char *id,
    struct store_link *out, char **cause)
{
	struct store_link *v = NULL;
	sqlite3_stmt *stmt;
	const char *sql;
	size_t n = 0;
	tt_status s;

	memset(out, 0, sizeof *out);
	/* Each by its primary key (a deal's and project's are integers). */
	if (strcmp(type, "deal") == 0)
		sql = DEAL_LINKS " WHERE d.id = CAST(?1 AS INTEGER)";
	else if (strcmp(type, "lead") == 0)
		sql = LEAD_LINKS " WHERE l.id = ?1";
	else if (strcmp(type, "project") == 0)
		sql = PROJECT_LINKS " WHERE p.id = CAST(?1 AS INTEGER)";
	else
		return tt_fail(cause, TT_ENOTFOUND, _("there is no %s %s"), type, id);
	if ((s = prepare(st, sql, &stmt, cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, id);
	if ((s = collect_links(st, stmt, &v, &n, cause)) != TT_OK)
		return s;
	if (n == 0) {
		free(v);
		return tt_fail(cause, TT_ENOTFOUND, _("there is no %s %s"), type, id);
	}
	*out = v[0];
	free(v);
	return TT_OK;
}

void
store_thread_link_clear(struct store_thread_link *l)
{
	free(l->type);
	free(l->id);
	free(l->state);
	free(l->reason);
	memset(l, 0, sizeof *l);
}

tt_status
store_thread_link_get(struct store *st, int64_t thread,
    struct store_thread_link *out, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((s = prepare(st, "SELECT item_type, item_id, link_state, link_reason,"
	    " created_at, account_id, deleted FROM threads WHERE id = ?1", &stmt,
	    cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out->type = _store_col_text(stmt, 0, false);
		out->id = _store_col_text(stmt, 1, false);
		out->state = _store_col_text(stmt, 2, true);
		out->reason = _store_col_text(stmt, 3, false);
		out->created_at = (time_t)sqlite3_column_int64(stmt, 4);
		out->account_id = sqlite3_column_int64(stmt, 5);
		out->deleted = sqlite3_column_int(stmt, 6) != 0;
	}
	_store_release(st, stmt);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no thread %lld"),
		    (long long)thread);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	return TT_OK;
}

tt_status
store_thread_link_set(struct store *st, int64_t thread, const char *type,
    const char *id, const char *state, const char *reason, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = prepare(st, "UPDATE threads SET item_type = ?2, item_id = ?3,"
	    " link_state = ?4, link_reason = ?5, updated_at = ?6 WHERE id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	_store_bind_text(stmt, 2, type);
	_store_bind_text(stmt, 3, type != NULL ? id : NULL);
	_store_bind_text(stmt, 4, state);
	_store_bind_text(stmt, 5, reason);
	sqlite3_bind_int64(stmt, 6, (int64_t)time_now());
	return finish(st, stmt, cause);
}

tt_status
store_address_set_person(struct store *st, const char *address,
    int64_t person, int64_t *threads, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if (threads != NULL) {
		if ((s = prepare(st, "SELECT count(DISTINCT m.thread_id) FROM"
		    " message_addresses ma JOIN messages m ON m.id = ma.message_id"
		    " WHERE ma.address = ?1 AND m.screened = 0", &stmt, cause)) !=
		    TT_OK)
			return s;
		_store_bind_text(stmt, 1, address);
		s = _store_step_int(st, stmt, threads, cause);
		_store_release(st, stmt);
		if (s != TT_OK)
			return s;
	}
	if ((s = prepare(st, "UPDATE message_addresses AS ma SET person_id = ?2"
	    " WHERE ma.address = ?1 AND NOT EXISTS (SELECT 1 FROM messages m"
	    " WHERE m.id = ma.message_id AND m.screened = 1)", &stmt, cause)) !=
	    TT_OK)
		return s;
	_store_bind_text(stmt, 1, address);
	sqlite3_bind_int64(stmt, 2, person);
	return finish(st, stmt, cause);
}

/* --- item views ---------------------------------------------------------- */

/*
 * The thread ids of an item's view as a subquery over ?1 (the id).
 * Threads linked to the item itself, and for a project its deals'; for
 * a person every thread with one of its addresses; for an organization
 * its persons' threads and those linked to its deals.
 */
static const char *
view_ids_sql(enum crm_kind kind)
{
	switch (kind) {
	case CRM_DEAL:
		return "SELECT id FROM threads WHERE item_type = 'deal'"
		    " AND item_id = ?1";
	case CRM_LEAD:
		return "SELECT id FROM threads WHERE item_type = 'lead'"
		    " AND item_id = ?1";
	case CRM_PROJECT:
		return "SELECT id FROM threads WHERE item_type = 'project'"
		    " AND item_id = ?1 UNION SELECT t.id FROM crm.project_deals pd"
		    " JOIN threads t ON t.item_type = 'deal' AND"
		    " t.item_id = CAST(pd.deal_id AS TEXT) WHERE pd.project_id = ?1";
	case CRM_PERSON:
		return "SELECT m.thread_id FROM message_addresses ma JOIN messages m"
		    " ON m.id = ma.message_id WHERE ma.person_id = ?1"
		    " AND m.screened = 0";
	case CRM_ORG:
	default:
		return "SELECT m.thread_id FROM crm.persons p JOIN message_addresses"
		    " ma ON ma.person_id = p.id JOIN messages m ON m.id ="
		    " ma.message_id WHERE p.org_id = ?1 AND m.screened = 0"
		    " UNION SELECT t.id FROM crm.deals d JOIN threads t ON"
		    " t.item_type = 'deal' AND t.item_id = CAST(d.id AS TEXT)"
		    " WHERE d.org_id = ?1";
	}
}

tt_status
store_item_threads(struct store *st, const struct store_item_view *q,
    struct store_thread **out, size_t *n, int64_t *total, char **cause)
{
	struct store_thread *v = NULL;
	struct buf sql = { 0 };
	sqlite3_stmt *stmt;
	size_t count = 0;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if (total != NULL) {
		buf_addf(&sql, "SELECT count(*) FROM threads t WHERE t.id IN (%s)"
		    " AND t.deleted = 0 AND t.message_count > 0", view_ids_sql(q->kind));
		s = prepare(st, buf_str(&sql), &stmt, cause);
		buf_reset(&sql);
		if (s != TT_OK) {
			buf_free(&sql);
			return s;
		}
		_store_bind_text(stmt, 1, q->id);
		s = _store_step_int(st, stmt, total, cause);
		_store_release(st, stmt);
		if (s != TT_OK) {
			buf_free(&sql);
			return s;
		}
	}
	/* Deleted threads leave every view (LINK-26, ARC-02); archived stay. */
	buf_addf(&sql, "SELECT " STORE_THREAD_COLUMNS " FROM threads t JOIN"
	    " accounts a ON a.id = t.account_id WHERE t.id IN (%s) AND"
	    " t.deleted = 0 AND t.message_count > 0 ORDER BY t.last_message_at"
	    " DESC, t.id DESC LIMIT ?2", view_ids_sql(q->kind));
	s = prepare(st, buf_str(&sql), &stmt, cause);
	buf_free(&sql);
	if (s != TT_OK)
		return s;
	_store_bind_text(stmt, 1, q->id);
	sqlite3_bind_int64(stmt, 2, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		_store_read_thread(stmt, &v[count++]);
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		store_threads_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

/* --- blocked addresses and screened mail ---------------------------------- */

void
store_blocks_free(struct store_block *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].pattern);
		free(v[i].account);
	}
	free(v);
}

tt_status
store_block_add(struct store *st, const char *pattern, const char *account,
    int64_t *id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	int rc;

	if ((s = prepare(st, "INSERT INTO crm.blocked_addresses (pattern, account,"
	    " created_at) VALUES (?1, ?2, ?3) RETURNING id", &stmt, cause)) !=
	    TT_OK)
		return s;
	_store_bind_text(stmt, 1, pattern);
	_store_bind_text(stmt, 2, account);
	sqlite3_bind_int64(stmt, 3, (int64_t)time_now());
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && id != NULL)
		*id = sqlite3_column_int64(stmt, 0);
	if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode(st->db) ==
	    SQLITE_CONSTRAINT_UNIQUE) {
		_store_release(st, stmt);
		return tt_fail(cause, TT_EEXIST, account != NULL ?
		    _("%s is blocked for %s already") : _("%s is blocked already"),
		    pattern, account);
	}
	if (rc != SQLITE_ROW) {
		s = _store_db_fail(st, cause);
		_store_release(st, stmt);
		return s;
	}
	_store_release(st, stmt);
	return TT_OK;
}

tt_status
store_block_remove(struct store *st, const char *pattern, const char *account,
    char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = prepare(st, "DELETE FROM crm.blocked_addresses WHERE pattern = ?1"
	    " AND account IS ?2", &stmt, cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, pattern);
	_store_bind_text(stmt, 2, account);
	if ((s = finish(st, stmt, cause)) != TT_OK)
		return s;
	if (sqlite3_changes(st->db) == 0)
		return tt_fail(cause, TT_ENOTFOUND, _("%s is not on the %s blocklist"),
		    pattern, account != NULL ? account : _("global"));
	return TT_OK;
}

tt_status
store_block_list(struct store *st, const char *account,
    struct store_block **out, size_t *n, char **cause)
{
	struct store_block *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = prepare(st, "SELECT id, pattern, account, created_at FROM"
	    " crm.blocked_addresses WHERE ?1 IS NULL OR account IS NULL OR"
	    " account = ?1 ORDER BY account IS NOT NULL, account, pattern", &stmt,
	    cause)) != TT_OK)
		return s;
	_store_bind_text(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].id = sqlite3_column_int64(stmt, 0);
		v[count].pattern = _store_col_text(stmt, 1, true);
		v[count].account = _store_col_text(stmt, 2, false);
		v[count].created_at = (time_t)sqlite3_column_int64(stmt, 3);
		count++;
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		store_blocks_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}

tt_status
store_screened_list(struct store *st, int64_t account_id,
    struct store_message **out, size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = prepare(st, "SELECT " STORE_MESSAGE_COLUMNS " FROM messages m"
	    " JOIN accounts a ON a.id = m.account_id WHERE m.screened = 1 AND"
	    " (?1 = 0 OR m.account_id = ?1) ORDER BY m.date DESC, m.id DESC",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	s = _store_collect_messages(st, stmt, false, out, n, cause);
	_store_release(st, stmt);
	return s;
}

tt_status
store_message_screen(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t thread = 0, left = 0;
	tt_status s;

	if ((s = prepare(st, "SELECT coalesce(thread_id, 0) FROM messages WHERE"
	    " id = ?1 AND screened = 0", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	s = _store_step_int(st, stmt, &thread, cause);
	_store_release(st, stmt);
	if (s != TT_OK)
		return s;
	if ((s = prepare(st, "UPDATE messages SET screened = 1, thread_id = NULL"
	    " WHERE id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = finish(st, stmt, cause)) != TT_OK)
		return s;
	if ((s = prepare(st, "UPDATE message_addresses SET person_id = NULL"
	    " WHERE message_id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = finish(st, stmt, cause)) != TT_OK || thread == 0)
		return s;
	/* Its ids stay mapped to the thread, so a reply still finds it. */
	if ((s = prepare(st, "SELECT count(*) FROM messages WHERE thread_id = ?1",
	    &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, thread);
	s = _store_step_int(st, stmt, &left, cause);
	_store_release(st, stmt);
	if (s != TT_OK)
		return s;
	if (left == 0) {
		if ((s = prepare(st, "DELETE FROM threads WHERE id = ?1", &stmt,
		    cause)) != TT_OK)
			return s;
		sqlite3_bind_int64(stmt, 1, thread);
		return finish(st, stmt, cause);
	}
	return _store_thread_recompute(st, thread, cause);
}

tt_status
store_message_unscreen(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;

	if ((s = prepare(st, "UPDATE messages SET screened = 0 WHERE id = ?1"
	    " AND screened = 1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = finish(st, stmt, cause)) != TT_OK)
		return s;
	if (sqlite3_changes(st->db) == 0)
		return tt_fail(cause, TT_ENOTFOUND, _("message %lld is not screened"),
		    (long long)id);
	if ((s = prepare(st, "UPDATE message_addresses SET person_id = "
	    STORE_PERSON_FOR_ADDRESS("message_addresses.address")
	    " WHERE message_id = ?1", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	return finish(st, stmt, cause);
}

void
store_addr_rows_free(struct store_addr_row *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].nfrom; j++)
			free(v[i].from[j]);
		for (j = 0; j < v[i].nto_cc; j++)
			free(v[i].to_cc[j]);
		free(v[i].from);
		free(v[i].to_cc);
	}
	free(v);
}

tt_status
store_screen_candidates(struct store *st, int64_t account_id,
    struct store_addr_row **out, size_t *n, char **cause)
{
	struct store_addr_row *v = NULL, *r;
	sqlite3_stmt *stmt;
	size_t count = 0;
	int64_t last = 0, mid;
	const char *role;
	char ***list;
	size_t *nlist;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = prepare(st, "SELECT m.id, m.is_sent, ma.role, ma.address FROM"
	    " messages m LEFT JOIN message_addresses ma ON ma.message_id = m.id"
	    " AND ma.role IN ('from', 'to', 'cc') WHERE m.account_id = ?1 AND"
	    " m.screened = 0 ORDER BY m.id", &stmt, cause)) != TT_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, account_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		mid = sqlite3_column_int64(stmt, 0);
		if (count == 0 || mid != last) {
			v = xreallocarray(v, count + 1, sizeof *v);
			memset(&v[count], 0, sizeof v[count]);
			v[count].message_id = mid;
			v[count].is_sent = sqlite3_column_int(stmt, 1) != 0;
			count++;
			last = mid;
		}
		r = &v[count - 1];
		if ((role = (const char *)sqlite3_column_text(stmt, 2)) == NULL)
			continue;
		list = strcmp(role, "from") == 0 ? &r->from : &r->to_cc;
		nlist = strcmp(role, "from") == 0 ? &r->nfrom : &r->nto_cc;
		*list = xreallocarray(*list, *nlist + 1, sizeof **list);
		(*list)[(*nlist)++] = _store_col_text(stmt, 3, true);
	}
	_store_release(st, stmt);
	if (rc != SQLITE_DONE) {
		store_addr_rows_free(v, count);
		return _store_db_fail(st, cause);
	}
	*out = v;
	*n = count;
	return TT_OK;
}
