# src/compose/local.mk - drafts into messages: building with GMime, replies and forwards, the markup.
noinst_LIBRARIES += src/compose/libcompose.a
src_compose_libcompose_a_SOURCES = src/compose/compose.h src/compose/build.c \
	src/compose/markup.c src/compose/reply.c src/compose/fields.c \
	src/compose/queue.c
src_compose_libcompose_a_CPPFLAGS = $(AM_CPPFLAGS) $(GMIME_CFLAGS) $(FRIBIDI_CFLAGS) \
	$(SQLITE_CFLAGS)

check_PROGRAMS += tests/unit/test-compose
TESTS += tests/unit/test-compose
tests_unit_test_compose_SOURCES = tests/unit/test-compose.c
tests_unit_test_compose_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(GMIME_CFLAGS)
tests_unit_test_compose_LDADD = tests/unit/libtap.a src/compose/libcompose.a \
	src/bidi/libbidi.a src/mime/libmime.a src/util/libutil.a \
	$(GMIME_LIBS) $(FRIBIDI_LIBS) $(XML_LIBS) $(OPENSSL_LIBS) $(LIBINTL)
