/* crm.c - CRM items in crm.db: one field table per kind drives reading, writing, listing and deleting. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/store-internal.h"

static const char *const visible_choices[] = { "1", "3", "5", "7", NULL };
static const char *const marketing_choices[] = { "no_consent", "subscribed",
	"unsubscribed", "archived", NULL };
static const char *const deal_status_choices[] = { "open", "won", "lost",
	"deleted", NULL };
static const char *const project_status_choices[] = { "open", "completed",
	"canceled", "deleted", NULL };

#define ID { "id", "ID", "id", CF_ID, NULL, CRM_F_READONLY }
#define OWNER { "owner", "Owner", "owner_id", CF_USER, NULL, 0 }
#define VISIBLE { "visible_to", "Visible to", "visible_to", CF_CHOICE, \
	visible_choices, 0 }
#define LABELS { "labels", "Labels", NULL, CF_LABELS, NULL, 0 }
#define PERSON { "person", "Person", "person_id", CF_PERSON, NULL, 0 }
#define ORG { "org", "Organization", "org_id", CF_ORG, NULL, 0 }

static const struct crm_field person_fields[] = {
	ID,
	{ "name", "Name", "name", CF_TEXT, NULL, CRM_F_REQUIRED },
	{ "first_name", "First name", "first_name", CF_TEXT, NULL, 0 },
	{ "last_name", "Last name", "last_name", CF_TEXT, NULL, 0 },
	{ "emails", "Email", NULL, CF_EMAILS, NULL, 0 },
	{ "phones", "Phone", NULL, CF_PHONES, NULL, 0 },
	ORG, OWNER, VISIBLE, LABELS,
	{ "marketing_status", "Marketing status", "marketing_status", CF_CHOICE,
	  marketing_choices, 0 },
};

static const struct crm_field org_fields[] = {
	ID,
	{ "name", "Name", "name", CF_TEXT, NULL, CRM_F_REQUIRED },
	{ "address", "Address", "address", CF_TEXT, NULL, 0 },
	{ "street_number", "Street number", "street_number", CF_TEXT, NULL, 0 },
	{ "route", "Street", "route", CF_TEXT, NULL, 0 },
	{ "subpremise", "Apartment/suite", "subpremise", CF_TEXT, NULL, 0 },
	{ "sublocality", "District", "sublocality", CF_TEXT, NULL, 0 },
	{ "locality", "City", "locality", CF_TEXT, NULL, 0 },
	{ "admin_area_level_1", "State/county", "admin_area_level_1", CF_TEXT,
	  NULL, 0 },
	{ "admin_area_level_2", "Region", "admin_area_level_2", CF_TEXT, NULL, 0 },
	{ "country", "Country", "country", CF_TEXT, NULL, 0 },
	{ "postal_code", "Postal code", "postal_code", CF_TEXT, NULL, 0 },
	OWNER, VISIBLE, LABELS,
};

static const struct crm_field deal_fields[] = {
	ID,
	{ "title", "Title", "title", CF_TEXT, NULL, CRM_F_REQUIRED },
	{ "value", "Value", "value", CF_NUM, NULL, 0 },
	{ "currency", "Currency", "currency", CF_TEXT, NULL, 0 },
	{ "pipeline", "Pipeline", "pipeline_id", CF_PIPELINE, NULL, 0 },
	{ "stage", "Stage", "stage_id", CF_STAGE, NULL, 0 },
	{ "status", "Status", "status", CF_CHOICE, deal_status_choices, 0 },
	{ "expected_close", "Expected close date", "expected_close", CF_DATE,
	  NULL, 0 },
	{ "probability", "Probability", "probability", CF_INT, NULL, 0 },
	{ "won_time", "Won time", "won_time", CF_TIME, NULL, 0 },
	{ "lost_time", "Lost time", "lost_time", CF_TIME, NULL, 0 },
	{ "lost_reason", "Lost reason", "lost_reason", CF_TEXT, NULL, 0 },
	{ "close_time", "Close time", "close_time", CF_TIME, NULL, 0 },
	OWNER, PERSON, ORG, VISIBLE, LABELS,
};

static const struct crm_field lead_fields[] = {
	ID,
	{ "title", "Title", "title", CF_TEXT, NULL, CRM_F_REQUIRED },
	{ "value", "Value", "value", CF_NUM, NULL, 0 },
	{ "currency", "Currency", "currency", CF_TEXT, NULL, 0 },
	{ "expected_close", "Expected close date", "expected_close", CF_DATE,
	  NULL, 0 },
	PERSON, ORG, OWNER, LABELS,
	{ "archived", "Archived", "archived", CF_BOOL, NULL, 0 },
	{ "source", "Source", "source", CF_TEXT, NULL, 0 },
	{ "converted_to", "Converted to deal", "converted_to", CF_INT, NULL,
	  CRM_F_READONLY },
	VISIBLE,
};

static const struct crm_field project_fields[] = {
	ID,
	{ "title", "Title", "title", CF_TEXT, NULL, CRM_F_REQUIRED },
	{ "board", "Board", "board", CF_TEXT, NULL, 0 },
	{ "phase", "Phase", "phase", CF_TEXT, NULL, 0 },
	{ "status", "Status", "status", CF_CHOICE, project_status_choices, 0 },
	{ "archived", "Archived", "archived", CF_BOOL, NULL, 0 },
	{ "start_date", "Start date", "start_date", CF_DATE, NULL, 0 },
	{ "end_date", "End date", "end_date", CF_DATE, NULL, 0 },
	{ "deals", "Deals", NULL, CF_DEALS, NULL, 0 },
	PERSON, ORG, OWNER, LABELS,
};

static const struct {
	const char *name, *plural, *label, *table, *title;
	const struct crm_field *fields;
	size_t n;
} kinds[CRM_NKINDS] = {
	[CRM_PERSON] = { "person", "persons", N_("Person"), "persons", "name",
	    person_fields, TT_ARRAY_LEN(person_fields) },
	[CRM_ORG] = { "org", "orgs", N_("Organization"), "organizations", "name",
	    org_fields, TT_ARRAY_LEN(org_fields) },
	[CRM_DEAL] = { "deal", "deals", N_("Deal"), "deals", "title",
	    deal_fields, TT_ARRAY_LEN(deal_fields) },
	[CRM_LEAD] = { "lead", "leads", N_("Lead"), "leads", "title",
	    lead_fields, TT_ARRAY_LEN(lead_fields) },
	[CRM_PROJECT] = { "project", "projects", N_("Project"), "projects",
	    "title", project_fields, TT_ARRAY_LEN(project_fields) },
};

const char *
store_crm_kind_name(enum crm_kind kind)
{
	return kinds[kind].name;
}

const char *
store_crm_kind_label(enum crm_kind kind)
{
	return kinds[kind].label;
}

bool
store_crm_kind_parse(const char *s, enum crm_kind *kind)
{
	size_t k;

	for (k = 0; k < CRM_NKINDS; k++) {
		if (ascii_strcasecmp(s, kinds[k].name) == 0 ||
		    ascii_strcasecmp(s, kinds[k].plural) == 0 ||
		    ascii_strcasecmp(s, kinds[k].label) == 0 ||
		    ascii_strcasecmp(s, kinds[k].table) == 0 ||
		    (k == CRM_PERSON && (ascii_strcasecmp(s, "people") == 0 ||
		    ascii_strcasecmp(s, "contact") == 0 ||
		    ascii_strcasecmp(s, "contacts") == 0)) ||
		    (k == CRM_ORG && ascii_strcasecmp(s, "organization") == 0)) {
			*kind = (enum crm_kind)k;
			return true;
		}
	}
	return false;
}

const struct crm_field *
store_crm_fields(enum crm_kind kind, size_t *n)
{
	*n = kinds[kind].n;
	return kinds[kind].fields;
}

int
store_crm_field_index(enum crm_kind kind, const char *key)
{
	size_t i;

	for (i = 0; i < kinds[kind].n; i++) {
		if (strcmp(kinds[kind].fields[i].key, key) == 0)
			return (int)i;
	}
	return -1;
}

void
crm_item_init(struct crm_item *it, enum crm_kind kind)
{
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->v = xcalloc(kinds[kind].n, sizeof *it->v);
	it->names = xcalloc(kinds[kind].n, sizeof *it->names);
}

void
crm_item_clear(struct crm_item *it)
{
	size_t i;

	if (it->v == NULL)
		return;
	for (i = 0; i < kinds[it->kind].n; i++) {
		free(it->v[i]);
		free(it->names[i]);
	}
	free(it->v);
	free(it->names);
	it->v = it->names = NULL;
}

void
crm_items_free(struct crm_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		crm_item_clear(&v[i]);
	free(v);
}

void
crm_item_set(struct crm_item *it, size_t i, const char *value)
{
	free(it->v[i]);
	it->v[i] = value != NULL ? xstrdup(value) : NULL;
	free(it->names[i]);
	it->names[i] = NULL;
}

char *
store_crm_uuid(void)
{
	unsigned char b[16];
	size_t got = 0;
	ssize_t r;

	while (got < sizeof b) {
		if ((r = getrandom(b + got, sizeof b - got, 0)) <= 0)
			fatalx("no random bytes for a lead id");
		got += (size_t)r;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
	    b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* --- reading ------------------------------------------------------------- */

