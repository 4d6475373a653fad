# t0302-block.sh - blocked addresses: block add/remove/list/apply/release, which imported mail is screened, and that screened mail links to nobody.
. "$top_srcdir/tests/integration/test-lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"

# Own addresses: me@example.com (work) and Me@Home.Example (home).
write_config "[general]
link_mode = auto

[account work]
email = me@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com

[account home]
email = Me@Home.Example
imap_host = imap.home.example
smtp_host = smtp.home.example"

# mail ID FROM TO [CC [REFS]]: writes message <ID@t> with subject ID to
# $TEST_TMP/ID.eml; REFS are the IDs it replies to, oldest first.
mail() {
	local r
	{
		printf 'From: %s\nTo: %s\n' "$2" "$3"
		[ -z "${4:-}" ] || printf 'Cc: %s\n' "$4"
		printf 'Subject: %s\nMessage-ID: <%s@t>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n' "$1" "$1"
		if [ -n "${5:-}" ]; then
			printf 'In-Reply-To: <%s@t>\nReferences:' "${5##* }"
			for r in $5; do printf ' <%s@t>' "$r"; done
			printf '\n'
		fi
		printf '\nabout %s\n' "$1"
	} >"$TEST_TMP/$1.eml"
}

# deliver ID FROM TO [CC [REFS]]: mail, then tether import (leaving $out).
deliver() {
	mail "$@" && run_tether import "$TEST_TMP/$1.eml" && [ "$rc" -eq 0 ]
}

# shown ID: "screened" when message <ID@t> is only in block list --screened;
# "shown" when it is in list, in a thread (list --threads) and found by
# search, and not screened; otherwise what was seen.
shown() {
	local s l t f
	s=$("$TETHER" block list --screened --json | jq --arg m "$1@t" '[.screened[] | select(.message_id == $m)] | length') &&
	l=$("$TETHER" list --json | jq --arg m "$1@t" '[.messages[] | select(.message_id == $m)] | length') &&
	t=$("$TETHER" list --threads --json | jq --arg m "$1" '[.threads[] | select(.subject == $m)] | length') &&
	f=$("$TETHER" search "subject:$1" --json | jq --arg m "$1@t" '[.messages[] | select(.message_id == $m)] | length') ||
		{ echo "(a listing failed)"; return 1; }
	case $s$l$t$f in
		1000) echo screened ;;
		0111) echo shown ;;
		*) echo "screened list $s, list $l, threads $t, search $f" ;;
	esac
}

# mid ID / tid ID: the id, or the thread, of message <ID@t> (screened ones too).
mid() {
	{ "$TETHER" list --json; "$TETHER" block list --screened --json; } |
		jq -r --arg m "$1@t" '(.messages // .screened)[] | select(.message_id == $m) | .id'
}
tid() {
	"$TETHER" list --json | jq -r --arg m "$1@t" '.messages[] | select(.message_id == $m) | .thread_id'
}

# view KIND ITEM: the subjects of an item's threads, sorted, space-separated.
view() {
	local j
	j=$("$TETHER" crm show "$1" "$2" --all --json) || { echo "(crm show $1 $2 failed)"; return 1; }
	printf '%s' "$j" | jq -r '[.threads[].subject] | sort | join(" ")'
}

# is GOT WANT: the strings are equal, or both are printed.
is() {
	[ "$1" = "$2" ] && return 0
	printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
	return 1
}

# --- patterns (BLOCK-01, BLOCK-05, BLOCK-06) ------------------------------------

while IFS='|' read -r pattern stored; do
	[ -n "$pattern" ] || continue
	test_expect_success "BLOCK-01/05/06: block add $pattern is taken and listed as $stored" '
		run_tether block add "$pattern" && [ "$rc" -eq 0 ] && contains "$out" "blocked $stored" &&
		"$TETHER" block list --json | jq -e --arg p "$stored" "[.blocked[] | select(.pattern == \$p and .account == null)] | length == 1" >/dev/null
	'
