/* account.c - syncing one account: secret, connection, login, folder list with roles, the order of work. */
#include <stdlib.h>
#include <string.h>

#include "sync/sync-internal.h"

void
_sync_progress(struct _sync *s, const char *folder, const char *phase,
    uint64_t done, uint64_t total)
{
	const struct sync_report *r = s->opts->report;

	if (r != NULL && r->progress != NULL)
		r->progress(r->arg, folder, phase, done, total);
}

void
_sync_changed(struct _sync *s, const char *folder)
{
	const struct sync_report *r = s->opts->report;

	if (r != NULL && r->changed != NULL)
		r->changed(r->arg, folder);
}

static void
warn(struct _sync *s, const char *text)
{
	const struct sync_report *r = s->opts->report;

	log_msg(LOG_WARN, "sync %s: %s", s->acct->name, text);
	if (r != NULL && r->warning != NULL)
		r->warning(r->arg, text);
}

unsigned
_sync_flags(const struct imap_val *list)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "\\Seen", MSG_SEEN }, { "\\Answered", MSG_ANSWERED },
		{ "\\Flagged", MSG_FLAGGED }, { "\\Deleted", MSG_DELETED },
		{ "\\Draft", MSG_DRAFT },
	};
	unsigned flags = 0;
	size_t i, j;

	if (list == NULL || list->type != IMAP_LIST)
		return 0;
	for (i = 0; i < list->n; i++) {
		for (j = 0; j < TT_ARRAY_LEN(names); j++) {
			if (imap_is_atom(&list->v[i], names[j].name))
				flags |= names[j].bit;
		}
	}
	return flags;
}

/* --- the folder list ---------------------------------------------------------- */

struct listing {
	struct _sync_folder *v;
	size_t n;
};

static const struct { const char *attr; const char *role; } role_attrs[] = {
	{ "\\Sent", "sent" }, { "\\Drafts", "drafts" }, { "\\Archive", "archive" },
	{ "\\Trash", "trash" }, { "\\Junk", "junk" },
};

/* The usual names, for servers without SPECIAL-USE (matched without case). */
static const struct { const char *name; const char *role; } role_names[] = {
	{ "Sent", "sent" }, { "Sent Items", "sent" }, { "Sent Messages", "sent" },
	{ "Sent Mail", "sent" }, { "[Gmail]/Sent Mail", "sent" },
	{ "INBOX.Sent", "sent" },
	{ "Drafts", "drafts" }, { "[Gmail]/Drafts", "drafts" },
	{ "INBOX.Drafts", "drafts" },
	{ "Archive", "archive" }, { "Archives", "archive" },
	{ "INBOX.Archive", "archive" },
	{ "Trash", "trash" }, { "Deleted Items", "trash" },
	{ "Deleted Messages", "trash" }, { "[Gmail]/Trash", "trash" },
	{ "INBOX.Trash", "trash" },
	{ "Junk", "junk" }, { "Spam", "junk" }, { "Junk E-mail", "junk" },
	{ "Junk Email", "junk" }, { "[Gmail]/Spam", "junk" }, { "INBOX.Junk", "junk" },
};

static tt_status
on_list(void *arg, const struct imap_resp *r, char **cause)
{
	struct listing *l = arg;
	const struct imap_val *attrs, *name;
	struct _sync_folder *f;
	const char *role = NULL;
	bool all = false;
	size_t i, j;

	(void)cause;
	if (r->name == NULL || strcmp(r->name, "LIST") != 0 || r->data.n < 3 ||
	    r->data.v[0].type != IMAP_LIST)
		return TT_OK;
	attrs = &r->data.v[0];
	name = &r->data.v[2];
	if (name->type != IMAP_STRING && name->type != IMAP_ATOM)
		return TT_OK;
	for (i = 0; i < attrs->n; i++) {
		all = all || imap_is_atom(&attrs->v[i], "\\All");
		if (imap_is_atom(&attrs->v[i], "\\Noselect") ||
		    imap_is_atom(&attrs->v[i], "\\NonExistent"))
			return TT_OK;
		for (j = 0; j < TT_ARRAY_LEN(role_attrs); j++) {
			if (imap_is_atom(&attrs->v[i], role_attrs[j].attr))
				role = role_attrs[j].role;
		}
	}
	/* A name with a NUL cannot be a mailbox anyone can open. */
	if (memchr(name->s, '\0', name->len) != NULL)
		return TT_OK;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->imap_name = imap_val_dup(name);
	f->name = imap_utf7_decode(f->imap_name);
	if (ascii_strcasecmp(f->imap_name, "INBOX") == 0) {
		free(f->imap_name);
		free(f->name);
		f->imap_name = xstrdup("INBOX");
		f->name = xstrdup("INBOX");
		role = "inbox";
	}
	f->role = role;
	f->all = all;
	return TT_OK;
}

