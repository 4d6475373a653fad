/* header.c - header words to UTF-8: RFC 2047 encoded words and raw 8-bit bytes, through GMime. */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-internal.h"

char *
mime_decode_header(const char *raw)
{
	char *unfolded, *decoded, *out;

	if (raw == NULL)
		return xstrdup("");
	/* Folding is transport, not text: the line breaks go, the
	 * whitespace after them stays (RFC 5322 §2.2.3). */
	unfolded = g_mime_utils_header_unfold(raw);
	/* GMime joins adjacent encoded words, converts each word's charset
	 * (an unknown one goes through the fallback list) and reads raw
	 * 8-bit text as UTF-8, else windows-1252. */
	decoded = g_mime_utils_header_decode_text(_mime_options(), unfolded);
	out = _mime_utf8(decoded);
	g_free(decoded);
	g_free(unfolded);
	return out;
}
