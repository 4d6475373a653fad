# doc/local.mk - man pages; the options part of tether.conf(5) comes from the options table.
dist_man_MANS = doc/tether.1 doc/tether.conf.5
EXTRA_DIST += doc/internals.md

# mkconfman rewrites the generated part of tether.conf.5 from src/config's
# table; tests/integration/t0004-docs.sh fails when the page has drifted.
noinst_PROGRAMS += doc/mkconfman
doc_mkconfman_SOURCES = doc/mkconfman.c
doc_mkconfman_LDADD = src/config/libconfig.a src/util/libutil.a $(LIBINTL)

update-man: doc/mkconfman
	doc/mkconfman < $(srcdir)/doc/tether.conf.5 > doc/tether.conf.5.tmp
	mv doc/tether.conf.5.tmp $(srcdir)/doc/tether.conf.5
.PHONY: update-man
