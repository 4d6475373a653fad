/* test-store.c - unit tests of src/store: file modes, identity and version checks, migrations, pragmas. */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store-internal.h"
#include "tap.h"

static char *tmp_root;
static unsigned case_no;

/* --- helpers ------------------------------------------------------------ */

/* A new directory for one case, so cases never see each other's files. */
static char *
fresh_dir(const char *label)
{
	char *dir = xasprintf("%s/%02u-%s", tmp_root, ++case_no, label);

	if (mkdir(dir, 0700) != 0)
		fatalx("cannot create %s", dir);
	return dir;
}

/* The whole file, or NULL when it cannot be read (missing, a directory). */
static char *
slurp(const char *path, size_t *len)
{
	char *data = NULL;

	*len = 0;
	if (file_read_all(path, 64u << 20, &data, len, NULL) != TT_OK)
		return NULL;
	return data;
}

static bool
unchanged(const char *path, const char *before, size_t before_len)
{
	size_t len;
	char *now = slurp(path, &len);
	bool same = now != NULL && len == before_len &&
	    memcmp(now, before, len) == 0;

	free(now);
	return same;
}

static void
write_bytes(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		fatalx("cannot write %s", path);
}

/* Permission bits, or -1 when the file does not exist. */
static int
file_mode(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	return (int)(sb.st_mode & 07777);
}

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatalx("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
	sqlite3_extended_result_codes(db, 1);
	return db;
}

static int
raw_exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		tap_diag("%s: %s", sql, sqlite3_errmsg(db));
	return rc;
}

/* The first column of the first row as an integer; -999 on any error. */
static long long
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		tap_diag("%s: %s", sql, sqlite3_errmsg(db));
		return v;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The first column of the first row as text (owned), or NULL. */
static char *
raw_str(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_text(stmt, 0) != NULL)
		v = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return v;
}

/* How many schema objects called name the schema holds. */
static int
objects_named(sqlite3 *db, const char *schema, const char *name)
{
	char *sql = xasprintf("SELECT count(*) FROM %s.sqlite_schema "
	    "WHERE name = '%s'", schema, name);
	int n = (int)raw_int(db, sql);

	free(sql);
	return n;
}

/*
 * Runs sql expecting a foreign-key refusal.  RESTRICT reports
 * SQLITE_CONSTRAINT_TRIGGER, a plain reference _FOREIGNKEY: both say so.
 */
static bool
refused_by_fk(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return (rc & 0xff) == SQLITE_CONSTRAINT &&
	    strstr(sqlite3_errmsg(db), "FOREIGN KEY") != NULL;
}

static void
is_str_free(char *got, const char *want, const char *what)
{
	tap_is_str(got, want, "%s", what);
	free(got);
}

/* Asserts a failed open: the status, a cause naming the file, nothing opened. */
static void
expect_failure(const char *mail, const char *crm, tt_status want,
    const char *file, const char *phrase, const char *label)
{
	struct store *st = NULL;
	char *cause = NULL;
	tt_status s;

	s = store_open(mail, crm, &st, &cause);
	tap_is_int(s, want, "%s: %s", label, tt_status_name(want));
	tap_ok(st == NULL, "%s: no store returned", label);
	tap_ok(cause != NULL, "%s: a cause is set", label);
	tap_contains(cause, file, "%s: the cause names the file", label);
	tap_contains(cause, phrase, "%s: the cause says \"%s\"", label, phrase);
	free(cause);
	store_close(&st);
}

static int
rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* --- new files, modes, pragmas, placement -------------------------------- */

