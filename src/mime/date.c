/* date.c - a Date header value to UTC seconds, through GMime's tolerant RFC 5322 date reader. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

bool
mime_parse_date(const char *raw, time_t *out)
{
	GDateTime *dt;
	char *value;

	if (raw == NULL)
		return false;
	value = g_mime_utils_header_unfold(raw);
	/* GMime reads RFC 5322 and the obsolete forms: two-digit years,
	 * named zones, a missing zone (taken as UTC), comments. */
	dt = g_mime_utils_header_decode_date(value);
	if (dt == NULL && strchr(value, 'T') != NULL) {
		/* A few programs write ISO 8601; a missing zone is UTC. */
		GTimeZone *utc = g_time_zone_new_utc();

		dt = g_date_time_new_from_iso8601(value, utc);
		g_time_zone_unref(utc);
	}
	g_free(value);
	if (dt == NULL)
		return false;
	*out = (time_t)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return true;
}
