# tests/bench/local.mk - make bench: the mail generator, the raw IMAP bound and the runner, never part of make or make check.

# EXTRA_PROGRAMS: built only when a rule asks for it, here `make bench`.
EXTRA_PROGRAMS = tests/bench/gen-mail tests/bench/imap-raw
tests_bench_gen_mail_SOURCES = tests/bench/gen-mail.c
# The sync part's lower bound: OpenSSL only, nothing of tether.
tests_bench_imap_raw_SOURCES = tests/bench/imap-raw.c
tests_bench_imap_raw_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
tests_bench_imap_raw_LDADD = $(OPENSSL_LIBS)
CLEANFILES += tests/bench/gen-mail$(EXEEXT) tests/bench/imap-raw$(EXEEXT)
EXTRA_DIST += tests/bench/bench.sh tests/bench/README

# Knobs come from make's command line or the environment; bench.sh holds
# the defaults (tests/bench/README).  The corpora and databases stay in
# BENCH_DIR between runs: `rm -rf bench-data` frees the space.
bench: tether$(EXEEXT) tests/bench/gen-mail$(EXEEXT) tests/bench/imap-raw$(EXEEXT)
	TETHER='$(abs_top_builddir)/tether$(EXEEXT)' \
	GEN='$(abs_top_builddir)/tests/bench/gen-mail$(EXEEXT)' \
	IMAP_RAW='$(abs_top_builddir)/tests/bench/imap-raw$(EXEEXT)' \
	BENCH_DIR='$(or $(BENCH_DIR),$(abs_top_builddir)/bench-data)' \
	BENCH_COUNT='$(BENCH_COUNT)' BENCH_BIG='$(BENCH_BIG)' \
	BENCH_QUERIES='$(BENCH_QUERIES)' BENCH_SEED='$(BENCH_SEED)' \
	BENCH_RUNS='$(BENCH_RUNS)' BENCH_PEER_BIG='$(BENCH_PEER_BIG)' \
	BENCH_PEER_REUSE='$(BENCH_PEER_REUSE)' \
	BENCH_SEARCH_LIMIT='$(BENCH_SEARCH_LIMIT)' BENCH_SYNC_COUNT='$(BENCH_SYNC_COUNT)' \
	BENCH_CRM='$(BENCH_CRM)' \
	bash $(top_srcdir)/tests/bench/bench.sh
.PHONY: bench
