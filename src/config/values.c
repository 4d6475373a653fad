/* values.c - parsing one value by its option type, with a sentence for each refusal. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/config-internal.h"

size_t
_config_option_index(const struct config_option *opt)
{
	size_t n;
	const struct config_option *all = config_options(&n);
	size_t i = (size_t)(opt - all);

	if (i >= n || i >= CONFIG_MAX_OPTIONS)
		fatalx("option %s is outside the table", opt->name);
	return i;
}

static bool
has_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return true;
	}
	return false;
}

static char *
choice_list(const char *const *choices)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; choices[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, choices[i + 1] == NULL ? _(" or ") : ", ");
		buf_adds(&b, choices[i]);
	}
	return buf_detach(&b);
}

static char *
parse_choice(const struct config_option *opt, const char *raw, int *out)
{
	char *list, *msg;
	int i;

	for (i = 0; opt->choices[i] != NULL; i++) {
		if (ascii_strcasecmp(opt->choices[i], raw) == 0) {
			*out = i;
			return NULL;
		}
	}
	if (strcmp(opt->name, "smtp_security") == 0) {
		if (ascii_strcasecmp(raw, "none") == 0 ||
		    ascii_strcasecmp(raw, "plain") == 0 ||
		    ascii_strcasecmp(raw, "plaintext") == 0)
			return xstrdup(_("smtp_security none is never accepted: tether sends "
			    "only over an encrypted connection; use tls (port 465) or "
			    "starttls (port 587)"));
		if (ascii_strcasecmp(raw, "ssl") == 0 ||
		    ascii_strcasecmp(raw, "ssl/tls") == 0)
			return xstrdup(_("smtp_security takes tls for what some programs "
			    "call SSL (implicit TLS, port 465), or starttls (port 587)"));
	}
	list = choice_list(opt->choices);
	msg = xasprintf(_("%s must be %s, not \"%s\""), opt->name, list, raw);
	free(list);
	return msg;
}

static char *
parse_bool(const struct config_option *opt, const char *raw, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(yes); i++) {
		if (ascii_strcasecmp(raw, yes[i]) == 0) {
			*out = true;
			return NULL;
		}
		if (ascii_strcasecmp(raw, no[i]) == 0) {
			*out = false;
			return NULL;
		}
	}
	return xasprintf(_("%s must be yes or no, not \"%s\""), opt->name, raw);
}

static char *
parse_port(const struct config_option *opt, const char *raw, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(raw, &end, 10);
	if (!isdigit((unsigned char)raw[0]) || *end != '\0' || errno != 0 ||
	    v < 1 || v > 65535)
		return xasprintf(_("%s must be a port number from 1 to 65535, not \"%s\""),
		    opt->name, raw);
	*out = (int)v;
	return NULL;
}

static char *
parse_seconds(const struct config_option *opt, const char *raw, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(raw, &end, 10);
	if (!isdigit((unsigned char)raw[0]) || *end != '\0' || errno != 0 ||
	    v < 1 || v > 600)
		return xasprintf(_("%s is a number of seconds from 1 to 600, not \"%s\""),
		    opt->name, raw);
	*out = (int)v;
	return NULL;
}

static char *
parse_size(const struct config_option *opt, const char *raw, uint64_t *out)
{
	static const struct { const char *unit; uint64_t mult; } units[] = {
		{ "", 1 }, { "b", 1 }, { "k", 1000 }, { "kb", 1000 },
		{ "m", 1000000 }, { "mb", 1000000 }, { "g", 1000000000 },
		{ "gb", 1000000000 }, { "kib", 1024 }, { "mib", 1048576 },
		{ "gib", 1073741824 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	errno = 0;
	v = strtoull(raw, &end, 10);
	if (!isdigit((unsigned char)raw[0]) || errno != 0)
		goto bad;
	while (*end == ' ' || *end == '\t')
		end++;
	for (i = 0; i < TT_ARRAY_LEN(units); i++) {
		if (ascii_strcasecmp(end, units[i].unit) == 0)
			break;
	}
	if (i == TT_ARRAY_LEN(units) || v == 0 || v > UINT64_MAX / units[i].mult)
		goto bad;
	*out = v * units[i].mult;
	return NULL;
bad:
	return xasprintf(_("%s must be a positive size such as 25MB, 500kB or "
	    "20000000, not \"%s\""), opt->name, raw);
}

static char *
parse_host(const struct config_option *opt, const char *raw, char **out)
{
	const char *colon = strchr(raw, ':');
	const char *p;

	if (strstr(raw, "://") != NULL)
		return xasprintf(_("%s takes a host name only, without a scheme such "
		    "as imaps://; write the port in the matching _port key"), opt->name);
	/* "host:993" is a common slip; an IPv6 address has several colons. */
	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		return xasprintf(_("%s takes a host name only; write the port \"%s\" in "
		    "%.4s_port"), opt->name, colon + 1, opt->name);
	for (p = raw; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr(".-_:[]", *p) == NULL)
			return xasprintf(_("%s \"%s\" is not a host name: it contains \"%c\""),
			    opt->name, raw, *p);
	}
	*out = ascii_lower(xstrdup(raw));
	return NULL;
}

