/* term.c - what must hold before the full-screen interface can start. */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "ui/ui.h"

tt_status
ui_check_terminal(char **cause)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return tt_fail(cause, TT_EINVAL, _("the interface needs a terminal on "
		    "standard input and output; from scripts, use a command (see "
		    "tether --help)"));
	if (term == NULL || *term == '\0')
		return tt_fail(cause, TT_EINVAL, _("TERM is not set, so tether cannot "
		    "tell how to draw on this terminal; set it (for example "
		    "TERM=xterm-256color)"));
	/* setupterm reads terminfo without touching the screen. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return tt_fail(cause, TT_EINVAL, _("terminfo has no entry for "
		    "TERM=%s; install ncurses-term or set TERM to a known terminal"),
		    term);
	del_curterm(cur_term);
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return tt_fail(cause, TT_EINVAL, _("the locale's character set is %s, "
		    "not UTF-8, so mail in other scripts cannot be shown; set LANG to a "
		    "UTF-8 locale (for example C.UTF-8)"), nl_langinfo(CODESET));
	return TT_OK;
}
