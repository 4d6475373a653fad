/* replay.c - runs a fuzz target over files named on the command line, for make check without libFuzzer. */
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	char *data, *cause = NULL;
	size_t len;
	int i;

	for (i = 1; i < argc; i++) {
		if (file_read_all(argv[i], 64 * 1024 * 1024, &data, &len, &cause) != TT_OK) {
			fprintf(stderr, "replay: %s\n", cause);
			free(cause);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
