/* replay.c - the journal's intents sent to the server in order, per folder: UID STORE, UID MOVE (or COPY, \Deleted and UID EXPUNGE), each confirmed before it is dropped. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync/sync-internal.h"

/* What SELECT said that the replay checks, and COPYUID of a move. */
struct answer {
	uint32_t uidvalidity;
	struct imap_uidset from, to;   /* COPYUID source and destination sets */
	bool copyuid;
};

static void
take_copyuid(struct answer *a, const struct imap_val *code)
{
	/* [COPYUID uidvalidity source-set dest-set] */
	if (code->n < 4 || !imap_is_atom(&code->v[0], "COPYUID"))
		return;
	imap_uidset_free(&a->from);
	imap_uidset_free(&a->to);
	a->copyuid = imap_uidset_parse(&a->from, code->v[2].s, code->v[2].len,
	    UINT32_MAX, NULL) == TT_OK && imap_uidset_parse(&a->to, code->v[3].s,
	    code->v[3].len, UINT32_MAX, NULL) == TT_OK &&
	    imap_uidset_count(&a->from) == imap_uidset_count(&a->to);
}

static tt_status
on_answer(void *arg, const struct imap_resp *r, char **cause)
{
	struct answer *a = arg;
	const struct imap_val *v;
	uint64_t n;

	(void)cause;
	if (r->cond != IMAP_OK)
		return TT_OK;
	if (imap_code_is(r, "UIDVALIDITY", &v) &&
	    imap_val_number(v, UINT32_MAX, &n) == TT_OK)
		a->uidvalidity = (uint32_t)n;
	else
		take_copyuid(a, &r->code);
	return TT_OK;
}

/*
 * The destination uid COPYUID gives for source uid: the sets pair up in
 * ascending order (RFC 4315), so it is the one at the same position.
 */
static uint32_t
copied_uid(const struct answer *a, uint32_t uid)
{
	uint64_t pos = 0, k;
	size_t i;

	if (!a->copyuid)
		return 0;
	for (i = 0; i < a->from.n; i++) {
		if (uid >= a->from.r[i].lo && uid <= a->from.r[i].hi) {
			pos += uid - a->from.r[i].lo;
			break;
		}
		pos += (uint64_t)a->from.r[i].hi - a->from.r[i].lo + 1;
	}
	if (i == a->from.n)
		return 0;
	for (i = 0; i < a->to.n; i++) {
		k = (uint64_t)a->to.r[i].hi - a->to.r[i].lo + 1;
		if (pos < k)
			return a->to.r[i].lo + (uint32_t)pos;
		pos -= k;
	}
	return 0;
}

static const struct _sync_folder *
folder_of(const struct _sync_folder *v, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].state.id == id)
			return &v[i];
	}
	return NULL;
}

/* The flag names of MSG_* bits, for STORE. */
static char *
flag_list(unsigned bits)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ MSG_SEEN, "\\Seen" }, { MSG_ANSWERED, "\\Answered" },
		{ MSG_FLAGGED, "\\Flagged" }, { MSG_DELETED, "\\Deleted" },
		{ MSG_DRAFT, "\\Draft" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(names); i++) {
		if (bits & names[i].bit)
			buf_addf(&b, "%s%s", b.len > 0 ? " " : "", names[i].name);
	}
	return buf_detach(&b);
}

/*
 * Records the outcome of one command for the intents it carried: done, a
 * refusal (permanent: the change is undone locally), or nothing when the
 * connection failed (they stay pending and the run ends).
 */
static tt_status
settle(struct _sync *s, struct store_intent **its, size_t n, tt_status r,
    const char *why, const struct answer *a, char **cause)
{
	tt_status w;
	size_t i;

	if (r != TT_OK && r != TT_EPROTO && r != TT_ENOTFOUND && r != TT_EPERM)
		return r;
	if ((w = store_begin(s->st, cause)) != TT_OK)
		return w;
	for (i = 0; i < n && w == TT_OK; i++) {
		if (r == TT_OK) {
			w = store_journal_done(s->st, its[i]->id, its[i]->kind == INTENT_MOVE ?
			    copied_uid(a, its[i]->uid) : 0, cause);
			s->stats->replayed++;
		} else {
			w = store_journal_fail(s->st, its[i]->id, true, why, cause);
			s->stats->refused++;
		}
	}
	if (w == TT_OK)
		return store_commit(s->st, cause);
	store_rollback(s->st);
	return w;
}

/*
 * For the tests of what a crash or a cut does: after the server answered
 * the N-th replay command, and before the answer is recorded (the worst
 * moment), TETHER_FAULT_KILL_AFTER=N kills the process and
 * TETHER_FAULT_PAUSE_AFTER=N waits 3 s, so a test can cut the connection.
 */
static void
fault_point(void)
{
	static long seen;
	const char *kill_at = getenv("TETHER_FAULT_KILL_AFTER");
	const char *pause_at = getenv("TETHER_FAULT_PAUSE_AFTER");

	seen++;
	if (kill_at != NULL && seen == atol(kill_at))
		raise(SIGKILL);
	if (pause_at != NULL && seen == atol(pause_at))
		sleep(3);
}

