# t0204-compose-tui.sh - the compose pane driven in tmux over a real Postfix and Dovecot: a reply from a thread with a template, a file and typed text arrives at bob's with its threading headers and the deal stays; a draft survives kill -9; empty smart fields are asked about; send later; Escape keeps, C-q discards; address completion; a golden screen (CMP-05/06/08/10/12/23/34, THR-02/03).
. "$top_srcdir/tests/integration/test-lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "not installed: tmux (scripts/install-deps --test)"
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip_all "not installed: python3"
fi
. "$top_srcdir/tests/integration/sync-lib.sh"

if ! (testbed_require postfix) 2>/dev/null; then
	skip_all "not installed: postfix (scripts/install-deps --test)"
fi
SOCK="tether-t0204-$$"
GOLD=$top_srcdir/tests/data/screens
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; testbed_cleanup; rm -rf "$TEST_TMP"' EXIT
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
tmux -L "$SOCK" -f /dev/null new -d -s keep "sleep 3600"

# alice's account, sending over SMTPS (as cfg() in t0111).
mkdir -p "$P"
printf '%s\n' "[account test]" "name = Alice Adler" "email = alice@$D" "username = alice" \
	"imap_host = localhost" "imap_port = $TESTBED_IMAP_PORT" "tls_ca_file = $TESTBED_CA" \
	"smtp_host = localhost" "smtp_port = $TESTBED_SMTPS_PORT" "smtp_security = tls" \
	"password_cmd = printf secret" "sync_since = all" >"$P/config"
chmod 600 "$P/config"

# --- the screen -------------------------------------------------------------------

screen() {
	tmux -L "$SOCK" capture-pane -p -t c
}
# shows TEXT [SECONDS]: waits (3 s unless told) for TEXT on the screen.
shows() {
	local n=$((${2:-3} * 10))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "the screen does not show: $1"
	screen | sed 's/^/  /'
	return 1
}
# hides TEXT: the screen does not show TEXT now.
hides() {
	screen | grep -qF -- "$1" || return 0
	echo "the screen shows: $1"
	screen | sed 's/^/  /'
	return 1
}
keys() {
	tmux -L "$SOCK" send-keys -t c "$@"
	sleep 0.2
}
# typed TEXT: TEXT typed as it is (UTF-8 too).
typed() {
	tmux -L "$SOCK" send-keys -t c -l "$1"
	sleep 0.3
}
# golden NAME: the screen now against tests/data/screens/NAME.txt.
golden() {
	sleep 0.4
	screen >"$TEST_TMP/$1.txt"
	if [ -n "${TETHER_UPDATE_SCREENS:-}" ]; then
		cp "$TEST_TMP/$1.txt" "$GOLD/$1.txt"
		return 0
	fi
	diff -u "$GOLD/$1.txt" "$TEST_TMP/$1.txt"
}

# --- the interface's processes ----------------------------------------------------

# tui_pid: tether's PID in the pane (env execs it), empty when none.
tui_pid() {
	tmux -L "$SOCK" display -p -t c '#{pane_pid}' 2>/dev/null
}
# gone PID...: waits up to 5 s until none of them runs (a zombie counts as gone).
gone() {
	local n=50 p alive
	while [ $n -gt 0 ]; do
		alive=
		for p in "$@"; do
			case $(ps -o stat= -p "$p" 2>/dev/null) in
			'' | Z*) ;;
			*) alive="$alive $p" ;;
			esac
		done
		[ -z "$alive" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "still running:$alive"
	return 1
}
# tui_stop: ends the interface (its pane) and waits for it and its sync child.
tui_stop() {
	local pid kids
	pid=$(tui_pid)
	[ -n "$pid" ] || return 0
	kids=$(ps -o pid= --ppid "$pid")
	tmux -L "$SOCK" kill-session -t c 2>/dev/null
	gone "$pid" $kids
}
# tui_quit: q, then Q ends the interface; waits for it and its sync child.
tui_quit() {
	local pid kids
	pid=$(tui_pid)
	[ -n "$pid" ] || { echo "no interface to quit"; return 1; }
	kids=$(ps -o pid= --ppid "$pid")
	keys q && keys Q && gone "$pid" $kids && [ -z "$(tui_pid)" ]
}
# tui [TZ]: a fresh interface at 140x35 whose sync child is in step with the server.
tui() {
	tui_stop &&
	tmux -L "$SOCK" -f /dev/null new -d -s c -x 140 -y 35 \
		"env LANG=C.UTF-8 TERM=xterm-256color TZ=${1:-UTC} TETHER_PROFILE=$P $TETHER" &&
	shows "[in step]" 10
}

