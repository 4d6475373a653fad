/* queue.c - a built message into the outbox, and the times send-later understands. */
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "mime/mime.h"
#include "store/store.h"

tt_status
compose_queue(struct store *st, const char *account, const char *email,
    const struct compose_out *msg, time_t send_at, const char *item_type,
    const char *item_id, int64_t *id, char **cause)
{
	struct mime_message *m = NULL;
	struct buf rc = BUF_INIT;
	int64_t account_id;
	tt_status r;

	if (msg->nrcpts == 0)
		return tt_fail(cause, TT_EINVAL, _("the message has no recipient: fill in To"));
	if ((r = mime_parse(msg->raw, msg->len, time_now(), &m, cause)) != TT_OK)
		return r;
	for (size_t i = 0; i < msg->nrcpts; i++)
		buf_addf(&rc, "%s\n", msg->rcpts[i]);
	if ((r = store_account_ensure(st, account, email, &account_id, cause)) == TT_OK)
		r = store_outbox_add(st, account_id, msg->raw, msg->len, msg->message_id,
		    email, buf_str(&rc), m->subject, send_at, item_type, item_id, id, cause);
	buf_free(&rc);
	mime_message_free(&m);
	return r;
}

bool
compose_parse_when(const char *s, time_t now, time_t *out)
{
	struct tm tm;
	char *end;
	long n;

	if (s[0] == '+') {
		n = strtol(s + 1, &end, 10);
		if (end == s + 1 || n <= 0 || end[0] == '\0' || end[1] != '\0')
			return false;
		switch (*end) {
		case 'm': *out = now + n * 60; return true;
		case 'h': *out = now + n * 3600; return true;
		case 'd': *out = now + n * 86400; return true;
		default: return false;
		}
	}
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d %H:%M", &tm);
	if (end == NULL)
		end = strptime(s, "%Y-%m-%dT%H:%M", &tm);
	if (end == NULL)
		return false;
	if (*end == ':' && (end = strptime(end, ":%S", &tm)) == NULL)
		return false;
	if (strcmp(end, "Z") == 0) {
		*out = timegm(&tm);
		return *out != (time_t)-1;
	}
	if (*end != '\0')
		return false;
	/* CMP-23: a time as the user reads it, in their zone. */
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out != (time_t)-1;
}
