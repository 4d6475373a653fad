/*
 * ingest.c - a session of adding messages: parse, dedupe by Message-Id and
 * content hash, store, thread; batched.  Parsing runs on a second thread
 * while this one writes, so two cores share an import; messages are stored
 * in the order they were given.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "mime/mime.h"
#include "thread/thread.h"

/* Messages queued ahead of the writer: enough to keep the parser busy. */
#define INGEST_QUEUE 64

struct job {
	char *raw;                   /* owned copy of the bytes */
	size_t len;
	unsigned flags;
	time_t when;
	uint32_t uid;
	bool headers_only;           /* raw is the header fields, size the whole */
	int64_t size;
	int64_t body_of;             /* raw is the body of this stored message */
	struct mime_message *msg;    /* owned; set by the parser, NULL if unreadable */
	char *why;                   /* owned; why it did not parse */
};

struct ingest {
	struct store *st;        /* foreign */
	/* The queue: jobs [head, parsed) are parsed, [parsed, tail) are not. */
	struct job jobs[INGEST_QUEUE];
	uint64_t head, parsed, tail;
	pthread_mutex_t lock;
	pthread_cond_t wake_parser, wake_writer;
	pthread_t parser;
	bool threaded;           /* false: parse inline (no second thread) */
	bool stopping;
	bool failed;             /* a store error: nothing more is written */
	int64_t account_id;
	int64_t folder_id;
	char **own;              /* owned, lower-cased own addresses */
	size_t nown;
	bool keep_uids;          /* a server's folder: every uid is recorded */
	struct crm_linker *linker; /* owned; NULL: neither screened nor linked */
	size_t in_batch;         /* messages since the last commit */
	bool open_tx;
	struct ingest_stats stats;  /* committed (seen: every message offered) */
	struct ingest_stats batch;  /* in the open transaction, not yet committed */
};

static void
parse_job(struct job *j)
{
	if (mime_parse(j->raw, j->len, j->when, &j->msg, &j->why) != TT_OK)
		j->msg = NULL;
}

/* The second thread: parses queued jobs in order, forever until stopped. */
static void *
parser_main(void *arg)
{
	struct ingest *in = arg;
	struct job *j;

	pthread_mutex_lock(&in->lock);
	for (;;) {
		while (in->parsed == in->tail && !in->stopping)
			pthread_cond_wait(&in->wake_parser, &in->lock);
		if (in->parsed == in->tail && in->stopping)
			break;
		j = &in->jobs[in->parsed % INGEST_QUEUE];
		pthread_mutex_unlock(&in->lock);
		parse_job(j);
		pthread_mutex_lock(&in->lock);
		in->parsed++;
		pthread_cond_signal(&in->wake_writer);
	}
	pthread_mutex_unlock(&in->lock);
	return NULL;
}

tt_status
ingest_open(struct store *st, int64_t account_id, int64_t folder_id,
    const char *const *own, size_t nown, struct ingest **out, char **cause)
{
	struct ingest *in = xcalloc(1, sizeof *in);
	size_t i;

	(void)cause;
	mime_init();
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->wake_parser, NULL);
	pthread_cond_init(&in->wake_writer, NULL);
	in->threaded = pthread_create(&in->parser, NULL, parser_main, in) == 0;
	in->st = st;
	in->account_id = account_id;
	in->folder_id = folder_id;
	in->own = xcalloc(nown + 1, sizeof *in->own);
	for (i = 0; i < nown; i++)
		in->own[i] = ascii_lower(xstrdup(own[i]));
	in->nown = nown;
	store_bulk(st, true);
	*out = in;
	return TT_OK;
}

static bool
is_own(const struct ingest *in, const struct mime_message *msg)
{
	size_t i;

	if (msg->from.n == 0)
		return false;
	for (i = 0; i < in->nown; i++) {
		if (ascii_strcasecmp(msg->from.v[0].email, in->own[i]) == 0)
			return true;
	}
	return false;
}

