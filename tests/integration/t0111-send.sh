# t0111-send.sh - sending through a real Postfix into a real Dovecot: a reply arrives and threads, a new message takes its deal, the copy lands in Sent, drafts reach Drafts; wrong password, server down or silent, plaintext-only server, over-size (ours and the server's) and no recipient each give their sentence and lose nothing (THR-02/03, CMP-16/25/26/27/34, CONN-08, ERR-01/02/08, SNDR-06).
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

if ! (testbed_require postfix) 2>/dev/null; then
	skip_all "not installed: postfix (scripts/install-deps --test)"
fi
testbed_postfix_start "$TEST_TMP/pf" 2>"$TEST_TMP/pf.err"
case $? in
0) ;;
77) skip_all "$(cat "$TEST_TMP/pf.err")" ;;
*)
	cat "$TEST_TMP/pf.err" >&2
	test_expect_success 'Postfix starts' 'false'
	test_done
	;;
esac
D=$TESTBED_MAIL_DOMAIN
P=$PROFILE

# cfg PROFILE PORT SECURITY [PASSWORD]: alice's account, sending on PORT.
cfg() {
	mkdir -p "$1" &&
	printf '%s\n' "[account test]" "name = Alice Adler" "email = alice@$D" "username = alice" \
		"imap_host = localhost" "imap_port = $TESTBED_IMAP_PORT" "tls_ca_file = $TESTBED_CA" \
		"smtp_host = localhost" "smtp_port = $2" "smtp_security = $3" \
		"password_cmd = printf ${4:-secret}" "sync_since = all" >"$1/config" &&
	chmod 600 "$1/config"
}

# bob_has SUBJECT: bob's INBOX holds a message with that subject (Postfix
# delivers in the background: up to 10 s).
bob_has() {
	local i
	for i in $(seq 1 50); do
		testbed_doveadm search -u bob mailbox INBOX HEADER Subject "$1" 2>/dev/null | grep -q . && return 0
		sleep 0.2
	done
	echo "bob's INBOX has no \"$1\"" >&2
	return 1
}

# bob_header SUBJECT FIELD: that header of bob's message.
bob_header() {
	testbed_doveadm fetch -u bob "hdr.$2" mailbox INBOX HEADER Subject "$1" 2>/dev/null |
		sed -n "s/^hdr.$2: //Ip" | head -1
}

outbox_json() {
	"$TETHER" --profile "$1" outbox list --all --json
}

cfg "$P" "$TESTBED_SMTPS_PORT" tls

test_expect_success 'bob writes to alice about the spring order; alice has a CRM deal with bob' '
	{
		printf "From: Bob Berg <bob@%s>\nTo: Alice Adler <alice@%s>\n" "$D" "$D"
		printf "Subject: Spring order\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
		printf "Message-ID: <q1@t0111.example>\nMIME-Version: 1.0\n"
		printf "Content-Type: text/plain; charset=utf-8\n\nCan you quote 40 pallets?\n"
	} >"$MAIL/q1.eml" &&
	testbed_deliver alice "$MAIL/q1.eml" INBOX &&
	"$TETHER" --profile "$P" crm add person --name "Bob Berg" --emails "bob@$D" >/dev/null &&
	"$TETHER" --profile "$P" crm add deal --title "Spring order" --person "Bob Berg" --value 4000 --currency EUR >/dev/null &&
	synced "$P" &&
	"$TETHER" --profile "$P" list --threads --json | grep -q "\"title\": \"Spring order\""
'
QID=$("$TETHER" --profile "$P" list --json | json_records | awk "$AWK_LIB"'val("message_id") == "q1@t0111.example" { print $1 + 0 }')
TID=$("$TETHER" --profile "$P" list --json | json_records | awk "$AWK_LIB"'val("message_id") == "q1@t0111.example" { print val("thread_id") }')

test_expect_success 'compose --reply-to prints the reply without sending it: Re:, In-Reply-To, References, the quote' '
	run_tether --profile "$P" compose --reply-to "$QID" --body "Yes: 40 pallets at 100 EUR." &&
	[ "$rc" -eq 0 ] &&
	contains "$out" "Subject: Re: Spring order" &&
	contains "$out" "In-Reply-To: <q1@t0111.example>" &&
	contains "$out" "References: <q1@t0111.example>" &&
	contains "$out" "From: Alice Adler <alice@$D>" &&
	contains "$out" "> Can you quote 40 pallets?" &&
	[ "$(outbox_json "$P" | grep -c "\"id\":")" -eq 0 ]
