/* util.h - the one public header of src/util: memory, buffers, UTF-8, time, paths, logging, status. */
#ifndef TETHER_UTIL_H
#define TETHER_UTIL_H

/*
 * Files of this library and their jobs:
 *   status.c   the status enum and the `char **cause` helpers
 *   xmalloc.c  allocation wrappers that never return NULL
 *   buf.c      growable byte buffers, JSON string escaping
 *   json.c     a streaming JSON writer (commas placed for the caller)
 *   utf8.c     UTF-8 decode/encode/validate, repair, display width, terminal-safe text
 *   time.c     clocks, UTC formatting, calendar arithmetic
 *   paths.c    XDG directories, profiles, mkdir -p, file helpers
 *   log.c      the log file ($XDG_STATE_HOME/tether/log or PROFILE/log), 0600
 *   intl.c     locale and gettext set-up
 *
 * Conventions used across tether:
 *   - Every fallible function returns `tt_status` (TT_OK == 0) and writes its
 *     results through out-pointers.  When it fails and `cause` is not NULL,
 *     *cause receives one heap-allocated sentence for a user (what failed and
 *     what to do); the caller prints and frees it.
 *   - Allocation never fails (x* wrappers abort with a message).
 *   - `thing_new()` pairs with `thing_free(struct thing **)`, which frees
 *     children and sets the caller's pointer to NULL.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "config.h"

#if defined(__GNUC__) || defined(__clang__)
#define TT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TT_NORETURN __attribute__((noreturn))
#else
#define TT_PRINTF(f, a)
#define TT_NORETURN
#endif

#define TT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* --- gettext ------------------------------------------------------------ */

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define ngettext_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define ngettext_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
/* Marks a string for translation where it is stored, translated where used. */
#define N_(s) (s)

/* Sets the locale from the environment and binds tether's message catalogue. */
void intl_init(void);

/* --- status and cause --------------------------------------------------- */

typedef enum tt_status {
	TT_OK = 0,
	TT_EINVAL,      /* bad input: an argument, a config value, a malformed file */
	TT_EIO,         /* the file system or a pipe failed */
	TT_ENOTFOUND,   /* the named thing does not exist */
	TT_EEXIST,      /* it exists already and must not be overwritten */
	TT_EPERM,       /* permissions forbid it */
	TT_EDB,         /* the database engine failed */
	TT_ECORRUPT,    /* a damaged file, or a file that is not tether's */
	TT_EVERSION,    /* a file written by a newer tether */
	TT_EBUSY,       /* locked by another process */
	TT_ECMD,        /* an external command (password_cmd, …) failed */
	TT_EUNSUPPORTED,/* refused by design (POP3, plaintext, …) */
	TT_ENET,        /* DNS, refused, reset */
	TT_ETIMEOUT,    /* no answer in time */
	TT_ETLS,        /* TLS handshake or certificate */
	TT_EAUTH,       /* the server refused the credentials */
	TT_EPROTO,      /* the peer broke the protocol */
	TT_STATUS_COUNT
} tt_status;

/* A short, stable name for a status ("invalid", "io", …), for logs and JSON. */
const char *tt_status_name(tt_status st);

/*
 * Sets *cause (when cause is not NULL and *cause is still NULL) to the
 * formatted sentence and returns st, so a failure is one line:
 *     return tt_fail(cause, TT_EINVAL, _("port %d is …"), port);
 * The first cause set wins, which keeps the innermost, most precise one.
 */
tt_status tt_fail(char **cause, tt_status st, const char *fmt, ...) TT_PRINTF(3, 4);
tt_status tt_vfail(char **cause, tt_status st, const char *fmt, va_list ap) TT_PRINTF(3, 0);

/* --- memory ------------------------------------------------------------- */

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Reallocates n*size bytes, checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) TT_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) TT_PRINTF(1, 0);
/* Aborts the program with a message: for broken invariants, not user errors. */
TT_NORETURN void fatalx(const char *fmt, ...) TT_PRINTF(1, 2);
/* Overwrites secret bytes before they are freed; s may be NULL. */
void secret_wipe(char *s);

/* --- growable buffers --------------------------------------------------- */

/* Bytes with a trailing NUL kept after len, so data is always a C string. */
struct buf {
	char *data; /* owned; NULL until the first add */
	size_t len;
	size_t cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) TT_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) TT_PRINTF(2, 0);
/* Appends s as a JSON string literal, quotes included. */
void buf_add_json_str(struct buf *b, const char *s);
void buf_reset(struct buf *b);
/* Returns the string (never NULL) and leaves b empty; the caller owns it. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* The contents as a C string, "" when empty. */
const char *buf_str(const struct buf *b);

/* --- JSON output -------------------------------------------------------- */

#define JSON_MAX_DEPTH 32

/* Writes one JSON document into a buffer; strings are repaired to UTF-8. */
struct json {
	struct buf *out;                 /* foreign */
	int depth;
	bool nonempty[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json *j, struct buf *out);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);
