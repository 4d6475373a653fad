# t0100-testbed.sh - the real-server test bed works, shown with tools other than tether: certificates, Dovecot over IMAPS, logins, delivery, a wrong name, stop and restart.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/servers/testbed.sh"
trap 'testbed_cleanup; rm -rf "$TEST_TMP"' EXIT

TB=$TEST_TMP/bed

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

# imaps [--name HOST] [--ca FILE] LINE...: one IMAPS session with openssl s_client, the
# certificate verified against the test CA for HOST (default localhost); sends
# the lines (CRLF) and waits until the server closes. Leaves $rc and $out.
imaps() {
	local host=localhost ca=$TESTBED_CA
	while :; do
		case $1 in
			--name) host=$2; shift 2 ;;
			--ca) ca=$2; shift 2 ;;
			*) break ;;
		esac
	done
	printf '%s\r\n' "$@" | timeout 10 openssl s_client -connect "127.0.0.1:$TESTBED_IMAP_PORT" \
		-CAfile "$ca" -verify_return_error -verify_hostname "$host" -ign_eof \
		>"$TEST_TMP/s_client.out" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$TEST_TMP/s_client.out")
}

# session_left PID: prints the live processes of the session PID leads (the Dovecot master calls setsid).
session_left() {
	sed 's/.*) //' /proc/[0-9]*/stat 2>/dev/null | awk -v s="$1" '$4 == s && $1 != "Z"'
}

# instance_left: prints the PIDs whose command line names this instance or its config.
instance_left() {
	local name
	name=$(sed -n 's/^instance_name = //p' "$TB/dovecot.conf")
	printf '%s\n' "$name" "$TB/dovecot.conf" >"$TEST_TMP/patterns"
	grep -lsFf "$TEST_TMP/patterns" /proc/[0-9]*/cmdline
}

# port_open PORT: 0 when 127.0.0.1:PORT accepts a connection.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# count_inbox USER: the number of messages doveadm finds in USER's INBOX.
count_inbox() {
	testbed_doveadm search -u "$1" mailbox INBOX ALL | wc -l
}

# The bed is set up before any TAP line, so a missing program can still skip all.
run_bed certs testbed_certs "$TB"
[ "$(cat "$TEST_TMP/certs.rc")" -eq 77 ] && skip_all "$(cat "$TEST_TMP/certs.err")"
run_bed start1 testbed_dovecot_start "$TB"
[ "$(cat "$TEST_TMP/start1.rc")" -eq 77 ] && skip_all "$(cat "$TEST_TMP/start1.err")"

test_expect_success 'a missing program makes a test-bed function return 77 with the reason on stderr' '
	testbed_require openssl no-such-program-tether >"$TEST_TMP/req.out" 2>"$TEST_TMP/req.err"
	[ $? -eq 77 ] && [ ! -s "$TEST_TMP/req.out" ] &&
	grep -q "not installed: no-such-program-tether" "$TEST_TMP/req.err" &&
	testbed_require openssl 2>&1
'

test_expect_success 'testbed_certs makes a CA and certificates for localhost and wrong.example, quietly' '
	bed_ok certs &&
	for f in ca.pem server.pem server.key wrong.pem wrong.key; do [ -s "$TB/$f" ] || exit 1; done &&
	openssl verify -CAfile "$TB/ca.pem" "$TB/server.pem" "$TB/wrong.pem" &&
	openssl x509 -in "$TB/server.pem" -noout -ext subjectAltName >"$TEST_TMP/san" &&
	grep -q "DNS:localhost" "$TEST_TMP/san" && grep -q "IP Address:127.0.0.1" "$TEST_TMP/san" &&
	openssl x509 -in "$TB/wrong.pem" -noout -ext subjectAltName >"$TEST_TMP/san" &&
	grep -q "DNS:wrong.example" "$TEST_TMP/san" && ! grep -q localhost "$TEST_TMP/san" &&
	openssl x509 -in "$TB/server.pem" -noout -checkend 86400 &&
	! openssl x509 -in "$TB/server.pem" -noout -checkend 259200
'