/* Roles by the usual names where no folder has them by attribute. */
static void
roles_by_name(struct listing *l)
{
	size_t i, j, k;
	bool taken;

	/* Gmail has no \Archive: archiving there is leaving the Inbox for
	 * All Mail. */
	for (k = 0; k < l->n && !(l->v[k].role != NULL &&
	    strcmp(l->v[k].role, "archive") == 0); k++)
		;
	for (i = 0; k == l->n && i < l->n; i++) {
		if (l->v[i].all && l->v[i].role == NULL) {
			l->v[i].role = "archive";
			break;
		}
	}
	for (j = 0; j < TT_ARRAY_LEN(role_names); j++) {
		taken = false;
		for (k = 0; k < l->n && !taken; k++)
			taken = l->v[k].role != NULL &&
			    strcmp(l->v[k].role, role_names[j].role) == 0;
		if (taken)
			continue;
		for (i = 0; i < l->n; i++) {
			if (l->v[i].role == NULL &&
			    ascii_strcasecmp(l->v[i].name, role_names[j].name) == 0) {
				l->v[i].role = role_names[j].role;
				break;
			}
		}
	}
}

/* Whether the account's `folders` setting selects this folder (CONN-20). */
static bool
selected(const struct account *acct, const struct _sync_folder *f)
{
	const char *p, *list = acct->folders;
	size_t n;

	if (list == NULL || ascii_strcasecmp(list, "all") == 0)
		return true;
	for (p = list; *p != '\0';) {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n > 0 && ((strlen(f->name) == n && strncmp(p, f->name, n) == 0) ||
		    (f->role != NULL && strcmp(f->role, "inbox") == 0 && n == 5 &&
		    ascii_strncasecmp(p, "INBOX", 5) == 0)))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

/* Warns about each name of `folders` that no folder of the server has. */
static void
warn_unknown(struct _sync *s, const struct listing *l)
{
	const char *p, *list = s->acct->folders;
	char *name, *text;
	bool found;
	size_t n, i;

	if (list == NULL || ascii_strcasecmp(list, "all") == 0)
		return;
	for (p = list; *p != '\0'; p += strcspn(p, ",")) {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		name = xstrndup(p, n);
		found = ascii_strcasecmp(name, "INBOX") == 0;
		for (i = 0; i < l->n && !found; i++)
			found = strcmp(l->v[i].name, name) == 0;
		if (!found) {
			text = xasprintf(_("the server has no folder \"%s\" (named in "
			    "folders); its folder names are listed by tether list "
			    "--folders after a sync with folders = all"), name);
			warn(s, text);
			free(text);
		}
		free(name);
	}
}

static int
role_rank(const char *role)
{
	static const char *const order[] = {
		"inbox", "sent", "drafts", "archive", "junk", "trash"
	};
	size_t i;

	for (i = 0; role != NULL && i < TT_ARRAY_LEN(order); i++) {
		if (strcmp(role, order[i]) == 0)
			return (int)i;
	}
	return (int)TT_ARRAY_LEN(order);
}

/* The inbox first, then the other roles, then by name. */
static int
folder_order(const void *a, const void *b)
{
	const struct _sync_folder *x = a, *y = b;
	int rx = role_rank(x->role), ry = role_rank(y->role);

	if (rx != ry)
		return rx - ry;
	return strcmp(x->name, y->name);
}

tt_status
_sync_list_server(struct imap *im, struct _sync_folder **v, size_t *n,
    char **cause)
{
	struct listing l = { NULL, 0 };
	tt_status r;

	if ((imap_caps(im) & IMAP_CAP_SPECIAL_USE) &&
	    (imap_caps(im) & IMAP_CAP_LIST_EXTENDED))
		r = imap_command(im, on_list, &l, cause,
		    "LIST \"\" \"*\" RETURN (SPECIAL-USE)");
	else
		r = imap_command(im, on_list, &l, cause, "LIST \"\" \"*\"");
	if (r == TT_OK)
		roles_by_name(&l);
	*v = l.v;
	*n = l.n;
	return r;
}

/*
 * The server's folders, recorded in the store with their roles; folders
 * the store knew that the server no longer has are forgotten (their
 * messages stay until no folder claims them).
 */
static tt_status
list_folders(struct _sync *s, struct listing *out, char **cause)
{
	struct listing l = { NULL, 0 };
	struct store_sync_folder *known = NULL;
	size_t nknown = 0, i, j;
	bool there;
	tt_status r;

	if ((r = _sync_list_server(s->im, &l.v, &l.n, cause)) != TT_OK)
		goto fail;
	warn_unknown(s, &l);
	if ((r = store_sync_folders(s->st, s->account_id, &known, &nknown,
	    cause)) != TT_OK || (r = store_begin(s->st, cause)) != TT_OK)
		goto fail;
	for (i = 0; i < nknown && r == TT_OK; i++) {
		there = false;
		for (j = 0; j < l.n && !there; j++)
			there = strcmp(known[i].imap_name, l.v[j].imap_name) == 0;
		if (!there) {
			log_msg(LOG_INFO, "sync %s: folder %s is gone from the server",
			    s->acct->name, known[i].name);
			r = store_sync_folder_reset(s->st, known[i].id, true, cause);
		}
	}
	/* Every folder is recorded (a move may target one that is not
	 * synced, like Trash); only the selected ones are read. */
	for (i = 0; i < l.n && r == TT_OK; i++) {
		l.v[i].selected = selected(s->acct, &l.v[i]);
		r = store_sync_folder_ensure(s->st, s->account_id, l.v[i].name,
		    l.v[i].imap_name, l.v[i].role, l.v[i].selected, &l.v[i].state.id,
		    cause);
	}
	if (r == TT_OK)
		r = store_commit(s->st, cause);
	else
		store_rollback(s->st);
	store_sync_folders_free(known, nknown);
	known = NULL;
	nknown = 0;
	if (r != TT_OK)
		goto fail;
	/* The state the store keeps for each (after the upserts above). */
	if ((r = store_sync_folders(s->st, s->account_id, &known, &nknown,
	    cause)) != TT_OK)
		goto fail;
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < nknown; j++) {
			if (known[j].id != l.v[i].state.id)
				continue;
			l.v[i].state = known[j];
			known[j].name = known[j].imap_name = known[j].role = NULL;
		}
	}
	store_sync_folders_free(known, nknown);
	qsort(l.v, l.n, sizeof *l.v, folder_order);
	*out = l;
	return TT_OK;
