# t0102-sync.sh - tether sync against a real Dovecot: the first sync equals the server, changes arrive, UIDVALIDITY resets and moves keep links, a killed sync resumes, TLS and login errors, --events, --headers-only.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"


P=$PROFILE
bed_config "$P"

# --- 1. The first sync equals the server --------------------------------

test_expect_success 'the server holds mail in several mailboxes, one with a non-ASCII name, and flags' '
	testbed_doveadm mailbox create -u alice "Entwürfe" "Entwürfe/Ärger" "R&D" Deals &&
	mkmail q1 "Quote for the spring order" 2 &&
	mkmail q2 "Re: Quote for the spring order" 3 q1 &&
	mkmail q3 "Re: Quote for the spring order" 4 "q1 q2" &&
	mkmail solo1 "Lunch on Friday?" 4 &&
	mkmail inv1 "Invoice 2026-118" 5 &&
	mkmail body1 "Notes from the call" 6 "" "We agreed on zanzibarquartz for the lobby floor." &&
	mkmail gr1 "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=" 7 &&
	mkmail link1 "Contract draft" 8 &&
	mkmail draft1 "Unfinished" 9 &&
	mkmail trash1 "Old newsletter" 1 &&
	mkmail e1 "Entwurf" 10 &&
	mkmail a1 "Ärger mit dem Lieferanten" 11 &&
	mkmail a2 "Re: Ärger mit dem Lieferanten" 12 a1 &&
	mkmail rd1 "Prototype results" 13 &&
	mkmail d1 "Deal one" 14 && mkmail d2 "Deal two" 15 && mkmail d3 "Deal three" 16 &&
	put INBOX q1 q2 solo1 inv1 body1 gr1 link1 && put Sent q3 && put Drafts draft1 &&
	put Archive inv1 && put Trash trash1 && put "Entwürfe" e1 && put "Entwürfe/Ärger" a1 a2 &&
	put "R&D" rd1 && put Deals d1 d2 d3 &&
	flag add "\\Seen" INBOX q1 q2 solo1 link1 && flag add "\\Answered" INBOX q1 &&
	flag add "\\Flagged" INBOX body1 && flag add "\\Deleted" INBOX gr1 &&
	flag add "\\Seen" Sent q3 && flag add "\\Draft \\Seen" Drafts draft1 &&
	flag add "\\Seen \\Flagged" "Entwürfe/Ärger" a1 &&
	server_folders >"$TEST_TMP/folders.before" &&
	grep -q "^INBOX	inbox	7	3$" "$TEST_TMP/folders.before" &&
	grep -q "^Entwürfe/Ärger	null	2	1$" "$TEST_TMP/folders.before" &&
	[ "$(wc -l <"$TEST_TMP/folders.before")" -eq 10 ] || { cat "$TEST_TMP/folders.before"; false; }
'
test_expect_success 'the first sync succeeds' '
	synced "$P"
'
test_expect_success 'every mailbox is a folder with its UTF-8 name, its role, its count and unread count' '
	tether_folders "$P" >"$TEST_TMP/folders.tether" &&
	same folders "$TEST_TMP/folders.before" "$TEST_TMP/folders.tether" &&
	is "wire name of Entwürfe/Ärger" "$(sql "$P" "SELECT imap_name FROM folders WHERE name = '"'Entwürfe/Ärger'"'")" "Entw&APw-rfe/&AMQ-rger" &&
	is "wire name of R&D" "$(sql "$P" "SELECT imap_name FROM folders WHERE name = '"'R&D'"'")" "R&-D"
'
test_expect_success 'the sync changed nothing on the server (bodies are read without setting \Seen)' '
	server_folders >"$TEST_TMP/folders.after" &&
	same "folders before the sync" "$TEST_TMP/folders.before" "$TEST_TMP/folders.after"
'
test_expect_success 'every folder has the server'"'"'s UIDs, Message-Ids and flags' '
	same_boxes "$P"
'
test_expect_success 'each folder keeps the server'"'"'s UIDVALIDITY' '
	server_uidvalidities >"$TEST_TMP/uv.server" && uidvalidities "$P" >"$TEST_TMP/uv.tether" &&
	same "UIDVALIDITY" "$TEST_TMP/uv.server" "$TEST_TMP/uv.tether"
