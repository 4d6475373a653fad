/* cli.h - the one public header of src/cli: global options and the table of subcommands. */
#ifndef TETHER_CLI_H
#define TETHER_CLI_H

/*
 * Files of this library and their jobs:
 *   cli.c         global options, the command table, dispatch, help
 *   output.c      what several commands print (JSON shapes, text lines)
 *   demo.c        tether --demo: the throwaway demo profile
 *   cmd-NAME.c    tether NAME: config, import, list, show, thread, search,
 *                 attachments, save-attachment, sync, journal, doctor;
 *   cmd-act.c     read, unread, flag, unflag, archive, delete, move
 *   cmd-crm.c     crm add|edit|show|list|delete|convert|import|export
 *   cmd-link.c    link, unlink
 *   cmd-block.c   block add|remove|list|apply|release
 * Each subcommand lives in its own cmd-NAME.c and is one table entry.
 */

#include "util/util.h"

/* Exit statuses shared by every command. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1    /* the command ran and failed, or found errors */
#define CLI_EXIT_USAGE 2   /* the command line itself is wrong */

/* What every command gets: the resolved paths and the output streams. */
struct cli_ctx {
	struct paths paths; /* owned */
	FILE *out;          /* foreign: stdout */
	FILE *err;          /* foreign: stderr */
	bool demo;          /* --demo: a throwaway profile, no sync */
};

struct cli_cmd {
	const char *name;
	const char *usage;    /* arguments after the name, for help */
	const char *summary;  /* one line, marked N_() */
	/* argv[0] is the command name.  Returns a CLI_EXIT_* status. */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

/*
 * Parses the global options (--profile, --config, --help, --version) and
 * resolves the paths into ctx.  Returns -1 to go on, with *first set to the
 * index of the command word in argv (== argc when there is none); else the
 * exit status to end with (help, version, or a usage error already printed).
 */
int cli_parse_global(int argc, char **argv, struct cli_ctx *ctx, int *first);
/* Makes the throwaway demo profile (sample accounts and mail) and points
 * ctx's paths at it; a CLI_EXIT_* status. */
int cli_demo(struct cli_ctx *ctx);
/* Runs the subcommand argv[0] with its arguments. */
int cli_dispatch(struct cli_ctx *ctx, int argc, char **argv);
void cli_ctx_clear(struct cli_ctx *ctx);

/* Prints "tether: " and the message to ctx->err. */
void cli_error(struct cli_ctx *ctx, const char *fmt, ...) TT_PRINTF(2, 3);
/* Prints a command's usage line to fp. */
void cli_usage(FILE *fp, const struct cli_cmd *cmd);

extern const struct cli_cmd cli_cmd_config;
extern const struct cli_cmd cli_cmd_import;
extern const struct cli_cmd cli_cmd_list;
extern const struct cli_cmd cli_cmd_show;
extern const struct cli_cmd cli_cmd_thread;
extern const struct cli_cmd cli_cmd_search;
extern const struct cli_cmd cli_cmd_attachments;
extern const struct cli_cmd cli_cmd_save_attachment;
extern const struct cli_cmd cli_cmd_sync;
extern const struct cli_cmd cli_cmd_read;
extern const struct cli_cmd cli_cmd_unread;
extern const struct cli_cmd cli_cmd_flag;
extern const struct cli_cmd cli_cmd_unflag;
extern const struct cli_cmd cli_cmd_archive;
extern const struct cli_cmd cli_cmd_delete;
extern const struct cli_cmd cli_cmd_move;
extern const struct cli_cmd cli_cmd_journal;
extern const struct cli_cmd cli_cmd_doctor;
extern const struct cli_cmd cli_cmd_crm;
extern const struct cli_cmd cli_cmd_link;
extern const struct cli_cmd cli_cmd_unlink;
extern const struct cli_cmd cli_cmd_block;
extern const struct cli_cmd cli_cmd_compose;
extern const struct cli_cmd cli_cmd_send;
extern const struct cli_cmd cli_cmd_outbox;
extern const struct cli_cmd cli_cmd_draft;
extern const struct cli_cmd cli_cmd_template;
extern const struct cli_cmd cli_cmd_signature;

/* The Unix user's login: the owner of private templates. */
const char *cli_user_name(void);

struct config;
struct store;
struct account;
struct compose_out;
/* Sends the due outbox messages of every account (or only `only`) now,
 * under the sync lock (a running sync sends them itself); prints what
 * happened.  CLI_EXIT_FAIL when a message could not leave. */
int cli_outbox_flush(struct cli_ctx *ctx, const struct config *cfg,
    struct store *st, const char *only);
/* Queues a built message of account a with its envelope; send_at 0 for
 * now.  *id gets the row. */
int cli_outbox_queue(struct cli_ctx *ctx, struct store *st,
    const struct account *a, const struct compose_out *msg, time_t send_at,
    const char *item_type, const char *item_id, int64_t *id);

#endif
