/* validate.c - presets and defaults applied per account, and the rules that refuse unsafe setups. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config-internal.h"

static unsigned char *
origin_of(struct account *a, const char *key)
{
	return &a->origin[_config_option_index(config_option_find(SECTION_ACCOUNT, key))];
}

static unsigned
line_of(struct account *a, const char *key)
{
	return a->line[_config_option_index(config_option_find(SECTION_ACCOUNT, key))];
}

static bool
is_set(struct account *a, const char *key)
{
	return *origin_of(a, key) == ORIGIN_FILE;
}

static void
set_str(struct account *a, const char *key, char **field, const char *value,
    enum config_origin origin)
{
	if (is_set(a, key) || value == NULL)
		return;
	free(*field);
	*field = xstrdup(value);
	*origin_of(a, key) = (unsigned char)origin;
}

static void
set_int(struct account *a, const char *key, int *field, int value,
    enum config_origin origin)
{
	if (is_set(a, key))
		return;
	*field = value;
	*origin_of(a, key) = (unsigned char)origin;
}

/* Fills servers, ports and security from the preset or the general rule
 * (993; 465 with tls, 587 with starttls), keeping what the file set. */
static void
apply_servers(struct account *a)
{
	const struct provider *p = a->preset;
	enum config_origin o = p != NULL ? ORIGIN_PROVIDER : ORIGIN_DEFAULT;
	int port = p != NULL ? p->smtp_port : 465;
	int sec = p != NULL ? (int)p->smtp_security : SMTP_TLS;

	if (p != NULL) {
		set_str(a, "imap_host", &a->imap_host, p->imap_host, ORIGIN_PROVIDER);
		set_str(a, "smtp_host", &a->smtp_host, p->smtp_host, ORIGIN_PROVIDER);
		if (!is_set(a, "size_limit") && p->size_limit != 0) {
			a->size_limit = p->size_limit;
			*origin_of(a, "size_limit") = ORIGIN_PROVIDER;
		}
	}
	set_int(a, "imap_port", &a->imap_port, p != NULL ? p->imap_port : 993, o);
	/* A port or a security set alone decides the other, so "smtp_port = 587"
	 * on a 465 preset means STARTTLS rather than a mismatch. */
	if (is_set(a, "smtp_port") && !is_set(a, "smtp_security")) {
		if (a->smtp_port == 465)
			sec = SMTP_TLS;
		else if (a->smtp_port == 587)
			sec = SMTP_STARTTLS;
		set_int(a, "smtp_security", &a->smtp_security, sec, ORIGIN_DEFAULT);
	} else if (is_set(a, "smtp_security") && !is_set(a, "smtp_port")) {
		if (a->smtp_security != sec) {
			if (p != NULL && p->smtp_alt_port != 0 &&
			    (int)p->smtp_alt_security == a->smtp_security)
				port = p->smtp_alt_port;
			else
				port = a->smtp_security == SMTP_STARTTLS ? 587 : 465;
			o = ORIGIN_DEFAULT;
		}
		set_int(a, "smtp_port", &a->smtp_port, port, o);
	} else {
		set_int(a, "smtp_port", &a->smtp_port, port, o);
		set_int(a, "smtp_security", &a->smtp_security, sec, o);
	}
}

/* Literal defaults from the table for every key still unset. */
static void
apply_table_defaults(enum config_section section, void *base, unsigned char *origin)
{
	const struct config_option *opts;
	size_t n, i;
	char *msg;

	opts = config_options(&n);
	for (i = 0; i < n; i++) {
		if (opts[i].section != section || opts[i].def == NULL ||
		    origin[i] != ORIGIN_UNSET)
			continue;
		if ((msg = _config_parse_value(&opts[i], opts[i].def, base)) != NULL)
			fatalx("default of %s does not parse: %s", opts[i].name, msg);
		origin[i] = ORIGIN_DEFAULT;
	}
}

