# src/cli/local.mk - the command-line layer: one file per subcommand, one table.
noinst_LIBRARIES += src/cli/libcli.a
src_cli_libcli_a_SOURCES = src/cli/cli.h src/cli/cli.c src/cli/output.h \
	src/cli/output.c src/cli/demo.c src/cli/cmd-config.c src/cli/cmd-import.c \
	src/cli/cmd-list.c src/cli/cmd-show.c src/cli/cmd-thread.c \
	src/cli/cmd-search.c src/cli/cmd-attachments.c \
	src/cli/cmd-save-attachment.c src/cli/cmd-sync.c src/cli/cmd-act.c \
	src/cli/cmd-journal.c src/cli/cmd-doctor.c src/cli/cmd-crm.c \
	src/cli/cmd-link.c src/cli/cmd-block.c src/cli/cmd-compose.c src/cli/cmd-outbox.c \
	src/cli/cmd-template.c
src_cli_libcli_a_CPPFLAGS = $(AM_CPPFLAGS) -DPKGDATADIR='"$(pkgdatadir)"'
