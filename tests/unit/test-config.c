/* test-config.c - unit tests of src/config: every preset, every refusal, defaults, overrides, secrets. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "config/config.h"

/* All diagnostics of a config as one string, for substring checks. */
static char *
all_diags(const struct config *cfg)
{
	struct buf b = BUF_INIT;
	char *line;
	size_t i;

	for (i = 0; i < cfg->ndiags; i++) {
		line = config_diag_format(cfg, &cfg->diags[i]);
		buf_addf(&b, "%s\n", line);
		free(line);
	}
	return buf_detach(&b);
}

static struct config *
parse(const char *text)
{
	return config_parse("test.conf", text, strlen(text));
}

static void
test_every_preset(void)
{
	const struct provider *p;
	struct config *cfg;
	struct account *a;
	size_t n, i;
	char *text;

	p = config_providers(&n);
	tap_ok(n >= 15, "there are at least 15 presets (behaviours.md §4, Gmail, Microsoft)");
	for (i = 0; i < n; i++) {
		if (p[i].imap_host == NULL)
			continue;
		text = xasprintf("[account a]\nprovider = %s\nemail = me@example.org\n", p[i].id);
		cfg = parse(text);
		a = cfg->accounts[0];
		tap_ok(a->valid && config_count(cfg, DIAG_ERROR) == 0,
		    "preset %s makes a valid account", p[i].id);
		tap_ok(strcmp(a->imap_host, p[i].imap_host) == 0 &&
		    a->imap_port == p[i].imap_port && strcmp(a->smtp_host, p[i].smtp_host) == 0 &&
		    a->smtp_port == p[i].smtp_port && a->smtp_security == (int)p[i].smtp_security,
		    "preset %s fills IMAP %s:%d and SMTP %s:%d exactly", p[i].id,
		    p[i].imap_host, p[i].imap_port, p[i].smtp_host, p[i].smtp_port);
		tap_ok(a->imap_port == 993, "preset %s uses IMAP over TLS on 993", p[i].id);
		tap_ok((a->smtp_port == 465 && a->smtp_security == SMTP_TLS) ||
		    (a->smtp_port == 587 && a->smtp_security == SMTP_STARTTLS),
		    "preset %s pairs its SMTP port with the right security", p[i].id);
		free(text);
		config_free(&cfg);
	}
}

/* The values §4 and the issue name, written out independently of providers.c. */
static void
test_preset_values(void)
{
	static const struct {
		const char *id, *imap, *smtp;
		int smtp_port;
		uint64_t limit;
	} want[] = {
		{ "gmail", "imap.gmail.com", "smtp.gmail.com", 465, 25000000 },
		{ "microsoft365", "outlook.office365.com", "smtp.office365.com", 587, 20000000 },
		{ "icloud", "imap.mail.me.com", "smtp.mail.me.com", 587, 0 },
		{ "aol", "imap.aol.com", "smtp.aol.com", 465, 0 },
		{ "yahoo", "imap.mail.yahoo.com", "smtp.mail.yahoo.com", 465, 0 },
		{ "verizon", "imap.verizon.net", "smtp.verizon.net", 465, 0 },
		{ "att", "imap.mail.att.net", "smtp.mail.att.net", 465, 0 },
		{ "ovh", "ssl0.ovh.net", "ssl0.ovh.net", 465, 0 },
		{ "ionos-com", "imap.ionos.com", "smtp.ionos.com", 465, 0 },
		{ "ionos-de", "imap.ionos.de", "smtp.ionos.de", 587, 0 },
		{ "strato", "imap.strato.de", "smtp.strato.de", 465, 0 },
		{ "rackspace", "secure.emailsrvr.com", "secure.emailsrvr.com", 465, 0 },
		{ "godaddy", "imap.secureserver.net", "smtpout.secureserver.net", 465, 0 },
	};
	const struct provider *p;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(want); i++) {
		p = config_provider_find(want[i].id);
		if (!tap_ok(p != NULL, "preset %s exists", want[i].id))
			continue;
		tap_ok(strcmp(p->imap_host, want[i].imap) == 0 &&
		    strcmp(p->smtp_host, want[i].smtp) == 0 &&
		    p->smtp_port == want[i].smtp_port && p->size_limit == want[i].limit,
		    "preset %s has %s / %s:%d", want[i].id, want[i].imap, want[i].smtp,
		    want[i].smtp_port);
	}
	p = config_provider_find("verizon");
	tap_ok(p != NULL && p->imap_port == 993 && p->unverified,
	    "Verizon uses 993, not the POP3 port 995, and is marked unverified");
	p = config_provider_find("aol");
	tap_ok(p != NULL && p->smtp_alt_port == 587 && p->smtp_alt_security == SMTP_STARTTLS,
	    "\"587 or 465\" presets keep 587/STARTTLS as the fallback");
	p = config_provider_find("gmail");
	tap_ok(p != NULL && p->saves_sent && !p->sender_name_readonly,
	    "Gmail saves sent mail itself and applies the sender name");
	p = config_provider_find("outlook");
	tap_ok(p != NULL && p->sender_name_readonly && p->size_limit == 20000000,
	    "Outlook.com: 20 MB and a read-only sender name");
	tap_ok(config_provider_find("GMAIL") != NULL, "provider ids are case-insensitive");
}

