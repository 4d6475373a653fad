/* import.c - CSV import and export of CRM items: header mapping, row rules, the skip file, files that round-trip (IMP-01..09, Appendix B). */
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"
#include "crm/csv.h"

/* IMP-01: the documented limits of one file (the CLI counts 50 MB so too). */
#define IMPORT_MAX_BYTES ((size_t)50 * 1000 * 1000)
#define IMPORT_MAX_ROWS 50000

/* An import in progress. */
struct import {
	struct store *st;
	enum crm_kind kind;
	const struct crm_field *f;
	size_t nf;
	int *cols;                    /* per column: a field index, -1 ignored */
	char **header;                /* owned copies, for the skip file */
	size_t ncols;
	char sep;
	struct buf *skip;             /* may be NULL */
	struct crm_import_stats *stats;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A copy of s without blanks at either end. */
static char *
trimmed(const char *s)
{
	const char *e;

	while (is_blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_blank(e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

static bool
is_list(enum crm_type t)
{
	return t == CF_EMAILS || t == CF_PHONES || t == CF_LABELS ||
	    t == CF_DEALS;
}

/* --- headers ------------------------------------------------------------- */

/* The rest of h after "label -" (blanks around the dash allowed), or NULL. */
static const char *
after_prefix(const char *h, const char *label)
{
	size_t n = strlen(label);

	if (ascii_strncasecmp(h, label, n) != 0)
		return NULL;
	for (h += n; is_blank(*h); h++)
		;
	if (*h != '-')
		return NULL;
	for (h++; is_blank(*h); h++)
		;
	return h;
}

/* Whether s is word and a number: "Email 2", "Phone3". */
static bool
numbered(const char *s, const char *word)
{
	size_t n = strlen(word);

	if (ascii_strncasecmp(s, word, n) != 0)
		return false;
	for (s += n; is_blank(*s); s++)
		;
	return all_digits(s);
}

/* The field a header names for kind, or -1. */
static int
map_header(enum crm_kind kind, const char *raw)
{
	const struct crm_field *f;
	const char *rest, *r;
	char *h = trimmed(raw);
	size_t nf, i;
	int found = -1;

	f = store_crm_fields(kind, &nf);
	/* "Person - Name", or just "Name". */
	if ((rest = after_prefix(h, store_crm_kind_label(kind))) == NULL)
		rest = h;
	for (i = 0; i < nf && found < 0; i++) {
		if (ascii_strcasecmp(rest, f[i].csv) == 0)
			found = (int)i;
	}
	/* "Email 2", "Phone 3": more of the row's emails and phones. */
	for (i = 0; i < nf && found < 0; i++) {
		if ((f[i].type == CF_EMAILS || f[i].type == CF_PHONES) &&
		    numbered(rest, f[i].csv))
			found = (int)i;
	}
	/* A deal file's "Person - Name" or "Organization - Name" column names
	 * its person or organization; a project file's "Deal - Title" a deal. */
	for (i = 0; i < nf && found < 0; i++) {
		if (f[i].type == CF_PERSON || f[i].type == CF_ORG) {
			r = after_prefix(h, store_crm_kind_label(f[i].type ==
			    CF_PERSON ? CRM_PERSON : CRM_ORG));
			if (r != NULL && ascii_strcasecmp(r, "Name") == 0)
				found = (int)i;
		} else if (f[i].type == CF_DEALS) {
			r = after_prefix(h, store_crm_kind_label(CRM_DEAL));
			if (r != NULL && ascii_strcasecmp(r, "Title") == 0)
				found = (int)i;
		}
	}
	/* What tether sets itself is exported but never read back. */
	if (found > 0 && (f[found].flags & CRM_F_READONLY))
		found = -1;
	free(h);
	return found;
}

/* --- rows ---------------------------------------------------------------- */

/* Adds one row and why it was skipped to the skip file (IMP-03). */
static void
skip_row(struct import *im, char **fields, size_t n, const char *reason)
{
	const char **row;
	size_t i, width = n > im->ncols ? n : im->ncols;

	im->stats->skipped++;
	if (im->skip == NULL)
		return;
	row = xcalloc(width + 1, sizeof *row);
	if (im->stats->skipped == 1) {
		for (i = 0; i < im->ncols; i++)
			row[i] = im->header[i];
		row[im->ncols] = _("Reason");
		csv_write_row(im->skip, row, im->ncols + 1, im->sep);
	}
	/* A short row is padded, so its reason stays under "Reason". */
	for (i = 0; i < width; i++)
		row[i] = i < n ? fields[i] : NULL;
	row[width] = reason;
	csv_write_row(im->skip, row, width + 1, im->sep);
	free(row);
}

/* The reason of a failed row, naming a field as its column does:
 * "emails: …" becomes "Person - Email: …". */
static char *
reason_text(const struct import *im, const char *cause)
{
	size_t i, n;

	if (cause == NULL)
		return xstrdup(_("the row could not be imported"));
	for (i = 1; i < im->nf; i++) {
		n = strlen(im->f[i].key);
		if (strncmp(cause, im->f[i].key, n) == 0 && cause[n] == ':')
			return xasprintf("%s - %s%s", store_crm_kind_label(im->kind),
			    im->f[i].csv, cause + n);
	}
	return xstrdup(cause);
}

/* Sets field i of it from a cell; a list field collects every column. */
static void
put(struct crm_item *it, const struct crm_field *f, size_t i,
    const char *value)
{
	char *joined;

	if (is_list(f[i].type) && it->v[i] != NULL) {
		joined = xasprintf("%s; %s", it->v[i], value);
		crm_item_set(it, i, joined);
		free(joined);
	} else
		crm_item_set(it, i, value);
}

static const char *
value_of(const struct crm_item *it, const char *key)
{
	int i = store_crm_field_index(it->kind, key);

	return i >= 0 ? it->v[i] : NULL;
}

/* Whether a deal is deleted (a title no longer finds it). */
static bool
deal_deleted(const struct crm_item *d)
{
	const char *status = value_of(d, "status");

	return status != NULL && strcmp(status, "deleted") == 0;
}

/* The name of the person or organization a reference cell names. */
static char *
party_name(struct store *st, enum crm_kind kind, const char *ref)
{
	struct crm_item it;
	char *name = NULL;

	if (!all_digits(ref))
		return xstrdup(ref);
	if (store_crm_get(st, kind, ref, &it, NULL) == TT_OK &&
	    value_of(&it, "name") != NULL)
		name = xstrdup(value_of(&it, "name"));
	crm_item_clear(&it);
	return name != NULL ? name : xstrdup(ref);
}

/*
 * IMP-02: what a new item must have, checked before anything is written;
 * IMP-06: a deal without a title is named after its person or organization.
 */
static tt_status
check_new(struct import *im, struct crm_item *it, char **cause)
{
	const char *person = value_of(it, "person"), *org = value_of(it, "org");
	char *name, *title;
	int ti;

	switch (im->kind) {
	case CRM_PERSON:
		if (value_of(it, "name") == NULL &&
		    value_of(it, "first_name") == NULL &&
		    value_of(it, "last_name") == NULL)
			return tt_fail(cause, TT_EINVAL, _("a person needs a name (a "
			    "Name, First name or Last name column)"));
		return TT_OK;
	case CRM_ORG:
		if (value_of(it, "name") == NULL)
			return tt_fail(cause, TT_EINVAL, _("an organization needs a "
			    "name"));
		return TT_OK;
	case CRM_DEAL:
	case CRM_LEAD:
		if (person == NULL && org == NULL)
			return tt_fail(cause, TT_EINVAL, _("a %s needs a person or an "
			    "organization (a Person or Organization column)"),
			    store_crm_kind_name(im->kind));
		if (value_of(it, "title") != NULL)
			return TT_OK;
		if (im->kind == CRM_LEAD)
			return tt_fail(cause, TT_EINVAL, _("a lead needs a title"));
		name = person != NULL ? party_name(im->st, CRM_PERSON, person) :
		    party_name(im->st, CRM_ORG, org);
		ti = store_crm_field_index(CRM_DEAL, "title");
		title = xasprintf(_("%s deal"), name);
		crm_item_set(it, (size_t)ti, title);
		free(title);
		free(name);
		return TT_OK;
	case CRM_PROJECT:
		if (value_of(it, "title") == NULL)
			return tt_fail(cause, TT_EINVAL, _("a project needs a title"));
		return TT_OK;
	default:
		return TT_OK;
	}
}

/*
 * Imports one record.  A row that cannot be imported goes to the skip
 * file; only an error of the store itself (a full disk) stops the import.
 */
static tt_status
import_row(struct import *im, char **fields, size_t n, char **cause)
{
	struct crm_item it;
	char *v, *why = NULL, *reason;
	size_t i;
	bool update;
	tt_status s;
	int fi;

	crm_item_init(&it, im->kind);
	/* Empty cells set nothing: a new item leaves the field unset, an
	 * update (IMP-09) keeps the stored value. */
	for (i = 0; i < n && i < im->ncols; i++) {
		if ((fi = im->cols[i]) < 0)
			continue;
		v = trimmed(fields[i]);
		if (*v != '\0')
			put(&it, im->f, (size_t)fi, v);
		free(v);
	}
	update = it.v[0] != NULL;
	if ((update || (s = check_new(im, &it, &why)) == TT_OK) &&
	    (s = crm_save(im->st, &it,
	    CRM_W_CREATE_REFS | CRM_W_NO_REMATCH, NULL, &why)) == TT_OK) {
		if (update)
			im->stats->updated++;
		else
			im->stats->created++;
	} else if (s == TT_EINVAL || s == TT_ENOTFOUND) {
		/* Nothing of the row stays: crm_save wrote in a savepoint. */
		reason = reason_text(im, why);
		skip_row(im, fields, n, reason);
		free(reason);
		s = TT_OK;
	} else {
		*cause = why;
		why = NULL;
	}
	free(why);
	crm_item_clear(&it);
	return s;
}

/* Whether every field of a record is blank (a spreadsheet's empty row). */
static bool
blank_record(char **fields, size_t n)
{
	const char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		for (p = fields[i]; *p != '\0'; p++) {
			if (!is_blank(*p))
				return false;
		}
	}
	return true;
}

/* Reads the header row and maps its columns to fields. */
static tt_status
read_header(struct import *im, struct csv_reader *r, char **cause)
{
	char **fields;
	size_t n, line, i;
	bool usable = false;
	tt_status s;

	if ((s = csv_next(r, &fields, &n, &line, cause)) == TT_ENOTFOUND)
		return tt_fail(cause, TT_EINVAL, _("the file is empty; its first "
		    "row must name the columns, such as \"%s - Name\""),
		    store_crm_kind_label(im->kind));
	if (s != TT_OK)
		return s;
	im->ncols = n;
	im->cols = xcalloc(n, sizeof *im->cols);
	im->header = xcalloc(n, sizeof *im->header);
	for (i = 0; i < n; i++) {
		im->header[i] = xstrdup(fields[i]);
		im->cols[i] = map_header(im->kind, fields[i]);
		if (im->cols[i] > 0)
			usable = true;
	}
	if (!usable)
		return tt_fail(cause, TT_EINVAL, _("no column of the file names a "
		    "%s field; expected headers such as \"%s - %s\""),
		    store_crm_kind_name(im->kind), store_crm_kind_label(im->kind),
		    im->f[1].csv);
	return TT_OK;
}

/* Reads every record into the open transaction. */
static tt_status
import_rows(struct import *im, struct csv_reader *r, char **cause)
{
	char **fields;
	size_t n, line;
	tt_status s;

	while ((s = csv_next(r, &fields, &n, &line, cause)) == TT_OK) {
		if (blank_record(fields, n))
			continue;
		if (++im->stats->rows > IMPORT_MAX_ROWS)
			return tt_fail(cause, TT_EINVAL, _("line %zu: the file has more "
			    "than %d rows; split it into smaller files"), line,
			    IMPORT_MAX_ROWS);
		if ((s = import_row(im, fields, n, cause)) != TT_OK)
			return s;
	}
	return s == TT_ENOTFOUND ? TT_OK : s;
}

tt_status
crm_import_csv(struct store *st, enum crm_kind kind, const char *data,
    size_t len, struct buf *skip, struct crm_import_stats *stats,
    char **cause)
{
	struct import im = { 0 };
	struct csv_reader *r = NULL;
	size_t skip_len = skip != NULL ? skip->len : 0, i;
	tt_status s;

	memset(stats, 0, sizeof *stats);
	if (len > IMPORT_MAX_BYTES)
		return tt_fail(cause, TT_EINVAL, _("the file is larger than 50 MB; "
		    "split it into smaller files"));
	if ((s = csv_open(data, len, &r, cause)) != TT_OK)
		return s;
	im.st = st;
	im.kind = kind;
	im.f = store_crm_fields(kind, &im.nf);
	im.sep = csv_separator(r);
	im.skip = skip;
	im.stats = stats;
	if ((s = read_header(&im, r, cause)) != TT_OK)
		goto out;
	/* One transaction: a broken file, found late, imports nothing. */
	store_bulk(st, true);
	if ((s = store_begin(st, cause)) == TT_OK) {
		s = import_rows(&im, r, cause);
		/* LINK-02: stored mail from the persons' addresses shows them. */
		if (s == TT_OK && kind == CRM_PERSON &&
		    stats->created + stats->updated > 0)
			s = store_persons_rematch(st, NULL, 0, &stats->rematched,
			    cause);
		if (s == TT_OK)
			s = store_commit(st, cause);
		if (s != TT_OK)
			store_rollback(st);
	}
	store_bulk(st, false);
out:
	if (s != TT_OK) {
		/* A broken file imports nothing, so nothing was skipped either. */
		memset(stats, 0, sizeof *stats);
		if (skip != NULL && skip->len > skip_len) {
			skip->len = skip_len;
			if (skip->data != NULL)
				skip->data[skip_len] = '\0';
		}
	}
	for (i = 0; i < im.ncols; i++)
		free(im.header[i]);
	free(im.header);
	free(im.cols);
	csv_close(&r);
	return s;
}

/* --- export -------------------------------------------------------------- */

/* Names with the ids they belong to, to see which name is shared. */
struct named {
	char *key;                    /* the name in ASCII lower case, as the
	                                 store's NOCASE compares names */
	const char *id;
};
struct name_index {
	struct named *v;
	size_t n, cap;
};

static void
index_add(struct name_index *x, const char *name, const char *id)
{
	if (name == NULL || id == NULL)
		return;
	if (x->n == x->cap) {
		x->cap = x->cap == 0 ? 64 : x->cap * 2;
		x->v = xreallocarray(x->v, x->cap, sizeof *x->v);
	}
	x->v[x->n].key = ascii_lower(xstrdup(name));
	x->v[x->n++].id = id;
}

static int
named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->key,
	    ((const struct named *)b)->key);
}

static void
index_sort(struct name_index *x)
{
	/* qsort wants a real array even for no elements. */
	if (x->n > 1)
		qsort(x->v, x->n, sizeof *x->v, named_cmp);
}

static void
index_free(struct name_index *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->v[i].key);
	free(x->v);
	memset(x, 0, sizeof *x);
}