# --- mail, the outbox and drafts --------------------------------------------------

# bob_has SUBJECT: bob's INBOX holds a message with that subject (up to 15 s:
# the sync child sends it, then Postfix delivers).
bob_has() {
	local i
	for i in $(seq 1 75); do
		testbed_doveadm search -u bob mailbox INBOX HEADER Subject "$1" 2>/dev/null | grep -q . && return 0
		sleep 0.2
	done
	echo "bob's INBOX has no \"$1\" after 15 s; the outbox:" >&2
	"$TETHER" --profile "$P" outbox list --all --json >&2
	return 1
}
# decoded: the message on stdin as a reader sees it: some headers, each
# file's name, then "Text:" and the decoded text/plain part.
decoded() {
	python3 -c '
import email, sys
from email import policy
m = email.message_from_binary_file(sys.stdin.buffer, policy=policy.default)
for h in ("Message-ID", "In-Reply-To", "References", "Subject", "To"):
    print("%s: %s" % (h, " ".join(str(m.get(h, "")).split())))
for part in m.walk():
    if part.get_filename():
        print("File: %s" % part.get_filename())
body = m.get_body(preferencelist=("plain",))
print("Text:")
sys.stdout.write(body.get_content() if body is not None else "")
'
}
# bob_copy SUBJECT: bob's copy of that message, decoded.
bob_copy() {
	testbed_doveadm fetch -u bob text mailbox INBOX HEADER Subject "$1" | sed 1d | decoded
}
# queued_copy SUBJECT: the bytes queued in the outbox under that subject, decoded.
queued_copy() {
	sql "$P" "SELECT raw FROM outbox WHERE subject = '$1' ORDER BY id DESC LIMIT 1" | decoded
}
# outbox SUBJECT KEY: that member of the newest outbox row with SUBJECT ("none": no row).
outbox() {
	"$TETHER" --profile "$P" outbox list --all --json </dev/null | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["outbox"] if r["subject"] == sys.argv[1]]
if not rows:
    print("none")
else:
    v = rows[-1].get(sys.argv[2], "?")
    print(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) or v is None else v)' "$1" "$2"
}
# line_of FILE TEXT: the number of the first line of FILE that is TEXT, or 0.
line_of() {
	local n
	n=$(grep -n -x -F -m1 -e "$2" "$1" | cut -d: -f1)
	echo "${n:-0}"
}
# drafts: how many drafts mail.db holds.
drafts() {
	sql "$P" "SELECT count(*) FROM drafts"
}

# --- the Done-when scenario: a reply with a template, a file and text ----------------

printf 'Price list 2026: pallets 100 EUR\n' >"$TEST_TMP/price-list.txt"
printf 'Pallet spec: 120 x 80 cm\n' >"$TEST_TMP/spec-sheet.txt"

test_expect_success 'bob asks alice about the spring order; her CRM has bob and the deal, a template and a signature; one sync links the thread' '
	{
		printf "From: Bob Berg <bob@%s>\nTo: Alice Adler <alice@%s>\n" "$D" "$D"
		printf "Subject: Spring order\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
		printf "Message-ID: <q1@t0204.example>\nMIME-Version: 1.0\n"
		printf "Content-Type: text/plain; charset=utf-8\n\nCan you quote 40 pallets?\n"
	} >"$MAIL/q1.eml" &&
	testbed_deliver alice "$MAIL/q1.eml" INBOX &&
	"$TETHER" --profile "$P" crm add person --name "Bob Berg" --emails "bob@$D" >/dev/null &&
	"$TETHER" --profile "$P" crm add deal --title "Spring order" --person "Bob Berg" \
		--value 4000 --currency EUR >/dev/null &&
	"$TETHER" --profile "$P" template add Quote --subject "Your quote" \
		--body "Hello {{person.first_name}}, the quote for {{deal.title}} is {{deal.value_formatted}}." \
		--attach "$TEST_TMP/price-list.txt" >/dev/null &&
	"$TETHER" --profile "$P" signature set main --default --body "Alice Adler, Adler Trading" >/dev/null &&
	synced "$P" &&
	"$TETHER" --profile "$P" list --threads --json | grep -q "\"title\": \"Spring order\""
