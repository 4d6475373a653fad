/* test-csv.c - unit tests of src/crm/csv.c: separators, quoting, line ends and numbers, refusals, the writer, round trips, speed. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "crm/csv.h"

#define HEBREW	"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"	/* shalom */
#define ARABIC	"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"	/* salam */

/*
 * Reads all of data[0..len) and renders it as "line:f1|f2\n" per record,
 * so one string comparison checks fields, field counts and line numbers.
 * Ends with "ERR line: sentence" when the reader refuses the data.
 */
static char *
render(const char *data, size_t len, char *sep)
{
	struct csv_reader *r;
	struct buf b = BUF_INIT;
	char **f, *cause = NULL;
	size_t n, line, i;
	tt_status st;

	if (csv_open(data, len, &r, &cause) != TT_OK) {
		buf_addf(&b, "OPEN %s", cause);
		free(cause);
		return buf_detach(&b);
	}
	if (sep != NULL)
		*sep = csv_separator(r);
	while ((st = csv_next(r, &f, &n, &line, &cause)) == TT_OK) {
		buf_addf(&b, "%zu:", line);
		for (i = 0; i < n; i++)
			buf_addf(&b, "%s%s", i > 0 ? "|" : "", f[i]);
		buf_addc(&b, '\n');
	}
	if (st != TT_ENOTFOUND) {
		buf_addf(&b, "ERR %zu: %s", line, cause);
		free(cause);
	}
	csv_close(&r);
	return buf_detach(&b);
}

static void
check(const char *data, const char *want, const char *what)
{
	char *got = render(data, strlen(data), NULL);

	tap_is_str(got, want, "%s", what);
	free(got);
}

static void
test_basic(void)
{
	struct csv_reader *r;
	char **f, *cause = NULL;
	size_t n = 99, line = 99;

	check("name,email\nAnn,ann@example.com\n",
	    "1:name|email\n2:Ann|ann@example.com\n", "two LF records");
	check("a,b\nc,d", "1:a|b\n2:c|d\n", "the last record needs no line end");
	check("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n", "CRLF line ends");
	check("a,b\rc,d\re,f", "1:a|b\n2:c|d\n3:e|f\n", "CR-only line ends (old Mac)");
	check("a\nb\r\nc\rd", "1:a\n2:b\n3:c\n4:d\n", "mixed line ends each count one line");
	check("\n\na\n\r\n\rb\n\n", "3:a\n6:b\n",
	    "blank lines are skipped but counted");
	check(" a , b ,c ", "1: a | b |c \n", "unquoted fields are kept verbatim, spaces too");
	check("a,b,\n", "1:a|b|\n", "a trailing separator gives an empty last field");
	check(",\n", "1:|\n", "a lone separator is two empty fields");
	check("a,,b\n", "1:a||b\n", "an empty field in the middle");
	check("\"\"\n", "1:\n", "a quoted empty field is a record, not a blank line");
	check("5\" screen,x\n", "1:5\" screen|x\n",
	    "a quote inside an unquoted field is kept as it is");
	check("x, \"y\"\n", "1:x| \"y\"\n",
	    "a quote after a space does not start a quoted field");
	check("tab\there,x\n", "1:tab\there|x\n", "tabs are data");
	check(HEBREW "," ARABIC "\n", "1:" HEBREW "|" ARABIC "\n",
	    "Hebrew and Arabic text pass through");
	check("", "", "empty data has no records");
	check("\r\n\n\r", "", "only blank lines: no records");

	tap_ok(csv_open(NULL, 0, &r, &cause) == TT_OK, "NULL data of length 0 opens");
	tap_ok(csv_next(r, &f, &n, &line, &cause) == TT_ENOTFOUND && n == 0 &&
	    f == NULL, "and is at the end at once, with no fields");
	tap_ok(csv_next(r, &f, &n, &line, &cause) == TT_ENOTFOUND,
	    "the end stays the end");
	csv_close(&r);
	tap_ok(r == NULL, "csv_close clears the caller's pointer");
	csv_close(&r);
}

