# src/mime/local.mk - the mime layer: messages parsed with GMime, HTML read with libxml2.
noinst_LIBRARIES += src/mime/libmime.a
src_mime_libmime_a_SOURCES = src/mime/mime.h src/mime/mime-internal.h \
	src/mime/parse.c src/mime/header.c src/mime/address.c \
	src/mime/msgid.c src/mime/date.c src/mime/body.c src/mime/html.c \
	src/mime/snippet.c src/mime/attach.c
src_mime_libmime_a_CPPFLAGS = $(AM_CPPFLAGS) $(GMIME_CFLAGS) $(XML_CFLAGS) \
	$(OPENSSL_CFLAGS)

check_PROGRAMS += tests/unit/test-mime
TESTS += tests/unit/test-mime
tests_unit_test_mime_SOURCES = tests/unit/test-mime.c
tests_unit_test_mime_CPPFLAGS = $(UNIT_CPPFLAGS) $(GMIME_CFLAGS)
tests_unit_test_mime_LDADD = tests/unit/libtap.a src/mime/libmime.a \
	src/util/libutil.a $(GMIME_LIBS) $(XML_LIBS) $(OPENSSL_LIBS) $(LIBINTL)
