# src/imap/local.mk - the IMAP client: response parser, modified UTF-7, UID sets, the connection.
noinst_LIBRARIES += src/imap/libimap.a
src_imap_libimap_a_SOURCES = src/imap/imap.h src/imap/imap-internal.h \
	src/imap/parse.c src/imap/utf7.c src/imap/uidset.c src/imap/util.c \
	src/imap/conn.c
src_imap_libimap_a_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
