/* parse.c - the INI reader: sections, key = value lines, diagnostics with line numbers. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config-internal.h"

#define CONFIG_MAX_BYTES (1024 * 1024)
/* Far above any real setup; keeps lookups by name cheap on hostile input. */
#define CONFIG_MAX_ACCOUNTS 500

void
_config_diag(struct config *cfg, enum diag_level level, unsigned line,
    struct account *acct, const char *key, const char *fmt, ...)
{
	struct config_diag *d;
	va_list ap;

	cfg->diags = xreallocarray(cfg->diags, cfg->ndiags + 1, sizeof *cfg->diags);
	d = &cfg->diags[cfg->ndiags++];
	d->level = level;
	d->line = line;
	d->account = acct != NULL ? xstrdup(acct->name) : NULL;
	d->key = key != NULL ? xstrdup(key) : NULL;
	va_start(ap, fmt);
	d->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (acct != NULL && level == DIAG_ERROR)
		acct->valid = false;
}

static void
trim(char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
	    (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* Undoes "…" quoting in place; returns false on a missing end quote or
 * text after it. */
static bool
unquote(char *s)
{
	char *r = s + 1, *w = s;

	for (; *r != '\0' && *r != '"'; r++) {
		if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r;
	}
	if (*r != '"' || r[1] != '\0')
		return false;
	*w = '\0';
	return true;
}

/* Levenshtein distance, capped: for "did you mean" hints only. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, tmp;
	size_t row[64];

	if (la >= 64 || lb >= 64)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static void
unknown_key(struct config *cfg, unsigned line, struct account *acct,
    enum config_section section, const char *key)
{
	const struct config_option *opts, *best = NULL;
	size_t n, i, d, bestd = 3;
	enum config_section other = section == SECTION_GENERAL ?
	    SECTION_ACCOUNT : SECTION_GENERAL;

	if (strcmp(key, "password") == 0 || strcmp(key, "pass") == 0) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("plain-text passwords are not read from the config file; set "
		    "password_cmd to a command that prints the password (for example: "
		    "pass show mail/work), or remove this line and tether will ask"));
		return;
	}
	if (strncmp(key, "pop", 3) == 0) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("POP3 is not supported: tether reads mail only over IMAP; use "
		    "imap_host and imap_port"));
		return;
	}
	if (strcmp(key, "imap_security") == 0) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("there is no imap_security: IMAP always uses implicit TLS, on "
		    "port 993 unless imap_port says otherwise"));
		return;
	}
	if (config_option_find(other, key) != NULL) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key, other == SECTION_GENERAL ?
		    _("%s belongs in [general], not in an [account] section") :
		    _("%s belongs in an [account NAME] section, not in [general]"), key);
		return;
	}
	opts = config_options(&n);
	for (i = 0; i < n; i++) {
		if (opts[i].section != section)
			continue;
		d = edit_distance(key, opts[i].name);
		if (d < bestd || ascii_strcasecmp(key, opts[i].name) == 0) {
			best = &opts[i];
			bestd = ascii_strcasecmp(key, opts[i].name) == 0 ? 0 : d;
		}
	}
	if (best != NULL)
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("unknown key \"%s\"; did you mean %s?"), key, best->name);
	else
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("unknown key \"%s\" (tether.conf(5) lists the keys)"), key);
}

/* A command whose words put the secret itself in the file. */
static bool
command_holds_secret(const char *cmd)
{
	char **argv = NULL;
	const char *prog;
	bool holds = false;

	if (config_split_words(cmd, &argv, NULL) != TT_OK)
		return false;
	prog = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
	if (strcmp(prog, "echo") == 0 || strcmp(prog, "printf") == 0)
		holds = argv[1] != NULL;
	config_free_words(&argv);
	return holds;
}

static struct account *
account_new(struct config *cfg, const char *name, unsigned line)
{
	struct account *a = xcalloc(1, sizeof *a);

	a->name = xstrdup(name);
	a->section_line = line;
	a->valid = true;
	cfg->accounts = xreallocarray(cfg->accounts, cfg->naccounts + 1,
	    sizeof *cfg->accounts);
	cfg->accounts[cfg->naccounts++] = a;
	return a;
}

/* Handles "[general]" or "[account NAME]"; returns the section's account
 * (NULL for general) through acctp, and false when the header is bad. */
static bool
section_header(struct config *cfg, unsigned line, char *s, size_t len,
    enum config_section *section, struct account **acctp)
{
	char *name;
	size_t nlen;

	if (len < 2 || s[len - 1] != ']') {
		_config_diag(cfg, DIAG_ERROR, line, NULL, NULL,
		    _("a section header must end with ]"));
		return false;
	}
	s[len - 1] = '\0';
	s++;
	len -= 2;
	trim(&s, &len);
	s[len] = '\0';
	if (strcmp(s, "general") == 0) {
		*section = SECTION_GENERAL;
		*acctp = NULL;
		return true;
	}
	if (strcmp(s, "keys") == 0) {
		*section = SECTION_KEYS;
		*acctp = NULL;
		return true;
	}
	if (strncmp(s, "account", 7) != 0 || (s[7] != ' ' && s[7] != '\t' && s[7] != '\0')) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, NULL,
		    _("unknown section [%s]; sections are [general], [account NAME] "
		    "and [keys]"), s);
		return false;
	}
	name = s + 7;
	nlen = strlen(name);
	trim(&name, &nlen);
	name[nlen] = '\0';
	if (name[0] == '"' && !unquote(name)) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, NULL,
		    _("the account name has an unbalanced quote"));
		return false;
	}
	if (!_config_account_name_ok(name)) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, NULL, name[0] == '\0' ?
		    _("[account] needs a name, as in [account work]") :
		    _("account names use letters, digits and . _ @ + - only"));
		return false;
	}
	if (cfg->naccounts >= CONFIG_MAX_ACCOUNTS) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, NULL,
		    _("more than %d accounts; this one and later ones are ignored"),
		    CONFIG_MAX_ACCOUNTS);
		return false;
	}
	if (config_account_find(cfg, name) != NULL) {
		_config_diag(cfg, DIAG_ERROR, line, config_account_find(cfg, name), NULL,
		    _("[account %s] appears twice (first at line %u)"), name,
		    config_account_find(cfg, name)->section_line);
		return false;
	}
	*section = SECTION_ACCOUNT;
	*acctp = account_new(cfg, name, line);
	return true;
}