'
test_expect_success 'THR-02/03: the reply is sent over SMTPS and arrives in bob'"'"'s INBOX, threaded by its headers' '
	run_tether --profile "$P" compose --reply-to "$QID" --body "Yes: 40 pallets at 100 EUR." --send &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	contains "$out" "1 sent" &&
	bob_has "Re: Spring order" &&
	is "In-Reply-To at bob" "$(bob_header "Re: Spring order" In-Reply-To)" "<q1@t0111.example>" &&
	bob_header "Re: Spring order" Message-ID | grep -q "@$D>"
'
test_expect_success 'the copy is in alice'"'"'s Sent folder on the server, seen' '
	testbed_doveadm search -u alice mailbox Sent SEEN HEADER Subject "Re: Spring order" | grep -q . &&
	outbox_json "$P" | grep -q "\"in_sent_folder\": true"
'
test_expect_success 'after a sync the reply is in the thread, which keeps its deal' '
	synced "$P" &&
	is "messages in the thread" "$(thread_count "$P" "$TID")" 2 &&
	"$TETHER" --profile "$P" thread "$TID" --json | grep -q "\"title\": \"Spring order\""
'
test_expect_success 'a new message with --deal starts a thread that the sync links to the deal' '
	run_tether --profile "$P" compose --to "Bob Berg <bob@$D>" --subject "Contract draft" \
		--body "The contract is attached." --attach "$top_srcdir/README" --deal "Spring order" --send &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	bob_has "Contract draft" &&
	synced "$P" &&
	"$TETHER" --profile "$P" list --threads --json | json_records |
		awk "$AWK_LIB"'"'"'val("subject") == "Contract draft" { print }'"'"' | grep -q "\"title\": \"Spring order\""
'
test_expect_success 'CMP-33: --private makes the thread the message starts private' '
	run_tether --profile "$P" compose --to "bob@$D" --subject "Just between us" --body "x" --private --send &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	bob_has "Just between us" && synced "$P" &&
	is "the thread'"'"'s shared flag" "$(sql "$P" "SELECT shared FROM threads WHERE subject = '"'"'Just between us'"'"'")" 0
'
test_expect_success 'the attachment arrived with its name' '
	testbed_doveadm fetch -u bob "body" mailbox INBOX HEADER Subject "Contract draft" | grep -q "filename=README"
'
test_expect_success 'STARTTLS on the submission port sends too' '
	cfg "$TEST_TMP/p587" "$TESTBED_SUBMISSION_PORT" starttls &&
	run_tether --profile "$TEST_TMP/p587" compose --to "bob@$D" --subject "Over STARTTLS" --body "x" --send &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	bob_has "Over STARTTLS"
'

test_expect_success 'SNDR-06: send --test sends a message to the account itself, with its sender name' '
	run_tether --profile "$P" send --test &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	for i in $(seq 1 50); do
		testbed_doveadm search -u alice mailbox INBOX HEADER Subject "tether test message" | grep -q . && break
		sleep 0.2
	done &&
	testbed_doveadm fetch -u alice "hdr.from" mailbox INBOX HEADER Subject "tether test message" |
		grep -q "Alice Adler <alice@$D>"
'

test_expect_success 'tether doctor logs in on the SMTP server without sending anything' '
	run_tether --profile "$P" doctor &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	contains "$out" "alice logs in on localhost:$TESTBED_SMTPS_PORT (TLS)"
'
test_expect_success 'tether doctor with a wrong password names the SMTP refusal too' '
	cfg "$TEST_TMP/pdoc" "$TESTBED_SMTPS_PORT" tls wrong &&
	run_tether --profile "$TEST_TMP/pdoc" doctor &&
	[ "$rc" -ne 0 ] && contains "$out" "FAIL" &&
	contains "$out" "the SMTP server refused the login of alice: 535"
'

# --- drafts on the server ---------------------------------------------------------

drafts_with() {
	testbed_doveadm search -u alice mailbox Drafts DRAFT HEADER Subject "$1" 2>/dev/null | grep -c .
}
test_expect_success 'a saved draft reaches the server'"'"'s Drafts folder at the next sync, flagged \Draft' '
	run_tether --profile "$P" compose --to "bob@$D" --subject "Half written" --body "first words" --draft &&
	[ "$rc" -eq 0 ] && contains "$out" "draft" &&
	synced "$P" &&
	is "copies in Drafts" "$(drafts_with "Half written")" 1 &&
	"$TETHER" --profile "$P" draft list --json | grep -q "\"on_server\": true"
'
test_expect_success 'a second sync stores nothing twice' '
	synced "$P" &&
	is "copies in Drafts" "$(drafts_with "Half written")" 1
