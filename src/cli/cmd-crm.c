/* cmd-crm.c - `tether crm add|edit|show|list|delete|convert|import|export|stages`: the CRM's items from scripts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

/* The field of kind an option names: "--first-name" or "--first_name";
 * "--email"/"--phone" for the lists. */
static int
option_field(enum crm_kind kind, const char *opt)
{
	char *key;
	int i;

	if (strncmp(opt, "--", 2) != 0)
		return -1;
	key = xstrdup(opt + 2);
	for (char *p = key; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
	}
	if (strcmp(key, "email") == 0 || strcmp(key, "phone") == 0 ||
	    strcmp(key, "label") == 0 || strcmp(key, "deal") == 0) {
		char *plural = xasprintf("%ss", key);

		free(key);
		key = plural;
	} else if (strcmp(key, "organization") == 0) {
		free(key);
		key = xstrdup("org");
	}
	i = store_crm_field_index(kind, key);
	free(key);
	return i;
}

/* The usage of the field options of a kind, for errors. */
static void
field_usage(struct cli_ctx *ctx, enum crm_kind kind)
{
	const struct crm_field *f = NULL;
	size_t n, i;

	f = store_crm_fields(kind, &n);
	fprintf(ctx->err, _("fields of a %s:"), store_crm_kind_name(kind));
	for (i = 1; i < n; i++) {
		if (!(f[i].flags & CRM_F_READONLY))
			fprintf(ctx->err, " --%s", f[i].key);
	}
	fputc('\n', ctx->err);
}

/* Reads the kind word at argv[i]. */
static bool
parse_kind(struct cli_ctx *ctx, int argc, char **argv, int i,
    enum crm_kind *kind)
{
	if (i >= argc || !store_crm_kind_parse(argv[i], kind)) {
		cli_error(ctx, _("name the kind of item: person, org, deal, lead or "
		    "project%s%s%s"), i < argc ? _(" (not \"") : "",
		    i < argc ? argv[i] : "", i < argc ? "\")" : "");
		return false;
	}
	return true;
}

/* Writes one value of field f as JSON with its type. */
static void
json_value(struct json *j, const struct crm_field *f, const char *v,
    const char *name)
{
	char *copy, *p, *part;

	if (v == NULL) {
		json_null(j);
		return;
	}
	switch (f->type) {
	case CF_INT:
	case CF_ID:
		if (f->type == CF_ID && strchr(v, '-') != NULL)
			json_str(j, v);
		else
			json_int(j, strtoll(v, NULL, 10));
		break;
	case CF_NUM:
		json_double(j, strtod(v, NULL));
		break;
	case CF_BOOL:
		json_bool(j, strcmp(v, "1") == 0);
		break;
	case CF_PERSON:
	case CF_ORG:
	case CF_USER:
	case CF_PIPELINE:
	case CF_STAGE:
		json_object_begin(j);
		json_kint(j, "id", strtoll(v, NULL, 10));
		json_kstr(j, "name", name != NULL ? name : "");
		json_object_end(j);
		break;
	case CF_EMAILS:
	case CF_PHONES:
	case CF_LABELS:
	case CF_DEALS:
		json_array_begin(j);
		copy = xstrdup(v);
		for (p = copy; (part = strsep(&p, ";")) != NULL;) {
			while (*part == ' ')
				part++;
			if (*part == '\0')
				continue;
			if (f->type == CF_DEALS)
				json_int(j, strtoll(part, NULL, 10));
			else
				json_str(j, part);
		}
		free(copy);
		json_array_end(j);
		break;
	default:
		if (strcmp(f->key, "visible_to") == 0)
			json_int(j, strtoll(v, NULL, 10));
		else
			json_str(j, v);
		break;
	}
}

static void
json_item(struct json *j, const struct crm_item *it)
{
	const struct crm_field *f;
	size_t n, i;

	f = store_crm_fields(it->kind, &n);
	json_object_begin(j);
	json_kstr(j, "kind", store_crm_kind_name(it->kind));
	for (i = 0; i < n; i++) {
		json_key(j, f[i].key);
		json_value(j, &f[i], it->v[i], it->names[i]);
	}
	json_ktime(j, "created_at", it->created_at);
	json_ktime(j, "updated_at", it->updated_at);
	json_object_end(j);
}