static void
key_value(struct config *cfg, unsigned line, char *s, size_t len,
    enum config_section section, struct account *acct)
{
	const struct config_option *opt;
	char *eq = memchr(s, '=', len), *key = s, *val, *msg;
	size_t klen, vlen, idx;
	unsigned char *origin;
	unsigned *lines;
	void *base;

	if (eq == NULL) {
		_config_diag(cfg, DIAG_ERROR, line, acct, NULL,
		    _("expected \"key = value\" or a [section]"));
		return;
	}
	klen = (size_t)(eq - s);
	trim(&key, &klen);
	key[klen] = '\0';
	val = eq + 1;
	vlen = len - (size_t)(val - s);
	trim(&val, &vlen);
	val[vlen] = '\0';
	if (klen == 0) {
		_config_diag(cfg, DIAG_ERROR, line, acct, NULL,
		    _("a line starts with = and has no key"));
		return;
	}
	if (val[0] == '"' && !unquote(val)) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("%s has an unbalanced quote"), key);
		return;
	}
	if (section == SECTION_KEYS) {
		_config_key_bind(cfg, line, key, val);
		return;
	}
	opt = config_option_find(section, key);
	if (opt == NULL) {
		unknown_key(cfg, line, acct, section, key);
		return;
	}
	base = section == SECTION_GENERAL ? (void *)&cfg->general : (void *)acct;
	origin = section == SECTION_GENERAL ? cfg->general.origin : acct->origin;
	lines = section == SECTION_GENERAL ? cfg->general.line : acct->line;
	idx = _config_option_index(opt);
	if (origin[idx] == ORIGIN_FILE) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key,
		    _("%s is set twice (first at line %u); keep one"), key, lines[idx]);
		return;
	}
	if ((msg = _config_parse_value(opt, val, base)) != NULL) {
		_config_diag(cfg, DIAG_ERROR, line, acct, key, "%s", msg);
		free(msg);
		return;
	}
	origin[idx] = ORIGIN_FILE;
	lines[idx] = line;
	if (opt->type == OPT_COMMAND && cfg->secret_line == 0 &&
	    command_holds_secret(val))
		cfg->secret_line = line;
}

