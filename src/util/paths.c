/* paths.c - where a setup's files live (profile or XDG), mkdir -p, whole-file reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

char *
path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	if (name[0] == '/')
		return xstrdup(name);
	if (len > 0 && dir[len - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

char *
path_absolute(const char *path)
{
	char *cwd, *abs;

	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (cwd == NULL)
		return xstrdup(path);
	abs = path_join(cwd, path);
	free(cwd);
	return abs;
}

char *
path_expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (strncmp(path, "~/", 2) == 0 && home != NULL && *home != '\0')
		return path_join(home, path + 2);
	return xstrdup(path);
}

/* $VAR when it is an absolute path (the XDG rule), else $HOME/fallback. */
static tt_status
xdg_dir(const char *var, const char *fallback, char **out, char **cause)
{
	const char *v = getenv(var), *home;
	char *base;

	if (v != NULL && v[0] == '/') {
		*out = path_join(v, "tether");
		return TT_OK;
	}
	home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return tt_fail(cause, TT_EINVAL,
		    _("neither $%s nor $HOME is an absolute path, so tether cannot "
		    "tell where its files go; set HOME or use --profile DIR"), var);
	base = path_join(home, fallback);
	*out = path_join(base, "tether");
	free(base);
	return TT_OK;
}

tt_status
paths_resolve(const char *profile, const char *config_file, struct paths *out,
    char **cause)
{
	char *config_dir = NULL;
	tt_status st;

	memset(out, 0, sizeof *out);
	if (profile == NULL || *profile == '\0')
		profile = getenv("TETHER_PROFILE");
	if (profile != NULL && *profile != '\0') {
		out->profile = path_absolute(profile);
		out->data_dir = xstrdup(out->profile);
		out->state_dir = xstrdup(out->profile);
		config_dir = xstrdup(out->profile);
	} else {
		if ((st = xdg_dir("XDG_CONFIG_HOME", ".config", &config_dir, cause)) != TT_OK ||
		    (st = xdg_dir("XDG_DATA_HOME", ".local/share", &out->data_dir, cause)) != TT_OK ||
		    (st = xdg_dir("XDG_STATE_HOME", ".local/state", &out->state_dir, cause)) != TT_OK) {
			free(config_dir);
			paths_clear(out);
			return st;
		}
	}
	if (config_file != NULL && *config_file != '\0')
		out->config_file = path_absolute(config_file);
	else
		out->config_file = path_join(config_dir, "config");
	free(config_dir);
	out->log_file = path_join(out->state_dir, "log");
	out->mail_db = path_join(out->data_dir, "mail.db");
	return TT_OK;
}

void
paths_clear(struct paths *p)
{
	free(p->profile);
	free(p->config_file);
	free(p->data_dir);
	free(p->state_dir);
	free(p->log_file);
	free(p->mail_db);
	memset(p, 0, sizeof *p);
}

tt_status
path_mkdirs(const char *dir, unsigned mode, char **cause)
{
	char *copy, *p;
	struct stat sb;

	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return TT_OK;
		return tt_fail(cause, TT_EEXIST,
		    _("%s exists and is not a directory"), dir);
	}
	copy = xstrdup(dir);
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, (mode_t)mode) != 0 && errno != EEXIST) {
			tt_status st = tt_fail(cause, errno == EACCES ? TT_EPERM : TT_EIO,
			    _("cannot create the directory %s: %s"), copy, strerror(errno));
			free(copy);
			return st;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(copy);
	return TT_OK;
}

tt_status
file_read_all(const char *path, size_t max, char **out, size_t *lenp,
    char **cause)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	tt_status st = TT_OK;
	ssize_t n;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return tt_fail(cause, errno == ENOENT ? TT_ENOTFOUND :
		    errno == EACCES ? TT_EPERM : TT_EIO,
		    _("cannot read %s: %s"), path, strerror(errno));
	}
	while (st == TT_OK) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			st = tt_fail(cause, TT_EIO, _("cannot read %s: %s"), path,
			    strerror(errno));
		else if (n == 0)
			break;
		else if (b.len + (size_t)n > max)
			st = tt_fail(cause, TT_EINVAL,
			    _("%s is larger than %zu bytes, too large for this kind of file"),
			    path, max);
		else
			buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (st != TT_OK) {
		buf_free(&b);
		return st;
	}
	if (lenp != NULL)
		*lenp = b.len;
	*out = buf_detach(&b);
	return TT_OK;
}

/* Longest file name written, in bytes (most file systems allow 255). */
#define SAFE_NAME_MAX 200

char *
path_safe_filename(const char *suggested, size_t number)
{
	const char *base = suggested, *p, *end, *start, *dot;
	struct buf b = BUF_INIT;
	char *name, *ext;
	uint32_t cp;
	size_t keep;

	for (p = suggested; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	end = base + strlen(base);
	for (p = base; p < end;) {
		start = p;
		if (!utf8_decode(&p, end, &cp) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue;
		buf_add(&b, start, (size_t)(p - start));
	}
	name = buf_detach(&b);
	start = name;
	while (*start == '.' || *start == ' ')
		start++;
	keep = strlen(start);
	while (keep > 0 && (start[keep - 1] == ' ' || start[keep - 1] == '.'))
		keep--;
	if (keep == 0) {
		free(name);
		return xasprintf("attachment-%zu", number);
	}
	if (keep > SAFE_NAME_MAX) {
		dot = memrchr(start, '.', keep);
		ext = dot != NULL && start + keep - dot <= 16 ?
		    xstrndup(dot, (size_t)(start + keep - dot)) : xstrdup("");
		keep = SAFE_NAME_MAX - strlen(ext);
		/* Back up to the start of a UTF-8 sequence. */
		while (keep > 0 && ((unsigned char)start[keep] & 0xc0) == 0x80)
			keep--;
		char *cut = xasprintf("%.*s%s", (int)keep, start, ext);
		free(ext);
		free(name);
		return cut;
	}
	p = xstrndup(start, keep);
	free(name);
	return (char *)p;
}
