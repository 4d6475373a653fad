# sync-modes.sh - one sync scenario (first sync, flags, expunge, new reply, a move, a no-op, a move made in tether) for t0103 and t0104, which run it against servers with fewer capabilities (neither has MOVE); $SYNC_MODE_WORD is a command the incremental sync must use, $SYNC_MODE_NOT one it must not.
P=$PROFILE
bed_config "$P"
TRACE=$TEST_TMP/trace

test_expect_success 'the server holds a thread, a single message, and one in Archive' '
	mkmail m1 "Order 1" 01 && mkmail m2 "Re: Order 1" 02 m1 && mkmail m3 "Other" 03 &&
	mkmail m4 "Filed" 04 && mkmail m5 "Re: Order 1" 05 "m1 m2" &&
	put INBOX m1 m2 m3 && put Archive m4 && flag add "\\Seen" INBOX m1
'
test_expect_success 'the first sync equals the server' '
	TETHER_IMAP_TRACE=$TRACE synced "$P" && same_boxes "$P" && no_duplicates "$P"
'
test_expect_success 'the server did not offer what this test takes away' '
	if [ -n "$SYNC_MODE_NOT" ]; then ! grep -q "$SYNC_MODE_NOT" "$TRACE"; fi
'
test_expect_success 'flags, an expunge, a new reply and a move on the server' '
	t=$(msg_field "$P" m4 thread_id) &&
	sqlite3 -cmd ".timeout 5000" "$P/mail.db" "UPDATE threads SET item_type = '"'deal'"', item_id = '"'9'"', link_state = '"'linked'"' WHERE id = $t" &&
	flag add "\\Flagged" INBOX m3 && flag remove "\\Seen" INBOX m1 && expunge INBOX m2 &&
	put INBOX m5 && testbed_doveadm move -u alice INBOX mailbox Archive uid "$(srv_uid Archive m4)"
'
test_expect_success 'the next sync equals the server again' '
	: >"$TRACE" && TETHER_IMAP_TRACE=$TRACE synced "$P" && same_boxes "$P" && no_duplicates "$P"
'
test_expect_success "it asked for changes the way this server allows ($SYNC_MODE_WORD)" '
	grep -q "$SYNC_MODE_WORD" "$TRACE" &&
	if [ -n "$SYNC_MODE_NOT" ]; then ! grep -q "$SYNC_MODE_NOT" "$TRACE"; fi
'
test_expect_success 'the reply joined the thread that lost a message' '
	t=$(msg_field "$P" m1 thread_id) && is "thread of m5" "$(msg_field "$P" m5 thread_id)" "$t" &&
	is "messages in the thread" "$(thread_count "$P" "$t")" 2 && ! listed "$P" m2
'
test_expect_success 'the moved message kept its thread and link' '
	is "link" "$(sql "$P" "SELECT t.item_type || t.item_id FROM threads t JOIN messages m ON m.thread_id = t.id WHERE m.message_id = '"'m4@t0102.example'"'")" deal9
'
test_expect_success 'a sync with nothing new changes nothing' '
	tsync "$P" --events && [ "$rc" -eq 0 ] && ! contains "$out" "changed " && same_boxes "$P"
'
test_expect_success 'without MOVE a move in tether is COPY and UID EXPUNGE of that message only' '
	flag add "\\Deleted" INBOX m3 && synced "$P" &&
	run_tether --profile "$P" move "$(msg_field "$P" m1 id)" --to test/Archive && [ "$rc" -eq 0 ] &&
	: >"$TRACE" && TETHER_IMAP_TRACE=$TRACE synced "$P" && same_boxes "$P" && no_duplicates "$P" &&
	grep -q "UID EXPUNGE" "$TRACE" && ! grep -q "UID MOVE" "$TRACE" &&
	is "the other deleted message" "$(server_msgs INBOX | grep -c "m3@")" 1 &&
	is "m1 in Archive" "$(server_msgs Archive | grep -c "m1@")" 1
'
test_done
