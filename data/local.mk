# data/local.mk - the demo's sample mail: generated at build time (300 business messages in threads, Hebrew and Arabic among them) plus the hand-written samples; installed for tether --demo.
pkgdata_DATA = data/demo.mbox
CLEANFILES += data/demo.mbox
data/demo.mbox: tests/bench/gen-mail$(EXEEXT) $(srcdir)/tests/data/sample.mbox
	$(MKDIR_P) data
	tests/bench/gen-mail$(EXEEXT) --count 300 --seed 1 --format mbox --out $@.tmp
	cat $(srcdir)/tests/data/sample.mbox >>$@.tmp
	mv $@.tmp $@