static void
test_quoted(void)
{
	check("\"a \"\"b\"\"\",\"x,y\",\"x;y\",c\n",
	    "1:a \"b\"|x,y|x;y|c\n", "doubled quotes and separators inside quotes");
	check("\"line1\nline2\",z\nnext,row\n",
	    "1:line1\nline2|z\n3:next|row\n",
	    "an LF inside quotes is data and counts a line");
	check("\"a\r\nb\rc\",d\r\ne,f\r\n",
	    "1:a\r\nb\rc|d\n4:e|f\n",
	    "CRLF and CR inside quotes are kept verbatim and count a line each");
	check("a,\"\"\"\",b\n", "1:a|\"|b\n", "a field that is one quote");
	check("a,\"\"\n", "1:a|\n", "a quoted empty last field");
	check("\"a\",\"b\"", "1:a|b\n", "quoted fields at the data end");
	check("\" lead\",\"trail \"\n", "1: lead|trail \n", "spaces inside quotes are kept");
	check("\"" HEBREW ",\n" ARABIC "\"\n", "1:" HEBREW ",\n" ARABIC "\n",
	    "UTF-8 inside a multi-line quoted field");
}

static void
test_bom_and_separator(void)
{
	char sep, *got;
	const char *in;

	in = "\xef\xbb\xbfname,email\nAnn,a@x\n";
	got = render(in, strlen(in), &sep);
	tap_is_str(got, "1:name|email\n2:Ann|a@x\n",
	    "a UTF-8 BOM is skipped and not part of the first field");
	free(got);
	check("\xef\xbb\xbf", "", "a BOM alone is an empty file");
	check("\xef\xbb\xbf\"q\",x\n", "1:q|x\n", "a quoted field right after the BOM");
	check("a,\xef\xbb\xbf" "b\n", "1:a|\xef\xbb\xbf" "b\n",
	    "U+FEFF elsewhere is data");

	in = "Name;E-mail;Note\nMüller;m@example.de;\"1,5 Std; spät\"\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ';', "';' is detected when it occurs more in the first record");
	tap_is_str(got, "1:Name|E-mail|Note\n2:Müller|m@example.de|1,5 Std; spät\n",
	    "and ',' is then plain data");
	free(got);

	in = "\"a,b,c\";\"d,e\";f\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ';', "separators inside quotes are not counted");
	free(got);
	in = "\n\r\nx;y;z\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ';', "detection looks at the first record, after blank lines");
	tap_is_str(got, "3:x|y|z\n", "and the blank lines still count");
	free(got);
	in = "a,b;c\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ',', "a tie goes to ','");
	free(got);
	in = "single\nx;y;z;w\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ',', "no separator in the first record means ','");
	tap_is_str(got, "1:single\n2:x;y;z;w\n", "later records do not change it");
	free(got);
	in = "a,b\n;;;;\n";
	got = render(in, strlen(in), &sep);
	tap_is_int(sep, ',', "only the first record is counted");
	free(got);
	got = render("", 0, &sep);
	tap_is_int(sep, ',', "an empty file reports ','");
	free(got);
}

static void
check_error(const char *data, size_t len, size_t want_line, const char *words,
    const char *what)
{
	struct csv_reader *r;
	char **f, *cause = NULL, *first = NULL, *again = NULL, want[32];
	size_t n, line = 0, line2 = 0;
	tt_status st;

	if (!tap_ok(csv_open(data, len, &r, &cause) == TT_OK, "%s: opens", what))
		return;
	while ((st = csv_next(r, &f, &n, &line, &first)) == TT_OK)
		;
	snprintf(want, sizeof want, "line %zu: ", want_line);
	tap_is_int(st, TT_EINVAL, "%s: refused as invalid", what);
	tap_ok(first != NULL && strncmp(first, want, strlen(want)) == 0 &&
	    strstr(first, words) != NULL,
	    "%s: one sentence naming line %zu (%s)", what, want_line,
	    first != NULL ? first : "no sentence");
	tap_ok(first != NULL && strchr(first, '\n') == NULL &&
	    first[strlen(first) - 1] == '.', "%s: the sentence is one line "
	    "ending in a full stop", what);
	tap_is_int((intmax_t)line, (intmax_t)want_line, "%s: *line is %zu", what,
	    want_line);
	st = csv_next(r, &f, &n, &line2, &again);
	tap_ok(st == TT_EINVAL && again != NULL && first != NULL &&
	    strcmp(again, first) == 0 && line2 == want_line && n == 0 &&
	    f == NULL, "%s: the error is sticky", what);
	tap_ok(csv_next(r, &f, &n, &line2, NULL) == TT_EINVAL,
	    "%s: and stays so with a NULL cause", what);
	free(first);
	free(again);
	csv_close(&r);
}

