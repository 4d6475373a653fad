/* intl.c - locale and message-catalogue set-up, done once at start. */
#include <locale.h>

#include "util/util.h"

void
intl_init(void)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif
}