struct refusal {
	const char *what;
	const char *text;
	const char *needle;   /* must appear in the diagnostics */
};

static void
test_refusals(void)
{
	static const struct refusal cases[] = {
		{ "CONN-04 port 143", "imap_host = imap.example.org\nimap_port = 143\n",
		  "port 143 is not supported because it is not encrypted" },
		{ "CONN-01 POP3 port 995", "imap_host = mail.example.org\nimap_port = 995\n",
		  "POP3 is not supported" },
		{ "CONN-01 POP3 port 110", "imap_host = mail.example.org\nimap_port = 110\n",
		  "POP3 is not supported" },
		{ "CONN-01 POP3 host", "imap_host = pop.example.org\n", "POP3 is not supported" },
		{ "CONN-01 POP3 provider", "provider = pop3\nimap_host = x.example\n",
		  "POP3 is not supported" },
		{ "CONN-01 pop3_host key", "imap_host = x.example\npop3_host = x\n",
		  "POP3 is not supported" },
		{ "CONN-02 Exchange", "provider = exchange\nimap_host = x.example\n",
		  "Exchange" },
		{ "CONN-09 security none", "imap_host = x.example\nsmtp_security = none\n",
		  "never accepted" },
		{ "CONN-09 465 with starttls", "imap_host = x.example\nsmtp_port = 465\nsmtp_security = starttls\n",
		  "port 465 needs smtp_security = tls" },
		{ "CONN-09 587 with tls", "imap_host = x.example\nsmtp_port = 587\nsmtp_security = tls\n",
		  "port 587 needs smtp_security = starttls" },
		{ "SMTP port 25", "imap_host = x.example\nsmtp_port = 25\n", "port 25" },
		{ "IMAP on an SMTP port", "imap_host = x.example\nimap_port = 465\n",
		  "is an SMTP port" },
		{ "SMTP on the IMAP port", "imap_host = x.example\nsmtp_port = 993\n",
		  "not SMTP" },
		{ "plain password", "imap_host = x.example\npassword = hunter2\n",
		  "plain-text passwords are not read" },
		{ "imap_security does not exist", "imap_host = x.example\nimap_security = tls\n",
		  "there is no imap_security" },
		{ "typo gets a suggestion", "imap_host = x.example\nimap_prot = 993\n",
		  "did you mean imap_port?" },
		{ "port out of range", "imap_host = x.example\nimap_port = 70000\n",
		  "port number from 1 to 65535" },
		{ "port not a number", "imap_host = x.example\nimap_port = 99x\n",
		  "port number" },
		{ "host with a scheme", "imap_host = imaps://x.example\n", "without a scheme" },
		{ "host with a port", "imap_host = x.example:993\n", "write the port \"993\" in imap_port" },
		{ "no IMAP server", "smtp_host = x.example\n", "no IMAP server" },
		{ "bad fingerprint", "imap_host = x.example\ntls_fingerprint = sha1:00\n",
		  "must start with sha256:" },
		{ "short fingerprint", "imap_host = x.example\ntls_fingerprint = sha256:abcd\n",
		  "64 hex digits" },
		{ "unreadable CA file", "imap_host = x.example\ntls_ca_file = /nonexistent/ca.pem\n",
		  "cannot be read" },
		{ "bad sync_since", "imap_host = x.example\nsync_since = 5y\n",
		  "sync_since must be all, now, 3d, 1m, 3m, 6m, 1y or 2y" },
		{ "bad size", "imap_host = x.example\nsize_limit = lots\n", "positive size" },
		{ "zero size", "imap_host = x.example\nsize_limit = 0\n", "positive size" },
		{ "empty folder in list", "imap_host = x.example\nfolders = INBOX,,Sent\n",
		  "empty folder name" },
		{ "unknown provider", "provider = gmial\n", "known providers are" },
		{ "duplicate key", "imap_host = x.example\nimap_host = y.example\n",
		  "set twice" },
		{ "unbalanced quote in command", "imap_host = x.example\npassword_cmd = pass show \"x\n",
		  "unbalanced" },
		{ "address with a name", "imap_host = x.example\n", NULL },
	};
	struct config *cfg;
	char *text, *diags;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		if (cases[i].needle == NULL)
			continue;
		text = xasprintf("[account a]\nemail = me@example.org\nsmtp_host = s.example\n%s",
		    cases[i].text);
		cfg = parse(text);
		diags = all_diags(cfg);
		tap_ok(!cfg->accounts[0]->valid, "%s: the account is refused", cases[i].what);
		tap_contains(diags, cases[i].needle, "%s: the reason is given", cases[i].what);
		free(diags);
		free(text);
		config_free(&cfg);
	}
	cfg = parse("[account a]\nemail = Ann Lee <ann@example.org>\nprovider = gmail\n");
	tap_ok(!cfg->accounts[0]->valid, "an email value with a display name is refused");
	config_free(&cfg);
	cfg = parse("[account a]\nprovider = gmail\n");
	diags = all_diags(cfg);
	tap_contains(diags, "email is required", "an account without email is refused");
	free(diags);
	config_free(&cfg);
}

