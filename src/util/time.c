/* time.c - wall and monotonic clocks, UTC timestamps, calendar-month arithmetic. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

time_t
time_now(void)
{
	const char *pin = getenv("TETHER_NOW");
	char *end;
	long long v;

	/* Tests pin the clock so windows like sync_since = 3m are reproducible. */
	if (pin != NULL && *pin != '\0') {
		errno = 0;
		v = strtoll(pin, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

uint64_t
time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t
time_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void
time_format_utc(time_t t, char out[static 21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(out, "1970-01-01T00:00:00Z");
}

bool
time_parse_utc(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return false;
	*out = timegm(&tm);
	return true;
}

static int
days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 1 && leap ? 29 : days[mon];
}

time_t
time_add_months(time_t t, int months)
{
	struct tm tm;
	int total, dim;

	if (gmtime_r(&t, &tm) == NULL)
		return t;
	total = tm.tm_year * 12 + tm.tm_mon + months;
	tm.tm_year = total / 12;
	tm.tm_mon = total % 12;
	if (tm.tm_mon < 0) {
		tm.tm_mon += 12;
		tm.tm_year--;
	}
	dim = days_in_month(tm.tm_year + 1900, tm.tm_mon);
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	return timegm(&tm);
}
