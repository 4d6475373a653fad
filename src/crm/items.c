/* items.c - the rules of CRM items: names, parties, deal status and its times, conversion (CRM-03..11). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

/* The value of field key of it (NULL when unset or empty). */
static const char *
val(const struct crm_item *it, const char *key)
{
	int i = store_crm_field_index(it->kind, key);

	if (i < 0 || it->v[i] == NULL || it->v[i][0] == '\0')
		return NULL;
	return it->v[i];
}

static void
set(struct crm_item *it, const char *key, const char *value)
{
	int i = store_crm_field_index(it->kind, key);

	if (i >= 0)
		crm_item_set(it, (size_t)i, value);
}

/* Whether the user gave field key in this change. */
static bool
given_key(const struct crm_item *given, const char *key)
{
	int i = store_crm_field_index(given->kind, key);

	return i >= 0 && given->v[i] != NULL;
}

/*
 * IMP-04: "Dana Levi" and ("Dana", "Levi") fill in each other: the parts
 * the user gave decide; a new name is split, new parts are joined.
 */
static void
person_names(struct crm_item *it, const struct crm_item *given)
{
	bool gave_name = given_key(given, "name") && val(given, "name") != NULL;
	bool gave_parts = given_key(given, "first_name") ||
	    given_key(given, "last_name");
	const char *name, *first, *last, *sp;
	char *s;

	if (gave_parts && !gave_name) {
		first = val(it, "first_name");
		last = val(it, "last_name");
		if (first == NULL && last == NULL)
			return;
		s = xasprintf("%s%s%s", first != NULL ? first : "",
		    first != NULL && last != NULL ? " " : "", last != NULL ? last : "");
		set(it, "name", s);
		free(s);
		return;
	}
	if (!gave_name || gave_parts || (name = val(it, "name")) == NULL)
		return;
	if ((sp = strrchr(name, ' ')) != NULL && sp != name && sp[1] != '\0') {
		s = xstrndup(name, (size_t)(sp - name));
		set(it, "first_name", s);
		free(s);
		set(it, "last_name", sp + 1);
	} else {
		/* One word ("Cher"): no parts are guessed, none left over. */
		set(it, "first_name", NULL);
		set(it, "last_name", NULL);
	}
}

/* CRM-04/05: the times and reason that belong to a deal's status. */
static tt_status
deal_status(struct crm_item *it, const struct crm_item *given,
    const char *old_status, char **cause)
{
	const char *status = val(it, "status");
	char now[21];

	if (status == NULL) {
		set(it, "status", "open");
		status = "open";
	}
	if (given_key(given, "lost_reason") && val(given, "lost_reason") != NULL &&
	    strcmp(status, "lost") != 0)
		return tt_fail(cause, TT_EINVAL, _("a lost reason can be set only "
		    "on a lost deal (give --status lost too)"));
	if (given_key(given, "won_time") && val(given, "won_time") != NULL &&
	    strcmp(status, "won") != 0)
		return tt_fail(cause, TT_EINVAL, _("a won time can be set only on a "
		    "won deal"));
	if (given_key(given, "lost_time") && val(given, "lost_time") != NULL &&
	    strcmp(status, "lost") != 0)
		return tt_fail(cause, TT_EINVAL, _("a lost time can be set only on a "
		    "lost deal"));
	if (given_key(given, "close_time") && val(given, "close_time") != NULL &&
	    strcmp(status, "won") != 0 && strcmp(status, "lost") != 0)
		return tt_fail(cause, TT_EINVAL, _("a close time can be set only on "
		    "a won or lost deal"));
	time_format_utc(time_now(), now);
	if (strcmp(status, "won") == 0) {
		if (val(it, "won_time") == NULL || (old_status != NULL &&
		    strcmp(old_status, "won") != 0 && !given_key(given, "won_time")))
			set(it, "won_time", now);
		set(it, "lost_time", NULL);
		set(it, "lost_reason", NULL);
		if (val(it, "close_time") == NULL || !given_key(given, "close_time"))
			set(it, "close_time", val(it, "won_time"));
	} else if (strcmp(status, "lost") == 0) {
		if (val(it, "lost_time") == NULL || (old_status != NULL &&
		    strcmp(old_status, "lost") != 0 && !given_key(given, "lost_time")))
			set(it, "lost_time", now);
		set(it, "won_time", NULL);
		if (val(it, "close_time") == NULL || !given_key(given, "close_time"))
			set(it, "close_time", val(it, "lost_time"));
	} else {
		/* Open again, or deleted: nothing of a close remains (CRM-05). */
		set(it, "won_time", NULL);
		set(it, "lost_time", NULL);
		set(it, "lost_reason", NULL);
		set(it, "close_time", NULL);
	}
	return TT_OK;
}

