/* test-crm-import.c - unit tests of CSV import and export of CRM items over a real store: headers, mandatory fields, updates by ID, the skip file, limits, round trips (IMP-01..09). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"
#include "store/store-internal.h"
#include "crm/crm.h"
#include "crm/csv.h"

static char *tmp_root;
static unsigned case_no;

/* --- helpers ------------------------------------------------------------ */

/* A store of its own in a new directory, so cases never see each other. */
static struct store *
open_store(const char *label)
{
	char *dir = xasprintf("%s/%02u-%s", tmp_root, ++case_no, label);
	char *mail = xasprintf("%s/mail.db", dir), *crm = xasprintf("%s/crm.db", dir);
	char *cause = NULL;
	struct store *st;

	if (mkdir(dir, 0700) != 0)
		fatalx("cannot create %s", dir);
	if (store_open(mail, crm, &st, &cause) != TT_OK)
		fatalx("cannot open a store in %s: %s", dir, cause);
	free(dir);
	free(mail);
	free(crm);
	return st;
}

/* Imports text; skip may be NULL.  *cause is freed here unless wanted. */
static tt_status
import(struct store *st, enum crm_kind kind, const char *text,
    struct buf *skip, struct crm_import_stats *stats, char **cause)
{
	struct crm_import_stats dummy;
	char *c = NULL;
	tt_status s;

	s = crm_import_csv(st, kind, text, strlen(text), skip,
	    stats != NULL ? stats : &dummy, &c);
	if (cause != NULL)
		*cause = c;
	else {
		if (s != TT_OK)
			tap_diag("import: %s", c);
		free(c);
	}
	return s;
}

static char *
export(struct store *st, enum crm_kind kind)
{
	struct buf b = BUF_INIT;
	char *cause = NULL;

	if (crm_export_csv(st, kind, &b, &cause) != TT_OK) {
		tap_diag("export: %s", cause);
		free(cause);
	}
	return buf_detach(&b);
}

/* How many items of a kind there are, deleted deals too. */
static int64_t
count(struct store *st, enum crm_kind kind)
{
	struct crm_item *v;
	size_t n = 0;

	if (store_crm_list(st, kind, NULL, true, 0, &v, &n, NULL) != TT_OK)
		return -1;
	crm_items_free(v, n);
	return (int64_t)n;
}

/* The id of the item called name, or NULL. */
static char *
id_of(struct store *st, enum crm_kind kind, const char *name)
{
	char *id = NULL;

	if (store_crm_find(st, kind, name, &id, NULL) != TT_OK) {
		free(id);
		return NULL;
	}
	return id;
}

/* Field key of the item called name: a reference's name, else its value;
 * NULL when unset or when there is no such item. */
static char *
field(struct store *st, enum crm_kind kind, const char *name, const char *key)
{
	struct crm_item it;
	char *id = id_of(st, kind, name), *v = NULL;
	int i = store_crm_field_index(kind, key);

	if (id == NULL || i < 0) {
		free(id);
		return NULL;
	}
	if (store_crm_get(st, kind, id, &it, NULL) == TT_OK) {
		if (it.names[i] != NULL)
			v = xstrdup(it.names[i]);
		else if (it.v[i] != NULL)
			v = xstrdup(it.v[i]);
	}
	crm_item_clear(&it);
	free(id);
	return v;
}

static void
is_field(struct store *st, enum crm_kind kind, const char *name,
    const char *key, const char *want, const char *msg)
{
	char *got = field(st, kind, name, key);

	tap_is_str(got, want, "%s", msg);
	free(got);
}

