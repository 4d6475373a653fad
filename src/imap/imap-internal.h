/* imap-internal.h - what the files of src/imap share and nobody else sees. */
#ifndef TETHER_IMAP_INTERNAL_H
#define TETHER_IMAP_INTERNAL_H

#include "imap/imap.h"

/*
 * Where framing stopped last time, so a long line or a big literal that
 * arrives in many reads is scanned once, not once per read.
 */
struct _imap_framer {
	size_t line_start;   /* the start of the line being scanned */
	size_t scanned;      /* bytes of that line already searched for LF */
};

/* imap_frame, resuming from f (all zero for a fresh response). */
tt_status _imap_frame_resume(struct _imap_framer *f, const char *buf,
    size_t len, size_t *frame, size_t *need, char **cause);

/* Base64 of len bytes (heap, NUL-terminated). */
char *_imap_base64(const void *data, size_t len);

#endif
