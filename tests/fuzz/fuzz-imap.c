/* fuzz-imap.c - libFuzzer target: any bytes as IMAP server output (framing, parsing), as a mailbox name (modified UTF-7) and as a UID set. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imap/imap-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every value keeps the promises of struct imap_val; the helpers that read
 * values never crash on what the parser made. */
static void
check_val(const struct imap_val *v, const char *buf, size_t len, int depth)
{
	const struct imap_val *item;
	uint64_t n;
	time_t t;
	char *s;
	size_t i;

	if (depth > IMAP_MAX_DEPTH + 1)
		abort();
	switch (v->type) {
	case IMAP_ATOM:
	case IMAP_STRING:
		if (v->s == NULL)
			abort();
		if (v->literal) {
			if (v->type != IMAP_STRING || v->s < buf || v->len > len ||
			    v->s + v->len > buf + len)
				abort();
		} else if (v->s[v->len] != '\0' ||
		    (v->type == IMAP_ATOM && v->len == 0))
			abort();
		if (imap_val_number(v, UINT64_MAX, &n) == TT_OK) {
			if (v->type != IMAP_ATOM || v->len == 0)
				abort();
			for (i = 0; i < v->len; i++)
				if (v->s[i] < '0' || v->s[i] > '9')
					abort();
		}
		s = imap_val_dup(v);
		if (strlen(s) > v->len)
			abort();
		if (!v->literal && strlen(s) != v->len && memchr(v->s, '\0', v->len) == NULL)
			abort();
		free(s);
		(void)imap_internaldate(v, &t);
		if (!v->literal) {
			s = imap_utf7_decode(v->s);
			free(s);
		}
		break;
	case IMAP_NIL:
		if (imap_is_atom(v, "NIL"))
			abort();
		s = imap_val_dup(v);
		if (s[0] != '\0')
			abort();
		free(s);
		break;
	case IMAP_LIST:
		if (v->n > 0 && v->v == NULL)
			abort();
		for (i = 0; i < v->n; i++)
			check_val(&v->v[i], buf, len, depth + 1);
		if ((item = imap_fetch_item(v, "BODY[")) != NULL &&
		    (item < v->v || item >= v->v + v->n))
			abort();
		if ((item = imap_fetch_item(v, "UID")) != NULL &&
		    (item < v->v || item >= v->v + v->n))
			abort();
		break;
	default:
		abort();
	}
}

/*
 * conn.c frames with _imap_frame_resume as bytes trickle in: fed in chunks
 * of step, it must end where imap_frame ends on the whole input, and each
 * need it gives on the way must not overshoot that end.
 */
static void
check_resume(const char *in, size_t size, size_t step, tt_status want_st,
    size_t want_frame)
{
	struct _imap_framer f = { 0, 0 };
	size_t have = 0, frame, need;
	tt_status st;

	for (;;) {
		have = size - have < step ? size : have + step;
		st = _imap_frame_resume(&f, in, have, &frame, &need, NULL);
		if (st != TT_OK || frame != 0 || have == size)
			break;
		if (need > 0 && want_st == TT_OK && want_frame != 0 &&
		    have + need > want_frame)
			abort();
	}
	if (st != want_st || (st == TT_OK && frame != want_frame))
		abort();
}

static void
fuzz_responses(const char *in, size_t size)
{
	struct imap_resp r;
	const struct imap_val *arg;
	size_t off = 0, frame, frame2, need;
	char *copy, *cause;
	tt_status st;

	while (off < size) {
		cause = NULL;
		frame = 0;
		need = 0;
		st = imap_frame(in + off, size - off, &frame, &need, &cause);
		check_resume(in + off, size - off, 1 + size % 61, st, frame);
		if (st != TT_OK) {
			if (st != TT_EPROTO || cause == NULL)
				abort();
			free(cause);
			return;
		}
		if (frame == 0)
			return;
		if (frame > size - off)
			abort();
		/* The frame alone frames the same; one byte less is not whole. */
		if (imap_frame(in + off, frame, &frame2, &need, NULL) != TT_OK ||
		    frame2 != frame)
			abort();
		if (imap_frame(in + off, frame - 1, &frame2, &need, NULL) == TT_OK &&
		    frame2 != 0)
			abort();

		/* A copy of exactly the frame, so reads past it are caught. */
		copy = xmalloc(frame);
		memcpy(copy, in + off, frame);
		cause = NULL;
		st = imap_parse(copy, frame, &r, &cause);
		if (st == TT_OK) {
			if (r.text == NULL || (r.kind == IMAP_TAGGED && r.tag == NULL) ||
			    r.code.type != IMAP_LIST || r.data.type != IMAP_LIST)
				abort();
			if (r.kind == IMAP_UNTAGGED && r.cond == IMAP_COND_NONE &&
			    r.name == NULL)
				abort();
			check_val(&r.code, copy, frame, 0);
			check_val(&r.data, copy, frame, 0);
			arg = NULL;
			if (imap_code_is(&r, "UIDVALIDITY", &arg) && r.code.n == 0)
				abort();
		} else if (st != TT_EPROTO || cause == NULL || cause[0] == '\0')
			abort();
		free(cause);
		/* parse.c leaves what it built on failure too; clear always. */
		imap_resp_clear(&r);
		free(copy);
		off += frame;
	}
}

