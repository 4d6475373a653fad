/* status.c - names of the status codes and the helpers that fill `char **cause`. */
#include "util/util.h"

static const char *const status_names[TT_STATUS_COUNT] = {
	[TT_OK] = "ok",
	[TT_EINVAL] = "invalid",
	[TT_EIO] = "io",
	[TT_ENOTFOUND] = "not-found",
	[TT_EEXIST] = "exists",
	[TT_EPERM] = "permission",
	[TT_EDB] = "database",
	[TT_ECORRUPT] = "corrupt",
	[TT_EVERSION] = "version",
	[TT_EBUSY] = "busy",
	[TT_ECMD] = "command",
	[TT_EUNSUPPORTED] = "unsupported",
	[TT_ENET] = "network",
	[TT_ETIMEOUT] = "timeout",
	[TT_ETLS] = "tls",
	[TT_EAUTH] = "auth",
	[TT_EPROTO] = "protocol",
};

const char *
tt_status_name(tt_status st)
{
	if ((unsigned)st >= TT_STATUS_COUNT)
		return "unknown";
	return status_names[st];
}

tt_status
tt_vfail(char **cause, tt_status st, const char *fmt, va_list ap)
{
	if (cause != NULL && *cause == NULL)
		*cause = xvasprintf(fmt, ap);
	return st;
}

tt_status
tt_fail(char **cause, tt_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tt_vfail(cause, st, fmt, ap);
	va_end(ap);
	return st;
}
