# t0105-journal.sh - the journal of your changes against a real Dovecot: read/flag/archive/delete/move reach the server once, offline changes wait, a refusal is undone and shown, a crash before the server's answer doubles nothing.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

P=$PROFILE
bed_config "$P" &&
	{ printf '[general]\narchive_in_provider = yes\ndelete_in_provider = yes\n'; cat "$P/config"; } >"$P/c" &&
	mv "$P/c" "$P/config" && chmod 600 "$P/config"

# act ARGS...: a tether action that must succeed.
act() {
	run_tether --profile "$P" "$@"
	[ "$rc" -eq 0 ] && return 0
	printf 'tether %s exited %s\nstdout: %s\nstderr: %s\n' "$*" "$rc" "$out" "$err"
	return 1
}
# pending: how many changes wait in the journal.
pending() {
	sql "$P" "SELECT count(*) FROM journal WHERE state = 'pending'"
}
# srv_flags BOX ID: the flags of message ID in alice's BOX on the server.
srv_flags() {
	server_msgs "$1" | awk -F '\t' -v id="$2@t0102.example" '$2 == id { print $3 }'
}
# srv_has BOX ID: how many copies of message ID alice's BOX holds.
srv_has() {
	server_msgs "$1" | awk -F '\t' -v id="$2@t0102.example" '$2 == id { n++ } END { print n + 0 }'
}
# id_of ID: tether's id of message ID@t0102.example.
id_of() {
	msg_field "$P" "$1" id
}

test_expect_success 'the server holds a few threads and the first sync reads them' '
	mkmail j1 "Offer" 01 && mkmail j2 "Re: Offer" 02 j1 && mkmail j3 "Invoice" 03 &&
	mkmail j4 "Meeting" 04 && mkmail j5 "Report" 05 && mkmail j6 "Notes" 06 &&
	put INBOX j1 j2 j3 j4 j5 j6 && testbed_doveadm mailbox create -u alice Tmp &&
	synced "$P" && same_boxes "$P"
'
test_expect_success 'read and flag change the cache at once and wait in the journal' '
	act read "$(id_of j3)" && contains "$out" "1 message changed" &&
	act flag "$(id_of j3)" &&
	is "local flags (seen 1 + flagged 4)" "$(sql "$P" "SELECT flags FROM messages WHERE message_id = '"'j3@t0102.example'"'")" 5 &&
	is "pending" "$(pending)" 2 && is "server flags" "$(srv_flags INBOX j3)" "-" &&
	act journal && contains "$out" "+Seen" && contains "$out" "+Flagged"
'
test_expect_success 'the next sync sends them once and empties the journal' '
	synced "$P" && contains "$out" "2 of your changes sent" &&
	is "server flags" "$(srv_flags INBOX j3)" "seen,flagged" && is "pending" "$(pending)" 0 &&
	same_boxes "$P"
'
test_expect_success 'read --thread marks every message of the thread' '
	act read --thread "$(msg_field "$P" j1 thread_id)" && contains "$out" "2 messages changed" &&
	synced "$P" && is "j1" "$(srv_flags INBOX j1)" seen && is "j2" "$(srv_flags INBOX j2)" seen
'
test_expect_success 'archive moves the whole thread to Archive on the server, and marks it archived' '
	t=$(msg_field "$P" j1 thread_id) && act archive "$(id_of j2)" && contains "$out" "1 thread archived" &&
	is "archived" "$(sql "$P" "SELECT archived FROM threads WHERE id = $t")" 1 &&
	synced "$P" && is "j1 in Archive" "$(srv_has Archive j1)" 1 && is "j2 in Archive" "$(srv_has Archive j2)" 1 &&
	is "j1 in INBOX" "$(srv_has INBOX j1)" 0 && same_boxes "$P" && no_duplicates "$P" && is "pending" "$(pending)" 0
'
test_expect_success 'the archived thread keeps its messages' '
	t=$(sql "$P" "SELECT thread_id FROM messages WHERE message_id = '"'j2@t0102.example'"'") &&
	is "thread of j1" "$(msg_field "$P" j1 thread_id)" "$t" && is "messages" "$(thread_count "$P" "$t")" 2
