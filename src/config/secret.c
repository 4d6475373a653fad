/* secret.c - running password_cmd and oauth_token_cmd without a shell, keeping the first line. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.h"

/* A secret longer than this is not a password or a token. */
#define SECRET_MAX_OUTPUT (64 * 1024)
/* Long enough to type a passphrase into a password manager's prompt. */
#define SECRET_TIMEOUT_MS (120 * 1000)

tt_status
config_split_words(const char *cmdline, char ***argvp, char **cause)
{
	struct buf word = BUF_INIT;
	char **argv = NULL;
	size_t argc = 0;
	const char *p = cmdline;
	bool in_word = false;
	char quote = 0;

	*argvp = NULL;
	for (;; p++) {
		if (quote == 0 && (*p == '\0' || *p == ' ' || *p == '\t')) {
			if (in_word) {
				argv = xreallocarray(argv, argc + 2, sizeof *argv);
				argv[argc++] = buf_detach(&word);
				argv[argc] = NULL;
				in_word = false;
			}
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '\0') {
			buf_free(&word);
			*argvp = argv;
			config_free_words(argvp);
			return tt_fail(cause, TT_EINVAL,
			    _("the command has an unbalanced %c quote"), quote);
		}
		in_word = true;
		if (quote == 0 && (*p == '\'' || *p == '"')) {
			quote = *p;
		} else if (quote != 0 && *p == quote) {
			quote = 0;
		} else if (quote != '\'' && *p == '\\' && p[1] != '\0') {
			/* Inside "…" a backslash escapes only " and \, as in sh. */
			if (quote == 0 || p[1] == '"' || p[1] == '\\')
				p++;
			buf_addc(&word, *p);
		} else
			buf_addc(&word, *p);
	}
	buf_free(&word);
	if (argc == 0)
		return tt_fail(cause, TT_EINVAL, _("the command is empty"));
	*argvp = argv;
	return TT_OK;
}

void
config_free_words(char ***argvp)
{
	char **argv = *argvp;
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	*argvp = NULL;
}

enum read_result { READ_OK, READ_TOO_LONG, READ_TIMEOUT };

/*
 * Reads the child's stdout to EOF, keeping at most SECRET_MAX_OUTPUT bytes,
 * for at most SECRET_TIMEOUT_MS: a password manager may ask for a
 * passphrase, but a command that never ends must not hang tether.
 */
static enum read_result
read_output(int fd, struct buf *out, int timeout_ms)
{
	uint64_t deadline = time_mono_ms() + (uint64_t)timeout_ms, now;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	bool too_long = false;
	char chunk[4096];
	ssize_t n;
	int ready;

	for (;;) {
		now = time_mono_ms();
		if (now >= deadline)
			return READ_TIMEOUT;
		ready = poll(&pfd, 1, (int)(deadline - now));
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0)
			return READ_TIMEOUT;
		if (ready < 0)
			break;
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len + (size_t)n > SECRET_MAX_OUTPUT)
			too_long = true;
		else
			buf_add(out, chunk, (size_t)n);
	}
	return too_long ? READ_TOO_LONG : READ_OK;
}

tt_status
config_run_secret_cmd(const char *cmdline, const char *what, char **secret,
    char **cause)
{
	struct buf out = BUF_INIT;
	char **argv = NULL, *nl, *msg = NULL;
	int outp[2], errp[2], child_errno = 0, status;
	enum read_result got;
	const char *env = getenv("TETHER_SECRET_TIMEOUT_MS");
	/* Tests shorten the wait; nothing else should need to. */
	int timeout_ms = env != NULL && atoi(env) > 0 ? atoi(env) : SECRET_TIMEOUT_MS;
	ssize_t n;
	pid_t pid;

	*secret = NULL;
	if (config_split_words(cmdline, &argv, &msg) != TT_OK) {
		tt_fail(cause, TT_EINVAL, "%s: %s", what, msg);
		free(msg);
		return TT_EINVAL;
	}
	/* errp carries execvp's errno back, so "not found" is told apart from
	 * a command that ran and failed; CLOEXEC closes it on a good exec. */
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		config_free_words(&argv);
		return tt_fail(cause, TT_ECMD, _("%s: cannot create a pipe: %s"), what,
		    strerror(errno));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(outp[0]); close(outp[1]); close(errp[0]); close(errp[1]);
		config_free_words(&argv);
		return tt_fail(cause, TT_ECMD, _("%s: cannot start a process: %s"),
		    what, strerror(errno));
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(outp[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		child_errno = errno;
		n = write(errp[1], &child_errno, sizeof child_errno);
		(void)n;
		_exit(127);
	}
	close(outp[1]);
	close(errp[1]);
	got = read_output(outp[0], &out, timeout_ms);
	close(outp[0]);
	if (got == READ_TIMEOUT)
		kill(pid, SIGKILL);
	n = read(errp[0], &child_errno, sizeof child_errno);
	close(errp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == READ_TIMEOUT) {
		int secs = (timeout_ms + 999) / 1000;

		tt_fail(cause, TT_ECMD, ngettext_("%s did not finish within %d second; "
		    "run it by hand to see what it waits for: %s", "%s did not finish "
		    "within %d seconds; run it by hand to see what it waits for: %s",
		    secs), what, secs, cmdline);
		goto fail;
	}
	if (n == (ssize_t)sizeof child_errno) {
		tt_fail(cause, TT_ECMD, _("%s: cannot run \"%s\": %s"), what, argv[0],
		    strerror(child_errno));
		goto fail;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			tt_fail(cause, TT_ECMD, _("%s was killed by signal %d; run it by "
			    "hand to see why: %s"), what, WTERMSIG(status), cmdline);
		else
			tt_fail(cause, TT_ECMD, _("%s failed (exit status %d); run it by "
			    "hand to see why: %s"), what, WEXITSTATUS(status), cmdline);
		goto fail;
	}
	if (got == READ_TOO_LONG) {
		tt_fail(cause, TT_ECMD, _("%s printed more than %d bytes, which is "
		    "not a password or a token"), what, SECRET_MAX_OUTPUT);
		goto fail;
	}
	if ((nl = memchr(buf_str(&out), '\n', out.len)) != NULL)
		*nl = '\0';
	if ((nl = strchr(buf_str(&out), '\r')) != NULL)
		*nl = '\0';
	if (buf_str(&out)[0] == '\0') {
		tt_fail(cause, TT_ECMD, _("%s printed an empty first line; it must "
		    "print the secret on its first line"), what);
		goto fail;
	}
	config_free_words(&argv);
	*secret = xstrdup(buf_str(&out));
	explicit_bzero(out.data, out.len);
	buf_free(&out);
	return TT_OK;
fail:
	config_free_words(&argv);
	if (out.data != NULL)
		explicit_bzero(out.data, out.len);
	buf_free(&out);
	return TT_ECMD;
}
