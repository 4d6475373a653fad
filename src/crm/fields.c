/* fields.c - the context smart fields read: the draft's item, person and organization (ambiguity 26), and the values of every token of behaviours.md §3. */
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"
#include "mime/mime.h"

void
crm_context_init(struct crm_context *c)
{
	time_t now = time_now();
	struct tm tm;

	memset(c, 0, sizeof *c);
	for (int k = 0; k < CRM_NKINDS; k++)
		crm_item_init(&c->item[k], (enum crm_kind)k);
	localtime_r(&now, &tm);
	strftime(c->today, sizeof c->today, "%Y-%m-%d", &tm);
}

void
crm_context_clear(struct crm_context *c)
{
	for (int k = 0; k < CRM_NKINDS; k++)
		crm_item_clear(&c->item[k]);
	free(c->scratch);
	memset(c, 0, sizeof *c);
}

/* The value of key in the context's item of kind (NULL when unset). */
static const char *
value(const struct crm_context *c, enum crm_kind kind, const char *key, bool name)
{
	int i = store_crm_field_index(kind, key);

	if (!c->has[kind] || i < 0)
		return NULL;
	if (name && c->item[kind].names != NULL && c->item[kind].names[i] != NULL)
		return c->item[kind].names[i];
	return c->item[kind].v[i];
}

/* Loads the item of kind with id into the context; a missing one is left
 * out (a deleted item is no error here). */
static tt_status
load(struct store *st, struct crm_context *c, enum crm_kind kind, const char *id,
    char **cause)
{
	char *why = NULL;
	tt_status r;

	if (id == NULL || c->has[kind])
		return TT_OK;
	crm_item_clear(&c->item[kind]);
	r = store_crm_get(st, kind, id, &c->item[kind], &why);
	if (r == TT_ENOTFOUND) {
		free(why);
		crm_item_init(&c->item[kind], kind);
		return TT_OK;
	}
	if (r != TT_OK) {
		*cause = why;
		return r;
	}
	c->has[kind] = true;
	return TT_OK;
}

tt_status
crm_context_load(struct store *st, struct crm_context *c, const char *item_type,
    const char *item_id, const char *to, char **cause)
{
	struct mime_addrlist l = { 0 };
	int64_t person = 0;
	enum crm_kind kind;
	char pid[24];
	tt_status r = TT_OK;

	/* The person of the first To address that is one. */
	if (to != NULL)
		mime_parse_addresses(to, &l);
	for (size_t i = 0; i < l.n && person == 0; i++) {
		if ((r = store_person_for_address(st, l.v[i].email, &person, NULL,
		    cause)) != TT_OK)
			break;
	}
	mime_addrlist_clear(&l);
	if (r != TT_OK)
		return r;
	if (person != 0) {
		snprintf(pid, sizeof pid, "%lld", (long long)person);
		if ((r = load(st, c, CRM_PERSON, pid, cause)) != TT_OK)
			return r;
	}
	if (item_type != NULL && item_id != NULL && store_crm_kind_parse(item_type, &kind)) {
		if ((r = load(st, c, kind, item_id, cause)) != TT_OK)
			return r;
	} else if (person != 0) {
		/* A new message: that person's one open item, if just one. */
		struct store_link *items = NULL;
		size_t n = 0;

		if ((r = store_open_items(st, &person, 1, false, &items, &n, cause)) != TT_OK)
			return r;
		if (n == 1 && store_crm_kind_parse(items[0].type, &kind))
			r = load(st, c, kind, items[0].id, cause);
		store_links_free(items, n);
		if (r != TT_OK)
			return r;
	}
	/* The item's person and organization fill what is still missing. */
	for (int k = CRM_DEAL; k <= CRM_PROJECT; k++) {
		if (c->has[k] && (r = load(st, c, CRM_PERSON,
		    value(c, (enum crm_kind)k, "person", false), cause)) != TT_OK)
			return r;
	}
	if ((r = load(st, c, CRM_ORG, value(c, CRM_PERSON, "org", false), cause)) != TT_OK)
		return r;
	for (int k = CRM_DEAL; k <= CRM_PROJECT && r == TT_OK; k++) {
		if (c->has[k])
			r = load(st, c, CRM_ORG, value(c, (enum crm_kind)k, "org", false), cause);
	}
	return r;
}

/* The first element of a "a; b" list (the primary), in scratch. */
static const char *
first_of(struct crm_context *c, const char *list)
{
	size_t n;

	if (list == NULL)
		return NULL;
	n = strcspn(list, ";");
	free(c->scratch);
	c->scratch = xstrndup(list, n);
	return c->scratch;
}