fail:
	for (i = 0; i < l.n; i++) {
		free(l.v[i].name);
		free(l.v[i].imap_name);
	}
	free(l.v);
	return r;
}

static void
listing_free(struct listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].imap_name);
		free(l->v[i].state.name);
		free(l->v[i].state.imap_name);
		free(l->v[i].state.role);
	}
	free(l->v);
}

/* --- connecting ----------------------------------------------------------------- */

tt_status
_sync_secret(const struct account *a, const char *user, char **secret,
    bool *token, char **cause)
{
	char *what;
	tt_status r;

	*token = false;
	if (a->oauth_token_cmd != NULL) {
		what = xasprintf(_("oauth_token_cmd of account %s"), a->name);
		r = config_run_secret_cmd(a->oauth_token_cmd, what, secret, cause);
		*token = true;
	} else if (a->password_cmd != NULL) {
		what = xasprintf(_("password_cmd of account %s"), a->name);
		r = config_run_secret_cmd(a->password_cmd, what, secret, cause);
	} else {
		/* No command: asked on the terminal, used for this run only. */
		what = NULL;
		r = _sync_ask_password(a, user, secret, cause);
	}
	free(what);
	return r;
}

static tt_status
connect_login(struct _sync *s, char **cause)
{
	const struct account *a = s->acct;
	struct net_tls_opts tls = {
		.host = a->imap_host, .port = a->imap_port, .ca_file = a->tls_ca_file,
		.fingerprint = a->tls_fingerprint,
	};
	struct imap_login how = {
		.user = a->username != NULL ? a->username : a->email,
		.host = a->imap_host, .port = a->imap_port,
	};
	char *secret = NULL;
	bool token = false;
	tt_status r;

	if (a->imap_host == NULL)
		return tt_fail(cause, TT_EINVAL, _("account %s has no IMAP server: "
		    "set provider or imap_host"), a->name);
	if (how.user == NULL)
		return tt_fail(cause, TT_EINVAL, _("account %s has no user name: set "
		    "email or username"), a->name);
	if ((r = _sync_secret(a, how.user, &secret, &token, cause)) != TT_OK)
		return r;
	if (token)
		how.token = secret;
	else
		how.password = secret;
	if ((r = imap_connect(&tls, &s->im, cause)) == TT_OK)
		r = imap_login(s->im, &how, cause);
	secret_wipe(secret);
	free(secret);
	return r;
}

