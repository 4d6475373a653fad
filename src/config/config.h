/* config.h - the one public header of src/config: the config file, its options table, provider presets, secrets. */
#ifndef TETHER_CONFIG_H
#define TETHER_CONFIG_H

/*
 * Files of this library and their jobs:
 *   options.c    the options table: every key, its type, default and doc line
 *   providers.c  the provider presets (behaviours.md §4 plus Gmail, Microsoft)
 *   parse.c      the INI reader: sections, keys, diagnostics with line numbers
 *   values.c     one value parsed by its type, with a sentence for each refusal
 *   validate.c   per-account rules: presets applied, refusals (POP3, 143, …)
 *   show.c       `config show` (text and JSON) and the man-page section writer
 *   secret.c     running password_cmd / oauth_token_cmd without a shell
 *   keys.c       the [keys] section: key names, action names, bindings
 */

#include "util/util.h"

enum link_mode { LINK_MODE_AUTO, LINK_MODE_MANUAL };
enum sharing { SHARING_SHARED, SHARING_PRIVATE };
enum smtp_security { SMTP_TLS, SMTP_STARTTLS };
enum sync_since {
	SYNC_SINCE_ALL, SYNC_SINCE_NOW, SYNC_SINCE_3D, SYNC_SINCE_1M,
	SYNC_SINCE_3M, SYNC_SINCE_6M, SYNC_SINCE_1Y, SYNC_SINCE_2Y
};

/* The message-size limit used when neither preset, file nor server gives one. */
#define CONFIG_DEFAULT_SIZE_LIMIT 20000000u

/* A provider preset: what picking `provider = ID` fills in (CONN-10). */
struct provider {
	const char *id;          /* the value of `provider` */
	const char *label;       /* shown to people */
	const char *imap_host;
	int imap_port;
	const char *smtp_host;
	int smtp_port;
	enum smtp_security smtp_security;
	int smtp_alt_port;       /* the fallback pair of CONN-07, 0 when none */
	enum smtp_security smtp_alt_security;
	uint64_t size_limit;     /* bytes (decimal MB), 0 when not published */
	bool saves_sent;         /* the server files sent mail itself */
	bool sender_name_readonly; /* SNDR-03: the server ignores the From name */
	bool unverified;         /* a value not confirmed by the provider */
	const char *note;        /* one sentence shown by `config check`, or NULL */
};

/* All presets, in the order they are shown. */
const struct provider *config_providers(size_t *count);
/* The preset with this id (case-insensitive), or NULL. */
const struct provider *config_provider_find(const char *id);

/* Where an effective value came from. */
enum config_origin { ORIGIN_UNSET, ORIGIN_DEFAULT, ORIGIN_PROVIDER, ORIGIN_FILE };

/* Option value types; the table maps each to a field type. */
enum option_type {
	OPT_STRING,      /* char *               free text */
	OPT_CHOICE,      /* int                  index into choices */
	OPT_BOOL,        /* bool                 yes/no/true/false/on/off/1/0 */
	OPT_PORT,        /* int                  1..65535 */
	OPT_SECONDS,     /* int                  1..600 */
	OPT_SIZE,        /* uint64_t             bytes, "25MB", "20 MB", "512k" */
	OPT_PATH,        /* char *               ~/ expanded */
	OPT_COMMAND,     /* char *               argv words, run without a shell */
	OPT_HOST,        /* char *               a host name or address, no scheme/port */
	OPT_EMAIL,       /* char *               addr-spec */
	OPT_FINGERPRINT, /* char *               sha256:HEX (colons allowed) */
	OPT_FOLDERS,     /* char *               "all" or a comma list */
	OPT_PROVIDER,    /* char *               a preset id */
	OPT_ACCOUNT,     /* char *               the name of an [account] */
};

enum config_section { SECTION_GENERAL, SECTION_ACCOUNT, SECTION_KEYS };

/* One row of the options table: the single source for parsing, defaults,
 * validation, `config show` and the man page. */
struct config_option {
	enum config_section section;
	const char *name;
	enum option_type type;
	const char *const *choices; /* OPT_CHOICE: NULL-terminated */
	size_t offset;              /* of the field in struct general/account */
	const char *def;            /* the default as written in a file, or NULL */
	const char *def_doc;        /* the default in words when it is derived */
	const char *doc;            /* one or two sentences for the man page */
};

/* The table, in man-page order. */
const struct config_option *config_options(size_t *count);
/* The row for section/key, or NULL. */
const struct config_option *config_option_find(enum config_section section,
    const char *name);

#define CONFIG_MAX_OPTIONS 32

struct general {
	int link_mode;            /* enum link_mode */
	int default_sharing;      /* enum sharing */
	bool archive_in_provider;
	bool delete_in_provider;
	char *crm_database;       /* owned; NULL means DATA_DIR/crm.db */
	char *default_account;    /* owned; NULL means the first account */
	bool mouse;               /* the interface takes the mouse */
	unsigned char origin[CONFIG_MAX_OPTIONS];
	unsigned line[CONFIG_MAX_OPTIONS];
};

struct account {
	char *name;               /* the NAME of [account NAME] */
	char *provider;
	char *email;
	char *sender_name;        /* key `name` */
	char *username;           /* defaults to email */
	char *password_cmd;
	char *oauth_token_cmd;
	char *imap_host;
	int imap_port;
	char *smtp_host;
	int smtp_port;
	int smtp_security;        /* enum smtp_security */
	char *tls_ca_file;
	char *tls_fingerprint;    /* normalised "sha256:" + 64 lower-case hex */
	int sync_since;           /* enum sync_since */
	char *folders;
	uint64_t size_limit;      /* 0: the server's SIZE, else 20 MB */
	int smtp_timeout;         /* seconds a server may take to answer */
	const struct provider *preset; /* foreign; NULL when none */
	unsigned char origin[CONFIG_MAX_OPTIONS];
	unsigned line[CONFIG_MAX_OPTIONS];
	unsigned section_line;
	bool valid;               /* no error names this account */
};

