/* link.c - automatic and manual item links of threads, persons from participants, and why a thread is unlinked (LINK-01..25). */
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

/* Whether list ("a@x; b@y") holds address, case ignored. */
static bool
list_has(const char *list, const char *address)
{
	const char *p = list, *e;
	size_t n = strlen(address);

	while (*p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		e = p;
		while (*e != '\0' && *e != ';')
			e++;
		while (e > p && e[-1] == ' ')
			e--;
		if ((size_t)(e - p) == n && ascii_strncasecmp(p, address, n) == 0)
			return true;
		while (*e != '\0' && *e != ';')
			e++;
		p = e;
	}
	return false;
}

struct crm_linker {
	struct store *st;            /* foreign */
	struct block_list *blocked;  /* owned */
	char **own;                  /* owned, lower case */
	size_t nown;
	bool auto_link;
};

tt_status
crm_linker_open(struct store *st, const char *account, const char *const *own,
    size_t nown, bool auto_link, struct crm_linker **out, char **cause)
{
	struct crm_linker *lk;
	struct store_block *v;
	size_t n, i;
	tt_status s;

	*out = NULL;
	if ((s = store_block_list(st, account, &v, &n, cause)) != TT_OK)
		return s;
	lk = xcalloc(1, sizeof *lk);
	lk->st = st;
	lk->blocked = block_list_new();
	/* BLOCK-07: the global entries and the account's own. */
	for (i = 0; i < n; i++) {
		if (v[i].account == NULL || (account != NULL &&
		    strcmp(v[i].account, account) == 0))
			block_list_add(lk->blocked, v[i].pattern);
	}
	store_blocks_free(v, n);
	lk->own = xcalloc(nown + 1, sizeof *lk->own);
	for (i = 0; i < nown; i++) {
		if (own[i] != NULL && *own[i] != '\0')
			lk->own[lk->nown++] = ascii_lower(xstrdup(own[i]));
	}
	lk->auto_link = auto_link;
	*out = lk;
	return TT_OK;
}

void
crm_linker_close(struct crm_linker **lkp)
{
	struct crm_linker *lk = *lkp;
	size_t i;

	if (lk == NULL)
		return;
	block_list_free(&lk->blocked);
	for (i = 0; i < lk->nown; i++)
		free(lk->own[i]);
	free(lk->own);
	free(lk);
	*lkp = NULL;
}

bool
crm_linker_screens(const struct crm_linker *lk, const struct mime_message *msg)
{
	const char **from, **to_cc;
	size_t nfrom = 0, nto = 0, i;
	bool screened;

	if (block_list_count(lk->blocked) == 0 || msg->from.n == 0)
		return false;
	from = xcalloc(msg->from.n, sizeof *from);
	to_cc = xcalloc(msg->to.n + msg->cc.n + 1, sizeof *to_cc);
	for (i = 0; i < msg->from.n; i++)
		from[nfrom++] = msg->from.v[i].email;
	for (i = 0; i < msg->to.n; i++)
		to_cc[nto++] = msg->to.v[i].email;
	for (i = 0; i < msg->cc.n; i++)
		to_cc[nto++] = msg->cc.v[i].email;
	screened = block_screen(lk->blocked, from, nfrom, to_cc, nto,
	    (const char *const *)lk->own, lk->nown);
	free(from);
	free(to_cc);
	return screened;
}

tt_status
crm_linker_new_thread(struct crm_linker *lk, int64_t thread, int64_t message,
    char **cause)
{
	struct store_link *open = NULL, *closed = NULL;
	size_t nopen = 0, nclosed = 0, npersons = 0;
	int64_t *persons = NULL;
	tt_status s;

	/* LINK-07: manual mode makes no item link; persons still match. */
	if (!lk->auto_link)
		return store_thread_link_set(lk->st, thread, NULL, NULL, "none",
		    "manual", cause);
	/* Ambiguity 6: every counterparty address, own ones left out. */
	if ((s = store_message_persons(lk->st, message,
	    (const char *const *)lk->own, lk->nown, &persons, &npersons,
	    cause)) != TT_OK)
		return s;
	if (npersons == 0) {
		s = store_thread_link_set(lk->st, thread, NULL, NULL, "none",
		    "no_persons", cause);
		goto out;
	}
	/* LINK-08/11/12/13: open deals, leads and projects of all of them. */
	if ((s = store_open_items(lk->st, persons, npersons, false, &open, &nopen,
	    cause)) != TT_OK)
		goto out;
	if (nopen == 1)
		s = store_thread_link_set(lk->st, thread, open[0].type, open[0].id,
		    "linked", "auto", cause);
	else if (nopen > 1)
		s = store_thread_link_set(lk->st, thread, NULL, NULL, "choose",
		    "several", cause);
	else {
		/* LINK-10, and LINK-15 when only closed items remain. */
		if ((s = store_open_items(lk->st, persons, npersons, true, &closed,
		    &nclosed, cause)) == TT_OK)
			s = store_thread_link_set(lk->st, thread, NULL, NULL, "none",
			    nclosed > 0 ? "closed" : "no_open_items", cause);
	}
out:
	store_links_free(open, nopen);
	store_links_free(closed, nclosed);
	free(persons);
	return s;
}

