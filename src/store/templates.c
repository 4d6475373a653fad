/* templates.c - message templates in crm.db (shared or private, ordered, with files) and signatures in mail.db. */
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"

void
store_template_clear(struct store_template *t)
{
	free(t->name);
	free(t->subject);
	free(t->body);
	free(t->owner);
	_store_files_free(t->files, t->nfiles);
	memset(t, 0, sizeof *t);
}

void
store_templates_free(struct store_template *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_template_clear(&v[i]);
	free(v);
}

/* Steps a statement with no result; false with *cause on failure. */
static bool
step_done(struct store *st, sqlite3_stmt *s, char **cause)
{
	int rc = sqlite3_step(s);

	_store_release(st, s);
	if (rc == SQLITE_DONE)
		return true;
	_store_db_fail(st, cause);
	return false;
}

tt_status
store_template_add(struct store *st, struct store_template *t, char **cause)
{
	sqlite3_stmt *s;
	time_t now = time_now();
	int rc;

	if (store_begin(st, cause) != TT_OK)
		return TT_EDB;
	/* The same name twice in one user's picker would be ambiguous. */
	if (_store_cached(st, "SELECT 1 FROM crm.templates WHERE name = ?1 COLLATE NOCASE"
	    " AND (private = 0 OR owner = ?2)", &s, cause) != TT_OK)
		goto fail;
	_store_bind_text(s, 1, t->name);
	_store_bind_text(s, 2, t->owner);
	rc = sqlite3_step(s);
	_store_release(st, s);
	if (rc == SQLITE_ROW) {
		store_rollback(st);
		return tt_fail(cause, TT_EEXIST, _("there is a template named \"%s\" already"),
		    t->name);
	}
	if (_store_cached(st, "INSERT INTO crm.templates (name, subject, body, owner,"
	    " private, position, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " (SELECT coalesce(max(position), 0) + 1 FROM crm.templates), ?6, ?6)",
	    &s, cause) != TT_OK)
		goto fail;
	_store_bind_text(s, 1, t->name);
	_store_bind_text(s, 2, t->subject != NULL ? t->subject : "");
	_store_bind_text(s, 3, t->body != NULL ? t->body : "");
	_store_bind_text(s, 4, t->owner);
	sqlite3_bind_int(s, 5, t->is_private);
	sqlite3_bind_int64(s, 6, now);
	if (!step_done(st, s, cause))
		goto fail;
	t->id = sqlite3_last_insert_rowid(st->db);
	if (_store_files_write(st, "INSERT INTO crm.template_files (template_id, position,"
	    " name, content_type, inline, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", t->id,
	    t->files, t->nfiles, cause) != TT_OK)
		goto fail;
	return store_commit(st, cause);
fail:
	store_rollback(st);
	return TT_EDB;
}

#define TEMPLATE_COLUMNS "id, name, subject, body, owner, private," \
	" (SELECT count(*) FROM crm.templates o WHERE o.position <= t.position" \
	"  AND (o.private = 0 OR o.owner = ?1))"

static void
read_template(sqlite3_stmt *s, struct store_template *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->name = _store_col_text(s, 1, false);
	t->subject = _store_col_text(s, 2, false);
	t->body = _store_col_text(s, 3, false);
	t->owner = _store_col_text(s, 4, false);
	t->is_private = sqlite3_column_int(s, 5) != 0;
	t->position = sqlite3_column_int(s, 6);
}

tt_status
store_template_list(struct store *st, const char *user,
    struct store_template **out, size_t *n, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if (_store_cached(st, "SELECT " TEMPLATE_COLUMNS " FROM crm.templates t"
	    " WHERE private = 0 OR owner = ?1 ORDER BY position", &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		read_template(s, &(*out)[(*n)++]);
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_templates_free(*out, *n);
		*out = NULL;
		*n = 0;
		return _store_db_fail(st, cause);
	}
	return TT_OK;
}

tt_status
store_template_get(struct store *st, const char *user, const char *id_or_name,
    struct store_template *out, char **cause)
{
	sqlite3_stmt *s;
	char *end;
	long long id = strtoll(id_or_name, &end, 10);
	int rc;

	if (_store_cached(st, "SELECT " TEMPLATE_COLUMNS " FROM crm.templates t"
	    " WHERE (private = 0 OR owner = ?1) AND (id = ?2 OR name = ?3 COLLATE NOCASE)"
	    " ORDER BY id = ?2 DESC LIMIT 1", &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, user);
	sqlite3_bind_int64(s, 2, *end == '\0' && end != id_or_name ? id : -1);
	_store_bind_text(s, 3, id_or_name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_template(s, out);
	_store_release(st, s);
	if (rc == SQLITE_DONE)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no template \"%s\" (tether "
		    "template list)"), id_or_name);
	if (rc != SQLITE_ROW)
		return _store_db_fail(st, cause);
	if (_store_files_read(st, "SELECT name, content_type, inline, data FROM"
	    " crm.template_files WHERE template_id = ?1 ORDER BY position", out->id,
	    &out->files, &out->nfiles, cause) != TT_OK) {
		store_template_clear(out);
		return TT_EDB;
	}
	return TT_OK;
}

tt_status
store_template_delete(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *s;

	if (_store_cached(st, "DELETE FROM crm.templates WHERE id = ?1", &s, cause) != TT_OK)
		return TT_EDB;
	sqlite3_bind_int64(s, 1, id);
	if (!step_done(st, s, cause))
		return TT_EDB;
	return sqlite3_changes(st->db) == 1 ? TT_OK : tt_fail(cause, TT_ENOTFOUND,
	    _("there is no template %lld"), (long long)id);
}

tt_status
store_template_move(struct store *st, int64_t id, int position, char **cause)
{
	sqlite3_stmt *s;
	int64_t *ids = NULL;
	size_t n = 0, i, from = 0;
	int rc;
	bool found = false;

	if (store_begin(st, cause) != TT_OK)
		return TT_EDB;
	if (_store_cached(st, "SELECT id FROM crm.templates ORDER BY position", &s, cause) != TT_OK)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		if (sqlite3_column_int64(s, 0) == id) {
			from = n;
			found = true;
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		_store_db_fail(st, cause);
		goto fail;
	}
	if (!found) {
		store_rollback(st);
		free(ids);
		return tt_fail(cause, TT_ENOTFOUND, _("there is no template %lld"), (long long)id);
	}
	/* Renumber everything 1..n with the template at its new place. */
	if (position < 1)
		position = 1;
	if ((size_t)position > n)
		position = (int)n;
	memmove(&ids[from], &ids[from + 1], (n - from - 1) * sizeof *ids);
	memmove(&ids[position], &ids[position - 1], (n - (size_t)position) * sizeof *ids);
	ids[position - 1] = id;
	for (i = 0; i < n; i++) {
		if (_store_cached(st, "UPDATE crm.templates SET position = ?2 WHERE id = ?1",
		    &s, cause) != TT_OK)
			goto fail;
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		if (!step_done(st, s, cause))
			goto fail;
	}
	free(ids);
	return store_commit(st, cause);
fail:
	free(ids);
	store_rollback(st);
	return TT_EDB;
}

/* --- signatures ------------------------------------------------------------ */

void
store_signatures_free(struct store_signature *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].account);
		free(v[i].name);
		free(v[i].body);
	}
	free(v);
}

