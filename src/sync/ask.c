/* ask.c - asking for a password on the terminal when an account has no password_cmd: echo off, nothing kept. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sync/sync-internal.h"

tt_status
_sync_ask_password(const struct account *a, const char *user, char **secret,
    char **cause)
{
	struct termios old, quiet;
	struct buf b = BUF_INIT;
	char c;
	ssize_t n;
	int fd;

	*secret = NULL;
	/* Only a person at a terminal can answer; a script or the interface's
	 * child gets the sentence instead. */
	if (!isatty(STDIN_FILENO) || (fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) < 0)
		return tt_fail(cause, TT_EINVAL, _("account %s has no password_cmd or "
		    "oauth_token_cmd, and there is no terminal to ask on; set "
		    "password_cmd (tether.conf(5))"), a->name);
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return tt_fail(cause, TT_EIO, "%s", strerror(errno));
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	dprintf(fd, _("Password for %s (%s): "), a->name, user);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	while ((n = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r')
		buf_addc(&b, c);
	tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	if (b.len == 0) {
		buf_free(&b);
		return tt_fail(cause, TT_EAUTH, _("no password given for account %s"),
		    a->name);
	}
	*secret = buf_detach(&b);
	return TT_OK;
}