/* The kind of a link type word. */
static bool
link_kind(const char *type, enum crm_kind *kind)
{
	if (strcmp(type, "deal") == 0)
		*kind = CRM_DEAL;
	else if (strcmp(type, "lead") == 0)
		*kind = CRM_LEAD;
	else if (strcmp(type, "project") == 0)
		*kind = CRM_PROJECT;
	else
		return false;
	return true;
}

tt_status
crm_link(struct store *st, int64_t thread, const char *type, const char *id,
    char **cause)
{
	struct store_thread_link cur;
	struct store_link item;
	enum crm_kind kind;
	char *real = NULL;
	tt_status s;

	if (!link_kind(type, &kind))
		return tt_fail(cause, TT_EINVAL, _("a thread links to a deal, a lead "
		    "or a project, not to \"%s\""), type);
	if ((s = store_thread_link_get(st, thread, &cur, cause)) != TT_OK)
		return s;
	if (cur.deleted) {
		store_thread_link_clear(&cur);
		return tt_fail(cause, TT_EINVAL, _("thread %lld was deleted and "
		    "cannot be linked"), (long long)thread);
	}
	store_thread_link_clear(&cur);
	if ((s = crm_resolve(st, kind, id, &real, cause)) != TT_OK)
		return s;
	if ((s = store_link_item(st, type, real, &item, cause)) == TT_OK) {
		if (strcmp(item.status, "deleted") == 0)
			s = tt_fail(cause, TT_EINVAL, _("%s %s is deleted; restore it "
			    "first"), type, real);
		free(item.type);
		free(item.id);
		free(item.title);
		free(item.status);
		free(item.stage);
		free(item.value);
	}
	/* LINK-16/17: by hand, to any item, replacing the one before. */
	if (s == TT_OK)
		s = store_thread_link_set(st, thread, type, real, "linked", "manual",
		    cause);
	free(real);
	return s;
}

tt_status
crm_unlink(struct store *st, int64_t thread, char **cause)
{
	struct store_thread_link cur;
	tt_status s;

	if ((s = store_thread_link_get(st, thread, &cur, cause)) != TT_OK)
		return s;
	store_thread_link_clear(&cur);
	return store_thread_link_set(st, thread, NULL, NULL, "none", "unlinked",
	    cause);
}

tt_status
crm_attach_address(struct store *st, const char *person, const char *address,
    int64_t *threads, char **cause)
{
	struct crm_item it, change;
	char *id = NULL, *emails;
	const char *have;
	int ei;
	tt_status s;

	if ((s = crm_resolve(st, CRM_PERSON, person, &id, cause)) != TT_OK)
		return s;
	if ((s = store_crm_get(st, CRM_PERSON, id, &it, cause)) != TT_OK) {
		crm_item_clear(&it);
		free(id);
		return s;
	}
	ei = store_crm_field_index(CRM_PERSON, "emails");
	have = it.v[ei];
	if ((s = store_begin(st, cause)) != TT_OK)
		goto out;
	/* The address becomes one of the person's when it is not yet. */
	if (have == NULL || !list_has(have, address)) {
		emails = have != NULL ? xasprintf("%s; %s", have, address) :
		    xstrdup(address);
		crm_item_init(&change, CRM_PERSON);
		crm_item_set(&change, 0, id);
		crm_item_set(&change, (size_t)ei, emails);
		s = crm_save(st, &change, 0, NULL, cause);
		crm_item_clear(&change);
		free(emails);
	}
	if (s == TT_OK)
		s = store_address_set_person(st, address, strtoll(id, NULL, 10),
		    threads, cause);
	if (s == TT_OK)
		s = store_commit(st, cause);
	else
		store_rollback(st);
out:
	crm_item_clear(&it);
	free(id);
	return s;
}

void
crm_thread_link_clear(struct crm_thread_link *l)
{
	free(l->item.type);
	free(l->item.id);
	free(l->item.title);
	free(l->item.status);
	free(l->item.stage);
	free(l->item.value);
	free(l->state);
	free(l->reason);
	store_links_free(l->candidates, l->ncandidates);
	store_thread_persons_free(l->persons, l->npersons);
	while (l->nambiguous > 0)
		free(l->ambiguous[--l->nambiguous]);
	free(l->ambiguous);
	memset(l, 0, sizeof *l);
}