test_expect_success 'Dovecot starts quietly and listens on 127.0.0.1 only, on an unprivileged port' '
	bed_ok start1 &&
	[ "$TESTBED_IMAP_PORT" -ge 20000 ] && [ "$TESTBED_IMAP_PORT" -le 40000 ] &&
	[ "$TESTBED_CA" = "$TESTBED_DIR/ca.pem" ] && [ "$TESTBED_DIR" -ef "$TB" ] &&
	kill -0 "$TESTBED_DOVECOT_PID" &&
	hex=$(printf "%04X" "$TESTBED_IMAP_PORT") &&
	awk -v p=":$hex" "\$4 == \"0A\" && substr(\$2, length(\$2) - 4) == p { print \$2 }" \
		/proc/net/tcp /proc/net/tcp6 >"$TEST_TMP/listeners" &&
	[ "$(cat "$TEST_TMP/listeners")" = "0100007F:$hex" ]
'
start1_port=${TESTBED_IMAP_PORT:-0}
start1_pid=${TESTBED_DOVECOT_PID:-0}

test_expect_success 'openssl s_client verifies the certificate for localhost and reads an IMAP4rev1 greeting with AUTH=PLAIN' '
	imaps "a LOGOUT" && [ "$rc" -eq 0 ] &&
	contains "$out" "Verify return code: 0 (ok)" &&
	printf "%s\n" "$out" | grep "^\* OK \[CAPABILITY " >"$TEST_TMP/greeting" &&
	grep -q " IMAP4rev1 " "$TEST_TMP/greeting" && grep -q " AUTH=PLAIN[] ]" "$TEST_TMP/greeting" &&
	printf "%s\n" "$out" | grep -q "^a OK Logout"
'

test_expect_success 'LOGIN alice secret succeeds' '
	imaps "a LOGIN alice secret" "b LOGOUT" && [ "$rc" -eq 0 ] &&
	printf "%s\n" "$out" | grep -q "^a OK .*Logged in"
'

test_expect_success 'LOGIN alice with a wrong password fails' '
	imaps "b LOGIN alice wrong" "c LOGOUT" && [ "$rc" -eq 0 ] &&
	printf "%s\n" "$out" | grep -q "^b NO \[AUTHENTICATIONFAILED\]" &&
	! printf "%s\n" "$out" | grep -q "^b OK"
'

test_expect_success 'bob logs in with AUTHENTICATE PLAIN and his UTF-8 password, not with an ASCII look-alike' '
	good=$(printf "\0bob\0päss wörd" | base64) && bad=$(printf "\0bob\0pass word" | base64) &&
	imaps "a AUTHENTICATE PLAIN $good" "c LOGOUT" &&
	printf "%s\n" "$out" | grep -q "^a OK .*Logged in" &&
	imaps "b AUTHENTICATE PLAIN $bad" "c LOGOUT" &&
	printf "%s\n" "$out" | grep -q "^b NO \[AUTHENTICATIONFAILED\]"
'

test_expect_success 'the namespace declares Sent, Drafts, Trash, Junk and Archive with SPECIAL-USE' '
	imaps "a LOGIN alice secret" "b LIST \"\" \"*\" RETURN (SPECIAL-USE)" "c LOGOUT" &&
	for box in Sent Drafts Trash Junk Archive; do
		printf "%s\n" "$out" | grep -qx "\* LIST (\\\\$box) \"/\" $box" || exit 1
	done
'

cat >"$TEST_TMP/hello.eml" <<'EOF'
From: Carol <carol@example.org>
To: alice@example.org
Subject: test bed hello
Message-ID: <testbed-hello@example.org>
Date: Fri, 06 Mar 2026 10:00:00 +0000

Hello from the test bed.
EOF
run_bed deliver testbed_deliver alice "$TEST_TMP/hello.eml"

test_expect_success 'a delivered message is in the INBOX, for doveadm and over IMAP' '
	bed_ok deliver && [ "$(count_inbox alice)" -eq 1 ] &&
	imaps "a LOGIN alice secret" "b SELECT INBOX" "c FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])" "d LOGOUT" &&
	printf "%s\n" "$out" | grep -qx "\* 1 EXISTS" &&
	contains "$out" "Subject: test bed hello"
