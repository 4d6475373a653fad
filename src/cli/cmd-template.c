/* cmd-template.c - `tether template …` and `tether signature …`: message templates (shared or private, ordered, with files) and signatures. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "compose/compose.h"

const char *
cli_user_name(void)
{
	static char name[64];
	const struct passwd *pw;

	if (name[0] == '\0') {
		pw = getpwuid(getuid());
		snprintf(name, sizeof name, "%s", pw != NULL && pw->pw_name != NULL ?
		    pw->pw_name : "user");
	}
	return name;
}

/* The text of --body or --body-file (UTF-8), or NULL after an error. */
static char *
text_arg(struct cli_ctx *ctx, const char *body, const char *file)
{
	char *data = NULL, *cause = NULL;
	size_t len = 0;

	if (body != NULL)
		return xstrdup(body);
	if (file == NULL)
		return xstrdup("");
	if (file_read_all(strcmp(file, "-") == 0 ? "/dev/stdin" : file, (size_t)16 << 20,
	    &data, &len, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		return NULL;
	}
	if (!utf8_valid(data, len)) {
		cli_error(ctx, _("%s is not UTF-8 text"), file);
		free(data);
		return NULL;
	}
	return data;
}

static int
template_add(struct cli_ctx *ctx, struct store *st, int argc, char **argv)
{
	struct store_template t = { 0 };
	const char *body = NULL, *file = NULL;
	char *cause = NULL, *text, *canon, *draft_body = NULL;
	int i;

	if (argc < 3 || argv[2][0] == '-') {
		cli_error(ctx, _("template add needs a name"));
		return CLI_EXIT_USAGE;
	}
	t.name = xstrdup(argv[2]);
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--private") == 0)
			t.is_private = true;
		else if (i + 1 >= argc)
			goto usage;
		else if (strcmp(argv[i], "--subject") == 0) {
			free(t.subject);
			t.subject = xstrdup(argv[++i]);
		} else if (strcmp(argv[i], "--body") == 0)
			body = argv[++i];
		else if (strcmp(argv[i], "--body-file") == 0)
			file = argv[++i];
		else if (strcmp(argv[i], "--from-draft") == 0) {
			/* CMP-02: the draft's subject, text and files. */
			struct store_draft d = { 0 };
			int64_t id = 0;

			if (!cli_parse_id(ctx, _("the draft id"), argv[++i], &id) ||
			    store_draft_get(st, id, true, &d, &cause) != TT_OK) {
				if (cause != NULL) {
					cli_error(ctx, "%s", cause);
					free(cause);
				}
				store_template_clear(&t);
				return CLI_EXIT_FAIL;
			}
			if (t.subject == NULL)
				t.subject = d.subject != NULL ? xstrdup(d.subject) : NULL;
			draft_body = d.body != NULL ? xstrdup(d.body) : xstrdup("");
			for (size_t k = 0; k < d.nfiles; k++) {
				t.files = xreallocarray(t.files, t.nfiles + 1, sizeof *t.files);
				t.files[t.nfiles++] = d.files[k];
			}
			free(d.files);
			d.files = NULL;
			d.nfiles = 0;
			store_draft_clear(&d);
		} else if (strcmp(argv[i], "--attach") == 0) {
			struct store_draft_file *f;
			const char *path = argv[++i], *slash = strrchr(path, '/');

			t.files = xreallocarray(t.files, t.nfiles + 1, sizeof *t.files);
			f = &t.files[t.nfiles];
			memset(f, 0, sizeof *f);
			if (file_read_all(path, (size_t)1 << 31, &f->data, &f->len, &cause) != TT_OK) {
				cli_error(ctx, "%s", cause);
				free(cause);
				store_template_clear(&t);
				return CLI_EXIT_FAIL;
			}
			f->name = xstrdup(slash != NULL ? slash + 1 : path);
			f->content_type = xstrdup(compose_guess_type(f->name));
			t.nfiles++;
		} else
			goto usage;
	}
	if (draft_body != NULL && body == NULL && file == NULL)
		text = draft_body;
	else if ((text = text_arg(ctx, body, file)) == NULL) {
		free(draft_body);
		store_template_clear(&t);
		return CLI_EXIT_FAIL;
	} else
		free(draft_body);
	/* Labels of templates written elsewhere become smart fields. */
	canon = compose_fields_from_labels(text);
	free(text);
	t.body = canon;
	if (t.subject != NULL) {
		canon = compose_fields_from_labels(t.subject);
		free(t.subject);
		t.subject = canon;
	}
	t.owner = xstrdup(cli_user_name());
	if (store_template_add(st, &t, &cause) != TT_OK) {
		cli_error(ctx, "%s", cause);
		free(cause);
		store_template_clear(&t);
		return CLI_EXIT_FAIL;
	}
	fprintf(ctx->out, _("added template %lld: %s%s\n"), (long long)t.id, t.name,
	    t.is_private ? _(" (private)") : "");
	store_template_clear(&t);
	return CLI_EXIT_OK;
usage:
	cli_usage(ctx->err, &cli_cmd_template);
	store_template_clear(&t);
	return CLI_EXIT_USAGE;
}

