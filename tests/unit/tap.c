/* tap.c - TAP output for the unit tests: numbered ok/not ok lines and a trailing plan. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static unsigned tap_count, tap_failed;

static bool
tap_vresult(bool cond, const char *directive, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%s %u - ", cond ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	if (directive != NULL)
		printf(" # %s", directive);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

bool
tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool cond = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, NULL, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)",
		    want ? want : "(null)");
	return cond;
}

bool
tap_is_int(intmax_t got, intmax_t want, const char *fmt, ...)
{
	bool cond = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, NULL, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  %jd\n#   want: %jd\n", got, want);
	return cond;
}

bool
tap_contains(const char *hay, const char *needle, const char *fmt, ...)
{
	bool cond = hay != NULL && strstr(hay, needle) != NULL;
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, NULL, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   \"%s\"\n#   does not contain \"%s\"\n",
		    hay ? hay : "(null)", needle);
	return cond;
}

void
tap_skip(const char *reason, const char *fmt, ...)
{
	char directive[512];
	va_list ap;

	snprintf(directive, sizeof directive, "SKIP %s", reason);
	va_start(ap, fmt);
	tap_vresult(true, directive, fmt, ap);
	va_end(ap);
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
tap_done(void)
{
	printf("1..%u\n", tap_count);
	return tap_failed == 0 && tap_count > 0 ? 0 : 1;
}
