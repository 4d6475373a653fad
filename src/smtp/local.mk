# src/smtp/local.mk - mail submission through libcurl (called by src/sync only).
noinst_LIBRARIES += src/smtp/libsmtp.a
src_smtp_libsmtp_a_SOURCES = src/smtp/smtp.h src/smtp/smtp.c
src_smtp_libsmtp_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)
