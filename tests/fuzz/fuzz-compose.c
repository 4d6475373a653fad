/* fuzz-compose.c - libFuzzer target: any bytes as a draft's text (markup, flowed), as a message file to send (tether send) and as an original to reply to and forward. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *own[] = { "dana@tether-test.example" };
	char *text = utf8_repair((const char *)data, size), *html, *flowed;
	struct compose_out out;
	struct draft d;
	char *cause = NULL;

	/* The editor's text is UTF-8: what the markup and flowing make of
	 * it must be too. */
	html = compose_markup_html(text);
	flowed = compose_flowed(text);
	if (!utf8_valid(html, strlen(html)) || !utf8_valid(flowed, strlen(flowed)))
		abort();
	(void)compose_markup_used(text);
	free(html);
	free(flowed);
	free(text);

	if (compose_prepare((const char *)data, size, 1790000000, "dana@tether-test.example",
	    &out, &cause) == TT_OK) {
		/* Bcc never leaves in the bytes. */
		if (out.nrcpts == 0 || out.message_id == NULL)
			abort();
		compose_out_clear(&out);
	}
	free(cause);
	cause = NULL;
	for (int mode = COMPOSE_REPLY; mode <= COMPOSE_FORWARD_ATTACH; mode++) {
		if (compose_reply((const char *)data, size, (enum compose_mode)mode, own, 1,
		    "Dana", "dana@tether-test.example", &d, &cause) != TT_OK) {
			free(cause);
			cause = NULL;
			continue;
		}
		if (d.to == NULL || d.to[0] == '\0') {
			free(d.to);
			d.to = xstrdup("ann@example.com");
		}
		if (compose_build(&d, 1790000000, &out, &cause) == TT_OK)
			compose_out_clear(&out);
		free(cause);
		cause = NULL;
		draft_clear(&d);
	}
	return 0;
}
