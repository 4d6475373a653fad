/* main.c - tether's entry point: run a subcommand, or open the interface when there is none. */
#include <signal.h>

#include "cli/cli.h"
#include "ui/ui.h"

int
main(int argc, char **argv)
{
	struct cli_ctx ctx;
	int first, rc;

	/* A server that hangs up while tether writes must be an error to
	 * report, not a signal that ends the process. */
	signal(SIGPIPE, SIG_IGN);
	intl_init();
	rc = cli_parse_global(argc, argv, &ctx, &first);
	if (rc >= 0) {
		cli_ctx_clear(&ctx);
		return rc;
	}
	if (first == argc)
		rc = ui_main(&ctx);
	else
		rc = cli_dispatch(&ctx, argc - first, argv + first);
	cli_ctx_clear(&ctx);
	return rc;
}
