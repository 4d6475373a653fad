# t0103-sync-condstore.sh - tether sync against a server with CONDSTORE but no QRESYNC: flag changes by CHANGEDSINCE, expunges by comparing UIDs.
. "$top_srcdir/tests/integration/test-lib.sh"
SYNC_BED_CAPS="IMAP4rev1 SASL-IR LITERAL+ ENABLE IDLE UIDPLUS ESEARCH CONDSTORE SPECIAL-USE LIST-EXTENDED"
. "$top_srcdir/tests/integration/sync-lib.sh"
SYNC_MODE_WORD="CHANGEDSINCE"
SYNC_MODE_NOT="QRESYNC"
. "$top_srcdir/tests/integration/sync-modes.sh"