/* The table of a reference type and the column shown for it. */
static bool
ref_table(enum crm_type t, const char **table, const char **name)
{
	switch (t) {
	case CF_PERSON: *table = "persons"; *name = "name"; return true;
	case CF_ORG: *table = "organizations"; *name = "name"; return true;
	case CF_USER: *table = "users"; *name = "name"; return true;
	case CF_PIPELINE: *table = "pipelines"; *name = "name"; return true;
	case CF_STAGE: *table = "stages"; *name = "name"; return true;
	default: return false;
	}
}

/* What a reference names, in words. */
static const char *
ref_word(enum crm_type t)
{
	switch (t) {
	case CF_PERSON: return _("person");
	case CF_ORG: return _("organization");
	case CF_USER: return _("user");
	case CF_PIPELINE: return _("pipeline");
	default: return _("stage");
	}
}


/* The SELECT list for a kind: every field, a name per reference, times. */
static void
select_sql(struct buf *b, enum crm_kind kind)
{
	const struct crm_field *f;
	const char *table, *name;
	size_t i;

	buf_adds(b, "SELECT ");
	for (i = 0; i < kinds[kind].n; i++) {
		f = &kinds[kind].fields[i];
		if (i > 0)
			buf_adds(b, ", ");
		switch (f->type) {
		case CF_EMAILS:
		case CF_PHONES:
			buf_addf(b, "(SELECT group_concat(value, '; ') FROM (SELECT value"
			    " FROM crm.person_%s WHERE person_id = t.id ORDER BY"
			    " position))", f->type == CF_EMAILS ? "emails" : "phones");
			break;
		case CF_LABELS:
			buf_addf(b, "(SELECT group_concat(name, '; ') FROM (SELECT l.name"
			    " FROM crm.item_labels il JOIN crm.labels l ON l.id ="
			    " il.label_id WHERE il.item_type = '%s' AND il.item_id ="
			    " CAST(t.id AS TEXT) ORDER BY l.name))", kinds[kind].name);
			break;
		case CF_DEALS:
			buf_adds(b, "(SELECT group_concat(deal_id, '; ') FROM (SELECT"
			    " deal_id FROM crm.project_deals WHERE project_id = t.id"
			    " ORDER BY deal_id))");
			break;
		case CF_TIME:
			buf_addf(b, "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', t.%s,"
			    " 'unixepoch')", f->column);
			break;
		default:
			buf_addf(b, "t.%s", f->column);
			break;
		}
	}
	/* Then the names of references, in field order. */
	for (i = 0; i < kinds[kind].n; i++) {
		f = &kinds[kind].fields[i];
		if (ref_table(f->type, &table, &name))
			buf_addf(b, ", (SELECT %s FROM crm.%s WHERE id = t.%s)", name,
			    table, f->column);
	}
	buf_addf(b, ", t.created_at, %s FROM crm.%s t",
	    kind == CRM_PROJECT || kind == CRM_DEAL || kind == CRM_LEAD ||
	    kind == CRM_PERSON || kind == CRM_ORG ? "t.updated_at" : "0",
	    kinds[kind].table);
}