/* Whether two different ids carry name (sorted x). */
static bool
index_shared(const struct name_index *x, const char *name)
{
	char *key = ascii_lower(xstrdup(name));
	size_t lo = 0, hi = x->n, i;
	bool shared = false;

	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		if (strcmp(x->v[i].key, key) < 0)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = lo + 1; i < x->n && strcmp(x->v[i].key, key) == 0; i++) {
		if (strcmp(x->v[i].id, x->v[lo].id) != 0)
			shared = true;
	}
	free(key);
	return shared;
}

/* What an export needs to write references an import can read back. */
struct export {
	struct crm_item *persons, *orgs, *deals;
	size_t npersons, norgs, ndeals;
	struct name_index person_names, org_names, user_names, deal_titles;
	struct crm_item **deal_by_id; /* deals sorted by id, for bsearch */
};

static int
deal_id_cmp(const void *a, const void *b)
{
	const struct crm_item *x = *(struct crm_item *const *)a;
	const struct crm_item *y = *(struct crm_item *const *)b;
	long long i = strtoll(x->v[0], NULL, 10), j = strtoll(y->v[0], NULL, 10);

	return i < j ? -1 : i > j;
}

static const struct crm_item *
deal_by_id(const struct export *ex, const char *id)
{
	struct crm_item key, *kp = &key, **found;
	char *v[1] = { (char *)id };

	if (!all_digits(id))
		return NULL;
	key.v = v;
	found = bsearch(&kp, ex->deal_by_id, ex->ndeals, sizeof *ex->deal_by_id,
	    deal_id_cmp);
	return found != NULL ? *found : NULL;
}