static void
test_errors(void)
{
	static const char nul[] = "a,b\nc,d\0e\n";
	struct csv_reader *r;
	char **f, *cause = NULL, *big;
	size_t n, line, i;
	tt_status st;

	check_error("a,b\nc,\"open\nmore\nstill", 20, 2, "never closed",
	    "an unbalanced quote names the line it opened on");
	check_error("\"", 1, 1, "never closed", "a lone quote");
	check_error("a\n\"x\"\"", 6, 2, "never closed",
	    "a doubled quote at the data end does not close");
	check_error("x\n\"ab\"c,d\n", 10, 2, "closing quote",
	    "text after a closing quote");
	check_error("\"a\nb\" ,c\n", 9, 2, "closing quote",
	    "a space after a closing quote, on the quote's line");
	check_error(nul, sizeof nul - 1, 2, "NUL", "a NUL byte in a plain field");
	check_error("a\n\"x\0y\"", 7, 2, "NUL", "a NUL byte in a quoted field");
	check_error("a\n\nb\xff,c\n", 8, 3, "UTF-8", "a 0xFF byte");
	check_error("\"a\n\xc0\xaf\"\n", 7, 2, "UTF-8",
	    "an overlong sequence in line 2 of a quoted field");
	check_error("ok\nend\xe2\x82", 8, 2, "UTF-8",
	    "a sequence cut off by the data end");
	check_error("\xed\xa0\x80", 3, 1, "UTF-8", "a UTF-16 surrogate");
	check_error("\xe2\x82,\xac", 4, 1, "UTF-8",
	    "a sequence broken by a separator");
	check_error("\xef\xbb", 2, 1, "UTF-8", "half a BOM is not UTF-8");

	/* Records before the bad one are delivered. */
	tap_ok(csv_open("a\nb\n\"c", 6, &r, &cause) == TT_OK, "open a file bad at the end");
	st = csv_next(r, &f, &n, &line, &cause);
	tap_ok(st == TT_OK && n == 1 && strcmp(f[0], "a") == 0 && line == 1,
	    "good records before an error are returned");
	csv_next(r, &f, &n, &line, &cause);
	tap_is_int(csv_next(r, &f, &n, &line, &cause), TT_EINVAL,
	    "then the error, in its turn");
	tap_contains(cause, "line 3:", "naming line 3");
	free(cause);
	cause = NULL;
	csv_close(&r);

	/* CSV_MAX_FIELD: exactly the limit is fine, one byte more is not. */
	big = xmalloc(CSV_MAX_FIELD + 16);
	memcpy(big, "h\n", 2);
	memset(big + 2, 'x', CSV_MAX_FIELD);
	tap_ok(csv_open(big, CSV_MAX_FIELD + 2, &r, &cause) == TT_OK, "open a big field");
	csv_next(r, &f, &n, &line, &cause);
	st = csv_next(r, &f, &n, &line, &cause);
	tap_ok(st == TT_OK && strlen(f[0]) == CSV_MAX_FIELD,
	    "a field of exactly CSV_MAX_FIELD bytes is read");
	csv_close(&r);
	memset(big + 2, 'x', CSV_MAX_FIELD + 1);
	check_error(big, CSV_MAX_FIELD + 3, 2, "longer than",
	    "a plain field over CSV_MAX_FIELD");
	memset(big + 2, 'x', CSV_MAX_FIELD + 2);
	big[2] = '"';
	big[CSV_MAX_FIELD + 4] = '"';
	check_error(big, CSV_MAX_FIELD + 5, 2, "longer than",
	    "a quoted field over CSV_MAX_FIELD");
	/* Doubled quotes count once: 2*(MAX/2) bytes of "" is MAX bytes. */
	big[2] = '"';
	for (i = 0; i < CSV_MAX_FIELD; i++)
		big[3 + i] = '"';
	big[3 + CSV_MAX_FIELD] = '"';
	tap_ok(csv_open(big, CSV_MAX_FIELD + 4, &r, &cause) == TT_OK,
	    "open a field of doubled quotes");
	csv_next(r, &f, &n, &line, &cause);
	st = csv_next(r, &f, &n, &line, &cause);
	tap_ok(st == TT_OK && strlen(f[0]) == CSV_MAX_FIELD / 2,
	    "doubled quotes count as one byte against the limit");
	csv_close(&r);
	free(big);
}