/* Reads the current row of a select_sql statement into it. */
static void
read_row(sqlite3_stmt *stmt, enum crm_kind kind, struct crm_item *it)
{
	const struct crm_field *f;
	const char *table, *name;
	size_t i;
	int col;
	double d;

	crm_item_init(it, kind);
	for (i = 0; i < kinds[kind].n; i++) {
		f = &kinds[kind].fields[i];
		if (f->type == CF_NUM && sqlite3_column_type(stmt, (int)i) !=
		    SQLITE_NULL) {
			/* 1500.0 reads back as "1500", 0.1 as "0.1". */
			d = sqlite3_column_double(stmt, (int)i);
			it->v[i] = xasprintf("%.15g", d);
		} else
			it->v[i] = _store_col_text(stmt, (int)i, false);
	}
	col = (int)kinds[kind].n;
	for (i = 0; i < kinds[kind].n; i++) {
		f = &kinds[kind].fields[i];
		if (ref_table(f->type, &table, &name))
			it->names[i] = _store_col_text(stmt, col++, false);
	}
	it->created_at = (time_t)sqlite3_column_int64(stmt, col++);
	it->updated_at = (time_t)sqlite3_column_int64(stmt, col);
}

tt_status
store_crm_get(struct store *st, enum crm_kind kind, const char *id,
    struct crm_item *out, char **cause)
{
	struct buf b = { 0 };
	sqlite3_stmt *stmt;
	tt_status s = TT_OK;
	int rc;

	crm_item_init(out, kind);
	select_sql(&b, kind);
	buf_adds(&b, " WHERE t.id = ?1");
	if (_store_cached(st, buf_str(&b), &stmt, cause) != TT_OK) {
		buf_free(&b);
		return TT_EDB;
	}
	buf_free(&b);
	_store_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		crm_item_clear(out);
		read_row(stmt, kind, out);
	} else if (rc == SQLITE_DONE)
		s = tt_fail(cause, TT_ENOTFOUND, _("there is no %s with id %s"),
		    kinds[kind].name, id);
	else
		s = _store_db_fail(st, cause);
	_store_release(st, stmt);
	return s;
}

tt_status
store_crm_list(struct store *st, enum crm_kind kind, const char *search,
    bool with_deleted, int64_t limit, struct crm_item **out, size_t *n,
    char **cause)
{
	struct buf b = { 0 };
	sqlite3_stmt *stmt;
	struct crm_item *v = NULL;
	size_t nv = 0, cap = 0;
	tt_status s = TT_OK;
	int rc;

	*out = NULL;
	*n = 0;
	select_sql(&b, kind);
	buf_adds(&b, " WHERE 1");
	if (kind == CRM_DEAL && !with_deleted)
		buf_adds(&b, " AND t.status != 'deleted'");
	if (search != NULL && *search != '\0') {
		buf_addf(&b, " AND (instr(lower(t.%s), lower(?1)) > 0",
		    kinds[kind].title);
		if (kind == CRM_PERSON)
			buf_adds(&b, " OR EXISTS (SELECT 1 FROM crm.person_emails e"
			    " WHERE e.person_id = t.id AND instr(lower(e.value),"
			    " lower(?1)) > 0)");
		buf_adds(&b, ")");
	}
	buf_addf(&b, " ORDER BY t.%s COLLATE NOCASE, t.id", kinds[kind].title);
	if (limit > 0)
		buf_addf(&b, " LIMIT %lld", (long long)limit);
	if (_store_cached(st, buf_str(&b), &stmt, cause) != TT_OK) {
		buf_free(&b);
		return TT_EDB;
	}
	buf_free(&b);
	if (search != NULL && *search != '\0')
		_store_bind_text(stmt, 1, search);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		read_row(stmt, kind, &v[nv++]);
	}
	if (rc != SQLITE_DONE) {
		s = _store_db_fail(st, cause);
		crm_items_free(v, nv);
		v = NULL;
		nv = 0;
	}
	_store_release(st, stmt);
	*out = v;
	*n = nv;
	return s;
}

