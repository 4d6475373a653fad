# src/bidi/local.mk - right-to-left layout for the screen (GNU FriBidi).
noinst_LIBRARIES += src/bidi/libbidi.a
src_bidi_libbidi_a_SOURCES = src/bidi/bidi.h src/bidi/bidi.c
src_bidi_libbidi_a_CPPFLAGS = $(AM_CPPFLAGS) $(FRIBIDI_CFLAGS)
