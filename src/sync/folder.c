/* folder.c - one folder's header phase: SELECT with QRESYNC or CONDSTORE, expunges, flag changes, new UIDs newest first. */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "sync/sync-internal.h"

/* UIDs per UID FETCH of headers: big enough to keep the link busy. */
#define HEADER_BATCH 500

/* The header fields tether shows and threads by. */
#define HEADER_FIELDS "DATE FROM SENDER REPLY-TO TO CC BCC SUBJECT MESSAGE-ID " \
	"IN-REPLY-TO REFERENCES CONTENT-TYPE"

/* A flag change the server reported. */
struct flag_update {
	uint32_t uid;
	unsigned flags;
};

/* What EXAMINE (and the data around it) said. */
struct selected {
	uint32_t uidvalidity, uidnext, exists;
	uint64_t highestmodseq;
	bool nomodseq;
	struct imap_uidset vanished;
	struct flag_update *upd;
	size_t nupd;
};

static void
selected_free(struct selected *sel)
{
	imap_uidset_free(&sel->vanished);
	free(sel->upd);
}

static uint32_t
code_u32(const struct imap_val *arg)
{
	uint64_t v;

	return imap_val_number(arg, UINT32_MAX, &v) == TT_OK ? (uint32_t)v : 0;
}

/* A FETCH with UID and FLAGS as a flag update (anything else is ignored). */
static void
collect_flags(struct selected *sel, const struct imap_resp *r)
{
	const struct imap_val *items, *uid, *flags;
	uint64_t n;

	if (r->data.n < 1 || r->data.v[0].type != IMAP_LIST)
		return;
	items = &r->data.v[0];
	uid = imap_fetch_item(items, "UID");
	flags = imap_fetch_item(items, "FLAGS");
	if (flags == NULL || imap_val_number(uid, UINT32_MAX, &n) != TT_OK || n == 0)
		return;
	sel->upd = xreallocarray(sel->upd, sel->nupd + 1, sizeof *sel->upd);
	sel->upd[sel->nupd].uid = (uint32_t)n;
	sel->upd[sel->nupd].flags = _sync_flags(flags);
	sel->nupd++;
}

/* VANISHED [(EARLIER)] set. */
static tt_status
collect_vanished(struct selected *sel, const struct imap_resp *r, char **cause)
{
	const struct imap_val *set = NULL;
	size_t i;

	for (i = 0; i < r->data.n; i++) {
		if (r->data.v[i].type == IMAP_ATOM)
			set = &r->data.v[i];
	}
	if (set == NULL)
		return TT_OK;
	return imap_uidset_parse(&sel->vanished, set->s, set->len, UINT32_MAX,
	    cause);
}

static tt_status
on_select(void *arg, const struct imap_resp *r, char **cause)
{
	struct selected *sel = arg;
	const struct imap_val *v;
	uint64_t n;

	if (r->cond == IMAP_OK) {
		if (imap_code_is(r, "UIDVALIDITY", &v))
			sel->uidvalidity = code_u32(v);
		else if (imap_code_is(r, "UIDNEXT", &v))
			sel->uidnext = code_u32(v);
		else if (imap_code_is(r, "HIGHESTMODSEQ", &v) &&
		    imap_val_number(v, UINT64_MAX, &n) == TT_OK)
			sel->highestmodseq = n;
		else if (imap_code_is(r, "NOMODSEQ", NULL))
			sel->nomodseq = true;
		return TT_OK;
	}
	if (r->name == NULL)
		return TT_OK;
	if (strcmp(r->name, "EXISTS") == 0 && r->has_number)
		sel->exists = r->number;
	else if (strcmp(r->name, "VANISHED") == 0)
		return collect_vanished(sel, r, cause);
	else if (strcmp(r->name, "FETCH") == 0)
		collect_flags(sel, r);
	return TT_OK;
}

