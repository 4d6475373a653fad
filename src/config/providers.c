/* providers.c - provider presets: servers, ports, security and limits (behaviours.md §4). */
#include <stddef.h>

#include "config/config.h"

#define MB 1000000u

/*
 * Values follow behaviours.md §4 with the choices of its ambiguity 21:
 * "587 or 465" providers default to 465/TLS with 587/STARTTLS as fallback;
 * Verizon's published 995 is a POP3 port, so the preset uses 993 and says
 * it is unverified; IONOS has a .com and a .de set.
 */
static const struct provider providers[] = {
	{ "gmail", "Gmail", "imap.gmail.com", 993, "smtp.gmail.com", 465, SMTP_TLS,
	  587, SMTP_STARTTLS, 25 * MB, true, false, false,
	  N_("Gmail needs IMAP enabled in its settings and, with 2-step "
	     "verification, an app password.") },
	{ "outlook", "Outlook.com", "outlook.office365.com", 993,
	  "smtp-mail.outlook.com", 587, SMTP_STARTTLS, 0, SMTP_TLS, 20 * MB,
	  true, true, false,
	  N_("Microsoft ignores the sender name and may require OAuth 2 "
	     "(oauth_token_cmd) instead of a password.") },
	{ "microsoft365", "Microsoft 365", "outlook.office365.com", 993,
	  "smtp.office365.com", 587, SMTP_STARTTLS, 0, SMTP_TLS, 20 * MB,
	  true, true, false,
	  N_("Microsoft ignores the sender name and may require OAuth 2 "
	     "(oauth_token_cmd) instead of a password.") },
	{ "icloud", "iCloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587,
	  SMTP_STARTTLS, 0, SMTP_TLS, 0, false, false, false,
	  N_("iCloud needs an app-specific password.") },
	{ "aol", "AOL", "imap.aol.com", 993, "smtp.aol.com", 465, SMTP_TLS,
	  587, SMTP_STARTTLS, 0, false, false, false, NULL },
	{ "yahoo", "Yahoo!", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465,
	  SMTP_TLS, 587, SMTP_STARTTLS, 0, false, false, false,
	  N_("Yahoo! needs an app password.") },
	{ "verizon", "Verizon", "imap.verizon.net", 993, "smtp.verizon.net", 465,
	  SMTP_TLS, 0, SMTP_TLS, 0, false, false, true,
	  N_("The Verizon preset's IMAP port 993 is unverified: the published value "
	     "is 995, a POP3 port; check your provider's current settings.") },
	{ "att", "AT&T", "imap.mail.att.net", 993, "smtp.mail.att.net", 465,
	  SMTP_TLS, 587, SMTP_STARTTLS, 0, false, false, false, NULL },
	{ "ovh", "OVH", "ssl0.ovh.net", 993, "ssl0.ovh.net", 465, SMTP_TLS,
	  0, SMTP_TLS, 0, false, false, false, NULL },
	{ "ionos-com", "IONOS (.com)", "imap.ionos.com", 993, "smtp.ionos.com", 465,
	  SMTP_TLS, 0, SMTP_TLS, 0, false, false, false, NULL },
	{ "ionos-de", "IONOS (.de)", "imap.ionos.de", 993, "smtp.ionos.de", 587,
	  SMTP_STARTTLS, 0, SMTP_TLS, 0, false, false, false, NULL },
	{ "strato", "Strato (rzone.de)", "imap.strato.de", 993, "smtp.strato.de", 465,
	  SMTP_TLS, 0, SMTP_TLS, 0, false, false, false, NULL },
	{ "rackspace", "Rackspace (emailsrvr.com)", "secure.emailsrvr.com", 993,
	  "secure.emailsrvr.com", 465, SMTP_TLS, 0, SMTP_TLS, 0, false, false,
	  false, NULL },
	{ "godaddy", "GoDaddy", "imap.secureserver.net", 993,
	  "smtpout.secureserver.net", 465, SMTP_TLS, 0, SMTP_TLS, 0, false, false,
	  false, NULL },
	{ "other", "Other (any IMAP/SMTP provider)", NULL, 993, NULL, 465, SMTP_TLS,
	  587, SMTP_STARTTLS, 0, false, false, false, NULL },
};

const struct provider *
config_providers(size_t *count)
{
	*count = TT_ARRAY_LEN(providers);
	return providers;
}

const struct provider *
config_provider_find(const char *id)
{
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(providers); i++) {
		if (ascii_strcasecmp(providers[i].id, id) == 0)
			return &providers[i];
	}
	return NULL;
}
