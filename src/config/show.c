/* show.c - the effective configuration as text or JSON, and the man-page sections, all from the table. */
#include <stdlib.h>
#include <string.h>

#include "config/config-internal.h"

/* The comment after a value not set in the file (NULL when it was). */
static char *
origin_note(const struct account *a, enum config_origin o)
{
	switch (o) {
	case ORIGIN_DEFAULT:
		return xstrdup(_("default"));
	case ORIGIN_PROVIDER:
		return xasprintf(_("provider %s"), a->preset->id);
	default:
		return NULL;
	}
}

static void
show_section(struct buf *out, enum config_section section, const void *base,
    const unsigned char *origin, const struct account *a)
{
	const struct config_option *opts;
	char *note;
	size_t n, i;
	char *val;

	opts = config_options(&n);
	for (i = 0; i < n; i++) {
		if (opts[i].section != section)
			continue;
		if (origin[i] == ORIGIN_UNSET) {
			buf_addf(out, "# %s =", opts[i].name);
			if (opts[i].def_doc != NULL)
				buf_addf(out, "  (%s)", _(opts[i].def_doc));
			buf_addc(out, '\n');
			continue;
		}
		val = config_value_text(&opts[i], base);
		/* Quote values that would not read back as written. */
		if (val[0] == '\0' || val[0] == ' ' || val[0] == '"' ||
		    val[strlen(val) - 1] == ' ') {
			struct buf q = BUF_INIT;
			const char *p;

			buf_addc(&q, '"');
			for (p = val; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_addc(&q, '\\');
				buf_addc(&q, *p);
			}
			buf_addc(&q, '"');
			free(val);
			val = buf_detach(&q);
		}
		note = origin_note(a, (enum config_origin)origin[i]);
		if (note != NULL) {
			int pad = 36 - (int)(strlen(opts[i].name) + 3 + utf8_width(val));
			buf_addf(out, "%s = %s%*s  # %s\n", opts[i].name, val,
			    pad > 0 ? pad : 0, "", note);
			free(note);
		} else
			buf_addf(out, "%s = %s\n", opts[i].name, val);
		free(val);
	}
}

void
config_show_text(const struct config *cfg, struct buf *out)
{
	const struct account *a;
	size_t i;

	buf_addf(out, _("# tether configuration from %s\n"), cfg->path);
	if (!cfg->exists)
		buf_adds(out, _("# (the file does not exist; these are the defaults)\n"));
	buf_adds(out, _("# Values not set in the file say where they come from.\n"));
	buf_adds(out, "\n[general]\n");
	show_section(out, SECTION_GENERAL, &cfg->general, cfg->general.origin, NULL);
	for (i = 0; i < cfg->naccounts; i++) {
		a = cfg->accounts[i];
		buf_addf(out, "\n[account %s]\n", a->name);
		if (!a->valid)
			buf_adds(out, _("# this account has errors and will not be used; "
			    "see tether config check\n"));
		show_section(out, SECTION_ACCOUNT, a, a->origin, a);
	}
}

static const char *
origin_name(enum config_origin o)
{
	static const char *const names[] = { "unset", "default", "provider", "file" };

	return names[o];
}

static void
json_section(struct buf *out, enum config_section section, const void *base,
    const unsigned char *origin)
{
	const struct config_option *opts;
	bool first = true;
	size_t n, i;
	char *val;

	opts = config_options(&n);
	buf_adds(out, "{");
	for (i = 0; i < n; i++) {
		if (opts[i].section != section)
			continue;
		buf_adds(out, first ? "" : ", ");
		first = false;
		buf_add_json_str(out, opts[i].name);
		buf_adds(out, ": {\"value\": ");
		if (origin[i] == ORIGIN_UNSET)
			buf_adds(out, "null");
		else if (opts[i].type == OPT_PORT || opts[i].type == OPT_SIZE ||
		    opts[i].type == OPT_SECONDS) {
			val = config_value_text(&opts[i], base);
			if (opts[i].type == OPT_SIZE)
				buf_addf(out, "%llu", (unsigned long long)
				    *OPT_FIELD(&opts[i], (void *)(uintptr_t)base, uint64_t));
			else
				buf_adds(out, val);
			free(val);
		} else if (opts[i].type == OPT_BOOL)
			buf_adds(out, *OPT_FIELD(&opts[i], (void *)(uintptr_t)base, bool) ?
			    "true" : "false");
		else {
			val = config_value_text(&opts[i], base);
			buf_add_json_str(out, val);
			free(val);
		}
		buf_addf(out, ", \"origin\": \"%s\"}", origin_name((enum config_origin)origin[i]));
	}
	buf_adds(out, "}");
}