/*
 * What is kept of bytes that are not a message at all: an id and hash from
 * the bytes, so re-importing them is still recognised, and nothing else.
 */
static struct mime_message *
unparsed_message(const char *raw, size_t len, time_t when)
{
	struct mime_message *m = xcalloc(1, sizeof *m);
	char *hash = mime_content_hash(raw, len);

	m->content_hash = hash;
	m->message_id = xasprintf("unparsed.%.32s@tether.invalid", hash);
	m->message_id_synthetic = true;
	m->subject = xstrdup("");
	m->snippet = xstrdup("");
	m->date = when;
	m->date_flagged = true;
	return m;
}

static void
unparsed_free(struct mime_message *m)
{
	free(m->content_hash);
	free(m->message_id);
	free(m->subject);
	free(m->snippet);
	free(m);
}

static tt_status
batch_begin(struct ingest *in, char **cause)
{
	tt_status s;

	if (in->open_tx)
		return TT_OK;
	if ((s = store_begin(in->st, cause)) == TT_OK)
		in->open_tx = true;
	return s;
}

static tt_status
batch_commit(struct ingest *in, char **cause)
{
	tt_status s;

	if (!in->open_tx)
		return TT_OK;
	in->open_tx = false;
	in->in_batch = 0;
	if ((s = store_commit(in->st, cause)) != TT_OK)
		store_rollback(in->st);
	else {
		in->stats.added += in->batch.added;
		in->stats.duplicates += in->batch.duplicates;
		in->stats.linked += in->batch.linked;
		in->stats.unparsed += in->batch.unparsed;
		in->stats.screened += in->batch.screened;
	}
	memset(&in->batch, 0, sizeof in->batch);
	return s;
}

/* Stores and threads one parsed message. */
static tt_status
add_parsed(struct ingest *in, const struct job *j, const struct mime_message *msg,
    const char *parse_error, char **cause)
{
	struct store_new_message nm = {
		.account_id = in->account_id, .folder_id = in->folder_id,
		.uid = j->uid, .flags = j->flags, .internal_date = j->when,
		.raw = j->raw, .raw_len = j->len, .msg = msg,
		.parse_error = parse_error, .is_sent = is_own(in, msg),
		.headers_only = j->headers_only, .size = j->size,
	};
	uint32_t uid = j->uid;
	int64_t id, existing, thread;
	bool in_folder, created;
	tt_status s;

	if ((s = store_message_find(in->st, in->account_id, msg->message_id,
	    msg->content_hash, &existing, cause)) != TT_OK)
		return s;
	if (existing != 0) {
		if ((s = store_message_in_folder(in->st, existing, in->folder_id,
		    &in_folder, cause)) != TT_OK)
			return s;
		/* A server holding two copies has two uids for them: both are
		 * recorded, or the folder would never match the server. */
		if (in_folder && !in->keep_uids) {
			in->batch.duplicates++;
			return TT_OK;
		}
		/* Moved here by tether: the server's uid replaces the
		 * placeholder it waited under. */
		if (in_folder) {
			bool claimed;

			if ((s = store_message_claim_uid(in->st, existing, in->folder_id,
			    uid, &claimed, cause)) != TT_OK)
				return s;
			if (claimed) {
				in->batch.linked++;
				return TT_OK;
			}
		}
		if ((s = store_message_add_folder(in->st, existing, in->folder_id,
		    uid, cause)) != TT_OK)
			return s;
		in->batch.linked++;
		/* Known from before (another folder, or the same one before its
		 * UIDVALIDITY changed): the server's flags now are the truth. */
		if (in->keep_uids) {
			bool changed;

			s = store_sync_set_flags(in->st, in->folder_id, uid, j->flags,
			    &changed, cause);
		}
		return s;
	}
	/*
	 * No savepoint per message: statements here fail only when the store
	 * itself does (disk full), which ends the session and rolls back the
	 * open batch anyway; a bad message never gets this far as an error.
	 */
	if ((s = store_message_add(in->st, &nm, &id, cause)) != TT_OK)
		return s;
	/* Screened mail is kept, outside every thread and view (BLOCK-02/09). */
	if (in->linker != NULL && !nm.is_sent && parse_error == NULL &&
	    crm_linker_screens(in->linker, msg)) {
		if ((s = store_message_screen(in->st, id, cause)) != TT_OK)
			return s;
		in->batch.added++;
		in->batch.screened++;
		return TT_OK;
	}
	if ((s = thread_place(in->st, in->account_id, id, msg, &thread, &created,
	    cause)) != TT_OK)
		return s;
	/* Item links are decided once, when a thread begins (LINK-14). */
	if (created && in->linker != NULL &&
	    (s = crm_linker_new_thread(in->linker, thread, id, cause)) != TT_OK)
		return s;
	in->batch.added++;
	if (parse_error != NULL)
		in->batch.unparsed++;
	return TT_OK;
}

