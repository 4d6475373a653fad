/* options.c - the options table: every config key with its type, default and documentation. */
#include <stddef.h>
#include <string.h>

#include "config/config.h"

static const char *const link_mode_choices[] = { "auto", "manual", NULL };
static const char *const sharing_choices[] = { "shared", "private", NULL };
static const char *const security_choices[] = { "tls", "starttls", NULL };
static const char *const since_choices[] = {
	"all", "now", "3d", "1m", "3m", "6m", "1y", "2y", NULL
};

#define G(field) offsetof(struct general, field)
#define A(field) offsetof(struct account, field)

/* Order here is the order of `config show` and of tether.conf(5). */
static const struct config_option options[] = {
	{ SECTION_GENERAL, "link_mode", OPT_CHOICE, link_mode_choices,
	  G(link_mode), "auto", NULL,
	  N_("How threads get linked to deals, leads and projects: auto links a new "
	     "thread when its counterparties have exactly one open item; manual "
	     "links only by hand. In both modes, participants are matched to CRM "
	     "persons by address.") },
	{ SECTION_GENERAL, "default_sharing", OPT_CHOICE, sharing_choices,
	  G(default_sharing), "shared", NULL,
	  N_("Whether new linked threads are visible to colleagues who can see the "
	     "linked item. A change applies to threads that arrive afterwards.") },
	{ SECTION_GENERAL, "archive_in_provider", OPT_BOOL, NULL,
	  G(archive_in_provider), "no", NULL,
	  N_("When yes, archiving a thread also moves its messages to the server's "
	     "Archive folder (on Gmail: removes the Inbox label).") },
	{ SECTION_GENERAL, "delete_in_provider", OPT_BOOL, NULL,
	  G(delete_in_provider), "no", NULL,
	  N_("When yes, deleting a thread also moves its messages to the server's "
	     "Trash folder; tether never expunges.") },
	{ SECTION_GENERAL, "crm_database", OPT_PATH, NULL,
	  G(crm_database), NULL, N_("crm.db in the data directory"),
	  N_("The CRM database file. A relative path is relative to the data "
	     "directory; a team can point every member at one shared file.") },
	{ SECTION_GENERAL, "default_account", OPT_ACCOUNT, NULL,
	  G(default_account), NULL, N_("the first account in the file"),
	  N_("The account preselected as sender and opened at start.") },
	{ SECTION_GENERAL, "mouse", OPT_BOOL, NULL,
	  G(mouse), "no", NULL,
	  N_("When yes, the interface takes the mouse: a click picks a line, a "
	     "double click opens it, the wheel scrolls. Off by default, so the "
	     "terminal's own selection and copy keep working.") },

	{ SECTION_ACCOUNT, "provider", OPT_PROVIDER, NULL,
	  A(provider), NULL, NULL,
	  N_("A preset (see PROVIDERS) that fills in the servers, ports and "
	     "security; any key set in the section overrides it.") },
	{ SECTION_ACCOUNT, "email", OPT_EMAIL, NULL,
	  A(email), NULL, NULL,
	  N_("The account's address. Required. Mail is always sent from it.") },
	{ SECTION_ACCOUNT, "name", OPT_STRING, NULL,
	  A(sender_name), NULL, NULL,
	  N_("The sender name shown in From. Microsoft servers ignore it.") },
	{ SECTION_ACCOUNT, "username", OPT_STRING, NULL,
	  A(username), NULL, N_("the email address"),
	  N_("The login name for IMAP and SMTP.") },
	{ SECTION_ACCOUNT, "password_cmd", OPT_COMMAND, NULL,
	  A(password_cmd), NULL, N_("none: tether asks"),
	  N_("A command whose first line of output is the password, for example "
	     "\"pass show mail/work\". It runs without a shell: quotes group words, "
	     "but nothing is expanded, piped or chained. It is stopped if it has "
	     "not finished after two minutes.") },
	{ SECTION_ACCOUNT, "oauth_token_cmd", OPT_COMMAND, NULL,
	  A(oauth_token_cmd), NULL, NULL,
	  N_("A command whose first line of output is an OAuth 2 access token; "
	     "when set, tether logs in with XOAUTH2/OAUTHBEARER.") },
	{ SECTION_ACCOUNT, "imap_host", OPT_HOST, NULL,
	  A(imap_host), NULL, N_("from the provider"),
	  N_("The IMAP server. Required unless a provider gives it.") },
	{ SECTION_ACCOUNT, "imap_port", OPT_PORT, NULL,
	  A(imap_port), "993", NULL,
	  N_("The IMAP port, always implicit TLS. Port 143 is refused because it is "
	     "not encrypted; 110 and 995 are refused because they are POP3.") },
	{ SECTION_ACCOUNT, "smtp_host", OPT_HOST, NULL,
	  A(smtp_host), NULL, N_("from the provider"),
	  N_("The SMTP submission server. Required unless a provider gives it.") },
	{ SECTION_ACCOUNT, "smtp_port", OPT_PORT, NULL,
	  A(smtp_port), NULL, N_("465, or 587 with smtp_security = starttls"),
	  N_("The SMTP port: 465 needs tls, 587 needs starttls. Port 25 is refused.") },
	{ SECTION_ACCOUNT, "smtp_security", OPT_CHOICE, security_choices,
	  A(smtp_security), NULL, N_("tls, or starttls with smtp_port = 587"),
	  N_("tls (implicit TLS, sometimes called SSL) or starttls (the upgrade is "
	     "required; tether never goes on in plaintext).") },
	{ SECTION_ACCOUNT, "tls_ca_file", OPT_PATH, NULL,
	  A(tls_ca_file), NULL, N_("the system's CA store"),
	  N_("A PEM file of certificate authorities to trust, for a private CA.") },
	{ SECTION_ACCOUNT, "tls_fingerprint", OPT_FINGERPRINT, NULL,
	  A(tls_fingerprint), NULL, NULL,
	  N_("sha256:HEX of a server certificate to accept even when no CA vouches "
	     "for it (a self-signed server). tether prints it when it rejects a "
	     "certificate.") },
	{ SECTION_ACCOUNT, "sync_since", OPT_CHOICE, since_choices,
	  A(sync_since), "3m", NULL,
	  N_("How far back the first sync reaches: all, now (only new mail), 3d, "
	     "1m, 3m, 6m, 1y or 2y. Changing it to a shorter range never deletes "
	     "mail already synced.") },
	{ SECTION_ACCOUNT, "folders", OPT_FOLDERS, NULL,
	  A(folders), "all", NULL,
	  N_("all, or a comma-separated list of folders to sync; mail outside them "
	     "is never fetched.") },
	{ SECTION_ACCOUNT, "size_limit", OPT_SIZE, NULL,
	  A(size_limit), NULL, N_("the provider's limit, else the server's SIZE, else 20MB"),
	  N_("The largest message tether will send, in bytes or with a unit "
	     "(25MB, 500kB; MB = 1,000,000 bytes, MiB = 1,048,576).") },
	{ SECTION_ACCOUNT, "smtp_timeout", OPT_SECONDS, NULL,
	  A(smtp_timeout), "60", NULL,
	  N_("Seconds the SMTP server may take to answer (and a stalled upload to "
	     "move) before the send is tried again later.") },
};

const struct config_option *
config_options(size_t *count)
{
	*count = TT_ARRAY_LEN(options);
	return options;
}

const struct config_option *
config_option_find(enum config_section section, const char *name)
{
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(options); i++) {
		if (options[i].section == section && strcmp(options[i].name, name) == 0)
			return &options[i];
	}
	return NULL;
}