static void
test_reopen(const char *mail, const char *crm)
{
	size_t mail_len, crm_len;
	char *mail_before, *crm_before, *cause = NULL, *v;
	struct store *st = NULL;
	tt_status s;

	/* A team may share crm.db with its group: tether must keep that mode. */
	chmod(crm, 0660);
	mail_before = slurp(mail, &mail_len);
	crm_before = slurp(crm, &crm_len);
	s = store_open(mail, crm, &st, &cause);
	tap_is_int(s, TT_OK, "reopening works");
	if (s != TT_OK) {
		tap_diag("%s", cause);
		free(cause);
		goto out;
	}
	tap_is_int(store_schema_version(st, STORE_MAIL),
	    store_schema_latest(STORE_MAIL), "reopened mail.db is at the newest schema");
	tap_is_int(store_schema_version(st, STORE_CRM),
	    store_schema_latest(STORE_CRM), "reopened crm.db is at the newest schema");
	v = raw_str(st->db, "SELECT value FROM crm.company_settings WHERE key = 'k'");
	is_str_free(v, "crm", "crm.db kept its row");
	store_close(&st);
	tap_ok(unchanged(mail, mail_before, mail_len),
	    "reopening leaves mail.db byte for byte the same");
	tap_ok(unchanged(crm, crm_before, crm_len),
	    "reopening leaves crm.db byte for byte the same");
	tap_is_int(file_mode(crm), 0660, "an existing crm.db keeps its group mode");
out:
	free(mail_before);
	free(crm_before);
}

static void
test_new_files(void)
{
	static const struct {
		const char *schema;
		const char *name;
		int count;
	} placement[] = {
		{ "main", "accounts", 1 }, { "main", "folders", 1 },
		{ "main", "threads", 1 }, { "main", "messages", 1 },
		{ "main", "message_folders", 1 }, { "main", "message_addresses", 1 },
		{ "main", "thread_folders", 1 }, { "main", "thread_ids", 1 },
		{ "main", "raw", 1 },
		{ "main", "attachments", 1 }, { "main", "journal", 1 },
		{ "main", "outbox", 1 }, { "main", "settings", 1 },
		{ "main", "message_fts", 1 }, { "main", "threads_list", 1 },
		{ "crm", "users", 1 }, { "crm", "company_settings", 1 },
		{ "crm", "blocked_addresses", 1 },
		{ "crm", "blocked_addresses_global", 1 },
		/* Private mail never enters crm.db, CRM tables never mail.db. */
		{ "crm", "accounts", 0 }, { "crm", "messages", 0 },
		{ "crm", "message_fts", 0 }, { "crm", "journal", 0 },
		{ "main", "users", 0 }, { "main", "blocked_addresses", 0 },
	};
	static const char *const sidecars[] = { "-wal", "-shm" };
	char *dir = fresh_dir("new"), *a = xasprintf("%s/a", dir);
	char *b = xasprintf("%s/b", a), *mail = xasprintf("%s/mail.db", b);
	char *crm = xasprintf("%s/crm.db", b), *cause = NULL, *v, *side;
	struct store *st = NULL;
	mode_t old_umask;
	tt_status s;
	size_t i, j;

	/* umask 0 would make anything not given an explicit mode world-writable. */
	old_umask = umask(0);
	s = store_open(mail, crm, &st, &cause);
	umask(old_umask);
	tap_is_int(s, TT_OK, "store_open creates mail.db and crm.db in a new directory");
	tap_ok(cause == NULL, "no cause on success");
	if (s != TT_OK) {
		tap_diag("%s", cause);
		free(cause);
		goto out;
	}
	tap_is_int(file_mode(a), 0700, "a new parent directory is 0700");
	tap_is_int(file_mode(b), 0700, "a new data directory is 0700");
	tap_is_int(file_mode(mail), 0600, "a new mail.db is 0600 (umask 0)");
	tap_is_int(file_mode(crm), 0600, "a new crm.db is 0600 (umask 0)");

	/* Writes make SQLite create the -wal and -shm files beside both. */
	tap_is_int(raw_exec(st->db, "INSERT INTO main.settings VALUES ('k', 'mail');"
	    "INSERT INTO crm.company_settings VALUES ('k', 'crm')"), SQLITE_OK,
	    "both files take a write");
	for (i = 0; i < TT_ARRAY_LEN(sidecars); i++) {
		side = xasprintf("%s%s", mail, sidecars[i]);
		tap_is_int(file_mode(side), 0600, "mail.db%s is 0600", sidecars[i]);
		free(side);
		side = xasprintf("%s%s", crm, sidecars[i]);
		tap_is_int(file_mode(side), 0600, "crm.db%s is 0600", sidecars[i]);
		free(side);
	}
	v = raw_str(st->db, "SELECT value FROM company_settings WHERE key = 'k'");
	is_str_free(v, "crm", "company settings are named apart from personal ones");

	tap_ok(store_schema_latest(STORE_MAIL) >= 2, "mail.db has at least 2 migrations");
	tap_ok(store_schema_latest(STORE_CRM) >= 1, "crm.db has at least 1 migration");
	tap_is_int(store_schema_version(st, STORE_MAIL),
	    store_schema_latest(STORE_MAIL), "mail.db is at the newest schema");
	tap_is_int(store_schema_version(st, STORE_CRM),
	    store_schema_latest(STORE_CRM), "crm.db is at the newest schema");
	tap_is_int(raw_int(st->db, "PRAGMA main.application_id"),
	    STORE_MAIL_APP_ID, "mail.db carries application_id TTML");
	tap_is_int(raw_int(st->db, "PRAGMA crm.application_id"),
	    STORE_CRM_APP_ID, "crm.db carries application_id TTCR");
	tap_is_int(raw_int(st->db, "PRAGMA foreign_keys"), 1, "foreign keys are on");
	v = raw_str(st->db, "PRAGMA main.journal_mode");
	is_str_free(v, "wal", "mail.db is in WAL mode");
	v = raw_str(st->db, "PRAGMA crm.journal_mode");
	is_str_free(v, "wal", "crm.db is in WAL mode");
	tap_is_int(raw_int(st->db, "PRAGMA main.synchronous"), 1,
	    "mail.db has synchronous=NORMAL");
	tap_is_int(raw_int(st->db, "PRAGMA crm.synchronous"), 1,
	    "crm.db has synchronous=NORMAL");
	tap_is_int(raw_int(st->db, "PRAGMA busy_timeout"), 5000,
	    "a busy timeout of 5 s is set");
	for (j = 0; j < TT_ARRAY_LEN(placement); j++) {
		tap_is_int(objects_named(st->db, placement[j].schema,
		    placement[j].name), placement[j].count, "%s.%s %s",
		    placement[j].schema, placement[j].name,
		    placement[j].count ? "exists" : "does not exist");
	}
	store_close(&st);
	tap_ok(st == NULL, "store_close sets the pointer to NULL");
	store_close(&st);
	tap_ok(true, "store_close of NULL is harmless");
	test_reopen(mail, crm);
out:
	free(dir);
	free(a);
	free(b);
	free(mail);
	free(crm);
}