/* Token names that differ from the item's keys. */
static const struct {
	const char *entity, *field;
	enum crm_kind kind;
	const char *key;
	bool name;      /* a reference: its name, not its id */
} aliases[] = {
	{ "person", "org_name", CRM_PERSON, "org", true },
	{ "person", "owner_name", CRM_PERSON, "owner", true },
	{ "deal", "pipeline", CRM_DEAL, "pipeline", true },
	{ "deal", "stage", CRM_DEAL, "stage", true },
	{ "deal", "expected_close_date", CRM_DEAL, "expected_close", false },
	{ "deal", "owner_name", CRM_DEAL, "owner", true },
	{ "lead", "expected_close_date", CRM_LEAD, "expected_close", false },
	{ "lead", "owner_name", CRM_LEAD, "owner", true },
	{ "project", "phase", CRM_PROJECT, "phase", true },
};

/* The org address sub-fields of §3 and their keys. */
static const char *const address_parts[] = {
	"street_number", "route", "subpremise", "sublocality", "locality",
	"admin_area_level_1", "admin_area_level_2", "postal_code", "country",
};

const char *
crm_context_lookup(void *arg, const char *entity, const char *field, bool *known)
{
	struct crm_context *c = arg;
	enum crm_kind kind;
	size_t i;

	*known = true;
	if (strcmp(entity, "user") == 0) {
		if (strcmp(field, "name") == 0)
			return c->sender_name != NULL ? c->sender_name : c->user_name;
		if (strcmp(field, "email") == 0)
			return c->user_email;
		if (strcmp(field, "sender_name") == 0)
			return c->sender_name;
	} else if (strcmp(entity, "date") == 0 && strcmp(field, "today") == 0) {
		return c->today;
	} else if (strcmp(entity, "company") == 0 && strcmp(field, "name") == 0) {
		/* Known, but tether has no company name to give yet. */
		return NULL;
	}
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (strcmp(entity, aliases[i].entity) == 0 && strcmp(field, aliases[i].field) == 0)
			return value(c, aliases[i].kind, aliases[i].key, aliases[i].name);
	}
	if ((strcmp(entity, "person") != 0 && strcmp(entity, "org") != 0 &&
	    strcmp(entity, "deal") != 0 && strcmp(entity, "lead") != 0 &&
	    strcmp(entity, "project") != 0) || !store_crm_kind_parse(entity, &kind)) {
		*known = false;
		return NULL;
	}
	if (kind == CRM_PERSON && strcmp(field, "email") == 0)
		return first_of(c, value(c, kind, "emails", false));
	if (kind == CRM_PERSON && strcmp(field, "phone") == 0)
		return first_of(c, value(c, kind, "phones", false));
	if (kind == CRM_DEAL && strcmp(field, "value_formatted") == 0) {
		const char *v = value(c, kind, "value", false), *cur = value(c, kind, "currency", false);

		if (v == NULL)
			return NULL;
		free(c->scratch);
		c->scratch = cur != NULL ? xasprintf("%s %s", v, cur) : xstrdup(v);
		return c->scratch;
	}
	if (kind == CRM_ORG && strcmp(field, "address") == 0) {
		/* The address as written, else its parts in reading order. */
		static const char *const order[] = {
			"street_number", "route", "subpremise", "sublocality", "locality",
			"postal_code", "admin_area_level_1", "country",
		};
		const char *whole = value(c, kind, "address", false), *part;
		struct buf b = BUF_INIT;

		if (whole != NULL && whole[0] != '\0')
			return whole;
		for (i = 0; i < sizeof order / sizeof order[0]; i++) {
			if ((part = value(c, kind, order[i], false)) == NULL || part[0] == '\0')
				continue;
			/* "12 Harbour Road, Rotterdam": the number and street
			 * go together. */
			if (b.len > 0)
				buf_adds(&b, i == 1 && strcmp(order[0], "street_number") == 0 &&
				    value(c, kind, "street_number", false) != NULL ? " " : ", ");
			buf_adds(&b, part);
		}
		free(c->scratch);
		c->scratch = buf_detach(&b);
		return c->scratch;
	}
	if (kind == CRM_ORG && strncmp(field, "address.", 8) == 0) {
		for (i = 0; i < sizeof address_parts / sizeof address_parts[0]; i++) {
			if (strcmp(field + 8, address_parts[i]) == 0)
				return value(c, kind, address_parts[i], false);
		}
		*known = false;
		return NULL;
	}
	/* Any other key of the kind, as stored (references by name). */
	if (store_crm_field_index(kind, field) > 0 && strchr(field, '.') == NULL)
		return value(c, kind, field, true);
	*known = false;
	return NULL;
}