/* QRESYNC (which brings CONDSTORE) when offered; CONDSTORE alone else. */
static tt_status
enable(struct _sync *s, char **cause)
{
	unsigned caps = imap_caps(s->im);
	const char *want;

	if (caps & IMAP_CAP_QRESYNC)
		want = "CONDSTORE QRESYNC";
	else if (caps & IMAP_CAP_CONDSTORE)
		want = "CONDSTORE";
	else
		return TT_OK;
	s->condstore = true;
	if (!(caps & IMAP_CAP_ENABLE)) {
		/* CONDSTORE works without ENABLE (a SELECT parameter turns it
		 * on); QRESYNC does not. */
		return TT_OK;
	}
	if (imap_command(s->im, NULL, NULL, cause, "ENABLE %s", want) != TT_OK)
		return TT_EPROTO;
	s->qresync = (caps & IMAP_CAP_QRESYNC) != 0;
	return TT_OK;
}

/*
 * Runs one phase over every folder.  A folder the server refuses is
 * reported and counted in *failed, and the others go on; a lost
 * connection or a store failure ends the run.
 */
static tt_status
each_folder(struct _sync *s, struct listing *l,
    tt_status (*phase)(struct _sync *, struct _sync_folder *, char **),
    size_t *failed, char **cause)
{
	char *why = NULL, *text;
	tt_status r;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].selected)
			continue;
		if ((r = phase(s, &l->v[i], &why)) == TT_OK)
			continue;
		text = xasprintf(_("folder %s: %s"), l->v[i].name, why);
		free(why);
		why = NULL;
		if (r != TT_EPROTO && r != TT_ENOTFOUND && r != TT_EPERM) {
			*cause = text;
			return r;
		}
		warn(s, text);
		free(text);
		(*failed)++;
	}
	return TT_OK;
}

/* An account's connection kept open between passes (tether sync --watch). */
struct sync_session {
	struct _sync s;
	struct listing l;
	bool listed;
	bool idling;              /* watching the inbox (IDLE, or NOOP polls) */
	bool news;                /* the server reported a change meanwhile */
	unsigned idle_tag;
	int64_t idle_since_ms;
	int64_t noop_at_ms;       /* without IDLE: when the next NOOP goes */
};

