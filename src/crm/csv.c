/* csv.c - a CSV reader (separator detection, quoted fields, UTF-8 checks) and a CSV row writer for CRM import and export. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crm/csv.h"

/* Byte classes: which bytes stop a scan in each mode. */
#define CSV_STOP_PLAIN	0x1	/* inside an unquoted field */
#define CSV_STOP_QUOTED	0x2	/* inside a quoted field */

struct csv_reader {
	const unsigned char	*p;	/* next byte to read */
	const unsigned char	*end;
	size_t			 line;	/* the line p is on, 1-based */
	char			 sep;

	tt_status		 error;	/* sticky: TT_OK until the first error */
	char			*error_text;
	size_t			 error_line;

	/* The current record: fields packed NUL-separated into text. */
	struct buf		 text;
	size_t			*offs;	/* field starts in text.data */
	char			**fields;
	size_t			 nfields;
	size_t			 cap;	/* of offs and fields */

	unsigned char		 cls[256];
};

/*
 * Counts ',' and ';' outside quotes in the first record that is not a
 * blank line.  A quote opens a quoted field only at the start of a field,
 * as in csv_next, and either character may start a field here: this is a
 * guess, made before the separator is known.
 */
static char
csv_detect(const unsigned char *p, const unsigned char *end)
{
	size_t commas = 0, semis = 0;
	int start = 1;

	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	while (p < end && *p != '\r' && *p != '\n') {
		if (start && *p == '"') {
			for (p++; p < end; p++) {
				if (*p != '"')
					continue;
				if (p + 1 < end && p[1] == '"')
					p++;
				else
					break;
			}
			if (p == end)
				break;
			p++;
			start = 0;
			continue;
		}
		start = 0;
		if (*p == ',') {
			commas++;
			start = 1;
		} else if (*p == ';') {
			semis++;
			start = 1;
		}
		p++;
	}
	return semis > commas ? ';' : ',';
}

tt_status
csv_open(const char *data, size_t len, struct csv_reader **out, char **cause)
{
	struct csv_reader *r;
	const unsigned char *p = (const unsigned char *)data;
	int c;

	*out = NULL;
	if (data == NULL && len != 0)
		return tt_fail(cause, TT_EINVAL, _("The CSV data is missing."));
	if (data == NULL)
		p = (const unsigned char *)"";

	r = xcalloc(1, sizeof *r);
	r->p = p;
	r->end = p + len;
	r->line = 1;
	/* A BOM is what spreadsheets write first to say "UTF-8": not data. */
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		r->p += 3;
	r->sep = csv_detect(r->p, r->end);

	for (c = 0x80; c < 256; c++)
		r->cls[c] = CSV_STOP_PLAIN | CSV_STOP_QUOTED;
	r->cls['\0'] = r->cls['\r'] = r->cls['\n'] = CSV_STOP_PLAIN | CSV_STOP_QUOTED;
	r->cls['"'] = CSV_STOP_QUOTED;
	r->cls[(unsigned char)r->sep] = CSV_STOP_PLAIN;

	*out = r;
	return TT_OK;
}

char
csv_separator(const struct csv_reader *r)
{
	return r->sep;
}

void
csv_close(struct csv_reader **rp)
{
	struct csv_reader *r = *rp;

	if (r == NULL)
		return;
	free(r->error_text);
	buf_free(&r->text);
	free(r->offs);
	free(r->fields);
	free(r);
	*rp = NULL;
}

/*
 * Records the error (one sentence naming the line); it is sticky, each
 * later call to csv_next repeats it.  Returns -1 for the callers' sake.
 */
static int
csv_fail(struct csv_reader *r, size_t line, const char *fmt, ...)
    TT_PRINTF(3, 4);

static int
csv_fail(struct csv_reader *r, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->error = tt_vfail(&r->error_text, TT_EINVAL, fmt, ap);
	va_end(ap);
	r->error_line = line;
	return -1;
}

/*
 * Handles a byte that stopped a scan and is not structure: a NUL, or the
 * first byte of a multibyte character, which is stepped over when valid.
 */
static int
csv_check_byte(struct csv_reader *r)
{
	const char *p = (const char *)r->p;
	uint32_t cp;

	if (*r->p == '\0') {
		return csv_fail(r, r->line, _("line %zu: the file contains a "
		    "NUL byte, so it is not a text CSV file."), r->line);
	}
	if (!utf8_decode(&p, (const char *)r->end, &cp)) {
		return csv_fail(r, r->line, _("line %zu: the text is not "
		    "valid UTF-8; save the file as \"CSV UTF-8\" and import it "
		    "again."), r->line);
	}
	r->p = (const unsigned char *)p;
	return 0;
}

/* Appends [from, to) to the field that began at flen0 in the text. */
static int
csv_append(struct csv_reader *r, size_t flen0, const unsigned char *from,
    const unsigned char *to, size_t fline)
{
	size_t n = (size_t)(to - from);

	if (r->text.len - flen0 + n > CSV_MAX_FIELD) {
		return csv_fail(r, fline, _("line %zu: a field is longer than "
		    "%d bytes, which no contact list needs."), fline,
		    CSV_MAX_FIELD);
	}
	buf_add(&r->text, from, n);
	return 0;
}

/* Reads a field that does not start with a quote: kept byte for byte. */
static int
csv_field_plain(struct csv_reader *r, size_t flen0)
{
	const unsigned char *start = r->p, *end = r->end;

	for (;;) {
		while (r->p < end && (r->cls[*r->p] & CSV_STOP_PLAIN) == 0)
			r->p++;
		if (r->p == end || *r->p == (unsigned char)r->sep ||
		    *r->p == '\r' || *r->p == '\n')
			break;
		if (csv_check_byte(r) != 0)
			return -1;
	}
	return csv_append(r, flen0, start, r->p, r->line);
}

