# t0203-crm-tui.sh - the CRM in the interface, driven in tmux: the panel beside a thread, the item picker (filter, link), unlink, a person from a participant, a deal from a thread, the item view, the CRM lists; golden screens of the panel and the picker.
. "$top_srcdir/tests/integration/test-lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "not installed: tmux (scripts/install-deps --test)"
fi
SOCK="tether-t0203-$$"
GOLD=$top_srcdir/tests/data/screens
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
tmux -L "$SOCK" -f /dev/null new -d -s keep "sleep 3600"

# The CRM before the mail: Ann has two open deals, so her thread asks
# which one (LINK-09); Bob is nobody yet.
write_config '[general]
link_mode = auto
[account work]
email = dana@tether-test.example
imap_host = imap.tether-test.example'
run_tether crm add org --name "Lee Trading"
run_tether crm add person --name "Ann Lee" --email ann@example.com --org "Lee Trading"
run_tether crm add deal --title "Spring order" --value 12000 --currency EUR --person "Ann Lee"
run_tether crm add deal --title "Summer order" --person "Ann Lee"
run_tether import --folder Inbox "$top_srcdir/tests/data/sample.mbox"

screen() {
	tmux -L "$SOCK" capture-pane -p -t c
}
# shows TEXT: waits up to 3 s for TEXT on the screen.
shows() {
	local n=30
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "the screen does not show: $1"
	screen | sed 's/^/  /'
	return 1
}
keys() {
	tmux -L "$SOCK" send-keys -t c "$@"
	sleep 0.2
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
thread_json() {
	"$TETHER" list --threads --json </dev/null | python3 -c '
import json, sys
for t in json.load(sys.stdin)["threads"]:
    if t["subject"] == sys.argv[1]:
        print(t["link_state"], (t["link"] or {}).get("title", "-"), len(t["persons"]))' "$1"
}

test_expect_success 'a wide terminal shows the CRM panel: persons, organization, the candidates (LINK-09)' '
	tmux -L "$SOCK" -f /dev/null new -d -s c -x 170 -y 30 \
		"env LANG=C.UTF-8 TERM=screen-256color TZ=UTC TETHER_NOW=1780272000 TETHER_PROFILE=$PROFILE $TETHER" &&
	shows "Quote for the spring order" && keys j &&
	shows "Choose an item (l)" && shows "Lee Trading" && shows "Summer order" &&
	golden crm-panel-170x30
'
test_expect_success 'l opens the picker with the candidates first, and typing filters it' '
	keys l && shows "Link the thread to" && shows "candidate" &&
	golden crm-picker-170x30 &&
	keys s u m && shows "Filter: sum" && ! screen | grep -q "Spring order"
'
test_expect_success 'Enter links the thread (LINK-16): the panel and the JSON say so' '
	keys Enter && shows "1 thread linked to deal" && shows "Linked to" &&
	[ "$(thread_json "Quote for the spring order")" = "linked Summer order 1" ]
'
test_expect_success 'linking another item replaces the link (LINK-17)' '
	keys l && shows "Link the thread to" && keys S p r i n g Enter &&
	shows "1 thread linked to deal" &&
	[ "$(thread_json "Quote for the spring order")" = "linked Spring order 1" ]
'
test_expect_success 'o opens the deal view with the thread, Enter opens it and q comes back (LINK-20)' '
	keys o && shows "Deal 1: Spring order" && shows "1 thread, newest first" &&
	keys Enter && shows "From: Ann Lee" && keys q && shows "Deal 1: Spring order" &&
	keys q && shows "Quote for the spring order"
'
test_expect_success 'L unlinks; the panel says it was unlinked by hand (LINK-25)' '
	keys L && shows "1 thread unlinked" && shows "it was unlinked" &&
	[ "$(thread_json "Quote for the spring order")" = "none - 1" ]
'
test_expect_success 'p makes a participant a new person, and every thread with the address shows it (LINK-05)' '
	keys p && shows "Whose address?" && keys B o b && shows "Bob Stone <bob@example.net>" &&
	keys Enter && shows "+ new person: Bob Stone" && keys Enter && shows "Name (Enter keeps" &&
	keys Enter && shows "is person" && shows "Bob Stone" &&
	"$TETHER" crm list persons </dev/null | grep -q "Bob Stone"
'
test_expect_success '+ makes a deal from the thread with its person and links it' '
	keys + && shows "New (d)eal or (l)ead?" && keys d Enter && shows "Title (Enter keeps" &&
	keys N e w Space o r d e r Enter && shows "made and the thread linked to it" &&
	[ "$(thread_json "Quote for the spring order")" = "linked New order 2" ]
'
test_expect_success 'C lists persons; Tab goes to organizations and deals; Escape leaves' '
	keys C && shows "Persons (type to search" && shows "Ann Lee" &&
	keys Tab && shows "Organizations" && shows "Lee Trading" &&
	keys Tab && shows "Deals" && shows "Spring order" && keys Escape &&
	shows "Quote for the spring order"
'
test_expect_success 'a list item opens its view: the organization shows its persons'"'"' threads (LINK-20)' '
	keys C Tab && shows "Organizations" && keys Enter && shows "Organization 1: Lee Trading" &&
	shows "Quote for the spring order" && keys q && shows "Quote for the spring order"
'
test_expect_success 'at 100 columns there is no panel: two lines atop the thread say it' '
	tmux -L "$SOCK" resize-window -t c -x 100 -y 30 && sleep 0.3 &&
	! screen | grep -q "Linked to" && keys Home j Enter &&
	shows "People: Ann Lee (Lee Trading), Bob Stone" && shows "Linked to deal New order" &&
	keys q
'
test_expect_success 'the help lists the CRM keys, scrolled to with End' '
	keys "?" && ! screen | grep -q "the CRM: persons, organizations" &&
	keys End && shows "link the thread to a deal, lead or project" &&
	shows "the CRM: persons, organizations" && keys q && keys Q
'
test_done
