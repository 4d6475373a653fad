/* tls.c - TCP connect with timeouts, TLS 1.2+ with SNI, certificate checks or a pinned fingerprint, and timed I/O. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "net/net.h"

#define NET_CONNECT_MS 15000
#define NET_IO_MS 60000

struct net_conn {
	int fd;
	SSL_CTX *ctx;            /* owned */
	SSL *ssl;                /* owned */
	char *host;              /* owned, for messages */
	int port;
	int io_ms;
};

static void
conn_free(struct net_conn *c)
{
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	if (c->ctx != NULL)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	free(c->host);
	free(c);
}

/* Waits for fd to be readable/writable until deadline; 0, or ETIMEDOUT. */
static int
wait_fd(int fd, short events, uint64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t now;
	int rc;

	for (;;) {
		now = time_mono_ms();
		if (now >= deadline)
			return ETIMEDOUT;
		rc = poll(&p, 1, (int)(deadline - now));
		if (rc > 0)
			return 0;
		if (rc == 0)
			return ETIMEDOUT;
		if (errno != EINTR)
			return errno;
	}
}

static bool
is_ip_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

/* Tries every address of host in turn (IPv6 and IPv4) within the timeout. */
static tt_status
tcp_connect(const struct net_tls_opts *o, uint64_t deadline, int *fdp,
    char **cause)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[16];
	int fd = -1, err = 0, rc, soerr;
	socklen_t len;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", o->port);
	if ((rc = getaddrinfo(o->host, port, &hints, &res)) != 0)
		return tt_fail(cause, TT_ENET, _("cannot find the server %s (%s); check "
		    "the host name and the network"), o->host, gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS && (err = wait_fd(fd, POLLOUT, deadline)) == 0) {
			len = sizeof soerr;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 &&
			    soerr == 0)
				break;
			err = soerr;
		} else if (errno != EINPROGRESS)
			err = errno;
		close(fd);
		fd = -1;
		if (err == ETIMEDOUT)
			break;
	}
	freeaddrinfo(res);
	if (fd >= 0) {
		*fdp = fd;
		return TT_OK;
	}
	if (err == ETIMEDOUT)
		return tt_fail(cause, TT_ETIMEOUT, _("%s port %d did not answer in time; "
		    "check the host and port, and whether a firewall drops the "
		    "connection"), o->host, o->port);
	if (err == ECONNREFUSED)
		return tt_fail(cause, TT_ENET, _("%s refused the connection on port %d; "
		    "is the port right, and is the server running?"), o->host, o->port);
	return tt_fail(cause, TT_ENET, _("cannot connect to %s port %d: %s"),
	    o->host, o->port, strerror(err));
}

char *
net_peer_fingerprint(const struct net_conn *c)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	struct buf b = BUF_INIT;
	X509 *cert = SSL_get1_peer_certificate(c->ssl);

	if (cert == NULL)
		return xstrdup("");
	X509_digest(cert, EVP_sha256(), md, &n);
	X509_free(cert);
	buf_adds(&b, "sha256:");
	for (i = 0; i < n; i++)
		buf_addf(&b, "%02x", md[i]);
	return buf_detach(&b);
}

/* The names a certificate is for, for the mismatch message. */
static char *
cert_names(X509 *cert)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; names != NULL && i < sk_GENERAL_NAME_num(names); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);

		if (g->type == GEN_DNS)
			buf_addf(&b, "%s%.*s", b.len > 0 ? ", " : "",
			    ASN1_STRING_length(g->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
	}
	GENERAL_NAMES_free(names);
	if (b.len == 0)
		buf_adds(&b, "another name");
	return buf_detach(&b);
}

