/* tap.h - a tiny Test Anything Protocol emitter for the unit tests (automake's tap-driver reads it). */
#ifndef TETHER_TAP_H
#define TETHER_TAP_H

#include <stdbool.h>
#include <stdint.h>

/* Each returns cond/equality so a test can stop early on a failed precondition. */
bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool tap_is_int(intmax_t got, intmax_t want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True when needle occurs in hay (hay may be NULL, which fails). */
bool tap_contains(const char *hay, const char *needle, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tap_skip(const char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan ("1..N") and returns the exit status: 0 when all passed. */
int tap_done(void);

#endif