/* --- upgrades and rollback ----------------------------------------------- */

static void
test_upgrade(void)
{
	char *dir = fresh_dir("upgrade"), *mail = xasprintf("%s/mail.db", dir);
	char *crm = xasprintf("%s/crm.db", dir), *cause = NULL, *v;
	struct store *st = NULL;
	sqlite3 *db;
	tt_status s;

	/* An "older tether": a file at schema 1 holding data. */
	db = raw_open(mail);
	s = _store_migrate(db, STORE_MAIL, 1, mail, &cause);
	tap_is_int(s, TT_OK, "the internal hook builds a mail.db at schema 1");
	if (s != TT_OK) {
		tap_diag("%s", cause);
		free(cause);
		cause = NULL;
	}
	tap_is_int(raw_int(db, "PRAGMA user_version"), 1, "it is at version 1");
	tap_is_int(objects_named(db, "main", "message_fts"), 0,
	    "schema 1 has no search table yet");
	tap_is_int(raw_exec(db, "INSERT INTO accounts (name, email, created_at) "
	    "VALUES ('work', 'me@example.org', 1700000000)"), SQLITE_OK,
	    "an account goes into the old file");
	sqlite3_close(db);

	s = store_open(mail, crm, &st, &cause);
	tap_is_int(s, TT_OK, "store_open upgrades the old file");
	if (s != TT_OK) {
		tap_diag("%s", cause);
		free(cause);
		goto out;
	}
	tap_is_int(store_schema_version(st, STORE_MAIL),
	    store_schema_latest(STORE_MAIL), "the old file reaches the newest schema");
	v = raw_str(st->db, "SELECT email FROM accounts WHERE name = 'work'");
	is_str_free(v, "me@example.org", "the account survived the upgrade");
	tap_is_int(objects_named(st->db, "main", "message_fts"), 1,
	    "the upgrade added the search table");
	/* remove_diacritics 2: "cafe" finds "Café". */
	tap_is_int(raw_exec(st->db, "INSERT INTO message_fts (rowid, subject, "
	    "sender, recipients, body) VALUES (7, 'Café au lait', 'Zoë', 'x', 'Ünïcode')"),
	    SQLITE_OK, "search takes a row keyed by message id");
	tap_is_int(raw_int(st->db, "SELECT rowid FROM message_fts "
	    "WHERE message_fts MATCH 'cafe AND zoe'"), 7,
	    "search ignores diacritics");
	store_close(&st);
out:
	free(dir);
	free(mail);
	free(crm);
}

