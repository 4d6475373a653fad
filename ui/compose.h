/* compose.h - the compose pane of the interface: its state and what app.c calls. */
#ifndef TETHER_UI_COMPOSE_H
#define TETHER_UI_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "compose/compose.h"
#include "config/config.h"
#include "crm/crm.h"
#include "store/store.h"
#include "ui/editor.h"
#include "ui/ui-internal.h"

/* The header fields, in Tab order; the body comes after them. */
enum { UI_CF_TO, UI_CF_CC, UI_CF_BCC, UI_CF_SUBJECT, UI_CF_BODY };

/* What opens the pane. */
struct ui_compose_from {
	enum compose_mode mode;      /* with message_id: reply or forward */
	int64_t message_id;          /* the original, 0 for a new message */
	int64_t draft_id;            /* a saved draft to go on with, or 0 */
	const char *item_type, *item_id; /* the item it belongs to, or NULL */
	const char *to;              /* a first recipient, or NULL */
};

struct ui_compose {
	struct store *st;
	const struct config *cfg;
	const struct account *acct;
	struct buf field[UI_CF_BODY];
	size_t fcur[UI_CF_BODY];     /* cursors, bytes */
	struct ui_editor *body;
	int focus;
	struct compose_attachment *atts;  /* owned, with their bytes */
	size_t natts;
	char *in_reply_to, *refs;    /* owned; refs space-separated */
	char *item_type, *item_id;   /* owned, or NULL */
	char *item_title;            /* owned: shown in the From line */
	int shared;                  /* 1 shared, 0 private (CMP-33) */
	int64_t draft_id;            /* its row, saved after every change */
	uint64_t saved_changes;
	bool headers_dirty, files_dirty;
	struct store_address_hit *hits; /* suggestions for the field */
	size_t nhits, hit;
	bool previewing;
	struct ui_lines preview;
	int preview_top;
	char *pending;               /* fields without a value, to confirm */
	time_t pending_at;           /* the send-later time being confirmed */
	char *note;                  /* a sentence for the status line */
	int64_t queued;              /* the outbox row of the last send */
	time_t queued_at;            /* its send-later time, 0 for now */
};

/* What a key asks app.c to do (prompts and pickers live there). */
enum ui_compose_req {
	UI_CR_NONE,
	UI_CR_SENT,                  /* queued: leave the pane, wake the sync */
	UI_CR_CLOSE,                 /* leave; the draft stays */
	UI_CR_LATER,                 /* ask when to send */
	UI_CR_CONFIRM_EMPTY,         /* ask to send with empty smart fields */
	UI_CR_TEMPLATE,              /* open the template picker */
	UI_CR_FIELD,                 /* open the smart-field picker */
	UI_CR_ATTACH,                /* ask a file's path */
	UI_CR_EDITOR,                /* edit the text in $EDITOR */
	UI_CR_DISCARD,               /* ask, then drop the draft */
	UI_CR_SENDER,                /* ask the account's sender name */
	UI_CR_SAVE_TEMPLATE,         /* ask a name, save the draft as a template */
	UI_CR_LINK,                  /* pick the deal, lead or project */
};

/* Opens a new message, reply, forward or saved draft; false with *cause. */
bool _ui_compose_start(struct ui_compose *c, struct store *st,
    const struct config *cfg, const struct ui_compose_from *from, char **cause);
void _ui_compose_clear(struct ui_compose *c);
/* A key (is_code: a curses KEY_*) in a screen of rows x cols. */
enum ui_compose_req _ui_compose_key(struct ui_compose *c, int ch, bool is_code,
    int rows, int cols);
/* Draws rows 0..rows; *cy, *cx get the cursor (-1: none). */
void _ui_compose_draw(struct ui_compose *c, int rows, int cols, bool color,
    int *cy, int *cx);
/* Builds and queues the message (at: 0 now); confirmed: empty smart
 * fields accepted (CMP-12). */
enum ui_compose_req _ui_compose_send(struct ui_compose *c, time_t at,
    bool confirmed);
/* Adds the file at path; false with c->note saying why. */
bool _ui_compose_attach(struct ui_compose *c, const char *path);
/* A typed path completed as far as the directory allows. Heap. */
char *_ui_compose_complete_path(const char *typed);
/* The pickers' entries, and what choosing one does. */
void _ui_compose_templates(struct ui_compose *c, struct ui_chooser *ch);
void _ui_compose_apply_template(struct ui_compose *c, const char *id);
void _ui_compose_fields(struct ui_compose *c, struct ui_chooser *ch);
void _ui_compose_insert_field(struct ui_compose *c, const char *token);
/* The draft's item (type and id NULL: none). */
void _ui_compose_set_item(struct ui_compose *c, const char *type, const char *id);
/* CMP-02: the draft's subject, text and files as a new template. */
bool _ui_compose_save_template(struct ui_compose *c, const char *name,
    bool is_private);

#endif