tt_status
store_crm_count(struct store *st, enum crm_kind kind, int64_t *n, char **cause)
{
	char *sql = xasprintf("SELECT count(*) FROM crm.%s%s", kinds[kind].table,
	    kind == CRM_DEAL ? " WHERE status != 'deleted'" : "");
	sqlite3_stmt *stmt;
	tt_status s;

	if (_store_cached(st, sql, &stmt, cause) != TT_OK) {
		free(sql);
		return TT_EDB;
	}
	free(sql);
	s = _store_step_int(st, stmt, n, cause);
	_store_release(st, stmt);
	return s;
}

/* --- writing ------------------------------------------------------------- */

/* Runs sql with text parameters (NULL binds NULL); one row's first
 * column (as text, heap) goes to *out when out is not NULL. */
static tt_status
exec_text(struct store *st, const char *sql, const char *const *params,
    size_t np, char **out, char **cause)
{
	sqlite3_stmt *stmt;
	tt_status s;
	size_t i;
	int rc;

	if (out != NULL)
		*out = NULL;
	if ((s = _store_cached(st, sql, &stmt, cause)) != TT_OK)
		return s;
	for (i = 0; i < np; i++)
		_store_bind_text(stmt, (int)i + 1, params[i]);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && out != NULL)
		*out = _store_col_text(stmt, 0, false);
	/* A RETURNING statement finishes its work only when stepped to
	 * the end. */
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		s = _store_db_fail(st, cause);
		_store_release(st, stmt);
		return s;
	}
	_store_release(st, stmt);
	return TT_OK;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
	}
	return true;
}

/* Trims blanks at both ends of s in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

tt_status
store_crm_find(struct store *st, enum crm_kind kind, const char *name,
    char **id, char **cause)
{
	char *sql, *count = NULL;
	const char *p[1] = { name };
	tt_status s;

	*id = NULL;
	sql = xasprintf("SELECT count(*) || ' ' || coalesce(min(id), '') FROM"
	    " crm.%s WHERE %s = ?1 COLLATE NOCASE%s", kinds[kind].table,
	    kinds[kind].title, kind == CRM_DEAL ? " AND status != 'deleted'" : "");
	s = exec_text(st, sql, p, 1, &count, cause);
	free(sql);
	if (s != TT_OK)
		return s;
	if (count == NULL || strncmp(count, "0 ", 2) == 0)
		s = tt_fail(cause, TT_ENOTFOUND, _("there is no %s called \"%s\""),
		    kinds[kind].name, name);
	else if (strncmp(count, "1 ", 2) != 0)
		s = tt_fail(cause, TT_EINVAL, _("several %s are called \"%s\"; "
		    "give the id instead"), kinds[kind].plural, name);
	else
		*id = xstrdup(strchr(count, ' ') + 1);
	free(count);
	return s;
}

/*
 * The id a reference value names: digits are an id that must exist, other
 * text a name (created when create is set and the type allows it).
 * pipeline is the pipeline a stage must belong to.
 */
static tt_status
resolve_ref(struct store *st, const struct crm_field *f, const char *value,
    const char *pipeline, bool create, char **id, char **cause)
{
	const char *table, *name;
	char *sql, *found = NULL;
	const char *p[2] = { value, pipeline };
	char now[24];
	tt_status s;

	*id = NULL;
	if (!ref_table(f->type, &table, &name))
		return tt_fail(cause, TT_EINVAL, "not a reference");
	if (all_digits(value)) {
		sql = xasprintf("SELECT id FROM crm.%s WHERE id = ?1%s", table,
		    f->type == CF_STAGE ? " AND pipeline_id = ?2" : "");
	} else {
		sql = xasprintf("SELECT CASE WHEN count(*) = 1 THEN min(id) WHEN"
		    " count(*) > 1 THEN -1 END FROM crm.%s WHERE %s = ?1"
		    " COLLATE NOCASE%s", table, name,
		    f->type == CF_STAGE ? " AND pipeline_id = ?2" : "");
	}
	s = exec_text(st, sql, p, f->type == CF_STAGE ? 2 : 1, &found, cause);
	free(sql);
	if (s != TT_OK)
		return s;
	if (found != NULL && strcmp(found, "-1") == 0) {
		free(found);
		return tt_fail(cause, TT_EINVAL, _("%s: several are called \"%s\"; "
		    "give the id instead"), f->key, value);
	}
	if (found != NULL) {
		*id = found;
		return TT_OK;
	}
	if (!create || all_digits(value) || f->type == CF_PERSON) {
		if (f->type == CF_STAGE)
			return tt_fail(cause, TT_EINVAL, _("%s: the pipeline has no "
			    "stage \"%s\" (tether crm stages lists them)"), f->key, value);
		return tt_fail(cause, TT_EINVAL, _("%s: there is no %s \"%s\""),
		    f->key, ref_word(f->type), value);
	}
	/* An import names what it needs: create it. */
	snprintf(now, sizeof now, "%lld", (long long)time_now());
	if (f->type == CF_ORG)
		s = exec_text(st, "INSERT INTO crm.organizations (name, created_at,"
		    " updated_at) VALUES (?1, ?2, ?2) RETURNING id",
		    (const char *[]){ value, now }, 2, id, cause);
	else if (f->type == CF_USER)
		s = exec_text(st, "INSERT INTO crm.users (name, created_at) VALUES"
		    " (?1, strftime('%s', 'now')) RETURNING id", p, 1, id, cause);
	else if (f->type == CF_PIPELINE)
		s = exec_text(st, "INSERT INTO crm.pipelines (name, order_nr,"
		    " created_at) VALUES (?1, (SELECT coalesce(max(order_nr), 0) + 1"
		    " FROM crm.pipelines), strftime('%s', 'now')) RETURNING id", p, 1,
		    id, cause);
	else
		s = exec_text(st, "INSERT INTO crm.stages (pipeline_id, name,"
		    " order_nr) VALUES (?2, ?1, (SELECT coalesce(max(order_nr), 0) + 1"
		    " FROM crm.stages WHERE pipeline_id = ?2)) RETURNING id", p, 2, id,
		    cause);
	return s;
}

