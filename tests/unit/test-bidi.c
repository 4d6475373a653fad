/* test-bidi.c - unit tests of src/bidi against the examples of spec/bidi.md: direction, mirroring, cropping at the end edge, marks, no controls written. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "bidi/bidi.h"

static void
field_is(const char *in, int width, bool pad, const char *detect,
    const char *want, const char *what)
{
	char *got = bidi_field(in, width, pad, BIDI_AUTO, detect);

	tap_is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	struct bidi_para *p;
	char *line;
	int cols;

	/* wcwidth needs a UTF-8 locale, as the interface has. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	/* Spec 6: "(א)" is reversed and mirrored, never ")א(". */
	field_is("(\xd7\x90)", 3, false, NULL, "(\xd7\x90)",
	    "an RTL field in brackets is mirrored");
	/* Spec 4: cropped at the RTL paragraph's end edge, the left. */
	field_is("\xd7\x93\xd7\x95\xd7\x93 <dave@example.org>", 20, false, NULL,
	    "\xe2\x80\xa6" "ve@example.org> \xd7\x93\xd7\x95\xd7\x93",
	    "an RTL From in 20 columns keeps its right part, an ellipsis at the left");
	field_is("hello world", 8, false, NULL, "hello w\xe2\x80\xa6",
	    "an LTR field is cut at the right");
	field_is("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 6, true, NULL,
	    "  \xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9", "an RTL field is right-aligned");
	field_is("ab", 4, true, NULL, "ab  ", "an LTR field is padded on the right");
	/* Spec 3: the direction of a subject ignores "Re:". */
	p = bidi_para_new("Re: \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 12, BIDI_AUTO,
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
	tap_ok(bidi_para_rtl(p), "\"Re: shalom\" resolves right to left");
	bidi_para_free(&p);
	p = bidi_para_new("Re: \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 12, BIDI_AUTO, NULL);
	tap_ok(!bidi_para_rtl(p), "without the hint the first strong letter (R of Re) decides");
	bidi_para_free(&p);
	tap_ok(bidi_detect("-----") == BIDI_AUTO, "a neutral paragraph has no direction of its own");
	tap_ok(bidi_detect("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85") == BIDI_RTL, "Arabic is right to left");
	/* Spec 5: marks follow their base; controls are never written. */
	p = bidi_para_new("\xd7\xa9\xd6\xb8\xd7\x9c", 6, BIDI_AUTO, NULL);
	line = bidi_line(p, 0, bidi_para_len(p), &cols);
	tap_is_str(line, "\xd7\x9c\xd7\xa9\xd6\xb8", "a point stays after its letter when reordered");
	tap_ok(cols == 2, "the point takes no column (%d)", cols);
	free(line);
	bidi_para_free(&p);
	field_is("a\xe2\x80\xae" "bc\xe2\x81\xa6", 5, false, NULL, "abc",
	    "bidi overrides and isolates from mail are dropped");
	/* Line breaking by width, at spaces. */
	p = bidi_para_new("one two three", 13, BIDI_AUTO, NULL);
	tap_ok(bidi_para_break(p, 0, 9) == 8, "a line breaks after the last space that fits");
	tap_ok(bidi_para_break(p, 8, 9) == 13, "the rest fits");
	bidi_para_free(&p);
	/* A later line of a wrapped paragraph is reordered on its own. */
	{
		const char *text = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d "
		    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d";

		p = bidi_para_new(text, strlen(text), BIDI_AUTO, NULL);
		line = bidi_line(p, 10, 9, &cols);
		tap_is_str(line, "\xd7\x9d\xd7\x9c\xd7\x95\xd7\xa2 \xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9",
		    "the second line (from character 10) comes out in visual order");
		tap_ok(cols == 9, "and 9 columns wide (%d)", cols);
		free(line);
		bidi_para_free(&p);
	}
	/* Spec 6: Arabic in presentation forms, without ligatures (4 cells). */
	p = bidi_para_new("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", 8, BIDI_AUTO, NULL);
	line = bidi_line(p, 0, bidi_para_len(p), &cols);
	tap_is_str(line, "\xef\xbb\xa1\xef\xba\x8e\xef\xbb\xa0\xef\xba\xb3",
	    "salaam shaped as FEE1 FE8E FEE0 FEB3");
	tap_ok(cols == 4, "and 4 columns wide (%d)", cols);
	free(line);
	bidi_para_free(&p);
	return tap_done();
}