'
TID=$("$TETHER" --profile "$P" list --threads --json | json_records | awk "$AWK_LIB"'val("subject") == "Spring order" { print $1 + 0; exit }')

test_expect_success 'Done when: r in the thread opens the reply to bob, with the deal, Re: and the default signature above the quote (CMP-08/10)' '
	tui && shows "Spring order" && keys Enter && shows "Can you quote 40 pallets?" &&
	keys r && shows "^X send  ^L later" &&
	shows "From: Alice Adler <alice@$D>   [Shared]   deal: Spring order" &&
	screen | grep -q "^To: *\"\{0,1\}Bob Berg\"\{0,1\} <bob@$D>" &&
	shows "Subject:  Re: Spring order" && shows "> Can you quote 40 pallets?" &&
	[ "$(screen | grep -n -x -m1 -e "-- *" | cut -d: -f1)" -lt "$(screen | grep -n -m1 "^> Can you quote" | cut -d: -f1)" ] &&
	[ "$(drafts)" -eq 1 ]
'
test_expect_success 'CMP-06: C-t, a filter and Enter apply the template: the text filled from bob and the deal, its file attached, the subject kept' '
	keys C-t && shows "Apply a template" && keys Q u o && shows "Filter: Quo" && keys Enter &&
	shows "template Quote applied" &&
	shows "Hello Bob, the quote for Spring order is 4000 EUR." &&
	shows "Files: price-list.txt (1 KB)" && shows "Subject:  Re: Spring order" && hides "{{"
'
test_expect_success 'the compose pane of the reply with the template applied (golden screen, 140x35)' '
	shows "[in step]" 5 && golden compose-reply-140x35
'
test_expect_success 'C-a attaches a file by its path (Tab completes it); typed text goes in at the cursor' '
	keys C-a && shows "Attach (Tab completes):" && typed "$TEST_TMP/spec-sh" && keys Tab &&
	shows "Attach (Tab completes): $TEST_TMP/spec-sheet.txt" && keys Enter &&
	shows "attached spec-sheet.txt" &&
	shows "Files: price-list.txt (1 KB), spec-sheet.txt (1 KB)" &&
	keys Enter && typed "Delivery takes two weeks." &&
	shows "Hello Bob, the quote for Spring order is 4000 EUR." && shows "Delivery takes two weeks."
'
test_expect_success 'Done when: C-x queues it (the draft goes) and the sync child sends it: bob has "Re: Spring order"' '
	keys C-x && shows "outbox message" && shows ": sending" && hides "^X send  ^L later" &&
	[ "$(drafts)" -eq 0 ] &&
	bob_has "Re: Spring order"
'
test_expect_success 'Done when: bob'"'"'s copy answers q1 (THR-02/03), holds the filled text, the typed line, both files, and the signature between the text and the quote (CMP-10)' '
	bob_copy "Re: Spring order" >"$TEST_TMP/bob1" &&
	grep -qx "In-Reply-To: <q1@t0204.example>" "$TEST_TMP/bob1" &&
	grep -qx "References: <q1@t0204.example>" "$TEST_TMP/bob1" &&
	grep -q "^Message-ID: <[^>]*@$D>\$" "$TEST_TMP/bob1" &&
	grep -qx "File: price-list.txt" "$TEST_TMP/bob1" && grep -qx "File: spec-sheet.txt" "$TEST_TMP/bob1" &&
	hello=$(line_of "$TEST_TMP/bob1" "Hello Bob, the quote for Spring order is 4000 EUR.") &&
	typed=$(line_of "$TEST_TMP/bob1" "Delivery takes two weeks.") &&
	sep=$(line_of "$TEST_TMP/bob1" "-- ") &&
	sig=$(line_of "$TEST_TMP/bob1" "Alice Adler, Adler Trading") &&
	quote=$(line_of "$TEST_TMP/bob1" "> Can you quote 40 pallets?") &&
	{ [ "$hello" -gt 0 ] && [ "$typed" -gt "$hello" ] && [ "$sep" -gt "$typed" ] &&
		[ "$sig" -eq $((sep + 1)) ] && [ "$quote" -gt "$sig" ] ||
		{ echo "lines: text $hello, typed $typed, -- $sep, signature $sig, quote $quote"; cat "$TEST_TMP/bob1"; false; }; }