/* Accepts the certificate, or says in one sentence why not. */
static tt_status
check_peer(struct net_conn *c, const struct net_tls_opts *o, char **cause)
{
	long result = SSL_get_verify_result(c->ssl);
	char *fp = net_peer_fingerprint(c), *names;
	X509 *cert;
	tt_status s = TT_OK;

	if (o->fingerprint != NULL && ascii_strcasecmp(fp, o->fingerprint) == 0)
		goto out;
	if (result == X509_V_OK)
		goto out;
	if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		cert = SSL_get1_peer_certificate(c->ssl);
		names = cert != NULL ? cert_names(cert) : xstrdup("another name");
		X509_free(cert);
		s = tt_fail(cause, TT_ETLS, _("the certificate of %s is for %s, not for "
		    "%s; check the host name (or pin it: tls_fingerprint = %s)"),
		    o->host, names, o->host, fp);
		free(names);
		goto out;
	}
	s = tt_fail(cause, TT_ETLS, _("the certificate of %s is not trusted (%s); "
	    "if you trust this server, pin it with tls_fingerprint = %s, or give "
	    "its CA in tls_ca_file"), o->host, X509_verify_cert_error_string(result), fp);
out:
	free(fp);
	return s;
}

/* Runs an SSL call that may want to wait, until done or the deadline. */
static int
ssl_wait(struct net_conn *c, int rc, uint64_t deadline)
{
	switch (SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(c->fd, POLLIN, deadline) == 0 ? 1 : -ETIMEDOUT;
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(c->fd, POLLOUT, deadline) == 0 ? 1 : -ETIMEDOUT;
	default:
		return 0;
	}
}

static const char *
ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e != 0 ? ERR_reason_error_string(e) : NULL;

	return r != NULL ? r : "the connection closed";
}

tt_status
net_connect_tls(const struct net_tls_opts *o, struct net_conn **out, char **cause)
{
	struct net_conn *c = xcalloc(1, sizeof *c);
	uint64_t deadline;
	tt_status s;
	int rc, w;

	*out = NULL;
	c->fd = -1;
	c->host = xstrdup(o->host);
	c->port = o->port;
	c->io_ms = o->io_timeout_ms > 0 ? o->io_timeout_ms : NET_IO_MS;
	deadline = time_mono_ms() + (uint64_t)(o->connect_timeout_ms > 0 ?
	    o->connect_timeout_ms : NET_CONNECT_MS);
	if ((s = tcp_connect(o, deadline, &c->fd, cause)) != TT_OK)
		goto fail;
	ERR_clear_error();
	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    !SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION)) {
		s = tt_fail(cause, TT_ETLS, _("cannot set up TLS: %s"), ssl_reason());
		goto fail;
	}
	if (o->ca_file != NULL &&
	    SSL_CTX_load_verify_locations(c->ctx, o->ca_file, NULL) != 1) {
		s = tt_fail(cause, TT_ETLS, _("cannot load the certificates of "
		    "tls_ca_file %s: %s"), o->ca_file, ssl_reason());
		goto fail;
	}
	if (o->ca_file == NULL && SSL_CTX_set_default_verify_paths(c->ctx) != 1) {
		s = tt_fail(cause, TT_ETLS, _("cannot load the system's trusted "
		    "certificates (%s); install ca-certificates"), ssl_reason());
		goto fail;
	}
	/* Verification is judged after the handshake, so a pinned fingerprint
	 * can accept what no CA vouches for, and errors can be explained. */
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	if (is_ip_literal(o->host))
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), o->host);
	else {
		SSL_set_tlsext_host_name(c->ssl, o->host);
		SSL_set1_host(c->ssl, o->host);
	}
	while ((rc = SSL_connect(c->ssl)) != 1) {
		w = ssl_wait(c, rc, deadline);
		if (w == 1)
			continue;
		if (w == -ETIMEDOUT)
			s = tt_fail(cause, TT_ETIMEOUT, _("%s port %d accepted the connection "
			    "but did not complete a TLS handshake in time; is it an implicit "
			    "TLS port (993 for IMAP, 465 for SMTP)?"), o->host, o->port);
		else
			s = tt_fail(cause, TT_ETLS, _("the TLS handshake with %s port %d "
			    "failed (%s); the port may not speak implicit TLS, or the server "
			    "offers only TLS versions older than 1.2"), o->host, o->port,
			    ssl_reason());
		goto fail;
	}
	if ((s = check_peer(c, o, cause)) != TT_OK)
		goto fail;
	*out = c;
	return TT_OK;
fail:
	conn_free(c);
	return s;
}