static void
test_file_structure(void)
{
	static const struct refusal cases[] = {
		{ "key outside a section", "link_mode = auto\n", "outside any section" },
		{ "unknown section", "[mailbox x]\n", "unknown section [mailbox x]" },
		{ "nameless account", "[account]\n", "needs a name" },
		{ "unterminated header", "[account x\n", "must end with ]" },
		{ "duplicate account", "[account x]\nprovider = gmail\nemail = a@b\n[account x]\n",
		  "appears twice" },
		{ "line without =", "[general]\nlink_mode auto\n", "expected \"key = value\"" },
		{ "invalid UTF-8", "[general]\nlink_mode = \xff\n", "not valid UTF-8" },
		{ "NUL byte", "[general]\nlink\0_mode = auto\n", "NUL byte" },
		{ "bad choice", "[general]\nlink_mode = sometimes\n", "link_mode must be auto or manual" },
		{ "bad bool", "[general]\narchive_in_provider = maybe\n", "yes or no" },
		{ "unknown default_account", "[general]\ndefault_account = nobody\n",
		  "no [account nobody]" },
		{ "general key in account", "[account x]\nlink_mode = auto\n", "link_mode belongs in [general]" },
	};
	struct config *cfg;
	char *diags;
	size_t i, len;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		len = strlen(cases[i].text);
		if (strcmp(cases[i].what, "NUL byte") == 0)
			len = sizeof "[general]\nlink\0_mode = auto\n" - 1;
		cfg = config_parse("test.conf", cases[i].text, len);
		diags = all_diags(cfg);
		tap_ok(config_count(cfg, DIAG_ERROR) > 0, "%s is an error", cases[i].what);
		tap_contains(diags, cases[i].needle, "%s: the reason is given", cases[i].what);
		free(diags);
		config_free(&cfg);
	}
	{
		struct buf big = BUF_INIT;
		int k;

		for (k = 0; k < 600; k++)
			buf_addf(&big, "[account a%d]\n", k);
		cfg = parse(buf_str(&big));
		buf_free(&big);
		diags = all_diags(cfg);
		tap_ok(cfg->naccounts == 500, "at most 500 accounts are read");
		tap_contains(diags, "more than 500 accounts", "and the limit is reported");
		free(diags);
		config_free(&cfg);
	}
	cfg = parse("[general]\nlink_mode = auto\n\n\n[general]\nlink_mode = manual\n");
	diags = all_diags(cfg);
	tap_contains(diags, "test.conf:6:", "diagnostics carry the file and line number");
	free(diags);
	config_free(&cfg);
}