static bool
valid_date(const char *s)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	/* The 29th of February only in leap years. */
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	return true;
}

/* Reads a CF_TIME value: the full form, or a date (midnight UTC). */
static bool
parse_time(const char *s, time_t *t)
{
	char *full;
	bool ok;

	if (time_parse_utc(s, t))
		return true;
	if (!valid_date(s))
		return false;
	full = xasprintf("%sT00:00:00Z", s);
	ok = time_parse_utc(full, t);
	free(full);
	return ok;
}

/*
 * The SQL value of one scalar field as text (NULL for empty), checked;
 * references resolved.  *out is heap or NULL.
 */
static tt_status
scalar_value(struct store *st, const struct crm_field *f, const char *raw,
    const char *pipeline, unsigned opts, char **out, char **cause)
{
	const char *const *c;
	char *end, *v;
	double d;
	long long ll;
	time_t t;

	*out = NULL;
	if (raw == NULL || *raw == '\0')
		return TT_OK;
	switch (f->type) {
	case CF_ID:
	case CF_TEXT:
		*out = xstrdup(raw);
		return TT_OK;
	case CF_INT:
		ll = strtoll(raw, &end, 10);
		if (*end != '\0' || end == raw)
			return tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not a whole "
			    "number"), f->key, raw);
		if (strcmp(f->key, "probability") == 0 && (ll < 0 || ll > 100))
			return tt_fail(cause, TT_EINVAL, _("%s: %lld is not between 0 "
			    "and 100"), f->key, ll);
		*out = xasprintf("%lld", ll);
		return TT_OK;
	case CF_NUM:
		d = strtod(raw, &end);
		if (*end != '\0' || end == raw || d != d)
			return tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not a number "
			    "(write 1500 or 1500.50)"), f->key, raw);
		*out = xasprintf("%.15g", d);
		return TT_OK;
	case CF_DATE:
		if (!valid_date(raw))
			return tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not a date "
			    "(write YYYY-MM-DD)"), f->key, raw);
		*out = xstrdup(raw);
		return TT_OK;
	case CF_TIME:
		if (!parse_time(raw, &t))
			return tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not a time "
			    "(write YYYY-MM-DD or 2026-11-26T12:00:00Z)"), f->key, raw);
		*out = xasprintf("%lld", (long long)t);
		return TT_OK;
	case CF_CHOICE:
		for (c = f->choices; *c != NULL; c++) {
			if (ascii_strcasecmp(raw, *c) == 0) {
				*out = xstrdup(*c);
				return TT_OK;
			}
		}
		v = xstrdup("");
		for (c = f->choices; *c != NULL; c++) {
			char *w = xasprintf("%s%s%s", v, *v != '\0' ? ", " : "", *c);

			free(v);
			v = w;
		}
		{
			tt_status s = tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not "
			    "one of %s"), f->key, raw, v);

			free(v);
			return s;
		}
	case CF_BOOL:
		if (ascii_strcasecmp(raw, "yes") == 0 ||
		    ascii_strcasecmp(raw, "true") == 0 || strcmp(raw, "1") == 0)
			*out = xstrdup("1");
		else if (ascii_strcasecmp(raw, "no") == 0 ||
		    ascii_strcasecmp(raw, "false") == 0 || strcmp(raw, "0") == 0)
			*out = xstrdup("0");
		else
			return tt_fail(cause, TT_EINVAL, _("%s: \"%s\" is not yes or no"),
			    f->key, raw);
		return TT_OK;
	case CF_PERSON:
	case CF_ORG:
	case CF_USER:
	case CF_PIPELINE:
	case CF_STAGE:
		return resolve_ref(st, f, raw, pipeline,
		    (opts & CRM_W_CREATE_REFS) != 0, out, cause);
	default:
		return tt_fail(cause, TT_EINVAL, "not a scalar field");
	}
}

/* Splits "a; b;c" into trimmed non-empty parts (heap strings). */
static size_t
split_list(const char *s, char ***out)
{
	char *copy = xstrdup(s), *p, *part, **v = NULL;
	size_t n = 0;

	for (p = copy; (part = strsep(&p, ";")) != NULL;) {
		part = trim(part);
		if (*part == '\0')
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xstrdup(part);
	}
	free(copy);
	*out = v;
	return n;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* An address good enough to match mail: one "@", text on both sides, no
 * blanks or controls. */
static bool
plausible_address(const char *s)
{
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= ' ' || *s == '<' || *s == '>' || *s == ',')
			return false;
	}
	return true;
}

