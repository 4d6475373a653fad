# src/store/local.mk - the store layer: SQLite open, migrations, queries; the only SQL in tether.
noinst_LIBRARIES += src/store/libstore.a
src_store_libstore_a_SOURCES = src/store/store.h src/store/store-internal.h \
	src/store/store.c src/store/migrate.c src/store/schema-mail.c \
	src/store/schema-crm.c src/store/stmt.c src/store/folders.c \
	src/store/messages.c src/store/threads.c src/store/query.c \
	src/store/search.c src/store/sync.c src/store/journal.c \
	src/store/crm.c src/store/links.c src/store/outbox.c src/store/templates.c
src_store_libstore_a_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS)

check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store
tests_unit_test_store_SOURCES = tests/unit/test-store.c
tests_unit_test_store_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit \
	$(SQLITE_CFLAGS)
tests_unit_test_store_LDADD = tests/unit/libtap.a src/store/libstore.a \
	src/util/libutil.a $(SQLITE_LIBS) $(LIBINTL)