tt_status
net_write(struct net_conn *c, const void *buf, size_t len, char **cause)
{
	uint64_t deadline = time_mono_ms() + (uint64_t)c->io_ms;
	const char *p = buf;
	size_t done;
	int rc, w;

	while (len > 0) {
		rc = SSL_write_ex(c->ssl, p, len, &done);
		if (rc == 1) {
			p += done;
			len -= done;
			continue;
		}
		if ((w = ssl_wait(c, rc, deadline)) == 1)
			continue;
		if (w == -ETIMEDOUT)
			return tt_fail(cause, TT_ETIMEOUT, _("%s stopped taking data; the "
			    "connection timed out"), c->host);
		return tt_fail(cause, TT_ENET, _("the connection to %s was closed (%s)"),
		    c->host, ssl_reason());
	}
	return TT_OK;
}

tt_status
net_read(struct net_conn *c, void *buf, size_t cap, size_t *got, char **cause)
{
	uint64_t deadline = time_mono_ms() + (uint64_t)c->io_ms;
	int rc, w;

	*got = 0;
	for (;;) {
		rc = SSL_read_ex(c->ssl, buf, cap, got);
		if (rc == 1)
			return TT_OK;
		if ((w = ssl_wait(c, rc, deadline)) == 1)
			continue;
		if (w == -ETIMEDOUT)
			return tt_fail(cause, TT_ETIMEOUT, _("%s did not answer in time"),
			    c->host);
		return tt_fail(cause, TT_ENET, _("the connection to %s was closed"),
		    c->host);
	}
}

int
net_fd(const struct net_conn *c)
{
	return c->fd;
}

bool
net_pending(const struct net_conn *c)
{
	return SSL_pending(c->ssl) > 0;
}

void
net_close(struct net_conn **cp)
{
	struct net_conn *c = *cp;

	if (c == NULL)
		return;
	/* A polite close, without waiting for the peer's answer. */
	if (c->ssl != NULL)
		SSL_shutdown(c->ssl);
	conn_free(c);
	*cp = NULL;
}

tt_status
net_check_tcp(const char *host, int port, int timeout_ms, char **cause)
{
	struct net_tls_opts o = { .host = host, .port = port };
	int fd = -1;
	tt_status s;

	s = tcp_connect(&o, time_mono_ms() + (uint64_t)(timeout_ms > 0 ?
	    timeout_ms : NET_CONNECT_MS), &fd, cause);
	if (fd >= 0)
		close(fd);
	return s;
}

char *
net_resolve(const char *host, char **cause)
{
	struct addrinfo hints, *res = NULL, *ai;
	char addr[INET6_ADDRSTRLEN];
	struct buf b = BUF_INIT;
	int rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		(void)tt_fail(cause, TT_ENET, _("cannot find the server %s (%s); check "
		    "the host name and the network"), host, gai_strerror(rc));
		return NULL;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		const void *a = ai->ai_family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr :
		    (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr;

		if (inet_ntop(ai->ai_family, a, addr, sizeof addr) != NULL &&
		    strstr(b.data != NULL ? b.data : "", addr) == NULL)
			buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", addr);
	}
	freeaddrinfo(res);
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup("?"));
}

void
net_peer_info(const struct net_conn *c, struct net_cert_info *info)
{
	X509 *cert = SSL_get1_peer_certificate(c->ssl);
	const ASN1_TIME *after;
	struct tm tm;

	memset(info, 0, sizeof *info);
	info->protocol = xstrdup(SSL_get_version(c->ssl));
	info->fingerprint = net_peer_fingerprint(c);
	if (cert == NULL)
		return;
	info->subject = X509_NAME_oneline(X509_get_subject_name(cert), NULL, 0);
	info->issuer = X509_NAME_oneline(X509_get_issuer_name(cert), NULL, 0);
	after = X509_get0_notAfter(cert);
	if (after != NULL && ASN1_TIME_to_tm(after, &tm) == 1)
		info->not_after = timegm(&tm);
	X509_free(cert);
}

void
net_cert_info_clear(struct net_cert_info *info)
{
	free(info->protocol);
	free(info->fingerprint);
	OPENSSL_free(info->subject);
	OPENSSL_free(info->issuer);
	memset(info, 0, sizeof *info);
}