struct config *
config_parse(const char *name, const char *text, size_t len)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	enum config_section section = SECTION_GENERAL;
	struct account *acct = NULL;
	bool in_section = false, skipping = false;
	const char *p = text, *end = text + len, *nl;
	char *line, *s;
	size_t llen;
	unsigned lineno = 0;

	cfg->path = xstrdup(name);
	cfg->exists = true;
	/* A UTF-8 byte-order mark is harmless; editors on some systems add one. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line = xstrndup(p, llen);
		p += llen + (nl != NULL ? 1 : 0);
		if (strlen(line) != llen) {
			_config_diag(cfg, DIAG_ERROR, lineno, acct, NULL,
			    _("the line contains a NUL byte; is this a text file?"));
			free(line);
			continue;
		}
		if (!utf8_valid(line, llen)) {
			_config_diag(cfg, DIAG_ERROR, lineno, acct, NULL,
			    _("the line is not valid UTF-8; save the file as UTF-8"));
			free(line);
			continue;
		}
		s = line;
		trim(&s, &llen);
		s[llen] = '\0';
		if (llen == 0 || s[0] == '#' || s[0] == ';') {
			free(line);
			continue;
		}
		if (s[0] == '[') {
			in_section = section_header(cfg, lineno, s, llen, &section, &acct);
			/* Keys under a rejected header belong nowhere; skip them quietly. */
			skipping = !in_section;
		} else if (skipping) {
			/* reported at the header */
		} else if (!in_section) {
			_config_diag(cfg, DIAG_ERROR, lineno, NULL, NULL,
			    _("\"%s\" is outside any section; put it under [general] or "
			    "[account NAME]"), s);
		} else
			key_value(cfg, lineno, s, llen, section, acct);
		free(line);
	}
	_config_finish(cfg);
	return cfg;
}

tt_status
config_load(const char *path, struct config **out, char **cause)
{
	struct config *cfg;
	struct stat sb;
	char *text, *why = NULL;
	size_t len;
	tt_status st;

	*out = NULL;
	st = file_read_all(path, CONFIG_MAX_BYTES, &text, &len, &why);
	if (st != TT_OK && st != TT_ENOTFOUND) {
		tt_fail(cause, st, "%s", why);
		free(why);
		return st;
	}
	free(why);
	if (st == TT_ENOTFOUND) {
		cfg = config_parse(path, "", 0);
		cfg->exists = false;
		*out = cfg;
		return TT_OK;
	}
	cfg = config_parse(path, text, len);
	free(text);
	if (cfg->secret_line != 0 && stat(path, &sb) == 0 && (sb.st_mode & 077) != 0)
		_config_diag(cfg, DIAG_WARNING, cfg->secret_line, NULL, NULL,
		    _("the file is readable by other users (mode %04o) and this line "
		    "holds a secret in plain text; run chmod 600 %s, or better, have "
		    "password_cmd ask a password manager"),
		    (unsigned)(sb.st_mode & 07777), path);
	*out = cfg;
	return TT_OK;
}

void
config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	size_t i;

	if (cfg == NULL)
		return;
	_config_free_fields(SECTION_GENERAL, &cfg->general);
	for (i = 0; i < cfg->naccounts; i++) {
		_config_free_fields(SECTION_ACCOUNT, cfg->accounts[i]);
		free(cfg->accounts[i]->name);
		free(cfg->accounts[i]);
	}
	free(cfg->accounts);
	for (i = 0; i < cfg->ndiags; i++) {
		free(cfg->diags[i].account);
		free(cfg->diags[i].key);
		free(cfg->diags[i].message);
	}
	free(cfg->diags);
	for (i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].key);
		free(cfg->keys[i].action);
	}
	free(cfg->keys);
	free(cfg->path);
	free(cfg);
	*cfgp = NULL;
}

size_t
config_count(const struct config *cfg, enum diag_level level)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->ndiags; i++) {
		if (cfg->diags[i].level == level)
			n++;
	}
	return n;
}

struct account *
config_account_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->naccounts; i++) {
		if (strcmp(cfg->accounts[i]->name, name) == 0)
			return cfg->accounts[i];
	}
	return NULL;
}

char *
config_diag_format(const struct config *cfg, const struct config_diag *d)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, cfg->path);
	if (d->line != 0)
		buf_addf(&b, ":%u", d->line);
	buf_adds(&b, ": ");
	if (d->level == DIAG_WARNING)
		buf_adds(&b, _("warning: "));
	if (d->account != NULL)
		buf_addf(&b, _("account %s: "), d->account);
	buf_adds(&b, d->message);
	return buf_detach(&b);
}