void
config_show_json(const struct config *cfg, struct buf *out)
{
	const struct config_diag *d;
	const struct account *a;
	size_t i;

	buf_adds(out, "{\"file\": ");
	buf_add_json_str(out, cfg->path);
	buf_addf(out, ", \"exists\": %s, \"general\": ", cfg->exists ? "true" : "false");
	json_section(out, SECTION_GENERAL, &cfg->general, cfg->general.origin);
	buf_adds(out, ", \"accounts\": [");
	for (i = 0; i < cfg->naccounts; i++) {
		a = cfg->accounts[i];
		buf_adds(out, i > 0 ? ", {\"name\": " : "{\"name\": ");
		buf_add_json_str(out, a->name);
		buf_addf(out, ", \"valid\": %s, \"settings\": ", a->valid ? "true" : "false");
		json_section(out, SECTION_ACCOUNT, a, a->origin);
		buf_adds(out, "}");
	}
	buf_adds(out, "], \"diagnostics\": [");
	for (i = 0; i < cfg->ndiags; i++) {
		d = &cfg->diags[i];
		buf_addf(out, "%s{\"level\": \"%s\", \"line\": %u, \"account\": ",
		    i > 0 ? ", " : "", d->level == DIAG_ERROR ? "error" : "warning",
		    d->line);
		if (d->account != NULL)
			buf_add_json_str(out, d->account);
		else
			buf_adds(out, "null");
		buf_adds(out, ", \"key\": ");
		if (d->key != NULL)
			buf_add_json_str(out, d->key);
		else
			buf_adds(out, "null");
		buf_adds(out, ", \"message\": ");
		buf_add_json_str(out, d->message);
		buf_adds(out, "}");
	}
	buf_adds(out, "]}\n");
}

/* Escapes text for roff: backslashes, and a leading dot or quote. */
static void
roff_text(struct buf *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		buf_adds(out, "\\&");
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			buf_adds(out, "\\e");
		else if (*s == '-')
			buf_adds(out, "\\-");
		else
			buf_addc(out, *s);
	}
}

static void
man_type(struct buf *out, const struct config_option *opt)
{
	size_t i;

	switch (opt->type) {
	case OPT_CHOICE:
		for (i = 0; opt->choices[i] != NULL; i++) {
			buf_adds(out, i > 0 ? "|" : "");
			roff_text(out, opt->choices[i]);
		}
		break;
	case OPT_BOOL: buf_adds(out, "yes|no"); break;
	case OPT_PORT: buf_adds(out, "port"); break;
	case OPT_SECONDS: buf_adds(out, "seconds"); break;
	case OPT_SIZE: buf_adds(out, "size"); break;
	case OPT_PATH: buf_adds(out, "path"); break;
	case OPT_COMMAND: buf_adds(out, "command"); break;
	case OPT_HOST: buf_adds(out, "host"); break;
	case OPT_EMAIL: buf_adds(out, "address"); break;
	case OPT_FINGERPRINT: buf_adds(out, "sha256:hex"); break;
	case OPT_FOLDERS: buf_adds(out, "all|folder,..."); break;
	case OPT_PROVIDER: buf_adds(out, "provider"); break;
	case OPT_ACCOUNT: buf_adds(out, "account"); break;
	case OPT_STRING: buf_adds(out, "text"); break;
	}
}

static void
man_section(struct buf *out, enum config_section section)
{
	const struct config_option *opts;
	size_t n, i;

	opts = config_options(&n);
	for (i = 0; i < n; i++) {
		if (opts[i].section != section)
			continue;
		buf_addf(out, ".TP\n.BR %s \" = \" ", opts[i].name);
		buf_adds(out, "\"");
		man_type(out, &opts[i]);
		buf_adds(out, "\"\n");
		roff_text(out, opts[i].doc);
		buf_adds(out, "\nDefault: ");
		if (opts[i].def != NULL) {
			buf_adds(out, "\\fB");
			roff_text(out, opts[i].def);
			buf_adds(out, "\\fR");
		} else if (opts[i].def_doc != NULL)
			roff_text(out, opts[i].def_doc);
		else
			buf_adds(out, "none");
		buf_adds(out, ".\n");
	}
}

static const char *
security_name(enum smtp_security s)
{
	return s == SMTP_TLS ? "tls" : "starttls";
}

void
config_write_man(struct buf *out)
{
	const struct provider *p;
	size_t n, i;

	buf_adds(out, ".SS \"[general]\"\n");
	man_section(out, SECTION_GENERAL);
	buf_adds(out, ".SS \"[account NAME]\"\n");
	man_section(out, SECTION_ACCOUNT);
	buf_adds(out, ".SH PROVIDERS\n"
	    "A preset fills in the keys below; any of them set in the section wins.\n"
	    "IMAP always uses implicit TLS.\n");
	p = config_providers(&n);
	for (i = 0; i < n; i++) {
		buf_adds(out, ".TP\n.B ");
		roff_text(out, p[i].id);
		buf_adds(out, "\n");
		roff_text(out, p[i].label);
		buf_adds(out, ": ");
		if (p[i].imap_host != NULL) {
			buf_adds(out, "IMAP ");
			roff_text(out, p[i].imap_host);
			buf_addf(out, ":%d, SMTP ", p[i].imap_port);
			roff_text(out, p[i].smtp_host);
			buf_addf(out, ":%d %s", p[i].smtp_port, security_name(p[i].smtp_security));
		} else
			buf_addf(out, "no servers; IMAP port %d, SMTP %d %s",
			    p[i].imap_port, p[i].smtp_port, security_name(p[i].smtp_security));
		if (p[i].smtp_alt_port != 0)
			buf_addf(out, " (or %d %s)", p[i].smtp_alt_port,
			    security_name(p[i].smtp_alt_security));
		if (p[i].size_limit != 0)
			buf_addf(out, "; messages up to %lluMB",
			    (unsigned long long)(p[i].size_limit / 1000000));
		if (p[i].saves_sent)
			buf_adds(out, "; the server files sent mail itself");
		buf_adds(out, ".\n");
		if (p[i].note != NULL) {
			buf_adds(out, ".br\n");
			roff_text(out, p[i].note);
			buf_adds(out, "\n");
		}
	}
}