'
test_expect_success 'a message in two mailboxes is stored once, in both folders' '
	no_duplicates "$P" &&
	[ "$(sql "$P" "SELECT count(*) FROM message_folders mf JOIN messages m ON m.id = mf.message_id WHERE m.message_id = '"'inv1@t0102.example'"'")" -eq 2 ]
'
test_expect_success 'synced mail threads across folders, shows and searches like imported mail' '
	tid=$(msg_field "$P" q1 thread_id) && [ "$(msg_field "$P" q3 thread_id)" = "$tid" ] &&
	[ "$(thread_count "$P" "$tid")" = 3 ] &&
	run_tether --profile "$P" thread "$tid" && [ "$rc" -eq 0 ] && contains "$out" "(3 messages)" &&
	[ "$(msg_field "$P" a2 thread_id)" = "$(msg_field "$P" a1 thread_id)" ] &&
	[ "$(msg_field "$P" solo1 thread_id)" != "$tid" ] &&
	run_tether --profile "$P" show "$(msg_field "$P" gr1 id)" && contains "$out" "Subject: Grüße aus Köln" &&
	run_tether --profile "$P" show "$(msg_field "$P" body1 id)" && contains "$out" "agreed on zanzibarquartz" &&
	run_tether --profile "$P" search zanzibarquartz --json && contains "$out" "body1@t0102.example" &&
	run_tether --profile "$P" list --folder "test/Entwürfe/Ärger" --json && contains "$out" "a2@t0102.example"
'

# --- 2. Incremental sync ------------------------------------------------

test_expect_success 'new mail appears after the next sync, in its parent'"'"'s thread' '
	mkmail q4 "Re: Quote for the spring order" 17 "q1 q2" && put INBOX q4 &&
	synced "$P" test && same_box "$P" INBOX &&
	tid=$(msg_field "$P" q1 thread_id) && [ "$(msg_field "$P" q4 thread_id)" = "$tid" ] &&
	[ "$(thread_count "$P" "$tid")" = 4 ]
'
test_expect_success 'flags set and cleared on the server arrive' '
	flag add "\\Flagged" INBOX q2 && flag remove "\\Seen" INBOX q1 && flag add "\\Answered \\Seen" INBOX body1 &&
	flag remove "\\Flagged" "Entwürfe/Ärger" a1 &&
	synced "$P" && same_box "$P" INBOX && same_box "$P" "Entwürfe/Ärger" &&
	server_folders >"$TEST_TMP/f.server" && tether_folders "$P" >"$TEST_TMP/f.tether" &&
	same folders "$TEST_TMP/f.server" "$TEST_TMP/f.tether"
'
test_expect_success 'an expunged message is gone, its thread shrinks, a thread left empty is gone' '
	tid=$(msg_field "$P" q1 thread_id) && solo=$(msg_field "$P" solo1 thread_id) &&
	expunge INBOX q2 solo1 && synced "$P" && same_box "$P" INBOX &&
	! listed "$P" q2 && ! listed "$P" solo1 &&
	[ "$(thread_count "$P" "$tid")" = 3 ] &&
	run_tether --profile "$P" thread "$solo" && [ "$rc" -eq 1 ] &&
	[ "$(sql "$P" "SELECT count(*) FROM threads WHERE id = $solo")" -eq 0 ] &&
	! "$TETHER" --profile "$P" list --threads --json --limit 100000 | grep -q "\"id\": $solo, "
'
test_expect_success 'a message expunged from one mailbox stays while another holds it' '
	expunge INBOX inv1 && synced "$P" && same_box "$P" INBOX && same_box "$P" Archive &&
	run_tether --profile "$P" show "$(msg_field "$P" inv1 id)" && [ "$rc" -eq 0 ] &&
	contains "$out" "Invoice 2026-118" && no_duplicates "$P"
'

# --- 3. A UIDVALIDITY reset keeps thread links ---------------------------

