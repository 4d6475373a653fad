/* thread.h - the one public header of src/thread: threading by Message-Id, In-Reply-To and References (THR-01..08). */
#ifndef TETHER_THREAD_H
#define TETHER_THREAD_H

/*
 * Files of this library and their jobs:
 *   thread.c  placing a new message in its thread: find, create, merge
 *
 * The rules: only the id headers decide (never the subject, THR-04); a
 * message whose parent has not arrived yet waits in a thread under a
 * placeholder id, so the parent joins it later; a message that connects two
 * threads merges them into the one whose conversation began first, which
 * keeps its id and its item link; threads never split (THR-05).  Placing a
 * message costs one lookup per id it carries, never a re-thread.
 */

#include "store/store.h"

/*
 * Puts stored message `id` (of account_id, parsed as msg) into its thread,
 * inside the caller's transaction, and returns the thread's id; *created
 * tells whether the message began a new thread.
 * Returns TT_OK or a store error.
 */
tt_status thread_place(struct store *st, int64_t account_id, int64_t id,
    const struct mime_message *msg, int64_t *thread, bool *created,
    char **cause);

#endif