static void
test_defaults_and_overrides(void)
{
	struct config *cfg;
	struct account *a;

	cfg = parse("");
	tap_ok(cfg->general.link_mode == LINK_MODE_AUTO, "link_mode defaults to auto");
	tap_ok(cfg->general.default_sharing == SHARING_SHARED, "default_sharing defaults to shared");
	tap_ok(!cfg->general.archive_in_provider && !cfg->general.delete_in_provider,
	    "archive_in_provider and delete_in_provider default to no");
	tap_ok(config_count(cfg, DIAG_ERROR) == 0 && cfg->naccounts == 0,
	    "an empty file is valid and has no accounts");
	tap_ok(config_default_account(cfg) == NULL, "no default account without accounts");
	{
		char *crm = config_crm_path(cfg, "/data/tether");
		tap_is_str(crm, "/data/tether/crm.db", "crm.db defaults to the data directory");
		free(crm);
	}
	config_free(&cfg);

	cfg = parse("\xef\xbb\xbf# comment\n; another\n[general]\r\n"
	    "link_mode = MANUAL\ndefault_sharing = private\narchive_in_provider = on\n"
	    "crm_database = team/crm.db\ndefault_account = home\n"
	    "[account work]\nprovider = gmail\nemail = Ann@Example.COM\n"
	    "imap_host = imap.corp.example\nsmtp_port = 587\nname = \"  Ann \\\"A\\\" Lee \"\n"
	    "size_limit = 10 MB\nsync_since = 1y\nfolders = INBOX, Sent Items\n"
	    "tls_fingerprint = SHA256:" "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
	    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\n"
	    "[account home]\nimap_host = imap.home.example\nsmtp_host = smtp.home.example\n"
	    "smtp_security = starttls\nemail = me@home.example\n");
	tap_is_int((intmax_t)config_count(cfg, DIAG_ERROR), 0, "a full file with BOM, CRLF and comments parses cleanly");
	tap_ok(cfg->general.link_mode == LINK_MODE_MANUAL, "choices are case-insensitive");
	tap_ok(cfg->general.archive_in_provider, "on is yes");
	{
		char *crm = config_crm_path(cfg, "/data/tether");
		tap_is_str(crm, "/data/tether/team/crm.db", "a relative crm_database is under the data directory");
		free(crm);
	}
	a = config_account_find(cfg, "work");
	if (tap_ok(a != NULL, "account work exists")) {
		tap_is_str(a->imap_host, "imap.corp.example", "CONN-11: a key in the file overrides the preset");
		tap_is_int(config_account_origin(a, "imap_host"), ORIGIN_FILE, "and is marked as from the file");
		tap_is_str(a->smtp_host, "smtp.gmail.com", "keys not set still come from the preset");
		tap_is_int(config_account_origin(a, "smtp_host"), ORIGIN_PROVIDER,
		    "and are marked as from the provider");
		tap_ok(a->smtp_port == 587 && a->smtp_security == SMTP_STARTTLS,
		    "smtp_port = 587 alone switches a 465 preset to starttls");
		tap_is_str(a->email, "Ann@example.com", "the domain is lower-cased, the local part kept");
		tap_is_str(a->username, "Ann@example.com", "username defaults to email");
		tap_is_str(a->sender_name, "  Ann \"A\" Lee ", "quoted values keep spaces and escaped quotes");
		tap_is_int((intmax_t)a->size_limit, 10000000, "10 MB is 10,000,000 bytes");
		tap_is_str(a->tls_fingerprint, "sha256:abcdef0123456789abcdef0123456789"
		    "abcdef0123456789abcdef0123456789", "fingerprints are normalised");
		tap_is_int(a->sync_since, SYNC_SINCE_1Y, "sync_since = 1y");
	}
	a = config_account_find(cfg, "home");
	if (tap_ok(a != NULL, "account home exists")) {
		tap_ok(a->imap_port == 993, "IMAP port defaults to 993 (CONN-03)");
		tap_ok(a->smtp_port == 587, "smtp_security = starttls alone means port 587");
		tap_ok(config_size_limit(a) == CONFIG_DEFAULT_SIZE_LIMIT,
		    "no provider limit: 20 MB until the server says otherwise");
		tap_is_int(a->sync_since, SYNC_SINCE_3M, "sync_since defaults to 3m");
		tap_is_str(a->folders, "all", "folders defaults to all");
	}
	tap_ok(config_default_account(cfg) == config_account_find(cfg, "home"),
	    "default_account picks the named account");
	config_free(&cfg);

	cfg = parse("[account m]\nprovider = microsoft365\nemail = a@b.example\nname = Ann\n");
	{
		char *diags = all_diags(cfg);
		tap_ok(cfg->accounts[0]->valid && config_count(cfg, DIAG_WARNING) == 1,
		    "SNDR-03: a sender name on Microsoft is a warning, not an error");
		tap_contains(diags, "ignore the sender name", "the warning says why");
		free(diags);
	}
	config_free(&cfg);
	cfg = parse("[account p]\nprovider = gmail\nemail = a@b.example\n"
	    "password_cmd = no-such-password-tool show x\noauth_token_cmd = /bin/true\n");
	{
		char *diags = all_diags(cfg);
		tap_contains(diags, "password_cmd runs a program that is not installed",
		    "a password_cmd whose program is missing warns");
		tap_ok(cfg->accounts[0]->valid, "but the account stays usable");
		tap_ok(strstr(diags, "oauth_token_cmd runs") == NULL,
		    "an existing program by absolute path does not warn");
		free(diags);
	}
	config_free(&cfg);
	cfg = parse("[account v]\nprovider = verizon\nemail = a@verizon.net\n");
	{
		char *diags = all_diags(cfg);
		tap_contains(diags, "unverified", "the Verizon preset warns that 993 is unverified");
		free(diags);
	}
	config_free(&cfg);
}

