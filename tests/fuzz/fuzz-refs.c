/* fuzz-refs.c - libFuzzer target: any bytes as a References / Message-Id value. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mime/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = xstrndup((const char *)data, size), **ids, *id;
	size_t n, i;

	mime_init();
	n = mime_parse_refs(value, 100, &ids);
	if (n > 100 || (n == 0) != (ids == NULL))
		abort();
	for (i = 0; i < n; i++) {
		if (ids[i][0] == '\0' || !utf8_valid(ids[i], strlen(ids[i])))
			abort();
	}
	mime_free_strv(ids, n);
	if ((id = mime_normalize_msgid(value)) != NULL &&
	    (id[0] == '\0' || !utf8_valid(id, strlen(id)) || strchr(id, '<') == id))
		abort();
	free(id);
	free(value);
	return 0;
}
