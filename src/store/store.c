/* store.c - opens mail.db and attaches crm.db: file modes, identity and version checks, pragmas, close. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store-internal.h"

/* The first 16 bytes of every SQLite 3 database file. */
static const char sqlite_magic[16] = "SQLite format 3";

/* How long a statement waits for another process's lock before EBUSY. */
#define STORE_BUSY_MS 5000

tt_status
_store_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return TT_OK;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return TT_ECORRUPT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TT_EBUSY;
	case SQLITE_PERM:
	case SQLITE_READONLY:
	case SQLITE_AUTH:
		return TT_EPERM;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return TT_EIO;
	default:
		return TT_EDB;
	}
}

tt_status
_store_sqlite_fail(char **cause, int rc, const char *errmsg, const char *path)
{
	tt_status st = _store_status(rc);

	if (errmsg == NULL)
		errmsg = sqlite3_errstr(rc);
	switch (st) {
	case TT_ECORRUPT:
		return tt_fail(cause, st,
		    _("%s is damaged or not an SQLite database (%s); tether leaves "
		    "it untouched; restore it from a backup, or move it away to "
		    "start afresh"), path, errmsg);
	case TT_EBUSY:
		return tt_fail(cause, st,
		    _("%s is locked by another process; wait for it to finish, or "
		    "close it, and try again"), path);
	case TT_EPERM:
		return tt_fail(cause, st,
		    _("%s cannot be written (%s); check the permissions of the file "
		    "and of its directory"), path, errmsg);
	case TT_EIO:
		return tt_fail(cause, st, _("cannot read or write %s: %s"), path,
		    errmsg);
	default:
		return tt_fail(cause, TT_EDB, _("SQLite failed on %s: %s"), path,
		    errmsg);
	}
}

tt_status
_store_pragma_int(sqlite3 *db, const char *sql, int *out, const char *path,
    char **cause)
{
	sqlite3_stmt *stmt = NULL;
	tt_status st = TT_OK;
	int rc;

	*out = 0;
	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(stmt, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			/* A pragma this SQLite was built without answers nothing. */
			rc = SQLITE_MISUSE;
		}
	}
	if (rc != SQLITE_OK)
		st = _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	sqlite3_finalize(stmt);
	return st;
}

/* One header integer of a schema ("main" or "crm", never user input). */
static tt_status
schema_int(sqlite3 *db, const char *schema, const char *pragma, int *out,
    const char *path, char **cause)
{
	char sql[96];

	snprintf(sql, sizeof sql, "PRAGMA %s.%s", schema, pragma);
	return _store_pragma_int(db, sql, out, path, cause);
}

tt_status
_store_identify(sqlite3 *db, const char *schema, enum store_db which,
    const char *path, int *version, char **cause)
{
	int want = which == STORE_MAIL ? STORE_MAIL_APP_ID : STORE_CRM_APP_ID;
	int other = which == STORE_MAIL ? STORE_CRM_APP_ID : STORE_MAIL_APP_ID;
	int latest = store_schema_latest(which);
	int app, ver, objects;
	char sql[96];
	tt_status st;

	*version = 0;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.sqlite_schema", schema);
	if ((st = schema_int(db, schema, "application_id", &app, path,
	    cause)) != TT_OK ||
	    (st = schema_int(db, schema, "user_version", &ver, path,
	    cause)) != TT_OK ||
	    (st = _store_pragma_int(db, sql, &objects, path, cause)) != TT_OK)
		return st;

	if (app == other && which == STORE_MAIL)
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s is a tether CRM database (crm.db), not a mail database; "
		    "check the paths given for mail.db and crm.db"), path);
	if (app == other)
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s is a tether mail database (mail.db), not a CRM database; "
		    "check the paths given for mail.db and crm.db"), path);
	/* A file with no identity, no version and no tables is new (or empty). */
	if (app != want && (app != 0 || ver != 0 || objects != 0)) {
		if (which == STORE_MAIL)
			return tt_fail(cause, TT_ECORRUPT,
			    _("%s is not a tether mail database (it belongs to another "
			    "program); tether leaves it untouched"), path);
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s is not a tether CRM database (it belongs to another "
		    "program); tether leaves it untouched"), path);
	}
	if (ver > latest)
		return tt_fail(cause, TT_EVERSION,
		    _("%s was written by a newer tether (schema %d; this version "
		    "knows up to %d); upgrade tether to open it"), path, ver, latest);
	if (ver < 0)
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s claims the impossible schema version %d, so it is damaged; "
		    "tether leaves it untouched; restore it from a backup, or move "
		    "it away to start afresh"), path, ver);
	*version = ver;
	return TT_OK;
}

/*
 * Looks at a file before SQLite does: it must be missing, empty, or start
 * with the SQLite magic.  SQLite would otherwise only say "not a database"
 * at the first query, and a missing file must be created by us, 0600.
 */
