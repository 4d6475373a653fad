# t0110-smtp-testbed.sh - the test bed's Postfix, shown with curl and bash: SMTPS and submission with STARTTLS deliver into Dovecot, AUTH is required and checked, the size limit, a submission port without STARTTLS, stop, restart and cleanup.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/servers/testbed.sh"
trap 'testbed_cleanup; rm -rf "$TEST_TMP"' EXIT

TB=$TEST_TMP/bed
MTA=$TEST_TMP/mta
D=$TESTBED_MAIL_DOMAIN

# run_bed NAME COMMAND...: runs a test-bed function in this shell (it keeps
# state, so not inside test_expect_success); stdout, stderr and status go to
# $TEST_TMP/NAME.out, .err and .rc.
run_bed() {
	local name=$1
	shift
	"$@" >"$TEST_TMP/$name.out" 2>"$TEST_TMP/$name.err"
	echo $? >"$TEST_TMP/$name.rc"
}

# bed_ok NAME: that run returned 0 and printed nothing on stdout; shows its output otherwise.
bed_ok() {
	if [ "$(cat "$TEST_TMP/$1.rc")" -eq 0 ] && [ ! -s "$TEST_TMP/$1.out" ]; then
		return 0
	fi
	echo "status $(cat "$TEST_TMP/$1.rc"); stdout:" >&2
	cat "$TEST_TMP/$1.out" >&2
	echo "stderr:" >&2
	cat "$TEST_TMP/$1.err" >&2
	return 1
}

# bed_skip NAME: skips the whole script when that run returned 77 (a program is missing).
bed_skip() {
	[ "$(cat "$TEST_TMP/$1.rc")" -eq 77 ] && skip_all "$(tr '\n' ' ' <"$TEST_TMP/$1.err")"
	return 0
}

# message FILE SUBJECT: a small message from alice to bob with that subject.
message() {
	printf '%s\r\n' "From: Alice <alice@$D>" "To: Bob <bob@$D>" "Subject: $2" \
		"Message-ID: <$(printf '%s' "$2" | tr ' ' '-')@$D>" \
		"Date: Fri, 06 Mar 2026 10:00:00 +0000" "" "Sent through the test bed's Postfix." >"$1"
}

# send URL USER:PASSWORD FILE RCPT... [-- CURL-OPTIONS...]: curl sends FILE (- for stdin, so
# its size is unknown) from alice@$D to the recipients, verifying the server
# against the test CA; no AUTH when USER:PASSWORD is empty. Leaves $rc and the
# transcript (curl -v) in $out.
send() {
	local url=$1 user=$2 file=$3 opts=() in=/dev/null
	[ "$file" = - ] && in=/dev/stdin
	shift 3
	local rcpts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		rcpts+=(--mail-rcpt "$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	opts=("$@")
	[ -n "$user" ] && opts+=(--user "$user")
	curl -v -sS --max-time 20 --cacert "$TESTBED_CA" --url "$url" \
		--mail-from "alice@$D" "${rcpts[@]}" --upload-file "$file" "${opts[@]}" \
		>"$TEST_TMP/curl.out" 2>&1 <"$in"
	rc=$?
	out=$(tr -d '\r' <"$TEST_TMP/curl.out")
}

# subjects USER: the Subject of every message in USER's INBOX, one a line.
subjects() {
	testbed_doveadm fetch -u "$1" hdr.subject mailbox INBOX ALL | sed -n 's/^hdr\.subject: //p'
}

# has_subject USER SUBJECT: 0 when a message with that Subject is in USER's INBOX (after Postfix's queue is empty).
has_subject() {
	testbed_postfix_wait && subjects "$1" | grep -qxF "$2"
}

# ehlo PORT: one plain-text SMTP session with bash (greeting, EHLO, QUIT); the lines, CR removed, in $out.
ehlo() {
	out=$(
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf 'EHLO client.example\r\n' >&3
		# read -t: a server that stops answering fails the test, not hangs it.
		while read -r -t 5 line <&3; do
			line=${line%$'\r'}
			printf '%s\n' "$line"
			case $line in 250\ *) break ;; esac
		done
		printf 'QUIT\r\n' >&3
		read -r -t 5 line <&3 && printf '%s\n' "${line%$'\r'}"
	)
}

