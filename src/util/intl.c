/* intl.c - locale and message-catalogue set-up, done once at start. */
#include <locale.h>
#include <stdlib.h>

#include "util/util.h"

void
intl_init(void)
{
#ifdef ENABLE_NLS
	const char *dir = getenv("TETHER_LOCALEDIR");
#endif

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/* TETHER_LOCALEDIR lets tests use catalogues from the build tree. */
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif
}