/* Matches stored addresses in the lists a and b ("x@y; z@w") again. */
static tt_status
rematch(struct store *st, const char *a, const char *b, char **cause)
{
	char *all = xasprintf("%s;%s", a != NULL ? a : "", b != NULL ? b : "");
	char *p = all, *part, **v = NULL;
	size_t n = 0;
	tt_status s;

	while ((part = strsep(&p, ";")) != NULL) {
		while (*part == ' ')
			part++;
		for (char *e = part + strlen(part); e > part && e[-1] == ' ';)
			*--e = '\0';
		if (*part == '\0')
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = part;
	}
	s = store_persons_rematch(st, (const char *const *)v, n, NULL, cause);
	free(v);
	free(all);
	return s;
}

tt_status
crm_save(struct store *st, const struct crm_item *given, unsigned opts,
    char **id_out, char **cause)
{
	struct crm_item it;
	const struct crm_field *f;
	char *old_status = NULL, *old_emails = NULL;
	size_t nf, i;
	tt_status s;

	f = store_crm_fields(given->kind, &nf);
	if (given->v[0] != NULL) {
		if ((s = store_crm_get(st, given->kind, given->v[0], &it, cause)) !=
		    TT_OK) {
			crm_item_clear(&it);
			return s;
		}
		if (val(&it, "status") != NULL)
			old_status = xstrdup(val(&it, "status"));
		if (val(&it, "emails") != NULL)
			old_emails = xstrdup(val(&it, "emails"));
	} else
		crm_item_init(&it, given->kind);
	for (i = 1; i < nf; i++) {
		if (given->v[i] == NULL)
			continue;
		if (f[i].flags & CRM_F_READONLY) {
			s = tt_fail(cause, TT_EINVAL, _("%s is set by tether, not by "
			    "hand"), f[i].key);
			goto out;
		}
		crm_item_set(&it, i, given->v[i]);
	}
	/* Money in ISO 4217 codes: "eur" is EUR, "euro" is a mistake. */
	if (val(&it, "currency") != NULL) {
		char code[4];
		const char *c = val(&it, "currency");

		if (strlen(c) != 3 || !isalpha((unsigned char)c[0]) ||
		    !isalpha((unsigned char)c[1]) || !isalpha((unsigned char)c[2])) {
			s = tt_fail(cause, TT_EINVAL, _("currency: \"%s\" is not a "
			    "three-letter code such as EUR, USD or ILS"), c);
			goto out;
		}
		for (i = 0; i < 3; i++)
			code[i] = (char)toupper((unsigned char)c[i]);
		code[3] = '\0';
		set(&it, "currency", code);
	}
	switch (given->kind) {
	case CRM_PERSON:
		person_names(&it, given);
		break;
	case CRM_PROJECT:
		/* ISO dates compare as text. */
		if (val(&it, "start_date") != NULL && val(&it, "end_date") != NULL &&
		    strcmp(val(&it, "end_date"), val(&it, "start_date")) < 0) {
			s = tt_fail(cause, TT_EINVAL, _("a project cannot end (%s) before "
			    "it starts (%s)"), val(&it, "end_date"),
			    val(&it, "start_date"));
			goto out;
		}
		break;
	case CRM_DEAL:
	case CRM_LEAD:
		/* CRM-03/09: someone to do business with. */
		if (val(&it, "person") == NULL && val(&it, "org") == NULL) {
			s = tt_fail(cause, TT_EINVAL, _("a %s needs a person or an "
			    "organization (--person or --org)"),
			    store_crm_kind_name(given->kind));
			goto out;
		}
		/* Another pipeline: its first stage unless one was named. */
		if (given->kind == CRM_DEAL && given_key(given, "pipeline") &&
		    !given_key(given, "stage"))
			set(&it, "stage", NULL);
		if (given->kind == CRM_DEAL &&
		    (s = deal_status(&it, given, old_status, cause)) != TT_OK)
			goto out;
		break;
	default:
		break;
	}
	s = store_crm_write(st, &it, opts, id_out, cause);
	/* LINK-02: stored mail with the old or new addresses is matched again. */
	if (s == TT_OK && given->kind == CRM_PERSON && given_key(given, "emails") &&
	    !(opts & CRM_W_NO_REMATCH))
		s = rematch(st, old_emails, val(&it, "emails"), cause);
out:
	free(old_emails);
	free(old_status);
	crm_item_clear(&it);
	return s;
}

tt_status
crm_resolve(struct store *st, enum crm_kind kind, const char *text, char **id,
    char **cause)
{
	struct crm_item it;
	const char *p;
	bool digits = *text != '\0';
	tt_status s;

	for (p = text; *p != '\0'; p++)
		digits = digits && isdigit((unsigned char)*p);
	/* A lead's UUID is its id too. */
	if (digits || (kind == CRM_LEAD && strlen(text) == 36 &&
	    text[8] == '-')) {
		s = store_crm_get(st, kind, text, &it, cause);
		crm_item_clear(&it);
		if (s == TT_OK)
			*id = xstrdup(text);
		return s;
	}
	return store_crm_find(st, kind, text, id, cause);
}

