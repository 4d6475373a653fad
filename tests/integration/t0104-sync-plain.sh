# t0104-sync-plain.sh - tether sync against a server with neither CONDSTORE nor QRESYNC (nor ESEARCH): UID sets and every flag compared.
. "$top_srcdir/tests/integration/test-lib.sh"
SYNC_BED_CAPS="IMAP4rev1 SASL-IR LITERAL+ IDLE UIDPLUS"
. "$top_srcdir/tests/integration/sync-lib.sh"
SYNC_MODE_WORD="(UID FLAGS)"
SYNC_MODE_NOT="MODSEQ\|CHANGEDSINCE\|ENABLE"
. "$top_srcdir/tests/integration/sync-modes.sh"