/* LINK-14: an open item of the persons made after the thread began. */
static const struct store_link *
newer_item(const struct store_link *v, size_t n, time_t thread_created)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].created_at > thread_created)
			return &v[i];
	}
	return NULL;
}

tt_status
crm_thread_link(struct store *st, int64_t thread, struct crm_thread_link *out,
    char **cause)
{
	struct store_thread_link cur;
	const struct store_link *newer;
	struct store_link *open = NULL;
	size_t nopen = 0, i;
	int64_t *ids = NULL;
	const char *r;
	tt_status s;

	memset(out, 0, sizeof *out);
	if ((s = store_thread_link_get(st, thread, &cur, cause)) != TT_OK)
		return s;
	/* Deleted is gone, to links as to everything else. */
	if (cur.deleted) {
		store_thread_link_clear(&cur);
		return tt_fail(cause, TT_ENOTFOUND, _("there is no thread %lld"),
		    (long long)thread);
	}
	if ((s = store_thread_persons(st, thread, &out->persons, &out->npersons,
	    cause)) != TT_OK ||
	    (s = store_thread_ambiguous(st, thread, &out->ambiguous,
	    &out->nambiguous, cause)) != TT_OK)
		goto out;
	out->state = xstrdup(cur.state);
	if (cur.type != NULL) {
		if ((s = store_link_item(st, cur.type, cur.id, &out->item, cause)) !=
		    TT_OK) {
			/* The item is gone from a shared crm.db: say so. */
			free(*cause);
			*cause = NULL;
			s = TT_OK;
			out->item.type = xstrdup(cur.type);
			out->item.id = xstrdup(cur.id);
			out->item.title = xstrdup(_("(missing from the CRM)"));
			out->item.status = xstrdup("missing");
		}
		out->reason = xstrdup(cur.reason != NULL &&
		    strcmp(cur.reason, "auto") == 0 ?
		    _("linked automatically: its persons had exactly one open item") :
		    cur.reason != NULL && strcmp(cur.reason, "converted") == 0 ?
		    _("linked to the item its first item was converted into") :
		    _("linked by hand"));
		goto out;
	}
	/* The open items of its persons now: candidates, and LINK-14 hints. */
	if (out->npersons > 0) {
		ids = xcalloc(out->npersons, sizeof *ids);
		for (i = 0; i < out->npersons; i++)
			ids[i] = out->persons[i].id;
		if ((s = store_open_items(st, ids, out->npersons, false, &open,
		    &nopen, cause)) != TT_OK)
			goto out;
	}
	if (strcmp(cur.state, "choose") == 0) {
		out->candidates = open;
		out->ncandidates = nopen;
		open = NULL;
		nopen = 0;
		out->reason = xasprintf(_("not linked: its persons have %zu open "
		    "items; choose one"), out->ncandidates);
		goto out;
	}
	r = cur.reason != NULL ? cur.reason : "";
	newer = newer_item(open, nopen, cur.created_at);
	if (strcmp(r, "manual") == 0)
		out->reason = xstrdup(_("not linked: link_mode is manual, so threads "
		    "are linked by hand"));
	else if (strcmp(r, "unlinked") == 0)
		out->reason = xstrdup(_("not linked: it was unlinked by hand"));
	else if (strcmp(r, "item_deleted") == 0)
		out->reason = xstrdup(_("not linked: its item was deleted"));
	else if (newer != NULL)
		out->reason = xasprintf(_("not linked: it began before %s \"%s\" was "
		    "created, and items are never linked backwards"), newer->type,
		    newer->title);
	else if (strcmp(r, "closed") == 0)
		out->reason = xstrdup(_("not linked: its persons' items were all "
		    "closed when it began"));
	else if (strcmp(r, "no_open_items") == 0)
		out->reason = xstrdup(_("not linked: its persons had no open deal, "
		    "lead or project when it began"));
	else if (out->nambiguous > 0 && out->npersons == 0)
		out->reason = xasprintf(_("not linked: %s belongs to several persons "
		    "in the CRM (multiple matching contacts); make it one person's "
		    "(p) or mark it primary for one"), out->ambiguous[0]);
	else if (strcmp(r, "no_persons") == 0 && out->npersons == 0)
		out->reason = xstrdup(_("not linked: nobody in it is a person in "
		    "the CRM"));
	else if (strcmp(r, "no_persons") == 0)
		out->reason = xstrdup(_("not linked: nobody in it was a person in "
		    "the CRM when it began"));
	else
		out->reason = xstrdup(_("not linked: it began before linking was "
		    "turned on"));
out:
	store_links_free(open, nopen);
	free(ids);
	store_thread_link_clear(&cur);
	return s;
}