static void
test_sync_window(void)
{
	static const struct { const char *since; const char *want; } cases[] = {
		{ "all", "1970-01-01T00:00:00Z" },
		{ "now", "2026-11-26T12:00:00Z" },
		{ "3d", "2026-11-23T12:00:00Z" },
		{ "1m", "2026-10-26T12:00:00Z" },
		{ "6m", "2026-05-26T12:00:00Z" },
		{ "2y", "2024-11-26T12:00:00Z" },
	};
	struct config *cfg;
	time_t now;
	char *text, out[21];
	size_t i;

	time_parse_utc("2026-11-26T12:00:00Z", &now);
	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		text = xasprintf("[account a]\nprovider = gmail\nemail = a@b.example\nsync_since = %s\n",
		    cases[i].since);
		cfg = parse(text);
		time_format_utc(config_sync_start(cfg->accounts[0], now), out);
		tap_is_str(out, cases[i].want, "sync_since = %s starts at %s", cases[i].since,
		    cases[i].want);
		config_free(&cfg);
		free(text);
	}
}

static void
test_split_words(void)
{
	static const struct { const char *in; const char *want; } cases[] = {
		{ "pass show mail/work", "[pass][show][mail/work]" },
		{ "  gpg  -d   ~/.pw.gpg ", "[gpg][-d][~/.pw.gpg]" },
		{ "security find-generic-password -w -s \"my mail\"",
		  "[security][find-generic-password][-w][-s][my mail]" },
		{ "printf '%s\\n' 'a b;c'", "[printf][%s\\n][a b;c]" },
		{ "echo a\\ b \"q\\\"x\" $HOME `id`", "[echo][a b][q\"x][$HOME][`id`]" },
		{ "x ''", "[x][]" },
	};
	char **argv, *cause = NULL;
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		buf_reset(&b);
		if (config_split_words(cases[i].in, &argv, &cause) == TT_OK) {
			for (j = 0; argv[j] != NULL; j++)
				buf_addf(&b, "[%s]", argv[j]);
			config_free_words(&argv);
		}
		tap_is_str(buf_str(&b), cases[i].want, "split: %s", cases[i].in);
	}
	buf_free(&b);
	tap_ok(config_split_words("  ", &argv, &cause) == TT_EINVAL && cause != NULL,
	    "an empty command is refused");
	free(cause);
	cause = NULL;
	tap_ok(config_split_words("pass 'x", &argv, &cause) == TT_EINVAL, "an open quote is refused");
	free(cause);
}