/* SEARCH and ESEARCH results into a set. */
static tt_status
on_search(void *arg, const struct imap_resp *r, char **cause)
{
	struct imap_uidset *set = arg;
	uint64_t n;
	size_t i;

	if (r->name == NULL)
		return TT_OK;
	if (strcmp(r->name, "SEARCH") == 0) {
		for (i = 0; i < r->data.n; i++) {
			if (imap_val_number(&r->data.v[i], UINT32_MAX, &n) == TT_OK &&
			    n > 0)
				imap_uidset_add(set, (uint32_t)n, (uint32_t)n);
		}
	} else if (strcmp(r->name, "ESEARCH") == 0) {
		for (i = 0; i + 1 < r->data.n; i++) {
			if (imap_is_atom(&r->data.v[i], "ALL"))
				return imap_uidset_parse(set, r->data.v[i + 1].s,
				    r->data.v[i + 1].len, UINT32_MAX, cause);
		}
	}
	return TT_OK;
}

/* UID SEARCH with criteria (compact ESEARCH when offered). */
static tt_status
search(struct _sync *s, const char *criteria, struct imap_uidset *out,
    char **cause)
{
	if (imap_caps(s->im) & IMAP_CAP_ESEARCH)
		return imap_command(s->im, on_search, out, cause,
		    "UID SEARCH RETURN (ALL) %s", criteria);
	return imap_command(s->im, on_search, out, cause, "UID SEARCH %s",
	    criteria);
}

/* --- local state ----------------------------------------------------------- */

struct local {
	struct store_uid *v;     /* ascending uid */
	size_t n;
	bool loaded;
};

static tt_status
local_load(struct _sync *s, struct _sync_folder *f, struct local *l,
    char **cause)
{
	if (l->loaded)
		return TT_OK;
	l->loaded = true;
	return store_sync_uids(s->st, f->state.id, &l->v, &l->n, cause);
}

