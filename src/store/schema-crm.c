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

/*
 * The CRM's items (CRM-01..11).  Times are epoch seconds; dates a user
 * types (expected close, project start/end) are ISO 8601 "YYYY-MM-DD"
 * text, since they are days, not instants.  Every row has updated_at.
 * A deal needs a person or an organization (CRM-03) and a lead too
 * (CRM-09): the code checks it, because deleting a person must be able to
 * say which items would lose their last party.  Money is REAL: the CRM
 * shows and sums values, it does no accounting.
 */
static const char crm_items[] =
	"CREATE TABLE organizations ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" street_number TEXT, route TEXT, subpremise TEXT, sublocality TEXT,"
	" locality TEXT, admin_area_level_1 TEXT, admin_area_level_2 TEXT,"
	" country TEXT, postal_code TEXT, address TEXT,"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" visible_to INTEGER NOT NULL DEFAULT 3 CHECK (visible_to IN (1, 3, 5, 7)),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX organizations_name ON organizations (name COLLATE NOCASE);"

	"CREATE TABLE persons ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" first_name TEXT,"
	" last_name TEXT,"
	" org_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" visible_to INTEGER NOT NULL DEFAULT 3 CHECK (visible_to IN (1, 3, 5, 7)),"
	" marketing_status TEXT NOT NULL DEFAULT 'no_consent' CHECK (marketing_status"
	"  IN ('no_consent', 'subscribed', 'unsubscribed', 'archived')),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX persons_name ON persons (name COLLATE NOCASE);"
	"CREATE INDEX persons_org ON persons (org_id);"

	/* position 0 is the primary address (CRM-01: one primary). */
	"CREATE TABLE person_emails ("
	" person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" value TEXT NOT NULL COLLATE NOCASE,"
	" label TEXT,"
	" PRIMARY KEY (person_id, position)"
	") WITHOUT ROWID;"
	"CREATE INDEX person_emails_value ON person_emails (value);"
	"CREATE TABLE person_phones ("
	" person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" value TEXT NOT NULL,"
	" label TEXT,"
	" PRIMARY KEY (person_id, position)"
	") WITHOUT ROWID;"

	"CREATE TABLE pipelines ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" order_nr INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL"
	");"
	/* CRM-07: a default probability and optional rotting. */
	"CREATE TABLE stages ("
	" id INTEGER PRIMARY KEY,"
	" pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL COLLATE NOCASE,"
	" order_nr INTEGER NOT NULL,"
	" probability INTEGER CHECK (probability BETWEEN 0 AND 100),"
	" rotten_days INTEGER,"
	" UNIQUE (pipeline_id, name)"
	");"

	/* CRM-04/05: the times and the reason that only some statuses have. */
	"CREATE TABLE deals ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" value REAL,"
	" currency TEXT,"
	" pipeline_id INTEGER NOT NULL REFERENCES pipelines(id),"
	" stage_id INTEGER NOT NULL REFERENCES stages(id),"
	" status TEXT NOT NULL DEFAULT 'open'"
	"  CHECK (status IN ('open', 'won', 'lost', 'deleted')),"
	" expected_close TEXT,"
	" probability INTEGER CHECK (probability BETWEEN 0 AND 100),"
	" won_time INTEGER CHECK (won_time IS NULL OR status = 'won'),"
	" lost_time INTEGER CHECK (lost_time IS NULL OR status = 'lost'),"
	" lost_reason TEXT CHECK (lost_reason IS NULL OR status = 'lost'),"
	" close_time INTEGER CHECK (close_time IS NULL OR status IN ('won', 'lost')),"
	" person_id INTEGER REFERENCES persons(id),"
	" org_id INTEGER REFERENCES organizations(id),"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" visible_to INTEGER NOT NULL DEFAULT 3 CHECK (visible_to IN (1, 3, 5, 7)),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX deals_person ON deals (person_id, status);"
	"CREATE INDEX deals_org ON deals (org_id);"
	"CREATE INDEX deals_title ON deals (title COLLATE NOCASE);"

	/* A lead's id is a UUID (CRM-09); converted_to is the deal it became. */
	"CREATE TABLE leads ("
	" id TEXT PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" value REAL,"
	" currency TEXT,"
	" expected_close TEXT,"
	" person_id INTEGER REFERENCES persons(id),"
	" org_id INTEGER REFERENCES organizations(id),"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" archived INTEGER NOT NULL DEFAULT 0,"
	" source TEXT,"
	" converted_to INTEGER REFERENCES deals(id) ON DELETE SET NULL,"
	" visible_to INTEGER NOT NULL DEFAULT 3 CHECK (visible_to IN (1, 3, 5, 7)),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX leads_person ON leads (person_id, archived);"
	"CREATE INDEX leads_org ON leads (org_id);"

	/* Projects have no visible_to (SHARE-17). */
	"CREATE TABLE projects ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" board TEXT,"
	" phase TEXT,"
	" status TEXT NOT NULL DEFAULT 'open'"
	"  CHECK (status IN ('open', 'completed', 'canceled', 'deleted')),"
	" archived INTEGER NOT NULL DEFAULT 0,"
	" start_date TEXT,"
	" end_date TEXT,"
	" person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,"
	" org_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX projects_person ON projects (person_id, status);"
	"CREATE TABLE project_deals ("
	" project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	" deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
	" PRIMARY KEY (project_id, deal_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX project_deals_deal ON project_deals (deal_id);"

	"CREATE TABLE labels ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE COLLATE NOCASE"
	");"
	"CREATE TABLE item_labels ("
	" label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,"
	" item_type TEXT NOT NULL,"
	" item_id TEXT NOT NULL,"
	" PRIMARY KEY (item_type, item_id, label_id)"
	") WITHOUT ROWID;"

	/* A new CRM has one pipeline to put deals in. */
	"INSERT INTO pipelines (id, name, order_nr, created_at)"
	" VALUES (1, 'Sales', 0, strftime('%s', 'now'));"
	"INSERT INTO stages (pipeline_id, name, order_nr, probability) VALUES"
	" (1, 'Lead in', 1, 10), (1, 'Contact made', 2, 25),"
	" (1, 'Proposal made', 3, 50), (1, 'Negotiation', 4, 75);";

/*
 * Templates (CMP-01..04): shared with the company or private to their
 * owner (the Unix user's login), in the order the picker shows them;
 * files kept as bytes.
 */
static const char crm_templates[] =
	"CREATE TABLE templates ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" subject TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" owner TEXT NOT NULL,"
	" private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),"
	" position INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX templates_name ON templates (name COLLATE NOCASE, owner, private);"
	"CREATE TABLE template_files ("
	" template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" content_type TEXT,"
	" inline INTEGER NOT NULL DEFAULT 0,"
	" data BLOB NOT NULL,"
	" PRIMARY KEY (template_id, position)"
	");";

const struct _store_migration _store_crm_migrations[] = {
	{ 1, "core", crm_core },
	{ 2, "items", crm_items },
	{ 3, "templates", crm_templates },
};
const size_t _store_crm_migrations_count = TT_ARRAY_LEN(_store_crm_migrations);