done <<'EOF'
solo@one.example|solo@one.example
@bad.example|@bad.example
SHOUT@Loud.Example|shout@loud.example
*@wild.example|*@wild.example
john*@ex*.example|john*@ex*.example
*@*.sub.example|*@*.sub.example
EOF
while IFS='|' read -r pattern text; do
	test_expect_success "BLOCK-01: block add \"$pattern\" is refused with exit 2 and one sentence" '
		run_tether block add "$pattern"; is "$rc" 2 && is "$out" "" &&
		is "$(printf "%s\n" "$err" | wc -l)" 1 && contains "$err" "tether: the blocked address" &&
		contains "$err" "$text"
	'
done <<'EOF'
|empty
nobody|no "@"
nobody.example.com|no "@"
a@b@c.example|more than one "@"
@|nothing after "@"
john@|nothing after "@"
*@|nothing after "@"
two words@example.com|space
EOF
test_expect_success 'BLOCK-01: the refused patterns were not stored' '
	is "$("$TETHER" block list --json | jq ".blocked | length")" 6
'
test_expect_success 'BLOCK-01: an entry that is there already is refused (exit 1), whatever its case' '
	run_tether block add Solo@ONE.example; is "$rc" 1 && contains "$err" "blocked already" &&
	is "$("$TETHER" block list --json | jq ".blocked | length")" 6
'
test_expect_success 'BLOCK-01/07: block list prints one line per entry with its scope' '
	run_tether block list && [ "$rc" -eq 0 ] && is "$(printf "%s\n" "$out" | wc -l)" 6 &&
	contains "$out" "@bad.example	(all accounts)"
'

# --- which new mail is screened (BLOCK-02, 03, 05, 06, 08) ----------------------------
# id | from | to | cc | result | description
while IFS='|' read -r id from to cc want desc; do
	[ -n "$id" ] || continue
	test_expect_success "$desc" '
		deliver "$id" "$from" "$to" "$cc" && is "$(shown "$id")" "$want"
	'
done <<'EOF'
s02a|x@bad.example|me@example.com||screened|BLOCK-02: a sender of a blocked domain writing only to me → screened
s02b|Solo <solo@one.example>|me@example.com||screened|BLOCK-02: a blocked address writing only to me → screened
s02c|x@bad.example|me@example.com, y@bad.example|solo@one.example|screened|BLOCK-02: every other To/Cc blocked too → screened
s02d|x@bad.example, solo@one.example|me@example.com||screened|BLOCK-02: two From addresses, both blocked → screened
s02e|x@bad.example|me@example.com|Me@HOME.example|screened|BLOCK-02/ambiguity 1: my other account's address in Cc (any case) does not keep it
s02f|x@bad.example, friend@good.example|me@example.com||shown|BLOCK-02: one of two From addresses not blocked → shown
s03a|x@bad.example|me@example.com|friend@good.example|shown|BLOCK-03: a blocked sender with a non-blocked Cc → shown
s03b|x@bad.example|friend@good.example||shown|BLOCK-03: a blocked sender with a non-blocked To → shown
s05a|X@BAD.Example|ME@EXAMPLE.COM||screened|BLOCK-05: case is ignored (domain entry)
s05b|Shout <shout@LOUD.example>|me@example.com||screened|BLOCK-05: case is ignored (an entry added in capitals)
s05c|x@sub.bad.example|me@example.com||shown|BLOCK-05: @bad.example does not match sub.bad.example
s05d|other@one.example|me@example.com||shown|BLOCK-01: an address entry blocks only that address, not its domain
s06a|anyone@wild.example|me@example.com||screened|BLOCK-06: *@wild.example matches any address there
s06b|johnny@exact.example|me@example.com||screened|BLOCK-06: john*@ex*.example matches johnny@exact.example
s06c|jane@exact.example|me@example.com||shown|BLOCK-06: john*@ex*.example does not match jane@exact.example
s06d|x@deep.sub.example|me@example.com||screened|BLOCK-06: *@*.sub.example matches a subdomain
s06e|x@sub.example|me@example.com||shown|BLOCK-06: *@*.sub.example does not match sub.example itself
s06f|anyone@wild.example.org|me@example.com||shown|BLOCK-06: a wildcard matches the whole address, not a prefix of it
s08a|me@example.com|x@bad.example||shown|BLOCK-08: mail from my own address is never screened
s08b|Me <ME@home.EXAMPLE>|solo@one.example||shown|BLOCK-08: mail from my other account's address (any case) is never screened
EOF
test_expect_success 'BLOCK-02: the import summary says how many messages were screened' '
	deliver s02g spam@bad.example me@example.com && contains "$out" "1 message screened"