/* Sends one command for a group of intents and settles them. */
static tt_status
group(struct _sync *s, struct store_intent **its, size_t n,
    const struct _sync_folder *target, char **cause)
{
	struct imap_uidset set = { 0 };
	struct answer a = { 0 };
	char *uids, *why = NULL, *flags;
	unsigned caps = imap_caps(s->im);
	tt_status r;
	size_t i;

	for (i = 0; i < n; i++)
		imap_uidset_add(&set, its[i]->uid, its[i]->uid);
	uids = imap_uidset_format(&set);
	if (its[0]->kind == INTENT_FLAGS) {
		r = TT_OK;
		if (its[0]->add != 0) {
			flags = flag_list(its[0]->add);
			r = imap_command(s->im, NULL, NULL, &why,
			    "UID STORE %s +FLAGS.SILENT (%s)", uids, flags);
			free(flags);
		}
		if (r == TT_OK && its[0]->remove != 0) {
			flags = flag_list(its[0]->remove);
			r = imap_command(s->im, NULL, NULL, &why,
			    "UID STORE %s -FLAGS.SILENT (%s)", uids, flags);
			free(flags);
		}
	} else if (target == NULL) {
		r = tt_fail(&why, TT_EPROTO, _("the folder to move to is gone from "
		    "the server"));
	} else if (caps & IMAP_CAP_MOVE) {
		r = imap_command(s->im, on_answer, &a, &why, "UID MOVE %s %q", uids,
		    target->imap_name);
	} else if (caps & IMAP_CAP_UIDPLUS) {
		/* Without MOVE: copy, mark, and expunge only these uids, never
		 * the other \Deleted mail of the folder. */
		r = imap_command(s->im, on_answer, &a, &why, "UID COPY %s %q", uids,
		    target->imap_name);
		if (r == TT_OK)
			r = imap_command(s->im, NULL, NULL, &why,
			    "UID STORE %s +FLAGS.SILENT (\\Deleted)", uids);
		if (r == TT_OK)
			r = imap_command(s->im, NULL, NULL, &why, "UID EXPUNGE %s", uids);
	} else {
		r = tt_fail(&why, TT_EPROTO, _("the server can move messages neither "
		    "with MOVE nor with UIDPLUS, and tether never expunges other "
		    "mail marked deleted; move them with another client"));
	}
	free(uids);
	imap_uidset_free(&set);
	fault_point();
	r = settle(s, its, n, r, why, &a, cause);
	if (r != TT_OK && cause != NULL && *cause == NULL && why != NULL) {
		*cause = why;
		why = NULL;
	}
	free(why);
	imap_uidset_free(&a.from);
	imap_uidset_free(&a.to);
	return r;
}

/* Whether b can share a command with a: same kind, flags or target. */
static bool
same_group(const struct store_intent *a, const struct store_intent *b)
{
	if (a->kind != b->kind || a->folder_id != b->folder_id)
		return false;
	if (a->kind == INTENT_FLAGS)
		return a->add == b->add && a->remove == b->remove;
	return a->target_id == b->target_id;
}

/* The intents of one folder, in order, in groups that share a command. */
static tt_status
replay_folder(struct _sync *s, const struct _sync_folder *f,
    struct store_intent **its, size_t n, const struct _sync_folder *all,
    size_t nall, char **cause)
{
	struct answer a = { 0 };
	char *why = NULL;
	tt_status r;
	size_t i, j;

	r = imap_command(s->im, on_answer, &a, &why, "SELECT %q", f->imap_name);
	s->selected = 0;
	if (r == TT_OK && f->state.uidvalidity != 0 &&
	    a.uidvalidity != f->state.uidvalidity)
		r = tt_fail(&why, TT_EPROTO, _("the server renumbered the folder "
		    "(new UIDVALIDITY) before the change reached it"));
	if (r != TT_OK) {
		r = settle(s, its, n, r, why, &a, cause);
		if (r != TT_OK && *cause == NULL) {
			*cause = why;
			why = NULL;
		}
		free(why);
		imap_uidset_free(&a.from);
		imap_uidset_free(&a.to);
		return r;
	}
	for (i = 0; i < n && r == TT_OK; i = j) {
		for (j = i + 1; j < n && same_group(its[i], its[j]); j++)
			;
		r = group(s, &its[i], j - i, folder_of(all, nall, its[i]->target_id),
		    cause);
	}
	return r;
}

tt_status
_sync_replay(struct _sync *s, struct _sync_folder *v, size_t n, char **cause)
{
	struct store_intent *list = NULL, **mine;
	const struct _sync_folder *f;
	int64_t *seen = NULL, folder;
	size_t count = 0, nseen = 0, i, k, m;
	tt_status r = TT_OK;

	/*
	 * Folder by folder, in the order their first intent was made, the
	 * list read again after each: a move done in one folder gives the
	 * uid a later change in its target needs.
	 */
	for (;;) {
		if ((r = store_journal_list(s->st, s->account_id, true, &list, &count,
		    cause)) != TT_OK)
			break;
		for (i = 0; i < count; i++) {
			for (k = 0; k < nseen && seen[k] != list[i].folder_id; k++)
				;
			if (k == nseen)
				break;
		}
		if (i == count) {
			store_intents_free(list, count);
			break;
		}
		folder = list[i].folder_id;
		seen = xreallocarray(seen, nseen + 1, sizeof *seen);
		seen[nseen++] = folder;
		mine = xcalloc(count, sizeof *mine);
		/* A change whose uid is not known yet waits for the next run. */
		for (m = 0, k = i; k < count; k++) {
			if (list[k].folder_id == folder && list[k].uid != 0)
				mine[m++] = &list[k];
		}
		f = folder_of(v, n, folder);
		if (m > 0 && f == NULL) {
			char *why = xstrdup(_("the folder is gone from the server"));

			r = settle(s, mine, m, TT_ENOTFOUND, why, NULL, cause);
			free(why);
		} else if (m > 0) {
			_sync_progress(s, f->name, "changes", 0, m);
			r = replay_folder(s, f, mine, m, v, n, cause);
			_sync_progress(s, f->name, "changes", m, m);
			if (r == TT_OK)
				_sync_changed(s, f->name);
		}
		free(mine);
		store_intents_free(list, count);
		if (r != TT_OK)
			break;
	}
	free(seen);
	return r;
}
