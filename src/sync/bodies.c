/* bodies.c - the body phase: whole messages, newest first, fetched in batches and parsed beside the download. */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "sync/sync-internal.h"

/* A batch ends at this many messages or bytes, whichever comes first:
 * small enough that a write lock is short, large enough to stream. */
#define BODY_BATCH 100
#define BODY_BATCH_BYTES (8u << 20)

struct body_fetch {
	struct ingest *in;
	struct store_body_want *by_uid;  /* sorted by uid */
	size_t n;
	uint64_t done;
};

static int
by_uid(const void *a, const void *b)
{
	const struct store_body_want *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

static const struct store_body_want *
find_uid(const struct body_fetch *b, uint32_t uid)
{
	struct store_body_want key = { .uid = uid };

	return bsearch(&key, b->by_uid, b->n, sizeof key, by_uid);
}

static tt_status
on_body(void *arg, const struct imap_resp *r, char **cause)
{
	struct body_fetch *b = arg;
	const struct imap_val *items, *body;
	const struct store_body_want *w;
	uint64_t uid;

	if (r->name == NULL || strcmp(r->name, "FETCH") != 0 || r->data.n < 1 ||
	    r->data.v[0].type != IMAP_LIST)
		return TT_OK;
	items = &r->data.v[0];
	body = imap_fetch_item(items, "BODY[");
	/* NIL: the message went meanwhile; the next sync sees it gone. */
	if (body == NULL || body->type == IMAP_LIST || body->type == IMAP_NIL ||
	    imap_val_number(imap_fetch_item(items, "UID"), UINT32_MAX, &uid) != TT_OK ||
	    (w = find_uid(b, (uint32_t)uid)) == NULL)
		return TT_OK;
	b->done++;
	return ingest_add_body(b->in, w->message_id, body->s, body->len, w->date,
	    cause);
}

tt_status
_sync_bodies(struct _sync *s, struct _sync_folder *f, char **cause)
{
	struct body_fetch b = { 0 };
	struct store_body_want *want = NULL;
	struct imap_uidset set = { 0 };
	struct ingest_stats st;
	size_t n = 0, sent = 0, end;
	unsigned tags[2];
	uint64_t bytes;
	int k = 0, waiting = 0;
	int64_t committed_ms = time_mono_ms();
	char *text;
	tt_status r;

	if ((r = store_sync_bodies_wanted(s->st, f->state.id, 0, 0, &want, &n,
	    cause)) != TT_OK || n == 0) {
		free(want);
		return r;
	}
	/* The header phase left another folder open. */
	if (s->selected != f->state.id) {
		if ((r = imap_command(s->im, NULL, NULL, cause, "EXAMINE %q",
		    f->imap_name)) != TT_OK)
			goto out;
		s->selected = f->state.id;
	}
	b.by_uid = xreallocarray(NULL, n, sizeof *b.by_uid);
	memcpy(b.by_uid, want, n * sizeof *want);
	b.n = n;
	qsort(b.by_uid, n, sizeof *b.by_uid, by_uid);
	if ((r = ingest_open(s->st, s->account_id, f->state.id, NULL, 0, &b.in,
	    cause)) != TT_OK)
		goto out;
	_sync_progress(s, f->name, "bodies", 0, n);
	/* Two batches in flight, newest first, as in the header phase. */
	while (r == TT_OK && (sent < n || waiting > 0)) {
		while (r == TT_OK && sent < n && waiting < 2) {
			bytes = 0;
			for (end = sent; end < n && end - sent < BODY_BATCH &&
			    (bytes < BODY_BATCH_BYTES || end == sent); end++) {
				bytes += (uint64_t)(want[end].size > 0 ? want[end].size : 0);
				imap_uidset_add(&set, want[end].uid, want[end].uid);
			}
			text = imap_uidset_format(&set);
			r = imap_send(s->im, &tags[(k + waiting) % 2], cause,
			    "UID FETCH %s (UID BODY.PEEK[])", text);
			free(text);
			imap_uidset_free(&set);
			sent = end;
			waiting++;
		}
		if (r != TT_OK)
			break;
		r = imap_wait(s->im, tags[k % 2], on_body, &b, NULL, cause);
		waiting--;
		k++;
		/* ingest commits every INGEST_BATCH messages; on a slow link a
		 * step is made durable after a few seconds too. */
		if (r == TT_OK && time_mono_ms() - committed_ms > 3000) {
			r = ingest_commit(b.in, cause);
			committed_ms = time_mono_ms();
		}
		_sync_progress(s, f->name, "bodies", b.done, n);
	}
	if (r != TT_OK) {
		char *ignored = NULL;

		(void)ingest_close(&b.in, NULL, &ignored);
		free(ignored);
		goto out;
	}
	r = ingest_close(&b.in, &st, cause);
	s->stats->bodies += st.added;
	if (r == TT_OK && st.added > 0)
		_sync_changed(s, f->name);
out:
	free(b.by_uid);
	free(want);
	return r;
}

tt_status
_sync_one_body(struct _sync *s, struct _sync_folder *f, uint32_t uid,
    int64_t message_id, char **cause)
{
	struct store_body_want want = { .message_id = message_id, .uid = uid };
	struct body_fetch b = { .by_uid = &want, .n = 1 };
	char *ignored = NULL;
	tt_status r;

	if (s->selected != f->state.id) {
		if ((r = imap_command(s->im, NULL, NULL, cause, "EXAMINE %q",
		    f->imap_name)) != TT_OK)
			return r;
		s->selected = f->state.id;
	}
	if ((r = ingest_open(s->st, s->account_id, f->state.id, NULL, 0, &b.in,
	    cause)) != TT_OK)
		return r;
	r = imap_command(s->im, on_body, &b, cause, "UID FETCH %u (UID BODY.PEEK[])",
	    uid);
	if (r != TT_OK) {
		(void)ingest_close(&b.in, NULL, &ignored);
		free(ignored);
		return r;
	}
	if ((r = ingest_close(&b.in, NULL, cause)) == TT_OK && b.done > 0)
		_sync_changed(s, f->name);
	return r;
}