static char *
parse_email(const struct config_option *opt, const char *raw, char **out)
{
	const char *at = strrchr(raw, '@');
	const char *p;
	char *addr;

	if (at == NULL || at == raw || at[1] == '\0')
		return xasprintf(_("%s must be an address like name@example.com, not "
		    "\"%s\""), opt->name, raw);
	for (p = raw; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';')
			return xasprintf(_("%s must be a bare address like "
			    "name@example.com (no name, brackets or spaces), not \"%s\""),
			    opt->name, raw);
	}
	addr = xstrdup(raw);
	/* The domain is case-insensitive; the local part is kept as written. */
	ascii_lower(addr + (at - raw) + 1);
	*out = addr;
	return NULL;
}

static char *
parse_fingerprint(const struct config_option *opt, const char *raw, char **out)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t hex = 0;

	if (ascii_strncasecmp(raw, "sha256:", 7) != 0)
		return xasprintf(_("%s must start with sha256: followed by the "
		    "certificate's SHA-256 digest in hex (other digests are not "
		    "accepted)"), opt->name);
	buf_adds(&b, "sha256:");
	for (p = raw + 7; *p != '\0'; p++) {
		if (*p == ':')
			continue;
		if (!isxdigit((unsigned char)*p))
			break;
		buf_addc(&b, (char)tolower((unsigned char)*p));
		hex++;
	}
	if (*p != '\0' || hex != 64) {
		buf_free(&b);
		return xasprintf(_("%s must be sha256: and 64 hex digits (colons "
		    "allowed), as tether prints when it rejects a certificate"),
		    opt->name);
	}
	*out = buf_detach(&b);
	return NULL;
}

static char *
parse_folders(const struct config_option *opt, const char *raw, char **out)
{
	const char *p = raw, *comma;
	size_t n;

	if (ascii_strcasecmp(raw, "all") == 0) {
		*out = xstrdup("all");
		return NULL;
	}
	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		if (n == 0)
			return xasprintf(_("%s has an empty folder name; write all or "
			    "names separated by commas"), opt->name);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*out = xstrdup(raw);
	return NULL;
}

static char *
parse_provider(const struct config_option *opt, const char *raw, char **out)
{
	const struct provider *all;
	struct buf b = BUF_INIT;
	size_t n, i;

	(void)opt;
	if (ascii_strncasecmp(raw, "pop", 3) == 0)
		return xstrdup(_("POP3 is not supported: tether reads mail only over "
		    "IMAP; use your provider's IMAP settings"));
	if (ascii_strcasecmp(raw, "exchange") == 0 || ascii_strcasecmp(raw, "ews") == 0 ||
	    ascii_strcasecmp(raw, "activesync") == 0)
		return xstrdup(_("Exchange (EWS/ActiveSync) is not supported: tether "
		    "speaks IMAP and SMTP; for Microsoft 365 use provider = microsoft365"));
	if (config_provider_find(raw) != NULL) {
		*out = ascii_lower(xstrdup(raw));
		return NULL;
	}
	all = config_providers(&n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, all[i].id);
	}
	*out = NULL;
	char *msg = xasprintf(_("unknown provider \"%s\"; known providers are: %s"),
	    raw, buf_str(&b));
	buf_free(&b);
	return msg;
}