# session_left SID: prints the live processes of the session SID leads (both masters call setsid).
session_left() {
	sed 's/.*) //' /proc/[0-9]*/stat 2>/dev/null | awk -v s="$1" '$4 == s && $1 != "Z"'
}

# listeners SID: the listening TCP sockets of that session's processes, as /proc/net/tcp writes them (0100007F:PORT), one a line, sorted.
listeners() {
	local p inodes=
	for p in /proc/[0-9]*; do
		[ "$(sed 's/.*) //' "$p/stat" 2>/dev/null | awk '{ print $4 }')" = "$1" ] || continue
		inodes="$inodes $(find "$p/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n' | tr '\n' ' ')"
	done
	awk -v inodes="$inodes" 'BEGIN { n = split(inodes, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		$4 == "0A" && ($10 in want) { print $2 }' /proc/net/tcp /proc/net/tcp6 | sort -u
}

# port_open PORT: 0 when 127.0.0.1:PORT accepts a connection.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The bed is set up before any TAP line, so a missing program can still skip all.
run_bed dovecot testbed_dovecot_start "$TB"
bed_skip dovecot
run_bed start1 testbed_postfix_start "$MTA"
bed_skip start1

have_curl=yes
command -v curl >/dev/null 2>&1 || have_curl=no
# curl_case DESCRIPTION COMMANDS: a test that needs the curl program, skipped without it.
curl_case() {
	if [ $have_curl = yes ]; then
		test_expect_success "$1" "$2"
	else
		test_skip "$1" "curl is not installed (Debian package curl)"
	fi
}

test_expect_success 'Postfix starts quietly after Dovecot, with its ports and paths exported' '
	bed_ok dovecot && bed_ok start1 &&
	[ "$TESTBED_SMTPS_PORT" -ge 20000 ] && [ "$TESTBED_SMTPS_PORT" -le 31999 ] &&
	[ "$TESTBED_SUBMISSION_PORT" -ge 20000 ] && [ "$TESTBED_SUBMISSION_PORT" -le 31999 ] &&
	[ "$TESTBED_SMTPS_PORT" != "$TESTBED_SUBMISSION_PORT" ] &&
	[ "$TESTBED_POSTFIX_DIR" -ef "$MTA" ] && [ "$TESTBED_POSTFIX_CONFIG" = "$TESTBED_POSTFIX_DIR/etc" ] &&
	[ "$D" = tether-test.example ] &&
	kill -0 "$TESTBED_POSTFIX_PID" &&
	[ "$(cat "$MTA/queue/pid/master.pid" | tr -d " ")" = "$TESTBED_POSTFIX_PID" ]
'
start1_pid=${TESTBED_POSTFIX_PID:-0}
start1_ports="${TESTBED_SMTPS_PORT:-0} ${TESTBED_SUBMISSION_PORT:-0}"

test_expect_success 'Postfix listens on its two ports on 127.0.0.1 and nowhere else' '
	printf "0100007F:%04X\n" $TESTBED_SMTPS_PORT $TESTBED_SUBMISSION_PORT | sort >"$TEST_TMP/want" &&
	listeners "$TESTBED_POSTFIX_PID" >"$TEST_TMP/got" &&
	diff "$TEST_TMP/want" "$TEST_TMP/got"
'

test_expect_success 'postfix check finds nothing to warn about, and the log stays in its directory' '
	"$(_testbed_find postfix)" -c "$TESTBED_POSTFIX_CONFIG" check >"$TEST_TMP/check" 2>&1 && [ ! -s "$TEST_TMP/check" ] &&
	! grep -Ei "warning|fatal|panic" "$MTA/postfix.log" &&
	grep -q "daemon started" "$MTA/postfix.log"
'

test_expect_success 'the submission port offers STARTTLS and SIZE 10240000 in plain text, but no AUTH before TLS' '
	ehlo "$TESTBED_SUBMISSION_PORT" &&
	printf "%s\n" "$out" | grep -q "^220 " &&
	printf "%s\n" "$out" | grep -qx "250-STARTTLS" &&
	printf "%s\n" "$out" | grep -qx "250-SIZE 10240000" &&
	! printf "%s\n" "$out" | grep -q "AUTH" &&
	printf "%s\n" "$out" | grep -q "^221 "
'

