/* sync-internal.h - what the files of src/sync share: the session of one account. */
#ifndef TETHER_SYNC_INTERNAL_H
#define TETHER_SYNC_INTERNAL_H

#include "imap/imap.h"
#include "sync/sync.h"

/* One account's run. */
struct _sync {
	struct store *st;          /* foreign */
	const struct account *acct;
	const struct sync_opts *opts;
	struct sync_stats *stats;
	struct imap *im;
	int64_t account_id;
	time_t window;             /* the sync_since start; 0: all mail */
	bool qresync;              /* ENABLE QRESYNC succeeded */
	bool condstore;
	int64_t selected;          /* the folder open on the server, or 0 */
};

/* A folder to sync: the server's view joined with the store's. */
struct _sync_folder {
	char *name;                /* UTF-8 */
	char *imap_name;           /* as on the wire */
	const char *role;          /* static, or NULL */
	bool selected;             /* synced (the account's folders setting) */
	bool all;                  /* \All: every message (Gmail's All Mail) */
	struct store_sync_folder state;   /* id and what the store knows */
};

/* A password asked on the terminal (echo off) when the account has no
 * password_cmd; TT_EINVAL with a sentence when there is no terminal. */
tt_status _sync_ask_password(const struct account *a, const char *user,
    char **secret, char **cause);
/* The account's secret: from oauth_token_cmd (*token set), password_cmd,
 * or the terminal.  Wipe it with secret_wipe. */
tt_status _sync_secret(const struct account *a, const char *user,
    char **secret, bool *token, char **cause);
/* The server's folders with their roles (names owned by *v). */
tt_status _sync_list_server(struct imap *im, struct _sync_folder **v,
    size_t *n, char **cause);

/* Replays the account's due intents (v[0..n) are the server's folders). */
tt_status _sync_replay(struct _sync *s, struct _sync_folder *v, size_t n,
    char **cause);

/* The header phase of one folder (select, expunges, flags, new mail). */
tt_status _sync_folder(struct _sync *s, struct _sync_folder *f, char **cause);
/* One message's body, now. */
tt_status _sync_one_body(struct _sync *s, struct _sync_folder *f, uint32_t uid,
    int64_t message_id, char **cause);
/* The body phase of one folder: every message without its body. */
tt_status _sync_bodies(struct _sync *s, struct _sync_folder *f, char **cause);

/* The MSG_* bits of a FLAGS list. */
unsigned _sync_flags(const struct imap_val *list);

void _sync_progress(struct _sync *s, const char *folder, const char *phase,
    uint64_t done, uint64_t total);
void _sync_changed(struct _sync *s, const char *folder);

#endif
