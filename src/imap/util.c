/* util.c - helpers over parsed responses: atoms, numbers, FETCH items, response codes, base64. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "imap/imap-internal.h"

bool
imap_is_atom(const struct imap_val *v, const char *word)
{
	return v != NULL && v->type == IMAP_ATOM && strlen(word) == v->len &&
	    ascii_strncasecmp(v->s, word, v->len) == 0;
}

tt_status
imap_val_number(const struct imap_val *v, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	*out = 0;
	if (v == NULL || v->type != IMAP_ATOM || v->len == 0 || v->len > 20)
		return TT_EPROTO;
	for (i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			return TT_EPROTO;
		if (n > UINT64_MAX / 10 ||
		    n * 10 > UINT64_MAX - (uint64_t)(v->s[i] - '0'))
			return TT_EPROTO;
		n = n * 10 + (uint64_t)(v->s[i] - '0');
	}
	if (n > max)
		return TT_EPROTO;
	*out = n;
	return TT_OK;
}

char *
imap_val_dup(const struct imap_val *v)
{
	if (v == NULL || (v->type != IMAP_ATOM && v->type != IMAP_STRING))
		return xstrdup("");
	return xstrndup(v->s, v->len);
}

const struct imap_val *
imap_fetch_item(const struct imap_val *list, const char *name)
{
	size_t i, n = strlen(name);
	bool prefix = n > 0 && name[n - 1] == '[';

	if (list == NULL || list->type != IMAP_LIST)
		return NULL;
	for (i = 0; i + 1 < list->n; i += 2) {
		const struct imap_val *k = &list->v[i];

		if (k->type != IMAP_ATOM)
			continue;
		if (prefix ? (k->len >= n && ascii_strncasecmp(k->s, name, n) == 0) :
		    (k->len == n && ascii_strncasecmp(k->s, name, n) == 0))
			return &list->v[i + 1];
	}
	return NULL;
}

bool
imap_code_is(const struct imap_resp *r, const char *word,
    const struct imap_val **arg)
{
	if (arg != NULL)
		*arg = NULL;
	if (r->code.n == 0 || !imap_is_atom(&r->code.v[0], word))
		return false;
	if (arg != NULL && r->code.n > 1)
		*arg = &r->code.v[1];
	return true;
}

char *
_imap_base64(const void *data, size_t len)
{
	char *out = xmalloc(4 * ((len + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), m 1..12. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n digits at *p as a number; false when any is not a digit. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (; n > 0; n--, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return true;
}

bool
imap_internaldate(const struct imap_val *v, time_t *out)
{
	char text[40];
	const char *p = text;
	int day, year, hh, mm, ss, zh, zm, i, sign;

	*out = 0;
	if (v == NULL || (v->type != IMAP_STRING && v->type != IMAP_ATOM) ||
	    v->len == 0 || v->len >= sizeof text)
		return false;
	memcpy(text, v->s, v->len);
	text[v->len] = '\0';
	/* date-day-fixed: a space or a digit, then a digit; or one digit. */
	if (p[0] == ' ')
		p++;
	if (!digits(&p, p[1] == '-' ? 1 : 2, &day) || *p++ != '-')
		return false;
	for (i = 0; i < 12 && ascii_strncasecmp(p, months[i], 3) != 0; i++)
		;
	if (i == 12)
		return false;
	p += 3;
	if (*p++ != '-' || !digits(&p, 4, &year) || *p++ != ' ' ||
	    !digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mm) ||
	    *p++ != ':' || !digits(&p, 2, &ss) || *p++ != ' ' ||
	    (*p != '+' && *p != '-'))
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, &zh) || !digits(&p, 2, &zm) || *p != '\0')
		return false;
	if (day < 1 || day > 31 || year < 1900 || hh > 23 || mm > 59 ||
	    ss > 60 || zm > 59)
		return false;
	*out = (time_t)(days_from_civil(year, (unsigned)i + 1, (unsigned)day) *
	    86400 + hh * 3600 + mm * 60 + ss - sign * (zh * 3600 + zm * 60));
	return true;
}

void
imap_search_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%d-%s-%d", tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900);
}