'

test_expect_success 'testbed_doveadm changes the server behind a client'"'"'s back' '
	testbed_doveadm flags add -u alice "\\Flagged" mailbox INBOX 1 &&
	testbed_doveadm mailbox create -u alice "Projects" &&
	imaps "a LOGIN alice secret" "b SELECT INBOX" "c FETCH 1 FLAGS" "d LIST \"\" Projects" "e LOGOUT" &&
	printf "%s\n" "$out" | grep -q "^\* 1 FETCH (FLAGS (.*\\\\Flagged" &&
	printf "%s\n" "$out" | grep -q "^\* LIST .* Projects$"
'

run_bed stop1 testbed_dovecot_stop

test_expect_success 'stop leaves no process of the instance and closes the port' '
	bed_ok stop1 &&
	[ -z "$(session_left "$start1_pid")" ] && [ -z "$(instance_left)" ] &&
	! port_open "$start1_port"
'

run_bed start2 testbed_dovecot_start "$TB" --cert wrong

test_expect_success 'a second start in the same directory serves the wrong.example certificate' '
	bed_ok start2 && kill -0 "$TESTBED_DOVECOT_PID" &&
	[ "$TESTBED_DOVECOT_PID" != "$start1_pid" ] && port_open "$TESTBED_IMAP_PORT"
'

test_expect_success 'verification for localhost fails against the wrong.example certificate' '
	imaps "a LOGOUT"; [ "$rc" -ne 0 ] &&
	contains "$out" "hostname mismatch" && ! contains "$out" "* OK [CAPABILITY"
'

test_expect_success 'the same certificate verifies as wrong.example, so only the name is wrong' '
	imaps --name wrong.example "a LOGOUT" && [ "$rc" -eq 0 ] &&
	contains "$out" "Verify return code: 0 (ok)"
'

test_expect_success 'verification fails against a CA that did not sign the certificate' '
	testbed_certs "$TEST_TMP/other" && imaps --ca "$TEST_TMP/other/ca.pem" --name wrong.example "a LOGOUT";
	[ "$rc" -ne 0 ] && contains "$out" "unable to get local issuer certificate"
'

test_expect_success 'the mail survives the restart' '
	[ "$(count_inbox alice)" -eq 1 ]
'

start2_pid=${TESTBED_DOVECOT_PID:-0}
start2_port=${TESTBED_IMAP_PORT:-0}
run_bed stop2 testbed_dovecot_stop --fast

test_expect_success 'the second stop (--fast) leaves no process and closes the port as well' '
	bed_ok stop2 &&
	[ -z "$(session_left "$start2_pid")" ] && [ -z "$(instance_left)" ] &&
	! port_open "$start2_port"
'

run_bed start3 testbed_dovecot_start "$TB"
start3_pid=${TESTBED_DOVECOT_PID:-0}
start3_port=${TESTBED_IMAP_PORT:-0}
run_bed cleanup1 testbed_cleanup
run_bed cleanup2 testbed_cleanup

test_expect_success 'testbed_cleanup stops a running Dovecot and may be called again' '
	bed_ok start3 && [ "$start3_pid" != 0 ] &&
	bed_ok cleanup1 && bed_ok cleanup2 &&
	[ -z "$(session_left "$start3_pid")" ] && ! port_open "$start3_port"
'

test_expect_success 'a Dovecot started inside a test (a subshell) runs' '
	testbed_dovecot_start "$TEST_TMP/sub" &&
	echo "$TESTBED_DOVECOT_PID $TESTBED_IMAP_PORT" >"$TEST_TMP/sub.pid" &&
	port_open "$TESTBED_IMAP_PORT"
'
run_bed cleanup3 testbed_cleanup

test_expect_success 'testbed_cleanup stops that one too, from the list of masters this script started' '
	bed_ok cleanup3 && read -r pid port <"$TEST_TMP/sub.pid" &&
	[ -z "$(session_left "$pid")" ] && ! port_open "$port"
'

test_done