static void
test_secret_cmd(const char *tmp)
{
	char *secret = NULL, *cause = NULL, *cmd, *marker;

	tap_ok(config_run_secret_cmd("printf 'p@ss w;rd\\nsecond line\\n'", "password_cmd of account a",
	    &secret, &cause) == TT_OK, "password_cmd runs");
	tap_is_str(secret, "p@ss w;rd", "its first line is the secret, spaces and ; kept");
	secret_wipe(secret);
	free(secret);

	tap_ok(config_run_secret_cmd("printf '\\xd7\\xa9\\xc3\\xa9\\r\\n'", "x", &secret, &cause) == TT_OK &&
	    strcmp(secret, "\xd7\xa9\xc3\xa9") == 0, "a UTF-8 password survives; CRLF is stripped");
	free(secret);

	marker = xasprintf("%s/injected", tmp);
	cmd = xasprintf("echo hi; touch %s", marker);
	tap_ok(config_run_secret_cmd(cmd, "x", &secret, &cause) == TT_OK, "a command with ; runs");
	tap_ok(access(marker, F_OK) != 0, "no shell: ; does not chain a second command");
	tap_contains(secret, "; touch", "the ; reached echo as a plain argument");
	free(secret);
	free(cmd);
	free(marker);

	secret = NULL;
	tap_ok(config_run_secret_cmd("/nonexistent/pw-tool", "password_cmd of account a",
	    &secret, &cause) == TT_ECMD && secret == NULL, "a missing program fails");
	tap_contains(cause, "cannot run \"/nonexistent/pw-tool\"", "and says it cannot run it");
	free(cause);
	cause = NULL;
	tap_ok(config_run_secret_cmd("false", "password_cmd of account a", &secret, &cause) == TT_ECMD,
	    "a failing command fails");
	tap_contains(cause, "exit status 1", "and gives its exit status");
	free(cause);
	cause = NULL;
	setenv("TETHER_SECRET_TIMEOUT_MS", "300", 1);
	{
		uint64_t t0 = time_mono_ms();

		tap_ok(config_run_secret_cmd("sleep 30", "password_cmd of account a",
		    &secret, &cause) == TT_ECMD, "a command that hangs is stopped");
		tap_ok(time_mono_ms() - t0 < 10000, "after the timeout, not when it ends");
	}
	tap_contains(cause, "did not finish within 1 second;", "and the cause says it timed out");
	unsetenv("TETHER_SECRET_TIMEOUT_MS");
	free(cause);
	cause = NULL;
	tap_ok(config_run_secret_cmd("true", "password_cmd of account a", &secret, &cause) == TT_ECMD,
	    "a command printing nothing fails");
	tap_contains(cause, "empty first line", "and says the first line was empty");
	free(cause);
}