'
test_expect_success 'a deleted draft leaves the server at the next sync' '
	id=$("$TETHER" --profile "$P" draft list --json | json_records | awk "$AWK_LIB"'"'"'val("subject") == "Half written" { print $1 + 0 }'"'"') &&
	run_tether --profile "$P" draft delete "$id" && [ "$rc" -eq 0 ] &&
	synced "$P" &&
	is "copies in Drafts" "$(drafts_with "Half written")" 0
'

# --- failures: each says why, and the message stays -----------------------------

test_expect_success 'CMP-34: no recipient is refused and nothing is queued' '
	cfg "$TEST_TMP/pbad" "$TESTBED_SMTPS_PORT" tls wrong &&
	run_tether --profile "$TEST_TMP/pbad" compose --subject "Nobody" --body "x" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "no recipient" &&
	[ "$(outbox_json "$TEST_TMP/pbad" | grep -c "\"id\":")" -eq 0 ]
'
test_expect_success 'ERR-08: a wrong password is refused with the server'"'"'s reply; the message stays, failed' '
	run_tether --profile "$TEST_TMP/pbad" compose --to "bob@$D" --subject "Wrong password" --body "x" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "refused the login" && contains "$err" "535" &&
	outbox_json "$TEST_TMP/pbad" | grep -q "\"state\": \"failed\"" &&
	outbox_json "$TEST_TMP/pbad" | grep -q "\"reply_code\": 535"
'
test_expect_success 'after the password is fixed, outbox retry and flush send it' '
	cfg "$TEST_TMP/pbad" "$TESTBED_SMTPS_PORT" tls &&
	id=$(outbox_json "$TEST_TMP/pbad" | json_records | awk "$AWK_LIB"'"'"'{ print $1 + 0; exit }'"'"') &&
	"$TETHER" --profile "$TEST_TMP/pbad" outbox retry "$id" >/dev/null &&
	run_tether --profile "$TEST_TMP/pbad" outbox flush &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	bob_has "Wrong password"
'
test_expect_success 'ERR-01/02: a server that is down: the sentence names host and port, suggests 587, and the message waits' '
	port=$(_testbed_free_port) &&
	cfg "$TEST_TMP/pdown" "$port" tls &&
	sed -i "s/^smtp_port = .*/smtp_port = 465/; s/^smtp_host = .*/smtp_host = 127.0.0.1/" "$TEST_TMP/pdown/config" &&
	run_tether --profile "$TEST_TMP/pdown" compose --to "bob@$D" --subject "Server down" --body "x" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "127.0.0.1:465" && contains "$err" "try port 587" &&
	outbox_json "$TEST_TMP/pdown" | grep -q "\"state\": \"queued\"" &&
	outbox_json "$TEST_TMP/pdown" | grep -q "\"next_try_at\": \"20"
'
# A server that takes the connection and never says a word.
cat >"$TEST_TMP/silent.pl" <<'PERL'
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
    Listen => 5, ReuseAddr => 1) or die "listen: $!";
open(my $r, ">", $ARGV[1]) or die; print $r "ready\n"; close($r);
my @c;
while (my $c = $s->accept) { push @c, $c; }
PERL
test_expect_success 'ERR-01: a server that accepts and never answers times out (smtp_timeout); the message waits' '
	port=$(_testbed_free_port) &&
	{ perl "$TEST_TMP/silent.pl" "$port" "$TEST_TMP/silent.ready" </dev/null >/dev/null 2>&1 & } &&
	silent=$! &&
	for i in $(seq 1 50); do [ -f "$TEST_TMP/silent.ready" ] && break; sleep 0.1; done &&
	cfg "$TEST_TMP/pslow" "$port" tls && printf "%s\n" "smtp_timeout = 2" >>"$TEST_TMP/pslow/config" &&
	t0=$(date +%s) &&
	run_tether --profile "$TEST_TMP/pslow" compose --to "bob@$D" --subject "Silent server" --body "x" --send &&
	t1=$(date +%s) && { kill "$silent"; wait "$silent"; true; } 2>/dev/null &&
	[ "$rc" -ne 0 ] && contains "$err" "did not answer in time" &&
	{ [ $((t1 - t0)) -le 10 ] || { echo "it took $((t1 - t0)) s"; false; }; } &&
	outbox_json "$TEST_TMP/pslow" | grep -q "\"state\": \"queued\""
'
test_expect_success 'CMP-25: a waiting message is cancelled into a draft, with its text' '
	id=$(outbox_json "$TEST_TMP/pdown" | json_records | awk "$AWK_LIB"'"'"'{ print $1 + 0; exit }'"'"') &&
	run_tether --profile "$TEST_TMP/pdown" outbox cancel "$id" &&
	[ "$rc" -eq 0 ] && contains "$out" "draft" &&
	[ "$(outbox_json "$TEST_TMP/pdown" | grep -c "\"id\":")" -eq 0 ] &&
	sqlite3 "$TEST_TMP/pdown/mail.db" "SELECT subject, body FROM drafts" | grep -q "Server down|x"