static void
template_json(struct json *j, const struct store_template *t, bool full)
{
	json_object_begin(j);
	json_kint(j, "id", t->id);
	json_kstr(j, "name", t->name);
	json_kstr(j, "subject", t->subject);
	json_kbool(j, "private", t->is_private);
	json_kstr(j, "owner", t->owner);
	json_kint(j, "position", t->position);
	if (full) {
		json_kstr(j, "body", t->body);
		json_key(j, "files");
		json_array_begin(j);
		for (size_t i = 0; i < t->nfiles; i++) {
			json_object_begin(j);
			json_kstr(j, "name", t->files[i].name);
			json_kstr(j, "content_type", t->files[i].content_type);
			json_kint(j, "size", (int64_t)t->files[i].len);
			json_object_end(j);
		}
		json_array_end(j);
	}
	json_object_end(j);
}

static int
cmd_template_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "list";
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct store_template *v = NULL, t = { 0 };
	struct buf out = BUF_INIT;
	struct json j;
	char *cause = NULL;
	bool json = argc > 2 && strcmp(argv[argc - 1], "--json") == 0;
	size_t n = 0, k;
	int rc;

	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (strcmp(verb, "add") == 0) {
		rc = template_add(ctx, st, argc, argv);
	} else if (strcmp(verb, "list") == 0) {
		if (store_template_list(st, cli_user_name(), &v, &n, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else if (json) {
			json_init(&j, &out);
			json_object_begin(&j);
			json_key(&j, "templates");
			json_array_begin(&j);
			for (k = 0; k < n; k++)
				template_json(&j, &v[k], false);
			json_array_end(&j);
			json_object_end(&j);
			cli_put_json(ctx, &out);
		} else {
			if (n == 0)
				fprintf(ctx->out, _("no templates yet (tether template add NAME "
				    "--subject S --body-file F)\n"));
			for (k = 0; k < n; k++) {
				/* CMP-03: a lock marks a private template. */
				fprintf(ctx->out, "%3d. %s", v[k].position, v[k].is_private ? "🔒 " : "");
				cli_put_safe(ctx->out, v[k].name, false);
				fputs("  ", ctx->out);
				cli_put_safe(ctx->out, v[k].subject, false);
				fputc('\n', ctx->out);
			}
		}
		store_templates_free(v, n);
	} else if ((strcmp(verb, "show") == 0 || strcmp(verb, "delete") == 0 ||
	    strcmp(verb, "move") == 0) && argc >= 3) {
		if (store_template_get(st, cli_user_name(), argv[2], &t, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else if (strcmp(verb, "show") == 0) {
			if (json) {
				json_init(&j, &out);
				template_json(&j, &t, true);
				cli_put_json(ctx, &out);
			} else {
				fprintf(ctx->out, _("Template %lld: "), (long long)t.id);
				cli_put_safe(ctx->out, t.name, false);
				fprintf(ctx->out, "%s\n", t.is_private ? _(" (private)") : "");
				fprintf(ctx->out, _("Subject: "));
				cli_put_safe(ctx->out, t.subject, false);
				fputs("\n\n", ctx->out);
				cli_put_safe(ctx->out, t.body, true);
				fputc('\n', ctx->out);
				for (k = 0; k < t.nfiles; k++) {
					fprintf(ctx->out, _("file: "));
					cli_put_safe(ctx->out, t.files[k].name, false);
					fprintf(ctx->out, " (%zu bytes)\n", t.files[k].len);
				}
			}
		} else if (t.is_private && strcmp(t.owner, cli_user_name()) != 0) {
			cli_error(ctx, _("template \"%s\" is %s's"), t.name, t.owner);
			rc = CLI_EXIT_FAIL;
		} else if (strcmp(verb, "delete") == 0) {
			if (store_template_delete(st, t.id, &cause) != TT_OK) {
				cli_error(ctx, "%s", cause);
				rc = CLI_EXIT_FAIL;
			} else
				fprintf(ctx->out, _("deleted template %s\n"), t.name);
		} else {
			char *end = NULL;
			long pos = argc >= 4 ? strtol(argv[3], &end, 10) : 0;

			if (argc < 4 || *end != '\0' || pos < 1) {
				cli_error(ctx, _("template move needs a position: 1 is the top"));
				rc = CLI_EXIT_USAGE;
			} else if (store_template_move(st, t.id, (int)pos, &cause) != TT_OK) {
				cli_error(ctx, "%s", cause);
				rc = CLI_EXIT_FAIL;
			} else {
				struct store_template moved = { 0 };

				/* Where it landed among what this user sees. */
				if (store_template_get(st, cli_user_name(), argv[2], &moved,
				    &cause) == TT_OK)
					pos = moved.position;
				store_template_clear(&moved);
				fprintf(ctx->out, _("template %s is number %ld now\n"), t.name, pos);
			}
		}
		store_template_clear(&t);
	} else {
		cli_usage(ctx->err, &cli_cmd_template);
		rc = CLI_EXIT_USAGE;
	}
	free(cause);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_template = {
	"template", "list [--json] | show NAME [--json] | add NAME [--subject S] "
	"[--body TEXT | --body-file F | --from-draft ID] [--attach FILE]... [--private] "
	"| move NAME POSITION "
	"| delete NAME",
	N_("message templates with smart fields: list, show, add, order, delete"),
	cmd_template_exec,
};

static int
cmd_signature_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "list", *account = NULL, *body = NULL,
	    *file = NULL, *name = NULL;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct store_signature *v = NULL;
	char *cause = NULL, *text;
	bool is_default = false;
	size_t n = 0;
	int i, rc;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--default") == 0)
			is_default = true;
		else if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--body") == 0 && i + 1 < argc)
			body = argv[++i];
		else if (strcmp(argv[i], "--body-file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else {
			cli_usage(ctx->err, &cli_cmd_signature);
			return CLI_EXIT_USAGE;
		}
	}
	if (strcmp(verb, "list") != 0 && name == NULL) {
		cli_usage(ctx->err, &cli_cmd_signature);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	if (account != NULL && config_account_find(cfg, account) == NULL) {
		cli_error(ctx, _("there is no account \"%s\" in %s"), account, cfg->path);
		rc = CLI_EXIT_FAIL;
	} else if (strcmp(verb, "set") == 0) {
		if ((text = text_arg(ctx, body, file)) == NULL)
			rc = CLI_EXIT_FAIL;
		else if (store_signature_set(st, account, name, text, is_default, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("signature %s saved%s\n"), name,
			    is_default ? _(" as the default") : "");
		free(text);
	} else if (strcmp(verb, "delete") == 0) {
		if (store_signature_delete(st, account, name, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		} else
			fprintf(ctx->out, _("signature %s deleted\n"), name);
	} else if (strcmp(verb, "list") == 0) {
		if (store_signature_list(st, &v, &n, &cause) != TT_OK) {
			cli_error(ctx, "%s", cause);
			rc = CLI_EXIT_FAIL;
		}
		if (rc == CLI_EXIT_OK && n == 0)
			fprintf(ctx->out, _("no signatures yet (tether signature set NAME "
			    "--body-file F --default)\n"));
		for (size_t k = 0; k < n; k++) {
			fprintf(ctx->out, "%s%s  [%s]\n", v[k].name, v[k].is_default ?
			    _(" (default)") : "", v[k].account != NULL ? v[k].account :
			    _("every account"));
			cli_put_safe(ctx->out, v[k].body, true);
			fputs("\n\n", ctx->out);
		}
		store_signatures_free(v, n);
	} else {
		cli_usage(ctx->err, &cli_cmd_signature);
		rc = CLI_EXIT_USAGE;
	}
	free(cause);
	cli_close_store(&cfg, &st);
	return rc;
}

const struct cli_cmd cli_cmd_signature = {
	"signature", "list | set NAME [--account A] [--default] (--body TEXT | --body-file F) "
	"| delete NAME [--account A]",
	N_("signatures: several per account, one default inserted in new drafts"),
	cmd_signature_exec,
};
