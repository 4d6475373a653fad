/* cmd-save-attachment.c - `tether save-attachment ID N DIR`: one attachment to a file, never over another. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"

/* Creates dir/name, or "name (2).ext", … when taken; O_EXCL so nothing is
 * ever replaced, even by a race. */
static int
create_unique(const char *dir, const char *name, char **path)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot != NULL && dot != name ? (size_t)(dot - name) : strlen(name);
	int fd, n;

	for (n = 1; n < 1000; n++) {
		char *file = n == 1 ? xstrdup(name) : xasprintf("%.*s (%d)%s",
		    (int)stem, name, n, name + stem);

		*path = path_join(dir, file);
		free(file);
		fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		    0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*path);
		*path = NULL;
	}
	errno = EEXIST;
	return -1;
}

static int
cmd_save_attachment_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_message m;
	struct store *st = NULL;
	char *cause = NULL, *raw = NULL, *data = NULL, *name = NULL, *path = NULL;
	size_t len, size;
	int64_t id, number;
	struct stat sb;
	int rc = CLI_EXIT_FAIL, fd;

	if (argc != 4) {
		cli_usage(ctx->err, &cli_cmd_save_attachment);
		return CLI_EXIT_USAGE;
	}
	if (!cli_parse_id(ctx, _("the message id"), argv[1], &id) ||
	    !cli_parse_id(ctx, _("the attachment number"), argv[2], &number))
		return CLI_EXIT_USAGE;
	if (stat(argv[3], &sb) != 0) {
		cli_error(ctx, _("cannot save into %s: %s"), argv[3], strerror(errno));
		return CLI_EXIT_FAIL;
	}
	if (!S_ISDIR(sb.st_mode)) {
		cli_error(ctx, _("%s is not a directory; give the directory to save "
		    "into"), argv[3]);
		return CLI_EXIT_FAIL;
	}
	if ((rc = cli_open_store(ctx, NULL, &st)) != CLI_EXIT_OK)
		return rc;
	rc = CLI_EXIT_FAIL;
	if (store_message_get(st, id, true, &m, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		store_close(&st);
		return CLI_EXIT_FAIL;
	}
	if (m.natts == 0) {
		cli_error(ctx, _("message %lld has no attachments"), (long long)id);
		goto out;
	}
	if ((size_t)number > m.natts) {
		cli_error(ctx, ngettext_("message %lld has no attachment %lld: it has "
		    "%zu (tether attachments %lld lists it)", "message %lld has no "
		    "attachment %lld: it has %zu (tether attachments %lld lists them)",
		    m.natts), (long long)id, (long long)number, m.natts, (long long)id);
		goto out;
	}
	if (store_raw_get(st, id, &raw, &len, &cause) != TT_OK ||
	    mime_attachment_bytes(raw, len, (size_t)number - 1, &data, &size,
	    &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		goto out;
	}
	name = path_safe_filename(m.atts[number - 1].filename, (size_t)number);
	if ((fd = create_unique(argv[3], name, &path)) < 0) {
		cli_error(ctx, _("cannot create a file for %s in %s: %s"), name,
		    argv[3], strerror(errno));
		goto out;
	}
	if (write(fd, data, size) != (ssize_t)size || close(fd) != 0) {
		cli_error(ctx, _("cannot write %s: %s"), path, strerror(errno));
		unlink(path);
		goto out;
	}
	fprintf(ctx->out, _("saved %s (%zu bytes)\n"), path, size);
	rc = CLI_EXIT_OK;
out:
	free(path);
	free(name);
	free(data);
	free(raw);
	store_message_clear(&m);
	store_close(&st);
	return rc;
}

const struct cli_cmd cli_cmd_save_attachment = {
	"save-attachment", "ID N DIR",
	N_("save attachment N of a message into DIR (never over an existing file)"),
	cmd_save_attachment_exec,
};
