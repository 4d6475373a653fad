# src/crm/local.mk - the CRM's rules over the store: items, linking, screening, CSV.
noinst_LIBRARIES += src/crm/libcrm.a
src_crm_libcrm_a_SOURCES = src/crm/crm.h src/crm/csv.h src/crm/block.h \
	src/crm/items.c src/crm/link.c src/crm/screen.c src/crm/block.c src/crm/csv.c src/crm/import.c src/crm/fields.c

check_PROGRAMS += tests/unit/test-csv tests/unit/test-block
TESTS += tests/unit/test-csv tests/unit/test-block
tests_unit_test_csv_SOURCES = tests/unit/test-csv.c
tests_unit_test_csv_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_csv_LDADD = tests/unit/libtap.a src/crm/libcrm.a \
	src/util/libutil.a $(LIBINTL)
tests_unit_test_block_SOURCES = tests/unit/test-block.c
tests_unit_test_block_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_block_LDADD = tests/unit/libtap.a src/crm/libcrm.a \
	src/util/libutil.a $(LIBINTL)

# The import runs against a real store in a temporary directory.
check_PROGRAMS += tests/unit/test-crm-import
TESTS += tests/unit/test-crm-import
tests_unit_test_crm_import_SOURCES = tests/unit/test-crm-import.c
tests_unit_test_crm_import_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit \
	$(SQLITE_CFLAGS)
tests_unit_test_crm_import_LDADD = tests/unit/libtap.a src/crm/libcrm.a \
	src/thread/libthread.a src/store/libstore.a src/mime/libmime.a \
	src/util/libutil.a $(SQLITE_LIBS) $(GMIME_LIBS) $(XML_LIBS) \
	$(OPENSSL_LIBS) $(LIBINTL)