static tt_status
file_check(const char *path, bool private, bool *exists, char **cause)
{
	char head[sizeof sqlite_magic];
	struct stat sb;
	size_t got = 0;
	ssize_t n;
	int fd, err;

	*exists = false;
	/* O_NONBLOCK: a FIFO in its place must not hang the open. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
		if (err == ENOENT)
			return TT_OK;
		return tt_fail(cause, err == EACCES || err == EPERM ? TT_EPERM :
		    TT_EIO, _("cannot open %s: %s"), path, strerror(err));
	}
	*exists = true;
	if (fstat(fd, &sb) != 0) {
		err = errno;
		close(fd);
		return tt_fail(cause, TT_EIO, _("cannot read %s: %s"), path,
		    strerror(err));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s is not a regular file, so it cannot be a tether database; "
		    "give tether the path of a file"), path);
	}
	while (got < sizeof head) {
		n = read(fd, head + got, sizeof head - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			return tt_fail(cause, TT_EIO, _("cannot read %s: %s"), path,
			    strerror(err));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == 0)
		return TT_OK;
	if (got < sizeof head || memcmp(head, sqlite_magic, sizeof head) != 0)
		return tt_fail(cause, TT_ECORRUPT,
		    _("%s is not an SQLite database (damaged, or another program's "
		    "file); tether leaves it untouched; move it away to start "
		    "afresh"), path);
	if (private && (sb.st_mode & 077) != 0)
		log_msg(LOG_WARN, "%s can be read by other users (mode %03o); "
		    "chmod 600 it", path, (unsigned)(sb.st_mode & 0777));
	return TT_OK;
}

/* Creates the parent directory (0700 when new) and an empty file, 0600. */
static tt_status
file_create(const char *path, bool private, char **cause)
{
	char *dir = xstrdup(path);
	bool exists;
	tt_status st;
	int fd, err;

	st = path_mkdirs(dirname(dir), 0700, cause);
	free(dir);
	if (st != TT_OK)
		return st;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		err = errno;
		/* Another process made it meanwhile: judge what it made. */
		if (err == EEXIST) {
			st = file_check(path, private, &exists, cause);
			if (st == TT_OK && !exists)
				st = tt_fail(cause, TT_EIO,
				    _("cannot create %s: %s"), path, strerror(err));
			return st;
		}
		return tt_fail(cause, err == EACCES || err == EPERM ? TT_EPERM :
		    TT_EIO, _("cannot create %s: %s"), path, strerror(err));
	}
	/* Exactly 0600, whatever a default ACL on the directory would grant. */
	if (fchmod(fd, 0600) != 0) {
		err = errno;
		close(fd);
		unlink(path);
		return tt_fail(cause, TT_EIO, _("cannot set the mode of %s: %s"),
		    path, strerror(err));
	}
	close(fd);
	return TT_OK;
}

/* Debian's SQLite reads "file:…" names as URIs: keep a path a path. */
static char *
sqlite_name(const char *path)
{
	if (strncmp(path, "file:", 5) == 0)
		return xasprintf("./%s", path);
	return xstrdup(path);
}

/*
 * Opens an existing file.  Without SQLITE_OPEN_CREATE a file removed since
 * we made it is an error rather than a new one with the umask's mode.
 */