tt_status
store_signature_set(struct store *st, const char *account, const char *name,
    const char *body, bool is_default, char **cause)
{
	sqlite3_stmt *s;

	if (store_begin(st, cause) != TT_OK)
		return TT_EDB;
	if (is_default) {
		if (_store_cached(st, "UPDATE signatures SET is_default = 0 WHERE"
		    " account IS ?1", &s, cause) != TT_OK)
			goto fail;
		_store_bind_text(s, 1, account);
		if (!step_done(st, s, cause))
			goto fail;
	}
	if (_store_cached(st, "DELETE FROM signatures WHERE account IS ?1 AND name = ?2",
	    &s, cause) != TT_OK)
		goto fail;
	_store_bind_text(s, 1, account);
	_store_bind_text(s, 2, name);
	if (!step_done(st, s, cause))
		goto fail;
	if (_store_cached(st, "INSERT INTO signatures (account, name, body, is_default,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5)", &s, cause) != TT_OK)
		goto fail;
	_store_bind_text(s, 1, account);
	_store_bind_text(s, 2, name);
	_store_bind_text(s, 3, body);
	sqlite3_bind_int(s, 4, is_default);
	sqlite3_bind_int64(s, 5, time_now());
	if (!step_done(st, s, cause))
		goto fail;
	return store_commit(st, cause);
fail:
	store_rollback(st);
	return TT_EDB;
}

tt_status
store_signature_list(struct store *st, struct store_signature **out, size_t *n,
    char **cause)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if (_store_cached(st, "SELECT id, account, name, body, is_default FROM signatures"
	    " ORDER BY account IS NOT NULL, account, name", &s, cause) != TT_OK)
		return TT_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_signature *g;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		g = &(*out)[(*n)++];
		g->id = sqlite3_column_int64(s, 0);
		g->account = _store_col_text(s, 1, false);
		g->name = _store_col_text(s, 2, false);
		g->body = _store_col_text(s, 3, false);
		g->is_default = sqlite3_column_int(s, 4) != 0;
	}
	_store_release(st, s);
	if (rc != SQLITE_DONE) {
		store_signatures_free(*out, *n);
		*out = NULL;
		*n = 0;
		return _store_db_fail(st, cause);
	}
	return TT_OK;
}

tt_status
store_signature_delete(struct store *st, const char *account, const char *name,
    char **cause)
{
	sqlite3_stmt *s;

	if (_store_cached(st, "DELETE FROM signatures WHERE account IS ?1 AND name = ?2",
	    &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, account);
	_store_bind_text(s, 2, name);
	if (!step_done(st, s, cause))
		return TT_EDB;
	return sqlite3_changes(st->db) == 1 ? TT_OK : tt_fail(cause, TT_ENOTFOUND,
	    _("there is no signature \"%s\"%s%s"), name, account != NULL ? _(" for account ") : "",
	    account != NULL ? account : "");
}

tt_status
store_signature_pick(struct store *st, const char *account, const char *name,
    char **body, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	*body = NULL;
	/* A name: the account's own first, then one for every account. */
	if (_store_cached(st, "SELECT body FROM signatures WHERE (account = ?1 OR account"
	    " IS NULL) AND (?2 IS NULL AND is_default = 1 OR name = ?2)"
	    " ORDER BY account IS NULL LIMIT 1", &s, cause) != TT_OK)
		return TT_EDB;
	_store_bind_text(s, 1, account);
	_store_bind_text(s, 2, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*body = _store_col_text(s, 0, false);
	_store_release(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return _store_db_fail(st, cause);
	if (rc == SQLITE_DONE && name != NULL)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no signature \"%s\" "
		    "(tether signature list)"), name);
	return TT_OK;
}