/* The name or title of an item. */
static const char *
item_title(const struct crm_item *it)
{
	int i = store_crm_field_index(it->kind, "title");

	if (i < 0)
		i = store_crm_field_index(it->kind, "name");
	return it->v[i] != NULL ? it->v[i] : "";
}

/* One line per item for people: id, title, and what tells them apart. */
static void
text_item_line(FILE *fp, const struct crm_item *it)
{
	static const char *const extra[] = { "emails", "org", "status", "stage",
		"value", "currency", "person", "phase", "archived" };
	size_t i;
	int k;

	fprintf(fp, "%8s  ", it->v[0]);
	cli_put_safe(fp, item_title(it), false);
	for (i = 0; i < TT_ARRAY_LEN(extra); i++) {
		if ((k = store_crm_field_index(it->kind, extra[i])) < 0 ||
		    it->v[k] == NULL || (strcmp(extra[i], "archived") == 0 &&
		    strcmp(it->v[k], "0") == 0))
			continue;
		fputs(strcmp(extra[i], "currency") == 0 ? " " : "  ", fp);
		if (strcmp(extra[i], "archived") == 0)
			fputs(_("(archived)"), fp);
		else
			cli_put_safe(fp, it->names[k] != NULL ? it->names[k] : it->v[k],
			    false);
	}
	fputc('\n', fp);
}

/* The fields of an item, one per line. */
static void
text_item(FILE *fp, const struct crm_item *it)
{
	const struct crm_field *f;
	size_t n, i;

	f = store_crm_fields(it->kind, &n);
	fprintf(fp, "%s %s: ", _(store_crm_kind_label(it->kind)), it->v[0]);
	cli_put_safe(fp, item_title(it), false);
	fputc('\n', fp);
	for (i = 1; i < n; i++) {
		if (it->v[i] == NULL || (f[i].flags & CRM_F_REQUIRED))
			continue;
		fprintf(fp, "  %-18s ", f[i].key);
		if (f[i].type == CF_BOOL)
			fputs(strcmp(it->v[i], "1") == 0 ? _("yes") : _("no"), fp);
		else if (it->names[i] != NULL) {
			cli_put_safe(fp, it->names[i], false);
			fprintf(fp, " (%s)", it->v[i]);
		} else
			cli_put_safe(fp, it->v[i], false);
		fputc('\n', fp);
	}
}

/* add and edit: field options into an item. */
static int
crm_add_edit(struct cli_ctx *ctx, int argc, char **argv, bool edit)
{
	struct crm_item it;
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL, *real = NULL, *saved = NULL;
	const char *id = NULL;
	bool json = false;
	struct crm_item shown;
	struct buf out = BUF_INIT;
	struct json j;
	int i = 2, f, rc;

	if (!parse_kind(ctx, argc, argv, i++, &kind))
		return CLI_EXIT_USAGE;
	if (edit && (i >= argc || argv[i][0] == '-')) {
		cli_error(ctx, _("crm edit needs the id (or name) of the %s"),
		    store_crm_kind_name(kind));
		return CLI_EXIT_USAGE;
	}
	crm_item_init(&it, kind);
	if (edit)
		id = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		if ((f = option_field(kind, argv[i])) <= 0 || i + 1 >= argc) {
			cli_error(ctx, f <= 0 ? _("%s is not one of the %s fields") :
			    _("%s needs a value"), argv[i], store_crm_kind_name(kind));
			field_usage(ctx, kind);
			crm_item_clear(&it);
			return CLI_EXIT_USAGE;
		}
		crm_item_set(&it, (size_t)f, argv[++i]);
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK) {
		crm_item_clear(&it);
		return rc;
	}
	if (edit && crm_resolve(st, kind, id, &real, &cause) == TT_OK)
		crm_item_set(&it, 0, real);
	if ((!edit || real != NULL) && crm_save(st, &it, 0, &saved, &cause) ==
	    TT_OK && store_crm_get(st, kind, saved, &shown, &cause) == TT_OK) {
		if (json) {
			json_init(&j, &out);
			json_item(&j, &shown);
			cli_put_json(ctx, &out);
		} else {
			fprintf(ctx->out, edit ? _("changed %s %s: ") :
			    _("added %s %s: "), store_crm_kind_name(kind), saved);
			cli_put_safe(ctx->out, item_title(&shown), false);
			fputc('\n', ctx->out);
		}
		crm_item_clear(&shown);
		rc = CLI_EXIT_OK;
	} else {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
	}
	free(saved);
	free(real);
	free(cause);
	crm_item_clear(&it);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
