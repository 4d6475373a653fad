/* setup.c - the interface's account setup: a provider preset, the address, the password command, a test with tether doctor, and the config written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curses.h>

#include "config/config.h"
#include "ui/ui-internal.h"

/* Shows lines of text full screen under a title (erasing what was there). */
static void
show(const char *title, const struct buf *body, int rows, int cols)
{
	const char *p, *nl;
	char *fit;
	int y = 2;

	erase();
	fit = _ui_field(title, cols, false, false);
	attron(A_BOLD);
	mvaddstr(0, 0, fit);
	attroff(A_BOLD);
	free(fit);
	for (p = body->data != NULL ? body->data : ""; *p != '\0' && y < rows - 2;
	    p = nl != NULL ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		{
			char *line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));

			fit = _ui_field(line, cols, false, false);
			mvaddstr(y++, 0, fit);
			free(fit);
			free(line);
		}
		if (nl == NULL)
			break;
	}
	refresh();
}

/*
 * Runs "tether --config FILE doctor NAME" and collects its output: the
 * checks open sockets, which the interface leaves to the core, and take
 * seconds, which a child takes while the screen says so.
 */
static int
run_doctor(const char *config, const char *name, struct buf *out)
{
	int pipefd[2], status = 0;
	char chunk[1024];
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		execl("/proc/self/exe", "tether", "--config", config, "doctor", name,
		    (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], chunk, sizeof chunk)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0)
			buf_add(out, chunk, (size_t)n);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Whether the doctor's report has a failed SMTP step. */
static bool
smtp_failed(const struct buf *report)
{
	const char *p = buf_str(report), *nl;

	for (; *p != '\0'; p = nl != NULL ? nl + 1 : p + strlen(p)) {
		char *line;
		bool bad;

		nl = strchr(p, '\n');
		line = nl != NULL ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		bad = strstr(line, _("FAIL")) != NULL && strstr(line, "SMTP") != NULL;
		free(line);
		if (bad)
			return true;
	}
	return false;
}

/*
 * CONN-07: SMTP failed on the first port: the other pair (587 with
 * STARTTLS for 465 with TLS, and back) is tried, and kept in the account
 * when it works.  Returns the doctor's status with the pair kept.
 */
static int
try_other_port(const char *tmp, const char *name, const struct provider *chosen,
    struct buf *text, struct buf *report)
{
	struct buf alt_text = BUF_INIT, alt_report = BUF_INIT;
	int port = 587, rc;
	const char *security = "starttls";
	FILE *fp;

	if (chosen != NULL && chosen->smtp_port == 587) {
		port = 465;
		security = "tls";
	} else if (chosen != NULL && chosen->smtp_alt_port != 0) {
		port = chosen->smtp_alt_port;
		security = chosen->smtp_alt_security == SMTP_STARTTLS ? "starttls" : "tls";
	}
	buf_adds(&alt_text, buf_str(text));
	buf_addf(&alt_text, "smtp_port = %d\nsmtp_security = %s\n", port, security);
	if ((fp = fopen(tmp, "we")) == NULL) {
		buf_free(&alt_text);
		return 1;
	}
	fputs(buf_str(&alt_text), fp);
	fclose(fp);
	rc = run_doctor(tmp, name, &alt_report);
	if (!smtp_failed(&alt_report)) {
		buf_reset(text);
		buf_adds(text, buf_str(&alt_text));
		buf_reset(report);
		buf_adds(report, buf_str(&alt_report));
		buf_addf(report, _("\nSMTP did not work on the first port; port %d with %s "
		    "does, and the account uses it."), port, strcmp(security, "tls") == 0 ?
		    "TLS" : "STARTTLS");
	} else {
		buf_addf(report, _("\nSMTP on port %d with %s did not work either."), port,
		    strcmp(security, "tls") == 0 ? "TLS" : "STARTTLS");
		rc = 1;
	}
	buf_free(&alt_text);
	buf_free(&alt_report);
	return rc;
}

/* An account name from the address's domain ("example" of a@example.com). */
static char *
name_from(const char *email)
{
	const char *at = strchr(email, '@');
	struct buf b = BUF_INIT;

	for (at = at != NULL ? at + 1 : email; *at != '\0' && *at != '.'; at++) {
		if ((*at >= 'a' && *at <= 'z') || (*at >= '0' && *at <= '9') ||
		    *at == '-' || *at == '_')
			buf_addc(&b, *at);
		else if (*at >= 'A' && *at <= 'Z')
			buf_addc(&b, (char)(*at + 32));
	}
	return b.len > 0 ? buf_detach(&b) : (buf_free(&b), xstrdup("mail"));
}

