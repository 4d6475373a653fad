# src/config/local.mk - the config layer: the file, options table, presets, secrets.
noinst_LIBRARIES += src/config/libconfig.a
src_config_libconfig_a_SOURCES = src/config/config.h src/config/config-internal.h \
	src/config/options.c src/config/providers.c src/config/parse.c \
	src/config/values.c src/config/validate.c src/config/show.c \
	src/config/secret.c src/config/keys.c src/config/edit.c
