# t0107-doctor.sh - tether doctor against the Dovecot bed: all green when right; a wrong port, CA, password, IMAP port 143 and a wrong SMTP port each named in one sentence.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

if [ -z "${TESTBED_SMTP_PORT:-}" ]; then
	skip_all "the bed has no SMTP submission (dovecot-submissiond: scripts/install-deps --test)"
fi
P=$PROFILE

# doctor_config [KEY = VALUE]...: the bed's account with its SMTP submission, changed by the given lines.
doctor_config() {
	bed_config "$P" &&
		sed -i "s/^smtp_port = .*/smtp_port = $TESTBED_SMTP_PORT\nsmtp_security = tls/" "$P/config" &&
		for line in "$@"; do
			key=${line%% =*}
			if grep -q "^$key = " "$P/config"; then
				sed -i "s|^$key = .*|$line|" "$P/config"
			else
				printf '%s\n' "$line" >>"$P/config"
			fi
		done
}
doctor() {
	run_tether --profile "$P" doctor "$@"
}

test_expect_success 'against the bed every step is ok, with the certificate shown' '
	doctor_config && doctor && [ "$rc" -eq 0 ] && contains "$out" "everything works" &&
	contains "$out" "issued by" && contains "$out" "valid until" && contains "$out" "sha256:" &&
	contains "$out" "logged in as alice" && contains "$out" "inbox INBOX" && contains "$out" "trash Trash" &&
	! contains "$out" "FAIL"
'
test_expect_success 'a wrong IMAP port: the connection is refused, on that port' '
	port=$(_testbed_free_port) && doctor_config "imap_port = $port" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "FAIL TCP" && contains "$out" "refused the connection on port $port" &&
	contains "$out" "diagnosis:"
'
test_expect_success 'an untrusted certificate: named, with the fingerprint to pin' '
	doctor_config "tls_ca_file = /dev/null" && sed -i "/^tls_ca_file/d" "$P/config" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "FAIL TLS" && contains "$out" "is not trusted" && contains "$out" "tls_fingerprint = sha256:"
'
test_expect_success 'a wrong password: the login is refused, with the IMAP access and app password hints' '
	doctor_config "password_cmd = printf wrong" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "FAIL IMAP" && contains "$out" "IMAP access is enabled" && contains "$out" "app password"
'
test_expect_success 'port 143 is refused by the configuration, in its own words' '
	doctor_config "imap_port = 143" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "port 143 is not supported because it is not encrypted"
'
test_expect_success 'SMTP down while IMAP works: the words of ERR-01 and the other port (ERR-02)' '
	port=$(_testbed_free_port) && doctor_config "smtp_port = $port" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "ok   IMAP" && contains "$out" "FAIL SMTP" &&
	contains "$out" "the IMAP server is reachable but the SMTP connection failed" &&
	contains "$out" "try port 587"
'
test_expect_success 'without password_cmd and without a terminal: one sentence that says what to set' '
	doctor_config && sed -i "/^password_cmd/d" "$P/config" && doctor && [ "$rc" -eq 1 ] &&
	contains "$out" "there is no terminal to ask on; set password_cmd"
'
if command -v tmux >/dev/null 2>&1; then
	test_expect_success 'without password_cmd the password is asked on the terminal, not echoed' '
		S="t0107-$$" && tmux -L "$S" -f /dev/null new -d -s d -x 120 -y 10 \
			"$TETHER --profile $P doctor >$TEST_TMP/d.out 2>&1; echo rc=\$? >>$TEST_TMP/d.out; sleep 30" &&
		n=50 && while [ $n -gt 0 ] && ! tmux -L "$S" capture-pane -p -t d | grep -q "Password for test (alice)"; do
			sleep 0.1; n=$((n - 1)); done && [ $n -gt 0 ] &&
		tmux -L "$S" send-keys -t d secret Enter &&
		n=100 && while [ $n -gt 0 ] && ! grep -q "^rc=" "$TEST_TMP/d.out"; do sleep 0.1; n=$((n - 1)); done &&
		! tmux -L "$S" capture-pane -p -t d | grep -q secret &&
		tmux -L "$S" kill-server && grep -q "logged in as alice" "$TEST_TMP/d.out" && grep -q "^rc=0" "$TEST_TMP/d.out"
	'
fi
test_done