/* A string value; NULL writes null. */
void json_str(struct json *j, const char *s);
void json_int(struct json *j, int64_t v);
/* A number in its shortest exact-enough form (15 digits); NaN is null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A time as "2026-11-26T12:00:00Z". */
void json_time(struct json *j, time_t t);
/* key + value in one call. */
void json_kstr(struct json *j, const char *key, const char *v);
void json_kint(struct json *j, const char *key, int64_t v);
void json_kbool(struct json *j, const char *key, bool v);
void json_ktime(struct json *j, const char *key, time_t v);

/* --- UTF-8 -------------------------------------------------------------- */

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from [*p, end).  On success advances *p and returns
 * true.  On invalid input (overlong, surrogate, > U+10FFFF, truncated) stores
 * U+FFFD, advances *p by one byte and returns false.
 */
bool utf8_decode(const char **p, const char *end, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length, 0 if invalid. */
size_t utf8_encode(uint32_t cp, char *out);
bool utf8_valid(const char *s, size_t len);
/* A valid UTF-8 copy: each invalid byte becomes U+FFFD. */
char *utf8_repair(const char *s, size_t len);
/* Display columns of one code point: 0 (combining), 1 or 2 (wide), -1 (control). */
int utf8_cp_width(uint32_t cp);
/* Display columns of a UTF-8 string; invalid bytes and controls count 1. */
size_t utf8_width(const char *s);
/*
 * A copy safe to draw on a terminal: C0/C1 controls, DEL and escape sequences
 * become U+FFFD (a tab becomes a space, unless keep_newlines, which also
 * keeps '\n'); invalid bytes are repaired.
 */
char *utf8_terminal_safe(const char *s, size_t len, bool keep_newlines);
/* ASCII-only case-insensitive comparison helpers (locale independent). */
int ascii_strcasecmp(const char *a, const char *b);
int ascii_strncasecmp(const char *a, const char *b, size_t n);
/* Lower-cases ASCII letters in place and returns s. */
char *ascii_lower(char *s);

/* --- time --------------------------------------------------------------- */

/* Seconds since the epoch (UTC); tests may pin it with TETHER_NOW=EPOCH. */
time_t time_now(void);
/* A monotonic clock in milliseconds, for timeouts and durations. */
uint64_t time_mono_ms(void);
/* The same in microseconds, for timing short work. */
uint64_t time_mono_us(void);
/* Writes "2026-11-26T12:00:00Z" into out (at least 21 bytes). */
void time_format_utc(time_t t, char out[static 21]);
/* Parses the format written by time_format_utc; false on anything else. */
bool time_parse_utc(const char *s, time_t *out);
/* t moved by whole calendar months (negative goes back); the day is clamped. */
time_t time_add_months(time_t t, int months);

/* --- paths and files ---------------------------------------------------- */

/* Where one tether setup keeps its files; every field owned. */
struct paths {
	char *profile;     /* the --profile directory, or NULL for XDG */
	char *config_file; /* PROFILE/config or $XDG_CONFIG_HOME/tether/config */
	char *data_dir;    /* PROFILE or $XDG_DATA_HOME/tether (mail.db, crm.db) */
	char *state_dir;   /* PROFILE or $XDG_STATE_HOME/tether */
	char *log_file;    /* state_dir/log */
	char *mail_db;     /* data_dir/mail.db */
};

/*
 * Works out the paths from a profile directory (may be NULL: then
 * $TETHER_PROFILE, then the XDG variables and $HOME) and an explicit config
 * file (may be NULL).  Creates nothing.
 * Returns TT_OK or TT_EINVAL (no HOME, relative XDG variable ignored, …).
 */
tt_status paths_resolve(const char *profile, const char *config_file,
    struct paths *out, char **cause);
void paths_clear(struct paths *p);
/* An absolute form of path (relative to the working directory). */
char *path_absolute(const char *path);
/* "dir/name"; a name that is already absolute is returned as is. */
char *path_join(const char *dir, const char *name);
/* Creates dir and its missing parents with mode (existing ones are kept). */
tt_status path_mkdirs(const char *dir, unsigned mode, char **cause);
/* Reads a whole file (at most max bytes) into *out, NUL-terminated. */
tt_status file_read_all(const char *path, size_t max, char **out, size_t *len,
    char **cause);
/*
 * A file name from a sender's suggestion: the last path part only, no
 * control characters, no leading dots or spaces (no hidden files, no ".."),
 * never empty ("attachment-NUMBER"), at most 200 bytes (cut at a character
 * boundary, keeping a short extension).
 */
char *path_safe_filename(const char *suggested, size_t number);
/* Expands a leading "~/" with $HOME; otherwise returns a plain copy. */
char *path_expand_home(const char *path);

/* --- logging ------------------------------------------------------------ */

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/*
 * Sets the log file; it is created (0600, parent 0700) at the first message,
 * so commands that log nothing create nothing.  NULL turns logging off.
 * TETHER_LOG_LEVEL=debug|info|warn|error sets the threshold (default info).
 */
void log_init(const char *path);
void log_msg(enum log_level level, const char *fmt, ...) TT_PRINTF(2, 3);
/* Flushes and closes the log file. */
void log_close(void);

#endif
