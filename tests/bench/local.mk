# tests/bench/local.mk - make bench: the mail generator and the runner, never part of make or make check.

# EXTRA_PROGRAMS: built only when a rule asks for it, here `make bench`.
EXTRA_PROGRAMS = tests/bench/gen-mail
tests_bench_gen_mail_SOURCES = tests/bench/gen-mail.c
CLEANFILES += tests/bench/gen-mail$(EXEEXT)
EXTRA_DIST += tests/bench/bench.sh tests/bench/README

# Knobs come from make's command line or the environment; bench.sh holds
# the defaults (tests/bench/README).  The corpora and databases stay in
# BENCH_DIR between runs: `rm -rf bench-data` frees the space.
bench: tether$(EXEEXT) tests/bench/gen-mail$(EXEEXT)
	TETHER='$(abs_top_builddir)/tether$(EXEEXT)' \
	GEN='$(abs_top_builddir)/tests/bench/gen-mail$(EXEEXT)' \
	BENCH_DIR='$(or $(BENCH_DIR),$(abs_top_builddir)/bench-data)' \
	BENCH_COUNT='$(BENCH_COUNT)' BENCH_BIG='$(BENCH_BIG)' \
	BENCH_QUERIES='$(BENCH_QUERIES)' BENCH_SEED='$(BENCH_SEED)' \
	BENCH_RUNS='$(BENCH_RUNS)' BENCH_PEER_BIG='$(BENCH_PEER_BIG)' \
	BENCH_PEER_REUSE='$(BENCH_PEER_REUSE)' \
	BENCH_SEARCH_LIMIT='$(BENCH_SEARCH_LIMIT)' \
	bash $(top_srcdir)/tests/bench/bench.sh
.PHONY: bench
