/* test-util.c - unit tests of src/util: UTF-8, buffers, JSON escaping, time, paths, logging modes. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/util.h"

static void
test_utf8_valid(void)
{
	static const struct { const char *in; size_t len; bool valid; const char *what; } cases[] = {
		{ "plain ascii", 11, true, "ASCII" },
		{ "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 8, true, "Hebrew" },
		{ "\xf0\x9f\x98\x80", 4, true, "4-byte emoji" },
		{ "\xc0\xaf", 2, false, "overlong slash" },
		{ "\xed\xa0\x80", 3, false, "UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", 4, false, "above U+10FFFF" },
		{ "\xe2\x82", 2, false, "truncated sequence" },
		{ "\x80", 1, false, "lone continuation byte" },
		{ "\xff", 1, false, "0xFF" },
	};
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++)
		tap_ok(utf8_valid(cases[i].in, cases[i].len) == cases[i].valid,
		    "utf8_valid: %s is %s", cases[i].what,
		    cases[i].valid ? "valid" : "rejected");
}

static void
test_utf8_repair_and_safe(void)
{
	static const struct { const char *in; bool keep_nl; const char *want; const char *what; } safe[] = {
		{ "a\x1b[31mred", false, "a\xef\xbf\xbd[31mred", "ESC replaced" },
		{ "tab\there", false, "tab here", "tab becomes space in a field" },
		{ "l1\nl2", true, "l1\nl2", "newline kept in body text" },
		{ "l1\nl2", false, "l1\xef\xbf\xbdl2", "newline replaced in a field" },
		{ "c1\xc2\x9b" "x", false, "c1\xef\xbf\xbdx", "C1 CSI replaced" },
		{ "bad\xff", false, "bad\xef\xbf\xbd", "invalid byte repaired" },
		{ "\xd7\xa9\xd7\x9c", false, "\xd7\xa9\xd7\x9c", "Hebrew untouched" },
	};
	char *s;
	size_t i;

	s = utf8_repair("a\xffz", 3);
	tap_is_str(s, "a\xef\xbf\xbdz", "utf8_repair replaces one bad byte with U+FFFD");
	free(s);
	for (i = 0; i < TT_ARRAY_LEN(safe); i++) {
		s = utf8_terminal_safe(safe[i].in, strlen(safe[i].in), safe[i].keep_nl);
		tap_is_str(s, safe[i].want, "utf8_terminal_safe: %s", safe[i].what);
		free(s);
	}
}

/* Random bytes (fixed seed): repair always yields valid UTF-8, and leaves
 * valid input as it was; the word-at-a-time scan must agree with decode. */
static void
test_utf8_random(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char in[64], *out;
	bool ok = true, same = true;
	size_t len, i, k;

	for (k = 0; k < 20000 && ok && same; k++) {
		len = (size_t)(x % sizeof in);
		for (i = 0; i < len; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			/* Mostly ASCII with some high bytes, like real text. */
			in[i] = (char)((x & 0x300) ? (x & 0x7f) : (x & 0xff));
			if (in[i] == 0)
				in[i] = 'a';
		}
		out = utf8_repair(in, len);
		ok = utf8_valid(out, strlen(out));
		if (utf8_valid(in, len))
			same = strlen(out) == len && memcmp(out, in, len) == 0;
		free(out);
	}
	tap_ok(ok, "repair of 20,000 random strings always gives valid UTF-8");
	tap_ok(same, "and leaves valid strings unchanged");
}

static void
test_utf8_codec(void)
{
	static const uint32_t cps[] = { 0x41, 0x5d0, 0x20ac, 0x1f600, 0x10ffff };
	const char *p, *end;
	char enc[4];
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < TT_ARRAY_LEN(cps); i++) {
		n = utf8_encode(cps[i], enc);
		p = enc;
		end = enc + n;
		tap_ok(n > 0 && utf8_decode(&p, end, &cp) && cp == cps[i] && p == end,
		    "utf8 round trip U+%04X", (unsigned)cps[i]);
	}
	tap_is_int((intmax_t)utf8_encode(0xd800, enc), 0, "utf8_encode refuses a surrogate");
	tap_is_int((intmax_t)utf8_width("abc"), 3, "width of ASCII");
	tap_is_int((intmax_t)utf8_width("\xe4\xb8\xad\xe6\x96\x87"), 4,
	    "width of two CJK characters is 4 columns");
	tap_is_int((intmax_t)utf8_width("e\xcc\x81"), 1,
	    "a combining accent takes no column");
	tap_is_int((intmax_t)utf8_width("\xd7\xa9\xd6\xb8"), 1,
	    "a Hebrew point (qamats) takes no column");
}