enum diag_level { DIAG_WARNING, DIAG_ERROR };

/* A finding about the file: one sentence, where it was and what it concerns. */
struct config_diag {
	enum diag_level level;
	unsigned line;            /* 0 when it concerns the whole file */
	char *account;            /* owned; NULL for [general] or the file */
	char *key;                /* owned; NULL when not about one key */
	char *message;            /* owned */
};

/* A binding of the [keys] section: key = action. */
struct config_key {
	char *key;                /* owned: "j", "C-d", "PgDn", … */
	char *action;             /* owned: "down", "archive", "none", … */
	unsigned line;
};

struct config {
	char *path;               /* owned; the file, for messages */
	bool exists;              /* false: no file, only defaults */
	struct general general;
	struct account **accounts; /* owned, file order */
	size_t naccounts;
	struct config_diag *diags; /* owned, in the order found */
	size_t ndiags;
	unsigned secret_line;     /* a plain-text secret is on this line, 0 if none */
	struct config_key *keys;  /* owned: [keys], in file order */
	size_t nkeys;
};

/* The action names [keys] accepts, for the interface and the man page. */
const char *const *config_key_actions(size_t *n);
/* Whether k names a key [keys] can bind (one character, C-x, F1..F12,
 * Enter, Space, Tab, Up, Down, Left, Right, PgUp, PgDn, Home, End,
 * Backspace, Delete, Escape). */
bool config_key_name_ok(const char *k);

/*
 * Parses config text (name is used in messages).  Never fails: every problem
 * becomes a diagnostic, and an account with an error is marked invalid.
 * Presets and defaults are applied and every account validated.
 */
struct config *config_parse(const char *name, const char *text, size_t len);

/*
 * Reads and parses the file at path.  A missing file is not an error: the
 * result holds the defaults with exists = false.  Adds a warning when the
 * file is readable by others and holds a secret.
 * Returns TT_OK, or TT_EIO/TT_EPERM/TT_EINVAL (unreadable, too large).
 */
tt_status config_load(const char *path, struct config **out, char **cause);
void config_free(struct config **cfg);

/* The number of diagnostics at the given level. */
size_t config_count(const struct config *cfg, enum diag_level level);
/* The account with this name, or NULL. */
struct account *config_account_find(const struct config *cfg, const char *name);
/* default_account, else the first account; NULL when there are none. */
struct account *config_default_account(const struct config *cfg);
/*
 * Sets key = value in [account ACCOUNT] of the file at path: the line is
 * replaced, or added at the section's end; everything else stays.  The
 * result is checked first: a value that would make the account invalid is
 * refused with the checker's sentence, and the file is replaced whole
 * (never half written), keeping its mode.
 * Returns TT_OK, TT_EINVAL, TT_ENOTFOUND (no such section) or TT_EIO.
 */
tt_status config_file_set(const char *path, const char *account,
    const char *key, const char *value, char **cause);
/* The account whose email is address (case ignored), or NULL. */
struct account *config_account_by_email(const struct config *cfg,
    const char *address);
/* Every account's email (the user's own addresses), borrowed strings in
 * a heap array; *n gets how many. */
const char **config_own_addresses(const struct config *cfg, size_t *n);
/* The crm.db path: crm_database resolved against data_dir, or data_dir/crm.db. */
char *config_crm_path(const struct config *cfg, const char *data_dir);
/* The limit that applies before the server's SIZE is known: the file's or
 * the preset's size_limit, else CONFIG_DEFAULT_SIZE_LIMIT. */
uint64_t config_size_limit(const struct account *acct);
/* The earliest date the sync window includes, or 0 for `all`. */
time_t config_sync_start(const struct account *acct, time_t now);

/* One diagnostic as "FILE:LINE: [account X] message" (no newline). */
char *config_diag_format(const struct config *cfg, const struct config_diag *d);

/* Writes the effective configuration with the origin of each value. */
void config_show_text(const struct config *cfg, struct buf *out);
void config_show_json(const struct config *cfg, struct buf *out);
/* Writes the roff OPTIONS and PROVIDERS sections of tether.conf(5). */
void config_write_man(struct buf *out);

/* Where the account's value of key came from (ORIGIN_UNSET for no such key). */
enum config_origin config_account_origin(const struct account *acct, const char *key);

/* The text form of the current value of opt in the struct at base ("" if unset). */
char *config_value_text(const struct config_option *opt, const void *base);

/*
 * Runs a password_cmd/oauth_token_cmd: the words are split like a shell does
 * (quotes and backslashes) but no shell runs, so nothing is expanded or
 * chained.  The first line of its output is the secret.  `what` names the key
 * and account for messages ("password_cmd of account work").
 * Returns TT_OK, TT_EINVAL (empty or unbalanced quotes) or TT_ECMD.
 * Wipe the secret with secret_wipe() before freeing it.
 */
tt_status config_run_secret_cmd(const char *cmdline, const char *what,
    char **secret, char **cause);

/* Splits cmdline into NULL-terminated words (quotes, backslashes; no expansion). */
tt_status config_split_words(const char *cmdline, char ***argv, char **cause);
void config_free_words(char ***argv);

#endif
