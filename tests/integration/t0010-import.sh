# t0010-import.sh - import (mbox, Maildir, .eml), then list, show, thread, search, attachments, save-attachment, in text and JSON.
. "$top_srcdir/tests/integration/test-lib.sh"
data="$top_srcdir/tests/data"

# The id of the message with this Message-Id, from list --json.
msg_id() {
	"$TETHER" list --json | tr '{' '\n' | grep "\"message_id\": \"$1\"" |
		sed 's/.*"id": \([0-9]*\),.*/\1/' | head -1
}

test_expect_success 'importing an mbox reports what it added' '
	run_tether import "$data/sample.mbox" && [ "$rc" -eq 0 ] &&
	contains "$out" "imported 5 messages into Local" && contains "$out" "5 new"
'
test_expect_success 'the databases are created private (0600)' '
	[ "$(file_mode "$PROFILE/mail.db")" = 600 ] && [ "$(file_mode "$PROFILE/crm.db")" = 600 ]
'
test_expect_success 're-importing the same mbox adds nothing' '
	run_tether import "$data/sample.mbox" && contains "$out" "0 new, 5 already there"
'
test_expect_success 'list --json gives every message, newest first, with the documented fields' '
	run_tether list --json && [ "$rc" -eq 0 ] &&
	[ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 5 ] &&
	first=$(printf "%s" "$out" | grep -o "\"message_id\": \"[^\"]*\"" | head -1) &&
	[ "$first" = "\"message_id\": \"inv117@shop.example\"" ] &&
	for f in id message_id thread_id folder subject from to cc date flags size snippet has_attachments; do
		contains "$out" "\"$f\": " || exit 1
	done
'
test_expect_success 'addresses keep the local part and lower-case the domain' '
	run_tether show "$(msg_id q1@example.com)" --json &&
	contains "$out" "\"email\": \"ann@example.com\"" && contains "$out" "\"name\": \"Ann Lee\""
'
test_expect_success 'RFC 2047 Hebrew subjects and names are decoded' '
	run_tether show "$(msg_id h1@example.org)" &&
	contains "$out" "Subject: הצעת מחיר להזמנת האביב" && contains "$out" "From: דוד כהן <david@example.org>"
'
test_expect_success 'dates are UTC: +0200 becomes 06:15Z' '
	run_tether show "$(msg_id h1@example.org)" --json &&
	contains "$out" "\"date\": \"2026-03-03T06:15:00Z\""
'
test_expect_success 'mbox >From quoting is undone (mboxrd)' '
	run_tether show "$(msg_id q1@example.com)" && contains "$out" "
From what we discussed" &&
	run_tether show "$(msg_id q2@tether-test.example)" && contains "$out" "
>From the warehouse side"
'
test_expect_success 'show --raw through a pipe gives the stored bytes' '
	"$TETHER" show "$(msg_id q3@example.com)" --raw >"$TEST_TMP/raw" &&
	head -1 "$TEST_TMP/raw" | grep -q "^From: Ann Lee <ann@example.com>" &&
	grep -q "^Great, I have copied Bob" "$TEST_TMP/raw"
'
test_expect_success 'an HTML-only message is shown as text with its link numbered' '
	run_tether show "$(msg_id inv117@shop.example)" &&
	contains "$out" "Invoice 2026-117 is ready." && contains "$out" "https://shop.example/i/117" &&
	! contains "$out" "<p>" 2>/dev/null
'
test_expect_success 'list --threads groups the reply chain into one thread' '
	run_tether list --threads --json && [ "$rc" -eq 0 ] &&
	[ "$(printf "%s" "$out" | grep -o "\"message_count\": [0-9]*" | sort | tr "\n" " ")" = "\"message_count\": 1 \"message_count\": 1 \"message_count\": 3 " ] &&
	for f in id subject message_count unread_count last_date participants link shared; do
		contains "$out" "\"$f\": " || exit 1
	done && contains "$out" "\"link\": null"
'
test_expect_success 'thread ID lists its messages oldest first' '
	tid=$("$TETHER" show "$(msg_id q3@example.com)" --json | sed "s/.*\"thread_id\": \([0-9]*\),.*/\1/") &&
	run_tether thread "$tid" && [ "$rc" -eq 0 ] && contains "$out" "(3 messages)" &&
	a=$(printf "%s\n" "$out" | grep -n "Subject: Quote for" | cut -d: -f1) &&
	b=$(printf "%s\n" "$out" | grep -n "copied Bob" | cut -d: -f1) && [ "$a" -lt "$b" ]
