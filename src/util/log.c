/* log.c - the append-only log file, created 0600 on the first message. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

static char *log_path;        /* owned; NULL when logging is off */
static FILE *log_fp;          /* opened lazily */
static bool log_failed;       /* opening failed once: do not retry per line */
static enum log_level log_threshold = LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_init(const char *path)
{
	const char *env = getenv("TETHER_LOG_LEVEL");
	size_t i;

	log_close();
	free(log_path);
	log_path = path != NULL ? xstrdup(path) : NULL;
	log_failed = false;
	log_threshold = LOG_INFO;
	for (i = 0; env != NULL && i < TT_ARRAY_LEN(level_names); i++) {
		if (strcmp(env, level_names[i]) == 0)
			log_threshold = (enum log_level)i;
	}
}

static FILE *
log_open(void)
{
	char *dir;
	int fd;

	if (log_fp != NULL || log_path == NULL || log_failed)
		return log_fp;
	dir = xstrdup(log_path);
	if (path_mkdirs(dirname(dir), 0700, NULL) != TT_OK) {
		free(dir);
		log_failed = true;
		return NULL;
	}
	free(dir);
	fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_failed = true;
		return NULL;
	}
	/* A log that others can read may hold addresses and subjects. */
	fchmod(fd, 0600);
	log_fp = fdopen(fd, "a");
	if (log_fp == NULL) {
		close(fd);
		log_failed = true;
	}
	return log_fp;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char stamp[21];
	FILE *fp;
	va_list ap;

	if (level < log_threshold || (fp = log_open()) == NULL)
		return;
	time_format_utc(time(NULL), stamp);
	fprintf(fp, "%s [%ld] %s: ", stamp, (long)getpid(), level_names[level]);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}

void
log_close(void)
{
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
}