static void
check_imap(struct config *cfg, struct account *a)
{
	unsigned line = line_of(a, "imap_port");

	if (a->imap_host == NULL) {
		_config_diag(cfg, DIAG_ERROR, a->section_line, a, "imap_host",
		    _("no IMAP server: set provider (see tether.conf(5)) or imap_host"));
	} else if (strncmp(a->imap_host, "pop.", 4) == 0 ||
	    strncmp(a->imap_host, "pop3.", 5) == 0) {
		_config_diag(cfg, DIAG_ERROR, line_of(a, "imap_host"), a, "imap_host",
		    _("%s looks like a POP3 server, and POP3 is not supported: tether "
		    "reads mail only over IMAP; use the provider's IMAP server on port 993"),
		    a->imap_host);
	}
	switch (a->imap_port) {
	case 143:
		_config_diag(cfg, DIAG_ERROR, line, a, "imap_port",
		    _("port 143 is not supported because it is not encrypted; use "
		    "imap_port = 993 (IMAP over TLS)"));
		break;
	case 110:
	case 995:
		_config_diag(cfg, DIAG_ERROR, line, a, "imap_port",
		    _("port %d is a POP3 port, and POP3 is not supported: tether reads "
		    "mail only over IMAP; use imap_port = 993"), a->imap_port);
		break;
	case 25:
	case 465:
	case 587:
		_config_diag(cfg, DIAG_ERROR, line, a, "imap_port",
		    _("port %d is an SMTP port; IMAP over TLS uses imap_port = 993"),
		    a->imap_port);
		break;
	}
}

static void
check_smtp(struct config *cfg, struct account *a)
{
	unsigned line = line_of(a, "smtp_port");

	if (line == 0)
		line = line_of(a, "smtp_security");
	if (a->smtp_host == NULL)
		_config_diag(cfg, DIAG_ERROR, a->section_line, a, "smtp_host",
		    _("no SMTP server: set provider (see tether.conf(5)) or smtp_host"));
	switch (a->smtp_port) {
	case 25:
		_config_diag(cfg, DIAG_ERROR, line, a, "smtp_port",
		    _("port 25 is for relaying between servers and is usually not "
		    "encrypted, so tether does not send through it; use smtp_port = 465 "
		    "with tls or 587 with starttls"));
		return;
	case 110: case 143: case 993: case 995:
		_config_diag(cfg, DIAG_ERROR, line, a, "smtp_port",
		    _("port %d is a mailbox (IMAP/POP3) port, not SMTP; use smtp_port = "
		    "465 with tls or 587 with starttls"), a->smtp_port);
		return;
	}
	if (a->smtp_port == 465 && a->smtp_security == SMTP_STARTTLS)
		_config_diag(cfg, DIAG_ERROR, line, a, "smtp_security",
		    _("port 465 needs smtp_security = tls (implicit TLS); starttls "
		    "belongs to port 587"));
	else if (a->smtp_port == 587 && a->smtp_security == SMTP_TLS)
		_config_diag(cfg, DIAG_ERROR, line, a, "smtp_security",
		    _("port 587 needs smtp_security = starttls; implicit tls belongs to "
		    "port 465"));
}

/* Whether the program a command would run can be found, as execvp looks. */
static bool
program_found(const char *cmdline)
{
	char **argv = NULL, *dirs, *dir, *save = NULL, *path;
	const char *env = getenv("PATH");
	bool found = false;

	if (config_split_words(cmdline, &argv, NULL) != TT_OK)
		return true;	/* reported by the parser already */
	if (strchr(argv[0], '/') != NULL)
		found = access(argv[0], X_OK) == 0;
	else {
		dirs = xstrdup(env != NULL ? env : "/usr/local/bin:/usr/bin:/bin");
		for (dir = strtok_r(dirs, ":", &save); dir != NULL && !found;
		    dir = strtok_r(NULL, ":", &save)) {
			path = path_join(*dir != '\0' ? dir : ".", argv[0]);
			found = access(path, X_OK) == 0;
			free(path);
		}
		free(dirs);
	}
	config_free_words(&argv);
	return found;
}

static void
check_command(struct config *cfg, struct account *a, const char *key,
    const char *cmdline)
{
	if (cmdline != NULL && !program_found(cmdline))
		_config_diag(cfg, DIAG_WARNING, line_of(a, key), a, key,
		    _("%s runs a program that is not installed or not in PATH: %s"),
		    key, cmdline);
}