static void
check_write(const char *const *fields, size_t n, char sep, const char *want,
    const char *what)
{
	struct buf b = BUF_INIT;

	csv_write_row(&b, fields, n, sep);
	tap_is_str(buf_str(&b), want, "csv_write_row: %s", what);
	buf_free(&b);
}

static void
test_write(void)
{
	const char *plain[] = { "Ann", "ann@example.com", "x" };
	const char *q[] = { "say \"hi\"", "a,b", "a;b", "l1\nl2", "c\rr" };
	const char *sp[] = { " lead", "trail ", "in side", "\tab" };
	const char *nul[] = { NULL, "", "x", NULL };
	const char *one_empty[] = { "" };
	const char *one_null[] = { NULL };
	const char *bom[] = { "\xef\xbb\xbfx" };
	const char *he[] = { HEBREW, ARABIC };
	struct buf b = BUF_INIT;

	check_write(plain, 3, ',', "Ann,ann@example.com,x\r\n",
	    "plain fields are not quoted, CRLF ends the row");
	check_write(plain, 3, ';', "Ann;ann@example.com;x\r\n", "';' separator");
	check_write(q, 5, ',',
	    "\"say \"\"hi\"\"\",\"a,b\",\"a;b\",\"l1\nl2\",\"c\rr\"\r\n",
	    "quotes doubled; separators, LF and CR quoted");
	check_write(q + 1, 2, ';', "\"a,b\";\"a;b\"\r\n",
	    "both separators are quoted whichever is used");
	check_write(sp, 4, ',', "\" lead\",\"trail \",in side,\tab\r\n",
	    "leading and trailing spaces are quoted, inner ones and tabs not");
	check_write(nul, 4, ',', ",,x,\r\n", "NULL writes an empty field");
	check_write(one_empty, 1, ',', "\"\"\r\n",
	    "a row of one empty field is quoted, or it would be a blank line");
	check_write(one_null, 1, ',', "\"\"\r\n", "so is a row of one NULL");
	check_write(bom, 1, ',', "\"\xef\xbb\xbfx\"\r\n",
	    "a field starting with U+FEFF is quoted (a reader drops a leading BOM)");
	check_write(he, 2, ',', HEBREW "," ARABIC "\r\n", "UTF-8 is written as is");
	check_write(NULL, 0, ',', "\r\n", "no fields: a blank line");

	buf_adds(&b, "keep:");
	csv_write_row(&b, plain, 1, ',');
	tap_is_str(buf_str(&b), "keep:Ann\r\n", "csv_write_row appends");
	buf_free(&b);
}