/* Reads a quoted field; r->p is on the opening quote. */
static int
csv_field_quoted(struct csv_reader *r, size_t flen0)
{
	const unsigned char *start, *end = r->end;
	size_t fline = r->line;
	unsigned char c;

	start = ++r->p;
	for (;;) {
		while (r->p < end && (r->cls[*r->p] & CSV_STOP_QUOTED) == 0)
			r->p++;
		if (r->p == end) {
			return csv_fail(r, fline, _("line %zu: a quoted field "
			    "is never closed; add the missing closing quote "
			    "(\")."), fline);
		}
		c = *r->p;
		if (c == '"') {
			if (r->p + 1 < end && r->p[1] == '"') {
				/* Keep the first quote of the pair, skip the second. */
				if (csv_append(r, flen0, start, r->p + 1, fline) != 0)
					return -1;
				r->p += 2;
				start = r->p;
				continue;
			}
			if (csv_append(r, flen0, start, r->p, fline) != 0)
				return -1;
			r->p++;
			break;
		}
		if (c == '\r' || c == '\n') {
			/* A line break inside quotes is data; CRLF is one line. */
			if (c == '\r' && r->p + 1 < end && r->p[1] == '\n')
				r->p++;
			r->p++;
			r->line++;
			continue;
		}
		if (csv_check_byte(r) != 0)
			return -1;
	}

	if (r->p < end && *r->p != (unsigned char)r->sep && *r->p != '\r' &&
	    *r->p != '\n') {
		return csv_fail(r, r->line, _("line %zu: text follows the "
		    "closing quote of a field; a quote inside a quoted field "
		    "must be doubled (\"\")."), r->line);
	}
	return 0;
}

/* Consumes one line end (LF, CRLF or CR) at r->p, if there is one. */
static int
csv_eol(struct csv_reader *r)
{
	if (r->p == r->end)
		return 0;
	if (*r->p == '\r') {
		r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
	} else if (*r->p == '\n')
		r->p++;
	else
		return 0;
	r->line++;
	return 1;
}

tt_status
csv_next(struct csv_reader *r, char ***fields, size_t *n, size_t *line,
    char **cause)
{
	size_t flen0, i;
	int rc;

	*fields = NULL;
	*n = 0;
	if (r->error != TT_OK) {
		*line = r->error_line;
		return tt_fail(cause, r->error, "%s", r->error_text);
	}

	while (csv_eol(r))
		; /* blank lines */
	*line = r->line;
	if (r->p == r->end)
		return TT_ENOTFOUND;

	r->text.len = 0;
	r->nfields = 0;
	for (;;) {
		if (r->nfields == r->cap) {
			r->cap = r->cap == 0 ? 16 : r->cap * 2;
			r->offs = xreallocarray(r->offs, r->cap, sizeof *r->offs);
			r->fields = xreallocarray(r->fields, r->cap,
			    sizeof *r->fields);
		}
		flen0 = r->text.len;
		r->offs[r->nfields++] = flen0;
		if (r->p < r->end && *r->p == '"')
			rc = csv_field_quoted(r, flen0);
		else
			rc = csv_field_plain(r, flen0);
		if (rc != 0) {
			*line = r->error_line;
			return tt_fail(cause, r->error, "%s", r->error_text);
		}
		buf_addc(&r->text, '\0');

		/* The field ended at a separator, a line end or the data end. */
		if (r->p < r->end && *r->p == (unsigned char)r->sep) {
			r->p++;
			continue;
		}
		csv_eol(r);
		break;
	}

	/* Pointers only now: the text may have moved while it grew. */
	for (i = 0; i < r->nfields; i++)
		r->fields[i] = r->text.data + r->offs[i];
	*fields = r->fields;
	*n = r->nfields;
	return TT_OK;
}

/*
 * Whether a field must be quoted.  Beyond sep, quotes and line breaks:
 * both separators, so that a reader guessing the separator from the first
 * record guesses right; edge spaces, which spreadsheets may trim; a
 * leading BOM, which a reader would drop at the start of a file; and a
 * lone empty field, which would otherwise be a blank line and skipped.
 */
static int
csv_needs_quotes(const char *f, size_t len, size_t n, char sep)
{
	const char *p;

	if (len == 0)
		return n == 1;
	if (f[0] == ' ' || f[len - 1] == ' ')
		return 1;
	if (len >= 3 && memcmp(f, "\xef\xbb\xbf", 3) == 0)
		return 1;
	for (p = f; *p != '\0'; p++) {
		if (*p == sep || *p == ',' || *p == ';' || *p == '"' ||
		    *p == '\r' || *p == '\n')
			return 1;
	}
	return 0;
}

void
csv_write_row(struct buf *b, const char *const *fields, size_t n, char sep)
{
	const char *f, *q;
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, sep);
		f = fields[i] != NULL ? fields[i] : "";
		len = strlen(f);
		if (!csv_needs_quotes(f, len, n, sep)) {
			buf_add(b, f, len);
			continue;
		}
		buf_addc(b, '"');
		while ((q = strchr(f, '"')) != NULL) {
			/* Up to and with the quote, then the quote again. */
			buf_add(b, f, (size_t)(q - f) + 1);
			buf_addc(b, '"');
			f = q + 1;
		}
		buf_adds(b, f);
		buf_addc(b, '"');
	}
	buf_add(b, "\r\n", 2);
}
