# t0002-config.sh - tether config check/show/providers on real files: refusals, presets, warnings, JSON.
. "$top_srcdir/tests/integration/test-lib.sh"

test_expect_success 'config check without a file fails and says where it looked' '
	run_tether config check; [ "$rc" -eq 1 ] && contains "$err" "no configuration file at $PROFILE/config"
'
test_expect_success 'a Gmail account from its preset passes config check' '
	write_config "[account work]
provider = gmail
email = ann@example.com
password_cmd = cat $PROFILE/mail.pw" &&
	run_tether config check && [ "$rc" -eq 0 ] && contains "$out" "account work: ok" &&
	contains "$out" "0 errors, 0 warnings"
'
test_expect_success 'CONN-04: imap_port = 143 fails, naming port 143 and the reason' '
	write_config "[account work]
provider = gmail
email = ann@example.com
imap_port = 143" &&
	run_tether config check; [ "$rc" -ne 0 ] && contains "$err" "port 143" &&
	contains "$err" "not encrypted" && contains "$err" "config:4:"
'
test_expect_success 'CONN-01: a POP3 server fails, naming POP3' '
	write_config "[account home]
email = me@example.net
imap_host = pop.example.net
smtp_host = smtp.example.net" &&
	run_tether config check; [ "$rc" -ne 0 ] && contains "$err" "POP3 is not supported"
'
test_expect_success 'CONN-01: the POP3S port 995 fails, naming POP3' '
	write_config "[account home]
email = me@example.net
imap_host = mail.example.net
imap_port = 995
smtp_host = mail.example.net" &&
	run_tether config check; [ "$rc" -ne 0 ] && contains "$err" "POP3"
'
test_expect_success 'CONN-09: 465 with starttls is a mismatch' '
	write_config "[account a]
email = me@example.net
imap_host = mail.example.net
smtp_host = mail.example.net
smtp_port = 465
smtp_security = starttls" &&
	run_tether config check; [ "$rc" -ne 0 ] && contains "$err" "port 465 needs smtp_security = tls"
'
test_expect_success 'one bad account does not hide a good one' '
	write_config "[account good]
provider = fastmail-typo
email = a@example.org
[account fine]
provider = icloud
email = b@icloud.com" &&
	run_tether config check; [ "$rc" -eq 1 ] && contains "$out" "account good: has errors" &&
	contains "$out" "account fine: ok" && contains "$err" "known providers are"
'
test_expect_success 'CONN-11: a key in the file overrides the preset; show says where each value comes from' '
	write_config "[account w]
provider = microsoft365
email = ann@corp.example
smtp_host = smtp.corp.example" &&
	run_tether config show && [ "$rc" -eq 0 ] &&
	contains "$out" "smtp_host = smtp.corp.example" &&
	printf "%s\n" "$out" | grep -E "^imap_host = outlook.office365.com +# provider microsoft365$" >/dev/null &&
	printf "%s\n" "$out" | grep -E "^smtp_port = 587 +# provider microsoft365$" >/dev/null
'
test_expect_success 'config show --json carries values, origins and diagnostics' '
	write_config "[account w]
provider = gmail
email = ann@example.com
imap_port = 143" &&
	run_tether config show --json; [ "$rc" -eq 1 ] &&
	contains "$out" "\"imap_host\": {\"value\": \"imap.gmail.com\", \"origin\": \"provider\"}" &&
	contains "$out" "\"level\": \"error\", \"line\": 4, \"account\": \"w\", \"key\": \"imap_port\""
'
test_expect_success 'a world-readable config holding a secret gets a warning' '
	write_config "[account w]
provider = gmail
email = ann@example.com
password_cmd = echo hunter2" && chmod 644 "$PROFILE/config" &&
	run_tether config check && [ "$rc" -eq 0 ] && contains "$err" "warning:" &&
	contains "$err" "readable by other users" && contains "$err" "chmod 600"
'
test_expect_success 'plain-text passwords are refused with the way to do it instead' '
	write_config "[account w]
provider = gmail
email = ann@example.com
password = hunter2" &&
	run_tether config check; [ "$rc" -eq 1 ] && contains "$err" "password_cmd"
'
test_expect_success 'config providers lists every preset of behaviours.md §4' '
	run_tether config providers && [ "$rc" -eq 0 ] &&
	for id in gmail outlook microsoft365 icloud aol yahoo verizon att ovh ionos-com ionos-de strato rackspace godaddy; do
		printf "%s\n" "$out" | grep -q "^$id " || { echo "missing $id"; exit 1; }
	done
'
test_expect_success 'an unknown config subcommand exits 2' '
	run_tether config frob; [ "$rc" -eq 2 ] && contains "$err" "use show, check, providers or set"
'
test_expect_success 'SNDR-01/02/05: config set changes one key in place: comments, other accounts and the mode stay' '
	write_config "# my mail
[account work]
email = ann@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com
password_cmd = printf x
name = Ann

# the other one
[account home]
email = a@home.example
provider = gmail" &&
	run_tether config set work name "Ann Lee" && [ "$rc" -eq 0 ] && contains "$out" "sent from now on" &&
	grep -qx "name = Ann Lee" "$PROFILE/config" && ! grep -qx "name = Ann" "$PROFILE/config" &&
	grep -qx "# my mail" "$PROFILE/config" && grep -qx "# the other one" "$PROFILE/config" &&
	[ "$(stat -c %a "$PROFILE/config")" = 600 ] &&
	run_tether config set home name "Ann at home" && [ "$rc" -eq 0 ] &&
	awk "/^\[account home\]/ { h = 1 } h && /^name = Ann at home\$/ { f = 1 } END { exit !f }" "$PROFILE/config" &&
	run_tether config show && contains "$out" "Ann at home"
'
test_expect_success 'config set refuses a value the checks refuse, an unknown key or account, and changes nothing' '
	cp "$PROFILE/config" "$TEST_TMP/before" &&
	run_tether config set work smtp_port 143 && [ "$rc" -eq 1 ] && contains "$err" "not SMTP" &&
	run_tether config set work colour blue && [ "$rc" -eq 1 ] && contains "$err" "no key \"colour\"" &&
	run_tether config set nowhere name x && [ "$rc" -eq 1 ] && contains "$err" "no [account nowhere]" &&
	cmp "$TEST_TMP/before" "$PROFILE/config"
'
test_expect_success 'a directory where the config file should be is a clear error' '
	rm -f "$PROFILE/config" && mkdir "$PROFILE/config" &&
	run_tether config check; [ "$rc" -eq 1 ] && contains "$err" "$PROFILE/config"
'
test_done