'
test_expect_success 'list --limit and --offset page' '
	run_tether list --limit 2 --offset 1 --json &&
	[ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 2 ] &&
	! contains "$out" "inv117@shop.example" 2>/dev/null
'
test_expect_success 'search finds words, keys and Hebrew' '
	run_tether search quote --json && [ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 3 ] &&
	run_tether search from:bob@example.net; [ -z "$out" ] &&
	run_tether search to:bob --json && contains "$out" "q3@example.com" &&
	run_tether search subject:invoice --json && contains "$out" "inv117@shop.example" &&
	run_tether search has:attachment --json && contains "$out" "h1@example.org" &&
	run_tether search הצעת --json && contains "$out" "h1@example.org" &&
	run_tether search after:2026-03-04 --json && [ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 2 ] &&
	run_tether search before:2026-03-03 quote --json && [ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 2 ]
'
test_expect_success 'a search key that does not exist is refused with the list of keys' '
	run_tether search colour:red; [ "$rc" -eq 1 ] && contains "$err" "unknown search key \"colour:\""
'
test_expect_success 'a bad date in before: says what it wants' '
	run_tether search before:March; [ "$rc" -eq 1 ] && contains "$err" "2026-03-01"
'
test_expect_success 'attachments lists the PDF with its number' '
	run_tether attachments "$(msg_id h1@example.org)" && contains "$out" "application/pdf" &&
	contains "$out" "price quote.pdf"
'
test_expect_success 'save-attachment writes the decoded bytes under a safe name, never over a file' '
	id=$(msg_id h1@example.org) && mkdir "$TEST_TMP/dl" &&
	run_tether save-attachment "$id" 1 "$TEST_TMP/dl" && [ "$rc" -eq 0 ] &&
	[ -f "$TEST_TMP/dl/price quote.pdf" ] && head -c 8 "$TEST_TMP/dl/price quote.pdf" | grep -q "%PDF-1.4" &&
	run_tether save-attachment "$id" 1 "$TEST_TMP/dl" && [ -f "$TEST_TMP/dl/price quote (2).pdf" ] &&
	[ "$(ls "$TEST_TMP/dl" | wc -l)" -eq 2 ] && [ ! -e "$TEST_TMP/price quote.pdf" ]
'
test_expect_success 'save-attachment with a number past the last says how many there are' '
	run_tether save-attachment "$(msg_id h1@example.org)" 7 "$TEST_TMP"; [ "$rc" -eq 1 ] &&
	contains "$err" "has no attachment 7: it has 1"
'
test_expect_success 'a Maildir imports with flags from the file names' '
	md="$TEST_TMP/Maildir" && mkdir -p "$md/cur" "$md/new" "$md/tmp" &&
	printf "From: a@x.example\nSubject: seen one\nMessage-ID: <md1@x>\nDate: Fri, 06 Mar 2026 10:00:00 +0000\n\nbody\n" >"$md/cur/1.1.host:2,S" &&
	printf "From: a@x.example\nSubject: flagged one\nMessage-ID: <md2@x>\nDate: Fri, 06 Mar 2026 11:00:00 +0000\n\nbody\n" >"$md/cur/2.1.host:2,FS" &&
	printf "From: a@x.example\nSubject: new one\nMessage-ID: <md3@x>\nDate: Fri, 06 Mar 2026 12:00:00 +0000\n\nbody\n" >"$md/new/3.1.host" &&
	run_tether import --folder Archive "$md" && contains "$out" "3 new" &&
	run_tether search is:unread folder:Archive --json && contains "$out" "md3@x" && ! contains "$out" "md1@x" 2>/dev/null &&
	run_tether search is:flagged --json && contains "$out" "md2@x" &&
	run_tether list --folder Archive --json && [ "$(printf "%s" "$out" | grep -o "\"message_id\":" | wc -l)" -eq 3 ]