'
test_expect_success 'CMP-16: a message over the size limit is refused before it is queued' '
	cfg "$TEST_TMP/pbig" "$TESTBED_SMTPS_PORT" tls &&
	printf "%s\n" "size_limit = 1MB" >>"$TEST_TMP/pbig/config" &&
	head -c 1500000 /dev/urandom >"$TEST_TMP/big.bin" &&
	run_tether --profile "$TEST_TMP/pbig" compose --to "bob@$D" --subject "Big" --body "x" \
		--attach "$TEST_TMP/big.bin" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "over the limit of 1.0 MB" &&
	[ "$(outbox_json "$TEST_TMP/pbig" | grep -c "\"id\":")" -eq 0 ]
'
test_expect_success 'CMP-16: the server'"'"'s SIZE refuses what the account'"'"'s limit lets through, with its reply; the message stays' '
	cfg "$TEST_TMP/psize" "$TESTBED_SMTPS_PORT" tls &&
	printf "%s\n" "size_limit = 50MB" >>"$TEST_TMP/psize/config" &&
	head -c 11000000 /dev/urandom >"$TEST_TMP/huge.bin" &&
	run_tether --profile "$TEST_TMP/psize" compose --to "bob@$D" --subject "Huge" --body "x" \
		--attach "$TEST_TMP/huge.bin" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "too large" && contains "$err" "552" &&
	outbox_json "$TEST_TMP/psize" | grep -q "\"state\": \"failed\""
'
test_expect_success 'send-later: --at queues the message with its time; it is not sent before' '
	run_tether --profile "$P" compose --to "bob@$D" --subject "Later" --body "x" --at +2h &&
	[ "$rc" -eq 0 ] && contains "$out" "will be sent at" &&
	run_tether --profile "$P" outbox flush &&
	outbox_json "$P" | json_records | awk "$AWK_LIB"'"'"'val("subject") == "Later" { print val("state") }'"'"' | grep -qx queued
'
test_expect_success 'CMP-27: a scheduled message whose time passed is sent at the next run, marked late' '
	id=$(outbox_json "$P" | json_records | awk "$AWK_LIB"'"'"'val("subject") == "Later" { print $1 + 0 }'"'"') &&
	sqlite3 "$P/mail.db" "UPDATE outbox SET send_at = strftime('"'"'%s'"'"', '"'"'now'"'"') - 3600 WHERE id = $id" &&
	run_tether --profile "$P" outbox flush &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	contains "$out" "(1 late)" &&
	outbox_json "$P" | json_records | awk "$AWK_LIB"'"'"'val("subject") == "Later" { print val("sent_late") }'"'"' | grep -qx true
'
test_expect_success 'CMP-26: two scheduled messages due together leave at least 30 s apart' '
	run_tether --profile "$P" compose --to "bob@$D" --subject "Due one" --body "x" --at +1h &&
	run_tether --profile "$P" compose --to "bob@$D" --subject "Due two" --body "x" --at +1h &&
	sqlite3 "$P/mail.db" "UPDATE outbox SET send_at = strftime('"'"'%s'"'"', '"'"'now'"'"') - 10 WHERE subject LIKE '"'"'Due %'"'"'" &&
	run_tether --profile "$P" outbox flush &&
	{ [ "$rc" -eq 0 ] || { echo "$out $err" >&2; false; }; } &&
	a=$(sqlite3 "$P/mail.db" "SELECT sent_at FROM outbox WHERE subject = '"'"'Due one'"'"'") &&
	b=$(sqlite3 "$P/mail.db" "SELECT sent_at FROM outbox WHERE subject = '"'"'Due two'"'"'") &&
	{ [ $((b - a)) -ge 30 ] || { echo "sent $((b - a)) s apart"; false; }; }
'
# Last: the restart's ports stay in the subshell of the test.
test_expect_success 'CONN-08: a submission port without STARTTLS is refused before any login' '
	testbed_postfix_stop && testbed_postfix_start "$TEST_TMP/pf2" --no-starttls 2>"$TEST_TMP/pf2.err" &&
	cfg "$TEST_TMP/pplain" "$TESTBED_SUBMISSION_PORT" starttls &&
	run_tether --profile "$TEST_TMP/pplain" compose --to "bob@$D" --subject "Plaintext" --body "x" --send &&
	[ "$rc" -ne 0 ] && contains "$err" "does not offer STARTTLS" &&
	outbox_json "$TEST_TMP/pplain" | grep -q "\"state\": \"failed\""
'
test_done