test_expect_success 'after a new UIDVALIDITY (INBOX renumbered in place, Deals rebuilt in another order) folders match the server' '
	t1=$(msg_field "$P" link1 thread_id) && t2=$(msg_field "$P" d2 thread_id) &&
	sqlite3 -cmd ".timeout 5000" "$P/mail.db" "UPDATE threads SET item_type = '"'deal'"', item_id = '"'42'"', link_state = '"'linked'"' WHERE id = $t1;
		UPDATE threads SET item_type = '"'project'"', item_id = '"'7'"', link_state = '"'linked'"' WHERE id = $t2" &&
	old_inbox=$(srv_status INBOX uidvalidity) && old_deals=$(srv_status Deals uidvalidity) &&
	testbed_doveadm mailbox update --uid-validity $((old_inbox + 1000)) -u alice INBOX &&
	testbed_doveadm mailbox delete -u alice Deals && testbed_doveadm mailbox create -u alice Deals &&
	put Deals d3 d2 && flag add "\\Flagged" Deals d2 &&
	new_inbox=$(srv_status INBOX uidvalidity) && new_deals=$(srv_status Deals uidvalidity) &&
	is "new INBOX UIDVALIDITY" "$new_inbox" $((old_inbox + 1000)) && [ "$new_deals" -ne "$old_deals" ] &&
	is "UID of d3 in Deals" "$(srv_uid Deals d3)" 1 && is "UID of d2 in Deals" "$(srv_uid Deals d2)" 2 &&
	synced "$P" && same_box "$P" INBOX && same_box "$P" Deals && ! listed "$P" d1 && no_duplicates "$P" &&
	is "INBOX UIDVALIDITY in mail.db" "$(sql "$P" "SELECT uidvalidity FROM folders WHERE name = '"'INBOX'"'")" "$new_inbox" &&
	is "Deals UIDVALIDITY in mail.db" "$(sql "$P" "SELECT uidvalidity FROM folders WHERE name = '"'Deals'"'")" "$new_deals"
'
test_expect_success 'and the threads linked before the reset keep their links' '
	t1=$(msg_field "$P" link1 thread_id) && t2=$(msg_field "$P" d2 thread_id) &&
	is "link of the INBOX thread" "$(sql "$P" "SELECT item_type, item_id, link_state FROM threads WHERE id = $t1")" "deal|42|linked" &&
	is "link of the Deals thread" "$(sql "$P" "SELECT item_type, item_id, link_state FROM threads WHERE id = $t2")" "project|7|linked" &&
	run_tether --profile "$P" thread "$t1" --json && contains "$out" "\"link\": {\"kind\": \"deal\", \"id\": \"42\"" &&
	run_tether --profile "$P" thread "$t2" --json && contains "$out" "\"link\": {\"kind\": \"project\", \"id\": \"7\""
'
test_expect_success 'a message moved to another mailbox on the server keeps its thread'"'"'s link' '
	t=$(msg_field "$P" link1 thread_id) &&
	sqlite3 -cmd ".timeout 5000" "$P/mail.db" "UPDATE threads SET item_type = '"'deal'"', item_id = '"'42'"', link_state = '"'linked'"' WHERE id = $t" &&
	testbed_doveadm move -u alice Archive mailbox INBOX uid "$(srv_uid INBOX link1)" &&
	synced "$P" && same_box "$P" INBOX && same_box "$P" Archive && no_duplicates "$P" &&
	t=$(msg_field "$P" link1 thread_id) &&
	is "link of the moved message'"'"'s thread" "$(sql "$P" "SELECT item_type, item_id, link_state FROM threads WHERE id = $t")" "deal|42|linked"
'

# --- 5. TLS and login errors --------------------------------------------

test_expect_success 'a server no CA vouches for is refused, with the fingerprint to pin' '
	bed_config "$TEST_TMP/p-noca" "" && tsync "$TEST_TMP/p-noca" && one_error &&
	contains "$err" "is not trusted" && contains "$err" "tls_fingerprint = sha256:" &&
	printf "%s\n" "$err" | sed -n "s/.*tls_fingerprint = \(sha256:[0-9a-fA-F]*\).*/\1/p" >"$TEST_TMP/pin" &&
	[ -s "$TEST_TMP/pin" ]