/* Writes one list field of item id (emails, phones, labels, deals). */
static tt_status
write_list(struct store *st, enum crm_kind kind, const struct crm_field *f,
    const char *id, const char *value, char **cause)
{
	char **parts, *pos, *found;
	size_t n, i;
	tt_status s = TT_OK;
	const char *kname = kinds[kind].name;

	n = value != NULL ? split_list(value, &parts) : (parts = NULL, 0);
	switch (f->type) {
	case CF_EMAILS:
	case CF_PHONES:
		for (i = 0; i < n; i++) {
			if (f->type == CF_EMAILS && !plausible_address(parts[i])) {
				s = tt_fail(cause, TT_EINVAL, _("emails: \"%s\" is not an "
				    "email address"), parts[i]);
				goto out;
			}
		}
		s = exec_text(st, f->type == CF_EMAILS ?
		    "DELETE FROM crm.person_emails WHERE person_id = ?1" :
		    "DELETE FROM crm.person_phones WHERE person_id = ?1",
		    (const char *[]){ id }, 1, NULL, cause);
		for (i = 0; i < n && s == TT_OK; i++) {
			pos = xasprintf("%zu", i);
			s = exec_text(st, f->type == CF_EMAILS ?
			    "INSERT INTO crm.person_emails (person_id, position, value)"
			    " VALUES (?1, ?2, ?3)" :
			    "INSERT INTO crm.person_phones (person_id, position, value)"
			    " VALUES (?1, ?2, ?3)",
			    (const char *[]){ id, pos, parts[i] }, 3, NULL, cause);
			free(pos);
		}
		break;
	case CF_LABELS:
		s = exec_text(st, "DELETE FROM crm.item_labels WHERE item_type = ?1"
		    " AND item_id = ?2", (const char *[]){ kname, id }, 2, NULL,
		    cause);
		for (i = 0; i < n && s == TT_OK; i++) {
			s = exec_text(st, "INSERT INTO crm.labels (name) VALUES (?1)"
			    " ON CONFLICT (name) DO NOTHING",
			    (const char *[]){ parts[i] }, 1, NULL, cause);
			if (s == TT_OK)
				s = exec_text(st, "INSERT OR IGNORE INTO crm.item_labels"
				    " (label_id, item_type, item_id) SELECT id, ?2, ?3 FROM"
				    " crm.labels WHERE name = ?1",
				    (const char *[]){ parts[i], kname, id }, 3, NULL, cause);
		}
		break;
	case CF_DEALS:
		s = exec_text(st, "DELETE FROM crm.project_deals WHERE project_id = ?1",
		    (const char *[]){ id }, 1, NULL, cause);
		for (i = 0; i < n && s == TT_OK; i++) {
			if (all_digits(parts[i])) {
				s = exec_text(st, "SELECT id FROM crm.deals WHERE id = ?1",
				    (const char *[]){ parts[i] }, 1, &found, cause);
				if (s == TT_OK && found == NULL)
					s = tt_fail(cause, TT_EINVAL, _("deals: there is no "
					    "deal %s"), parts[i]);
			} else
				s = store_crm_find(st, CRM_DEAL, parts[i], &found, cause);
			if (s == TT_OK)
				s = exec_text(st, "INSERT OR IGNORE INTO crm.project_deals"
				    " (project_id, deal_id) VALUES (?1, ?2)",
				    (const char *[]){ id, found }, 2, NULL, cause);
			if (s != TT_OK && *cause != NULL &&
			    strncmp(*cause, "deals:", 6) != 0) {
				char *c = xasprintf("deals: %s", *cause);

				free(*cause);
				*cause = c;
			}
			free(found);
			found = NULL;
		}
		break;
	default:
		break;
	}
out:
	free_list(parts, n);
	return s;
}

/* The pipeline a deal is in after this write: the given one, else its
 * own, else the first. */
static tt_status
deal_pipeline(struct store *st, const struct crm_item *it, size_t fi,
    unsigned opts, char **pipeline, char **cause)
{
	const struct crm_field *f = &kinds[CRM_DEAL].fields[fi];

	*pipeline = NULL;
	if (it->v[fi] != NULL && *it->v[fi] != '\0')
		return scalar_value(st, f, it->v[fi], NULL, opts, pipeline, cause);
	return exec_text(st, "SELECT id FROM crm.pipelines ORDER BY order_nr, id"
	    " LIMIT 1", NULL, 0, pipeline, cause);
}