static const struct store_uid *
local_find(const struct local *l, uint32_t uid)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->v[mid].uid == uid)
			return &l->v[mid];
		if (l->v[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* --- changes ---------------------------------------------------------------- */

/* Applies flag updates; *changed counts those that differed. */
static tt_status
apply_flags(struct _sync *s, struct _sync_folder *f,
    const struct flag_update *upd, size_t n, uint64_t *changed, char **cause)
{
	tt_status r;
	bool ch;
	size_t i;

	if (n == 0)
		return TT_OK;
	if ((r = store_begin(s->st, cause)) != TT_OK)
		return r;
	for (i = 0; i < n && r == TT_OK; i++) {
		r = store_sync_set_flags(s->st, f->state.id, upd[i].uid,
		    upd[i].flags, &ch, cause);
		if (ch)
			(*changed)++;
	}
	if (r == TT_OK)
		return store_commit(s->st, cause);
	store_rollback(s->st);
	return r;
}

/* Forgets local UIDs that are in gone (when in_gone) or not in keep. */
static tt_status
apply_expunges(struct _sync *s, struct _sync_folder *f, const struct local *l,
    const struct imap_uidset *set, bool set_is_gone, uint64_t *removed,
    char **cause)
{
	tt_status r = TT_OK;
	bool open = false;
	size_t i;

	for (i = 0; i < l->n && r == TT_OK; i++) {
		if (imap_uidset_has(set, l->v[i].uid) != set_is_gone)
			continue;
		if (!open && (r = store_begin(s->st, cause)) != TT_OK)
			return r;
		open = true;
		if ((r = store_sync_forget(s->st, f->state.id, l->v[i].uid,
		    cause)) == TT_OK)
			(*removed)++;
	}
	if (!open)
		return TT_OK;
	if (r == TT_OK)
		return store_commit(s->st, cause);
	store_rollback(s->st);
	return r;
}

/* Every flag of the UIDs up to the highest local one, compared. */
static tt_status
compare_flags(struct _sync *s, struct _sync_folder *f, const struct local *l,
    const char *changedsince, uint64_t *changed, char **cause)
{
	struct selected got = { 0 };
	tt_status r;

	if (l->n == 0)
		return TT_OK;
	r = imap_command(s->im, on_select, &got, cause,
	    "UID FETCH 1:%u (UID FLAGS)%s", l->v[l->n - 1].uid, changedsince);
	if (r == TT_OK)
		r = apply_flags(s, f, got.upd, got.nupd, changed, cause);
	selected_free(&got);
	return r;
}

/* --- fetching headers -------------------------------------------------------- */

struct header_fetch {
	struct _sync *s;
	struct ingest *in;
	time_t not_before;       /* skip mail older than this… */
	uint32_t new_from;       /* …unless its uid is at least this */
	uint64_t done;
	tt_status failed;
};

static tt_status
on_header(void *arg, const struct imap_resp *r, char **cause)
{
	struct header_fetch *h = arg;
	const struct imap_val *items, *hdr;
	uint64_t uid, size = 0;
	time_t when = 0;

	if (r->name == NULL || strcmp(r->name, "FETCH") != 0 || r->data.n < 1 ||
	    r->data.v[0].type != IMAP_LIST)
		return TT_OK;
	items = &r->data.v[0];
	hdr = imap_fetch_item(items, "BODY[");
	/* Unsolicited flag news: the next sync's CHANGEDSINCE brings it. */
	if (hdr == NULL ||
	    imap_val_number(imap_fetch_item(items, "UID"), UINT32_MAX, &uid) != TT_OK)
		return TT_OK;
	h->done++;
	(void)imap_val_number(imap_fetch_item(items, "RFC822.SIZE"), INT64_MAX,
	    &size);
	if (!imap_internaldate(imap_fetch_item(items, "INTERNALDATE"), &when))
		when = time_now();
	if (h->not_before > 0 && when < h->not_before && uid < h->new_from)
		return TT_OK;
	return ingest_add_headers(h->in, hdr->s, hdr->len,
	    _sync_flags(imap_fetch_item(items, "FLAGS")), when, (uint32_t)uid,
	    (int64_t)size, cause);
}

/* The UIDs want[0..n) (newest first) fetched and stored, batch by batch. */
static tt_status
fetch_headers(struct _sync *s, struct _sync_folder *f, const uint32_t *want,
    size_t n, time_t not_before, uint32_t new_from, char **cause)
{
	struct header_fetch h = { .s = s, .not_before = not_before,
	    .new_from = new_from };
	const char *own[1] = { s->acct->email != NULL ? s->acct->email : "" };
	struct imap_uidset set = { 0 };
	unsigned tags[2];
	size_t sent = 0, waited = 0, i, end;
	int64_t committed_ms = time_mono_ms();
	struct ingest_stats st;
	char *text;
	tt_status r;

	if (n == 0)
		return TT_OK;
	if ((r = ingest_open(s->st, s->account_id, f->state.id, own, 1, &h.in,
	    cause)) != TT_OK)
		return r;
	/* Sent folders are mail from the user: never screened (BLOCK-08). */
	if ((r = ingest_link(h.in, s->acct->name, !s->opts->manual_links,
	    cause)) != TT_OK) {
		ingest_close(&h.in, NULL, NULL);
		return r;
	}
	ingest_keep_uids(h.in);
	_sync_progress(s, f->name, "headers", 0, n);
	/* Two commands in flight: the server works on the next batch while
	 * this one is stored. */
	while (r == TT_OK && waited < n) {
		while (r == TT_OK && sent < n && sent - waited < 2 * HEADER_BATCH) {
			end = sent + HEADER_BATCH < n ? sent + HEADER_BATCH : n;
			for (i = sent; i < end; i++)
				imap_uidset_add(&set, want[i], want[i]);
			text = imap_uidset_format(&set);
			r = imap_send(s->im, &tags[(sent / HEADER_BATCH) % 2], cause,
			    "UID FETCH %s (UID FLAGS INTERNALDATE RFC822.SIZE "
			    "BODY.PEEK[HEADER.FIELDS (" HEADER_FIELDS ")])", text);
			free(text);
			imap_uidset_free(&set);
			sent = end;
		}
		if (r != TT_OK)
			break;
		r = imap_wait(s->im, tags[(waited / HEADER_BATCH) % 2], on_header, &h,
		    NULL, cause);
		waited = waited + HEADER_BATCH < n ? waited + HEADER_BATCH : n;
		/* ingest commits every INGEST_BATCH messages; on a slow link a
		 * step is made durable after a few seconds too. */
		if (r == TT_OK && time_mono_ms() - committed_ms > 3000) {
			r = ingest_commit(h.in, cause);
			committed_ms = time_mono_ms();
		}
		_sync_progress(s, f->name, "headers", waited, n);
	}
	if (r != TT_OK) {
		char *ignored = NULL;

		(void)ingest_close(&h.in, NULL, &ignored);
		free(ignored);
		return r;
	}
	r = ingest_close(&h.in, &st, cause);
	s->stats->added += st.added + st.linked + st.duplicates;
	return r;
}

/*
 * The UIDs of want that are not local, newest first (heap).  Nothing at
 * or past uidnext exists yet, so a server that answers with huge ranges
 * cannot make this walk billions of numbers.
 */
static uint32_t *
missing(const struct imap_uidset *want, const struct local *l,
    uint32_t uidnext, size_t *n)
{
	uint32_t *v = NULL, uid, hi;
	size_t count = 0, cap = 0, i;

	for (i = want->n; i-- > 0;) {
		hi = want->r[i].hi;
		if (uidnext > 0 && hi >= uidnext) {
			if (want->r[i].lo >= uidnext)
				continue;
			hi = uidnext - 1;
		}
		for (uid = hi;; uid--) {
			if (local_find(l, uid) == NULL) {
				if (count == cap) {
					cap = cap == 0 ? 1024 : cap * 2;
					v = xreallocarray(v, cap, sizeof *v);
				}
				v[count++] = uid;
			}
			if (uid == want->r[i].lo)
				break;
		}
	}
	*n = count;
	return v;
}

/* --- one folder ---------------------------------------------------------------- */

tt_status
_sync_folder(struct _sync *s, struct _sync_folder *f, char **cause)
{
	struct store_sync_folder *st = &f->state;
	struct selected sel = { 0 };
	struct imap_uidset server = { 0 }, want = { 0 };
	struct local l = { 0 };
	uint64_t added0 = s->stats->added, flags0 = s->stats->flags,
	    removed0 = s->stats->removed;
	uint32_t *todo = NULL;
	size_t ntodo = 0;
	bool complete, backfill;
	char crit[64], day[16];
	tt_status r;

	_sync_progress(s, f->name, "headers", 0, 0);
	if (s->qresync && st->uidvalidity != 0 && st->highestmodseq != 0 &&
	    st->uidnext != 0)
		r = imap_command(s->im, on_select, &sel, cause,
		    "EXAMINE %q (QRESYNC (%u %llu))", f->imap_name, st->uidvalidity,
		    (unsigned long long)st->highestmodseq);
	else if (s->condstore && !s->qresync)
		r = imap_command(s->im, on_select, &sel, cause,
		    "EXAMINE %q (CONDSTORE)", f->imap_name);
	else
		r = imap_command(s->im, on_select, &sel, cause, "EXAMINE %q",
		    f->imap_name);
	s->selected = r == TT_OK ? st->id : 0;
	if (r != TT_OK)
		goto out;
	if (sel.uidvalidity == 0) {
		r = tt_fail(cause, TT_EPROTO, _("the server gave no UIDVALIDITY, so "
		    "its messages cannot be told apart between syncs"));
		goto out;
	}
	if (st->uidvalidity != 0 && st->uidvalidity != sel.uidvalidity) {
		/* The server renumbered the folder: read it again; the messages
		 * stay, to be re-attached by Message-Id with all they carry. */
		log_msg(LOG_INFO, "sync %s: %s changed UIDVALIDITY %u -> %u",
		    s->acct->name, f->name, st->uidvalidity, sel.uidvalidity);
		if ((r = store_begin(s->st, cause)) == TT_OK &&
		    (r = store_sync_folder_reset(s->st, st->id, false, cause)) == TT_OK)
			r = store_commit(s->st, cause);
		if (r != TT_OK) {
			store_rollback(s->st);
			goto out;
		}
		st->uidvalidity = 0;
		st->uidnext = 0;
		st->highestmodseq = 0;
		st->synced_since = 0;
		_sync_changed(s, f->name);
	}
	complete = st->uidvalidity == sel.uidvalidity && st->uidnext != 0;
	/* An earlier window (or `all` now) asks for older mail than read so far. */
	backfill = !complete || (st->synced_since != 0 &&
	    (s->window == 0 || s->window < st->synced_since));
	if (!complete && st->uidvalidity == 0) {
		/* Remembered at once, so a renumbering during a first sync that
		 * is interrupted is still noticed. */
		st->uidvalidity = sel.uidvalidity;
		st->synced_since = s->window;
		if ((r = store_sync_folder_save(s->st, st, cause)) != TT_OK)
			goto out;
	}

	if (complete && !backfill && s->qresync && st->highestmodseq != 0 &&
	    !sel.nomodseq) {
		/* QRESYNC: the server said what vanished and what changed. */
		if (sel.vanished.n > 0) {
			if ((r = local_load(s, f, &l, cause)) != TT_OK ||
			    (r = apply_expunges(s, f, &l, &sel.vanished, true,
			    &s->stats->removed, cause)) != TT_OK)
				goto out;
		}
		if ((r = apply_flags(s, f, sel.upd, sel.nupd, &s->stats->flags,
		    cause)) != TT_OK)
			goto out;
	} else if (complete && !backfill && s->condstore && st->highestmodseq != 0 &&
	    !sel.nomodseq) {
		/* CONDSTORE: changed flags by modseq; expunges by comparing the
		 * UID sets, only when the counts say something may be gone. */
		char since[48];

		if ((r = local_load(s, f, &l, cause)) != TT_OK)
			goto out;
		snprintf(since, sizeof since, " (CHANGEDSINCE %llu)",
		    (unsigned long long)st->highestmodseq);
		if (sel.highestmodseq != st->highestmodseq &&
		    (r = compare_flags(s, f, &l, since, &s->stats->flags,
		    cause)) != TT_OK)
			goto out;
		if (sel.exists != l.n || sel.uidnext != st->uidnext) {
			if ((sel.exists > 0 && (r = search(s, "ALL", &server,
			    cause)) != TT_OK) ||
			    (r = apply_expunges(s, f, &l, &server, false,
			    &s->stats->removed, cause)) != TT_OK)
				goto out;
		}
	} else {
		/* No modseq, or a first (or resumed, or widened) read: compare
		 * the UID sets and every flag. */
		if ((r = local_load(s, f, &l, cause)) != TT_OK)
			goto out;
		if ((sel.exists > 0 && (r = search(s, "ALL", &server, cause)) != TT_OK) ||
		    (r = apply_expunges(s, f, &l, &server, false, &s->stats->removed,
		    cause)) != TT_OK ||
		    (sel.exists > 0 && (r = compare_flags(s, f, &l, "",
		    &s->stats->flags, cause)) != TT_OK))
			goto out;
		if (backfill && sel.exists > 0) {
			if (s->window == 0)
				r = search(s, "ALL", &want, cause);
			else {
				imap_search_date(s->window, day, sizeof day);
				snprintf(crit, sizeof crit, "SINCE %s", day);
				r = search(s, crit, &want, cause);
			}
			if (r != TT_OK)
				goto out;
		}
	}
	/* New mail: every uid from the old UIDNEXT on, whatever its date. */
	if (complete && sel.exists > 0 && sel.uidnext > st->uidnext) {
		snprintf(crit, sizeof crit, "UID %u:*", st->uidnext);
		if ((r = search(s, crit, &want, cause)) != TT_OK)
			goto out;
	}
	if (want.n > 0) {
		/* The store may have changed since it was loaded (expunges). */
		free(l.v);
		l.v = NULL;
		l.loaded = false;
		if ((r = local_load(s, f, &l, cause)) != TT_OK)
			goto out;
		todo = missing(&want, &l, sel.uidnext, &ntodo);
		if ((r = fetch_headers(s, f, todo, ntodo, s->window,
		    complete ? st->uidnext : UINT32_MAX, cause)) != TT_OK)
			goto out;
	}
	st->uidnext = sel.uidnext != 0 ? sel.uidnext : 1;
	st->highestmodseq = sel.nomodseq ? 0 : sel.highestmodseq;
	if (!complete || s->window == 0 || s->window < st->synced_since)
		st->synced_since = s->window;
	r = store_sync_folder_save(s->st, st, cause);
	if (r == TT_OK && (s->stats->added != added0 ||
	    s->stats->flags != flags0 || s->stats->removed != removed0))
		_sync_changed(s, f->name);
out:
	free(todo);
	free(l.v);
	imap_uidset_free(&server);
	imap_uidset_free(&want);
	selected_free(&sel);
	return r;
}