'
test_expect_success 'Done when: after Q and tether sync the thread has both messages and still its deal' '
	tui_quit && synced "$P" &&
	"$TETHER" --profile "$P" thread "$TID" --json >"$TEST_TMP/thread.json" &&
	mid=$(sed -n "s/^Message-ID: <\(.*\)>\$/\1/p" "$TEST_TMP/bob1") &&
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
t, ids = j[\"thread\"], [m[\"message_id\"] for m in j[\"messages\"]]
print(t[\"message_count\"], (t[\"link\"] or {}).get(\"title\"), t[\"link_state\"], ids == [\"q1@t0204.example\", sys.argv[2]])
" "$TEST_TMP/thread.json" "$mid" >"$TEST_TMP/thread.sum" &&
	is "messages, deal, link state, the two messages" "$(cat "$TEST_TMP/thread.sum")" "2 Spring order linked True"
'

# --- nothing typed is lost ----------------------------------------------------------------

HEB="שורה שתיים עם עברית"
test_expect_success 'a new message: To, Cc (Tab, Down), a Hebrew subject and text are on screen; then kill -9' '
	tui && keys m && shows "^X send  ^L later" &&
	typed "carol@example.org" && keys Tab && typed "dan@example.net" && keys Down Down &&
	typed "Angebot שלום" && keys Tab && typed "Zeile eins" && keys Enter && typed "$HEB" &&
	keys Enter && typed "Ende." && shows "Ende." &&
	pid=$(tui_pid) && [ "$(ps -o comm= -p "$pid")" = tether ] &&
	kids=$(ps -o pid= --ppid "$pid") && kill -9 "$pid" && gone "$pid" $kids
'
test_expect_success 'the drafts table holds exactly what was typed, with the default signature (CMP-08)' '
	is "drafts" "$(drafts)" 1 &&
	is "to, cc, bcc, subject" "$(sql "$P" "SELECT to_addrs || char(124) || cc_addrs || char(124) || bcc_addrs || char(124) || subject FROM drafts")" \
		"carol@example.org|dan@example.net||Angebot שלום" &&
	is "text" "$(sql "$P" "SELECT body || char(124) FROM drafts")" \
		"$(printf "Zeile eins\n%s\nEnde.\n\n-- \nAlice Adler, Adler Trading\n|" "$HEB")"
'
test_expect_success 'tether again: D lists the draft, Enter goes on with it and its text shows' '
	tui && keys D && shows "Drafts (Enter goes on" && shows "carol@example.org" && keys Enter &&
	shows "^X send  ^L later" && shows "Zeile eins" && shows "$(printf "%s" "$HEB" | rev)" &&
	shows "Ende." && shows "Cc:       dan@example.net"
'
test_expect_success 'Escape leaves and keeps the draft ("draft N kept")' '
	n=$(sql "$P" "SELECT id FROM drafts") &&
	keys Escape && shows "draft $n kept" && hides "^X send  ^L later" && is "drafts" "$(drafts)" 1
'
test_expect_success 'C-q asks; n keeps the pane, y discards the draft for good' '
	keys D && shows "Drafts (Enter goes on" && keys Enter && shows "Zeile eins" &&
	keys C-q && shows "Discard this draft for good? (y/n)" && keys n Enter &&
	shows "^X send  ^L later" && is "drafts after n" "$(drafts)" 1 &&
	keys C-q && shows "Discard this draft for good? (y/n)" && keys y Enter &&
	shows "draft discarded" && hides "^X send  ^L later" &&
	is "drafts" "$(drafts)" 0 && is "draft files" "$(sql "$P" "SELECT count(*) FROM draft_files")" 0
'

# --- completion and empty smart fields -------------------------------------------------

"$TETHER" --profile "$P" template add Call --subject "Please call" \
	--body "Please call me back at {{person.phone}}." >/dev/null
test_expect_success 'typing "Bo" in To suggests Bob Berg from the CRM; Tab takes it' '
	tui && keys m && shows "^X send  ^L later" && typed "Bo" &&
	shows "Bob Berg <bob@$D>" && keys Tab &&
	shows "To:       Bob Berg <bob@$D>," && hides "* Bob Berg"
'
test_expect_success 'CMP-12: a field with no value (C-f) stays a field; C-x asks, n keeps the pane and queues nothing' '
	keys Tab Tab Tab && typed "Phone check" && keys Tab && typed "Call me at " &&
	keys C-f && shows "Insert a smart field" && typed "phone" && shows "{{person.phone}}  (no value here)" &&
	keys Enter && shows "it stays a field" && shows "Call me at {{person.phone}}" &&
	keys C-x && shows "Send with these fields empty? (y/n) {{person.phone}}" && keys n Enter &&
	shows "not sent" && shows "Subject:  Phone check" && is "outbox" "$(outbox "Phone check" state)" none
'
test_expect_success 'CMP-12: C-x and y queue it' '
	keys C-x && shows "Send with these fields empty? (y/n)" && keys y Enter && shows "outbox message" &&
	hides "^X send  ^L later" && [ "$(outbox "Phone check" state)" != none ]
'
test_expect_success 'CMP-12: the field confirmed empty leaves as an empty string, not as {{person.phone}}' '
	queued_copy "Phone check" >"$TEST_TMP/phone" &&
	{ grep -qx "Call me at *" "$TEST_TMP/phone" || { cat "$TEST_TMP/phone"; false; }; }
'
test_expect_success 'CMP-12: with two fields without a value the whole question shows, "(y/n)" included' '
	tui && keys m && typed "Bo" && keys Tab Tab Tab Tab && typed "Two fields" && keys Tab &&
	keys C-f && typed "person.phone" && keys Enter && shows "it stays a field" &&
	keys C-f && typed "locality" && keys Enter && shows "{{person.phone}}{{org.address.locality}}" &&
	keys C-x && shows "(y/n) {{person.phone}}, {{org.address.locality}}" &&
	shows "Send with these fields empty? (y/n)" 1
'
test_expect_success 'CMP-12: a template whose field has no value: C-x asks before anything is queued' '
	tui && keys m && typed "Bo" && shows "Bob Berg <bob@$D>" && keys Tab &&
	keys C-t && shows "Apply a template" && typed "Call" && keys Enter &&
	shows "smart field has no value here" && shows "Subject:  Please call" &&
	keys C-x && shows "Send with these fields empty? (y/n) {{person.phone}}" &&
	is "outbox" "$(outbox "Please call" state)" none
'

# --- an item view, no recipient, send later ---------------------------------------------

test_expect_success 'CMP-05: m in the deal'"'"'s view writes to its person, linked to it; C-t fills the deal'"'"'s fields; C-x queues it linked' '
	tui && keys C && shows "Persons" && keys Tab Tab && shows "Deals" && keys Enter &&
	shows "Deal 1: Spring order" && keys m && shows "^X send  ^L later" &&
	shows "deal: Spring order" && shows "To:       Bob Berg <bob@$D>" &&
	keys C-t && shows "Apply a template" && typed "Quote" && keys Enter &&
	shows "Subject:  Your quote" && shows "Hello Bob, the quote for Spring order is 4000 EUR." &&
	keys C-x && shows "outbox message" &&
	is "the outbox link" "$(outbox "Your quote" link)" "{\"id\": \"1\", \"kind\": \"deal\"}"
'
test_expect_success 'CMP-34: C-x with no recipient is refused; the pane stays and nothing is queued' '
	tui Asia/Tokyo && keys m && keys Tab Tab Tab && typed "Nobody" && keys Tab && typed "x" &&
	keys C-x && shows "no recipient" && shows "Subject:  Nobody" && is "outbox" "$(outbox Nobody state)" none &&
	keys C-q && shows "(y/n)" && keys y Enter && shows "draft discarded"
'
test_expect_success 'CMP-23: C-l, +2h: "will be sent at", queued about two hours ahead; Shift-Tab and Up reach Subject and Bcc' '
	keys m && typed "Bo" && keys Tab && keys Down Down Down && typed "Later on" && keys Tab &&
	typed "This waits." && keys BTab && typed " soon" && keys Up && typed "audit@example.org" &&
	shows "Bcc:      audit@example.org" && shows "Subject:  Later on soon" &&
	keys C-l && shows "Send at (" && typed "+2h" && t0=$(date +%s) && keys Enter &&
	shows "will be sent at" &&
	is "state" "$(outbox "Later on soon" state)" queued &&
	is "recipients" "$(outbox "Later on soon" recipients)" "[\"bob@$D\", \"audit@example.org\"]" &&
	at=$(date -d "$(outbox "Later on soon" send_at)" +%s) &&
	{ [ $((at - t0)) -ge 7190 ] && [ $((at - t0)) -le 7210 ] || { echo "send_at is $((at - t0)) s ahead"; false; }; } &&
	shows "will be sent at $(TZ=Asia/Tokyo date -d "@$at" "+%Y-%m-%d %H:%M")"
'
test_expect_success 'CMP-23: a date and time are read in the user'"'"'s zone (Asia/Tokyo) and not sent before' '
	day=$(TZ=Asia/Tokyo date -d tomorrow +%F) &&
	keys m && typed "Bo" && keys Tab Tab Tab Tab && typed "Tokyo morning" && keys Tab && typed "x" &&
	keys C-l && shows "Send at (" && typed "$day 09:30" && keys Enter &&
	shows "will be sent at $day 09:30" &&
	is "send_at" "$(date -d "$(outbox "Tokyo morning" send_at)" +%s)" "$(date -d "TZ=\"Asia/Tokyo\" $day 09:30" +%s)" &&
	run_tether --profile "$P" outbox flush &&
	is "state after a flush" "$(outbox "Tokyo morning" state)" queued
'
test_expect_success 'SNDR-05: C-n in the composer changes the sender name, in the From line and in the config' '
	keys m && shows "^X send" && keys C-n && shows "Your name as recipients see it" &&
	typed "Alice A. Adler" && keys Enter && shows "sender name saved" &&
	shows "From: Alice A. Adler <alice@$D>" && grep -qx "name = Alice A. Adler" "$P/config" &&
	keys C-q && shows "(y/n)" && keys y Enter && shows "draft discarded"
'
test_expect_success 'CMP-02: ^O saves the draft as a template, which ^T then offers' '
	keys m && shows "^X send" && keys Tab Tab Tab && typed "Saved subject" && keys Tab && typed "Saved text" &&
	keys C-o && shows "Save as template named" && typed "From the pane" && keys Enter &&
	shows "saved as template From the pane" &&
	"$TETHER" --profile "$P" template show "From the pane" </dev/null | grep -q "Saved text" &&
	keys C-t && shows "From the pane" && keys Escape &&
	keys C-q && shows "(y/n)" && keys y Enter && shows "draft discarded"
'
test_expect_success 'CMP-33: ^V makes a new message private and ^G picks its deal; after the sync its thread is both' '
	keys m && shows "^X send" && typed "Bo" && keys Tab && keys Tab Tab Tab && typed "Private offer" &&
	keys Tab && typed "Only for you." && keys C-v && shows "private: only you see the thread" &&
	shows "[Private]" && keys C-g && shows "The message belongs to" && typed "Spring" && keys Enter &&
	shows "deal: Spring order" && keys C-x && shows "outbox message" &&
	bob_has "Private offer" && tui_quit && synced "$P" &&
	"$TETHER" --profile "$P" list --threads --json </dev/null | python3 -c "
import json, sys
for t in json.load(sys.stdin)[\"threads\"]:
    if t[\"subject\"] == \"Private offer\":
        print(t[\"shared\"], (t[\"link\"] or {}).get(\"title\"))" >"$TEST_TMP/private.sum" &&
	is "shared and item" "$(cat "$TEST_TMP/private.sum")" "False Spring order"
'
test_done