/* Whether a name can stand for its item in a file: an import resolves
 * digits as an id and trims cells, and lists split at ";". */
static bool
name_readable(const char *name, bool in_list)
{
	size_t len;

	if (name == NULL || *name == '\0' || all_digits(name))
		return false;
	len = strlen(name);
	if (is_blank(name[0]) || is_blank(name[len - 1]))
		return false;
	return !in_list || strchr(name, ';') == NULL;
}

static tt_status
export_open(struct store *st, enum crm_kind kind, const struct crm_item *items,
    size_t n, struct export *ex, char **cause)
{
	const struct crm_field *f;
	size_t nf, i, j;
	int owner;
	tt_status s;

	f = store_crm_fields(kind, &nf);
	for (i = 0; i < nf; i++) {
		if (f[i].type == CF_PERSON && ex->persons == NULL) {
			if ((s = store_crm_list(st, CRM_PERSON, NULL, false, 0,
			    &ex->persons, &ex->npersons, cause)) != TT_OK)
				return s;
			for (j = 0; j < ex->npersons; j++)
				index_add(&ex->person_names, value_of(&ex->persons[j],
				    "name"), ex->persons[j].v[0]);
			index_sort(&ex->person_names);
		} else if (f[i].type == CF_ORG && ex->orgs == NULL) {
			if ((s = store_crm_list(st, CRM_ORG, NULL, false, 0, &ex->orgs,
			    &ex->norgs, cause)) != TT_OK)
				return s;
			for (j = 0; j < ex->norgs; j++)
				index_add(&ex->org_names, value_of(&ex->orgs[j], "name"),
				    ex->orgs[j].v[0]);
			index_sort(&ex->org_names);
		} else if (f[i].type == CF_DEALS && ex->deals == NULL) {
			if ((s = store_crm_list(st, CRM_DEAL, NULL, true, 0, &ex->deals,
			    &ex->ndeals, cause)) != TT_OK)
				return s;
			ex->deal_by_id = xcalloc(ex->ndeals + 1, sizeof *ex->deal_by_id);
			for (j = 0; j < ex->ndeals; j++) {
				ex->deal_by_id[j] = &ex->deals[j];
				/* A title finds only deals that are not deleted. */
				if (!deal_deleted(&ex->deals[j]))
					index_add(&ex->deal_titles, value_of(&ex->deals[j],
					    "title"), ex->deals[j].v[0]);
			}
			if (ex->ndeals > 1)
				qsort(ex->deal_by_id, ex->ndeals,
				    sizeof *ex->deal_by_id, deal_id_cmp);
			index_sort(&ex->deal_titles);
		}
	}
	/* Users are not listed anywhere else: the owners written will do. */
	if ((owner = store_crm_field_index(kind, "owner")) >= 0) {
		for (j = 0; j < n; j++)
			index_add(&ex->user_names, items[j].names[owner],
			    items[j].v[owner]);
		index_sort(&ex->user_names);
	}
	return TT_OK;
}

