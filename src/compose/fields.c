/* fields.c - smart fields: {{entity.field|fallback}} tokens filled from a context, and the [Label] form of imported templates. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

void
compose_missing_clear(struct compose_missing *m)
{
	for (size_t i = 0; i < m->nempty; i++)
		free(m->empty[i]);
	for (size_t i = 0; i < m->nunknown; i++)
		free(m->unknown[i]);
	free(m->empty);
	free(m->unknown);
	m->empty = m->unknown = NULL;
	m->nempty = m->nunknown = 0;
}

static void
note(char ***v, size_t *n, const char *token, size_t len)
{
	for (size_t i = 0; i < *n; i++) {
		if (strlen((*v)[i]) == len && memcmp((*v)[i], token, len) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrndup(token, len);
}

/* Whether [p, end) is a name: letters, digits, _ and dots, not empty. */
static bool
is_name(const char *p, const char *end)
{
	if (p == end)
		return false;
	for (; p < end; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			return false;
	}
	return true;
}

char *
compose_fields_expand(const char *text, compose_lookup_fn lookup, void *arg,
    struct compose_missing *missing)
{
	struct buf b = BUF_INIT;
	const char *p = text, *open;

	while ((open = strstr(p, "{{")) != NULL) {
		const char *close = strstr(open + 2, "}}"), *name = open + 2, *bar, *dot,
		    *nend, *value;
		char *entity, *field;
		bool known = true;

		buf_add(&b, p, (size_t)(open - p));
		if (close == NULL || memchr(open, '\n', (size_t)(close - open)) != NULL) {
			buf_adds(&b, "{{");
			p = open + 2;
			continue;
		}
		bar = memchr(name, '|', (size_t)(close - name));
		nend = bar != NULL ? bar : close;
		while (name < nend && *name == ' ')
			name++;
		while (nend > name && nend[-1] == ' ')
			nend--;
		dot = memchr(name, '.', (size_t)(nend - name));
		if (dot == NULL || !is_name(name, nend)) {
			/* Not a field: text that happens to hold braces. */
			buf_add(&b, open, (size_t)(close + 2 - open));
			p = close + 2;
			continue;
		}
		entity = ascii_lower(xstrndup(name, (size_t)(dot - name)));
		field = ascii_lower(xstrndup(dot + 1, (size_t)(nend - dot - 1)));
		value = lookup(arg, entity, field, &known);
		if (!known) {
			buf_add(&b, open, (size_t)(close + 2 - open));
			if (missing != NULL)
				note(&missing->unknown, &missing->nunknown, open,
				    (size_t)(close + 2 - open));
		} else if (value != NULL && value[0] != '\0') {
			buf_adds(&b, value);
		} else if (bar != NULL) {
			const char *f = bar + 1, *fe = close;

			while (f < fe && *f == ' ')
				f++;
			while (fe > f && fe[-1] == ' ')
				fe--;
			buf_add(&b, f, (size_t)(fe - f));
		} else if (missing != NULL) {
			note(&missing->empty, &missing->nempty, open, (size_t)(close + 2 - open));
			if (missing->keep_empty)
				buf_add(&b, open, (size_t)(close + 2 - open));
		}
		free(entity);
		free(field);
		p = close + 2;
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}

char *
compose_fields_from_labels(const char *text)
{
	static const struct { const char *label, *token; } labels[] = {
		{ "person name", "person.name" },
		{ "person first name", "person.first_name" },
		{ "person last name", "person.last_name" },
		{ "person email", "person.email" },
		{ "person phone", "person.phone" },
		{ "organization name", "org.name" },
		{ "organization address", "org.address" },
		{ "deal title", "deal.title" },
		{ "deal value", "deal.value" },
		{ "deal currency", "deal.currency" },
		{ "deal stage", "deal.stage" },
		{ "deal pipeline", "deal.pipeline" },
		{ "deal status", "deal.status" },
		{ "deal expected close date", "deal.expected_close_date" },
		{ "deal probability", "deal.probability" },
		{ "deal owner", "deal.owner_name" },
		{ "lead title", "lead.title" },
		{ "lead value", "lead.value" },
		{ "project title", "project.title" },
		{ "project status", "project.status" },
		{ "user name", "user.name" },
		{ "user email", "user.email" },
		{ "company name", "company.name" },
	};
	struct buf b = BUF_INIT;
	const char *p = text, *open;

	while ((open = strchr(p, '[')) != NULL) {
		const char *close = strchr(open + 1, ']');
		size_t i, n;

		buf_add(&b, p, (size_t)(open - p));
		p = open + 1;
		buf_addc(&b, '[');
		if (close == NULL)
			continue;
		n = (size_t)(close - open - 1);
		for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
			if (strlen(labels[i].label) == n &&
			    ascii_strncasecmp(open + 1, labels[i].label, n) == 0)
				break;
		}
		/* A markup link "[text](url)" is not a label. */
		if (i < sizeof labels / sizeof labels[0] && close[1] != '(') {
			b.len--;
			b.data[b.len] = '\0';
			buf_addf(&b, "{{%s}}", labels[i].token);
			p = close + 1;
		}
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}
