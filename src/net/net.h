/* net.h - the one public header of src/net: TLS connections (OpenSSL) with verification, pinning and timeouts. */
#ifndef TETHER_NET_H
#define TETHER_NET_H

/*
 * Files of this library and their jobs:
 *   tls.c  connect (IPv6/IPv4, timeouts), TLS 1.2+ handshake with SNI,
 *          certificate and host name checks, fingerprint pinning, I/O
 *
 * Every failure is one sentence a user can act on: the name that does not
 * resolve, the port that refuses, the server that does not answer, the
 * certificate that is not trusted (with its fingerprint, so it can be
 * pinned), the name the certificate is for.
 */

#include "util/util.h"

struct net_conn;

struct net_tls_opts {
	const char *host;         /* name or address: SNI and verification */
	int port;
	const char *ca_file;      /* PEM CAs to trust; NULL: the system store */
	const char *fingerprint;  /* "sha256:<64 hex>" to accept, or NULL */
	int connect_timeout_ms;   /* 0: 15 s */
	int io_timeout_ms;        /* 0: 60 s */
};

/*
 * Connects and completes a TLS handshake.  A certificate is accepted when
 * it chains to a trusted CA and names host, or when its SHA-256 equals the
 * pinned fingerprint.
 * Returns TT_OK, TT_ENET (DNS, refused, unreachable), TT_ETIMEOUT, TT_ETLS.
 */
tt_status net_connect_tls(const struct net_tls_opts *opts, struct net_conn **out,
    char **cause);
/* Writes all of buf. TT_OK, TT_ETIMEOUT, TT_ENET (closed, reset). */
tt_status net_write(struct net_conn *c, const void *buf, size_t len, char **cause);
/*
 * Reads what is there, waiting up to the I/O timeout for something: *got
 * > 0 on TT_OK.  TT_ENET when the peer closed, TT_ETIMEOUT.
 */
tt_status net_read(struct net_conn *c, void *buf, size_t cap, size_t *got,
    char **cause);
/* The socket, for poll(); check net_pending first (TLS buffers bytes). */
int net_fd(const struct net_conn *c);
bool net_pending(const struct net_conn *c);
/* "sha256:<hex>" of the server's certificate (owned by the caller). */
char *net_peer_fingerprint(const struct net_conn *c);
void net_close(struct net_conn **c);

/* What the server's certificate says, for tether doctor. */
struct net_cert_info {
	char *protocol;           /* "TLSv1.3" */
	char *subject;            /* "/CN=imap.example.com" */
	char *issuer;
	char *fingerprint;        /* "sha256:…" */
	time_t not_after;         /* 0 when unknown */
};
void net_peer_info(const struct net_conn *c, struct net_cert_info *info);
void net_cert_info_clear(struct net_cert_info *info);
/* The addresses host resolves to, "a, b" (heap), or NULL with the cause. */
char *net_resolve(const char *host, char **cause);
/* Whether a TCP connection to host:port opens (then closes it); the
 * failures of net_connect_tls before TLS. */
tt_status net_check_tcp(const char *host, int port, int timeout_ms,
    char **cause);

#endif
