# src/util/local.mk - the util layer: every other layer may use it.
noinst_LIBRARIES += src/util/libutil.a
src_util_libutil_a_SOURCES = src/util/util.h src/util/status.c \
	src/util/xmalloc.c src/util/buf.c src/util/json.c src/util/utf8.c src/util/time.c \
	src/util/paths.c src/util/log.c src/util/intl.c