static bool
account_name_ok(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr("._@+-", *p) == NULL)
			return false;
	}
	return *s != '\0';
}

char *
_config_parse_value(const struct config_option *opt, const char *raw, void *base)
{
	char **str = OPT_FIELD(opt, base, char *);
	char *val = NULL, *msg = NULL, **words;

	if (*raw == '\0' && opt->type != OPT_STRING)
		return xasprintf(_("%s has no value; remove the line to use the "
		    "default"), opt->name);
	if (has_control(raw))
		return xasprintf(_("%s contains a control character"), opt->name);
	switch (opt->type) {
	case OPT_CHOICE:
		return parse_choice(opt, raw, OPT_FIELD(opt, base, int));
	case OPT_BOOL:
		return parse_bool(opt, raw, OPT_FIELD(opt, base, bool));
	case OPT_PORT:
		return parse_port(opt, raw, OPT_FIELD(opt, base, int));
	case OPT_SECONDS:
		return parse_seconds(opt, raw, OPT_FIELD(opt, base, int));
	case OPT_SIZE:
		return parse_size(opt, raw, OPT_FIELD(opt, base, uint64_t));
	case OPT_STRING:
		val = xstrdup(raw);
		break;
	case OPT_PATH:
		val = path_expand_home(raw);
		break;
	case OPT_COMMAND:
		words = NULL;
		if (config_split_words(raw, &words, &msg) != TT_OK)
			return msg;
		config_free_words(&words);
		val = xstrdup(raw);
		break;
	case OPT_HOST:
		msg = parse_host(opt, raw, &val);
		break;
	case OPT_EMAIL:
		msg = parse_email(opt, raw, &val);
		break;
	case OPT_FINGERPRINT:
		msg = parse_fingerprint(opt, raw, &val);
		break;
	case OPT_FOLDERS:
		msg = parse_folders(opt, raw, &val);
		break;
	case OPT_PROVIDER:
		msg = parse_provider(opt, raw, &val);
		break;
	case OPT_ACCOUNT:
		if (!account_name_ok(raw))
			return xasprintf(_("%s must be an account name (letters, digits "
			    "and . _ @ + -), not \"%s\""), opt->name, raw);
		val = xstrdup(raw);
		break;
	}
	if (msg != NULL)
		return msg;
	free(*str);
	*str = val;
	return NULL;
}

void
_config_free_fields(enum config_section section, void *base)
{
	const struct config_option *opts;
	size_t n, i;

	opts = config_options(&n);
	for (i = 0; i < n; i++) {
		if (opts[i].section != section)
			continue;
		switch (opts[i].type) {
		case OPT_CHOICE: case OPT_BOOL: case OPT_PORT: case OPT_SIZE:
		case OPT_SECONDS:
			break;
		default:
			free(*OPT_FIELD(&opts[i], base, char *));
			*OPT_FIELD(&opts[i], base, char *) = NULL;
		}
	}
}

char *
config_value_text(const struct config_option *opt, const void *cbase)
{
	void *base = (void *)(uintptr_t)cbase;
	const char *s;
	uint64_t size;

	switch (opt->type) {
	case OPT_CHOICE:
		return xstrdup(opt->choices[*OPT_FIELD(opt, base, int)]);
	case OPT_BOOL:
		return xstrdup(*OPT_FIELD(opt, base, bool) ? "yes" : "no");
	case OPT_PORT:
	case OPT_SECONDS:
		return xasprintf("%d", *OPT_FIELD(opt, base, int));
	case OPT_SIZE:
		size = *OPT_FIELD(opt, base, uint64_t);
		if (size == 0)
			return xstrdup("");
		if (size % 1000000 == 0)
			return xasprintf("%lluMB", (unsigned long long)(size / 1000000));
		return xasprintf("%llu", (unsigned long long)size);
	default:
		s = *OPT_FIELD(opt, base, char *);
		return xstrdup(s != NULL ? s : "");
	}
}

bool
_config_account_name_ok(const char *s)
{
	return account_name_ok(s);
}

enum config_origin
config_account_origin(const struct account *acct, const char *key)
{
	const struct config_option *opt = config_option_find(SECTION_ACCOUNT, key);

	if (opt == NULL)
		return ORIGIN_UNSET;
	return (enum config_origin)acct->origin[_config_option_index(opt)];
}
