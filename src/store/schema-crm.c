/* schema-crm.c - crm.db's migrations, in order; never edit one that has shipped, add the next. */
#include "store/store-internal.h"

/*
 * crm.db is the company's file, possibly shared by a team: nothing private
 * to one user's mail belongs here.  Names are unqualified because crm.db is
 * migrated on its own connection, before it is attached as "crm".
 */
static const char crm_core[] =
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" email TEXT COLLATE NOCASE,"
	" created_at INTEGER NOT NULL"
	");"

	/* Company settings, named apart from mail.db's personal settings so
	 * an unqualified name can never reach the wrong file. */
	"CREATE TABLE company_settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT"
	");"

	/*
	 * account NULL blocks the pattern for every account.  UNIQUE treats
	 * NULLs as distinct, so the partial index keeps global patterns unique.
	 */
	"CREATE TABLE blocked_addresses ("
	" id INTEGER PRIMARY KEY,"
	" pattern TEXT NOT NULL COLLATE NOCASE,"
	" account TEXT,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (pattern, account)"
	");"
	"CREATE UNIQUE INDEX blocked_addresses_global ON blocked_addresses (pattern)"
	" WHERE account IS NULL;";

const struct _store_migration _store_crm_migrations[] = {
	{ 1, "core", crm_core },
};
const size_t _store_crm_migrations_count = TT_ARRAY_LEN(_store_crm_migrations);