static void
test_buf(void)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	tap_is_str(buf_str(&b), "", "an empty buffer reads as \"\"");
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	tap_ok(b.len == strlen(b.data), "the buffer stays NUL-terminated while it grows");
	tap_ok(strncmp(b.data + b.len - 4, "999,", 4) == 0, "formatted appends keep order");
	buf_reset(&b);
	buf_add_json_str(&b, "q\"b\\n\n\x01\xd7\xa9");
	tap_is_str(buf_str(&b), "\"q\\\"b\\\\n\\n\\u0001\xd7\xa9\"",
	    "JSON escaping of quote, backslash, newline, control; UTF-8 kept");
	s = buf_detach(&b);
	tap_ok(b.data == NULL && b.len == 0, "buf_detach leaves the buffer empty");
	free(s);
	s = buf_detach(&b);
	tap_is_str(s, "", "detaching an empty buffer gives \"\"");
	free(s);
}

static void
test_time(void)
{
	static const struct { const char *from; int months; const char *want; } cases[] = {
		{ "2026-03-31T10:00:00Z", -1, "2026-02-28T10:00:00Z" },
		{ "2024-03-31T10:00:00Z", -1, "2024-02-29T10:00:00Z" },
		{ "2026-01-15T00:00:00Z", -3, "2025-10-15T00:00:00Z" },
		{ "2026-11-26T12:00:00Z", -24, "2024-11-26T12:00:00Z" },
		{ "2026-12-31T23:59:59Z", 2, "2027-02-28T23:59:59Z" },
	};
	char out[21];
	time_t t;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		if (!tap_ok(time_parse_utc(cases[i].from, &t), "parse %s", cases[i].from))
			continue;
		time_format_utc(time_add_months(t, cases[i].months), out);
		tap_is_str(out, cases[i].want, "%s %+d months", cases[i].from,
		    cases[i].months);
	}
	tap_ok(!time_parse_utc("2026-11-26 12:00", &t), "a malformed timestamp is refused");
	setenv("TETHER_NOW", "1700000000", 1);
	tap_is_int((intmax_t)time_now(), 1700000000, "TETHER_NOW pins the clock");
	unsetenv("TETHER_NOW");
}

static void
test_paths(const char *tmp)
{
	struct paths p;
	char *cause = NULL, *dir;
	struct stat sb;

	unsetenv("TETHER_PROFILE");
	setenv("HOME", "/home/ann", 1);
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	unsetenv("XDG_DATA_HOME");
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	tap_ok(paths_resolve(NULL, NULL, &p, &cause) == TT_OK, "XDG paths resolve");
	tap_is_str(p.config_file, "/x/conf/tether/config", "config under $XDG_CONFIG_HOME");
	tap_is_str(p.mail_db, "/home/ann/.local/share/tether/mail.db",
	    "mail.db under ~/.local/share when XDG_DATA_HOME is unset");
	tap_is_str(p.log_file, "/home/ann/.local/state/tether/log",
	    "a relative XDG_STATE_HOME is ignored, as the XDG rules say");
	paths_clear(&p);

	setenv("TETHER_PROFILE", "/srv/demo", 1);
	tap_ok(paths_resolve(NULL, NULL, &p, &cause) == TT_OK, "profile from TETHER_PROFILE");
	tap_is_str(p.config_file, "/srv/demo/config", "TETHER_PROFILE holds the config");
	tap_is_str(p.log_file, "/srv/demo/log", "and the log");
	paths_clear(&p);
	tap_ok(paths_resolve("/p2", "/etc/t.conf", &p, &cause) == TT_OK,
	    "--profile beats TETHER_PROFILE");
	tap_is_str(p.mail_db, "/p2/mail.db", "mail.db in the --profile directory");
	tap_is_str(p.config_file, "/etc/t.conf", "--config beats the profile's config");
	paths_clear(&p);
	unsetenv("TETHER_PROFILE");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	tap_ok(paths_resolve(NULL, NULL, &p, &cause) == TT_EINVAL && cause != NULL,
	    "no HOME and no XDG variables is an error with a reason");
	free(cause);
	cause = NULL;

	dir = xasprintf("%s/a/b/c", tmp);
	umask(0);
	tap_ok(path_mkdirs(dir, 0700, &cause) == TT_OK, "path_mkdirs creates parents");
	tap_ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "new directories get the requested mode 0700 even with umask 0");
	tap_ok(path_mkdirs(dir, 0700, &cause) == TT_OK, "path_mkdirs on an existing directory is fine");
	free(dir);
}

