# data/local.mk - the demo's sample data: mail generated at build time (300 business messages in threads, Hebrew and Arabic among them) plus the hand-written samples, and a small CRM in CSV; installed for tether --demo.
pkgdata_DATA = data/demo.mbox
democrmdir = $(pkgdatadir)/demo-crm
dist_democrm_DATA = data/demo-crm/organizations.csv \
	data/demo-crm/persons.csv data/demo-crm/deals.csv data/demo-crm/leads.csv \
	data/demo-crm/projects.csv
CLEANFILES += data/demo.mbox
data/demo.mbox: tests/bench/gen-mail$(EXEEXT) $(srcdir)/tests/data/sample.mbox
	$(MKDIR_P) data
	tests/bench/gen-mail$(EXEEXT) --count 300 --seed 1 --format mbox --out $@.tmp
	cat $(srcdir)/tests/data/sample.mbox >>$@.tmp
	mv $@.tmp $@

# tether --demo in a build tree reads data/ beside the program: a build
# outside the source tree gets its own copy of the sample CRM.
all-local: data-demo-crm
data-demo-crm:
	@if test ! -f data/demo-crm/persons.csv; then \
		$(MKDIR_P) data/demo-crm && \
		cp $(srcdir)/data/demo-crm/*.csv data/demo-crm/ && \
		chmod u+w data/demo-crm/*.csv; fi
clean-local:
	@if test "$(srcdir)" != "."; then rm -rf data/demo-crm; fi
.PHONY: data-demo-crm