bool
_ui_setup(const char *config_path, char *(*ask)(void *arg, const char *label),
    void *arg, int rows, int cols, char **msg)
{
	const struct provider *pv;
	struct buf b = BUF_INIT, text = BUF_INIT, report = BUF_INIT;
	char *choice = NULL, *email = NULL, *user = NULL, *cmd = NULL, *imap = NULL,
	    *smtp = NULL, *name = NULL, *tmp = NULL, *yes = NULL, *sender = NULL;
	const struct provider *chosen = NULL;
	struct config *cfg = NULL;
	struct stat sb;
	size_t np, i;
	bool done = false;
	FILE *fp;
	int rc;

	pv = config_providers(&np);
	buf_adds(&b, _("tether reads your mail over IMAP (with TLS only) and sends it over "
	    "SMTP.\nPick your provider by its number, or press Enter for another "
	    "server.\n\n"));
	for (i = 0; i < np; i++)
		buf_addf(&b, "%3zu  %s\n", i + 1, pv[i].label);
	show(_("Set up an account"), &b, rows, cols);
	if ((choice = ask(arg, _("Provider (number, Enter for another):"))) == NULL)
		goto out;
	if (choice[0] != '\0') {
		i = (size_t)strtoul(choice, NULL, 10);
		if (i < 1 || i > np) {
			*msg = xasprintf(_("there is no provider %s in the list"), choice);
			goto out;
		}
		chosen = &pv[i - 1];
	}
	if ((email = ask(arg, _("Your address:"))) == NULL || email[0] == '\0')
		goto out;
	/* SNDR-01: the name recipients see beside the address. */
	if ((sender = ask(arg, _("Your name as recipients see it (Enter: none):"))) == NULL)
		goto out;
	if ((user = ask(arg, _("User name (Enter: the address):"))) == NULL)
		goto out;
	if (chosen == NULL || chosen->imap_host == NULL) {
		if ((imap = ask(arg, _("IMAP server (its name; port 993 with TLS):"))) == NULL ||
		    (smtp = ask(arg, _("SMTP server (its name; port 465 with TLS):"))) == NULL)
			goto out;
	}
	if ((cmd = ask(arg, _("Password command (it prints the password, e.g. pass show mail/work):"))) == NULL)
		goto out;
	name = name_from(email);
	buf_addf(&text, "\n[account %s]\n", name);
	if (chosen != NULL && chosen->imap_host != NULL)
		buf_addf(&text, "provider = %s\n", chosen->id);
	else
		buf_addf(&text, "imap_host = %s\nsmtp_host = %s\n", imap, smtp);
	buf_addf(&text, "email = %s\n", email);
	if (sender[0] != '\0')
		buf_addf(&text, "name = %s\n", sender);
	if (user[0] != '\0')
		buf_addf(&text, "username = %s\n", user);
	if (cmd[0] != '\0')
		buf_addf(&text, "password_cmd = %s\n", cmd);
	/* Checked as the whole file will be, before a byte is written. */
	cfg = config_parse(_("the new account"), text.data, text.len);
	if (config_count(cfg, DIAG_ERROR) > 0) {
		*msg = xstrdup(cfg->diags[0].message);
		goto out;
	}
	tmp = xasprintf("%s.setup.%ld", config_path, (long)getpid());
	if ((fp = fopen(tmp, "we")) == NULL) {
		*msg = xasprintf(_("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	fchmod(fileno(fp), 0600);
	fputs(text.data, fp);
	fclose(fp);
	buf_free(&b);
	buf_adds(&b, _("Testing the connection (tether doctor)...\n"));
	show(_("Set up an account"), &b, rows, cols);
	rc = run_doctor(tmp, name, &report);
	if (rc != 0 && smtp_failed(&report))
		rc = try_other_port(tmp, name, chosen, &text, &report);
	buf_adds(&report, rc == 0 ? _("\nEverything works.") :
	    _("\nSomething does not work yet (above); the account can be saved "
	    "anyway and fixed in the config file."));
	show(_("Set up an account"), &report, rows, cols);
	if ((yes = ask(arg, _("Save this account? (y/n)"))) == NULL ||
	    (yes[0] != 'y' && yes[0] != 'Y'))
		goto out;
	/* Appended to the file (made 0600 if new); nothing else in it moves. */
	if ((fp = fopen(config_path, "ae")) == NULL) {
		*msg = xasprintf(_("cannot write %s: %s"), config_path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(fp), &sb) == 0 && sb.st_size == 0)
		fchmod(fileno(fp), 0600);
	fputs(text.data, fp);
	if (fclose(fp) != 0) {
		*msg = xasprintf(_("cannot write %s: %s"), config_path, strerror(errno));
		goto out;
	}
	*msg = xasprintf(_("account %s saved in %s; the sync starts"), name,
	    config_path);
	done = true;
out:
	if (tmp != NULL)
		unlink(tmp);
	config_free(&cfg);
	buf_free(&b);
	buf_free(&text);
	buf_free(&report);
	free(choice);
	free(email);
	free(user);
	free(cmd);
	free(imap);
	free(smtp);
	free(name);
	free(tmp);
	free(yes);
	free(sender);
	return done;
}