'
test_expect_success 'pinning that fingerprint lets the sync through' '
	bed_config "$TEST_TMP/p-pin" "tls_fingerprint = $(cat "$TEST_TMP/pin")" &&
	synced "$TEST_TMP/p-pin" && same_box "$TEST_TMP/p-pin" INBOX
'
test_expect_success 'imap_port = 143 is refused by the configuration, before any connection' '
	! (exec 3<>/dev/tcp/127.0.0.1/143) 2>/dev/null &&
	bed_config "$TEST_TMP/p-143" "tls_ca_file = $TESTBED_CA" "printf secret" 143 &&
	tsync "$TEST_TMP/p-143" && [ "$rc" -ne 0 ] && contains "$err" "143" &&
	{ contains "$err" "TLS" || contains "$err" "encrypted"; } &&
	! contains "$err" "refused the connection" 2>/dev/null
'
test_expect_success 'a wrong password fails with a hint about the password' '
	bed_config "$TEST_TMP/p-pw" "tls_ca_file = $TESTBED_CA" "printf wrong" &&
	tsync "$TEST_TMP/p-pw" && one_error && contains "$err" "password"
'

# --- 6. --events ---------------------------------------------------------

# events_ok: every line of $out is "progress FOLDER DONE TOTAL" (DONE <= TOTAL) or "changed FOLDER",
# with at least one progress line; lists the offending lines otherwise.
events_ok() {
	printf '%s\n' "$out" | awk '
		/^progress [^ ]/ && NF >= 4 && $NF ~ /^[0-9]+$/ && $(NF - 1) ~ /^[0-9]+$/ && $(NF - 1) + 0 <= $NF + 0 { p++; next }
		/^changed [^ ]/ { next }
		{ print "unexpected event line: " $0; bad = 1 }
		END { if (!p) print "no progress line"; exit bad || !p }'
}
test_expect_success 'sync --events reports progress, and "changed" for exactly the folders that changed' '
	mkmail a3 "Re: Ärger mit dem Lieferanten" 18 "a1 a2" && put "Entwürfe/Ärger" a3 &&
	flag add "\\Flagged" INBOX q1 &&
	synced "$P" --events && events_ok &&
	printf "%s\n" "$out" | sed -n "s/^changed //p" | sed "s,^test/,," | LC_ALL=C sort -u >"$TEST_TMP/changed" &&
	printf "%s\n" "Entwürfe/Ärger" INBOX | LC_ALL=C sort >"$TEST_TMP/changed.want" &&
	diff -u --label "folders changed on the server" --label "changed events (without test/)" \
		"$TEST_TMP/changed.want" "$TEST_TMP/changed"
'
test_expect_success 'a sync with nothing new prints progress but no "changed"' '
	synced "$P" --events && events_ok && ! printf "%s\n" "$out" | grep "^changed "
'
test_expect_success 'sync --events reports a failure as an "error" line too' '
	tsync "$TEST_TMP/p-pw" --events && one_error &&
	printf "%s\n" "$out" | grep "^error " | grep -q password || { printf "events:\n%s\n" "$out"; false; }
'

# --- 7. --headers-only ---------------------------------------------------

test_expect_success 'sync --headers-only stores every message without its body' '
	server_msgs INBOX >"$TEST_TMP/inbox.before" && n=$(wc -l <"$TEST_TMP/inbox.before") && [ "$n" -gt 0 ] &&
	bed_config "$TEST_TMP/p-hdr" && synced "$TEST_TMP/p-hdr" --headers-only && same_box "$TEST_TMP/p-hdr" INBOX &&
	is "INBOX body states" "$(body_states "$TEST_TMP/p-hdr" INBOX)" "$n none" &&
	run_tether --profile "$TEST_TMP/p-hdr" search zanzibarquartz --json && ! contains "$out" "body1@t0102.example" 2>/dev/null
