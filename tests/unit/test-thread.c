/* test-thread.c - unit tests of src/thread over a real store: order of arrival, missing parents, merges, loops, duplicates, deep chains. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "store/store-internal.h"
#include "thread/thread.h"

static struct store *st;
static int64_t account, folder;

/*
 * Adds a message with id `id`, the given references (a space-separated
 * list, may be ""), date and flags; returns its thread.
 */
static int64_t
add(const char *id, const char *refs, time_t date, unsigned flags,
    const char *from)
{
	struct mime_message msg = { 0 };
	struct mime_addr addr = { (char *)"", (char *)from };
	struct store_new_message nm = { 0 };
	char *copy = xstrdup(refs), *tok, *save = NULL, *cause = NULL;
	int64_t rowid, thread = 0;
	bool created;

	msg.message_id = (char *)id;
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		msg.refs = xreallocarray(msg.refs, msg.nrefs + 1, sizeof *msg.refs);
		msg.refs[msg.nrefs++] = tok;
	}
	msg.subject = (char *)"same subject";
	msg.snippet = (char *)id;
	msg.body = (char *)"body";
	msg.date = date;
	msg.from.v = &addr;
	msg.from.n = from != NULL ? 1 : 0;
	msg.content_hash = (char *)id;
	nm.account_id = account;
	nm.folder_id = folder;
	nm.flags = flags;
	nm.raw = "x";
	nm.raw_len = 1;
	nm.msg = &msg;
	if (store_begin(st, &cause) != TT_OK ||
	    store_message_add(st, &nm, &rowid, &cause) != TT_OK ||
	    thread_place(st, account, rowid, &msg, &thread, &created, &cause) != TT_OK ||
	    store_commit(st, &cause) != TT_OK) {
		tap_diag("add %s: %s", id, cause);
		free(cause);
		store_rollback(st);
	}
	free(msg.refs);
	free(copy);
	return thread;
}