static void
fuzz_utf7(const char *in, size_t size)
{
	char *s = xstrndup(in, size), *d, *e, *dd, *fixed;
	size_t i;

	/* Decode: either the input unchanged, or valid UTF-8 from ASCII. */
	d = imap_utf7_decode(s);
	if (strcmp(d, s) != 0) {
		if (!utf8_valid(d, strlen(d)))
			abort();
		for (i = 0; s[i] != '\0'; i++)
			if (s[i] < 0x20 || s[i] > 0x7e)
				abort();
		e = imap_utf7_encode(d);
		dd = imap_utf7_decode(e);
		if (strcmp(dd, d) != 0)
			abort();
		free(dd);
		free(e);
	}
	free(d);

	/* Encode: printable ASCII, and decode gives back the (repaired) name. */
	e = imap_utf7_encode(s);
	for (i = 0; e[i] != '\0'; i++)
		if (e[i] < 0x20 || e[i] > 0x7e)
			abort();
	d = imap_utf7_decode(e);
	fixed = utf8_repair(s, strlen(s));
	if (strcmp(d, fixed) != 0)
		abort();
	free(fixed);
	free(d);
	free(e);
	free(s);
}

static void
check_set(const struct imap_uidset *set)
{
	uint64_t count = 0;
	size_t i;

	for (i = 0; i < set->n; i++) {
		if (set->r[i].lo > set->r[i].hi ||
		    (i > 0 && (uint64_t)set->r[i - 1].hi + 1 >= set->r[i].lo))
			abort();
		if (!imap_uidset_has(set, set->r[i].lo) ||
		    !imap_uidset_has(set, set->r[i].hi))
			abort();
		if (set->r[i].lo > 0 && imap_uidset_has(set, set->r[i].lo - 1))
			abort();
		if (set->r[i].hi < UINT32_MAX && imap_uidset_has(set, set->r[i].hi + 1))
			abort();
		count += (uint64_t)set->r[i].hi - set->r[i].lo + 1;
	}
	if (imap_uidset_count(set) != count)
		abort();
}

static void
fuzz_uidset(const uint8_t *data, size_t size)
{
	static uint8_t bits[65536 / 8];
	struct imap_uidset set = { NULL, 0, 0 }, again = { NULL, 0, 0 };
	char *cause = NULL, *text, *text2;
	uint32_t lo, hi, u;
	uint64_t count;
	uint8_t b;
	size_t i;
	tt_status st;

	st = imap_uidset_parse(&set, (const char *)data, size, 1000, &cause);
	if (st == TT_OK) {
		if (set.n == 0)
			abort();
		check_set(&set);
		text = imap_uidset_format(&set);
		if (imap_uidset_parse(&again, text, strlen(text), 0, NULL) != TT_OK)
			abort();
		text2 = imap_uidset_format(&again);
		if (strcmp(text, text2) != 0)
			abort();
		free(text2);
		free(text);
		imap_uidset_free(&again);
	} else if (st != TT_EPROTO || cause == NULL || set.n != 0)
		abort();
	free(cause);
	imap_uidset_free(&set);

	/* The bytes as up to 64 ranges of 16-bit uids, against a bitmap. */
	if (size < 4)
		return;
	memset(bits, 0, sizeof bits);
	for (i = 0; i + 4 <= size && i < 64 * 4; i += 4) {
		lo = (uint32_t)data[i] << 8 | data[i + 1];
		hi = (uint32_t)data[i + 2] << 8 | data[i + 3];
		if (hi > lo + 300 || lo > hi + 300)
			hi = lo;
		imap_uidset_add(&set, lo, hi);
		for (u = lo < hi ? lo : hi; u <= (lo < hi ? hi : lo); u++)
			bits[u / 8] |= (uint8_t)(1u << (u % 8));
	}
	/* Each range is set in the bitmap, and together they hold every bit. */
	check_set(&set);
	count = 0;
	for (i = 0; i < sizeof bits; i++)
		for (b = bits[i]; b != 0; b &= (uint8_t)(b - 1))
			count++;
	if (imap_uidset_count(&set) != count)
		abort();
	for (i = 0; i < set.n; i++)
		for (u = set.r[i].lo; u <= set.r[i].hi; u++)
			if (u > 65535 || !((bits[u / 8] >> (u % 8)) & 1))
				abort();
	imap_uidset_free(&set);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_responses((const char *)data, size);
	fuzz_utf7((const char *)data, size);
	fuzz_uidset(data, size);
	return 0;
}
