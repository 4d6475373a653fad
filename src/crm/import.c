/* import.c - placeholder until the CSV import lands (being written on branch csv-import). */
#include "crm/crm.h"

tt_status
crm_import_csv(struct store *st, enum crm_kind kind, const char *data,
    size_t len, struct buf *skip, struct crm_import_stats *stats, char **cause)
{
	(void)st; (void)kind; (void)data; (void)len; (void)skip; (void)stats;
	return tt_fail(cause, TT_EUNSUPPORTED, "CSV import is not built yet");
}

tt_status
crm_export_csv(struct store *st, enum crm_kind kind, struct buf *out,
    char **cause)
{
	(void)st; (void)kind; (void)out;
	return tt_fail(cause, TT_EUNSUPPORTED, "CSV export is not built yet");
}
