/* ui.h - the one public header of ui/: the ncurses front-end, which calls src/ only. */
#ifndef TETHER_UI_H
#define TETHER_UI_H

/*
 * Files of this directory and their jobs:
 *   main.c  the program's entry: a subcommand through src/cli, or the interface
 *   term.c  terminal checks before the interface starts
 *   app.c   the interface: panes (index, thread, folders, help) as small
 *           vtables, the keymap, search, the command line and the loop
 *   text.c  mail text made safe, cut to display columns, wrapped
 *   child.c the sync engine as a child process: events in, wake-ups out
 *   setup.c adding an account: preset, address, password command, a test
 * Nothing here runs SQL or opens a socket (tests/integration checks it).
 */

#include "cli/cli.h"

/*
 * Checks that stdin and stdout are a terminal that terminfo knows and that
 * the locale's character set is UTF-8 capable.
 * Returns TT_OK, or TT_EINVAL with the reason in *cause.
 */
tt_status ui_check_terminal(char **cause);

/* Starts the full-screen interface; returns a CLI_EXIT_* status. */
int ui_main(struct cli_ctx *ctx);

#endif
