/* thread.c - placing a message in its thread: the ids it carries find, create or merge threads. */
#include <stdlib.h>
#include <string.h>

#include "thread/thread.h"

tt_status
thread_place(struct store *st, int64_t account_id, int64_t id,
    const struct mime_message *msg, int64_t *thread, bool *created,
    char **cause)
{
	char **ids, **fresh;
	int64_t *found = NULL, keep;
	size_t nids, nfound = 0, nfresh = 0, i;
	bool *known;
	tt_status s;

	*thread = 0;
	*created = false;
	/* Its references and its own id; the parser already dropped a
	 * self-reference and duplicates, so loops cannot recurse here. */
	nids = msg->nrefs + 1;
	ids = xcalloc(nids, sizeof *ids);
	for (i = 0; i < msg->nrefs; i++)
		ids[i] = msg->refs[i];
	ids[msg->nrefs] = msg->message_id;

	known = xcalloc(nids, sizeof *known);
	s = store_thread_find(st, account_id, ids, nids, &found, &nfound, known,
	    cause);
	if (s == TT_OK && nfound == 0) {
		s = store_thread_create(st, account_id, &keep, cause);
		*created = s == TT_OK;
	}
	else if (s == TT_OK) {
		/* found[] is oldest first: the others merge into it. */
		keep = found[0];
		for (i = 1; i < nfound && s == TT_OK; i++)
			s = store_thread_merge(st, keep, found[i], cause);
	}
	/* Known ids point at keep already (a merge moved them): map the rest. */
	fresh = xcalloc(nids, sizeof *fresh);
	for (i = 0; i < msg->nrefs; i++) {
		if (!known[i])
			fresh[nfresh++] = msg->refs[i];
	}
	if (s == TT_OK)
		s = store_thread_map(st, account_id, keep, fresh, nfresh,
		    msg->message_id, cause);
	free(fresh);
	free(known);
	if (s == TT_OK)
		s = store_thread_attach(st, keep, id, cause);
	if (s == TT_OK)
		*thread = keep;
	free(found);
	free(ids);
	return s;
}
