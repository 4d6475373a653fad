# t0106-watch.sh - tether sync --watch against a real Dovecot: new mail arrives by IDLE, a wake-up byte sends the journal at once, "body ID" fetches a body, a server restart is survived, the end of stdin ends it, a refused login stops it and marks the account.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

P=$PROFILE
bed_config "$P"
FIFO=$TEST_TMP/wake
OUT=$TEST_TMP/watch.out
WATCH=

# within SECONDS COMMAND...: 0 once the command succeeds, trying every 0.1 s.
within() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
inbox_count() {
	sql "$P" "SELECT count(*) FROM message_folders mf JOIN folders f ON f.id = mf.folder_id WHERE f.name = 'INBOX'"
}
has_count() {
	[ "$(inbox_count)" = "$1" ]
}
no_pending() {
	[ "$(sql "$P" "SELECT count(*) FROM journal")" = 0 ]
}
body_fetched() {
	[ "$(sql "$P" "SELECT body_state FROM messages WHERE id = $1")" = fetched ]
}
watching() {
	[ -n "$WATCH" ] && kill -0 "$WATCH" 2>/dev/null
}
stopped_watching() {
	! watching
}

test_expect_success 'a first sync reads the inbox' '
	mkmail w1 "First" 01 && mkmail w2 "Second" 02 && mkmail w3 "Third" 03 && mkmail w4 "Fourth" 04 &&
	put INBOX w1 && synced "$P" && has_count 1
'
# The watch runs beside the tests, its stdin a pipe this shell holds open.
mkfifo "$FIFO"
"$TETHER" --profile "$P" sync --watch --events <"$FIFO" >"$OUT" 2>&1 &
WATCH=$!
exec 7>"$FIFO"
trap 'exec 7>&-; [ -n "$WATCH" ] && kill "$WATCH" 2>/dev/null; testbed_cleanup; rm -rf "$TEST_TMP"' EXIT

test_expect_success 'new mail appears without a manual sync, within 5 s (IDLE)' '
	within 10 grep -q "progress test/INBOX" "$OUT" && sleep 0.5 &&
	put INBOX w2 && within 5 has_count 2
'
test_expect_success 'a byte on stdin sends a change at once' '
	run_tether --profile "$P" flag "$(msg_field "$P" w1 id)" && [ "$rc" -eq 0 ] &&
	printf x >&7 && within 5 no_pending &&
	is "server flags" "$(server_msgs INBOX | awk -F "\t" "/w1@/ { print \$3 }")" flagged
'
test_expect_success 'a body the interface asks for ("body ID") is fetched at once' '
	m=$(msg_field "$P" w2 id) &&
	sqlite3 -cmd ".timeout 5000" "$P/mail.db" "UPDATE messages SET body_state = '"'none'"' WHERE id = $m; DELETE FROM raw WHERE message_id = $m" &&
	printf "body %s\n" "$m" >&7 &&
	within 5 body_fetched "$m" && run_tether --profile "$P" show "$m" && contains "$out" "This is the text of w2"
'
testbed_dovecot_stop --fast
test_expect_success 'with the server gone it says it is offline and retries' '
	within 10 grep -q "^offline [0-9]* " "$OUT" && watching
'
testbed_dovecot_start "$TESTBED_DIR"
test_expect_success 'after the server is back, new mail arrives again' '
	put INBOX w3 && within 20 has_count 3
'
exec 7>&-
test_expect_success 'the end of stdin ends the watch, with exit status 0' '
	within 5 stopped_watching
'
wait "$WATCH"
watch_rc=$?
WATCH=
test_expect_success 'its exit status was 0' '
	is "exit status" "$watch_rc" 0
'

test_expect_success 'a refused login ends the watch and marks the account for re-authentication' '
	sed -i "s/^password_cmd = .*/password_cmd = printf wrong/" "$P/config" &&
	run_tether --profile "$P" sync --watch && [ "$rc" -eq 1 ] && contains "$err" "password" &&
	is "state" "$(sql "$P" "SELECT state FROM accounts WHERE name = '"'test'"'")" needs_reauth
'
test_expect_success 'a sync that logs in again clears the mark (CONN-24)' '
	sed -i "s/^password_cmd = .*/password_cmd = printf secret/" "$P/config" && synced "$P" &&
	is "state" "$(sql "$P" "SELECT state FROM accounts WHERE name = '"'test'"'")" ok
'
test_done
