/* net-probe.c - drives src/net for the integration tests: connect, print the greeting or the one-sentence error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "net/net.h"

/*
 * A loopback port that accepts TCP but never speaks (--silent), or that
 * nothing listens on any more (--closed): cases no real server gives on
 * demand.  Returns the port; the listening socket stays open for --silent.
 */
static int
local_port(bool keep_listening)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, 4) != 0 || getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		return -1;
	if (!keep_listening)
		close(fd);
	return ntohs(sa.sin_port);
}

int
main(int argc, char **argv)
{
	struct net_tls_opts o = { .io_timeout_ms = 5000, .connect_timeout_ms = 5000 };
	struct net_conn *c = NULL;
	char *cause = NULL, *fp, buf[4096], *safe;
	const char *send = NULL;
	size_t got;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc)
			o.ca_file = argv[++i];
		else if (strcmp(argv[i], "--pin") == 0 && i + 1 < argc)
			o.fingerprint = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			o.connect_timeout_ms = o.io_timeout_ms = atoi(argv[++i]);
		else if (strcmp(argv[i], "--send") == 0 && i + 1 < argc)
			send = argv[++i];
		else if (strcmp(argv[i], "--silent") == 0) {
			o.host = "127.0.0.1";
			o.port = local_port(true);
		} else if (strcmp(argv[i], "--closed") == 0) {
			o.host = "127.0.0.1";
			o.port = local_port(false);
		} else if (o.host == NULL)
			o.host = argv[i];
		else if (o.port == 0)
			o.port = atoi(argv[i]);
		else {
			fprintf(stderr, "usage: net-probe HOST PORT [--ca F] [--pin FP] "
			    "[--timeout MS] [--send LINE] | --silent | --closed\n");
			return 2;
		}
	}
	if (o.host == NULL || o.port <= 0) {
		fprintf(stderr, "net-probe: need HOST and PORT\n");
		return 2;
	}
	if (net_connect_tls(&o, &c, &cause) != TT_OK) {
		printf("error: %s\n", cause);
		free(cause);
		return 1;
	}
	fp = net_peer_fingerprint(c);
	printf("connected %s\n", fp);
	free(fp);
	if (net_read(c, buf, sizeof buf - 1, &got, &cause) == TT_OK) {
		buf[got] = '\0';
		safe = utf8_terminal_safe(buf, got, true);
		printf("greeting %s", safe);
		free(safe);
	}
	if (send != NULL) {
		snprintf(buf, sizeof buf, "%s\r\n", send);
		if (net_write(c, buf, strlen(buf), &cause) == TT_OK &&
		    net_read(c, buf, sizeof buf - 1, &got, &cause) == TT_OK) {
			buf[got] = '\0';
			safe = utf8_terminal_safe(buf, got, true);
			printf("reply %s", safe);
			free(safe);
		}
	}
	free(cause);
	net_close(&c);
	return 0;
}
