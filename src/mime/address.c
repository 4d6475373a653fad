/* address.c - address list headers into name + email, with GMime reading each address. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"


/* An RFC 2047 word "=?cs?X?text?=" is one unit: a lax sender may leave a
 * comma inside it.  Returns p itself when p does not start one. */
static const char *
skip_encoded_word(const char *p, const char *end)
{
	const char *q = p + 2;
	int marks = 0;

	for (; q < end && *q != ' ' && *q != '\t' && *q != '\n'; q++) {
		if (*q != '?')
			continue;
		if (++marks >= 3 && q + 1 < end && q[1] == '=')
			return q + 2;
	}
	return p;
}

/*
 * The end of the list item that starts at p: a comma (or a semicolon, which
 * some people type between addresses) outside quotes, comments, angle
 * brackets and groups ("Team: a@x, b@y;" is one item).  GMime then reads
 * each item alone, so one unreadable address costs only itself.
 */
static const char *
item_end(const char *p, const char *end, const char **next)
{
	bool group = false;
	const char *q;

	while (p < end) {
		switch (*p) {
		case '"':
			p = _mime_skip_quoted(p, end);
			continue;
		case '(':
			p = _mime_skip_comment(p, end);
			continue;
		case '<':
			/* An unclosed bracket ends at the next comma. */
			for (p++; p < end && *p != '>' && *p != ','; p++)
				;
			if (p < end && *p == '>')
				p++;
			continue;
		case '=':
			if (p + 1 < end && p[1] == '?' && (q = skip_encoded_word(p, end)) != p) {
				p = q;
				continue;
			}
			break;
		case ':':
			group = true;
			break;
		case ';':
			*next = p + 1;
			return group ? p + 1 : p;
		case ',':
			if (!group) {
				*next = p + 1;
				return p;
			}
			break;
		default:
			break;
		}
		p++;
	}
	*next = end;
	return end;
}

static void
add(struct mime_addrlist *out, char *name, char *email)
{
	char *at;

	at = strrchr(email, '@');
	if (at != NULL)
		ascii_lower(at + 1);
	g_strstrip(name);
	if (*name == '\0' && *email == '\0') {
		free(name);
		free(email);
		return;
	}
	MIME_GROW(out->v, out->n);
	out->v[out->n].name = name;
	out->v[out->n].email = email;
	out->n++;
}

/* Adds the mailboxes of list, groups flattened; returns how many. */
static size_t
add_list(struct mime_addrlist *out, InternetAddressList *list, int depth)
{
	InternetAddress *a;
	size_t added = 0;
	int i, n;

	n = internet_address_list_length(list);
	for (i = 0; i < n && out->n < MIME_ADDRS_MAX; i++) {
		a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			if (depth < 4)
				added += add_list(out, internet_address_group_get_members(
				    INTERNET_ADDRESS_GROUP(a)), depth + 1);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			add(out, _mime_utf8(internet_address_get_name(a)),
			    _mime_utf8(internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(a))));
			added++;
		}
	}
	return added;
}

/* The display name in [s, s+n): trimmed, unquoted, RFC 2047 decoded. */
static char *
fallback_name(const char *s, size_t n)
{
	char *name = xstrndup(s, n), *decoded;
	size_t len;

	g_strstrip(name);
	len = strlen(name);
	if (len >= 2 && name[0] == '"' && name[len - 1] == '"') {
		name[len - 1] = '\0';
		memmove(name, name + 1, len - 1);
	}
	decoded = mime_decode_header(name);
	free(name);
	return decoded;
}

/*
 * What GMime could not read but a person can: "John Doe john@example.org"
 * (no brackets).  The last word with an '@' is the address, the words
 * before it the name.  Without any '@', "MAILER DAEMON <>" still has a
 * name worth showing.
 */
static void
add_fallback(struct mime_addrlist *out, const char *item)
{
	static const char strip_lead[] = "<([\"'", strip_trail[] = ">)]\"',;.";
	const char *p, *word = NULL, *wend = NULL, *s, *e, *at;

	for (p = item; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		s = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (p > s && memchr(s, '@', (size_t)(p - s)) != NULL) {
			word = s;
			wend = p;
		}
	}
	if (word == NULL) {
		if ((s = strchr(item, '<')) != NULL && s > item)
			add(out, fallback_name(item, (size_t)(s - item)), xstrdup(""));
		return;
	}
	s = word;
	e = wend;
	while (s < e && strchr(strip_lead, *s) != NULL)
		s++;
	while (e > s && strchr(strip_trail, e[-1]) != NULL)
		e--;
	/* Something on both sides of the '@': "@@@" is no address. */
	at = memchr(s, '@', (size_t)(e - s));
	if (at == NULL || at == s || e[-1] == '@')
		return;
	add(out, fallback_name(item, (size_t)(word - item)),
	    utf8_repair(s, (size_t)(e - s)));
}

void
_mime_append_addresses(const char *raw, struct mime_addrlist *out)
{
	const char *p, *end, *e, *next;
	InternetAddressList *list;
	char *item;
	size_t added;

	if (raw == NULL)
		return;
	end = raw + strlen(raw);
	for (p = raw; p < end && out->n < MIME_ADDRS_MAX; p = next) {
		e = item_end(p, end, &next);
		item = xstrndup(p, (size_t)(e - p));
		g_strstrip(item);
		if (*item != '\0') {
			list = internet_address_list_parse(_mime_options(), item);
			added = list != NULL ? add_list(out, list, 0) : 0;
			if (list != NULL)
				g_object_unref(list);
			if (added == 0)
				add_fallback(out, item);
		}
		free(item);
	}
}

void
mime_parse_addresses(const char *raw, struct mime_addrlist *out)
{
	char *safe = raw != NULL ? _mime_defuse(raw, strlen(raw)) : NULL;

	out->v = NULL;
	out->n = 0;
	_mime_append_addresses(safe != NULL ? safe : raw, out);
	free(safe);
}

void
mime_addrlist_clear(struct mime_addrlist *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++) {
		free(list->v[i].name);
		free(list->v[i].email);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}
