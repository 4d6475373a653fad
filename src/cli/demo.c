/* demo.c - tether --demo: a throwaway profile with sample accounts and a few hundred realistic messages, made fresh each time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"

/* tether never connects in the demo: the interface starts no sync. */
static const char demo_config[] =
	"# The demo profile of tether --demo: thrown away and made again each time.\n"
	"[general]\n"
	"link_mode = auto\n"
	"default_sharing = shared\n"
	"default_account = work\n"
	"\n"
	"# A Gmail account from its preset; the servers come from the preset.\n"
	"[account work]\n"
	"provider = gmail\n"
	"email = dana@tether-bench.example\n"
	"name = Dana Katz\n"
	"sync_since = 1y\n"
	"\n"
	"# Your address at the consultancy, where the spring order began.\n"
	"[account consult]\n"
	"provider = gmail\n"
	"email = dana@tether-test.example\n"
	"name = Dana Levi\n"
	"\n"
	"# A company mailbox on its own server, sending with STARTTLS on 587.\n"
	"[account shop]\n"
	"email = sales@shop.example\n"
	"name = \"Shop Sales\"\n"
	"imap_host = mail.shop.example\n"
	"smtp_host = mail.shop.example\n"
	"smtp_port = 587\n"
	"folders = INBOX, Sent, Orders\n";

/* A file of the demo: installed with tether, or beside the program in a
 * build tree, or where TETHER_DATADIR says. */
static char *
demo_file(const char *name)
{
	const char *dirs[3];
	char exe[4096], *p, *path;
	ssize_t n;
	size_t i, k = 0;

	if ((dirs[k] = getenv("TETHER_DATADIR")) != NULL)
		k++;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((p = strrchr(exe, '/')) != NULL)
			*p = '\0';
		strncat(exe, "/data", sizeof exe - strlen(exe) - 1);
		dirs[k++] = exe;
	}
	dirs[k++] = PKGDATADIR;
	for (i = 0; i < k; i++) {
		path = path_join(dirs[i], name);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* The sample CRM: organizations, persons, deals, leads and projects
 * that the sample mail's senders belong to. */
static int
demo_crm(struct cli_ctx *ctx)
{
	static const struct { const char *file; enum crm_kind kind; } parts[] = {
		{ "demo-crm/organizations.csv", CRM_ORG },
		{ "demo-crm/persons.csv", CRM_PERSON },
		{ "demo-crm/deals.csv", CRM_DEAL },
		{ "demo-crm/leads.csv", CRM_LEAD },
		{ "demo-crm/projects.csv", CRM_PROJECT },
	};
	struct crm_import_stats stats;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct buf skip = BUF_INIT;
	char *path, *data = NULL, *cause = NULL;
	size_t len, i;
	int rc;

	if ((rc = cli_open_store(ctx, &cfg, &st)) != CLI_EXIT_OK)
		return rc;
	for (i = 0; i < TT_ARRAY_LEN(parts) && rc == CLI_EXIT_OK; i++) {
		if ((path = demo_file(parts[i].file)) == NULL) {
			cli_error(ctx, _("the demo's sample CRM (%s) is not installed "
			    "with this tether"), parts[i].file);
			rc = CLI_EXIT_FAIL;
			break;
		}
		memset(&stats, 0, sizeof stats);
		buf_reset(&skip);
		if (file_read_all(path, 1 << 20, &data, &len, &cause) != TT_OK ||
		    crm_import_csv(st, parts[i].kind, data, len, &skip, &stats,
		    &cause) != TT_OK || stats.skipped > 0) {
			cli_error(ctx, _("the demo's sample CRM (%s) did not load: %s"),
			    path, cause != NULL ? cause : buf_str(&skip));
			rc = CLI_EXIT_FAIL;
		}
		free(cause);
		cause = NULL;
		free(data);
		data = NULL;
		free(path);
	}
	buf_free(&skip);
	cli_close_store(&cfg, &st);
	return rc;
}

int
cli_demo(struct cli_ctx *ctx)
{
	char *dir, *mail, *config, *argv[5];
	const char *base = getenv("XDG_RUNTIME_DIR");
	FILE *fp;
	int rc;

	if ((mail = demo_file("demo.mbox")) == NULL) {
		cli_error(ctx, _("the demo's sample mail (demo.mbox) is not installed "
		    "with this tether; set TETHER_DATADIR to its directory"));
		return CLI_EXIT_FAIL;
	}
	dir = base != NULL && base[0] == '/' ? path_join(base, "tether-demo") :
	    xasprintf("/tmp/tether-demo-%ld", (long)getuid());
	/* Thrown away: what a demo changed is gone next time. */
	config = path_join(dir, "config");
	unlink(config);
	for (const char *f = "mail.db\0mail.db-wal\0mail.db-shm\0crm.db\0crm.db-wal\0"
	    "crm.db-shm\0sync.lock\0log\0"; *f != '\0'; f += strlen(f) + 1) {
		char *victim = path_join(dir, f);

		unlink(victim);
		free(victim);
	}
	if ((mkdir(dir, 0700) != 0 && errno != EEXIST) ||
	    (fp = fopen(config, "we")) == NULL) {
		cli_error(ctx, _("cannot make the demo profile in %s: %s"), dir,
		    strerror(errno));
		free(dir);
		free(config);
		free(mail);
		return CLI_EXIT_FAIL;
	}
	chmod(config, 0600);
	fputs(demo_config, fp);
	fclose(fp);
	paths_clear(&ctx->paths);
	if (paths_resolve(dir, NULL, &ctx->paths, NULL) != TT_OK) {
		cli_error(ctx, _("cannot make the demo profile in %s"), dir);
		free(dir);
		free(config);
		free(mail);
		return CLI_EXIT_FAIL;
	}
	/* The CRM first: threads are linked when they begin (LINK-14). */
	if ((rc = demo_crm(ctx)) != CLI_EXIT_OK) {
		free(dir);
		free(config);
		free(mail);
		return rc;
	}
	argv[0] = (char *)"import";
	argv[1] = (char *)"--folder";
	argv[2] = (char *)"Inbox";
	argv[3] = mail;
	argv[4] = NULL;
	rc = cli_dispatch(ctx, 4, argv);
	free(dir);
	free(config);
	free(mail);
	return rc;
}
