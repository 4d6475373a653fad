/* output.h - what several commands print: messages and threads as text or JSON, store opening, argument parsing. */
#ifndef TETHER_CLI_OUTPUT_H
#define TETHER_CLI_OUTPUT_H

#include "cli/cli.h"
#include "config/config.h"
#include "store/store.h"
#include "crm/crm.h"

/*
 * Loads the configuration and opens the store of ctx's paths (creating the
 * databases on first use).  Prints the reason and returns CLI_EXIT_FAIL on
 * failure; *cfg may be NULL when not wanted.
 */
int cli_open_store(struct cli_ctx *ctx, struct config **cfg, struct store **st);
/* Closes what cli_open_store opened (either may be NULL). */
void cli_close_store(struct config **cfg, struct store **st);

/*
 * Fills the body text of messages from their raw bytes (the store keeps
 * the bytes, not the text).  A message without bytes gets "".
 * Prints the reason and returns false on a store failure.
 */
bool cli_fill_bodies(struct cli_ctx *ctx, struct store *st,
    struct store_message *v, size_t n);

/* A positive integer argument; prints a usage error and returns false when not. */
bool cli_parse_id(struct cli_ctx *ctx, const char *what, const char *arg,
    int64_t *out);

/*
 * One option of the listing commands at argv[*i] (--json, --limit N,
 * --offset N, and --folder F / --threads where folder / threads are not
 * NULL); advances *i past a value.  Prints a usage error and returns false
 * for anything else.
 */
bool cli_list_options(struct cli_ctx *ctx, int argc, char **argv, int *i,
    struct store_query *q, bool *json, const char **folder, bool *threads);

/* Text from mail, made safe for the terminal (controls replaced). */
void cli_put_safe(FILE *fp, const char *s, bool keep_newlines);

/* Prints a finished JSON document with its newline and frees the buffer. */
void cli_put_json(struct cli_ctx *ctx, struct buf *out);

/* JSON objects of the shapes tether(1) documents. */
void cli_json_message(struct json *j, const struct store_message *m,
    bool with_body);
/* A thread with its link, persons and link reason (read from st). */
void cli_json_thread(struct json *j, struct store *st,
    const struct store_thread *t, bool default_shared);
/* An item a thread links to: {kind, id, title, status, stage, value}. */
void cli_json_link(struct json *j, const struct store_link *l);
void cli_json_addrs(struct json *j, const struct mime_addrlist *l);

/* One line per message / thread for people. */
void cli_text_message_line(FILE *fp, const struct store_message *m);
void cli_text_thread_line(FILE *fp, const struct store_thread *t);
/* Headers and body of one message. */
void cli_text_message(FILE *fp, const struct store_message *m);

#endif
