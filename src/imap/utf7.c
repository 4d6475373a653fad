/* utf7.c - mailbox names in modified UTF-7 (RFC 3501 5.1.3) to UTF-8 and back. */
#include <stdlib.h>
#include <string.h>

#include "imap/imap.h"

/*
 * Modified UTF-7 in short: printable US-ASCII (0x20-0x7e) stands for
 * itself, except '&', which shifts into modified BASE64 (the alphabet of
 * RFC 4648 with ',' in place of '/', no '=' padding) until '-'; "&-" is
 * '&' itself.  The BASE64 carries UTF-16 big-endian units, so characters
 * beyond the BMP take a surrogate pair.  A shifted run never holds a
 * printable ASCII character, and its unused final bits are zero.
 *
 * Decode is strict about all of that, and about raw bytes outside
 * 0x20-0x7e and unpaired surrogates: such a name comes back as it was.
 * It does accept two runs in a row ("&U,A-&U,A-"), which a minimal
 * encoder never writes but which still means one thing.
 */

static const char b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == ',')
		return 63;
	return -1;
}

static bool
is_printable(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/*
 * Decodes one shifted run: *pp points just after its '&' and the run is
 * not empty.  Appends the characters to out and moves *pp past the '-';
 * false when the run is not valid modified UTF-7.
 */
static bool
decode_run(const char **pp, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)*pp;
	uint32_t bits = 0, unit, high = 0, cp;
	unsigned nbits = 0;
	char utf8[4];
	int v;

	for (; *p != '-'; p++) {
		if ((v = b64_value(*p)) < 0)
			return false;   /* a stray byte, or the end: unterminated */
		bits = (bits << 6) | (uint32_t)v;
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		unit = (bits >> nbits) & 0xffff;
		bits &= (1u << nbits) - 1;
		if (high != 0) {
			if (unit < 0xdc00 || unit > 0xdfff)
				return false;   /* a high surrogate alone */
			cp = 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00);
			high = 0;
		} else if (unit >= 0xd800 && unit <= 0xdbff) {
			high = unit;
			continue;
		} else if (unit >= 0xdc00 && unit <= 0xdfff)
			return false;           /* a low surrogate alone */
		else if (unit == 0 || (unit >= 0x20 && unit <= 0x7e))
			return false;   /* NUL, or ASCII that stands for itself */
		else
			cp = unit;
		buf_add(out, utf8, utf8_encode(cp, utf8));
	}
	/* A whole unused character, or unused bits that are not zero. */
	if (high != 0 || nbits >= 6 || bits != 0)
		return false;
	if ((const char *)p == *pp)
		return false;                   /* empty: "&-" is the caller's */
	*pp = (const char *)p + 1;
	return true;
}

char *
imap_utf7_decode(const char *s)
{
	struct buf out = BUF_INIT;
	const char *p = s;

	buf_add(&out, "", 0);
	while (*p != '\0') {
		if (!is_printable((unsigned char)*p))
			goto invalid;   /* raw 8-bit or control: not UTF-7 */
		if (*p != '&') {
			buf_addc(&out, *p++);
			continue;
		}
		p++;
		if (*p == '-') {
			buf_addc(&out, '&');
			p++;
			continue;
		}
		if (!decode_run(&p, &out))
			goto invalid;
	}
	return buf_detach(&out);

invalid:
	buf_free(&out);
	return xstrdup(s);
}

/* Appends one UTF-16 unit to a shifted run, writing every whole sextet. */
static void
encode_unit(struct buf *out, uint32_t unit, uint32_t *bits, unsigned *nbits)
{
	*bits = (*bits << 16) | unit;
	*nbits += 16;
	while (*nbits >= 6) {
		*nbits -= 6;
		buf_addc(out, b64_chars[(*bits >> *nbits) & 0x3f]);
	}
	*bits &= (1u << *nbits) - 1;
}

/*
 * Invalid UTF-8 in s (a name that did not come from decode of a valid
 * name, or a raw 8-bit name a server sent) cannot be carried by modified
 * UTF-7, and raw 8-bit bytes must never reach the wire: each invalid byte
 * becomes U+FFFD, as in utf8_repair.  The result is therefore always
 * printable US-ASCII, but such a name is not the one the server knows;
 * a caller that must address a server's own raw name keeps the wire form
 * instead of encoding a decoded one.
 */
char *
imap_utf7_encode(const char *s)
{
	struct buf out = BUF_INIT;
	const char *p = s, *end = s + strlen(s);
	uint32_t cp, bits = 0;
	unsigned nbits = 0;
	bool shifted = false;

	buf_add(&out, "", 0);
	while (p < end) {
		if (is_printable((unsigned char)*p)) {
			if (shifted) {
				if (nbits > 0)
					buf_addc(&out,
					    b64_chars[(bits << (6 - nbits)) & 0x3f]);
				buf_addc(&out, '-');
				shifted = false;
			}
			if (*p == '&')
				buf_adds(&out, "&-");
			else
				buf_addc(&out, *p);
			p++;
			continue;
		}
		utf8_decode(&p, end, &cp);      /* invalid: U+FFFD, one byte */
		if (!shifted) {
			buf_addc(&out, '&');
			shifted = true;
			bits = 0;
			nbits = 0;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			encode_unit(&out, 0xd800 + (cp >> 10), &bits, &nbits);
			encode_unit(&out, 0xdc00 + (cp & 0x3ff), &bits, &nbits);
		} else
			encode_unit(&out, cp, &bits, &nbits);
	}
	if (shifted) {
		if (nbits > 0)
			buf_addc(&out, b64_chars[(bits << (6 - nbits)) & 0x3f]);
		buf_addc(&out, '-');
	}
	return buf_detach(&out);
}