'
test_expect_success 'the next sync fetches the bodies: search finds a word of a body, show shows it' '
	synced "$TEST_TMP/p-hdr" && n=$(wc -l <"$TEST_TMP/inbox.before") &&
	is "INBOX body states" "$(body_states "$TEST_TMP/p-hdr" INBOX)" "$n fetched" &&
	run_tether --profile "$TEST_TMP/p-hdr" search zanzibarquartz --json && contains "$out" "body1@t0102.example" &&
	run_tether --profile "$TEST_TMP/p-hdr" show "$(msg_field "$TEST_TMP/p-hdr" body1 id)" &&
	contains "$out" "agreed on zanzibarquartz" &&
	server_msgs INBOX >"$TEST_TMP/inbox.after" && same "INBOX before the body sync" "$TEST_TMP/inbox.before" "$TEST_TMP/inbox.after"
'

# --- 4. kill -9 during the first sync, then resume -----------------------
# Last, so its 3,000 messages slow no other sync.

# bulk_stored PROFILE: how many messages tether has stored in the folder Bulk (empty before mail.db exists).
bulk_stored() {
	sql "$1" "SELECT count(*) FROM message_folders mf JOIN folders f ON f.id = mf.folder_id WHERE f.name = 'Bulk'"
}

BULK=3000
test_expect_success "$BULK messages written into a Maildir are on the server" '
	testbed_doveadm mailbox create -u alice Bulk &&
	md="$TESTBED_DIR/mail/alice/Maildir/.Bulk/cur" && [ -d "$md" ] && write_maildir "$md" "$BULK" &&
	if [ "$(id -u)" -eq 0 ]; then chown -R "$TESTBED_VUID:$TESTBED_VUID" "$md"; fi &&
	[ "$(srv_status Bulk messages)" -eq "$BULK" ]
'
# sync_killed PROFILE QUERY: starts tether sync in the background and kills it (SIGKILL) as soon as
# QUERY on mail.db counts more than 0 (at most 30 s); leaves $st (137 when it was killed, else the
# sync's own exit status) and $n (QUERY's count afterwards).
sync_killed() {
	local pid i=0
	"$TETHER" --profile "$1" sync </dev/null >"$TEST_TMP/kill.out" 2>&1 &
	pid=$!
	while [ $i -lt 600 ]; do
		n=$(sql "$1" "$2" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	st=$?
	n=$(sql "$1" "$2")
}
K=$TEST_TMP/p-kill
BULK_BODIES="SELECT count(*) FROM messages WHERE message_id LIKE 'bulk%' AND body_state = 'fetched'"
test_expect_success 'a first sync killed with SIGKILL while headers arrive leaves a sound database' '
	bed_config "$K" && sync_killed "$K" "SELECT count(*) FROM message_folders mf JOIN folders f ON f.id = mf.folder_id WHERE f.name = '"'Bulk'"'" &&
	echo "# first sync killed (exit status $st) with $n of $BULK Bulk messages stored" >"$TEST_TMP/kill.note" &&
	if [ "$st" -ne 137 ]; then
		echo "the sync ended by itself (exit $st, $n Bulk messages stored) before it could be killed:"
		cat "$TEST_TMP/kill.out"
		false
	fi &&
	is "integrity_check" "$(sql "$K" "PRAGMA integrity_check")" ok && no_duplicates "$K"
'
test_expect_success 'killed again while bodies arrive, then run to the end: exactly the server'"'"'s messages, every body' '
	sync_killed "$K" "$BULK_BODIES" &&
	echo "# second sync killed (exit status $st) with $n of $BULK Bulk bodies stored" >>"$TEST_TMP/kill.note" &&
	is "integrity_check" "$(sql "$K" "PRAGMA integrity_check")" ok &&
	synced "$K" && same_box "$K" Bulk && same_box "$K" INBOX && no_duplicates "$K" &&
	is "Bulk messages stored" "$(sql "$K" "SELECT count(*) FROM messages WHERE message_id LIKE '"'bulk%'"'")" "$BULK" &&
	is "Bulk bodies stored" "$(sql "$K" "$BULK_BODIES")" "$BULK" &&
	is "messages without their body" "$(sql "$K" "SELECT count(*) FROM messages WHERE body_state <> '"'fetched'"'")" 0
'
[ -f "$TEST_TMP/kill.note" ] && cat "$TEST_TMP/kill.note"
test_done
