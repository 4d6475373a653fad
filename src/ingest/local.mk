# src/ingest/local.mk - the path every message takes into the store.
noinst_LIBRARIES += src/ingest/libingest.a
src_ingest_libingest_a_SOURCES = src/ingest/ingest.h src/ingest/ingest.c