'
test_expect_success 'BLOCK-02: block list --screened lists screened mail for people too' '
	run_tether block list --screened && [ "$rc" -eq 0 ] && contains "$out" "s02a" &&
	contains "$out" "block release"
'
test_expect_success 'BLOCK-02: a screened reply does not join its thread' '
	deliver s02h friend@good.example me@example.com && t=$(tid s02h) &&
	deliver s02i x@bad.example me@example.com "" s02h && is "$(shown s02i)" screened &&
	is "$("$TETHER" thread "$t" --json | jq ".messages | length")" 1
'

# --- existing mail (BLOCK-04) --------------------------------------------------

test_expect_success 'BLOCK-04: stored mail stays visible after its sender is blocked' '
	deliver s04a late@late.example me@example.com && deliver s04b late@late.example me@example.com friend@good.example &&
	"$TETHER" block add @late.example >/dev/null &&
	is "$(shown s04a)" shown && is "$(shown s04b)" shown
'
test_expect_success 'BLOCK-04: block apply screens it then (but not mail with a non-blocked Cc)' '
	run_tether block apply && [ "$rc" -eq 0 ] && contains "$out" "1 stored message screened" &&
	is "$(shown s04a)" screened && is "$(shown s04b)" shown
'
test_expect_success 'BLOCK-04: block apply again screens nothing more' '
	run_tether block apply && contains "$out" "0 stored messages screened"
'
test_expect_success 'BLOCK-04/08: block apply never screens mail from my own address' '
	is "$(shown s08a)" shown && is "$(shown s08b)" shown
'

# --- release and remove -----------------------------------------------------------

test_expect_success 'BLOCK-09 (block release): it puts a screened message back into its folder and a thread' '
	id=$(mid s02a) && [ -n "$id" ] &&
	run_tether block release "$id" && [ "$rc" -eq 0 ] && contains "$out" "message $id is back" &&
	is "$(shown s02a)" shown && [ -n "$(tid s02a)" ] && [ "$(tid s02a)" != 0 ]
'
test_expect_success 'BLOCK-09 (block release): it threads a screened reply with its parent' '
	run_tether block release "$(mid s02i)" && [ "$rc" -eq 0 ] &&
	is "$(tid s02i)" "$(tid s02h)" &&
	is "$("$TETHER" thread "$(tid s02h)" --json | jq ".messages | length")" 2
'
test_expect_success 'BLOCK-09 (block release): releasing a message that is not screened, or not there, fails with one sentence' '
	run_tether block release "$(mid s02a)"; is "$rc" 1 && contains "$err" "is not screened" &&
	run_tether block release 999999; is "$rc" 1 && contains "$err" "no message 999999" &&
	run_tether block release abc; is "$rc" 2
'
test_expect_success 'BLOCK-01 (block remove): mail from that sender is shown again' '
	run_tether block remove solo@one.example && [ "$rc" -eq 0 ] && contains "$out" "unblocked solo@one.example" &&
	deliver s10a solo@one.example me@example.com && is "$(shown s10a)" shown