static void
test_rollback(void)
{
	char *dir = fresh_dir("rollback"), *mail = xasprintf("%s/mail.db", dir);
	char *fresh = xasprintf("%s/fresh.db", dir), *crm = xasprintf("%s/crm.db", dir);
	char *cause = NULL;
	struct _store_migration broken[2], bad_fresh[2];
	struct store *st = NULL;
	sqlite3 *db;
	tt_status s;

	/* A file at schema 1 with data, then a second step that fails halfway. */
	db = raw_open(mail);
	tap_is_int(_store_migrate(db, STORE_MAIL, 1, mail, NULL), TT_OK,
	    "rollback: a mail.db at schema 1");
	raw_exec(db, "INSERT INTO accounts (name, created_at) VALUES ('home', 1)");
	broken[0] = _store_mail_migrations[0];
	broken[1] = (struct _store_migration){ 2, "broken",
	    "CREATE TABLE half_done (x); CREATE TABLE oops (" };
	s = _store_migrate_list(db, STORE_MAIL, broken, 2, 2, mail, &cause);
	tap_is_int(s, TT_EDB, "a failing migration fails the run");
	tap_contains(cause, mail, "its cause names the file");
	tap_contains(cause, "step 2 (broken)", "its cause names the migration");
	free(cause);
	cause = NULL;
	tap_is_int(raw_int(db, "PRAGMA user_version"), 1,
	    "user_version stays at the old version");
	tap_is_int(objects_named(db, "main", "half_done"), 0,
	    "no half-created table remains");
	tap_ok(sqlite3_get_autocommit(db), "no transaction is left open");
	tap_is_int(raw_int(db, "SELECT count(*) FROM accounts"), 1,
	    "the data is still there");
	sqlite3_close(db);

	s = store_open(mail, crm, &st, &cause);
	tap_is_int(s, TT_OK, "the rolled-back file still upgrades normally");
	tap_is_int(store_schema_version(st, STORE_MAIL),
	    store_schema_latest(STORE_MAIL), "and reaches the newest schema");
	free(cause);
	cause = NULL;
	store_close(&st);

	/* A new file whose second step fails keeps nothing of the first. */
	bad_fresh[0] = (struct _store_migration){ 1, "first", "CREATE TABLE t1 (x)" };
	bad_fresh[1] = (struct _store_migration){ 2, "second",
	    "CREATE TABLE t2 (x); INSERT INTO no_such_table VALUES (1)" };
	db = raw_open(fresh);
	s = _store_migrate_list(db, STORE_MAIL, bad_fresh, 2, 2, fresh, &cause);
	tap_is_int(s, TT_EDB, "a new file: the failing run fails");
	tap_contains(cause, "no such table", "its cause carries SQLite's reason");
	free(cause);
	tap_is_int(raw_int(db, "PRAGMA user_version"), 0, "a new file stays at 0");
	tap_is_int(raw_int(db, "PRAGMA application_id"), 0,
	    "a new file gets no identity from a failed run");
	tap_is_int(raw_int(db, "SELECT count(*) FROM sqlite_schema"), 0,
	    "a new file keeps no table from the first step");
	sqlite3_close(db);

	/* Already at the target: nothing to do, even with a broken list. */
	db = raw_open(mail);
	tap_is_int(_store_migrate_list(db, STORE_MAIL, broken, 2, 1, mail, NULL),
	    TT_OK, "a file at the target is left alone");
	sqlite3_close(db);
	free(dir);
	free(mail);
	free(fresh);
	free(crm);
}

