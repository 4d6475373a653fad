/* keys.c - the [keys] section: key names and the interface's action names that a key can be bound to. */
#include <stdlib.h>
#include <string.h>

#include "config/config-internal.h"

/* The actions of the interface, as [keys] names them (ui/app.c maps them). */
static const char *const actions[] = {
	"down", "up", "page-down", "page-up", "first", "last", "open", "back",
	"quit", "search", "next-result", "change-folder", "tag", "apply",
	"toggle-read", "toggle-flag", "archive", "delete", "undo", "help",
	"redraw", "compose", "drafts", "share", "suspend", "command", "setup", "pager", "sidebar", "expand", "none",
};

static const char *const names[] = {
	"Enter", "Space", "Tab", "Up", "Down", "Left", "Right", "PgUp", "PgDn",
	"Home", "End", "Backspace", "Delete", "Escape",
};

const char *const *
config_key_actions(size_t *n)
{
	*n = TT_ARRAY_LEN(actions);
	return actions;
}

bool
config_key_name_ok(const char *k)
{
	size_t i;

	if (k[0] != '\0' && k[1] == '\0')
		return (unsigned char)k[0] > 0x20 && (unsigned char)k[0] < 0x7f;
	if (k[0] == 'C' && k[1] == '-' && k[2] >= 'a' && k[2] <= 'z' && k[3] == '\0')
		return true;
	if (k[0] == 'F' && k[1] >= '1' && k[1] <= '9' && (k[2] == '\0' ||
	    (k[1] == '1' && k[2] >= '0' && k[2] <= '2' && k[3] == '\0')))
		return true;
	for (i = 0; i < TT_ARRAY_LEN(names); i++) {
		if (strcmp(k, names[i]) == 0)
			return true;
	}
	return false;
}

void
_config_key_bind(struct config *cfg, unsigned line, const char *key,
    const char *action)
{
	size_t i, n;
	bool known = false;

	if (!config_key_name_ok(key)) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, key, _("\"%s\" is not a key "
		    "tether knows; write one character, C-x for Control-x, F1 to F12, "
		    "or Enter, Space, Tab, Up, Down, Left, Right, PgUp, PgDn, Home, End, "
		    "Backspace, Delete, Escape"), key);
		return;
	}
	config_key_actions(&n);
	for (i = 0; i < n && !known; i++)
		known = strcmp(actions[i], action) == 0;
	if (!known) {
		_config_diag(cfg, DIAG_ERROR, line, NULL, key, _("\"%s\" is not an "
		    "action of the interface; tether.conf(5) lists them (\"none\" "
		    "unbinds a key)"), action);
		return;
	}
	for (i = 0; i < cfg->nkeys; i++) {
		if (strcmp(cfg->keys[i].key, key) == 0) {
			_config_diag(cfg, DIAG_ERROR, line, NULL, key, _("the key %s is "
			    "bound twice (first at line %u); keep one"), key,
			    cfg->keys[i].line);
			return;
		}
	}
	cfg->keys = xreallocarray(cfg->keys, cfg->nkeys + 1, sizeof *cfg->keys);
	cfg->keys[cfg->nkeys].key = xstrdup(key);
	cfg->keys[cfg->nkeys].action = xstrdup(action);
	cfg->keys[cfg->nkeys].line = line;
	cfg->nkeys++;
}