static void
round_trip(const char *const *rows, size_t nrows, size_t ncols, char sep)
{
	struct csv_reader *r;
	struct buf b = BUF_INIT;
	char **f, *cause = NULL;
	size_t n, line, i, k;
	bool same = true;
	tt_status st;

	for (i = 0; i < nrows; i++)
		csv_write_row(&b, rows + i * ncols, ncols, sep);
	if (!tap_ok(csv_open(b.data, b.len, &r, &cause) == TT_OK,
	    "round trip '%c': open", sep))
		return;
	tap_is_int(csv_separator(r), sep, "round trip '%c': separator detected", sep);
	for (i = 0; i < nrows; i++) {
		st = csv_next(r, &f, &n, &line, &cause);
		if (st != TT_OK || n != ncols) {
			tap_diag("row %zu: status %d, %zu fields, %s", i, (int)st,
			    n, cause != NULL ? cause : "");
			same = false;
			break;
		}
		for (k = 0; k < ncols; k++) {
			const char *want = rows[i * ncols + k];

			if (strcmp(f[k], want != NULL ? want : "") != 0) {
				tap_diag("row %zu field %zu: got \"%s\"", i, k, f[k]);
				same = false;
			}
		}
	}
	tap_ok(same, "round trip '%c': every field comes back as written", sep);
	tap_is_int(csv_next(r, &f, &n, &line, &cause), TT_ENOTFOUND,
	    "round trip '%c': and nothing more", sep);
	free(cause);
	csv_close(&r);
	buf_free(&b);
}

static void
test_round_trip(void)
{
	static const char *const rows[] = {
		"name", "e-mail", "note", "",
		"O\"Brien, \"\"Pat\"\"", "pat@example.com", "a;b;c", "",
		" leading", "trailing ", "  ", "\"",
		HEBREW " " ARABIC, "\xd7\x90,\xd8\xa8;\"", "multi\nline\r\nand\rcr", "",
		"", "", "", "",
		NULL, "x", NULL, ",",
		"\xef\xbb\xbf", "5\" screen", "\"\"\"", ";",
	};
	static const char *const first_empty[] = { "", "", "only", "" };
	static const char *const single[] = { "", "a,b", "\"", "", " " };

	round_trip(rows, 7, 4, ',');
	round_trip(rows, 7, 4, ';');
	round_trip(rows + 8, 5, 4, ';');
	round_trip(first_empty, 1, 4, ';');
	round_trip(single, 5, 1, ',');
}

static void
test_big(void)
{
	struct csv_reader *r;
	struct buf b = BUF_INIT;
	char **f, *cause = NULL, last[32] = "";
	size_t n, line = 0, rows = 0, i, bad = 0;
	uint64_t t0, us;
	tt_status st;

	buf_adds(&b, "id,first,last,email,phone,company,title,street,city,zip,country,note\r\n");
	for (i = 0; i < 50000; i++) {
		buf_addf(&b, "%zu,Ann%zu,M\xc3\xbcller,ann%zu@example.com,"
		    "+49 30 %07zu,\"Example, Inc.\",CTO,Hauptstra\xc3\x9f" "e %zu,"
		    "Berlin,10%03zu,DE,\"says \"\"hi\"\"\nsecond line\"\r\n",
		    i, i, i, i, i, i % 1000);
	}
	tap_ok(csv_open(b.data, b.len, &r, &cause) == TT_OK, "open 50,000 rows");
	t0 = time_mono_us();
	while ((st = csv_next(r, &f, &n, &line, &cause)) == TT_OK) {
		if (n != 12)
			bad++;
		else if (rows > 0)
			snprintf(last, sizeof last, "%s", f[0]);
		rows++;
	}
	us = time_mono_us() - t0;
	tap_is_int(st, TT_ENOTFOUND, "50,000 rows read to the end without error");
	tap_is_int((intmax_t)rows, 50001, "header + 50,000 records");
	tap_is_int((intmax_t)bad, 0, "every record has 12 fields");
	tap_is_str(last, "49999", "the last record is the last one written");
	tap_is_int((intmax_t)line, 100002,
	    "the end is on line 100,002 (each record spans two lines)");
	tap_diag("read %zu bytes, 50,000 x 12 fields in %llu us", b.len,
	    (unsigned long long)us);
	/* Generous, for sanitizer builds; an optimised build takes ~10 ms. */
	tap_ok(us < 2000000, "and in reasonable time (%llu ms)",
	    (unsigned long long)(us / 1000));
	free(cause);
	csv_close(&r);
	buf_free(&b);
}

int
main(void)
{
	test_basic();
	test_quoted();
	test_bom_and_separator();
	test_errors();
	test_write();
	test_round_trip();
	test_big();
	return tap_done();
}