message "$TEST_TMP/smtps.eml" "t0110 over SMTPS"
message "$TEST_TMP/starttls.eml" "t0110 over STARTTLS"
message "$TEST_TMP/outside.eml" "t0110 to another domain"
message "$TEST_TMP/refused.eml" "t0110 refused"

curl_case 'SMTPS with AUTH PLAIN as alice delivers to bob@tether-test.example into his INBOX' '
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/smtps.eml" "bob@$D" \
		-- --login-options AUTH=PLAIN &&
	[ "$rc" -eq 0 ] && contains "$out" "> AUTH PLAIN" && contains "$out" "250 2.0.0 Ok: queued" &&
	has_subject bob "t0110 over SMTPS" &&
	testbed_doveadm fetch -u bob text mailbox INBOX subject "t0110 over SMTPS" >"$TEST_TMP/text" &&
	grep -q "(using TLSv1" "$TEST_TMP/text" && grep -q "with ESMTPSA id" "$TEST_TMP/text" &&
	grep -q "Sent through the test bed" "$TEST_TMP/text"
'

curl_case 'the submission port with STARTTLS (--ssl-reqd) and AUTH LOGIN as bob, UTF-8 password, to localhost, delivers to alice' '
	send "smtp://localhost:$TESTBED_SUBMISSION_PORT" "bob:päss wörd" "$TEST_TMP/starttls.eml" "alice@$D" \
		-- --ssl-reqd --login-options AUTH=LOGIN &&
	[ "$rc" -eq 0 ] && contains "$out" "> STARTTLS" && contains "$out" "> AUTH LOGIN" &&
	has_subject alice "t0110 over STARTTLS"
'

curl_case 'an address in another domain goes to the sink user, one unknown in the test domain is refused with 550' '
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/outside.eml" "someone@example.org" &&
	[ "$rc" -eq 0 ] && has_subject sink "t0110 to another domain" &&
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/refused.eml" "carol@$D";
	[ "$rc" -ne 0 ] && contains "$out" "< 550 5.1.1 <carol@$D>"
'

curl_case 'a wrong password is refused with 535, and nothing is sent' '
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:wrong "$TEST_TMP/refused.eml" "bob@$D";
	[ "$rc" -ne 0 ] && contains "$out" "< 535 " && ! contains "$out" "> MAIL FROM"
'

curl_case 'without AUTH Postfix relays nothing, not even to a local user' '
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" "" "$TEST_TMP/refused.eml" "bob@$D";
	[ "$rc" -ne 0 ] && contains "$out" "< 554 5.7.1 <bob@$D>: Recipient address rejected: Access denied" &&
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" "" "$TEST_TMP/refused.eml" "someone@example.org";
	[ "$rc" -ne 0 ] && contains "$out" "< 554 5.7.1"
'

curl_case 'the submission port refuses mail in plain text: 530 before STARTTLS' '
	send "smtp://127.0.0.1:$TESTBED_SUBMISSION_PORT" "" "$TEST_TMP/refused.eml" "bob@$D";
	[ "$rc" -ne 0 ] && contains "$out" "< 530 5.7.0 Must issue a STARTTLS command first"
'

# 11 MB, over message_size_limit (10240000 bytes).
message "$TEST_TMP/big.eml" "t0110 too big"
head -c 8250000 /dev/zero | base64 -w 76 | sed 's/$/\r/' >>"$TEST_TMP/big.eml"

curl_case 'an 11 MB message is refused with 552: at MAIL FROM when SIZE= declares it, after DATA when it does not' '
	[ "$(wc -c <"$TEST_TMP/big.eml")" -gt 11000000 ] &&
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/big.eml" "bob@$D";
	[ "$rc" -ne 0 ] && printf "%s\n" "$out" | grep -q "^> MAIL FROM:<alice@$D> SIZE=1" &&
	contains "$out" "< 552 5.3.4 Message size exceeds fixed limit" &&
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret - "bob@$D" <"$TEST_TMP/big.eml";
	[ "$rc" -ne 0 ] && printf "%s\n" "$out" | grep -qx "> MAIL FROM:<alice@$D>" &&
	contains "$out" "< 552 5.3.4 Error: message file too big"
'

