# src/sync/local.mk - the sync engine: accounts, folders, bodies.
noinst_LIBRARIES += src/sync/libsync.a
src_sync_libsync_a_SOURCES = src/sync/sync.h src/sync/sync-internal.h \
	src/sync/account.c src/sync/folder.c src/sync/bodies.c src/sync/replay.c \
	src/sync/doctor.c src/sync/ask.c src/sync/outbox.c