tt_status
crm_delete(struct store *st, enum crm_kind kind, const char *id, char **cause)
{
	struct crm_item it;
	tt_status s;

	if (kind != CRM_DEAL)
		return store_crm_delete(st, kind, id, cause);
	/* A deleted deal keeps its threads' links (LINK-15) and can come back. */
	crm_item_init(&it, CRM_DEAL);
	crm_item_set(&it, 0, id);
	set(&it, "status", "deleted");
	s = crm_save(st, &it, 0, NULL, cause);
	crm_item_clear(&it);
	return s;
}

/* Copies the fields two kinds share by key. */
static void
copy_common(const struct crm_item *from, struct crm_item *to)
{
	static const char *const keys[] = { "title", "value", "currency",
		"expected_close", "person", "org", "owner", "visible_to", "labels" };
	size_t i;

	for (i = 0; i < TT_ARRAY_LEN(keys); i++) {
		if (val(from, keys[i]) != NULL)
			set(to, keys[i], val(from, keys[i]));
	}
}

/* Moves the links of threads from one item to another. */
static tt_status
move_links(struct store *st, const char *from_type, const char *from_id,
    const char *to_type, const char *to_id, char **cause)
{
	struct store_item_view q = { .kind = strcmp(from_type, "deal") == 0 ?
	    CRM_DEAL : CRM_LEAD, .id = from_id };
	struct store_thread *v;
	size_t n, i;
	tt_status s;

	if ((s = store_item_threads(st, &q, &v, &n, NULL, cause)) != TT_OK)
		return s;
	for (i = 0; i < n && s == TT_OK; i++) {
		if (v[i].item_type != NULL && strcmp(v[i].item_type, from_type) == 0)
			s = store_thread_link_set(st, v[i].id, to_type, to_id, "linked",
			    "converted", cause);
	}
	store_threads_free(v, n);
	return s;
}

/* Commits a conversion, or undoes all of it (the new item too). */
static tt_status
end_convert(struct store *st, tt_status s, char **new_id, char **cause)
{
	if (s == TT_OK && (s = store_commit(st, cause)) == TT_OK)
		return TT_OK;
	store_rollback(st);
	free(*new_id);
	*new_id = NULL;
	return s;
}

tt_status
crm_convert_lead(struct store *st, const char *lead, const char *pipeline,
    const char *stage, char **new_id, char **cause)
{
	struct crm_item l, d;
	tt_status s;

	*new_id = NULL;
	if ((s = store_crm_get(st, CRM_LEAD, lead, &l, cause)) != TT_OK) {
		crm_item_clear(&l);
		return s;
	}
	if (val(&l, "converted_to") != NULL) {
		s = tt_fail(cause, TT_EINVAL, _("lead %s became deal %s already"),
		    lead, val(&l, "converted_to"));
		crm_item_clear(&l);
		return s;
	}
	crm_item_init(&d, CRM_DEAL);
	copy_common(&l, &d);
	if (pipeline != NULL)
		set(&d, "pipeline", pipeline);
	if (stage != NULL)
		set(&d, "stage", stage);
	if ((s = store_begin(st, cause)) != TT_OK)
		goto out;
	if ((s = crm_save(st, &d, 0, new_id, cause)) == TT_OK) {
		/* converted_to is read-only to users: written here directly. */
		set(&l, "converted_to", *new_id);
		set(&l, "archived", "1");
		s = store_crm_write(st, &l, 0, NULL, cause);
	}
	if (s == TT_OK)
		s = move_links(st, "lead", lead, "deal", *new_id, cause);
	s = end_convert(st, s, new_id, cause);
out:
	crm_item_clear(&l);
	crm_item_clear(&d);
	return s;
}

tt_status
crm_convert_deal(struct store *st, const char *deal, char **new_id,
    char **cause)
{
	struct crm_item d, l;
	tt_status s;

	*new_id = NULL;
	if ((s = store_crm_get(st, CRM_DEAL, deal, &d, cause)) != TT_OK) {
		crm_item_clear(&d);
		return s;
	}
	crm_item_init(&l, CRM_LEAD);
	copy_common(&d, &l);
	if ((s = store_begin(st, cause)) != TT_OK)
		goto out;
	if ((s = crm_save(st, &l, 0, new_id, cause)) == TT_OK)
		s = move_links(st, "deal", deal, "lead", *new_id, cause);
	if (s == TT_OK)
		s = crm_delete(st, CRM_DEAL, deal, cause);
	s = end_convert(st, s, new_id, cause);
out:
	crm_item_clear(&d);
	crm_item_clear(&l);
	return s;
}
