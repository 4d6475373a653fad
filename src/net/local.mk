# src/net/local.mk - TLS connections for the IMAP client (OpenSSL).
noinst_LIBRARIES += src/net/libnet.a
src_net_libnet_a_SOURCES = src/net/net.h src/net/tls.c
src_net_libnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