'
test_expect_success 'mbox Status and X-Status headers (mutt) give the flags' '
	printf "From a@x Fri Mar  6 10:00:00 2026\nFrom: a@x.example\nSubject: st1\nMessage-ID: <st1@x>\nStatus: RO\nX-Status: F\n\nbody\n\nFrom a@x Fri Mar  6 11:00:00 2026\nFrom: a@x.example\nSubject: st2\nMessage-ID: <st2@x>\nStatus: O\n\nbody\n" >"$TEST_TMP/status.mbox" &&
	run_tether import --folder Status "$TEST_TMP/status.mbox" && contains "$out" "2 new" &&
	run_tether search is:flagged folder:Status --json && contains "$out" "st1@x" && ! contains "$out" "st2@x" 2>/dev/null &&
	run_tether search is:unread folder:Status --json && contains "$out" "st2@x" && ! contains "$out" "st1@x" 2>/dev/null
'
test_expect_success 'the same message imported into another folder is linked, not copied' '
	run_tether import --folder Other "$data/sample.mbox" && contains "$out" "0 new" && contains "$out" "5 added to this folder"
'
test_expect_success 'a single .eml file imports' '
	printf "From: c@x.example\nSubject: single file\nMessage-ID: <eml1@x>\n\nhello\n" >"$TEST_TMP/one.eml" &&
	run_tether import "$TEST_TMP/one.eml" && contains "$out" "1 new" &&
	run_tether search single --json && contains "$out" "eml1@x"
'
test_expect_success 'a message without Date gets the import time, flagged as estimated' '
	run_tether show "$(msg_id eml1@x)" --json && contains "$out" "\"date_estimated\": true"
'
test_expect_success 'bytes that are not a message are kept raw with the reason, and the run goes on' '
	printf "\001\002 not mail at all\n\n\377\376" >"$TEST_TMP/junk.eml" &&
	run_tether import "$TEST_TMP/junk.eml" "$TEST_TMP/one.eml" && [ "$rc" -eq 0 ] &&
	contains "$out" "1 kept raw (unreadable)" && contains "$out" "1 already there" &&
	id=$("$TETHER" list --json | tr "{" "\n" | grep "\"message_id\": \"unparsed\." | sed "s/.*\"id\": \([0-9]*\),.*/\1/" | head -1) &&
	[ -n "$id" ] && run_tether show "$id" && contains "$out" "could not read this message" &&
	"$TETHER" show "$id" --raw | cmp - "$TEST_TMP/junk.eml"
'
test_expect_success 'a directory that is not a Maildir is refused with a reason' '
	mkdir -p "$TEST_TMP/plain" && run_tether import "$TEST_TMP/plain"; [ "$rc" -eq 1 ] &&
	contains "$err" "not a Maildir"
'
test_expect_success 'a missing file is refused with a reason' '
	run_tether import "$TEST_TMP/nope.mbox"; [ "$rc" -eq 1 ] && contains "$err" "nope.mbox"
'
test_expect_success 'an unknown folder is refused with a reason' '
	run_tether list --folder Nowhere; [ "$rc" -eq 1 ] && contains "$err" "no folder \"Nowhere\""
'
test_expect_success 'show of a missing id fails cleanly' '
	run_tether show 999999; [ "$rc" -eq 1 ] && contains "$err" "no message 999999"
'
test_expect_success 'text output never carries escape sequences from mail' '
	printf "From: evil@x.example\nSubject: \033]0;pwned\007 title\nMessage-ID: <esc@x>\n\n\033[2J body\n" >"$TEST_TMP/esc.eml" &&
	run_tether import "$TEST_TMP/esc.eml" && run_tether show "$(msg_id esc@x)" &&
	! printf "%s" "$out" | grep -q "$(printf "\033")" && run_tether list &&
	! printf "%s" "$out" | grep -q "$(printf "\033")"
'
corpus=/usr/lib/python3.11/test/test_email/data
if [ -d "$corpus" ]; then
	test_expect_success "every CPython email test message imports ($(ls "$corpus"/msg_*.txt | wc -l) files)" '
		run_tether import --folder CPython "$corpus"/msg_*.txt && [ "$rc" -eq 0 ] &&
		contains "$out" "imported $(ls "$corpus"/msg_*.txt | wc -l) messages into CPython"
	'
	test_expect_success 'and every one of them can be shown and listed as JSON' '
		for id in $("$TETHER" list --folder CPython --json | grep -o "\"id\": [0-9]*, \"message_id\"" | grep -o "[0-9]*"); do
			"$TETHER" show "$id" >/dev/null && "$TETHER" show "$id" --json >/dev/null || { echo "show $id failed"; exit 1; }
		done
	'
else
	test_skip 'the CPython email corpus imports' 'install libpython3.11-testsuite'
fi
test_done