/* --- files that are not tether's ------------------------------------------ */

static void
make_text(const char *path)
{
	static const char text[] = "hello, this is my shopping list\n";

	write_bytes(path, text, sizeof text - 1);
}

static void
make_short(const char *path)
{
	write_bytes(path, "SQLite", 6);
}

/* The right magic over garbage: SQLite itself must find it damaged. */
static void
make_garbage(const char *path)
{
	char data[4096];

	memset(data, 0xa5, sizeof data);
	memcpy(data, "SQLite format 3", 16);
	write_bytes(path, data, sizeof data);
}

static void
make_sql(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);

	if (raw_exec(db, sql) != SQLITE_OK)
		fatalx("cannot prepare %s", path);
	sqlite3_close(db);
}

static void
make_foreign_tables(const char *path)
{
	make_sql(path, "CREATE TABLE contacts (name TEXT, phone TEXT);"
	    "INSERT INTO contacts VALUES ('Ana', '555')");
}

static void
make_foreign_id(const char *path)
{
	make_sql(path, "PRAGMA application_id = 305419896");
}

static void
make_foreign_version(const char *path)
{
	make_sql(path, "PRAGMA user_version = 1");
}

static void
make_directory(const char *path)
{
	if (mkdir(path, 0700) != 0)
		fatalx("cannot create %s", path);
}

static void
test_not_ours(void)
{
	static const struct {
		const char *label;
		bool in_crm;    /* the bad file is crm.db, else mail.db */
		void (*make)(const char *);
		const char *phrase;
	} cases[] = {
		{ "text file as mail.db", false, make_text, "is not an SQLite database" },
		{ "text file as crm.db", true, make_text, "is not an SQLite database" },
		{ "6-byte file", false, make_short, "is not an SQLite database" },
		{ "SQLite magic over garbage", false, make_garbage, "is damaged" },
		{ "SQLite magic over garbage as crm.db", true, make_garbage, "is damaged" },
		{ "foreign SQLite file", false, make_foreign_tables,
		    "is not a tether mail database" },
		{ "foreign SQLite file as crm.db", true, make_foreign_tables,
		    "is not a tether CRM database" },
		{ "foreign application_id", false, make_foreign_id,
		    "is not a tether mail database" },
		{ "foreign application_id as crm.db", true, make_foreign_id,
		    "is not a tether CRM database" },
		{ "user_version without identity", false, make_foreign_version,
		    "is not a tether mail database" },
		{ "a directory", false, make_directory, "is not a regular file" },
	};
	size_t i, len;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		char *dir = fresh_dir("foreign");
		char *mail = xasprintf("%s/mail.db", dir);
		char *crm = xasprintf("%s/crm.db", dir);
		const char *bad = cases[i].in_crm ? crm : mail;
		const char *other = cases[i].in_crm ? mail : crm;
		char *wal = xasprintf("%s-wal", bad), *before;

		cases[i].make(bad);
		before = slurp(bad, &len);
		expect_failure(mail, crm, TT_ECORRUPT, bad, cases[i].phrase,
		    cases[i].label);
		if (before != NULL)
			tap_ok(unchanged(bad, before, len), "%s: its bytes are unchanged",
			    cases[i].label);
		else
			tap_is_int(file_mode(bad), 0700, "%s: still there", cases[i].label);
		tap_is_int(file_mode(wal), -1, "%s: no -wal beside it", cases[i].label);
		tap_is_int(file_mode(other), -1, "%s: the other file was not created",
		    cases[i].label);
		free(before);
		free(wal);
		free(mail);
		free(crm);
		free(dir);
	}
}

