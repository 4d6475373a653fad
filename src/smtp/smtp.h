/* smtp.h - mail submission through libcurl: implicit TLS or STARTTLS required, AUTH, the size checks and errors in words. */
#ifndef TETHER_SMTP_H
#define TETHER_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/*
 * Only src/sync calls this layer (DESIGN.md).  Plaintext is never spoken:
 * smtps:// for implicit TLS, smtp:// with CURLUSESSL_ALL for STARTTLS, so
 * a server that does not offer STARTTLS, or whose upgrade fails, ends the
 * session before AUTH (CONN-08).  Certificates are verified.
 */

enum smtp_tls { SMTP_IMPLICIT_TLS, SMTP_REQUIRE_STARTTLS };

struct smtp_target {
	const char *host;
	int port;
	enum smtp_tls tls;
	const char *ca_file;     /* NULL: the system's CAs */
	const char *username;
	const char *password;    /* AUTH PLAIN/LOGIN; or */
	const char *oauth_token; /* AUTH XOAUTH2 (then password is NULL) */
	int timeout_s;           /* connect and each reply; 0: 60 s */
	bool imap_ok;            /* the account's IMAP login worked: a failure
	                            here is worded as ERR-01 */
};

struct smtp_result {
	int code;                /* the server's last reply code, 0 if none */
	char *reply;             /* owned: its last reply line(s), or NULL */
	bool temporary;          /* worth trying again later */
};

void smtp_result_clear(struct smtp_result *r);

/* Once per process, before any thread sends. */
void smtp_global_init(void);

/*
 * Sends raw (CRLF lines) from `from` to rcpts[].  The message is refused
 * before any connection when it is larger than limit bytes (CMP-16, 0: no
 * limit); a server that announces SIZE is told the size in MAIL FROM and
 * refuses a larger one itself.
 * Returns TT_OK; or, with one sentence in *cause and the reply in *res:
 * TT_EINVAL (too large), TT_ENET (resolve, connect, the server closed the
 * connection), TT_ETIMEOUT, TT_ETLS (certificate, handshake),
 * TT_EUNSUPPORTED (no STARTTLS offered), TT_EAUTH (credentials refused),
 * TT_EPROTO (the server refused the sender, a recipient or the message).
 * res->temporary says whether a later try may succeed (4xx, network).
 */
tt_status smtp_send(const struct smtp_target *t, const char *from,
    char *const *rcpts, size_t nrcpts, const char *raw, size_t len,
    uint64_t limit, struct smtp_result *res, char **cause);

/* Connects, sets up TLS and logs in, then says NOOP: the account's SMTP
 * settings checked without sending (tether doctor, setup).  The
 * failures of smtp_send. */
tt_status smtp_check(const struct smtp_target *t, struct smtp_result *res,
    char **cause);

#endif