static void
export_close(struct export *ex)
{
	crm_items_free(ex->persons, ex->npersons);
	crm_items_free(ex->orgs, ex->norgs);
	crm_items_free(ex->deals, ex->ndeals);
	free(ex->deal_by_id);
	index_free(&ex->person_names);
	index_free(&ex->org_names);
	index_free(&ex->user_names);
	index_free(&ex->deal_titles);
}

static int
text_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = ascii_strcasecmp(x, y);

	return c != 0 ? c : strcmp(x, y);
}

/*
 * A project's deals by title where the title finds the deal, else by id;
 * sorted, so the cell does not depend on the ids a profile gave.
 */
static char *
export_deals(const struct export *ex, const char *ids)
{
	struct buf b = BUF_INIT;
	const struct crm_item *d;
	const char *title;
	char *copy = xstrdup(ids), *p = copy, *part, *id, **v = NULL;
	size_t n = 0, i;

	while ((part = strsep(&p, ";")) != NULL) {
		id = trimmed(part);
		if (*id == '\0') {
			free(id);
			continue;
		}
		d = deal_by_id(ex, id);
		title = d != NULL ? value_of(d, "title") : NULL;
		v = xreallocarray(v, n + 1, sizeof *v);
		if (d != NULL && !deal_deleted(d) && name_readable(title, true) &&
		    !index_shared(&ex->deal_titles, title)) {
			v[n++] = xstrdup(title);
			free(id);
		} else
			v[n++] = id;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, text_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, "; ");
		buf_adds(&b, v[i]);
		free(v[i]);
	}
	free(v);
	free(copy);
	return buf_detach(&b);
}