static bool
exists(struct store *st, enum crm_kind kind, const char *name)
{
	char *id = id_of(st, kind, name);

	free(id);
	return id != NULL;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* Whether a header names an id that differs between profiles. */
static bool
id_column(const char *h)
{
	size_t n = strlen(h);

	return (n >= 5 && strcmp(h + n - 5, " - ID") == 0) ||
	    strstr(h, "Converted to deal") != NULL;
}

/*
 * The CSV text again, with id columns emptied (drop false) or left out
 * (drop true): ids differ between profiles, the rest must not.
 */
static char *
without_ids(const char *csv, bool drop)
{
	struct csv_reader *r;
	struct buf out = BUF_INIT;
	bool *ids = NULL;
	const char **row;
	char **fields;
	size_t n, line, i, k, nids = 0;

	if (csv_open(csv, strlen(csv), &r, NULL) != TT_OK)
		return xstrdup("");
	while (csv_next(r, &fields, &n, &line, NULL) == TT_OK) {
		if (ids == NULL) {
			nids = n;
			ids = xcalloc(n, sizeof *ids);
			for (i = 0; i < n; i++)
				ids[i] = id_column(fields[i]);
		}
		row = xcalloc(n, sizeof *row);
		for (i = k = 0; i < n; i++) {
			if (i < nids && ids[i] && drop)
				continue;
			row[k++] = i < nids && ids[i] && line > 1 ? "" : fields[i];
		}
		csv_write_row(&out, row, k, ',');
		free(row);
	}
	csv_close(&r);
	free(ids);
	return buf_detach(&out);
}

/* --- cases -------------------------------------------------------------- */

static void
test_persons(void)
{
	struct store *st = open_store("persons");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	const char *csv =
	    "Person - Name,Person - First name,Person - Last name,Person - Email,"
	    "Person - Email 2,Person - Phone,Person - Organization\r\n"
	    "Dana Levi,,,dana@example.com,dana.levi@work.example,"
	    "+972 50 123 4567,Acme\r\n"
	    ",Noa,Cohen,noa@example.com,,,Acme\r\n"
	    "Avi Ben David,,,,,,\r\n"
	    ",,,nobody@example.com,,,Ghost Ltd\r\n"
	    "Eli,,,not-an-address,,,Phantom Inc\r\n";

	tap_is_int(import(st, CRM_PERSON, csv, &skip, &stats, NULL), TT_OK,
	    "IMP-02: a persons file with some bad rows imports");
	tap_is_int((intmax_t)stats.rows, 5, "IMP-02: five data rows read");
	tap_is_int((intmax_t)stats.created, 3, "IMP-02: three persons created");
	tap_is_int((intmax_t)stats.skipped, 2, "IMP-03: two rows skipped");
	tap_is_int(count(st, CRM_PERSON), 3, "IMP-03: a skipped row creates "
	    "no person");
	is_field(st, CRM_PERSON, "Noa Cohen", "first_name", "Noa",
	    "IMP-04: First name and Last name columns make the name");
	is_field(st, CRM_PERSON, "Avi Ben David", "last_name", "David",
	    "IMP-04: a Name column fills in the last name");
	is_field(st, CRM_PERSON, "Dana Levi", "emails",
	    "dana@example.com; dana.levi@work.example",
	    "IMP-02: an \"Email 2\" column adds to the person's emails");
	is_field(st, CRM_PERSON, "Dana Levi", "phones", "+972 50 123 4567",
	    "IMP-02: the phone is imported");
	is_field(st, CRM_PERSON, "Dana Levi", "org", "Acme",
	    "IMP-05: a person is linked to the organization named in its row");
	is_field(st, CRM_PERSON, "Noa Cohen", "org", "Acme",
	    "IMP-05: a second row naming it links to the same organization");
	tap_is_int(count(st, CRM_ORG), 1,
	    "IMP-05: the organization was created once");
	tap_ok(!exists(st, CRM_ORG, "Ghost Ltd"),
	    "IMP-03: a row without a name creates no organization");
	tap_ok(!exists(st, CRM_ORG, "Phantom Inc"),
	    "IMP-03: a row refused by the store leaves no organization behind");
	tap_is_str(buf_str(&skip),
	    "Person - Name,Person - First name,Person - Last name,Person - Email,"
	    "Person - Email 2,Person - Phone,Person - Organization,Reason\r\n"
	    ",,,nobody@example.com,,,Ghost Ltd,\"a person needs a name (a Name, "
	    "First name or Last name column)\"\r\n"
	    "Eli,,,not-an-address,,,Phantom Inc,\"Person - Email: \"\"not-an-"
	    "address\"\" is not an email address\"\r\n",
	    "IMP-03: the skip file is the header and Reason, then one line per "
	    "bad row with its reason");
	buf_free(&skip);
	store_close(&st);
}

static void
test_headers(void)
{
	struct store *st = open_store("headers");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	char *cause = NULL;

	tap_is_int(import(st, CRM_PERSON, " name ;EMAIL; Phone ;phone 2;"
	    "Favourite colour\nRina Shapiro;rina@example.com;111;222;blue\n",
	    NULL, &stats, NULL), TT_OK,
	    "IMP-04: headers without \"Person - \", case and blanks ignored");
	is_field(st, CRM_PERSON, "Rina Shapiro", "phones", "111; 222",
	    "IMP-04: a \"phone 2\" column adds to the phones");
	is_field(st, CRM_PERSON, "Rina Shapiro", "emails", "rina@example.com",
	    "IMP-04: a bare \"EMAIL\" header is the email");

	tap_is_int(import(st, CRM_PERSON, "Foo,Bar\n1,2\n", &skip, &stats,
	    &cause), TT_EINVAL, "IMP-02: wrong columns: a file where no column "
	    "names a person field is refused");
	tap_contains(cause, "\"Person - Name\"", "IMP-02: wrong columns: the "
	    "sentence shows a header that works");
	free(cause);
	cause = NULL;
	tap_is_int(count(st, CRM_PERSON), 1, "IMP-02: wrong columns import "
	    "nothing");
	tap_is_int((intmax_t)skip.len, 0, "IMP-03: wrong columns write no "
	    "skip file");
	tap_is_int(import(st, CRM_PERSON, "", NULL, &stats, &cause), TT_EINVAL,
	    "IMP-02: an empty file is refused");
	free(cause);
	cause = NULL;
	tap_is_int(import(st, CRM_PERSON, "Person - ID\n1\n", NULL, &stats,
	    &cause), TT_EINVAL, "IMP-09: an ID column alone is no usable "
	    "column");
	free(cause);
	buf_free(&skip);
	store_close(&st);
}

static void
test_encodings(void)
{
	struct store *st = open_store("encodings");
	struct crm_import_stats stats;

	tap_is_int(import(st, CRM_PERSON, "\xef\xbb\xbfPerson - Name,Person - "
	    "Email\r\n\xd7\x93\xd7\xa0\xd7\x94 \xd7\x9c\xd7\x95\xd7\x99,"
	    "dana.h@example.com\r\n", NULL, &stats, NULL), TT_OK,
	    "IMP-04: UTF-8 with a BOM imports");
	tap_ok(exists(st, CRM_PERSON, "\xd7\x93\xd7\xa0\xd7\x94 "
	    "\xd7\x9c\xd7\x95\xd7\x99"), "IMP-04: UTF-8 with a BOM: the BOM is "
	    "not part of the first header, the Hebrew name is whole");
	is_field(st, CRM_PERSON, "\xd7\x93\xd7\xa0\xd7\x94 \xd7\x9c\xd7\x95"
	    "\xd7\x99", "first_name", "\xd7\x93\xd7\xa0\xd7\x94",
	    "IMP-04: a Hebrew name is split into first and last name");
	tap_is_int(import(st, CRM_PERSON, "Person - Name;Person - Organization\n"
	    "\xd7\x99\xd7\x95\xd7\xa1\xd7\x99 \xd7\x9b\xd7\x94\xd7\x9f;"
	    "\xd7\x97\xd7\x91\xd7\xa8\xd7\xaa \xd7\x90\xd7\x9c\xd7\xa4\xd7\x90\n",
	    NULL, &stats, NULL), TT_OK, "IMP-05: UTF-8 without a BOM, \";\" "
	    "separated, imports");
	tap_is_int((intmax_t)stats.created, 1, "IMP-05: \";\" separated: one "
	    "person created");
	is_field(st, CRM_PERSON, "\xd7\x99\xd7\x95\xd7\xa1\xd7\x99 \xd7\x9b\xd7"
	    "\x94\xd7\x9f", "org", "\xd7\x97\xd7\x91\xd7\xa8\xd7\xaa \xd7\x90\xd7"
	    "\x9c\xd7\xa4\xd7\x90", "IMP-05: \";\" separated: the Hebrew "
	    "organization is created and linked");
	tap_is_int(import(st, CRM_ORG, "Organization - Name,Organization - "
	    "Address\n\"Acme, Inc.\",\"Herzl 1\nTel Aviv\"\n\"The \"\"Best\"\" "
	    "Ltd\",\"a; b\"\n", NULL, &stats, NULL), TT_OK,
	    "IMP-02: \",\" separated quoted fields with newlines import");
	tap_is_int((intmax_t)stats.created, 2, "IMP-02: quoted fields: two "
	    "organizations");
	is_field(st, CRM_ORG, "Acme, Inc.", "address", "Herzl 1\nTel Aviv",
	    "IMP-02: a quoted field keeps its line break");
	tap_ok(exists(st, CRM_ORG, "The \"Best\" Ltd"), "IMP-02: a doubled "
	    "quote in a quoted field is one quote");
	store_close(&st);
}

static void
test_broken(void)
{
	struct store *st = open_store("broken");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	char *cause = NULL;

	tap_is_int(import(st, CRM_PERSON, "Person - Name,Person - Email,Person - "
	    "Organization\nA One,a@example.com,Acme\n,b@example.com,\n"
	    "B Two,b2@example.com,\n\"C Three,c@example.com,\nD Four,d@x,\n",
	    &skip, &stats, &cause), TT_EINVAL,
	    "IMP-03: unbalanced quotes: the file is refused");
	tap_contains(cause, "line 5", "IMP-03: unbalanced quotes: the sentence "
	    "names the line the quote opened on");
	free(cause);
	tap_is_int(count(st, CRM_PERSON), 0, "IMP-03: unbalanced quotes: the "
	    "rows before the error are not imported either");
	tap_is_int(count(st, CRM_ORG), 0, "IMP-05: unbalanced quotes: no "
	    "organization is left behind");
	tap_is_int((intmax_t)skip.len, 0, "IMP-03: unbalanced quotes: the "
	    "skip file is empty, nothing was imported");
	tap_is_int((intmax_t)stats.created, 0, "IMP-03: unbalanced quotes: "
	    "nothing counted as created");
	cause = NULL;
	tap_is_int(import(st, CRM_PERSON, "Person - Name\nA One\nB \xff\xfe\n",
	    NULL, &stats, &cause), TT_EINVAL, "IMP-03: bytes that are not UTF-8 "
	    "refuse the file");
	tap_contains(cause, "line 3", "IMP-03: the sentence names the line of "
	    "the bad bytes");
	free(cause);
	tap_is_int(count(st, CRM_PERSON), 0, "IMP-03: a file with bad bytes "
	    "imports nothing");
	buf_free(&skip);
	store_close(&st);
}

static void
test_deals(void)
{
	struct store *st = open_store("deals");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	char *id, *csv;

	import(st, CRM_PERSON, "Person - Name,Person - Organization\n"
	    "Dana Levi,Acme\n", NULL, NULL, NULL);
	tap_is_int(import(st, CRM_DEAL,
	    "Deal - Title,Deal - Value,Deal - Currency,Person - Name,"
	    "Organization - Name,Deal - Expected close date,Deal - Status,"
	    "Deal - Pipeline,Deal - Stage\n"
	    ",1500,EUR,Dana Levi,,2026-12-31,,,\n"
	    "Website,200,USD,,Acme,,,,\n"
	    "Orphan,100,EUR,,,,,,\n"
	    "Bad date,1,EUR,,Newco,31/12/2026,,,\n"
	    "Bad number,abc,EUR,,Acme,,,,\n"
	    "Bad status,1,EUR,,Acme,,maybe,,\n"
	    "Big one,5000,EUR,Dana Levi,Acme,,open,Enterprise,Pitch\n"
	    ",,,,Acme,,,,\n"
	    "Who,1,EUR,Nobody Known,,,,,\n", &skip, &stats, NULL), TT_OK,
	    "IMP-02: a deals file imports");
	tap_is_int((intmax_t)stats.created, 4, "IMP-02: four deals created");
	tap_is_int((intmax_t)stats.skipped, 5, "IMP-03: five deal rows skipped");
	tap_is_int(count(st, CRM_DEAL), 4, "IMP-03: skipped deal rows create "
	    "no deal");
	is_field(st, CRM_DEAL, "Dana Levi deal", "person", "Dana Levi",
	    "IMP-06: a deal without a title is named after its person");
	is_field(st, CRM_DEAL, "Acme deal", "org", "Acme",
	    "IMP-06: or after its organization");
	is_field(st, CRM_DEAL, "Website", "org", "Acme", "IMP-02: an "
	    "\"Organization - Name\" column on a deals file is the deal's "
	    "organization");
	is_field(st, CRM_DEAL, "Big one", "pipeline", "Enterprise",
	    "IMP-05: an unknown pipeline named in a row is created");
	is_field(st, CRM_DEAL, "Big one", "stage", "Pitch",
	    "IMP-05: an unknown stage named in a row is created in it");
	tap_ok(!exists(st, CRM_ORG, "Newco"), "IMP-03: a deal row with a bad "
	    "date leaves no organization behind");
	tap_is_int((intmax_t)count_lines(buf_str(&skip)), 6, "IMP-03: the skip "
	    "file has the header and one line per skipped deal");
	tap_contains(buf_str(&skip), "a deal needs a person or an organization",
	    "IMP-02: a deal without person or organization is skipped");
	tap_contains(buf_str(&skip), "Deal - Expected close date: \"\"31/12/2026"
	    "\"\" is not a date", "IMP-03: a bad date is named by its column");
	tap_contains(buf_str(&skip), "Deal - Value: \"\"abc\"\" is not a number",
	    "IMP-03: a bad number is skipped with its reason");
	tap_contains(buf_str(&skip), "Deal - Status: \"\"maybe\"\" is not one "
	    "of", "IMP-03: an unknown choice is skipped with its reason");
	tap_contains(buf_str(&skip), "Nobody Known", "IMP-03: an unknown "
	    "person is skipped with its reason");
	buf_free(&skip);

	tap_is_int(import(st, CRM_DEAL, "Deal - Title,Deal - Person,Deal - "
	    "Status,Deal - Won time\nOld win,Dana Levi,won,2024-05-01T09:00:00Z\n",
	    NULL, &stats, NULL), TT_OK, "IMP-06: a won deal imports");
	is_field(st, CRM_DEAL, "Old win", "close_time", "2024-05-01T09:00:00Z",
	    "IMP-06: a won deal keeps its won time as close time");

	/* IMP-09 on deals: the stage moves, the rest stays. */
	id = id_of(st, CRM_DEAL, "Website");
	csv = xasprintf("Deal - ID,Deal - Value,Deal - Title\n%s,250,\n", id);
	tap_is_int(import(st, CRM_DEAL, csv, NULL, &stats, NULL), TT_OK,
	    "IMP-09: a deal row with an ID imports");
	tap_is_int((intmax_t)stats.updated, 1, "IMP-09: the deal is updated");
	is_field(st, CRM_DEAL, "Website", "value", "250",
	    "IMP-09: the deal's value changed");
	is_field(st, CRM_DEAL, "Website", "org", "Acme",
	    "IMP-09: its organization stayed");
	free(csv);
	free(id);
	store_close(&st);
}

static void
test_leads_projects(void)
{
	struct store *st = open_store("leads");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	char *id, *deal;

	import(st, CRM_PERSON, "Person - Name,Person - Organization\n"
	    "Dana Levi,Acme\n", NULL, NULL, NULL);
	import(st, CRM_DEAL, "Deal - Title,Deal - Organization\nWebsite,Acme\n",
	    NULL, NULL, NULL);
	tap_is_int(import(st, CRM_LEAD, "Lead - Title,Lead - Person,Lead - "
	    "Organization,Lead - Value\nWebinar,Dana Levi,,50\n,Dana Levi,,\n"
	    "No party,,,\n", &skip, &stats, NULL), TT_OK,
	    "IMP-02: a leads file imports");
	tap_is_int((intmax_t)stats.created, 1, "IMP-02: one lead created");
	tap_is_int((intmax_t)stats.skipped, 2, "IMP-02: a lead without title "
	    "and one without person or organization are skipped");
	tap_contains(buf_str(&skip), "a lead needs a title",
	    "IMP-02: a lead needs a title");
	tap_contains(buf_str(&skip), "a lead needs a person or an organization",
	    "IMP-02: a lead needs a person or an organization");
	id = id_of(st, CRM_LEAD, "Webinar");
	tap_ok(id != NULL && strlen(id) == 36, "IMP-02: an imported lead has a "
	    "UUID");
	free(id);
	buf_reset(&skip);

	tap_is_int(import(st, CRM_PROJECT, "Project - Title,Project - Board,"
	    "Deal - Title,Project - Organization\nRollout,Delivery,Website,Acme\n"
	    ",Delivery,,\n", &skip, &stats, NULL), TT_OK,
	    "IMP-02: a projects file imports");
	tap_is_int((intmax_t)stats.created, 1, "IMP-02: one project created");
	tap_is_int((intmax_t)stats.skipped, 1, "IMP-02: a project without "
	    "title is skipped");
	deal = id_of(st, CRM_DEAL, "Website");
	is_field(st, CRM_PROJECT, "Rollout", "deals", deal, "IMP-02: a "
	    "\"Deal - Title\" column on a projects file links the deal");
	free(deal);
	buf_free(&skip);
	store_close(&st);
}

static void
test_update(void)
{
	struct store *st = open_store("update");
	struct crm_import_stats stats;
	struct buf skip = BUF_INIT;
	char *id, *csv;

	import(st, CRM_PERSON, "Person - Name,Person - Email\n"
	    "Dana Levi,dana@example.com\n", NULL, NULL, NULL);
	id = id_of(st, CRM_PERSON, "Dana Levi");
	csv = xasprintf("Person - ID,Person - Phone\n%s,+1 555 0100\n", id);
	tap_is_int(import(st, CRM_PERSON, csv, NULL, &stats, NULL), TT_OK,
	    "IMP-09: a row with an ID imports");
	free(csv);
	tap_ok(stats.updated == 1 && stats.created == 0, "IMP-09: the row "
	    "updates the person instead of creating one");
	tap_is_int(count(st, CRM_PERSON), 1, "IMP-09: no duplicate person");
	is_field(st, CRM_PERSON, "Dana Levi", "phones", "+1 555 0100",
	    "IMP-09: the column in the file is updated");
	is_field(st, CRM_PERSON, "Dana Levi", "emails", "dana@example.com",
	    "IMP-09: a column not in the file keeps its value");

	csv = xasprintf("Person - ID,Person - Name,Person - Email\n%s,,\n", id);
	tap_is_int(import(st, CRM_PERSON, csv, NULL, &stats, NULL), TT_OK,
	    "IMP-09: a row with an ID and empty cells imports");
	free(csv);
	is_field(st, CRM_PERSON, "Dana Levi", "emails", "dana@example.com",
	    "IMP-09: an empty cell keeps the stored value");

	tap_is_int(import(st, CRM_PERSON, "Person - ID,Person - Name\n"
	    "999999,Xavier Young\n,New Person\n", &skip, &stats, NULL), TT_OK,
	    "IMP-09: a file with an unknown ID imports");
	tap_ok(stats.skipped == 1 && stats.created == 1, "IMP-09: the row with "
	    "an unknown ID is skipped, an empty ID creates");
	tap_contains(buf_str(&skip), "999999", "IMP-09: the skip file says "
	    "which ID is unknown");
	tap_ok(!exists(st, CRM_PERSON, "Xavier Young"), "IMP-09: an unknown ID "
	    "creates nothing");
	free(id);
	buf_free(&skip);
	store_close(&st);
}

/* A persons file of n rows; org names repeat so references resolve. */
static char *
persons_file(size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "Person - Name,Person - Email,Person - Phone,Person - "
	    "Organization\n");
	for (i = 0; i < n; i++)
		buf_addf(&b, "Person %zu Test,p%zu@example.com,+972 3 %zu,Org %zu\n",
		    i, i, i, i % 100);
	return buf_detach(&b);
}

