/* screen.c - applying the blocklist to mail already stored, on request (BLOCK-04). */
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

/* Screens one account's stored mail; *n counts what was screened. */
static tt_status
apply_account(struct store *st, int64_t account_id, const char *account,
    const char *const *own, size_t nown, size_t *n, char **cause)
{
	struct store_block *bv;
	struct block_list *bl;
	struct store_addr_row *rows = NULL;
	size_t nb, nrows = 0, i;
	tt_status s;

	if ((s = store_block_list(st, account, &bv, &nb, cause)) != TT_OK)
		return s;
	bl = block_list_new();
	for (i = 0; i < nb; i++) {
		if (bv[i].account == NULL || strcmp(bv[i].account, account) == 0)
			block_list_add(bl, bv[i].pattern);
	}
	store_blocks_free(bv, nb);
	if (block_list_count(bl) == 0)
		goto out;
	if ((s = store_screen_candidates(st, account_id, &rows, &nrows, cause)) !=
	    TT_OK)
		goto out;
	/* Outbound mail is never screened (ambiguity 1). */
	for (i = 0; i < nrows && s == TT_OK; i++) {
		if (rows[i].is_sent || !block_screen(bl,
		    (const char *const *)rows[i].from, rows[i].nfrom,
		    (const char *const *)rows[i].to_cc, rows[i].nto_cc, own, nown))
			continue;
		if ((s = store_message_screen(st, rows[i].message_id, cause)) == TT_OK)
			(*n)++;
	}
out:
	store_addr_rows_free(rows, nrows);
	block_list_free(&bl);
	return s;
}

tt_status
crm_block_apply(struct store *st, const char *account, const char *const *own,
    size_t nown, size_t *n, char **cause)
{
	struct store_folder *fv;
	size_t nf, i, j;
	int64_t id;
	tt_status s;

	*n = 0;
	if ((s = store_list_folders_ex(st, false, &fv, &nf, cause)) != TT_OK)
		return s;
	if ((s = store_begin(st, cause)) != TT_OK) {
		store_folders_free(fv, nf);
		return s;
	}
	/* Each account once: the folder list names them all. */
	for (i = 0; i < nf && s == TT_OK; i++) {
		for (j = 0; j < i && strcmp(fv[j].account, fv[i].account) != 0; j++)
			;
		if (j < i || (account != NULL && strcmp(account, fv[i].account) != 0))
			continue;
		if ((s = store_account_ensure(st, fv[i].account, NULL, &id, cause)) ==
		    TT_OK)
			s = apply_account(st, id, fv[i].account, own, nown, n, cause);
	}
	store_folders_free(fv, nf);
	if (s == TT_OK)
		return store_commit(st, cause);
	store_rollback(st);
	*n = 0;
	return s;
}