crm_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_item_view q = { 0 };
	struct store_thread *threads = NULL;
	struct crm_item it;
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL, *id = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	bool json = false;
	int64_t total = 0, limit = 50;
	size_t n = 0, k;
	int i, rc;
	const char *what = NULL;

	if (!parse_kind(ctx, argc, argv, 2, &kind))
		return CLI_EXIT_USAGE;
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			if (!cli_parse_id(ctx, "--limit", argv[++i], &limit))
				return CLI_EXIT_USAGE;
		} else if (strcmp(argv[i], "--all") == 0)
			limit = 0;
		else if (what == NULL)
			what = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_crm);
			return CLI_EXIT_USAGE;
		}
	}
	if (what == NULL) {
		cli_error(ctx, _("crm show needs the id (or name) of the %s"),
		    store_crm_kind_name(kind));
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	q.kind = kind;
	q.limit = limit;
	if (crm_resolve(st, kind, what, &id, &cause) != TT_OK ||
	    store_crm_get(st, kind, id, &it, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		free(id);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	q.id = id;
	if (store_item_threads(st, &q, &threads, &n, &total, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "item");
		json_item(&j, &it);
		json_kint(&j, "thread_count", total);
		json_key(&j, "threads");
		json_array_begin(&j);
		for (k = 0; k < n; k++)
			cli_json_thread(&j, st, &threads[k],
			    cfg->general.default_sharing == SHARING_SHARED);
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		text_item(ctx->out, &it);
		fprintf(ctx->out, ngettext_("\n%lld thread, newest first:\n",
		    "\n%lld threads, newest first:\n", (unsigned long)total),
		    (long long)total);
		for (k = 0; k < n; k++)
			cli_text_thread_line(ctx->out, &threads[k]);
		if ((int64_t)n < total)
			fprintf(ctx->out, _("… and %lld more (--all shows them)\n"),
			    (long long)(total - (int64_t)n));
	}
	store_threads_free(threads, n);
out:
	crm_item_clear(&it);
	free(id);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
crm_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crm_item *v = NULL;
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL;
	const char *search = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	bool json = false, deleted = false;
	int64_t limit = 0;
	size_t n = 0, k;
	int i, rc;

	if (!parse_kind(ctx, argc, argv, 2, &kind))
		return CLI_EXIT_USAGE;
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--deleted") == 0)
			deleted = true;
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			if (!cli_parse_id(ctx, "--limit", argv[++i], &limit))
				return CLI_EXIT_USAGE;
		} else if (search == NULL && argv[i][0] != '-')
			search = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_crm);
			return CLI_EXIT_USAGE;
		}
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (store_crm_list(st, kind, search, deleted, limit, &v, &n, &cause) !=
	    TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "items");
		json_array_begin(&j);
		for (k = 0; k < n; k++)
			json_item(&j, &v[k]);
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		for (k = 0; k < n; k++)
			text_item_line(ctx->out, &v[k]);
	}
	crm_items_free(v, n);
	cli_close_store(&cfg, &st);
	return CLI_EXIT_OK;
}

