/* store.h - the one public header of src/store: the SQLite cache (mail.db + attached crm.db). */
#ifndef TETHER_STORE_H
#define TETHER_STORE_H

/*
 * Files of this library and their jobs:
 *   store.c        open mail.db, attach crm.db, pragmas, identity checks, close
 *   migrate.c      schema migrations through PRAGMA user_version, one transaction each run
 *   schema-mail.c  mail.db migrations, in order; never edit one that has shipped
 *   schema-crm.c   crm.db migrations, in order; never edit one that has shipped
 *
 * Nothing outside src/store runs SQL: other layers call store_* functions.
 * Every statement is prepared with bound parameters.
 */

#include "util/util.h"

struct store;

/* Which of the two files. */
enum store_db { STORE_MAIL, STORE_CRM };

/*
 * Opens (creating when missing) mail.db at mail_path with mode 0600 and its
 * parent directory 0700, then ATTACHes crm.db at crm_path as schema "crm"
 * (created 0600 when missing).  Both get WAL, foreign keys, a busy timeout,
 * and are migrated to the newest schema, each in one transaction.
 * A file that is not SQLite, not tether's, damaged, or from a newer tether is
 * never written to.
 * Both existing files are checked before either is written, so a refused
 * crm.db leaves mail.db as it was.
 * Returns TT_OK, TT_EIO/TT_EPERM (cannot create/open), TT_ECORRUPT (damaged,
 * foreign, swapped, or not a regular file), TT_EVERSION (newer schema),
 * TT_EBUSY (locked), TT_EDB.
 */
tt_status store_open(const char *mail_path, const char *crm_path,
    struct store **out, char **cause);
void store_close(struct store **st);

/* The schema version a file is at now (after store_open, the newest);
 * -1 when the database cannot be read. */
int store_schema_version(struct store *st, enum store_db which);
/* The newest schema version this build knows. */
int store_schema_latest(enum store_db which);

#endif
