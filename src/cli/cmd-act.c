/* cmd-act.c - tether read, unread, flag, unflag, archive, delete, move: the change is made here at once and queued for the server. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/config.h"

enum act { ACT_READ, ACT_UNREAD, ACT_FLAG, ACT_UNFLAG, ACT_ARCHIVE, ACT_DELETE,
	ACT_MOVE };

struct target {
	int64_t *msgs;            /* the messages acted on */
	size_t nmsgs;
	int64_t *threads;         /* their threads, each once */
	size_t nthreads;
};

static void
add_unique(int64_t **v, size_t *n, int64_t x)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if ((*v)[i] == x)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = x;
}

/*
 * The messages the ids name: messages, or with whole set (--thread, and
 * always for archive and delete, ARC-11) every message of their threads.
 */
static int
resolve(struct cli_ctx *ctx, struct store *st, char **ids, int nids,
    bool ids_are_threads, bool whole, struct target *t)
{
	struct store_message m;
	int64_t id, thread, *in = NULL;
	size_t nin = 0, k;
	char *cause = NULL;
	int i;

	for (i = 0; i < nids; i++) {
		if (!cli_parse_id(ctx, ids_are_threads ? "thread" : "message", ids[i],
		    &id))
			return CLI_EXIT_USAGE;
		if (ids_are_threads)
			thread = id;
		else {
			if (store_message_get(st, id, false, &m, &cause) != TT_OK) {
				cli_error(ctx, "%s", cause);
				free(cause);
				return CLI_EXIT_FAIL;
			}
			thread = m.thread_id;
			store_message_clear(&m);
			if (!whole) {
				add_unique(&t->msgs, &t->nmsgs, id);
				add_unique(&t->threads, &t->nthreads, thread);
				continue;
			}
		}
		if (store_thread_message_ids(st, thread, &in, &nin, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			free(cause);
			return CLI_EXIT_FAIL;
		}
		if (nin == 0) {
			cli_error(ctx, _("there is no thread %lld"), (long long)thread);
			free(in);
			return CLI_EXIT_FAIL;
		}
		for (k = 0; k < nin; k++)
			add_unique(&t->msgs, &t->nmsgs, in[k]);
		add_unique(&t->threads, &t->nthreads, thread);
		free(in);
		in = NULL;
	}
	return CLI_EXIT_OK;
}

/*
 * Moves each message out of its folders of the account of to (those with
 * a role in skip_role excepted) into to.
 */
static tt_status
move_all(struct store *st, const struct target *t, int64_t to,
    int64_t to_account, const char *skip_role, size_t *moved, char **cause)
{
	struct store_place *p;
	size_t np, i, k, one;
	tt_status s = TT_OK;

	*moved = 0;
	for (i = 0; i < t->nmsgs && s == TT_OK; i++) {
		if ((s = store_message_places(st, t->msgs[i], &p, &np, cause)) != TT_OK)
			break;
		for (k = 0; k < np && s == TT_OK; k++) {
			if (p[k].account_id != to_account || p[k].folder_id == to ||
			    (skip_role != NULL && p[k].role != NULL &&
			    strcmp(p[k].role, skip_role) == 0))
				continue;
			s = store_journal_move(st, &t->msgs[i], 1, p[k].folder_id, to, &one,
			    cause);
			*moved += one;
		}
		store_places_free(p, np);
	}
	return s;
}

/* The accounts of the messages, each once. */
static tt_status
accounts_of(struct store *st, const struct target *t, int64_t **acc,
    char ***names, size_t *n, char **cause)
{
	struct store_place *p;
	size_t np, i, k, j;
	tt_status s = TT_OK;

	for (i = 0; i < t->nmsgs && s == TT_OK; i++) {
		if ((s = store_message_places(st, t->msgs[i], &p, &np, cause)) != TT_OK)
			break;
		for (k = 0; k < np; k++) {
			for (j = 0; j < *n && (*acc)[j] != p[k].account_id; j++)
				;
			if (j < *n || strcmp(p[k].account, STORE_LOCAL_ACCOUNT) == 0)
				continue;
			*acc = xreallocarray(*acc, *n + 1, sizeof **acc);
			*names = xreallocarray(*names, *n + 1, sizeof **names);
			(*acc)[*n] = p[k].account_id;
			(*names)[(*n)++] = xstrdup(p[k].account);
		}
		store_places_free(p, np);
	}
	return s;
}

/*
 * Archive or delete in the provider (ARC-04/05): each account's messages
 * go to its Archive or Trash folder; an account without one is an error
 * that says so, rather than a guess.
 */
static int
to_role(struct cli_ctx *ctx, struct store *st, const struct target *t,
    const char *role, size_t *moved)
{
	int64_t *acc = NULL, folder;
	char **names = NULL, *cause = NULL;
	size_t n = 0, i, one;
	int rc = CLI_EXIT_OK;
	tt_status s;

	*moved = 0;
	s = accounts_of(st, t, &acc, &names, &n, &cause);
	for (i = 0; i < n && s == TT_OK && rc == CLI_EXIT_OK; i++) {
		if ((s = store_folder_by_role(st, acc[i], role, &folder,
		    &cause)) != TT_OK)
			break;
		if (folder == 0) {
			cli_error(ctx, strcmp(role, "archive") == 0 ?
			    _("account %s has no Archive folder that tether knows of (run "
			    "tether sync, or set archive_in_provider = no); nothing was "
			    "changed") :
			    _("account %s has no Trash folder that tether knows of (run "
			    "tether sync, or set delete_in_provider = no); nothing was "
			    "changed"), names[i]);
			rc = CLI_EXIT_FAIL;
			break;
		}
		/* Archiving takes mail out of the inbox only; deleting out of
		 * every folder but Trash. */
		if (strcmp(role, "archive") == 0) {
			struct store_place *p;
			size_t np, k, m;

			for (m = 0; m < t->nmsgs && s == TT_OK; m++) {
				if ((s = store_message_places(st, t->msgs[m], &p, &np,
				    &cause)) != TT_OK)
					break;
				for (k = 0; k < np && s == TT_OK; k++) {
					if (p[k].account_id != acc[i] || p[k].role == NULL ||
					    strcmp(p[k].role, "inbox") != 0)
						continue;
					s = store_journal_move(st, &t->msgs[m], 1, p[k].folder_id,
					    folder, &one, &cause);
					*moved += one;
				}
				store_places_free(p, np);
			}
		} else {
			s = move_all(st, t, folder, acc[i], "trash", &one, &cause);
			*moved += one;
		}
	}
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(acc);
	return rc;
}

static void
say_queued(struct cli_ctx *ctx, size_t queued)
{
	if (queued > 0)
		fprintf(ctx->out, ngettext_("%zu change waits for the server (tether "
		    "sync sends it; tether journal lists it)\n", "%zu changes wait for "
		    "the server (tether sync sends them; tether journal lists them)\n",
		    queued), queued);
}

static int
act(struct cli_ctx *ctx, enum act what, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct target t = { 0 };
	struct config *cfg = NULL;
	struct store *st = NULL;
	const char *to_spec = NULL;
	bool threads = false;
	char *cause = NULL, **ids;
	size_t changed = 0, queued = 0, moved = 0;
	int64_t to = 0;
	int i, nids = 0, rc;
	tt_status s;

	ids = xcalloc((size_t)argc, sizeof *ids);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--thread") == 0)
			threads = true;
		else if (what == ACT_MOVE && strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to_spec = argv[++i];
		else if (argv[i][0] == '-') {
			free(ids);
			cli_usage(ctx->err, cmd);
			return CLI_EXIT_USAGE;
		} else
			ids[nids++] = argv[i];
	}
	if (nids == 0 || (what == ACT_MOVE && to_spec == NULL)) {
		free(ids);
		cli_usage(ctx->err, cmd);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK) {
		free(ids);
		return rc;
	}
	if (to_spec != NULL && store_folder_find(st, to_spec, &to, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	/* One transaction: the view and the journal change together or not. */
	if ((s = store_begin(st, &cause)) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	rc = resolve(ctx, st, ids, nids, threads, threads || what == ACT_ARCHIVE ||
	    what == ACT_DELETE, &t);
	s = TT_OK;
	if (rc == CLI_EXIT_OK) {
		switch (what) {
		case ACT_READ:
		case ACT_UNREAD:
		case ACT_FLAG:
		case ACT_UNFLAG:
			s = store_journal_flags(st, t.msgs, t.nmsgs,
			    what == ACT_READ ? MSG_SEEN : what == ACT_FLAG ? MSG_FLAGGED : 0,
			    what == ACT_UNREAD ? MSG_SEEN : what == ACT_UNFLAG ?
			    MSG_FLAGGED : 0, &changed, &queued, &cause);
			break;
		case ACT_ARCHIVE:
		case ACT_DELETE:
			if ((what == ACT_ARCHIVE ? cfg->general.archive_in_provider :
			    cfg->general.delete_in_provider))
				rc = to_role(ctx, st, &t, what == ACT_ARCHIVE ? "archive" :
				    "trash", &moved);
			if (rc == CLI_EXIT_OK)
				s = store_threads_mark(st, t.threads, t.nthreads,
				    what == ACT_DELETE, &cause);
			queued = moved;
			break;
		case ACT_MOVE: {
			int64_t account;

			/* Only the target's account's folders are left. */
			if ((s = store_folder_account(st, to, &account, &cause)) == TT_OK)
				s = move_all(st, &t, to, account, NULL, &moved, &cause);
			queued = moved;
			break;
		}
		}
	}
	if (s != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	}
	if (rc != CLI_EXIT_OK) {
		store_rollback(st);
		goto out;
	}
	if (store_commit(st, &cause) != TT_OK) {
		store_rollback(st);
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	switch (what) {
	case ACT_READ:
	case ACT_UNREAD:
	case ACT_FLAG:
	case ACT_UNFLAG:
		fprintf(ctx->out, ngettext_("%zu message changed\n",
		    "%zu messages changed\n", changed), changed);
		break;
	case ACT_ARCHIVE:
		fprintf(ctx->out, ngettext_("%zu thread archived\n",
		    "%zu threads archived\n", t.nthreads), t.nthreads);
		break;
	case ACT_DELETE:
		fprintf(ctx->out, ngettext_("%zu thread deleted\n",
		    "%zu threads deleted\n", t.nthreads), t.nthreads);
		break;
	case ACT_MOVE:
		fprintf(ctx->out, ngettext_("%zu message moved\n",
		    "%zu messages moved\n", moved), moved);
		break;
	}
	say_queued(ctx, queued);
out:
	free(t.msgs);
	free(t.threads);
	free(ids);
	cli_close_store(&cfg, &st);
	return rc;
}

/* One command of the table per action, all run by act(). */
#define ACT_CMD(id, what, name, usage, summary) \
	static int act_##id(struct cli_ctx *ctx, int argc, char **argv); \
	const struct cli_cmd cli_cmd_##id = { name, usage, summary, act_##id }; \
	static int act_##id(struct cli_ctx *ctx, int argc, char **argv) \
	{ return act(ctx, what, &cli_cmd_##id, argc, argv); }

ACT_CMD(read, ACT_READ, "read", "ID... [--thread]",
    N_("mark messages (or whole threads) read, here and on the server"))
ACT_CMD(unread, ACT_UNREAD, "unread", "ID... [--thread]",
    N_("mark messages (or whole threads) unread, here and on the server"))
ACT_CMD(flag, ACT_FLAG, "flag", "ID... [--thread]",
    N_("flag messages (or whole threads), here and on the server"))
ACT_CMD(unflag, ACT_UNFLAG, "unflag", "ID... [--thread]",
    N_("remove the flag from messages (or whole threads)"))
ACT_CMD(archive, ACT_ARCHIVE, "archive", "ID... [--thread]",
    N_("archive the threads of messages (on the server too with archive_in_provider)"))
ACT_CMD(delete, ACT_DELETE, "delete", "ID... [--thread]",
    N_("delete the threads of messages (to the server's Trash with delete_in_provider)"))
ACT_CMD(move, ACT_MOVE, "move", "ID... --to FOLDER [--thread]",
    N_("move messages (or whole threads) to another folder of their account"))
