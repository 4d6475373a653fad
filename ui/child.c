/* child.c - the sync engine as the interface's child: tether sync --watch --events, its event lines read, and the wake-up pipe written. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui/ui-internal.h"

bool
_ui_child_start(struct ui_child *c, const struct paths *paths,
    const char *account, char **cause)
{
	int in[2], out[2];
	const char *argv[10];
	int n = 0;

	memset(c, 0, sizeof *c);
	c->pid = -1;
	c->to = c->from = -1;
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		(void)tt_fail(cause, TT_EIO, _("cannot start the sync: %s"),
		    strerror(errno));
		return false;
	}
	argv[n++] = "tether";
	if (paths->profile != NULL) {
		argv[n++] = "--profile";
		argv[n++] = paths->profile;
	}
	argv[n++] = "--config";
	argv[n++] = paths->config_file;
	argv[n++] = "sync";
	argv[n++] = account;
	argv[n++] = "--watch";
	argv[n++] = "--events";
	argv[n] = NULL;
	c->pid = fork();
	if (c->pid < 0) {
		(void)tt_fail(cause, TT_EIO, _("cannot start the sync: %s"),
		    strerror(errno));
		return false;
	}
	if (c->pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		/* Its one-line errors arrive as events; the rest must not
		 * scribble over the screen. */
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->to = in[1];
	c->from = out[0];
	fcntl(c->from, F_SETFL, fcntl(c->from, F_GETFL) | O_NONBLOCK);
	return true;
}

void
_ui_child_wake(struct ui_child *c, const char *line)
{
	const char *s = line != NULL ? line : "\n";
	ssize_t n;

	if (c->to < 0)
		return;
	/* A full pipe means a wake-up is pending already. */
	n = write(c->to, s, strlen(s));
	(void)n;
}

char *
_ui_child_line(struct ui_child *c, bool *eof)
{
	char chunk[4096], *nl, *line;
	ssize_t n;

	*eof = false;
	for (;;) {
		if (c->buf.data != NULL && (nl = memchr(c->buf.data, '\n',
		    c->buf.len)) != NULL) {
			line = xstrndup(c->buf.data, (size_t)(nl - c->buf.data));
			memmove(c->buf.data, nl + 1, c->buf.len - (size_t)(nl + 1 -
			    c->buf.data));
			c->buf.len -= (size_t)(nl + 1 - c->buf.data);
			c->buf.data[c->buf.len] = '\0';
			return line;
		}
		if (c->from < 0)
			return NULL;
		n = read(c->from, chunk, sizeof chunk);
		if (n > 0) {
			buf_add(&c->buf, chunk, (size_t)n);
			continue;
		}
		if (n == 0) {
			*eof = true;
			close(c->from);
			c->from = -1;
		}
		return NULL;
	}
}

void
_ui_child_stop(struct ui_child *c)
{
	int status;

	if (c->to >= 0)
		close(c->to);
	if (c->from >= 0)
		close(c->from);
	c->to = c->from = -1;
	/* The end of its stdin ends the watch; a stuck one is not waited on. */
	if (c->pid > 0) {
		int i;

		for (i = 0; i < 20 && waitpid(c->pid, &status, WNOHANG) == 0; i++)
			usleep(50000);
		if (i == 20) {
			kill(c->pid, SIGTERM);
			waitpid(c->pid, &status, 0);
		}
	}
	c->pid = -1;
	buf_free(&c->buf);
}