static int64_t
sql_int(const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static int64_t
thread_of(const char *msgid)
{
	char *sql = xasprintf("SELECT thread_id FROM messages WHERE message_id = '%s'",
	    msgid);
	int64_t v = sql_int(sql);

	free(sql);
	return v;
}

static int64_t
count_of(int64_t thread)
{
	char *sql = xasprintf("SELECT message_count FROM threads WHERE id = %lld",
	    (long long)thread);
	int64_t v = sql_int(sql);

	free(sql);
	return v;
}

static void
test_basic(void)
{
	int64_t a = add("a@x", "", 1000, 0, "ann@x"), b, c;

	b = add("b@x", "a@x", 2000, MSG_SEEN, "bob@x");
	c = add("c@x", "a@x b@x", 3000, 0, "ann@x");
	tap_ok(a != 0 && a == b && b == c, "a reply chain is one thread");
	tap_is_int(count_of(a), 3, "with three messages");
	tap_is_int(sql_int("SELECT unread_count FROM threads WHERE id = (SELECT "
	    "thread_id FROM messages WHERE message_id = 'a@x')"), 2,
	    "two of them unread");
	tap_is_int(sql_int("SELECT first_message_at FROM threads WHERE id = (SELECT "
	    "thread_id FROM messages WHERE message_id = 'a@x')"), 1000,
	    "first date is the oldest message's");
	tap_is_int(sql_int("SELECT last_message_at FROM threads WHERE id = (SELECT "
	    "thread_id FROM messages WHERE message_id = 'a@x')"), 3000,
	    "last date is the newest message's");
	tap_is_int(sql_int("SELECT length(participants) - length(replace("
	    "participants, char(10), '')) FROM threads WHERE id = (SELECT thread_id"
	    " FROM messages WHERE message_id = 'a@x')"), 2,
	    "participants are listed once each (ann, bob)");
}

static void
test_no_subject_merge(void)
{
	int64_t t1 = add("s1@x", "", 5000, 0, NULL), t2 = add("s2@x", "", 5001, 0, NULL);

	tap_ok(t1 != 0 && t2 != 0 && t1 != t2,
	    "THR-04: the same subject without ids makes two threads");
}

static void
test_out_of_order(void)
{
	int64_t c = add("o3@x", "o1@x o2@x", 7000, 0, NULL), a, b;

	a = add("o1@x", "", 6000, 0, NULL);
	b = add("o2@x", "o1@x", 6500, 0, NULL);
	tap_ok(c != 0 && a == c && b == c,
	    "a reply that came first is joined by its parent and grandparent");
	tap_is_int(count_of(c), 3, "one thread of three");
	tap_is_int(sql_int("SELECT placeholder FROM thread_ids WHERE msgid = 'o1@x'"),
	    0, "the late parent's id is no longer a placeholder");
	tap_is_int(sql_int("SELECT first_message_at FROM threads WHERE id = (SELECT "
	    "thread_id FROM messages WHERE message_id = 'o3@x')"), 6000,
	    "the thread starts at the late parent's date");
}

static void
test_missing_parent(void)
{
	int64_t b = add("m2@x", "gone@x", 8000, 0, NULL);
	int64_t c = add("m3@x", "gone@x", 8100, 0, NULL);

	tap_ok(b != 0 && b == c, "two replies to a parent never seen share a thread");
}

static void
test_merge(void)
{
	int64_t t1 = add("g1@x", "", 9000, 0, NULL);
	int64_t t2 = add("g2@x", "", 9500, 0, NULL);
	int64_t t3 = add("g3@x", "", 9700, 0, NULL), j, k;
	char *sql;

	/* t2 is linked to a deal, t1 to nothing: the kept (older) thread takes it. */
	sql = xasprintf("UPDATE threads SET item_type = 'deal', item_id = '5',"
	    " link_state = 'linked' WHERE id = %lld", (long long)t2);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	free(sql);
	j = add("g4@x", "g2@x g1@x", 9800, 0, NULL);
	tap_is_int(j, t1, "a message joining two threads lands in the older one");
	tap_is_int(thread_of("g2@x"), t1, "the newer thread's messages moved");
	sql = xasprintf("SELECT count(*) FROM threads WHERE id = %lld", (long long)t2);
	tap_is_int(sql_int(sql), 0, "the newer thread is gone");
	free(sql);
	sql = xasprintf("SELECT item_id FROM threads WHERE id = %lld", (long long)t1);
	tap_is_int(sql_int(sql), 5, "the kept thread took the only item link");
	free(sql);
	tap_is_int(count_of(t1), 3, "and counts all three messages");

	/* Both linked: the older thread's link wins. */
	sql = xasprintf("UPDATE threads SET item_type = 'lead', item_id = '9',"
	    " link_state = 'linked' WHERE id = %lld", (long long)t3);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	free(sql);
	k = add("g5@x", "g3@x g4@x", 9900, 0, NULL);
	tap_is_int(k, t1, "a second merge keeps the oldest thread again");
	sql = xasprintf("SELECT item_type || item_id FROM threads WHERE id = %lld",
	    (long long)t1);
	{
		sqlite3_stmt *stmt;

		sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
		sqlite3_step(stmt);
		tap_is_str((const char *)sqlite3_column_text(stmt, 0), "deal5",
		    "when both were linked, the older thread's link stays");
		sqlite3_finalize(stmt);
	}
	free(sql);
	tap_is_int(count_of(t1), 5, "five messages after two merges");
	tap_is_int(sql_int("SELECT count(*) FROM thread_ids WHERE thread_id NOT IN"
	    " (SELECT id FROM threads)"), 0, "no id points at a dropped thread");
}

static void
test_loops_and_duplicates(void)
{
	int64_t a = add("l1@x", "l2@x", 10000, 0, NULL);
	int64_t b = add("l2@x", "l1@x", 10001, 0, NULL);
	int64_t self = add("self@x", "self@x self@x", 10002, 0, NULL);
	int64_t d1 = add("dup@x", "", 10003, 0, NULL);
	int64_t d2;

	tap_ok(a != 0 && a == b, "two messages referencing each other: one thread, no hang");
	tap_ok(self != 0 && count_of(self) == 1, "a message referencing itself is its own thread");
	/* A second, different message with the same Message-Id. */
	{
		struct mime_message msg = { 0 };
		struct store_new_message nm = { 0 };
		char *cause = NULL;
		int64_t rowid;
		bool created;

		msg.message_id = (char *)"dup@x";
		msg.subject = (char *)"other";
		msg.content_hash = (char *)"other-bytes";
		msg.date = 10004;
		nm.account_id = account;
		nm.folder_id = folder;
		nm.raw = "y";
		nm.raw_len = 1;
		nm.msg = &msg;
		store_begin(st, &cause);
		store_message_add(st, &nm, &rowid, &cause);
		thread_place(st, account, rowid, &msg, &d2, &created, &cause);
		store_commit(st, &cause);
		free(cause);
	}
	tap_ok(d1 != 0 && d1 == d2, "a second message with the same Message-Id joins its thread");
	tap_is_int(count_of(d1), 2, "both are kept");
}

static void
test_deep_chain(void)
{
	struct buf refs = BUF_INIT;
	char id[32], parent[32] = "";
	int64_t first = 0, t = 0, all_same = 1;
	uint64_t t0 = time_mono_ms();
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof id, "deep%d@x", i);
		t = add(id, parent, 20000 + i, 0, NULL);
		if (i == 0)
			first = t;
		all_same &= t == first;
		snprintf(parent, sizeof parent, "%s", id);
	}
	tap_ok(first != 0 && all_same, "a 1,000-deep In-Reply-To chain is one thread");
	tap_is_int(count_of(first), 1000, "of 1,000 messages");
	/* The same depth with full References (999 ids on the last message). */
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof id, "full%d@x", i);
		t = add(id, buf_str(&refs), 40000 + i, 0, NULL);
		if (i == 0)
			first = t;
		all_same &= t == first;
		buf_addf(&refs, "%s%s", refs.len > 0 ? " " : "", id);
	}
	tap_ok(first != 0 && all_same, "a 1,000-deep References chain is one thread");
	tap_diag("2,000 chained messages placed in %llu ms",
	    (unsigned long long)(time_mono_ms() - t0));
	buf_free(&refs);
}

