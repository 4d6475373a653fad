/* fuzz-message.c - libFuzzer target: any bytes through mime_parse and every attachment's bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mime/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The promise of mime.h, checked: every string valid UTF-8. */
static void
check_utf8(const char *s)
{
	if (s != NULL && !utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	struct mime_message *m = NULL;
	char *cause = NULL, *bytes;
	size_t i, len;

	mime_init();
	if (mime_parse(raw, size, 0, &m, &cause) != TT_OK) {
		free(cause);
		return 0;
	}
	check_utf8(m->message_id);
	check_utf8(m->subject);
	check_utf8(m->body);
	check_utf8(m->snippet);
	check_utf8(m->warning);
	for (i = 0; i < m->nrefs; i++)
		check_utf8(m->refs[i]);
	for (i = 0; i < m->from.n; i++) {
		check_utf8(m->from.v[i].name);
		check_utf8(m->from.v[i].email);
	}
	for (i = 0; i < m->natts; i++) {
		check_utf8(m->atts[i].filename);
		bytes = NULL;
		if (mime_attachment_bytes(raw, size, i, &bytes, &len, &cause) != TT_OK ||
		    len != m->atts[i].size)
			abort(); /* listed, so it must be there, with the listed size */
		free(bytes);
	}
	mime_message_free(&m);
	return 0;
}