/* Makes a current pair with one row in each, closed again. */
static bool
make_pair(const char *mail, const char *crm)
{
	struct store *st = NULL;
	char *cause = NULL;

	if (store_open(mail, crm, &st, &cause) != TT_OK) {
		tap_diag("%s", cause);
		free(cause);
		return false;
	}
	raw_exec(st->db, "INSERT INTO main.settings VALUES ('who', 'mail');"
	    "INSERT INTO crm.company_settings VALUES ('who', 'crm')");
	store_close(&st);
	return true;
}

static void
test_swapped(void)
{
	char *dir = fresh_dir("swapped"), *mail = xasprintf("%s/mail.db", dir);
	char *crm = xasprintf("%s/crm.db", dir), *mail_before, *crm_before;
	char *dir2 = fresh_dir("same"), *same = xasprintf("%s/both.db", dir2);
	size_t mail_len, crm_len;

	if (!tap_ok(make_pair(mail, crm), "swapped: a current pair"))
		goto out;
	mail_before = slurp(mail, &mail_len);
	crm_before = slurp(crm, &crm_len);
	expect_failure(crm, mail, TT_ECORRUPT, crm,
	    "is a tether CRM database (crm.db), not a mail database",
	    "crm.db given as mail.db");
	expect_failure(mail, mail, TT_ECORRUPT, mail,
	    "is a tether mail database (mail.db), not a CRM database",
	    "mail.db given as crm.db");
	tap_ok(unchanged(mail, mail_before, mail_len), "swapped: mail.db unchanged");
	tap_ok(unchanged(crm, crm_before, crm_len), "swapped: crm.db unchanged");
	free(mail_before);
	free(crm_before);

	expect_failure(same, same, TT_ECORRUPT, same, "not a CRM database",
	    "one new path for both files");
out:
	free(dir);
	free(mail);
	free(crm);
	free(dir2);
	free(same);
}

static void
test_newer(void)
{
	static const struct {
		enum store_db which;
		const char *label;
	} cases[] = {
		{ STORE_MAIL, "newer mail.db" },
		{ STORE_CRM, "newer crm.db" },
	};
	size_t i, mail_len, crm_len;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		char *dir = fresh_dir("newer");
		char *mail = xasprintf("%s/mail.db", dir);
		char *crm = xasprintf("%s/crm.db", dir);
		const char *target = cases[i].which == STORE_MAIL ? mail : crm;
		int newer = store_schema_latest(cases[i].which) + 1;
		char *sql = xasprintf("PRAGMA user_version = %d", newer);
		char *mail_before = NULL, *crm_before = NULL;
		sqlite3 *db;

		if (!tap_ok(make_pair(mail, crm), "%s: a current pair", cases[i].label))
			goto next;
		db = raw_open(target);
		raw_exec(db, sql);
		sqlite3_close(db);
		mail_before = slurp(mail, &mail_len);
		crm_before = slurp(crm, &crm_len);
		expect_failure(mail, crm, TT_EVERSION, target,
		    "was written by a newer tether", cases[i].label);
		tap_ok(unchanged(mail, mail_before, mail_len), "%s: mail.db unchanged",
		    cases[i].label);
		tap_ok(unchanged(crm, crm_before, crm_len), "%s: crm.db unchanged",
		    cases[i].label);
		db = raw_open(target);
		tap_is_int(raw_int(db, "PRAGMA user_version"), newer,
		    "%s: its version is still %d", cases[i].label, newer);
		sqlite3_close(db);
next:
		free(mail_before);
		free(crm_before);
		free(sql);
		free(mail);
		free(crm);
		free(dir);
	}
}

/* --- the rules the schema keeps ------------------------------------------- */

