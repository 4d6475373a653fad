# t0101-net.sh - TLS connections: refused and silent ports here; trust, pinning and name checks against a real Dovecot.
. "$top_srcdir/tests/integration/test-lib.sh"
probe="$top_builddir/tests/net/net-probe"

test_expect_success 'a port nobody listens on is "refused", with the port named' '
	out=$("$probe" --closed); [ $? -eq 1 ] && contains "$out" "refused the connection on port"
'
test_expect_success 'a port that accepts but never speaks TLS times out with a hint' '
	out=$("$probe" --silent --timeout 500); [ $? -eq 1 ] &&
	contains "$out" "did not complete a TLS handshake in time"
'
test_expect_success 'a name that does not resolve says so' '
	out=$("$probe" no-such-host.invalid 993 --timeout 2000); [ $? -eq 1 ] &&
	contains "$out" "cannot find the server no-such-host.invalid"
'

if [ -f "$top_srcdir/tests/servers/testbed.sh" ]; then
	. "$top_srcdir/tests/servers/testbed.sh"
	trap 'testbed_cleanup; rm -rf "$TEST_TMP"' EXIT
	testbed_dovecot_start "$TEST_TMP/dovecot"
	bed=$?
else
	bed=77
fi
# A missing server skips; a bed that is there but fails to start is a failure.
if [ "$bed" -ne 0 ] && [ "$bed" -ne 77 ]; then
	test_expect_success 'the Dovecot test bed starts' 'false'
	test_done
fi
if [ "$bed" -eq 77 ]; then
	for t in 'a trusted CA and the right name connect' 'an untrusted certificate is refused with its fingerprint' \
	    'pinning that fingerprint accepts it' 'a wrong pin is refused' 'a certificate for another name is refused'; do
		test_skip "$t" "no Dovecot test bed here (tests/servers/testbed.sh)"
	done
	test_done
fi

test_expect_success 'a trusted CA and the right name connect and read the greeting' '
	out=$("$probe" localhost "$TESTBED_IMAP_PORT" --ca "$TESTBED_CA") &&
	contains "$out" "connected sha256:" && contains "$out" "greeting * OK"
'
test_expect_success 'an untrusted certificate is refused with its fingerprint to pin' '
	out=$("$probe" localhost "$TESTBED_IMAP_PORT"); [ $? -eq 1 ] &&
	contains "$out" "is not trusted" && contains "$out" "tls_fingerprint = sha256:"
'
test_expect_success 'pinning that fingerprint accepts it' '
	fp=$("$probe" localhost "$TESTBED_IMAP_PORT" | sed -n "s/.*tls_fingerprint = \(sha256:[0-9a-f]*\).*/\1/p") &&
	[ -n "$fp" ] && out=$("$probe" localhost "$TESTBED_IMAP_PORT" --pin "$fp") &&
	contains "$out" "connected $fp"
'
test_expect_success 'a wrong pin is refused' '
	out=$("$probe" localhost "$TESTBED_IMAP_PORT" --pin sha256:0000000000000000000000000000000000000000000000000000000000000000); [ $? -eq 1 ]
'
test_expect_success 'a certificate for another name is refused, naming both' '
	testbed_dovecot_stop && testbed_dovecot_start "$TEST_TMP/dovecot2" --cert wrong &&
	out=$("$probe" localhost "$TESTBED_IMAP_PORT" --ca "$TESTBED_CA"); [ $? -eq 1 ] &&
	contains "$out" "is for wrong.example, not for localhost"
'
test_done
