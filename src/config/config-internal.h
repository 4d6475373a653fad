/* config-internal.h - helpers shared by the files of src/config, not for other layers. */
#ifndef TETHER_CONFIG_INTERNAL_H
#define TETHER_CONFIG_INTERNAL_H

#include "config/config.h"

/* Records a diagnostic; an error naming an account marks it invalid. */
void _config_diag(struct config *cfg, enum diag_level level, unsigned line,
    struct account *acct, const char *key, const char *fmt, ...) TT_PRINTF(6, 7);

/*
 * Parses raw into the field opt describes at base.  Returns NULL on success,
 * else a heap sentence saying what is wrong and what to write instead.
 */
char *_config_parse_value(const struct config_option *opt, const char *raw,
    void *base);
/* True for a valid account name: letters, digits and . _ @ + - */
bool _config_account_name_ok(const char *s);
/* Frees the heap fields (strings) that the table describes at base. */
void _config_free_fields(enum config_section section, void *base);

/* Applies presets and defaults to every account and runs the checks that
 * span keys or accounts. */
void _config_finish(struct config *cfg);

/* A pointer to the field of opt inside base. */
#define OPT_FIELD(opt, base, type) ((type *)(void *)((char *)(base) + (opt)->offset))

/* The index of opt in the table, for the origin[] and line[] arrays. */
size_t _config_option_index(const struct config_option *opt);

/* Records "key = action" of [keys] at line, or a diagnostic. */
void _config_key_bind(struct config *cfg, unsigned line, const char *key,
    const char *action);

#endif
