/* fuzz-config.c - libFuzzer target: any bytes through the config parser and its JSON writer. */
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg = config_parse("fuzz", (const char *)data, size);
	struct buf out = BUF_INIT;

	/* The writers walk every parsed value, so they belong in the target. */
	config_show_text(cfg, &out);
	config_show_json(cfg, &out);
	buf_free(&out);
	config_free(&cfg);
	return 0;
}
