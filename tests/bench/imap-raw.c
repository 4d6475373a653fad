/* imap-raw.c - make bench's lower bound for an IMAP sync: one TLS connection, one UID FETCH of a whole mailbox, every response read and thrown away. */

/*
 * Usage: imap-raw [--bodies] HOST PORT CA_FILE USER PASSWORD [MAILBOX]
 *
 * Logs in, SELECTs MAILBOX (default INBOX) and sends
 *   UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE
 *       BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC SUBJECT MESSAGE-ID
 *       IN-REPLY-TO REFERENCES)])
 * or, with --bodies, the same items with BODY.PEEK[] instead of the header
 * fields; then LOGOUT.  Prints "SECONDS s MESSAGES messages BYTES bytes"
 * (time from before the connection to the end of LOGOUT, FETCH responses
 * seen, bytes received).  It parses no more than the framing: lines, and
 * the literals announced at their ends; nothing of tether is used, so the
 * figure is what the server and TLS cost.  The certificate is checked
 * against CA_FILE and HOST.  Exit status 0, or 1 with a sentence on stderr.
 */

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define BUF_SIZE ((size_t)1 << 18)
/* Lines outside literals are short (the headers come as literals); a
 * longer one means the server is not speaking IMAP as expected. */
#define MAX_LINE ((size_t)16 << 20)

struct conn {
	SSL *ssl;
	unsigned char buf[BUF_SIZE]; /* received, not yet consumed: [pos, len) */
	size_t pos, len;
	char *line;                  /* the current line, CRLF removed */
	size_t llen, lcap;
	unsigned long long bytes;    /* all bytes received */
};

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("imap-raw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Dies with OpenSSL's first queued reason, which names what went wrong. */
static void
die_ssl(const char *what)
{
	unsigned long e = ERR_get_error();
	char reason[256] = "no detail";

	if (e != 0)
		ERR_error_string_n(e, reason, sizeof reason);
	die("%s: %s", what, reason);
}

static int
connect_tcp(const char *host, const char *port)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, rc, err = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
		die("cannot resolve %s: %s", host, gai_strerror(rc));
	/* "localhost" may give ::1 first while the server listens on 127.0.0.1. */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		die("cannot connect to %s port %s: %s", host, port, strerror(err));
	return fd;
}

static void
fill(struct conn *c)
{
	int n;

	if (c->pos == c->len)
		c->pos = c->len = 0;
	n = SSL_read(c->ssl, c->buf + c->len, (int)(BUF_SIZE - c->len));
	if (n <= 0) {
		if (SSL_get_error(c->ssl, n) == SSL_ERROR_ZERO_RETURN)
			die("the server closed the connection");
		die_ssl("reading from the server failed");
	}
	c->len += (size_t)n;
	c->bytes += (unsigned long long)n;
}

static void
line_add(struct conn *c, const void *p, size_t n)
{
	if (c->llen + n + 1 > c->lcap) {
		size_t cap = c->lcap != 0 ? c->lcap : 1024;

		while (cap < c->llen + n + 1)
			cap *= 2;
		if (cap > MAX_LINE)
			die("a response line longer than %zu bytes", MAX_LINE);
		if ((c->line = realloc(c->line, cap)) == NULL)
			die("out of memory");
		c->lcap = cap;
	}
	memcpy(c->line + c->llen, p, n);
	c->llen += n;
	c->line[c->llen] = '\0';
}

/* Reads up to the next LF into c->line, without the CRLF. */
static void
read_line(struct conn *c)
{
	c->llen = 0;
	line_add(c, "", 0);
	for (;;) {
		unsigned char *p = c->buf + c->pos;
		unsigned char *nl = memchr(p, '\n', c->len - c->pos);

		if (nl != NULL) {
			line_add(c, p, (size_t)(nl - p));
			c->pos += (size_t)(nl - p) + 1;
			break;
		}
		line_add(c, p, c->len - c->pos);
		c->pos = c->len;
		fill(c);
	}
	if (c->llen > 0 && c->line[c->llen - 1] == '\r')
		c->line[--c->llen] = '\0';
}

/* Throws away the next n bytes: a literal's contents are never copied. */
static void
skip(struct conn *c, unsigned long long n)
{
	while (n > 0) {
		size_t avail;

		if (c->pos == c->len)
			fill(c);
		avail = c->len - c->pos;
		if (avail > n)
			avail = (size_t)n;
		c->pos += avail;
		n -= avail;
	}
}

/* The size of the literal announced at the end of the line ({N}, {N+},
 * ~{N}), or -1 when the line ends without one. */
