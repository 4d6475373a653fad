/* csv.h - reading and writing CSV files for CRM import and export (RFC 4180, with the spreadsheet habits of real files). */
#ifndef TETHER_CSV_H
#define TETHER_CSV_H

#include "util/util.h"

/*
 * What the reader accepts: UTF-8 with or without a BOM; records ended by
 * LF, CRLF or CR; "," or ";" as separator (whichever occurs more, outside
 * quotes, in the first record); quoted fields with "" for a quote and with
 * separators and line breaks inside.  What it refuses, with one sentence
 * naming the line: an unbalanced quote, text after a closing quote, a NUL
 * byte, bytes that are not UTF-8, a field over CSV_MAX_FIELD bytes.
 */

#define CSV_MAX_FIELD (1024 * 1024)

struct csv_reader;

/*
 * Starts reading data[0..len) (not copied: it must outlive the reader).
 * Only data == NULL with len != 0 fails; bad bytes are found by csv_next.
 */
tt_status csv_open(const char *data, size_t len, struct csv_reader **out,
    char **cause);
/*
 * The next record: *fields[0..*n) are NUL-terminated and owned by the
 * reader until the next call; *line is the line the record starts on
 * (1-based).  A blank line is skipped.  Returns TT_OK, TT_ENOTFOUND at the
 * end, or TT_EINVAL with a sentence naming the line; after an error every
 * later call returns it again.
 * Unquoted fields are kept byte for byte (no trimming; a quote inside one
 * is data); a record ending in a separator has an empty last field; line
 * breaks inside quotes are kept as written and counted.  Unless TT_OK,
 * *fields is NULL and *n is 0; on an error *line is the line the sentence
 * names (for an unclosed quote, the line the quote opened on) and *cause
 * gets a fresh copy of the same sentence on every call.
 */
tt_status csv_next(struct csv_reader *r, char ***fields, size_t *n,
    size_t *line, char **cause);
/* The separator found (',' or ';'). */
char csv_separator(const struct csv_reader *r);
void csv_close(struct csv_reader **r);

/*
 * Appends one record to b, quoting fields that need it, ended by CRLF.  A
 * NULL field is written empty.  Quoted are fields that contain sep, ','
 * or ';' (both, so that a reader guesses the separator right), a quote
 * (doubled), CR or LF, that start or end with a space, that start with
 * U+FEFF (a reader drops a BOM at the start of a file), and a record's
 * only field when it is empty (else it would be a skipped blank line).
 * n == 0 writes a bare CRLF.
 */
void csv_write_row(struct buf *b, const char *const *fields, size_t n,
    char sep);

#endif