/* Stores one parsed job (the writer's half), then frees its contents. */
static tt_status
store_job(struct ingest *in, struct job *j, char **cause)
{
	struct mime_message *placeholder = NULL;
	tt_status s;

	in->stats.seen++;
	if (j->body_of != 0) {
		if ((s = batch_begin(in, cause)) == TT_OK)
			s = store_message_set_body(in->st, j->body_of, j->raw, j->len,
			    j->msg, j->msg == NULL ? (j->why != NULL ? j->why :
			    _("unreadable")) : NULL, cause);
		if (s == TT_OK)
			in->batch.added++;
		goto done;
	}
	if (j->msg == NULL) {
		placeholder = unparsed_message(j->raw, j->len, j->when);
		log_msg(LOG_WARN, "message %zu kept raw: %s", in->stats.seen,
		    j->why != NULL ? j->why : "unreadable");
	}
	if ((s = batch_begin(in, cause)) == TT_OK)
		s = add_parsed(in, j, j->msg != NULL ? j->msg : placeholder,
		    placeholder != NULL ? (j->why != NULL ? j->why : _("unreadable")) :
		    NULL, cause);
	if (placeholder != NULL)
		unparsed_free(placeholder);
done:
	if (j->msg != NULL)
		mime_message_free(&j->msg);
	free(j->why);
	free(j->raw);
	memset(j, 0, sizeof *j);
	if (s == TT_OK && ++in->in_batch >= INGEST_BATCH)
		s = batch_commit(in, cause);
	return s;
}

/*
 * Stores parsed jobs from the head: all of them when wait is set (waiting
 * for the parser), else those ready now.  The first failure ends it.
 */
static tt_status
drain(struct ingest *in, bool wait, char **cause)
{
	struct job *j;
	tt_status s = TT_OK;

	/* After a store error SQLite may have ended the transaction itself;
	 * writing on would commit messages one by one outside any batch. */
	if (in->failed)
		return TT_EIO;
	pthread_mutex_lock(&in->lock);
	while (s == TT_OK && in->head < in->tail) {
		if (in->head == in->parsed) {
			if (!wait)
				break;
			pthread_cond_wait(&in->wake_writer, &in->lock);
			continue;
		}
		j = &in->jobs[in->head % INGEST_QUEUE];
		pthread_mutex_unlock(&in->lock);
		s = store_job(in, j, cause);
		pthread_mutex_lock(&in->lock);
		in->head++;
	}
	pthread_mutex_unlock(&in->lock);
	if (s != TT_OK)
		in->failed = true;
	return s;
}

