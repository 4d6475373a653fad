/* fuzz-csv.c - libFuzzer target: any bytes as a CSV file, read, checked, written and read back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Written text must read back as exactly one record equal to f[0..n). */
static void
check_row(char **f, size_t n, char sep)
{
	struct csv_reader *r;
	struct buf b = BUF_INIT;
	char **g;
	size_t m, line, i;

	csv_write_row(&b, (const char *const *)f, n, sep);
	if (csv_open(b.data, b.len, &r, NULL) != TT_OK)
		abort();
	if (csv_next(r, &g, &m, &line, NULL) != TT_OK || m != n || line != 1)
		abort();
	for (i = 0; i < n; i++) {
		if (strcmp(f[i], g[i]) != 0)
			abort();
	}
	if (csv_next(r, &g, &m, &line, NULL) != TT_ENOTFOUND)
		abort();
	csv_close(&r);
	buf_free(&b);
}

/* Reads text and writes every record again with sep into out. */
static tt_status
rewrite(const char *text, size_t len, char sep, struct buf *out)
{
	struct csv_reader *r;
	char **f;
	size_t n, line;
	tt_status st;

	if (csv_open(text, len, &r, NULL) != TT_OK)
		abort();
	while ((st = csv_next(r, &f, &n, &line, NULL)) == TT_OK)
		csv_write_row(out, (const char *const *)f, n, sep);
	csv_close(&r);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r;
	struct buf once = BUF_INIT, twice = BUF_INIT;
	char **f, *cause = NULL, *again = NULL, sep;
	size_t n, line, last = 0, i, first_n = 0, records = 0;
	tt_status st;

	if (csv_open((const char *)data, size, &r, &cause) != TT_OK)
		abort();
	sep = csv_separator(r);
	if (sep != ',' && sep != ';')
		abort();
	while ((st = csv_next(r, &f, &n, &line, &cause)) == TT_OK) {
		/* Records start on later and later lines: each ends a line. */
		if (n < 1 || f == NULL || line < 1 || line <= last)
			abort();
		last = line;
		for (i = 0; i < n; i++) {
			if (f[i] == NULL || strlen(f[i]) > CSV_MAX_FIELD ||
			    !utf8_valid(f[i], strlen(f[i])))
				abort();
		}
		check_row(f, n, sep);
		csv_write_row(&once, (const char *const *)f, n, sep);
		if (records++ == 0)
			first_n = n;
	}
	if (st == TT_ENOTFOUND) {
		if (cause != NULL || n != 0 || f != NULL)
			abort();
	} else {
		/* One sentence naming a line, and sticky. */
		if (st != TT_EINVAL || cause == NULL ||
		    strchr(cause, '\n') != NULL || line < last)
			abort();
		if (csv_next(r, &f, &n, &line, &again) != st ||
		    again == NULL || strcmp(again, cause) != 0)
			abort();
	}
	csv_close(&r);

	/*
	 * The whole file written once reads back to the same text, as long
	 * as the separator guessed from the first record stays sep: always
	 * with ',', and with ';' when the first record has a separator.
	 */
	if (records > 0 && (sep == ',' || first_n > 1)) {
		if (rewrite(once.data, once.len, sep, &twice) != TT_ENOTFOUND ||
		    twice.len != once.len ||
		    memcmp(twice.data, once.data, once.len) != 0)
			abort();
	}
	buf_free(&once);
	buf_free(&twice);
	free(cause);
	free(again);
	return 0;
}