static void
finish_account(struct config *cfg, struct account *a)
{
	if (a->provider != NULL)
		a->preset = config_provider_find(a->provider);
	apply_servers(a);
	apply_table_defaults(SECTION_ACCOUNT, a, a->origin);
	set_str(a, "username", &a->username, a->email, ORIGIN_DEFAULT);

	if (a->email == NULL)
		_config_diag(cfg, DIAG_ERROR, a->section_line, a, "email",
		    _("email is required: the address of this account"));
	check_imap(cfg, a);
	check_smtp(cfg, a);
	if (a->tls_ca_file != NULL && access(a->tls_ca_file, R_OK) != 0)
		_config_diag(cfg, DIAG_ERROR, line_of(a, "tls_ca_file"), a, "tls_ca_file",
		    _("tls_ca_file %s cannot be read"), a->tls_ca_file);
	if (a->preset != NULL && a->preset->sender_name_readonly &&
	    a->sender_name != NULL)
		_config_diag(cfg, DIAG_WARNING, line_of(a, "name"), a, "name",
		    _("%s servers ignore the sender name and use the name on the "
		    "account; name only shows in tether"), a->preset->label);
	if (a->preset != NULL && a->preset->unverified)
		_config_diag(cfg, DIAG_WARNING, line_of(a, "provider"), a, "provider",
		    "%s", _(a->preset->note));
	check_command(cfg, a, "password_cmd", a->password_cmd);
	check_command(cfg, a, "oauth_token_cmd", a->oauth_token_cmd);
	if (a->password_cmd != NULL && a->oauth_token_cmd != NULL)
		_config_diag(cfg, DIAG_WARNING, line_of(a, "password_cmd"), a,
		    "password_cmd", _("both password_cmd and oauth_token_cmd are set; "
		    "tether logs in with the OAuth token and uses the password only "
		    "where OAuth is not offered"));
}

void
_config_finish(struct config *cfg)
{
	struct general *g = &cfg->general;
	size_t i, j, idx;

	apply_table_defaults(SECTION_GENERAL, g, g->origin);
	for (i = 0; i < cfg->naccounts; i++)
		finish_account(cfg, cfg->accounts[i]);
	if (g->default_account != NULL &&
	    config_account_find(cfg, g->default_account) == NULL) {
		idx = _config_option_index(config_option_find(SECTION_GENERAL,
		    "default_account"));
		_config_diag(cfg, DIAG_ERROR, g->line[idx], NULL, "default_account",
		    _("default_account names \"%s\", but there is no [account %s]"),
		    g->default_account, g->default_account);
	}
	for (i = 0; i < cfg->naccounts; i++) {
		for (j = 0; j < i; j++) {
			if (cfg->accounts[i]->email != NULL &&
			    cfg->accounts[j]->email != NULL &&
			    ascii_strcasecmp(cfg->accounts[i]->email,
			    cfg->accounts[j]->email) == 0)
				_config_diag(cfg, DIAG_WARNING, cfg->accounts[i]->section_line,
				    cfg->accounts[i], "email",
				    _("the address is the same as account %s's; both would "
				    "sync the same mailbox"), cfg->accounts[j]->name);
		}
	}
}

struct account *
config_account_by_email(const struct config *cfg, const char *address)
{
	for (size_t k = 0; address != NULL && k < cfg->naccounts; k++) {
		if (cfg->accounts[k]->email != NULL &&
		    ascii_strcasecmp(cfg->accounts[k]->email, address) == 0)
			return cfg->accounts[k];
	}
	return NULL;
}

const char **
config_own_addresses(const struct config *cfg, size_t *n)
{
	const char **v = xcalloc(cfg->naccounts + 1, sizeof *v);

	*n = 0;
	for (size_t k = 0; k < cfg->naccounts; k++) {
		if (cfg->accounts[k]->email != NULL)
			v[(*n)++] = cfg->accounts[k]->email;
	}
	return v;
}

struct account *
config_default_account(const struct config *cfg)
{
	if (cfg->general.default_account != NULL)
		return config_account_find(cfg, cfg->general.default_account);
	return cfg->naccounts > 0 ? cfg->accounts[0] : NULL;
}

char *
config_crm_path(const struct config *cfg, const char *data_dir)
{
	if (cfg->general.crm_database == NULL)
		return path_join(data_dir, "crm.db");
	return path_join(data_dir, cfg->general.crm_database);
}

uint64_t
config_size_limit(const struct account *a)
{
	if (a->size_limit != 0)
		return a->size_limit;
	return CONFIG_DEFAULT_SIZE_LIMIT;
}

time_t
config_sync_start(const struct account *a, time_t now)
{
	switch ((enum sync_since)a->sync_since) {
	case SYNC_SINCE_ALL: return 0;
	case SYNC_SINCE_NOW: return now;
	case SYNC_SINCE_3D: return now - 3 * 86400;
	case SYNC_SINCE_1M: return time_add_months(now, -1);
	case SYNC_SINCE_3M: return time_add_months(now, -3);
	case SYNC_SINCE_6M: return time_add_months(now, -6);
	case SYNC_SINCE_1Y: return time_add_months(now, -12);
	case SYNC_SINCE_2Y: return time_add_months(now, -24);
	}
	return 0;
}