/* Queues one message for the parser (or parses it here without one). */
static tt_status
enqueue(struct ingest *in, const char *raw, size_t len, unsigned flags,
    time_t internal_date, uint32_t uid, bool headers_only, int64_t size,
    int64_t body_of, char **cause)
{
	struct job *j;
	tt_status s;

	/* A full queue: store what is parsed until a slot frees. */
	if (in->tail - in->head == INGEST_QUEUE) {
		pthread_mutex_lock(&in->lock);
		while (in->head == in->parsed)
			pthread_cond_wait(&in->wake_writer, &in->lock);
		pthread_mutex_unlock(&in->lock);
		if ((s = drain(in, false, cause)) != TT_OK)
			return s;
	}
	j = &in->jobs[in->tail % INGEST_QUEUE];
	j->raw = xmalloc(len + 1);
	memcpy(j->raw, raw, len);
	j->raw[len] = '\0';
	j->len = len;
	j->flags = flags;
	j->when = internal_date;
	j->uid = uid;
	j->headers_only = headers_only;
	j->size = size;
	j->body_of = body_of;
	if (!in->threaded) {
		parse_job(j);
		in->tail++;
		in->parsed++;
		return drain(in, false, cause);
	}
	pthread_mutex_lock(&in->lock);
	in->tail++;
	pthread_cond_signal(&in->wake_parser);
	pthread_mutex_unlock(&in->lock);
	return drain(in, false, cause);
}

tt_status
ingest_add(struct ingest *in, const char *raw, size_t len, unsigned flags,
    time_t internal_date, uint32_t uid, char **cause)
{
	return enqueue(in, raw, len, flags, internal_date, uid, false, 0, 0,
	    cause);
}

tt_status
ingest_add_headers(struct ingest *in, const char *header, size_t len,
    unsigned flags, time_t internal_date, uint32_t uid, int64_t size,
    char **cause)
{
	return enqueue(in, header, len, flags, internal_date, uid, true, size, 0,
	    cause);
}

tt_status
ingest_add_body(struct ingest *in, int64_t id, const char *raw, size_t len,
    time_t date, char **cause)
{
	return enqueue(in, raw, len, 0, date, 0, false, 0, id, cause);
}

tt_status
ingest_link(struct ingest *in, const char *account, bool auto_link,
    char **cause)
{
	crm_linker_close(&in->linker);
	return crm_linker_open(in->st, account, (const char *const *)in->own,
	    in->nown, auto_link, &in->linker, cause);
}

void
ingest_keep_uids(struct ingest *in)
{
	in->keep_uids = true;
}

tt_status
ingest_commit(struct ingest *in, char **cause)
{
	tt_status s;

	if ((s = drain(in, true, cause)) != TT_OK)
		return s;
	return batch_commit(in, cause);
}

const struct ingest_stats *
ingest_stats(const struct ingest *in)
{
	return &in->stats;
}

tt_status
ingest_close(struct ingest **inp, struct ingest_stats *final, char **cause)
{
	struct ingest *in = *inp;
	tt_status s;
	size_t i;

	if (in == NULL)
		return TT_OK;
	if (in->failed)
		s = tt_fail(cause, TT_EIO, _("the import stopped at the error above; "
		    "the messages of its last batch were not kept (the earlier "
		    "ones were)"));
	else
		s = drain(in, true, cause);
	if (in->threaded) {
		pthread_mutex_lock(&in->lock);
		in->stopping = true;
		pthread_cond_signal(&in->wake_parser);
		pthread_mutex_unlock(&in->lock);
		pthread_join(in->parser, NULL);
	}
	/* Jobs left by a failure are dropped unstored. */
	for (; in->head < in->tail; in->head++) {
		struct job *j = &in->jobs[in->head % INGEST_QUEUE];

		if (j->msg != NULL)
			mime_message_free(&j->msg);
		free(j->why);
		free(j->raw);
	}
	/* A failed batch may hold half a message: it is undone whole. */
	if (s == TT_OK)
		s = batch_commit(in, cause);
	else if (in->open_tx) {
		store_rollback(in->st);
		in->open_tx = false;
	}
	if (final != NULL)
		*final = in->stats;
	store_bulk(in->st, false);
	crm_linker_close(&in->linker);
	for (i = 0; i < in->nown; i++)
		free(in->own[i]);
	free(in->own);
	pthread_mutex_destroy(&in->lock);
	pthread_cond_destroy(&in->wake_parser);
	pthread_cond_destroy(&in->wake_writer);
	free(in);
	*inp = NULL;
	return s;
}