static long long
literal_size(const char *s, size_t len)
{
	size_t i;
	long long n = 0, mul = 1;

	if (len < 3 || s[len - 1] != '}')
		return -1;
	i = len - 1;
	if (s[i - 1] == '+')
		i--;
	if (i < 2 || s[i - 1] < '0' || s[i - 1] > '9')
		return -1;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') {
		if (mul > 1000000000000LL)
			die("a literal too large to be real: %s", s);
		n += (s[i - 1] - '0') * mul;
		mul *= 10;
		i--;
	}
	if (i == 0 || s[i - 1] != '{')
		return -1;
	return n;
}

/* "* 123 FETCH ...": an untagged FETCH response. */
static bool
is_fetch(const char *s)
{
	if (s[0] != '*' || s[1] != ' ' || s[2] < '0' || s[2] > '9')
		return false;
	s += 2;
	while (*s >= '0' && *s <= '9')
		s++;
	return strncmp(s, " FETCH ", 7) == 0;
}

static void
send_cmd(struct conn *c, const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof cmd)
		die("a command too long to send");
	if (SSL_write(c->ssl, cmd, n) != n)
		die_ssl("writing to the server failed");
}

/*
 * Reads responses until the one tagged TAG, which must be OK; returns the
 * number of FETCH responses seen.  A response that announced a literal
 * goes on after it, so only a line that follows a complete response can
 * be a new response (or the tagged one).
 */
static unsigned long
wait_tagged(struct conn *c, const char *tag, const char *what)
{
	size_t tlen = strlen(tag);
	unsigned long fetches = 0;
	bool inside = false;

	for (;;) {
		long long lit;

		read_line(c);
		if (!inside) {
			if (strncmp(c->line, tag, tlen) == 0 && c->line[tlen] == ' ') {
				if (strncmp(c->line + tlen + 1, "OK", 2) != 0)
					die("%s refused: %s", what, c->line);
				return fetches;
			}
			if (is_fetch(c->line))
				fetches++;
		}
		lit = literal_size(c->line, c->llen);
		if (lit >= 0)
			skip(c, (unsigned long long)lit);
		inside = lit >= 0;
	}
}

/* A quoted string for LOGIN: backslash and double quote escaped. */
static char *
quote(const char *s)
{
	size_t n = strlen(s);
	char *q = malloc(2 * n + 3), *p = q;

	if (q == NULL)
		die("out of memory");
	*p++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '"';
	*p = '\0';
	return q;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fputs("usage: imap-raw [--bodies] HOST PORT CA_FILE USER PASSWORD [MAILBOX]\n",
	    stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct conn c;
	const char *host, *port, *ca, *user, *pass, *box = "INBOX";
	const char *items = "BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC SUBJECT "
	    "MESSAGE-ID IN-REPLY-TO REFERENCES)]";
	char *quser, *qpass, *qbox;
	unsigned long fetches;
	SSL_CTX *ctx;
	double t0;
	int fd;

	if (argc > 1 && strcmp(argv[1], "--bodies") == 0) {
		items = "BODY.PEEK[]";
		argv++;
		argc--;
	}
	if (argc != 6 && argc != 7)
		usage();
	host = argv[1];
	port = argv[2];
	ca = argv[3];
	user = argv[4];
	pass = argv[5];
	if (argc == 7)
		box = argv[6];
	/* A closed connection must end in a sentence, not a signal. */
	signal(SIGPIPE, SIG_IGN);

	t0 = now();
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		die_ssl("cannot make a TLS context");
	if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
		die_ssl("cannot load the CA file");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	fd = connect_tcp(host, port);
	if ((c.ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c.ssl, fd) != 1)
		die_ssl("cannot set up TLS");
	if (SSL_set_tlsext_host_name(c.ssl, host) != 1 || SSL_set1_host(c.ssl, host) != 1)
		die_ssl("cannot set the server name");
	if (SSL_connect(c.ssl) != 1)
		die_ssl("TLS handshake failed");

	read_line(&c);
	if (strncmp(c.line, "* OK", 4) != 0)
		die("unexpected greeting: %s", c.line);
	quser = quote(user);
	qpass = quote(pass);
	qbox = quote(box);
	send_cmd(&c, "a1 LOGIN %s %s\r\n", quser, qpass);
	wait_tagged(&c, "a1", "LOGIN");
	send_cmd(&c, "a2 SELECT %s\r\n", qbox);
	wait_tagged(&c, "a2", "SELECT");
	send_cmd(&c, "a3 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE %s)\r\n", items);
	fetches = wait_tagged(&c, "a3", "UID FETCH");
	send_cmd(&c, "a4 LOGOUT\r\n");
	wait_tagged(&c, "a4", "LOGOUT");

	printf("%.3f s %lu messages %llu bytes\n", now() - t0, fetches, c.bytes);
	SSL_free(c.ssl);
	close(fd);
	SSL_CTX_free(ctx);
	free(quser);
	free(qpass);
	free(qbox);
	free(c.line);
	return 0;
}