static int
crm_delete_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL, *id = NULL;
	int rc;

	if (!parse_kind(ctx, argc, argv, 2, &kind))
		return CLI_EXIT_USAGE;
	if (argc != 4) {
		cli_error(ctx, _("crm delete needs the id (or name) of one %s"),
		    store_crm_kind_name(kind));
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (crm_resolve(st, kind, argv[3], &id, &cause) == TT_OK &&
	    crm_delete(st, kind, id, &cause) == TT_OK) {
		fprintf(ctx->out, kind == CRM_DEAL ? _("deleted deal %s (its "
		    "threads keep their link; crm edit deal %s --status open "
		    "restores it)\n") : _("deleted %s %s\n"),
		    kind == CRM_DEAL ? id : store_crm_kind_name(kind), id);
	} else {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
	}
	free(cause);
	free(id);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
crm_convert(struct cli_ctx *ctx, int argc, char **argv)
{
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	char *cause = NULL, *id = NULL, *new_id = NULL;
	const char *pipeline = NULL, *stage = NULL;
	int i, rc;

	if (!parse_kind(ctx, argc, argv, 2, &kind) || (kind != CRM_LEAD &&
	    kind != CRM_DEAL) || argc < 4) {
		cli_error(ctx, _("crm convert turns a lead into a deal or a deal "
		    "into a lead: crm convert lead|deal ID"));
		return CLI_EXIT_USAGE;
	}
	for (i = 4; i < argc; i++) {
		if (strcmp(argv[i], "--pipeline") == 0 && i + 1 < argc)
			pipeline = argv[++i];
		else if (strcmp(argv[i], "--stage") == 0 && i + 1 < argc)
			stage = argv[++i];
		else {
			cli_usage(ctx->err, &cli_cmd_crm);
			return CLI_EXIT_USAGE;
		}
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (crm_resolve(st, kind, argv[3], &id, &cause) == TT_OK &&
	    (kind == CRM_LEAD ? crm_convert_lead(st, id, pipeline, stage, &new_id,
	    &cause) : crm_convert_deal(st, id, &new_id, &cause)) == TT_OK)
		fprintf(ctx->out, _("%s %s is now %s %s\n"), store_crm_kind_name(kind),
		    id, kind == CRM_LEAD ? "deal" : "lead", new_id);
	else {
		cli_error(ctx, "%s", cause);
		rc = CLI_EXIT_FAIL;
	}
	free(cause);
	free(id);
	free(new_id);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
crm_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crm_import_stats stats = { 0 };
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf skip = BUF_INIT;
	const char *skip_path = NULL;
	char *cause = NULL, *data = NULL, *def = NULL;
	size_t len = 0;
	FILE *fp;
	int i, rc;

	if (!parse_kind(ctx, argc, argv, 2, &kind))
		return CLI_EXIT_USAGE;
	if (argc < 4) {
		cli_error(ctx, _("crm import needs a CSV file: crm import %s FILE.csv"),
		    store_crm_kind_name(kind));
		return CLI_EXIT_USAGE;
	}
	for (i = 4; i < argc; i++) {
		if (strcmp(argv[i], "--skip-file") == 0 && i + 1 < argc)
			skip_path = argv[++i];
		else {
			cli_usage(ctx->err, &cli_cmd_crm);
			return CLI_EXIT_USAGE;
		}
	}
	/* IMP-01: 50 MB at most; one byte more says it is too big. */
	if (file_read_all(argv[3], 50 * 1000 * 1000 + 1, &data, &len, &cause) !=
	    TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	/* IMP-01 names spreadsheets too; tether reads their CSV export. */
	if ((len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) ||
	    (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)) {
		cli_error(ctx, _("%s is a spreadsheet (.xlsx or .xls); tether "
		    "imports CSV: save the sheet as \"CSV UTF-8\" and import that"),
		    argv[3]);
		free(data);
		return CLI_EXIT_FAIL;
	}
	if (len > 50 * 1000 * 1000) {
		cli_error(ctx, _("%s is larger than 50 MB; split it into smaller "
		    "files"), argv[3]);
		free(data);
		return CLI_EXIT_FAIL;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK) {
		free(data);
		return rc;
	}
	if (crm_import_csv(st, kind, data, len, &skip, &stats, &cause) != TT_OK) {
		cli_error(ctx, _("%s: nothing was imported: %s"), argv[3], cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	fprintf(ctx->out, _("%s: %zu rows: %zu created, %zu updated, %zu "
	    "skipped\n"), argv[3], stats.rows, stats.created, stats.updated,
	    stats.skipped);
	if (stats.rematched > 0)
		fprintf(ctx->out, ngettext_("%lld address in stored mail now shows "
		    "its person\n", "%lld addresses in stored mail now show their "
		    "person\n", (unsigned long)stats.rematched),
		    (long long)stats.rematched);
	if (stats.skipped > 0) {
		if (skip_path == NULL)
			skip_path = def = xasprintf("%s.skipped.csv", argv[3]);
		if ((fp = fopen(skip_path, "w")) == NULL ||
		    fwrite(buf_str(&skip), 1, skip.len, fp) != skip.len ||
		    fclose(fp) != 0) {
			cli_error(ctx, _("cannot write the skip file %s: %s"), skip_path,
			    strerror(errno));
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("the skipped rows and why are in %s\n"),
			    skip_path);
		/* Some rows did not go in: a script must notice. */
		rc = CLI_EXIT_FAIL;
	}
out:
	free(def);
	buf_free(&skip);
	free(data);
	cli_close_store(&cfg, &st);
	return rc;
}

static int
crm_export(struct cli_ctx *ctx, int argc, char **argv)
{
	enum crm_kind kind;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	char *cause = NULL;
	int rc;

	if (!parse_kind(ctx, argc, argv, 2, &kind))
		return CLI_EXIT_USAGE;
	if (argc != 3) {
		cli_error(ctx, _("crm export writes CSV to standard output: "
		    "crm export %s > FILE.csv"), store_crm_kind_name(kind));
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (crm_export_csv(st, kind, &out, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		rc = CLI_EXIT_FAIL;
	} else if (fwrite(buf_str(&out), 1, out.len, ctx->out) != out.len) {
		cli_error(ctx, _("cannot write the export: %s"), strerror(errno));
		rc = CLI_EXIT_FAIL;
	}
	buf_free(&out);
	cli_close_store(&cfg, &st);
	return rc;
}

/* crm stages [--json] | crm stages add PIPELINE STAGE [--probability N] */
static int
crm_stages(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_stage *v = NULL;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	bool json = argc == 3 && strcmp(argv[2], "--json") == 0;
	int64_t prob = -1;
	size_t n = 0, k;
	int rc;

	if (argc >= 5 && strcmp(argv[2], "add") == 0) {
		if (argc == 7 && strcmp(argv[5], "--probability") == 0) {
			if (!cli_parse_id(ctx, "--probability", argv[6], &prob) ||
			    prob > 100)
				return CLI_EXIT_USAGE;
		} else if (argc != 5) {
			cli_usage(ctx->err, &cli_cmd_crm);
			return CLI_EXIT_USAGE;
		}
		if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
			return rc;
		if (store_stage_add(st, argv[3], argv[4], (int)prob, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			free(cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("added stage %s to pipeline %s\n"), argv[4],
			    argv[3]);
		cli_close_store(&cfg, &st);
		return rc;
	}
	if (argc > 3 || (argc == 3 && !json)) {
		cli_usage(ctx->err, &cli_cmd_crm);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (store_stages(st, &v, &n, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		cli_close_store(&cfg, &st);
		return CLI_EXIT_FAIL;
	}
	if (json) {
		json_init(&j, &out);
		json_object_begin(&j);
		json_key(&j, "stages");
		json_array_begin(&j);
		for (k = 0; k < n; k++) {
			if (v[k].name == NULL)
				continue;
			json_object_begin(&j);
			json_kint(&j, "id", v[k].id);
			json_kstr(&j, "name", v[k].name);
			json_kint(&j, "pipeline_id", v[k].pipeline_id);
			json_kstr(&j, "pipeline", v[k].pipeline);
			json_kint(&j, "order", v[k].order);
			json_key(&j, "probability");
			if (v[k].probability < 0)
				json_null(&j);
			else
				json_int(&j, v[k].probability);
			json_kint(&j, "open_deals", v[k].open_deals);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		cli_put_json(ctx, &out);
	} else {
		for (k = 0; k < n; k++) {
			if (k == 0 || v[k].pipeline_id != v[k - 1].pipeline_id) {
				fprintf(ctx->out, _("pipeline %lld: "),
				    (long long)v[k].pipeline_id);
				cli_put_safe(ctx->out, v[k].pipeline, false);
				fputc('\n', ctx->out);
			}
			if (v[k].name == NULL)
				continue;
			fprintf(ctx->out, "  %d. ", v[k].order);
			cli_put_safe(ctx->out, v[k].name, false);
			if (v[k].probability >= 0)
				fprintf(ctx->out, _("  (%d%%)"), v[k].probability);
			fprintf(ctx->out, ngettext_("  %lld open deal\n",
			    "  %lld open deals\n", (unsigned long)v[k].open_deals),
			    (long long)v[k].open_deals);
		}
	}
	store_stages_free(v, n);
	cli_close_store(&cfg, &st);
	return CLI_EXIT_OK;
}

/* `tether crm --help`: every verb with its options, and the fields of
 * each kind as add and edit take them. */
static int
crm_help(struct cli_ctx *ctx)
{
	static const enum crm_kind kinds[] = {
		CRM_PERSON, CRM_ORG, CRM_DEAL, CRM_LEAD, CRM_PROJECT,
	};
	const struct crm_field *f;
	size_t n, i, k;

	cli_usage(ctx->out, &cli_cmd_crm);
	fputs(_("\n"
	    "  crm add KIND --FIELD VALUE...     add an item; prints its id\n"
	    "  crm edit KIND ID --FIELD VALUE... change fields (an empty VALUE clears one)\n"
	    "  crm show KIND ID [--limit N | --all] [--json]\n"
	    "                                    the item and its threads, newest first\n"
	    "  crm list KIND [SEARCH] [--limit N] [--deleted] [--json]\n"
	    "  crm delete KIND ID                deals are kept as deleted; others go\n"
	    "  crm convert lead ID [--pipeline P] [--stage S] | convert deal ID\n"
	    "  crm import KIND FILE.csv [--skip-file FILE]\n"
	    "  crm export KIND                   CSV on standard output\n"
	    "  crm stages [--json] | stages add PIPELINE STAGE [--probability N]\n"
	    "\n"
	    "ID is a number or a name; KIND is person, org, deal, lead or project.\n"),
	    ctx->out);
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		f = store_crm_fields(kinds[k], &n);
		fprintf(ctx->out, _("%s fields:"), store_crm_kind_name(kinds[k]));
		for (i = 1; i < n; i++) {
			if (!(f[i].flags & CRM_F_READONLY))
				fprintf(ctx->out, " --%s", f[i].key);
		}
		fputc('\n', ctx->out);
	}
	fputs(_("tether(1) describes each field and its values.\n"), ctx->out);
	return CLI_EXIT_OK;
}

static int
cmd_crm_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return crm_help(ctx);
	}
	if (strcmp(verb, "help") == 0)
		return crm_help(ctx);

	if (strcmp(verb, "add") == 0)
		return crm_add_edit(ctx, argc, argv, false);
	if (strcmp(verb, "edit") == 0)
		return crm_add_edit(ctx, argc, argv, true);
	if (strcmp(verb, "show") == 0)
		return crm_show(ctx, argc, argv);
	if (strcmp(verb, "list") == 0)
		return crm_list(ctx, argc, argv);
	if (strcmp(verb, "delete") == 0)
		return crm_delete_cmd(ctx, argc, argv);
	if (strcmp(verb, "convert") == 0)
		return crm_convert(ctx, argc, argv);
	if (strcmp(verb, "import") == 0)
		return crm_import(ctx, argc, argv);
	if (strcmp(verb, "export") == 0)
		return crm_export(ctx, argc, argv);
	if (strcmp(verb, "stages") == 0)
		return crm_stages(ctx, argc, argv);
	cli_usage(ctx->err, &cli_cmd_crm);
	return CLI_EXIT_USAGE;
}

const struct cli_cmd cli_cmd_crm = {
	"crm", "add|edit|show|list|delete|convert|import|export KIND … "
	"(KIND: person, org, deal, lead, project) | stages [add PIPELINE STAGE]",
	N_("the CRM: add, change, show, list, delete, import and export items"),
	cmd_crm_exec,
};