tt_status
sync_open(struct store *st, const struct account *acct,
    const struct sync_opts *opts, struct sync_session **out, char **cause)
{
	struct sync_session *ss;
	char *why = NULL;
	tt_status r;

	*out = NULL;
	if (!acct->valid)
		return tt_fail(cause, TT_EINVAL, _("account %s has errors in the "
		    "configuration; tether config check shows them"), acct->name);
	ss = xcalloc(1, sizeof *ss);
	ss->s.st = st;
	ss->s.acct = acct;
	ss->s.opts = opts;
	if ((r = store_account_ensure(st, acct->name, acct->email,
	    &ss->s.account_id, cause)) != TT_OK ||
	    (r = connect_login(&ss->s, cause)) != TT_OK) {
		sync_close(&ss);
		return r;
	}
	if (enable(&ss->s, &why) != TT_OK) {
		/* Without them sync is slower, not wrong. */
		warn(&ss->s, why);
		free(why);
		ss->s.qresync = false;
	}
	*out = ss;
	return TT_OK;
}

/* The server's folder of a role, listing the folders first if need be. */
static tt_status
role_folder(struct sync_session *ss, const char *role,
    const struct _sync_folder **f, char **cause)
{
	tt_status r;
	size_t i;

	if ((r = sync_watch_stop(ss, cause)) != TT_OK)
		return r;
	if (!ss->listed) {
		if ((r = list_folders(&ss->s, &ss->l, cause)) != TT_OK)
			return r;
		ss->listed = true;
	}
	for (i = 0; i < ss->l.n; i++) {
		if (ss->l.v[i].role != NULL && strcmp(ss->l.v[i].role, role) == 0) {
			*f = &ss->l.v[i];
			return TT_OK;
		}
	}
	return tt_fail(cause, TT_ENOTFOUND, _("the server has no %s folder"), role);
}

tt_status
sync_append(struct sync_session *ss, const char *role, const char *flags,
    const char *raw, char **cause)
{
	const struct _sync_folder *f;
	tt_status r;

	if ((r = role_folder(ss, role, &f, cause)) != TT_OK)
		return r;
	return imap_command(ss->s.im, NULL, NULL, cause, "APPEND %q (%s) %q",
	    f->imap_name, flags, raw);
}

/* UIDs of a UID SEARCH answer. */
static tt_status
on_uids(void *arg, const struct imap_resp *r, char **cause)
{
	struct buf *b = arg;
	uint64_t n;

	(void)cause;
	if (r->name == NULL || strcmp(r->name, "SEARCH") != 0)
		return TT_OK;
	for (size_t i = 0; i < r->data.n; i++) {
		if (imap_val_number(&r->data.v[i], UINT32_MAX, &n) == TT_OK && n > 0)
			buf_addf(b, "%s%llu", b->len > 0 ? "," : "", (unsigned long long)n);
	}
	return TT_OK;
}

tt_status
sync_remove_message(struct sync_session *ss, const char *role,
    const char *message_id, char **cause)
{
	const struct _sync_folder *f;
	struct buf uids = BUF_INIT;
	char *criteria;
	tt_status r;

	if ((r = role_folder(ss, role, &f, cause)) != TT_OK)
		return r;
	if ((r = imap_command(ss->s.im, NULL, NULL, cause, "SELECT %q", f->imap_name)) != TT_OK)
		return r;
	criteria = xasprintf("<%s>", message_id);
	r = imap_command(ss->s.im, on_uids, &uids, cause, "UID SEARCH HEADER Message-ID %q",
	    criteria);
	free(criteria);
	if (r == TT_OK && uids.len > 0) {
		r = imap_command(ss->s.im, NULL, NULL, cause,
		    "UID STORE %s +FLAGS.SILENT (\\Deleted)", buf_str(&uids));
		/* Only these: EXPUNGE would take whatever else is \Deleted. */
		if (r == TT_OK && (imap_caps(ss->s.im) & IMAP_CAP_UIDPLUS))
			r = imap_command(ss->s.im, NULL, NULL, cause, "UID EXPUNGE %s",
			    buf_str(&uids));
	}
	buf_free(&uids);
	if (r == TT_OK)
		r = imap_command(ss->s.im, NULL, NULL, cause, "CLOSE");
	return r;
}