static void
test_log(const char *tmp)
{
	char *path = xasprintf("%s/state/log", tmp), *text = NULL, *cause = NULL;
	struct stat sb;
	size_t len;

	umask(0);
	log_init(path);
	tap_ok(stat(path, &sb) != 0, "log_init alone creates no file");
	log_msg(LOG_INFO, "hello %d", 42);
	log_msg(LOG_DEBUG, "hidden at the default threshold");
	log_close();
	tap_ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the log is created 0600 even with umask 0");
	if (file_read_all(path, 4096, &text, &len, &cause) == TT_OK) {
		tap_contains(text, "info: hello 42", "the message is in the log");
		tap_ok(strstr(text, "hidden") == NULL, "debug lines are filtered by default");
	} else
		tap_ok(false, "read the log: %s", cause);
	free(text);
	free(cause);
	log_init(NULL);
	free(path);
}

static void
test_status(void)
{
	char *cause = NULL;

	tap_ok(tt_fail(&cause, TT_EIO, "first %d", 1) == TT_EIO, "tt_fail returns its status");
	tt_fail(&cause, TT_EINVAL, "second");
	tap_is_str(cause, "first 1", "the innermost cause is kept");
	free(cause);
	tap_ok(tt_fail(NULL, TT_EPERM, "x") == TT_EPERM, "a NULL cause is allowed");
	tap_is_str(tt_status_name(TT_ECORRUPT), "corrupt", "status names are stable");
}

static void
test_safe_filename(void)
{
	static const struct { const char *in; const char *want; } cases[] = {
		{ "report.pdf", "report.pdf" },
		{ "../../etc/passwd", "passwd" },
		{ "C:\\Users\\x\\evil.exe", "evil.exe" },
		{ "..", "attachment-3" },
		{ ".bashrc", "bashrc" },
		{ "", "attachment-3" },
		{ "a\x1b[2Jb.txt", "a[2Jb.txt" },
		{ "\xd7\x93\xd7\x95\xd7\x97.pdf", "\xd7\x93\xd7\x95\xd7\x97.pdf" },
		{ "name. ", "name" },
		{ "dir/", "attachment-3" },
	};
	struct buf longname = BUF_INIT;
	char *s;
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(cases); i++) {
		s = path_safe_filename(cases[i].in, 3);
		tap_is_str(s, cases[i].want, "safe file name for \"%s\"", cases[i].in);
		free(s);
	}
	for (i = 0; i < 150; i++)
		buf_adds(&longname, "\xd7\xa9");
	buf_adds(&longname, ".pdf");
	s = path_safe_filename(buf_str(&longname), 1);
	tap_ok(strlen(s) <= 200 && utf8_valid(s, strlen(s)) &&
	    strcmp(s + strlen(s) - 4, ".pdf") == 0,
	    "a long name is cut to 200 bytes at a character boundary, keeping .pdf");
	free(s);
	buf_free(&longname);
}

static void
test_json(void)
{
	struct buf b = BUF_INIT;
	struct json j;

	json_init(&j, &b);
	json_object_begin(&j);
	json_kint(&j, "id", 7);
	json_key(&j, "list");
	json_array_begin(&j);
	json_str(&j, "a");
	json_null(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_kstr(&j, "bad", "x\xffy");
	json_kbool(&j, "t", true);
	json_ktime(&j, "when", 0);
	json_object_end(&j);
	tap_is_str(buf_str(&b), "{\"id\": 7, \"list\": [\"a\", null, {}], "
	    "\"bad\": \"x\xef\xbf\xbdy\", \"t\": true, \"when\": \"1970-01-01T00:00:00Z\"}",
	    "the JSON writer places commas and repairs invalid UTF-8");
	buf_free(&b);
}

int
main(void)
{
	char tmpl[] = "/tmp/tether-test-util-XXXXXX";
	char *tmp = mkdtemp(tmpl), *cmd;
	int rc;

	if (tmp == NULL) {
		printf("1..0 # SKIP cannot create a temporary directory\n");
		return 0;
	}
	test_utf8_valid();
	test_utf8_repair_and_safe();
	test_utf8_codec();
	test_utf8_random();
	test_buf();
	test_time();
	test_status();
	test_safe_filename();
	test_json();
	test_paths(tmp);
	test_log(tmp);
	cmd = xasprintf("rm -rf '%s'", tmp);
	rc = system(cmd);
	(void)rc;
	free(cmd);
	return tap_done();
}