tt_status
store_crm_write(struct store *st, const struct crm_item *it, unsigned opts,
    char **id_out, char **cause)
{
	enum crm_kind kind = it->kind;
	const struct crm_field *fields = kinds[kind].fields, *f;
	size_t nf = kinds[kind].n, i, np = 0;
	char **vals = xcalloc(nf + 2, sizeof *vals), *pipeline = NULL;
	char *new_id = NULL, *now = xasprintf("%lld", (long long)time_now());
	const char **params = xcalloc(nf + 3, sizeof *params);
	struct buf sql = { 0 }, cols = { 0 }, qs = { 0 };
	bool update = it->v[0] != NULL;
	int pi = store_crm_field_index(kind, "pipeline");
	tt_status s = TT_OK;
	char *sp = NULL;
	bool savepoint;

	if (id_out != NULL)
		*id_out = NULL;
	/* All or nothing, inside or outside the caller's transaction. */
	savepoint = exec_text(st, "SAVEPOINT crm_write", NULL, 0, NULL,
	    cause) == TT_OK;
	if (!savepoint) {
		s = TT_EDB;
		goto out;
	}
	if (kind == CRM_DEAL && (s = deal_pipeline(st, it, (size_t)pi, opts,
	    &pipeline, cause)) != TT_OK)
		goto out;
	for (i = 1; i < nf; i++) {
		f = &fields[i];
		if (f->column == NULL)
			continue;
		if (f->type == CF_PIPELINE) {
			vals[i] = pipeline != NULL ? xstrdup(pipeline) : NULL;
			continue;
		}
		if ((s = scalar_value(st, f, it->v[i], pipeline, opts, &vals[i],
		    cause)) != TT_OK)
			goto out;
		if (vals[i] == NULL && (f->flags & CRM_F_REQUIRED)) {
			s = tt_fail(cause, TT_EINVAL, _("a %s needs a %s"),
			    kinds[kind].name, f->key);
			goto out;
		}
	}
	/* A deal is always in a stage: the pipeline's first by default. */
	if (kind == CRM_DEAL) {
		int si = store_crm_field_index(kind, "stage");

		if (vals[si] == NULL && (s = exec_text(st, "SELECT id FROM"
		    " crm.stages WHERE pipeline_id = ?1 ORDER BY order_nr LIMIT 1",
		    (const char *[]){ pipeline }, 1, &vals[si], cause)) != TT_OK)
			goto out;
		if (vals[si] == NULL) {
			s = tt_fail(cause, TT_EINVAL, _("the pipeline has no stages"));
			goto out;
		}
	}

	if (!update) {
		if (kind == CRM_LEAD)
			new_id = store_crm_uuid();
		buf_addf(&cols, "%s", "created_at, updated_at");
		buf_adds(&qs, "?1, ?1");
		params[np++] = now;
		if (new_id != NULL) {
			buf_adds(&cols, ", id");
			buf_addf(&qs, ", ?%zu", ++np);
			params[np - 1] = new_id;
		}
		for (i = 1; i < nf; i++) {
			if (fields[i].column == NULL || vals[i] == NULL)
				continue;
			buf_addf(&cols, ", %s", fields[i].column);
			buf_addf(&qs, ", ?%zu", ++np);
			params[np - 1] = vals[i];
		}
		buf_addf(&sql, "INSERT INTO crm.%s (%s) VALUES (%s) RETURNING id",
		    kinds[kind].table, buf_str(&cols), buf_str(&qs));
		s = exec_text(st, buf_str(&sql), params, np, &sp, cause);
		if (s == TT_OK) {
			free(new_id);
			new_id = sp;
			sp = NULL;
		}
	} else {
		params[np++] = it->v[0];
		params[np++] = now;
		buf_addf(&sql, "UPDATE crm.%s SET updated_at = ?2", kinds[kind].table);
		for (i = 1; i < nf; i++) {
			if (fields[i].column == NULL)
				continue;
			buf_addf(&sql, ", %s = ?%zu", fields[i].column, ++np);
			params[np - 1] = vals[i];
		}
		buf_adds(&sql, " WHERE id = ?1 RETURNING id");
		if ((s = exec_text(st, buf_str(&sql), params, np, &sp, cause)) ==
		    TT_OK && sp == NULL)
			s = tt_fail(cause, TT_ENOTFOUND, _("there is no %s with id %s"),
			    kinds[kind].name, it->v[0]);
		if (s == TT_OK)
			new_id = xstrdup(it->v[0]);
		free(sp);
	}
	if (s != TT_OK)
		goto out;
	for (i = 1; i < nf && s == TT_OK; i++) {
		if (fields[i].column == NULL)
			s = write_list(st, kind, &fields[i], new_id, it->v[i], cause);
	}
out:
	if (savepoint) {
		if (s == TT_OK)
			exec_text(st, "RELEASE crm_write", NULL, 0, NULL, NULL);
		else {
			exec_text(st, "ROLLBACK TO crm_write", NULL, 0, NULL, NULL);
			exec_text(st, "RELEASE crm_write", NULL, 0, NULL, NULL);
		}
	}
	if (s == TT_OK && id_out != NULL)
		*id_out = new_id;
	else
		free(new_id);
	for (i = 0; i < nf + 2; i++)
		free(vals[i]);
	free(vals);
	free(params);
	free(pipeline);
	free(now);
	buf_free(&sql);
	buf_free(&cols);
	buf_free(&qs);
	return s;
}

