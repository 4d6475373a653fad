/* mkconfman.c - copies tether.conf.5 from stdin to stdout with its generated part rebuilt from the options table. */
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

#define BEGIN_MARK ".\\\" BEGIN GENERATED FROM src/config/options.c"
#define END_MARK ".\\\" END GENERATED"

int
main(void)
{
	struct buf gen = BUF_INIT;
	char line[4096];
	bool inside = false, seen = false;

	while (fgets(line, sizeof line, stdin) != NULL) {
		if (strncmp(line, BEGIN_MARK, strlen(BEGIN_MARK)) == 0) {
			fputs(line, stdout);
			config_write_man(&gen);
			fputs(buf_str(&gen), stdout);
			inside = seen = true;
			continue;
		}
		if (strncmp(line, END_MARK, strlen(END_MARK)) == 0)
			inside = false;
		if (!inside)
			fputs(line, stdout);
	}
	buf_free(&gen);
	if (!seen || inside) {
		fprintf(stderr, "mkconfman: the page lacks the BEGIN/END GENERATED markers\n");
		return 1;
	}
	return 0;
}