tt_status
sync_run(struct sync_session *ss, bool inbox_only, struct sync_stats *stats,
    char **cause)
{
	struct _sync *s = &ss->s;
	struct listing only = { NULL, 0 };
	size_t failed = 0, i;
	tt_status r;

	memset(stats, 0, sizeof *stats);
	/* Commands need the connection out of IDLE. */
	if ((r = sync_watch_stop(ss, cause)) != TT_OK)
		return r;
	s->stats = stats;
	s->window = config_sync_start(s->acct, time_now());
	/* The folder list is read on the first pass and on every full one. */
	if (!inbox_only || !ss->listed) {
		listing_free(&ss->l);
		memset(&ss->l, 0, sizeof ss->l);
		if ((r = list_folders(s, &ss->l, cause)) != TT_OK)
			return r;
		ss->listed = true;
	}
	only = ss->l;
	if (inbox_only) {
		/* A view of the inbox alone (the list is sorted inbox first). */
		only.n = ss->l.n > 0 && ss->l.v[0].role != NULL &&
		    strcmp(ss->l.v[0].role, "inbox") == 0 ? 1 : 0;
	}
	for (i = 0; i < only.n; i++)
		stats->folders += only.v[i].selected;
	/* The user's changes first: the folders are then read as they are
	 * after them. */
	r = _sync_replay(s, ss->l.v, ss->l.n, cause);
	if (r == TT_OK)
		r = each_folder(s, &only, _sync_folder, &failed, cause);
	/* Changes to messages whose move had no COPYUID wait for the read
	 * of their new folder, done just now. */
	if (r == TT_OK)
		r = _sync_replay(s, ss->l.v, ss->l.n, cause);
	if (r == TT_OK && !s->opts->headers_only)
		r = each_folder(s, &only, _sync_bodies, &failed, cause);
	/* Orphans go only when every folder was read: one that failed (or
	 * was not read) may still hold them. */
	if (r == TT_OK && failed == 0 && !inbox_only) {
		size_t purged = 0;

		if ((r = store_begin(s->st, cause)) == TT_OK &&
		    (r = store_sync_purge(s->st, s->account_id, &purged,
		    cause)) == TT_OK)
			r = store_commit(s->st, cause);
		if (r != TT_OK)
			store_rollback(s->st);
		stats->purged = purged;
	}
	stats->bytes = imap_bytes_in(s->im);
	return r;
}

/* Server news during IDLE: anything about messages is a reason to look. */
static tt_status
on_idle(void *arg, const struct imap_resp *r, char **cause)
{
	bool *news = arg;

	(void)cause;
	if (r->name != NULL && (strcmp(r->name, "EXISTS") == 0 ||
	    strcmp(r->name, "EXPUNGE") == 0 || strcmp(r->name, "FETCH") == 0 ||
	    strcmp(r->name, "VANISHED") == 0))
		*news = true;
	return TT_OK;
}

/* The inbox of the listing (sorted inbox first), or NULL. */
static struct _sync_folder *
inbox_of(struct sync_session *ss)
{
	struct _sync_folder *f = ss->l.n > 0 ? &ss->l.v[0] : NULL;

	return f != NULL && f->role != NULL && strcmp(f->role, "inbox") == 0 ? f :
	    NULL;
}

tt_status
sync_watch_start(struct sync_session *ss, char **cause)
{
	struct _sync *s = &ss->s;
	struct _sync_folder *inbox;
	tt_status r;

	if (ss->idling)
		return TT_OK;
	if (!ss->listed) {
		if ((r = list_folders(s, &ss->l, cause)) != TT_OK)
			return r;
		ss->listed = true;
	}
	if ((inbox = inbox_of(ss)) == NULL)
		return tt_fail(cause, TT_ENOTFOUND, _("the server shows no INBOX to "
		    "wait on"));
	if (s->selected != inbox->state.id) {
		if ((r = imap_command(s->im, NULL, NULL, cause, "EXAMINE %q",
		    inbox->imap_name)) != TT_OK)
			return r;
		s->selected = inbox->state.id;
	}
	ss->news = false;
	ss->idle_since_ms = (int64_t)time_mono_ms();
	if (!(imap_caps(s->im) & IMAP_CAP_IDLE)) {
		ss->noop_at_ms = ss->idle_since_ms + 30000;
		ss->idling = true;
		return TT_OK;
	}
	if ((r = imap_idle_start(s->im, &ss->idle_tag, on_idle, &ss->news,
	    cause)) != TT_OK)
		return r;
	ss->idling = true;
	return TT_OK;
}