static void
test_limits(void)
{
	struct store *st = open_store("limits");
	struct crm_import_stats stats;
	char *csv, *cause = NULL, *big;
	uint64_t t0, ms;
	size_t len = (size_t)50 * 1000 * 1000 + 1;

	big = xmalloc(len);
	memset(big, 'a', len);
	tap_is_int(crm_import_csv(st, CRM_PERSON, big, len, NULL, &stats,
	    &cause), TT_EINVAL, "IMP-01: a file over 50 MB is refused");
	tap_contains(cause, "50 MB", "IMP-01: the sentence names the limit");
	free(cause);
	cause = NULL;
	free(big);

	csv = persons_file(50000);
	t0 = time_mono_ms();
	tap_is_int(import(st, CRM_PERSON, csv, NULL, &stats, NULL), TT_OK,
	    "IMP-01: a file of 50,000 rows imports");
	ms = time_mono_ms() - t0;
	tap_diag("50,000 persons imported in %llu ms",
	    (unsigned long long)ms);
	tap_is_int((intmax_t)stats.created, 50000, "IMP-01: all 50,000 "
	    "persons are created");
	tap_is_int(count(st, CRM_PERSON), 50000, "IMP-01: 50,000 persons "
	    "are stored");
	tap_ok(ms < 60000, "IMP-01: 50,000 rows import in well under a minute "
	    "(%llu ms)", (unsigned long long)ms);
	free(csv);
	store_close(&st);

	st = open_store("limit-over");
	csv = persons_file(50001);
	tap_is_int(import(st, CRM_PERSON, csv, NULL, &stats, &cause), TT_EINVAL,
	    "IMP-01: a file of 50,001 rows is refused");
	tap_contains(cause, "more than 50000 rows", "IMP-01: the sentence "
	    "names the row limit");
	tap_is_int(count(st, CRM_PERSON), 0, "IMP-01: a refused file imports "
	    "nothing");
	free(cause);
	free(csv);
	store_close(&st);
}