static void
test_rules(void)
{
	static const char *const cascaded[] = {
		"folders", "threads", "messages", "message_folders", "thread_ids",
		"message_addresses", "raw",
	};
	char *dir = fresh_dir("rules"), *mail = xasprintf("%s/mail.db", dir);
	char *crm = xasprintf("%s/crm.db", dir), *cause = NULL, *sql;
	struct store *st = NULL;
	sqlite3 *db;
	size_t i;

	if (store_open(mail, crm, &st, &cause) != TT_OK) {
		tap_ok(false, "rules: store_open: %s", cause);
		free(cause);
		goto out;
	}
	db = st->db;
	tap_is_int(raw_exec(db,
	    "INSERT INTO accounts (id, name, created_at) VALUES (1, 'work', 1);"
	    "INSERT INTO folders (id, account_id, name, imap_name, role)"
	    " VALUES (1, 1, 'Inbox', 'INBOX', 'inbox');"
	    "INSERT INTO threads (id, account_id, created_at, updated_at)"
	    " VALUES (1, 1, 1, 1);"
	    "INSERT INTO messages (id, account_id, thread_id, message_id, created_at)"
	    " VALUES (1, 1, 1, '<a@x>', 1);"
	    "INSERT INTO message_folders (message_id, folder_id, uid) VALUES (1, 1, 10);"
	    "INSERT INTO message_addresses (message_id, role, position, address)"
	    " VALUES (1, 'from', 0, 'A@X');"
	    "INSERT INTO raw (message_id, bytes) VALUES (1, 'hi');"
	    "INSERT INTO thread_ids (account_id, msgid, thread_id, placeholder)"
	    " VALUES (1, '<a@x>', 1, 0);"
	    "INSERT INTO journal (account_id, folder_id, kind, payload, created_at)"
	    " VALUES (1, 1, 'flag', '{}', 1)"), SQLITE_OK, "rules: one of everything");
	tap_is_int(raw_int(db, "SELECT count(*) FROM message_addresses "
	    "WHERE address = 'a@x'"), 1, "addresses compare without ASCII case");

	tap_is_int(sqlite3_exec(db, "DELETE FROM folders WHERE id = 1", NULL, NULL,
	    NULL), SQLITE_OK, "a folder with a pending intent can go");
	tap_is_int(raw_int(db, "SELECT count(*) FROM journal WHERE folder_id IS NULL"),
	    1, "its intent stays, without the folder");
	tap_ok(refused_by_fk(db, "DELETE FROM accounts WHERE id = 1"),
	    "an account with a pending intent cannot be deleted");
	tap_is_int(raw_exec(db, "DELETE FROM journal; DELETE FROM accounts WHERE id = 1"),
	    SQLITE_OK, "without intents the account can be deleted");
	for (i = 0; i < TT_ARRAY_LEN(cascaded); i++) {
		sql = xasprintf("SELECT count(*) FROM %s", cascaded[i]);
		tap_is_int(raw_int(db, sql), 0, "deleting the account emptied %s",
		    cascaded[i]);
		free(sql);
	}

	tap_is_int(raw_exec(db, "INSERT INTO accounts (id, name, created_at) "
	    "VALUES (2, 'home', 1); INSERT INTO outbox (account_id, raw, created_at) "
	    "VALUES (2, x'00', 1)"), SQLITE_OK, "an outbox row");
	tap_ok(refused_by_fk(db, "DELETE FROM accounts WHERE id = 2"),
	    "an account with queued mail cannot be deleted");
	tap_is_int(sqlite3_exec(db, "INSERT INTO threads (account_id, item_type, "
	    "created_at, updated_at) VALUES (2, 'deal', 1, 1)", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT_CHECK, "a thread link needs both type and id");
	tap_ok(refused_by_fk(db, "INSERT INTO threads (account_id, created_at, "
	    "updated_at) VALUES (99, 1, 1)"), "a thread needs a real account");
	tap_is_int(sqlite3_exec(db, "INSERT INTO folders (account_id, name, "
	    "imap_name, role) VALUES (2, 'X', 'X', 'spam')", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT_CHECK, "a folder role is one of the known ones");

	tap_is_int(raw_exec(db, "INSERT INTO crm.blocked_addresses (pattern, "
	    "created_at) VALUES ('spam@example.com', 1)"), SQLITE_OK,
	    "a global block");
	tap_is_int(sqlite3_exec(db, "INSERT INTO crm.blocked_addresses (pattern, "
	    "created_at) VALUES ('SPAM@example.com', 1)", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT_UNIQUE, "the same global block twice is refused");
	tap_is_int(raw_exec(db, "INSERT INTO crm.blocked_addresses (pattern, "
	    "account, created_at) VALUES ('spam@example.com', 'work', 1)"),
	    SQLITE_OK, "the same pattern for one account");
	tap_is_int(sqlite3_exec(db, "INSERT INTO crm.blocked_addresses (pattern, "
	    "account, created_at) VALUES ('Spam@Example.com', 'work', 1)", NULL,
	    NULL, NULL), SQLITE_CONSTRAINT_UNIQUE,
	    "the same block for one account twice is refused");
	store_close(&st);
out:
	free(dir);
	free(mail);
	free(crm);
}

/* --- locks and odd names --------------------------------------------------- */

static void
test_busy(void)
{
	char *dir = fresh_dir("busy"), *mail = xasprintf("%s/mail.db", dir);
	char *crm = xasprintf("%s/crm.db", dir), *cause = NULL;
	struct store *st = NULL;
	sqlite3 *other;
	tt_status s;

	/* An old file that needs upgrading while another process writes it. */
	other = raw_open(mail);
	_store_migrate(other, STORE_MAIL, 1, mail, NULL);
	raw_exec(other, "PRAGMA journal_mode = WAL");
	raw_exec(other, "BEGIN IMMEDIATE;"
	    "INSERT INTO accounts (name, created_at) VALUES ('busy', 1)");
	tap_diag("waiting out the 5 s busy timeout");
	expect_failure(mail, crm, TT_EBUSY, mail, "is locked by another process",
	    "a file locked by another writer");
	raw_exec(other, "COMMIT");
	sqlite3_close(other);

	s = store_open(mail, crm, &st, &cause);
	tap_is_int(s, TT_OK, "once the lock is gone the open works");
	if (s == TT_OK) {
		tap_is_int(raw_int(st->db, "SELECT count(*) FROM accounts "
		    "WHERE name = 'busy'"), 1, "and sees the other writer's row");
		tap_is_int(store_schema_version(st, STORE_MAIL),
		    store_schema_latest(STORE_MAIL), "and is upgraded");
	}
	free(cause);
	store_close(&st);
	free(dir);
	free(mail);
	free(crm);
}

/* SQLite here reads "file:…" as a URI; tether must treat it as a file name. */
static void
test_uri_like_name(void)
{
	char *dir = fresh_dir("uri"), *cwd = getcwd(NULL, 0), *cause = NULL;
	char *real = xasprintf("%s/file:mail.db?mode=memory", dir);
	struct store *st = NULL;
	tt_status s;

	if (cwd == NULL || chdir(dir) != 0)
		fatalx("cannot enter %s", dir);
	s = store_open("file:mail.db?mode=memory", "file:crm.db", &st, &cause);
	tap_is_int(s, TT_OK, "a name starting with file: opens");
	if (s != TT_OK)
		tap_diag("%s", cause);
	free(cause);
	store_close(&st);
	tap_is_int(file_mode(real), 0600, "and is a file of that very name");
	if (chdir(cwd) != 0)
		fatalx("cannot return to %s", cwd);
	free(real);
	free(cwd);
	free(dir);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *template;
	int rc;

	template = xasprintf("%s/tether-test-store.XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(template) == NULL)
		fatalx("cannot create a temporary directory from %s", template);
	tmp_root = template;

	test_new_files();
	test_upgrade();
	test_rollback();
	test_not_ours();
	test_swapped();
	test_newer();
	test_rules();
	test_uri_like_name();
	test_busy();

	rc = tap_done();
	nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp_root);
	return rc;
}