'
test_expect_success 'delete moves the thread to Trash on the server and drops its link' '
	t=$(msg_field "$P" j4 thread_id) &&
	sqlite3 -cmd ".timeout 5000" "$P/mail.db" "UPDATE threads SET item_type = '"'deal'"', item_id = '"'5'"', link_state = '"'linked'"' WHERE id = $t" &&
	act delete "$(id_of j4)" && synced "$P" && is "j4 in Trash" "$(srv_has Trash j4)" 1 &&
	is "j4 in INBOX" "$(srv_has INBOX j4)" 0 &&
	is "thread" "$(sql "$P" "SELECT deleted || coalesce(item_type, \"-\") FROM threads WHERE id = $t")" "1-" &&
	same_boxes "$P"
'
test_expect_success 'move --to puts a message in another folder' '
	act move "$(id_of j5)" --to test/Tmp && contains "$out" "1 message moved" &&
	synced "$P" && is "j5 in Tmp" "$(srv_has Tmp j5)" 1 && is "j5 in INBOX" "$(srv_has INBOX j5)" 0 &&
	same_boxes "$P"
'
test_expect_success 'a move the server refuses is undone locally and shown with the reason' '
	act move "$(id_of j6)" --to test/Tmp && testbed_doveadm mailbox delete -u alice Tmp &&
	synced "$P" && act journal && contains "$out" "failed" &&
	contains "$out" "the folder to move to is gone from the server" &&
	is "j6 is back in INBOX" "$(sql "$P" "SELECT count(*) FROM message_folders mf JOIN folders f ON f.id = mf.folder_id JOIN messages m ON m.id = mf.message_id WHERE f.name = '"'INBOX'"' AND m.message_id = '"'j6@t0102.example'"'")" 1 &&
	id=$(sql "$P" "SELECT id FROM journal WHERE state = '"'failed'"'") && act journal drop "$id" &&
	act journal && contains "$out" "no changes wait" && same_boxes "$P"
'
# The bed is stopped and started out here: tests run in subshells, and
# the bed's state must outlive them.
testbed_dovecot_stop --fast
test_expect_success 'offline: with the server stopped, 100 changes wait and the sync says why it failed' '
	m=$(id_of j3) && i=0 &&
	while [ $i -lt 50 ]; do
		act unread "$m" >/dev/null && act read "$m" >/dev/null || return 1
		i=$((i + 1))
	done &&
	act flag "$(id_of j6)" && act unflag "$m" &&
	is "pending" "$(pending)" 102 && tsync "$P" && [ "$rc" -eq 1 ] && contains "$err" "refused the connection" &&
	is "pending after a failed sync" "$(pending)" 102
'
testbed_dovecot_start "$TESTBED_DIR" ${SYNC_BED_CAPS:+--caps "$SYNC_BED_CAPS"}
test_expect_success 'after the restart one sync applies each change, and the server ends as tether shows' '
	synced "$P" &&
	contains "$out" "102 of your changes sent" && is "pending" "$(pending)" 0 &&
	is "j3" "$(srv_flags INBOX j3)" seen && is "j6" "$(srv_flags INBOX j6)" flagged && same_boxes "$P"
'
test_expect_success 'a sync that dies before the server'"'"'s answer is saved doubles nothing when replayed' '
	act move "$(id_of j3)" --to test/Archive && act flag "$(id_of j3)" &&
	sqlite3 "$P/mail.db" ".backup $TEST_TMP/before.db" && synced "$P" &&
	is "j3 in Archive" "$(srv_has Archive j3)" 1 &&
	rm -f "$P/mail.db-wal" "$P/mail.db-shm" && cp "$TEST_TMP/before.db" "$P/mail.db" &&
	is "pending again" "$(pending)" 2 && synced "$P" && is "pending" "$(pending)" 0 &&
	is "j3 in Archive" "$(srv_has Archive j3)" 1 && is "j3 in INBOX" "$(srv_has INBOX j3)" 0 &&
	synced "$P" && same_boxes "$P" && no_duplicates "$P"
'
test_done
