/* schema-mail.c - mail.db's migrations, in order; never edit one that has shipped, add the next. */
#include "store/store-internal.h"

/*
 * Times are seconds since the epoch (UTC), written by the code through
 * time_now() so tests can pin them; booleans are 0/1 integers.
 * Deleting an account takes its folders, threads and messages with it, but
 * never a pending intent: journal and outbox rows RESTRICT the delete, so
 * unsent mail or unreplayed changes cannot vanish without a word.
 */
static const char mail_core[] =
	"CREATE TABLE accounts ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" email TEXT,"
	" state TEXT NOT NULL DEFAULT 'ok'"
	"  CHECK (state IN ('ok', 'paused', 'needs_reauth')),"
	" last_error TEXT,"
	" created_at INTEGER NOT NULL"
	");"

	/* name is UTF-8 for display; imap_name is the mailbox name as on the wire. */
	"CREATE TABLE folders ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" imap_name TEXT NOT NULL,"
	" role TEXT CHECK (role IN ('inbox', 'sent', 'drafts', 'archive', 'trash',"
	"  'junk') OR role IS NULL),"
	" selected INTEGER NOT NULL DEFAULT 1,"
	" uidvalidity INTEGER,"
	" uidnext INTEGER,"
	" highestmodseq INTEGER,"
	" synced_since INTEGER,"
	" last_sync_at INTEGER,"
	" UNIQUE (account_id, imap_name)"
	");"

	/*
	 * The unit of the index pane, kept summarised so a listing reads one
	 * row per thread.  shared NULL follows the default; a thread links to
	 * at most one CRM item (item_id is the item's id in crm.db, which no
	 * foreign key can reach across files).
	 */
	"CREATE TABLE threads ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" subject TEXT,"
	" snippet TEXT,"
	" message_count INTEGER NOT NULL DEFAULT 0,"
	" unread_count INTEGER NOT NULL DEFAULT 0,"
	" has_attachments INTEGER NOT NULL DEFAULT 0,"
	" has_draft INTEGER NOT NULL DEFAULT 0,"
	" has_sent INTEGER NOT NULL DEFAULT 0,"
	" first_message_at INTEGER,"
	" last_message_at INTEGER,"
	" last_sent_at INTEGER,"
	" last_received_at INTEGER,"
	" participants TEXT,"
	" archived INTEGER NOT NULL DEFAULT 0,"
	" deleted INTEGER NOT NULL DEFAULT 0,"
	" external_deleted INTEGER NOT NULL DEFAULT 0,"
	" shared INTEGER,"
	" item_type TEXT CHECK (item_type IN ('deal', 'lead', 'project')),"
	" item_id TEXT,"
	" link_state TEXT NOT NULL DEFAULT 'none'"
	"  CHECK (link_state IN ('none', 'linked', 'choose')),"
	" link_reason TEXT,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" CHECK ((item_type IS NULL) = (item_id IS NULL))"
	");"
	"CREATE INDEX threads_list ON threads"
	" (account_id, deleted, archived, last_message_at DESC);"
	"CREATE INDEX threads_recent ON threads (last_message_at DESC);"

	/*
	 * Which folders hold a thread's messages, with the newest date there,
	 * so the first page of a folder's threads is an index range, not a
	 * scan of the folder (a million-message folder pages as fast as a
	 * small one).
	 */
	"CREATE TABLE thread_folders ("
	" thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	" folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,"
	" last_message_at INTEGER,"
	" PRIMARY KEY (thread_id, folder_id)"
	");"
	"CREATE INDEX thread_folders_list ON thread_folders"
	" (folder_id, last_message_at DESC);"

	/*
	 * One row per message per account, however many folders hold it.
	 * thread_id has no ON DELETE: threads merge and never split, so a
	 * thread is only dropped once its messages have moved (or with its
	 * account, which takes both in one statement).  Addresses compare
	 * without ASCII case.
	 */
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" thread_id INTEGER REFERENCES threads(id),"
	" message_id TEXT NOT NULL,"
	" message_id_synthetic INTEGER NOT NULL DEFAULT 0,"
	" in_reply_to TEXT,"
	" subject TEXT,"
	" from_name TEXT,"
	" from_addr TEXT COLLATE NOCASE,"
	" date INTEGER,"
	" date_flagged INTEGER NOT NULL DEFAULT 0,"
	" internal_date INTEGER,"
	" size INTEGER,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" has_attachments INTEGER NOT NULL DEFAULT 0,"
	" snippet TEXT,"
	" body_state TEXT NOT NULL DEFAULT 'none'"
	"  CHECK (body_state IN ('none', 'fetched', 'failed')),"
	" parse_error TEXT,"
	" screened INTEGER NOT NULL DEFAULT 0,"
	" is_sent INTEGER NOT NULL DEFAULT 0,"
	" content_hash TEXT,"
	" created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX messages_thread ON messages (thread_id, date);"
	"CREATE INDEX messages_date ON messages (date DESC);"
	/* is:unread and is:flagged page newest first without a scan. */
	"CREATE INDEX messages_unread ON messages (date DESC) WHERE flags & 1 = 0;"
	"CREATE INDEX messages_flagged ON messages (date DESC) WHERE flags & 4 = 4;"
	"CREATE INDEX messages_msgid ON messages (account_id, message_id);"

	/* date copies messages.date so a folder lists newest first from an index. */
	"CREATE TABLE message_folders ("
	" message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	" folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,"
	" uid INTEGER NOT NULL,"
	" modseq INTEGER,"
	" date INTEGER,"
	" PRIMARY KEY (folder_id, uid)"
	");"
	"CREATE INDEX message_folders_message ON message_folders (message_id);"
	"CREATE INDEX message_folders_date ON message_folders (folder_id, date DESC);"

	/* person_id points into crm.db, so no foreign key can guard it. */
	"CREATE TABLE message_addresses ("
	" message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	" role TEXT NOT NULL CHECK (role IN ('from', 'sender', 'reply-to', 'to',"
	"  'cc', 'bcc')),"
	" position INTEGER NOT NULL,"
	" name TEXT,"
	" address TEXT NOT NULL COLLATE NOCASE,"
	" person_id INTEGER,"
	" PRIMARY KEY (message_id, role, position)"
	") WITHOUT ROWID;"
	"CREATE INDEX message_addresses_address ON message_addresses (address);"

	/*
	 * Every Message-Id seen or referenced, mapped to its thread; a
	 * placeholder is one only referenced so far, which lets a late parent
	 * join the thread its replies already built.  (A message's own
	 * References are not kept apart: the raw bytes hold them.)
	 */
	"CREATE TABLE thread_ids ("
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" msgid TEXT NOT NULL,"
	" thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	" placeholder INTEGER NOT NULL DEFAULT 1,"
	" PRIMARY KEY (account_id, msgid)"
	") WITHOUT ROWID;"
	"CREATE INDEX thread_ids_thread ON thread_ids (thread_id);"

	/*
	 * The bytes as received: the source of truth.  The readable text is
	 * derived from them when shown (a later parser reads them afresh);
	 * no row means the body has not been fetched yet.
	 */
	"CREATE TABLE raw ("
	" message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
	" bytes BLOB NOT NULL"
	");"

	"CREATE TABLE attachments ("
	" message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" filename TEXT,"
	" content_type TEXT,"
	" size INTEGER,"
	" content_id TEXT,"
	" inline INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (message_id, position)"
	");"

	/*
	 * Durable intents for the sync engine.  A vanished folder must not
	 * block sync or take the intent with it: folder_id goes NULL and the
	 * replay, which reads the payload, fails the row visibly.
	 */
	"CREATE TABLE journal ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,"
	" folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,"
	" kind TEXT NOT NULL,"
	" payload TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending'"
	"  CHECK (state IN ('pending', 'failed')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_try_at INTEGER,"
	" last_error TEXT,"
	" created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX journal_account ON journal (account_id, state, next_try_at);"
	"CREATE INDEX journal_folder ON journal (folder_id);"

	/* send_at NULL means as soon as possible. */
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,"
	" raw BLOB NOT NULL,"
	" send_at INTEGER,"
	" state TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK (state IN ('queued', 'sending', 'failed', 'sent')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" sent_late INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX outbox_account ON outbox (account_id, state, send_at);"

	/* Personal settings; the company's live in crm.company_settings. */
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT"
	");";

/*
 * Full-text search; rowid is messages.id.  Contentless: the text already
 * lives in messages and raw, and search only needs matching rowids.
 * The store code writes rows (and, to delete one, the same values again)
 * from one function, since no trigger can see decoded text.
 */
static const char mail_search[] =
	"CREATE VIRTUAL TABLE message_fts USING fts5("
	"subject, sender, recipients, body, content = '',"
	" tokenize = 'unicode61 remove_diacritics 2');"
	/* 16 MiB of pending terms: one segment per import batch, not dozens. */
	"INSERT INTO message_fts (message_fts, rank) VALUES ('hashsize', 16777216);";

/*
 * Sync.  A message that leaves the store keeps its search row: the
 * contentless index can only delete a row given the exact text it was
 * built from, which a later parser might not reproduce.  Its id is kept
 * here instead, searches never see it (they join messages), and ids are
 * never handed out again while a tombstone holds them.
 * purge_pending asks for the messages no folder holds to be dropped once
 * every folder has been read (one may only have moved).
 */
static const char mail_sync[] =
	"CREATE TABLE fts_gone ("
	" id INTEGER PRIMARY KEY"
	");"
	"ALTER TABLE accounts ADD COLUMN purge_pending INTEGER NOT NULL DEFAULT 0;";

/*
 * The journal's intents as columns the replay reads: the message's uid in
 * folder_id, the flag bits to add and remove (and those it had, to revert
 * a refusal), the folder a move goes to.  A moved message waits in the
 * target folder under uid -id (the intent's id) until the server says
 * its real uid.
 */
static const char mail_journal[] =
	"ALTER TABLE journal ADD COLUMN uid INTEGER;"
	"ALTER TABLE journal ADD COLUMN add_flags INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE journal ADD COLUMN remove_flags INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE journal ADD COLUMN before_flags INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE journal ADD COLUMN target_id INTEGER"
	" REFERENCES folders(id) ON DELETE SET NULL;"
	"ALTER TABLE journal ADD COLUMN message_id INTEGER"
	" REFERENCES messages(id) ON DELETE SET NULL;"
	"CREATE INDEX journal_uid ON journal (folder_id, uid);"
	"CREATE INDEX journal_target ON journal (target_id);"
	"CREATE INDEX journal_message ON journal (message_id);";

/*
 * Links.  Item views find a deal's threads and a person's addresses by
 * index; screened messages (BLOCK-02) stay out of threads until released.
 */
static const char mail_links[] =
	"CREATE INDEX threads_item ON threads (item_type, item_id)"
	" WHERE item_id IS NOT NULL;"
	"CREATE INDEX message_addresses_person ON message_addresses (person_id)"
	" WHERE person_id IS NOT NULL;"
	"CREATE INDEX messages_screened ON messages (account_id)"
	" WHERE screened = 1;";

/*
 * Compose.  The outbox row is the message as it will leave (raw built and
 * smart fields frozen when queued, CMP-13), its envelope, and what the
 * engine learnt: temporary failures wait for next_try_at, permanent ones
 * stay 'failed' with the server's reply.  appended: the copy reached the
 * Sent folder (or the provider files it itself).  A draft keeps the
 * fields as typed and its files' bytes, so nothing depends on a path.
 */
static const char mail_compose[] =
	"ALTER TABLE outbox ADD COLUMN message_id TEXT;"
	"ALTER TABLE outbox ADD COLUMN mail_from TEXT;"
	"ALTER TABLE outbox ADD COLUMN rcpts TEXT;"
	"ALTER TABLE outbox ADD COLUMN subject TEXT;"
	"ALTER TABLE outbox ADD COLUMN next_try_at INTEGER;"
	"ALTER TABLE outbox ADD COLUMN reply_code INTEGER;"
	"ALTER TABLE outbox ADD COLUMN sent_at INTEGER;"
	"ALTER TABLE outbox ADD COLUMN appended INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE outbox ADD COLUMN item_type TEXT;"
	"ALTER TABLE outbox ADD COLUMN item_id TEXT;"
	"ALTER TABLE outbox ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE drafts ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
	" to_addrs TEXT, cc_addrs TEXT, bcc_addrs TEXT,"
	" subject TEXT, body TEXT,"
	" in_reply_to TEXT, refs TEXT,"
	" item_type TEXT, item_id TEXT,"
	" shared INTEGER,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE TABLE draft_files ("
	" draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" content_type TEXT,"
	" inline INTEGER NOT NULL DEFAULT 0,"
	" data BLOB NOT NULL,"
	" PRIMARY KEY (draft_id, position)"
	");"
	/* CMP-07: several signatures, one default per account (account_id
	 * NULL: every account without its own). */
	"CREATE TABLE signatures ("
	" id INTEGER PRIMARY KEY,"
	" account TEXT,"
	" name TEXT NOT NULL,"
	" body TEXT NOT NULL,"
	" is_default INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (account, name)"
	");";

/*
 * Drafts on the server: server_pending says the Drafts folder's copy is
 * older than the local draft; server_msgid names that copy (replaced, not
 * added to).  Copies of drafts that were sent or discarded wait in
 * drafts_gone until the engine removes them from the server.
 */
static const char mail_server_drafts[] =
	"ALTER TABLE drafts ADD COLUMN server_pending INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE drafts ADD COLUMN server_msgid TEXT;"
	"CREATE TABLE drafts_gone ("
	" account TEXT NOT NULL,"
	" message_id TEXT NOT NULL,"
	" PRIMARY KEY (account, message_id)"
	");";

/* CMP-33: the visibility chosen in the composer, for the thread the sent
 * message starts (NULL: the thread follows default_sharing). */
static const char mail_outbox_shared[] =
	"ALTER TABLE outbox ADD COLUMN shared INTEGER;";

const struct _store_migration _store_mail_migrations[] = {
	{ 1, "core", mail_core },
	{ 2, "search", mail_search },
	{ 3, "sync", mail_sync },
	{ 4, "journal", mail_journal },
	{ 5, "links", mail_links },
	{ 6, "compose", mail_compose },
	{ 7, "server drafts", mail_server_drafts },
	{ 8, "outbox sharing", mail_outbox_shared },
};
const size_t _store_mail_migrations_count = TT_ARRAY_LEN(_store_mail_migrations);
