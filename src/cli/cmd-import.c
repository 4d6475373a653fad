/* cmd-import.c - `tether import [--folder NAME] PATH...`: mbox, Maildir and .eml files into a local folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"
#include "ingest/ingest.h"

/* What one run of the command carries between files. */
struct import {
	struct cli_ctx *ctx;
	struct ingest *in;
	bool progress;          /* a terminal: show a live count */
	uint64_t started_ms;
	uint64_t shown_ms;
	const char *path;       /* the file being read, for messages */
};

static void
show_progress(struct import *im, bool force)
{
	const struct ingest_stats *s = ingest_stats(im->in);
	uint64_t now = time_mono_ms(), ms = now - im->started_ms;

	if (!im->progress || (!force && now - im->shown_ms < 250))
		return;
	im->shown_ms = now;
	fputc('\r', im->ctx->err);
	fprintf(im->ctx->err, ngettext_("importing %s: %zu message (%.0f/s)",
	    "importing %s: %zu messages (%.0f/s)", s->seen), im->path, s->seen,
	    ms > 0 ? (double)s->seen * 1000.0 / (double)ms : 0.0);
	fputs("\033[K", im->ctx->err);
	fflush(im->ctx->err);
}

static int
add(struct import *im, const char *raw, size_t len, unsigned flags, time_t when)
{
	char *cause = NULL;

	if (ingest_add(im->in, raw, len, flags, when, 0, &cause) != TT_OK) {
		if (im->progress)
			fputc('\n', im->ctx->err);
		cli_error(im->ctx, _("%s: %s"), im->path, cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	show_progress(im, false);
	return CLI_EXIT_OK;
}

/* The date of an mbox "From sender Www Mmm dd hh:mm:ss yyyy" line, or now. */
static time_t
from_line_date(const char *line, size_t len)
{
	char buf[256];
	const char *end;
	struct tm tm;
	size_t i;

	if (len >= sizeof buf)
		return time_now();
	memcpy(buf, line, len);
	buf[len] = '\0';
	/* The sender may hold spaces: try the date after each one. */
	for (i = 5; i < len; i++) {
		if (buf[i - 1] != ' ' || buf[i] == ' ')
			continue;
		memset(&tm, 0, sizeof tm);
		end = strptime(buf + i, "%a %b %d %H:%M:%S %Y", &tm);
		if (end != NULL && (*end == '\0' || *end == '\r' || *end == ' '))
			return timegm(&tm);
	}
	return time_now();
}

/*
 * Flags an mbox writer (mutt, …) kept in the message's own headers:
 * Status: R (read), X-Status: A (answered), F (flagged), D (deleted),
 * T (draft).  Only the header block is looked at.
 */
static unsigned
mbox_flags(const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len, *nl, *v;
	unsigned flags = 0;

	while (p < end && *p != '\n' && *p != '\r') {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		v = NULL;
		if ((size_t)(nl - p) > 7 && ascii_strncasecmp(p, "Status:", 7) == 0)
			v = p + 7;
		else if ((size_t)(nl - p) > 9 && ascii_strncasecmp(p, "X-Status:", 9) == 0)
			v = p + 9;
		for (; v != NULL && v < nl; v++) {
			switch (*v) {
			case 'R': flags |= MSG_SEEN; break;
			case 'A': flags |= MSG_ANSWERED; break;
			case 'F': flags |= MSG_FLAGGED; break;
			case 'D': flags |= MSG_DELETED; break;
			case 'T': flags |= MSG_DRAFT; break;
			}
		}
		p = nl + 1;
	}
	return flags;
}

/*
 * Splits an mbox at "From " lines, reading it as a stream so memory stays
 * at one message whatever the file's size.  Inside a message a line
 * ">From " (any number of >) loses one > (mboxrd; for mboxo it is right
 * for the single quoted level, which is all mboxo can hold).
 */
static int
import_mbox(struct import *im, FILE *fp)
{
	struct buf msg = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	time_t when = 0;
	bool in_message = false;
	int rc = CLI_EXIT_OK;
	const char *q;

	while (rc == CLI_EXIT_OK) {
		n = getline(&line, &cap, fp);
		if (n < 0 || (n >= 5 && memcmp(line, "From ", 5) == 0)) {
			/* The blank line before a separator belongs to the mbox. */
			if (msg.len >= 2 && msg.data[msg.len - 1] == '\n' &&
			    msg.data[msg.len - 2] == '\n')
				msg.len--;
			else if (msg.len >= 3 &&
			    memcmp(msg.data + msg.len - 3, "\n\r\n", 3) == 0)
				msg.len -= 2;
			if (in_message && msg.len > 0)
				rc = add(im, msg.data, msg.len,
				    mbox_flags(msg.data, msg.len), when);
			if (n < 0)
				break;
			buf_reset(&msg);
			when = from_line_date(line, (size_t)n);
			in_message = true;
			continue;
		}
		for (q = line; *q == '>'; q++)
			;
		if (q > line && (size_t)(n - (q - line)) >= 5 && memcmp(q, "From ", 5) == 0)
			buf_add(&msg, line + 1, (size_t)n - 1);
		else
			buf_add(&msg, line, (size_t)n);
	}
	if (rc == CLI_EXIT_OK && ferror(fp)) {
		cli_error(im->ctx, _("cannot read %s: %s"), im->path, strerror(errno));
		rc = CLI_EXIT_FAIL;
	}
	free(line);
	buf_free(&msg);
	return rc;
}

/* Maildir flags from the ":2,FLAGS" part of a file name. */
static unsigned
maildir_flags(const char *name, bool in_new)
{
	const char *info = strstr(name, ":2,");
	unsigned flags = 0;

	if (in_new || info == NULL)
		return 0;
	for (info += 3; *info != '\0'; info++) {
		switch (*info) {
		case 'S': flags |= MSG_SEEN; break;
		case 'R': flags |= MSG_ANSWERED; break;
		case 'F': flags |= MSG_FLAGGED; break;
		case 'T': flags |= MSG_DELETED; break;
		case 'D': flags |= MSG_DRAFT; break;
		}
	}
	return flags;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_file_bytes(struct import *im, const char *path, unsigned flags,
    bool single);

/* new/ then cur/, each in name order so runs are repeatable. */
static int
import_maildir(struct import *im, const char *dir)
{
	static const char *const subs[] = { "new", "cur" };
	struct dirent *de;
	char **names, *sub, *path;
	size_t n, i, k;
	int rc = CLI_EXIT_OK;
	DIR *d;

	for (k = 0; k < TT_ARRAY_LEN(subs) && rc == CLI_EXIT_OK; k++) {
		sub = path_join(dir, subs[k]);
		if ((d = opendir(sub)) == NULL) {
			free(sub);
			continue;
		}
		names = NULL;
		n = 0;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
		closedir(d);
		if (n > 0)
			qsort(names, n, sizeof *names, name_cmp);
		for (i = 0; i < n; i++) {
			if (rc == CLI_EXIT_OK) {
				path = path_join(sub, names[i]);
				rc = import_file_bytes(im, path,
				    maildir_flags(names[i], k == 0), true);
				free(path);
			}
			free(names[i]);
		}
		free(names);
		free(sub);
	}
	return rc;
}

/* One file: an mbox when it starts with "From ", else one message. */
static int
import_file_bytes(struct import *im, const char *path, unsigned flags, bool single)
{
	struct stat sb;
	const char *saved = im->path;
	char head[5], *data;
	size_t len;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "re")) == NULL || fstat(fileno(fp), &sb) != 0) {
		cli_error(im->ctx, _("cannot read %s: %s"), path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return CLI_EXIT_FAIL;
	}
	if (!S_ISREG(sb.st_mode)) {
		fclose(fp);
		cli_error(im->ctx, _("%s is not a regular file"), path);
		return CLI_EXIT_FAIL;
	}
	if (!single)
		im->path = path;
	if (!single && fread(head, 1, 5, fp) == 5 && memcmp(head, "From ", 5) == 0) {
		rewind(fp);
		rc = import_mbox(im, fp);
	} else {
		/* One message: read whole (messages are bounded, mboxes are not). */
		struct buf b = BUF_INIT;
		char chunk[65536];

		rewind(fp);
		while ((len = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&b, chunk, len);
		if (ferror(fp)) {
			cli_error(im->ctx, _("cannot read %s: %s"), path, strerror(errno));
			rc = CLI_EXIT_FAIL;
		} else if (b.len == 0)
			rc = CLI_EXIT_OK;
		else {
			data = b.data;
			rc = add(im, data, b.len, flags, (time_t)sb.st_mtime);
		}
		buf_free(&b);
	}
	fclose(fp);
	im->path = saved;
	return rc;
}

static int
import_path(struct import *im, const char *path)
{
	struct stat sb;
	char *cur, *new;
	bool maildir;

	if (stat(path, &sb) != 0) {
		cli_error(im->ctx, _("cannot read %s: %s"), path, strerror(errno));
		return CLI_EXIT_FAIL;
	}
	if (!S_ISDIR(sb.st_mode))
		return import_file_bytes(im, path, 0, false);
	cur = path_join(path, "cur");
	new = path_join(path, "new");
	maildir = access(cur, F_OK) == 0 || access(new, F_OK) == 0;
	free(cur);
	free(new);
	if (!maildir) {
		cli_error(im->ctx, _("%s is a directory but not a Maildir (it has no "
		    "cur/ or new/); give the Maildir, an mbox file or .eml files"), path);
		return CLI_EXIT_FAIL;
	}
	im->path = path;
	return import_maildir(im, path);
}

static int
cmd_import_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *folder = "Local";
	struct import im = { .ctx = ctx };
	struct config *cfg = NULL;
	struct store *st = NULL;
	const char **own = NULL;
	int64_t account, folder_id;
	struct ingest_stats s = { 0 };
	size_t done;
	char *cause = NULL;
	size_t i;
	int first = 1, rc;
	double secs;

	if (argc > 2 && strcmp(argv[1], "--folder") == 0) {
		folder = argv[2];
		first = 3;
	}
	if (first >= argc || argv[first][0] == '-') {
		cli_usage(ctx->err, &cli_cmd_import);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	own = xcalloc(cfg->naccounts + 1, sizeof *own);
	for (i = 0; i < cfg->naccounts; i++)
		own[i] = cfg->accounts[i]->email != NULL ? cfg->accounts[i]->email : "";
	if (store_account_ensure(st, STORE_LOCAL_ACCOUNT, NULL, &account, &cause) != TT_OK ||
	    store_folder_ensure(st, account, folder, NULL, &folder_id, &cause) != TT_OK ||
	    ingest_open(st, account, folder_id, own, cfg->naccounts, &im.in, &cause) != TT_OK ||
	    ingest_link(im.in, NULL, cfg->general.link_mode == LINK_MODE_AUTO,
	    &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		free(own);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	im.progress = isatty(fileno(ctx->err));
	im.started_ms = time_mono_ms();
	for (i = (size_t)first; (int)i < argc && rc == CLI_EXIT_OK; i++) {
		im.path = argv[i];
		rc = import_path(&im, argv[i]);
	}
	/* What was committed stays even when a later file failed. */
	if (ingest_close(&im.in, &s, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	}
	if (im.progress)
		fputs("\r\033[K", ctx->err);
	secs = (double)(time_mono_ms() - im.started_ms) / 1000.0;
	/* Only what was committed counts: after a failure, fewer than seen. */
	done = s.added + s.duplicates + s.linked;
	fprintf(ctx->out, ngettext_("imported %zu message into %s in %.1f s "
	    "(%.0f/s): ", "imported %zu messages into %s in %.1f s (%.0f/s): ",
	    done), done, folder, secs, secs > 0 ? (double)done / secs : 0.0);
	/* TRANSLATORS: "from another folder": the same message was already
	 * stored in another folder and is now filed here too. */
	fprintf(ctx->out, _("%zu new, %zu already there, %zu added to this folder "
	    "from another folder, %zu kept raw (unreadable)\n"),
	    s.added - s.unparsed, s.duplicates, s.linked, s.unparsed);
	if (s.screened > 0)
		fprintf(ctx->out, ngettext_("%zu message screened: its sender is "
		    "blocked (tether block list --screened)\n", "%zu messages "
		    "screened: their senders are blocked (tether block list "
		    "--screened)\n", s.screened), s.screened);
	free(own);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_import = {
	"import", "[--folder NAME] PATH...",
	N_("import mbox files, Maildirs and .eml files into a local folder"),
	cmd_import_exec,
};