curl_case 'refused mail never arrives (bob has only the SMTPS message, alice only the STARTTLS one)' '
	testbed_postfix_wait &&
	[ "$(subjects bob)" = "t0110 over SMTPS" ] && [ "$(subjects alice)" = "t0110 over STARTTLS" ]
'

run_bed stop1 testbed_postfix_stop

test_expect_success 'testbed_postfix_stop leaves no Postfix process and closes both ports; Dovecot runs on' '
	bed_ok stop1 && [ -z "$(session_left "$start1_pid")" ] &&
	set -- $start1_ports && ! port_open "$1" && ! port_open "$2" &&
	kill -0 "$TESTBED_DOVECOT_PID"
'

run_bed start2 testbed_postfix_start "$MTA" --no-starttls
message "$TEST_TMP/plain.eml" "t0110 in plain text"

test_expect_success 'with --no-starttls the submission port lists no STARTTLS, on the same ports as before' '
	bed_ok start2 && [ "$TESTBED_SMTPS_PORT $TESTBED_SUBMISSION_PORT" = "$start1_ports" ] &&
	ehlo "$TESTBED_SUBMISSION_PORT" &&
	printf "%s\n" "$out" | grep -q "^250 " && ! printf "%s\n" "$out" | grep -q STARTTLS
'

curl_case 'with --no-starttls curl --ssl-reqd refuses to send; without it the mail goes through in plain text' '
	send "smtp://127.0.0.1:$TESTBED_SUBMISSION_PORT" alice:secret "$TEST_TMP/refused.eml" "bob@$D" -- --ssl-reqd;
	[ "$rc" -ne 0 ] && contains "$out" "STARTTLS not supported" && ! contains "$out" "> AUTH" &&
	send "smtp://127.0.0.1:$TESTBED_SUBMISSION_PORT" alice:secret "$TEST_TMP/plain.eml" "bob@$D" &&
	[ "$rc" -eq 0 ] && has_subject bob "t0110 in plain text" && ! subjects bob | grep -q "t0110 refused"
'

curl_case 'SMTPS still works after the restart, and the mail from before is still there' '
	send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/smtps.eml" "sink@$D" &&
	[ "$rc" -eq 0 ] && has_subject sink "t0110 over SMTPS" && has_subject alice "t0110 over STARTTLS"
'

# Dovecot restarts under a running Postfix: its stop must not wait for
# Postfix's connections to auth, and Postfix must take mail again soon after.
before=$(date +%s%N)
run_bed dstop testbed_dovecot_stop
dstop_ms=$((($(date +%s%N) - before) / 1000000))
run_bed dstart testbed_dovecot_start "$TB"
message "$TEST_TMP/again.eml" "t0110 after a Dovecot restart"

curl_case 'Dovecot stops within 3 s under a running Postfix, and after its restart Postfix delivers again' '
	bed_ok dstop && bed_ok dstart && [ "$dstop_ms" -lt 3000 ] &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		send "smtps://127.0.0.1:$TESTBED_SMTPS_PORT" alice:secret "$TEST_TMP/again.eml" "bob@$D" &&
			[ "$rc" -eq 0 ] && break
		sleep 0.5
	done && [ "$rc" -eq 0 ] && has_subject bob "t0110 after a Dovecot restart"
'

start2_pid=${TESTBED_POSTFIX_PID:-0}
dovecot_pid=${TESTBED_DOVECOT_PID:-0}

test_expect_success 'a Postfix started inside a test (a subshell) runs' '
	testbed_postfix_stop && testbed_postfix_start "$TEST_TMP/mta2" &&
	echo "$TESTBED_POSTFIX_PID $TESTBED_SUBMISSION_PORT" >"$TEST_TMP/sub.pid" &&
	port_open "$TESTBED_SUBMISSION_PORT"
'
run_bed cleanup1 testbed_cleanup
run_bed cleanup2 testbed_cleanup

test_expect_success 'testbed_cleanup stops both Postfix instances and Dovecot, and may be called again' '
	bed_ok cleanup1 && bed_ok cleanup2 && read -r pid port <"$TEST_TMP/sub.pid" &&
	[ -z "$(session_left "$pid")" ] && ! port_open "$port" &&
	[ -z "$(session_left "$start2_pid")" ] && [ -z "$(session_left "$dovecot_pid")" ] &&
	! port_open "$TESTBED_SMTPS_PORT"
'

test_done