static void
test_listing_order(void)
{
	struct store_query q = { .limit = 3 };
	struct store_thread *v = NULL;
	char *cause = NULL;
	size_t n = 0;

	tap_ok(store_list_threads(st, &q, &v, &n, &cause) == TT_OK && n == 3,
	    "threads can be listed");
	tap_ok(n == 3 && v[0].last_date >= v[1].last_date &&
	    v[1].last_date >= v[2].last_date, "THR-08: newest message first");
	tap_ok(n == 3 && v[0].last_date == 40999, "the newest thread leads");
	store_threads_free(v, n);
	q.folder_id = folder;
	tap_ok(store_list_threads(st, &q, &v, &n, &cause) == TT_OK && n == 3 &&
	    v[0].last_date == 40999, "the same through the folder's index");
	store_threads_free(v, n);
}

int
main(void)
{
	char tmpl[] = "/tmp/tether-test-thread-XXXXXX";
	char *tmp = mkdtemp(tmpl), *mail, *crm, *cause = NULL, *cmd;
	int rc;

	if (tmp == NULL) {
		printf("1..0 # SKIP cannot create a temporary directory\n");
		return 0;
	}
	mail = xasprintf("%s/mail.db", tmp);
	crm = xasprintf("%s/crm.db", tmp);
	if (!tap_ok(store_open(mail, crm, &st, &cause) == TT_OK, "open a store") ||
	    !tap_ok(store_account_ensure(st, "t", NULL, &account, &cause) == TT_OK &&
	    store_folder_ensure(st, account, "INBOX", "inbox", &folder, &cause) == TT_OK,
	    "make an account and a folder")) {
		tap_diag("%s", cause);
		return tap_done();
	}
	test_basic();
	test_no_subject_merge();
	test_out_of_order();
	test_missing_parent();
	test_merge();
	test_loops_and_duplicates();
	test_deep_chain();
	test_listing_order();
	store_close(&st);
	cmd = xasprintf("rm -rf '%s'", tmp);
	rc = system(cmd);
	(void)rc;
	free(cmd);
	free(mail);
	free(crm);
	return tap_done();
}
