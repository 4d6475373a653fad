/* json.c - a small streaming JSON writer that places commas itself. */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

void
json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof *j);
	j->out = out;
}

/* Writes the comma a value needs, and notes that the container is no longer empty. */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0 && j->nonempty[j->depth - 1])
		buf_adds(j->out, ", ");
	if (j->depth > 0)
		j->nonempty[j->depth - 1] = true;
}

static void
json_open(struct json *j, char c)
{
	json_sep(j);
	buf_addc(j->out, c);
	if (j->depth >= JSON_MAX_DEPTH)
		fatalx("json: nesting deeper than %d", JSON_MAX_DEPTH);
	j->nonempty[j->depth++] = false;
}

static void
json_close(struct json *j, char c)
{
	if (j->depth == 0)
		fatalx("json: close without open");
	j->depth--;
	buf_addc(j->out, c);
}

void json_object_begin(struct json *j) { json_open(j, '{'); }
void json_object_end(struct json *j) { json_close(j, '}'); }
void json_array_begin(struct json *j) { json_open(j, '['); }
void json_array_end(struct json *j) { json_close(j, ']'); }

void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	buf_add_json_str(j->out, key);
	buf_adds(j->out, ": ");
	j->after_key = true;
}

void
json_str(struct json *j, const char *s)
{
	json_sep(j);
	if (s == NULL)
		buf_adds(j->out, "null");
	else if (utf8_valid(s, strlen(s)))
		buf_add_json_str(j->out, s);
	else {
		/* JSON output is UTF-8 whatever the input held. */
		char *fixed = utf8_repair(s, strlen(s));

		buf_add_json_str(j->out, fixed);
		free(fixed);
	}
}

void
json_int(struct json *j, int64_t v)
{
	json_sep(j);
	buf_addf(j->out, "%lld", (long long)v);
}

void
json_double(struct json *j, double v)
{
	json_sep(j);
	/* JSON has no NaN or infinity. */
	if (v != v || v > 1e308 || v < -1e308)
		buf_adds(j->out, "null");
	else
		buf_addf(j->out, "%.15g", v);
}

void
json_bool(struct json *j, bool v)
{
	json_sep(j);
	buf_adds(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	json_sep(j);
	buf_adds(j->out, "null");
}

void
json_time(struct json *j, time_t t)
{
	char stamp[21];

	time_format_utc(t, stamp);
	json_str(j, stamp);
}

void json_kstr(struct json *j, const char *k, const char *v) { json_key(j, k); json_str(j, v); }
void json_kint(struct json *j, const char *k, int64_t v) { json_key(j, k); json_int(j, v); }
void json_kbool(struct json *j, const char *k, bool v) { json_key(j, k); json_bool(j, v); }
void json_ktime(struct json *j, const char *k, time_t v) { json_key(j, k); json_time(j, v); }