tt_status
sync_watch_stop(struct sync_session *ss, char **cause)
{
	struct _sync *s = &ss->s;

	if (!ss->idling)
		return TT_OK;
	ss->idling = false;
	if (!(imap_caps(s->im) & IMAP_CAP_IDLE))
		return TT_OK;
	return imap_idle_done(s->im, ss->idle_tag, on_idle, &ss->news, cause);
}

int64_t
sync_watch_age_ms(const struct sync_session *ss)
{
	return ss->idling ? (int64_t)time_mono_ms() - ss->idle_since_ms : 0;
}

tt_status
sync_watch_wait(struct sync_session *ss, int wake_fd, int timeout_ms,
    enum sync_wake *why, char **cause)
{
	struct _sync *s = &ss->s;
	enum imap_wake w = IMAP_WAKE_TIMEOUT;
	int64_t end = (int64_t)time_mono_ms() + timeout_ms, left;
	bool idle = (imap_caps(s->im) & IMAP_CAP_IDLE) != 0;
	tt_status r;

	*why = SYNC_WAKE_TIMEOUT;
	if (!ss->idling && (r = sync_watch_start(ss, cause)) != TT_OK)
		return r;
	while (!ss->news && (left = end - (int64_t)time_mono_ms()) > 0) {
		/* Without IDLE a NOOP every 30 s asks for news. */
		if (!idle && left > ss->noop_at_ms - (int64_t)time_mono_ms())
			left = ss->noop_at_ms - (int64_t)time_mono_ms();
		if ((r = imap_idle_wait(s->im, wake_fd, left > 0 ? (int)left : 0,
		    on_idle, &ss->news, &w, cause)) != TT_OK)
			return r;
		if (w == IMAP_WAKE_FD) {
			*why = SYNC_WAKE_FD;
			return TT_OK;
		}
		if (!idle && (int64_t)time_mono_ms() >= ss->noop_at_ms) {
			if ((r = imap_command(s->im, on_idle, &ss->news, cause,
			    "NOOP")) != TT_OK)
				return r;
			ss->noop_at_ms = (int64_t)time_mono_ms() + 30000;
		}
	}
	if (ss->news) {
		/* Read what changed with IDLE ended: the caller syncs the inbox. */
		*why = SYNC_WAKE_SERVER;
		return sync_watch_stop(ss, cause);
	}
	return TT_OK;
}

tt_status
sync_fetch_body(struct sync_session *ss, int64_t message_id, char **cause)
{
	struct _sync *s = &ss->s;
	struct _sync_folder *f = NULL;
	int64_t folder;
	uint32_t uid;
	size_t i;
	tt_status r;

	if ((r = sync_watch_stop(ss, cause)) != TT_OK)
		return r;
	if ((r = store_message_uid(s->st, message_id, s->account_id, &folder, &uid,
	    cause)) != TT_OK)
		return r;
	for (i = 0; i < ss->l.n && f == NULL; i++) {
		if (ss->l.v[i].state.id == folder)
			f = &ss->l.v[i];
	}
	if (f == NULL || uid == 0)
		return tt_fail(cause, TT_ENOTFOUND, _("message %lld is in no folder "
		    "of this account on the server"), (long long)message_id);
	return _sync_one_body(s, f, uid, message_id, cause);
}

void
sync_close(struct sync_session **ssp)
{
	struct sync_session *ss = *ssp;

	if (ss == NULL)
		return;
	*ssp = NULL;
	imap_close(&ss->s.im);
	listing_free(&ss->l);
	free(ss);
}

tt_status
sync_account(struct store *st, const struct account *acct,
    const struct sync_opts *opts, struct sync_stats *stats, char **cause)
{
	struct sync_session *ss;
	tt_status r;

	memset(stats, 0, sizeof *stats);
	if ((r = sync_open(st, acct, opts, &ss, cause)) != TT_OK)
		return r;
	r = sync_run(ss, false, stats, cause);
	sync_close(&ss);
	return r;
}