/* The cell of field i of it. */
static char *
export_cell(const struct export *ex, const struct crm_field *f,
    const struct crm_item *it, size_t i)
{
	const struct name_index *x = NULL;
	const char *name = it->names[i];

	if (it->v[i] == NULL)
		return NULL;
	switch (f[i].type) {
	case CF_PERSON: x = &ex->person_names; break;
	case CF_ORG: x = &ex->org_names; break;
	case CF_USER: x = &ex->user_names; break;
	case CF_PIPELINE:
	case CF_STAGE:
		/* Unique names (a stage's within its pipeline). */
		break;
	case CF_DEALS:
		return export_deals(ex, it->v[i]);
	default:
		return xstrdup(it->v[i]);
	}
	/* A reference by name, so the file reads into another profile too;
	 * by id when the name would not find it again. */
	if (name_readable(name, false) && (x == NULL || !index_shared(x, name)))
		return xstrdup(name);
	return xstrdup(it->v[i]);
}

tt_status
crm_export_csv(struct store *st, enum crm_kind kind, struct buf *out,
    char **cause)
{
	struct export ex = { 0 };
	const struct crm_field *f;
	struct crm_item *items = NULL;
	char **cells;
	size_t nf, n = 0, i, j;
	tt_status s;

	f = store_crm_fields(kind, &nf);
	/* Deleted deals too, so a round trip keeps them. */
	if ((s = store_crm_list(st, kind, NULL, kind == CRM_DEAL, 0, &items, &n,
	    cause)) != TT_OK)
		return s;
	if ((s = export_open(st, kind, items, n, &ex, cause)) != TT_OK)
		goto out;
	cells = xcalloc(nf, sizeof *cells);
	for (i = 0; i < nf; i++)
		cells[i] = xasprintf("%s - %s", store_crm_kind_label(kind), f[i].csv);
	csv_write_row(out, (const char *const *)cells, nf, ',');
	for (j = 0; j <= n; j++) {
		for (i = 0; i < nf; i++) {
			free(cells[i]);
			cells[i] = j < n ? export_cell(&ex, f, &items[j], i) : NULL;
		}
		if (j < n)
			csv_write_row(out, (const char *const *)cells, nf, ',');
	}
	free(cells);
out:
	export_close(&ex);
	crm_items_free(items, n);
	return s;
}