static void
test_load(const char *tmp)
{
	struct config *cfg;
	char *path = xasprintf("%s/config", tmp), *cause = NULL, *diags;
	FILE *fp;

	tap_ok(config_load(path, &cfg, &cause) == TT_OK && !cfg->exists,
	    "a missing file loads as defaults");
	config_free(&cfg);
	fp = fopen(path, "w");
	fputs("[account a]\nprovider = gmail\nemail = a@b.example\npassword_cmd = echo hunter2\n", fp);
	fclose(fp);
	chmod(path, 0644);
	tap_ok(config_load(path, &cfg, &cause) == TT_OK, "the file loads");
	diags = all_diags(cfg);
	tap_contains(diags, "readable by other users", "a world-readable file with a secret warns");
	tap_contains(diags, ":4:", "the warning names the line");
	free(diags);
	config_free(&cfg);
	chmod(path, 0600);
	config_load(path, &cfg, &cause);
	tap_is_int((intmax_t)config_count(cfg, DIAG_WARNING), 0, "the same file at 0600 does not warn");
	config_free(&cfg);
	fp = fopen(path, "w");
	fputs("[account a]\nprovider = gmail\nemail = a@b.example\npassword_cmd = cat /run/secrets/mail\n", fp);
	fclose(fp);
	chmod(path, 0644);
	config_load(path, &cfg, &cause);
	tap_is_int((intmax_t)config_count(cfg, DIAG_WARNING), 0,
	    "a readable file whose password_cmd asks a password manager does not warn");
	config_free(&cfg);
	chmod(path, 0);
	if (geteuid() == 0)
		tap_skip("root reads any file", "an unreadable file is an error");
	else {
		tap_ok(config_load(path, &cfg, &cause) == TT_EPERM && cause != NULL,
		    "an unreadable file is an error");
		free(cause);
	}
	unlink(path);
	free(path);
}

static void
test_show(void)
{
	struct config *cfg = parse("[account w]\nprovider = gmail\nemail = a@b.example\nname = \" x\"\n");
	struct buf b = BUF_INIT;

	config_show_text(cfg, &b);
	tap_contains(buf_str(&b), "imap_host = imap.gmail.com", "show prints preset values");
	tap_contains(buf_str(&b), "# provider gmail", "and says they come from the preset");
	tap_contains(buf_str(&b), "link_mode = auto", "and the defaults");
	tap_contains(buf_str(&b), "name = \" x\"", "values with edge spaces are quoted");
	buf_reset(&b);
	config_show_json(cfg, &b);
	tap_contains(buf_str(&b), "\"imap_port\": {\"value\": 993, \"origin\": \"provider\"}",
	    "JSON carries values and origins");
	buf_free(&b);
	config_free(&cfg);
}

int
main(void)
{
	char tmpl[] = "/tmp/tether-test-config-XXXXXX";
	char *tmp = mkdtemp(tmpl), *cmd;
	int rc;

	if (tmp == NULL) {
		printf("1..0 # SKIP cannot create a temporary directory\n");
		return 0;
	}
	test_every_preset();
	test_preset_values();
	test_refusals();
	test_file_structure();
	test_defaults_and_overrides();
	test_sync_window();
	test_split_words();
	test_secret_cmd(tmp);
	test_load(tmp);
	test_show();
	cmd = xasprintf("rm -rf '%s'", tmp);
	rc = system(cmd);
	(void)rc;
	free(cmd);
	return tap_done();
}