/* LINK-02 after an import: mail already stored shows its new person. */
static void
test_rematch(void)
{
	struct store *st = open_store("rematch");
	struct crm_import_stats stats;
	struct mime_message msg = { 0 };
	struct mime_addr addr = { (char *)"Mail Only", (char *)"mail.only@example.com" };
	struct store_new_message nm = { 0 };
	sqlite3_stmt *stmt;
	int64_t account, folder, rowid, person = -1;
	char *cause = NULL, *id;

	if (store_account_ensure(st, "t", NULL, &account, &cause) != TT_OK ||
	    store_folder_ensure(st, account, "INBOX", "inbox", &folder,
	    &cause) != TT_OK)
		fatalx("account: %s", cause);
	msg.message_id = (char *)"m1@example.com";
	msg.subject = (char *)"hello";
	msg.snippet = (char *)"hello";
	msg.body = (char *)"hello";
	msg.date = 1000;
	msg.from.v = &addr;
	msg.from.n = 1;
	msg.content_hash = (char *)"m1";
	nm.account_id = account;
	nm.folder_id = folder;
	nm.raw = "x";
	nm.raw_len = 1;
	nm.msg = &msg;
	if (store_begin(st, &cause) != TT_OK ||
	    store_message_add(st, &nm, &rowid, &cause) != TT_OK ||
	    store_commit(st, &cause) != TT_OK)
		fatalx("message: %s", cause);
	tap_is_int(import(st, CRM_PERSON, "Person - Name,Person - Email\n"
	    "Mail Only,MAIL.ONLY@example.com\n", NULL, &stats, NULL), TT_OK,
	    "IMP-05: a person with stored mail imports");
	tap_ok(stats.rematched >= 1, "IMP-05: LINK-02: the import counts the "
	    "stored address now matched");
	id = id_of(st, CRM_PERSON, "Mail Only");
	if (sqlite3_prepare_v2(st->db, "SELECT person_id FROM message_addresses"
	    " WHERE address = 'mail.only@example.com'", -1, &stmt, NULL) ==
	    SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		person = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	tap_ok(id != NULL && person == strtoll(id, NULL, 10), "IMP-05: LINK-02: "
	    "the stored address shows the imported person");
	free(id);
	store_close(&st);
}

/* --- round trips -------------------------------------------------------- */

static const enum crm_kind order[] = { CRM_ORG, CRM_PERSON, CRM_DEAL,
	CRM_LEAD, CRM_PROJECT };

/* A store with every kind and the awkward values a file must carry. */
static void
fill(struct store *st)
{
	char *cause = NULL, *id, *deal = NULL;

	import(st, CRM_ORG, "Organization - Name,Organization - Address,"
	    "Organization - City,Organization - Country,Organization - Labels,"
	    "Organization - Owner,Organization - Visible to\n"
	    "Acme,\"Herzl 1\nfloor 2\",Tel Aviv,Israel,vip; hot,Ruth Owner,7\n"
	    "\xd7\x97\xd7\x91\xd7\xa8\xd7\xaa \xd7\x90\xd7\x9c\xd7\xa4\xd7\x90,,"
	    "\xd7\x97\xd7\x99\xd7\xa4\xd7\x94,,,,\n"
	    "\"Quote \"\"Co\"\"\",,,,,Ruth Owner,\n"
	    "\"Semi; Colon Ltd\",,,,,,1\n", NULL, NULL, NULL);
	import(st, CRM_PERSON, "Person - Name,Person - Email,Person - Email 2,"
	    "Person - Phone,Person - Organization,Person - Labels,Person - "
	    "Marketing status,Person - Visible to,Person - Owner\n"
	    "Dana Levi,dana@example.com,dana@work.example,+972 50 1; +972 3 2,"
	    "Acme,lead; vip,subscribed,7,Ruth Owner\n"
	    "Noa Cohen,noa@example.com,,,\xd7\x97\xd7\x91\xd7\xa8\xd7\xaa \xd7\x90"
	    "\xd7\x9c\xd7\xa4\xd7\x90,,,,\n"
	    "\xd7\x99\xd7\x95\xd7\xa1\xd7\x99 \xd7\x9b\xd7\x94\xd7\x9f,,,,"
	    "\"Semi; Colon Ltd\",,,,\n"
	    "Solo,,,,,,,,\n"
	    "Quinn Quote,,,,\"Quote \"\"Co\"\"\",,,,\n"
	    "New Org Person,,,,Brand New Org,,,,\n", NULL, NULL, NULL);
	import(st, CRM_DEAL, "Deal - Title,Deal - Value,Deal - Currency,Deal - "
	    "Person,Deal - Organization,Deal - Expected close date,Deal - "
	    "Probability,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Won "
	    "time,Deal - Lost time,Deal - Lost reason,Deal - Labels,Deal - "
	    "Owner\n"
	    "Website,1500.5,EUR,Dana Levi,Acme,2026-12-31,40,,,,,,,hot,Ruth "
	    "Owner\n"
	    "Big one,5000,EUR,,Acme,,,Enterprise,Pitch,open,,,,,\n"
	    "Won one,100,USD,Noa Cohen,,,,,,won,2025-01-02T03:04:05Z,,,,\n"
	    "Lost one,7,EUR,Solo,,,,,,lost,,2025-02-03T00:00:00Z,\"price, too "
	    "\"\"high\"\"\",,\n"
	    "Gone deal,1,EUR,Solo,,,,,,,,,,,\n"
	    "\xd7\xa2\xd7\xa1\xd7\xa7\xd7\x94,3,ILS,\xd7\x99\xd7\x95\xd7\xa1\xd7"
	    "\x99 \xd7\x9b\xd7\x94\xd7\x9f,,,,,,,,,,,\n", NULL, NULL, NULL);
	id = id_of(st, CRM_DEAL, "Gone deal");
	if (id == NULL || crm_delete(st, CRM_DEAL, id, &cause) != TT_OK)
		tap_diag("delete: %s", cause);
	free(cause);
	cause = NULL;
	free(id);
	import(st, CRM_LEAD, "Lead - Title,Lead - Person,Lead - Organization,"
	    "Lead - Value,Lead - Currency,Lead - Labels,Lead - Archived,Lead - "
	    "Source\n"
	    "Webinar,Dana Levi,,50,EUR,warm,,web\n"
	    "Old lead,,Acme,,,,yes,\n"
	    "Conv lead,Noa Cohen,,9,EUR,,,\n", NULL, NULL, NULL);
	id = id_of(st, CRM_LEAD, "Conv lead");
	if (id == NULL || crm_convert_lead(st, id, NULL, NULL, &deal,
	    &cause) != TT_OK)
		tap_diag("convert: %s", cause);
	free(cause);
	free(deal);
	free(id);
	import(st, CRM_PROJECT, "Project - Title,Project - Board,Project - "
	    "Phase,Project - Status,Project - Start date,Project - End date,"
	    "Project - Deals,Project - Person,Project - Organization,Project - "
	    "Labels\n"
	    "Rollout,Delivery,Kickoff,open,2026-01-01,2026-06-30,Website; Big "
	    "one,Dana Levi,Acme,q1\n"
	    "Archive job,Ops,,completed,,,Won one,,,\n", NULL, NULL, NULL);
}

static void
test_round_trip(void)
{
	struct store *a = open_store("trip-a"), *b = open_store("trip-b");
	struct crm_import_stats stats;
	char *e1[CRM_NKINDS], *e2, *moved, *m1, *m2;
	const char *name;
	size_t k;
	enum crm_kind kind;

	fill(a);
	for (k = 0; k < TT_ARRAY_LEN(order); k++)
		e1[order[k]] = export(a, order[k]);
	tap_is_str(strstr(e1[CRM_PERSON], "\r\n") != NULL ? "" : NULL, "",
	    "IMP-09: the persons export has rows");
	tap_contains(e1[CRM_PERSON], "Person - ID,Person - Name,Person - First "
	    "name,Person - Last name,Person - Email,Person - Phone,Person - "
	    "Organization,Person - Owner,Person - Visible to,Person - Labels,"
	    "Person - Marketing status\r\n", "IMP-09: the persons export starts "
	    "with the headers of Appendix B");
	tap_contains(e1[CRM_PERSON], ",\"dana@example.com; dana@work.example\","
	    "\"+972 50 1; +972 3 2\",Acme,", "IMP-09: emails and phones are one "
	    "cell each, references by name");
	tap_contains(e1[CRM_DEAL], "Gone deal", "IMP-09: the deals export keeps "
	    "a deleted deal");
	tap_contains(e1[CRM_PROJECT], "Big one; Website", "IMP-09: a project's "
	    "deals are written by title");

	/* Into the same store: every row updates its item, nothing changes. */
	for (k = 0; k < TT_ARRAY_LEN(order); k++) {
		kind = order[k];
		name = store_crm_kind_name(kind);
		memset(&stats, 0, sizeof stats);
		tap_is_int(import(a, kind, e1[kind], NULL, &stats, NULL), TT_OK,
		    "IMP-09: round trip of %s into the same store imports", name);
		tap_ok(stats.rows > 0 && stats.updated == stats.rows &&
		    stats.created == 0 && stats.skipped == 0, "IMP-09: round trip "
		    "of %s into the same store: all %zu rows updated (%zu created, "
		    "%zu skipped)", name, stats.rows, stats.created, stats.skipped);
		e2 = export(a, kind);
		tap_is_str(e2, e1[kind], "IMP-09: round trip of %s into the same "
		    "store changes nothing", name);
		free(e2);
	}

	/* Into a fresh store, without the ids: the same file but for ids. */
	for (k = 0; k < TT_ARRAY_LEN(order); k++) {
		kind = order[k];
		name = store_crm_kind_name(kind);
		moved = without_ids(e1[kind], true);
		tap_is_int(import(b, kind, moved, NULL, &stats, NULL), TT_OK,
		    "IMP-02: round trip of %s into a fresh store imports", name);
		tap_ok(stats.rows > 0 && stats.created == stats.rows &&
		    stats.skipped == 0, "IMP-02: round trip of %s into a fresh "
		    "store: all %zu rows created (%zu skipped)", name, stats.rows,
		    stats.skipped);
		free(moved);
	}
	for (k = 0; k < TT_ARRAY_LEN(order); k++) {
		kind = order[k];
		e2 = export(b, kind);
		m1 = without_ids(e1[kind], false);
		m2 = without_ids(e2, false);
		tap_is_str(m2, m1, "IMP-02: round trip of %s into a fresh store "
		    "gives the same file but for ids", store_crm_kind_name(kind));
		free(m1);
		free(m2);
		free(e2);
	}
	for (k = 0; k < TT_ARRAY_LEN(order); k++)
		free(e1[order[k]]);
	store_close(&a);
	store_close(&b);
}

/* Names an import could not tell apart are written as ids (IMP-09). */
static void
test_shared_names(void)
{
	struct store *st = open_store("shared");
	struct crm_import_stats stats;
	char *csv, *e1, *e2, *id1, *id2, *org, *gone, *digits, *want, *cause = NULL;
	struct crm_item *v;
	size_t n = 0, k;
	enum crm_kind kind;

	import(st, CRM_ORG, "Organization - Name\n1984\n", NULL, NULL, NULL);
	org = id_of(st, CRM_ORG, "1984");
	import(st, CRM_PERSON, "Person - Name,Person - Email\n"
	    "Sam Twin,sam1@example.com\nSam Twin,sam2@example.com\n", NULL,
	    NULL, NULL);
	if (org == NULL || store_crm_list(st, CRM_PERSON, NULL, false, 0, &v,
	    &n, NULL) != TT_OK || n != 2)
		fatalx("an organization and two persons expected");
	id1 = xstrdup(v[0].v[0]);
	id2 = xstrdup(v[1].v[0]);
	crm_items_free(v, n);
	csv = xasprintf("Deal - Title,Deal - Person,Deal - Organization\n"
	    "Twin one,%s,\nTwin two,%s,\n2025,,%s\nDup,%s,\nDup,%s,\n"
	    "Gone,%s,\n", id1, id2, org, id1, id2, id1);
	import(st, CRM_DEAL, csv, NULL, NULL, NULL);
	free(csv);
	gone = id_of(st, CRM_DEAL, "Gone");
	digits = id_of(st, CRM_DEAL, "2025");
	if (gone == NULL || digits == NULL ||
	    crm_delete(st, CRM_DEAL, gone, &cause) != TT_OK)
		fatalx("deals expected: %s", cause);
	csv = xasprintf("Project - Title,Project - Deals\nP,%s; %s; Twin two\n",
	    gone, digits);
	import(st, CRM_PROJECT, csv, NULL, NULL, NULL);
	free(csv);

	e1 = export(st, CRM_DEAL);
	want = xasprintf("Twin one,,,Sales,Lead in,open,,,,,,,,%s,,", id1);
	tap_contains(e1, want, "IMP-09: a person whose name is shared is "
	    "written by id");
	free(want);
	want = xasprintf(",%s,3,", org);
	tap_contains(e1, want, "IMP-09: an organization named with digits only "
	    "is written by id");
	free(want);
	free(e1);
	e1 = export(st, CRM_PROJECT);
	want = xasprintf(",\"%s; %s; Twin two\",", digits, gone);
	tap_contains(e1, want, "IMP-09: a project's deleted deal and a deal "
	    "titled with digits are written by id");
	free(want);
	free(e1);
	for (k = 0; k < 4; k++) {
		kind = k == 0 ? CRM_ORG : k == 1 ? CRM_PERSON : k == 2 ? CRM_DEAL :
		    CRM_PROJECT;
		e1 = export(st, kind);
		tap_is_int(import(st, kind, e1, NULL, &stats, NULL), TT_OK,
		    "IMP-09: shared names: the %s export imports",
		    store_crm_kind_name(kind));
		tap_ok(stats.updated == stats.rows && stats.skipped == 0,
		    "IMP-09: shared names: every %s row updates (%zu of %zu)",
		    store_crm_kind_name(kind), stats.updated, stats.rows);
		e2 = export(st, kind);
		tap_is_str(e2, e1, "IMP-09: shared names: the %s export is "
		    "unchanged", store_crm_kind_name(kind));
		free(e1);
		free(e2);
	}
	free(org);
	free(gone);
	free(digits);
	free(id1);
	free(id2);
	store_close(&st);
}

int
main(void)
{
	char tmpl[] = "/tmp/tether-test-crm-import-XXXXXX";
	char *cmd;
	int rc;

	if ((tmp_root = mkdtemp(tmpl)) == NULL) {
		printf("1..0 # SKIP cannot create a temporary directory\n");
		return 0;
	}
	test_persons();
	test_headers();
	test_encodings();
	test_broken();
	test_deals();
	test_leads_projects();
	test_update();
	test_rematch();
	test_round_trip();
	test_shared_names();
	test_limits();
	cmd = xasprintf("rm -rf '%s'", tmp_root);
	rc = system(cmd);
	(void)rc;
	free(cmd);
	return tap_done();
}
