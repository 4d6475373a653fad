# t0108-faults.sh - the connection cut in the middle of a body fetch, and tether killed after each answer of a journal replay: one sentence, nothing lost, and the next sync finishes the work exactly once.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

P=$PROFILE
bed_config "$P"
BULK=3000
TRACE=$TEST_TMP/trace

# within SECONDS COMMAND...: 0 once the command succeeds, trying every 0.05 s.
within() {
	local n=$(($1 * 20))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
bodies() {
	sql "$P" "SELECT count(*) FROM messages WHERE message_id LIKE 'bulk%' AND body_state = 'fetched'"
}
replay_started() {
	grep -q "UID STORE\|UID MOVE" "$TRACE" 2>/dev/null
}
fetch_started() {
	grep -q "BODY.PEEK\[\]" "$TRACE" 2>/dev/null
}

test_expect_success "$BULK messages on the server, their headers synced" '
	testbed_doveadm mailbox create -u alice Bulk &&
	md="$TESTBED_DIR/mail/alice/Maildir/.Bulk/cur" && write_maildir "$md" "$BULK" 30000 &&
	if [ "$(id -u)" -eq 0 ]; then chown -R "$TESTBED_VUID:$TESTBED_VUID" "$md"; fi &&
	synced "$P" --headers-only && is "bodies" "$(bodies)" 0
'
# The sync and the server's end run out here: tests are subshells.
rm -f "$TRACE"
TETHER_IMAP_TRACE=$TRACE "$TETHER" --profile "$P" sync >"$TEST_TMP/cut.out" 2>"$TEST_TMP/cut.err" &
pid=$!
within 30 fetch_started
# The process serving tether dies at once (SIGKILL): what it had not sent
# yet never comes.  The master stays, as after a crash of one worker.
pkill -KILL -f "tether-testbed-$(printf '%s' "$TESTBED_DIR" | cksum | cut -d' ' -f1)/imap\$"
wait "$pid"
cut_rc=$?
test_expect_success 'the connection cut in the middle of the body fetch: one sentence, the store intact' '
	got=$(bodies) && echo "# the connection was cut with $got of $BULK bodies stored" >>"$TEST_TMP/notes" &&
	if [ "$got" -lt "$BULK" ]; then
		is "exit status" "$cut_rc" 1 && is "lines on stderr" "$(wc -l <"$TEST_TMP/cut.err")" 1 &&
		grep -q "^tether: test: " "$TEST_TMP/cut.err"
	fi &&
	is "integrity" "$(sql "$P" "PRAGMA integrity_check")" ok
'
test_expect_success 'the next sync fetches the rest, each once' '
	synced "$P" && is "bodies" "$(bodies)" "$BULK" && same_box "$P" Bulk && no_duplicates "$P"
'
test_expect_success 'changes of several kinds wait in the journal' '
	ids=$("$TETHER" --profile "$P" list --folder test/Bulk --limit 40 --json | grep -o "{\"id\": [0-9]*" | cut -d" " -f2) &&
	set -- $ids &&
	run_tether --profile "$P" flag $1 $2 $3 && run_tether --profile "$P" read $4 $5 $6 $7 &&
	run_tether --profile "$P" move $8 $9 --to test/Archive && shift 9 &&
	run_tether --profile "$P" unread $1 $2 $3 && run_tether --profile "$P" move $4 --to test/Trash &&
	run_tether --profile "$P" flag $5 $6 && [ "$rc" -eq 0 ] &&
	queued=$(sql "$P" "SELECT count(*) FROM journal") && echo "# $queued changes queued" >>"$TEST_TMP/notes" &&
	[ "$queued" -ge 10 ] && sqlite3 "$P/mail.db" ".backup $TEST_TMP/queued.db"
'
# Killed after the server answered its Nth command, before tether wrote the
# answer down: then everything is replayed again from the same queue, so
# the commands the server already did are sent twice.  Each time the next
# sync must leave the server exactly as tether shows it.
for n in 1 2 3 4 5 6; do
	test_expect_success "killed after the server's answer to command $n: the next sync doubles nothing" '
		rm -f "$P/mail.db-wal" "$P/mail.db-shm" && cp "$TEST_TMP/queued.db" "$P/mail.db" &&
		TETHER_FAULT_KILL_AFTER='"$n"' run_tether --profile "$P" sync && [ "$rc" -eq 137 ] &&
		synced "$P" && is "pending" "$(sql "$P" "SELECT count(*) FROM journal")" 0 &&
		same_boxes "$P" && no_duplicates "$P" &&
		for id in $(server_msgs Archive | cut -f2); do
			is "copies of $id in Archive" "$(server_msgs Archive | grep -c "	$id	")" 1 || return 1
		done
	'
done
# The connection cut while a replay is half done: tether pauses after the
# server's first answer, and the process serving it dies meanwhile.
test_expect_success 'the queue again, for a replay whose connection is cut' '
	rm -f "$P/mail.db-wal" "$P/mail.db-shm" && cp "$TEST_TMP/queued.db" "$P/mail.db"
'
rm -f "$TRACE"
TETHER_FAULT_PAUSE_AFTER=1 TETHER_IMAP_TRACE=$TRACE "$TETHER" --profile "$P" sync \
	>"$TEST_TMP/cut3.out" 2>"$TEST_TMP/cut3.err" &
pid=$!
within 30 replay_started
sleep 0.5
pkill -KILL -f "tether-testbed-$(printf '%s' "$TESTBED_DIR" | cksum | cut -d' ' -f1)/imap\$"
wait "$pid"
cut_rc=$?
test_expect_success 'the connection cut in the middle of a replay: one sentence; the answered change is done, the rest waits' '
	is "exit status" "$cut_rc" 1 && is "lines on stderr" "$(wc -l <"$TEST_TMP/cut3.err")" 1 &&
	left=$(sql "$P" "SELECT count(*) FROM journal WHERE state = '"'pending'"'") &&
	echo "# the replay was cut with $left changes waiting" >>"$TEST_TMP/notes" &&
	[ "$left" -gt 0 ] && is "failed" "$(sql "$P" "SELECT count(*) FROM journal WHERE state = '"'failed'"'")" 0
'
test_expect_success 'the next sync sends the rest and doubles nothing' '
	synced "$P" && is "pending" "$(sql "$P" "SELECT count(*) FROM journal")" 0 &&
	same_boxes "$P" && no_duplicates "$P"
'
# How far each cut got, for whoever reads the log.
cat "$TEST_TMP/notes" 2>/dev/null
test_done
