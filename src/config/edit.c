/* edit.c - one account key changed in the config file in place: the rest of the file, its comments and its mode stay as they were. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config-internal.h"

/* [account NAME] on this line (spaces allowed around the words)? */
static bool
is_section(const char *line, size_t len, const char *account)
{
	const char *p = line, *end = line + len;
	size_t n = strlen(account);

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '[')
		return false;
	for (p++; p < end && *p == ' '; p++)
		;
	if ((size_t)(end - p) < 7 || strncmp(p, "account", 7) != 0)
		return false;
	for (p += 7; p < end && *p == ' '; p++)
		;
	if ((size_t)(end - p) < n || strncmp(p, account, n) != 0)
		return false;
	for (p += n; p < end && *p == ' '; p++)
		;
	return p < end && *p == ']';
}

/* The key of a "key = value" line, or false. */
static bool
is_key(const char *line, size_t len, const char *key)
{
	const char *p = line, *end = line + len;
	size_t n = strlen(key);

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < n || strncmp(p, key, n) != 0)
		return false;
	for (p += n; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p < end && *p == '=';
}

tt_status
config_file_set(const char *path, const char *account, const char *key,
    const char *value, char **cause)
{
	struct buf out = BUF_INIT;
	struct config *check;
	struct stat sb;
	char *text = NULL, *tmp = NULL;
	const char *p, *nl, *end;
	size_t len = 0;
	bool in = false, found_section = false, done = false;
	size_t insert_at = 0;
	FILE *fp;
	tt_status r;

	if (config_option_find(SECTION_ACCOUNT, key) == NULL)
		return tt_fail(cause, TT_EINVAL, _("an account has no key \"%s\" "
		    "(tether.conf(5) lists them)"), key);
	if (strpbrk(value, "\r\n") != NULL)
		return tt_fail(cause, TT_EINVAL, _("a value is one line"));
	if ((r = file_read_all(path, (size_t)1024 * 1024, &text, &len, cause)) != TT_OK)
		return r;
	end = text + len;
	for (p = text; p < end; p = nl + 1) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[0] == '[') {
			/* Leaving the section without the key: it goes after
			 * the section's last line, before the blank ones. */
			if (in && !done) {
				char *rest = xstrdup(buf_str(&out) + insert_at);

				out.len = insert_at;
				out.data[out.len] = '\0';
				buf_addf(&out, "%s = %s\n", key, value);
				buf_adds(&out, rest);
				free(rest);
				done = true;
			}
			in = is_section(p, n, account);
			found_section |= in;
		} else if (in && !done && is_key(p, n, key)) {
			buf_addf(&out, "%s = %s\n", key, value);
			insert_at = out.len;
			done = true;
			continue;
		}
		buf_add(&out, p, n);
		if (nl < end)
			buf_addc(&out, '\n');
		if (in && n > strspn(p, " \t\r") && n > 0)
			insert_at = out.len;
		if (nl == end)
			break;
	}
	if (in && !done) {
		char *rest = xstrdup(buf_str(&out) + insert_at);

		out.len = insert_at;
		if (out.data != NULL)
			out.data[out.len] = '\0';
		if (out.len > 0 && out.data[out.len - 1] != '\n')
			buf_addc(&out, '\n');
		buf_addf(&out, "%s = %s\n", key, value);
		buf_adds(&out, rest);
		free(rest);
		done = true;
	}
	free(text);
	if (!found_section) {
		buf_free(&out);
		return tt_fail(cause, TT_ENOTFOUND, _("%s has no [account %s]"), path, account);
	}
	/* The value must pass the checks a file's value passes (problems the
	 * account had before are not this change's). */
	check = config_parse(path, buf_str(&out), out.len);
	for (size_t i = 0; i < check->ndiags; i++) {
		const struct config_diag *d = &check->diags[i];

		if (d->level == DIAG_ERROR && d->account != NULL && d->key != NULL &&
		    strcmp(d->account, account) == 0 && strcmp(d->key, key) == 0) {
			tt_fail(cause, TT_EINVAL, "%s", d->message);
			config_free(&check);
			buf_free(&out);
			return TT_EINVAL;
		}
	}
	config_free(&check);
	/* A new file beside it, then rename: never half a config. */
	tmp = xasprintf("%s.new.%ld", path, (long)getpid());
	if ((fp = fopen(tmp, "we")) == NULL) {
		r = tt_fail(cause, TT_EIO, _("cannot write %s: %s"), tmp, strerror(errno));
		goto fail;
	}
	fchmod(fileno(fp), stat(path, &sb) == 0 ? sb.st_mode & 07777 : 0600);
	if (fwrite(out.data, 1, out.len, fp) != out.len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		r = tt_fail(cause, TT_EIO, _("cannot write %s: %s"), tmp, strerror(errno));
		fclose(fp);
		goto fail;
	}
	fclose(fp);
	if (rename(tmp, path) != 0) {
		r = tt_fail(cause, TT_EIO, _("cannot replace %s: %s"), path, strerror(errno));
		goto fail;
	}
	free(tmp);
	buf_free(&out);
	return TT_OK;
fail:
	unlink(tmp);
	free(tmp);
	buf_free(&out);
	return r;
}
