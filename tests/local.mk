# tests/local.mk - unit programs (TAP), shell integration scripts (TAP), fuzz targets.
# Every test speaks TAP, so the harness counts each assertion, not each file.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = bash
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	TETHER='$(abs_top_builddir)/tether'; \
	export top_srcdir top_builddir TETHER;

check_LIBRARIES += tests/unit/libtap.a
tests_unit_libtap_a_SOURCES = tests/unit/tap.h tests/unit/tap.c

UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test-util tests/unit/test-config
TESTS += tests/unit/test-util tests/unit/test-config

tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_util_LDADD = tests/unit/libtap.a src/util/libutil.a $(LIBINTL)

tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_config_LDADD = tests/unit/libtap.a src/config/libconfig.a \
	src/util/libutil.a $(LIBINTL)

check_PROGRAMS += tests/unit/test-imap tests/unit/test-bidi
TESTS += tests/unit/test-imap tests/unit/test-bidi
tests_unit_test_bidi_SOURCES = tests/unit/test-bidi.c
tests_unit_test_bidi_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_bidi_LDADD = tests/unit/libtap.a src/bidi/libbidi.a \
	src/util/libutil.a $(FRIBIDI_LIBS) $(LIBINTL)
tests_unit_test_imap_SOURCES = tests/unit/test-imap.c
tests_unit_test_imap_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_imap_LDADD = tests/unit/libtap.a src/imap/libimap.a \
	src/net/libnet.a src/util/libutil.a $(OPENSSL_LIBS) $(LIBINTL)

# Fuzz targets: real libFuzzer binaries under --enable-fuzzing; otherwise the
# same targets linked with a driver that replays the seed corpus in make check.
FUZZ_TARGETS = tests/fuzz/fuzz-config tests/fuzz/fuzz-message tests/fuzz/fuzz-refs \
	tests/fuzz/fuzz-imap tests/fuzz/fuzz-csv tests/fuzz/fuzz-compose
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz-config.c
tests_fuzz_fuzz_config_LDADD = src/config/libconfig.a src/util/libutil.a $(LIBINTL)
tests_fuzz_fuzz_message_SOURCES = tests/fuzz/fuzz-message.c
tests_fuzz_fuzz_message_LDADD = src/mime/libmime.a src/util/libutil.a \
	$(GMIME_LIBS) $(XML_LIBS) $(OPENSSL_LIBS) $(LIBINTL)
tests_fuzz_fuzz_refs_SOURCES = tests/fuzz/fuzz-refs.c
tests_fuzz_fuzz_refs_LDADD = src/mime/libmime.a src/util/libutil.a \
	$(GMIME_LIBS) $(XML_LIBS) $(OPENSSL_LIBS) $(LIBINTL)
tests_fuzz_fuzz_imap_SOURCES = tests/fuzz/fuzz-imap.c
tests_fuzz_fuzz_imap_LDADD = src/imap/libimap.a src/net/libnet.a \
	src/util/libutil.a $(OPENSSL_LIBS) $(LIBINTL)
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz-csv.c
tests_fuzz_fuzz_csv_LDADD = src/crm/libcrm.a src/util/libutil.a $(LIBINTL)
tests_fuzz_fuzz_compose_SOURCES = tests/fuzz/fuzz-compose.c
tests_fuzz_fuzz_compose_LDADD = src/compose/libcompose.a src/bidi/libbidi.a \
	src/mime/libmime.a src/util/libutil.a $(GMIME_LIBS) $(FRIBIDI_LIBS) \
	$(XML_LIBS) $(OPENSSL_LIBS) $(LIBINTL)
if FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
tests_fuzz_fuzz_csv_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_compose_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_config_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_message_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_refs_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_imap_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_CFLAGS)
else
check_PROGRAMS += $(FUZZ_TARGETS)
tests_fuzz_fuzz_config_SOURCES += tests/fuzz/replay.c
tests_fuzz_fuzz_message_SOURCES += tests/fuzz/replay.c
tests_fuzz_fuzz_refs_SOURCES += tests/fuzz/replay.c
tests_fuzz_fuzz_imap_SOURCES += tests/fuzz/replay.c
tests_fuzz_fuzz_csv_SOURCES += tests/fuzz/replay.c
tests_fuzz_fuzz_compose_SOURCES += tests/fuzz/replay.c
endif
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/README tests/data

INTEGRATION_TESTS = \
	tests/integration/t0001-cli.sh \
	tests/integration/t0002-config.sh \
	tests/integration/t0003-layers.sh \
	tests/integration/t0004-docs.sh \
	tests/integration/t0005-fuzz-replay.sh \
	tests/integration/t0006-i18n.sh \
	tests/integration/t0010-import.sh \
	tests/integration/t0011-disk-full.sh \
	tests/integration/t0100-testbed.sh tests/integration/t0110-smtp-testbed.sh \
	tests/integration/t0101-net.sh \
	tests/integration/t0102-sync.sh \
	tests/integration/t0103-sync-condstore.sh \
	tests/integration/t0104-sync-plain.sh \
	tests/integration/t0105-journal.sh \
	tests/integration/t0106-watch.sh \
	tests/integration/t0107-doctor.sh \
	tests/integration/t0108-faults.sh \
	tests/integration/t0111-send.sh \
	tests/integration/t0112-templates.sh \
	tests/integration/t0200-tui.sh \
	tests/integration/t0201-screens.sh \
	tests/integration/t0202-slow-server.sh \
	tests/integration/t0203-crm-tui.sh \
	tests/integration/t0204-compose-tui.sh \
	tests/integration/t0300-crm.sh \
	tests/integration/t0301-link.sh \
	tests/integration/t0302-block.sh \
	tests/integration/t0303-crm-csv.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += tests/servers/testbed.sh tests/servers/README
EXTRA_DIST += $(INTEGRATION_TESTS) tests/integration/test-lib.sh \
	tests/integration/layer-check.sh tests/integration/sync-lib.sh \
	tests/integration/sync-modes.sh

# make fuzz: a campaign of FUZZ_SECONDS per target (needs --enable-fuzzing).
# What libFuzzer learns goes to fuzz-corpus/ in the build tree.
FUZZ_SECONDS = 60
if FUZZING
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		name=$${t##*/fuzz-}; $(MKDIR_P) fuzz-corpus/$$name; \
		echo "fuzz-$$name: $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			fuzz-corpus/$$name $(srcdir)/tests/fuzz/corpus/$$name || exit 1; \
	done
else
fuzz:
	@echo "make fuzz needs a fuzzing build: ./configure CC=clang --enable-fuzzing" >&2; exit 1
endif
.PHONY: fuzz

check_PROGRAMS += tests/unit/test-thread
TESTS += tests/unit/test-thread
tests_unit_test_thread_SOURCES = tests/unit/test-thread.c
tests_unit_test_thread_CPPFLAGS = $(UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_thread_LDADD = tests/unit/libtap.a src/thread/libthread.a \
	src/store/libstore.a src/util/libutil.a $(SQLITE_LIBS) $(LIBINTL)

# src/net is driven through a small program, against real servers.
check_PROGRAMS += tests/net/net-probe
tests_net_net_probe_SOURCES = tests/net/net-probe.c
tests_net_net_probe_LDADD = src/net/libnet.a src/util/libutil.a $(OPENSSL_LIBS) $(LIBINTL)