'
test_expect_success 'BLOCK-01 (block remove): removing an entry that is not there fails with one sentence' '
	run_tether block remove solo@one.example; is "$rc" 1 && contains "$err" "not on the global blocklist" &&
	is "$(printf "%s\n" "$err" | wc -l)" 1
'
test_expect_success 'BLOCK-05 (block remove): it takes the same case-insensitive form as add' '
	run_tether block remove SHOUT@loud.EXAMPLE && [ "$rc" -eq 0 ] &&
	! "$TETHER" block list | grep -q shout
'

# --- known persons (BLOCK-09) --------------------------------------------------------

test_expect_success 'BLOCK-09: a screened message from a known person is in no view and links nothing' '
	"$TETHER" crm add person --name "Kim Known" --emails kim@known.example >/dev/null &&
	"$TETHER" crm add deal --title DK --person "Kim Known" >/dev/null &&
	deliver k1 kim@known.example me@example.com &&
	is "$("$TETHER" link "$(tid k1)" --json | jq -r .link.title)" DK &&
	"$TETHER" block add kim@known.example >/dev/null &&
	deliver k2 kim@known.example me@example.com "" k1 && deliver k3 kim@known.example me@example.com &&
	is "$(shown k2)" screened && is "$(shown k3)" screened &&
	is "$(view person "Kim Known")" k1 && is "$(view deal DK)" k1 &&
	is "$("$TETHER" crm show person "Kim Known" --json | jq .thread_count)" 1 &&
	is "$("$TETHER" thread "$(tid k1)" --json | jq ".messages | length")" 1
'
test_expect_success 'BLOCK-09: a screened message has no thread (so no person or item link)' '
	is "$("$TETHER" block list --screened --json | jq -r ".screened[] | select(.message_id == \"k3@t\") | .thread_id")" 0
'
test_expect_success 'BLOCK-09: released, the reply joins the linked thread and the new thread is linked like new mail' '
	"$TETHER" block release "$(mid k2)" >/dev/null && "$TETHER" block release "$(mid k3)" >/dev/null &&
	is "$(tid k2)" "$(tid k1)" &&
	is "$("$TETHER" link "$(tid k3)" --json | jq -r "\"\\(.link.kind):\\(.link.title) \\([.persons[].name] | join(\",\"))\"")" "deal:DK Kim Known" &&
	is "$(view deal DK)" "k1 k3"
'

# --- per-account entries (BLOCK-07) ----------------------------------------------------
# Imported mail belongs to the account "(local)", which has no [account]
# section, so only global entries screen it; an entry for one configured
# account must not. Screening by a per-account entry needs mail of that
# account, which comes only from sync: that is tested at the end against
# the Dovecot test bed when it is installed.

test_expect_success 'BLOCK-07: block add --account records the entry for that account only' '
	run_tether block add @acct.example --account work && [ "$rc" -eq 0 ] && contains "$out" "for work" &&
	"$TETHER" block list --json | jq -e "[.blocked[] | select(.pattern == \"@acct.example\" and .account == \"work\")] | length == 1" >/dev/null &&
	run_tether block list && contains "$out" "@acct.example	work"
'
test_expect_success 'BLOCK-07: block list --account shows the union of the global list and the account'"'"'s' '
	"$TETHER" block add @homeonly.example --account home >/dev/null &&
	run_tether block list --account work --json &&
	is "$(printf "%s" "$out" | jq -r "[.blocked[].pattern] | sort | join(\",\")")" \
		"$("$TETHER" block list --json | jq -r "[.blocked[] | select(.account == null or .account == \"work\") | .pattern] | sort | join(\",\")")" &&
	! contains "$out" "homeonly" 2>/dev/null && contains "$out" "@bad.example"
