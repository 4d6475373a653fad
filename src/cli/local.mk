# src/cli/local.mk - the command-line layer: one file per subcommand, one table.
noinst_LIBRARIES += src/cli/libcli.a
src_cli_libcli_a_SOURCES = src/cli/cli.h src/cli/cli.c src/cli/cmd-config.c