static tt_status
conn_open(const char *path, sqlite3 **out, char **cause)
{
	char *name = sqlite_name(path);
	sqlite3 *db = NULL;
	tt_status st;
	int rc;

	*out = NULL;
	rc = sqlite3_open_v2(name, &db, SQLITE_OPEN_READWRITE, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		st = _store_sqlite_fail(cause, rc,
		    db != NULL ? sqlite3_errmsg(db) : NULL, path);
		sqlite3_close(db);
		return st;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	/* Reads through a memory map: no copy and no system call per page. */
	sqlite3_exec(db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
	rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		st = _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
		sqlite3_close(db);
		return st;
	}
	*out = db;
	return TT_OK;
}

/* WAL and synchronous=NORMAL for one schema; only for files known to be ours. */
static tt_status
set_journal(sqlite3 *db, const char *schema, const char *path, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	const unsigned char *mode;
	char sql[64];
	tt_status st = TT_OK;
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA %s.journal_mode = WAL", schema);
	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		mode = sqlite3_column_text(stmt, 0);
		/* Still usable without WAL, only slower and more often locked. */
		if (mode == NULL || strcmp((const char *)mode, "wal") != 0)
			log_msg(LOG_WARN, "%s: journal mode is %s, not wal", path,
			    mode != NULL ? (const char *)mode : "unknown");
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		st = _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	sqlite3_finalize(stmt);
	if (st != TT_OK)
		return st;

	snprintf(sql, sizeof sql, "PRAGMA %s.synchronous = NORMAL", schema);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	return TT_OK;
}

static tt_status
attach_crm(sqlite3 *db, const char *path, char **cause)
{
	char *name = sqlite_name(path);
	sqlite3_stmt *stmt = NULL;
	tt_status st = TT_OK;
	int rc;

	rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS " STORE_CRM_SCHEMA, -1,
	    &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		st = _store_sqlite_fail(cause, rc, sqlite3_errmsg(db), path);
	sqlite3_finalize(stmt);
	free(name);
	return st;
}

/* Opens a file on a connection of its own and checks it is ours and not newer. */
static tt_status
judge(const char *path, enum store_db which, sqlite3 **db, char **cause)
{
	int version;
	tt_status st;

	if ((st = conn_open(path, db, cause)) != TT_OK)
		return st;
	if ((st = _store_identify(*db, "main", which, path, &version,
	    cause)) != TT_OK) {
		sqlite3_close(*db);
		*db = NULL;
	}
	return st;
}

/*
 * Existing files are judged before anything is created or written: a bad
 * crm.db must not leave a new mail.db behind, and a file that is foreign,
 * damaged or newer is never written.  crm.db is migrated on a connection of
 * its own, where it is "main", then attached.
 */
tt_status
store_open(const char *mail_path, const char *crm_path, struct store **out,
    char **cause)
{
	sqlite3 *mail = NULL, *crm = NULL;
	bool mail_exists, crm_exists;
	struct store *st;
	tt_status s;
	int version;

	*out = NULL;
	if ((s = file_check(mail_path, true, &mail_exists, cause)) != TT_OK ||
	    (s = file_check(crm_path, false, &crm_exists, cause)) != TT_OK)
		return s;
	if ((mail_exists && (s = judge(mail_path, STORE_MAIL, &mail,
	    cause)) != TT_OK) ||
	    (crm_exists && (s = judge(crm_path, STORE_CRM, &crm, cause)) != TT_OK))
		goto fail;
	/* crm.db is made 0600 too; a team widens it to its group by hand. */
	if ((!mail_exists && ((s = file_create(mail_path, true, cause)) != TT_OK ||
	    (s = judge(mail_path, STORE_MAIL, &mail, cause)) != TT_OK)) ||
	    (!crm_exists && ((s = file_create(crm_path, false, cause)) != TT_OK ||
	    (s = judge(crm_path, STORE_CRM, &crm, cause)) != TT_OK)))
		goto fail;

	/* Both are tether's and not newer: from here on they may be written. */
	if ((s = set_journal(mail, "main", mail_path, cause)) != TT_OK ||
	    (s = _store_migrate(mail, STORE_MAIL, store_schema_latest(STORE_MAIL),
	    mail_path, cause)) != TT_OK ||
	    (s = set_journal(crm, "main", crm_path, cause)) != TT_OK ||
	    (s = _store_migrate(crm, STORE_CRM, store_schema_latest(STORE_CRM),
	    crm_path, cause)) != TT_OK)
		goto fail;
	sqlite3_close(crm);
	crm = NULL;

	/* Judged again once attached, in case the file was swapped meanwhile. */
	if ((s = attach_crm(mail, crm_path, cause)) != TT_OK ||
	    (s = _store_identify(mail, STORE_CRM_SCHEMA, STORE_CRM, crm_path,
	    &version, cause)) != TT_OK ||
	    (s = set_journal(mail, STORE_CRM_SCHEMA, crm_path, cause)) != TT_OK)
		goto fail;

	st = xcalloc(1, sizeof *st);
	st->fts_gone_max = -1;
	st->db = mail;
	st->mail_path = xstrdup(mail_path);
	st->crm_path = xstrdup(crm_path);
	*out = st;
	return TT_OK;

fail:
	sqlite3_close(crm);
	sqlite3_close(mail);
	return s;
}

void
store_close(struct store **stp)
{
	struct store *st;

	if (stp == NULL || (st = *stp) == NULL)
		return;
	_store_fts_drop(st);
	_store_stmts_clear(st);
	/* A statement left unfinalized is a bug; close anyway, lazily. */
	if (sqlite3_close(st->db) != SQLITE_OK) {
		log_msg(LOG_WARN, "%s: closed with statements still open: %s",
		    st->mail_path, sqlite3_errmsg(st->db));
		sqlite3_close_v2(st->db);
	}
	free(st->mail_path);
	free(st->crm_path);
	free(st);
	*stp = NULL;
}

int
store_schema_version(struct store *st, enum store_db which)
{
	int version;

	if (st == NULL)
		return -1;
	if (schema_int(st->db, which == STORE_MAIL ? "main" : STORE_CRM_SCHEMA,
	    "user_version", &version, st->mail_path, NULL) != TT_OK)
		return -1;
	return version;
}