tt_status
store_crm_delete(struct store *st, enum crm_kind kind, const char *id,
    char **cause)
{
	const char *p[2] = { id, kinds[kind].name };
	char *found = NULL, *sql;
	tt_status s;

	sql = xasprintf("SELECT id FROM crm.%s WHERE id = ?1", kinds[kind].table);
	s = exec_text(st, sql, p, 1, &found, cause);
	free(sql);
	if (s != TT_OK)
		return s;
	if (found == NULL)
		return tt_fail(cause, TT_ENOTFOUND, _("there is no %s with id %s"),
		    kinds[kind].name, id);
	free(found);
	found = NULL;
	/* CRM-03/09: no deal or lead may lose its last party. */
	if (kind == CRM_PERSON || kind == CRM_ORG) {
		const char *col = kind == CRM_PERSON ? "person_id" : "org_id";
		const char *other = kind == CRM_PERSON ? "org_id" : "person_id";

		sql = xasprintf("SELECT coalesce((SELECT group_concat(id, ', ') FROM"
		    " crm.deals WHERE %s = ?1 AND %s IS NULL AND status != 'deleted'),"
		    " '') || '|' || (SELECT count(*) FROM crm.leads WHERE %s = ?1 AND"
		    " %s IS NULL)", col, other, col, other);
		s = exec_text(st, sql, p, 1, &found, cause);
		free(sql);
		if (s == TT_OK && found != NULL && found[0] != '|') {
			s = tt_fail(cause, TT_EINVAL, _("it is the only person or "
			    "organization of deals %.*s; give them another or delete them "
			    "first"), (int)(strchr(found, '|') - found), found);
		} else if (s == TT_OK && found != NULL && strcmp(found, "|0") != 0 &&
		    found[0] == '|')
			s = tt_fail(cause, TT_EINVAL, _("it is the only person or "
			    "organization of %s leads; give them another or delete them "
			    "first"), found + 1);
		free(found);
		if (s != TT_OK)
			return s;
	}
	if ((s = exec_text(st, "SAVEPOINT crm_delete", NULL, 0, NULL, cause)) !=
	    TT_OK)
		return s;
	if (kind == CRM_PERSON || kind == CRM_ORG) {
		sql = xasprintf("UPDATE crm.deals SET %s = NULL WHERE %s = ?1;",
		    kind == CRM_PERSON ? "person_id" : "org_id",
		    kind == CRM_PERSON ? "person_id" : "org_id");
		s = exec_text(st, sql, p, 1, NULL, cause);
		free(sql);
		if (s == TT_OK) {
			sql = xasprintf("UPDATE crm.leads SET %s = NULL WHERE %s = ?1",
			    kind == CRM_PERSON ? "person_id" : "org_id",
			    kind == CRM_PERSON ? "person_id" : "org_id");
			s = exec_text(st, sql, p, 1, NULL, cause);
			free(sql);
		}
	}
	if (s == TT_OK && kind != CRM_PERSON && kind != CRM_ORG)
		s = exec_text(st, "UPDATE threads SET item_type = NULL, item_id = NULL,"
		    " link_state = 'none', link_reason = 'item_deleted' WHERE"
		    " item_type = ?2 AND item_id = ?1", p, 2, NULL, cause);
	if (s == TT_OK)
		s = exec_text(st, "DELETE FROM crm.item_labels WHERE item_type = ?2"
		    " AND item_id = ?1", p, 2, NULL, cause);
	if (s == TT_OK) {
		sql = xasprintf("DELETE FROM crm.%s WHERE id = ?1", kinds[kind].table);
		s = exec_text(st, sql, p, 1, NULL, cause);
		free(sql);
	}
	/* The person's addresses may belong to someone else now. */
	if (s == TT_OK && kind == CRM_PERSON)
		s = exec_text(st, "UPDATE message_addresses SET person_id = NULL"
		    " WHERE person_id = ?1", p, 1, NULL, cause);
	if (s == TT_OK)
		exec_text(st, "RELEASE crm_delete", NULL, 0, NULL, NULL);
	else {
		exec_text(st, "ROLLBACK TO crm_delete", NULL, 0, NULL, NULL);
		exec_text(st, "RELEASE crm_delete", NULL, 0, NULL, NULL);
	}
	return s;
}

/* --- pipelines and stages -------------------------------------------------- */

void
store_stages_free(struct store_stage *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].pipeline);
		free(v[i].name);
	}
	free(v);
}

tt_status
store_stages(struct store *st, struct store_stage **out, size_t *n,
    char **cause)
{
	struct store_stage *v = NULL;
	sqlite3_stmt *stmt;
	size_t count = 0;
	tt_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = _store_cached(st, "SELECT p.id, p.name, s.id, s.name, s.order_nr,"
	    " s.probability, (SELECT count(*) FROM crm.deals d WHERE d.stage_id ="
	    " s.id AND d.status = 'open') FROM crm.pipelines p LEFT JOIN crm.stages"
	    " s ON s.pipeline_id = p.id ORDER BY p.order_nr, p.id, s.order_nr",
	    &stmt, cause)) != TT_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].pipeline_id = sqlite3_column_int64(stmt, 0);
		v[count].pipeline = _store_col_text(stmt, 1, true);
		v[count].id = sqlite3_column_int64(stmt, 2);
		v[count].name = _store_col_text(stmt, 3, false);
		v[count].order = sqlite3_column_int(stmt, 4);
		v[count].probability = sqlite3_column_type(stmt, 5) == SQLITE_NULL ?
		    -1 : sqlite3_column_int(stmt, 5);
		v[count].open_deals = sqlite3_column_int64(stmt, 6);
		count++;
	}
	if (rc != SQLITE_DONE) {
		s = _store_db_fail(st, cause);
		store_stages_free(v, count);
		_store_release(st, stmt);
		return s;
	}
	_store_release(st, stmt);
	*out = v;
	*n = count;
	return TT_OK;
}

tt_status
store_stage_add(struct store *st, const char *pipeline, const char *stage,
    int probability, char **cause)
{
	static const struct crm_field pf = { "pipeline", "Pipeline", "pipeline_id",
		CF_PIPELINE, NULL, 0 };
	char *pid = NULL, *found = NULL, prob[16];
	tt_status s;

	if (probability >= 0)
		snprintf(prob, sizeof prob, "%d", probability);
	if ((s = resolve_ref(st, &pf, pipeline, NULL, true, &pid, cause)) !=
	    TT_OK)
		return s;
	if ((s = exec_text(st, "SELECT id FROM crm.stages WHERE pipeline_id = ?1"
	    " AND name = ?2", (const char *[]){ pid, stage }, 2, &found, cause)) ==
	    TT_OK && found != NULL)
		s = tt_fail(cause, TT_EEXIST, _("the pipeline has a stage \"%s\" "
		    "already"), stage);
	if (s == TT_OK)
		s = exec_text(st, "INSERT INTO crm.stages (pipeline_id, name,"
		    " order_nr, probability) VALUES (?1, ?2, (SELECT"
		    " coalesce(max(order_nr), 0) + 1 FROM crm.stages WHERE pipeline_id"
		    " = ?1), ?3)", (const char *[]){ pid, stage, probability >= 0 ?
		    prob : NULL }, 3, NULL, cause);
	free(found);
	free(pid);
	return s;
}