'
test_expect_success 'BLOCK-07: the same pattern may be global and per account; remove --account takes the right one' '
	"$TETHER" block add @both.example >/dev/null && "$TETHER" block add @both.example --account home >/dev/null &&
	is "$("$TETHER" block list --json | jq "[.blocked[] | select(.pattern == \"@both.example\")] | length")" 2 &&
	"$TETHER" block remove @both.example --account home >/dev/null &&
	is "$("$TETHER" block list --json | jq -r "[.blocked[] | select(.pattern == \"@both.example\") | .account] | map(tostring) | join(\",\")")" null
'
test_expect_success 'BLOCK-07: an entry for a configured account does not screen imported (local) mail' '
	deliver s07a x@acct.example me@example.com && is "$(shown s07a)" shown &&
	"$TETHER" block apply >/dev/null && is "$(shown s07a)" shown
'
test_expect_success 'BLOCK-07: an account that is not configured is refused with exit 2' '
	run_tether block add @x.example --account nosuch; is "$rc" 2 && contains "$err" "no [account nosuch]" &&
	run_tether block apply --account nosuch; is "$rc" 2
'

# BLOCK-07 with synced mail: an account's own entry and the global list both
# screen its mail at sync; another account's entry does not.
if [ -f "$top_srcdir/tests/servers/testbed.sh" ]; then
	. "$top_srcdir/tests/servers/testbed.sh"
	trap 'testbed_cleanup; rm -rf "$TEST_TMP"' EXIT
	testbed_dovecot_start "$TEST_TMP/bed" 2>"$TEST_TMP/bed.err"
	bed=$?
else
	echo "no tests/servers/testbed.sh" >"$TEST_TMP/bed.err"
	bed=77
fi
if [ "$bed" -eq 0 ]; then
	write_config "[general]
link_mode = auto

[account work]
email = me@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com

[account home]
email = Me@Home.Example
imap_host = imap.home.example
smtp_host = smtp.home.example

[account test]
email = alice@example.test
username = alice
imap_host = localhost
imap_port = $TESTBED_IMAP_PORT
tls_ca_file = $TESTBED_CA
smtp_host = localhost
smtp_port = 465
password_cmd = printf secret
sync_since = all"
	test_expect_success 'BLOCK-07: at sync, the account'"'"'s entry and the global list screen; another account'"'"'s does not' '
		"$TETHER" block add @alice-only.example --account test >/dev/null &&
		mail y01 x@alice-only.example alice@example.test && mail y02 x@bad.example alice@example.test &&
		mail y03 x@acct.example alice@example.test && mail y04 x@fine.example alice@example.test &&
		for m in y01 y02 y03 y04; do testbed_deliver alice "$TEST_TMP/$m.eml" INBOX || exit 1; done &&
		run_tether sync test && is "$rc" 0 &&
		is "$(shown y01)" screened && is "$(shown y02)" screened && is "$(shown y03)" shown && is "$(shown y04)" shown
	'
	test_expect_success 'BLOCK-07: block list --screened --account names that account'"'"'s screened mail' '
		run_tether block list --screened --account test --json &&
		is "$(printf "%s" "$out" | jq -r "[.screened[].message_id] | sort | join(\",\")")" "y01@t,y02@t"
	'
	test_expect_success 'BLOCK-04/07: block apply --account screens that account'"'"'s stored mail by its own entry' '
		"$TETHER" block add x@fine.example --account test >/dev/null &&
		run_tether block apply --account work && contains "$out" "0 stored messages screened" && is "$(shown y04)" shown &&
		run_tether block apply --account test && contains "$out" "1 stored message screened" && is "$(shown y04)" screened
	'
elif [ "$bed" -eq 77 ]; then
	test_skip 'BLOCK-07: per-account entries screen synced mail' "$(head -1 "$TEST_TMP/bed.err")"
else
	cat "$TEST_TMP/bed.err" >&2
	test_expect_success 'the Dovecot test bed starts (for BLOCK-07 with synced mail)' 'false'
fi
test_done
