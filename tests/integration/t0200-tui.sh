# t0200-tui.sh - the full-screen interface driven in tmux: opening, scrolling, a thread, tagging and archiving three threads, undo, search, resizing (side by side when wide), help, hostile subjects shown harmless, Hebrew laid out right to left, tether --demo.
. "$top_srcdir/tests/integration/test-lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "not installed: tmux (scripts/install-deps --test)"
fi
SOCK="tether-t0200-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
# A session that outlives the others, so the tmux server never exits (and
# races a new session) between tests.
tmux -L "$SOCK" -f /dev/null new -d -s keep "sleep 3600"

# mail: 40 one-message threads, the sample mbox's threads, and a subject
# full of escape sequences and bidi overrides.
MBOX=$TEST_TMP/mail.mbox
i=1
while [ $i -le 40 ]; do
	printf 'From x@example.com Mon Jan  1 00:00:00 2024\nFrom: Sender %s <s%s@example.com>\nTo: dana@example.com\nSubject: Filler number %s\nDate: %s Jan 2025 10:00:00 +0000\nMessage-ID: <fill%s@t0200.example>\n\nFiller text %s.\n\n' \
		"$i" "$i" "$i" "$(( (i % 28) + 1 ))" "$i" "$i" >>"$MBOX"
	i=$((i + 1))
done
printf 'From x@example.com Mon Jan  1 00:00:00 2024\nFrom: Mallory <m@example.com>\nTo: dana@example.com\nSubject: =?UTF-8?B?%s?=\nDate: 31 Dec 2025 10:00:00 +0000\nMessage-ID: <evil@t0200.example>\n\nEvil \033[2J body \342\200\256 here.\n\n' \
	"$(printf 'Hostile \033]0;owned\007 \033[31mred\342\200\256 reversed' | base64 -w0)" >>"$MBOX"
run_tether import --folder Inbox "$MBOX" "$top_srcdir/tests/data/sample.mbox"

# screen: what the pane shows now.
screen() {
	tmux -L "$SOCK" capture-pane -p -t t0200
}
# shows TEXT: the screen holds TEXT within 5 s.
shows() {
	local n=50
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "the screen does not show: $1"
	screen
	return 1
}
keys() {
	tmux -L "$SOCK" send-keys -t t0200 "$@"
}
# semicolon: the ; key (tmux reads a bare ";" as the end of its command).
semicolon() {
	tmux -L "$SOCK" send-keys -t t0200 '\;'
}
# threads: the count the status bar gives.
threads() {
	screen | sed -n 's/.*Inbox  \([0-9]*\) threads.*/\1/p'
}

test_expect_success 'the interface opens on the inbox, newest thread first, with a status bar' '
	tmux -L "$SOCK" -f /dev/null new -d -s t0200 -x 120 -y 40 \
		"env LANG=C.UTF-8 TERM=screen-256color TETHER_NOW=1780272000 TETHER_PROFILE=$PROFILE $TETHER" &&
	shows "(local)/Inbox" && shows "44 threads" &&
	screen | head -1 | grep -q "Your invoice 2026-117"
'
test_expect_success 'End and Home move through the list' '
	keys End && shows "Filler number 28" && ! screen | grep -q "Your invoice" &&
	keys Home && shows "Your invoice 2026-117" && screen | head -1 | grep -q "Your invoice"
'
test_expect_success 'Enter opens a thread with its headers and text, q goes back' '
	keys j Enter && shows "From: Ann Lee" && shows "Date: 2026-03-02" && shows "thread " &&
	keys q && shows "44 threads"
'
test_expect_success 'a thread read before folds its earlier messages to one line each; x unfolds them' '
	keys Home j Enter && shows "Great, I have copied Bob" &&
	screen | grep -q "^+ Ann Lee" && ! screen | grep -q "here is the quote for the spring order: 40 units.\$" &&
	keys x && shows "From: Dana Levi" && keys x q
'
test_expect_success 'three tagged threads are archived at once, and u brings them back' '
	keys Home j j j t t t && shows "3 tagged" && semicolon && shows "acts on 3 tagged" && keys a && shows "3 threads archived" &&
	[ "$(threads)" = 41 ] && keys u && shows "archive undone" && [ "$(threads)" = 44 ]
'
test_expect_success 'search shows the matching messages and q returns to the folder' '
	keys / && shows "Search:" && keys "quote" Enter && shows "search: quote" &&
	shows "Quote for the spring order" && keys q && shows "44 threads"
'
test_expect_success 'at 80x24 and at 200x60 the screen fits and the status bar is at the bottom' '
	tmux -L "$SOCK" resize-window -t t0200 -x 80 -y 24 && sleep 0.3 &&
	[ "$(screen | sed -n 23p | grep -c "threads")" = 1 ] &&
	[ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 80 ] &&
	tmux -L "$SOCK" resize-window -t t0200 -x 200 -y 60 && sleep 0.3 &&
	[ "$(screen | sed -n 59p | grep -c "threads")" = 1 ]
'
test_expect_success 'a wide terminal shows the thread under the cursor beside the index' '
	keys Home && shows "$(printf "\342\224\202")From: " &&
	keys j && shows "From: Ann Lee" && screen | grep "Quote for the spring order" | grep -q "$(printf "\342\224\202")"
'
test_expect_success 'the folder sidebar shows the open folder with its unread count, and b hides it' '
	shows "> Inbox" && screen | grep "> Inbox" | grep -q "[0-9]" &&
	keys b && sleep 0.3 && ! screen | grep -q "> Inbox" && keys b && shows "> Inbox"
'
test_expect_success 'the command line (:) changes folder and searches' '
	keys : && shows ":" && keys "search invoice" Enter && shows "search: invoice" &&
	keys q && keys : && keys "folder nosuch" Enter && shows "there is no folder" &&
	keys : && keys "frob" Enter && shows "there is no command"
'
test_expect_success 'the help screen lists the keys' '
	keys "?" && shows "toggle read" && shows "archive the thread" && keys q && shows "threads"
'
# Shown as text: had the terminal obeyed them, "[31m" would not be on the
# screen (it would have turned the text red) and U+202E would be there.
test_expect_success 'escape sequences and bidi overrides from a message never reach the terminal' '
	keys Home && shows "Hostile" && shows "[31mred" && ! screen | grep -q "$(printf "\342\200\256")" &&
	keys Home j j j Enter && shows "Evil" && shows "[2J body" &&
	! screen | grep -q "$(printf "\342\200\256")" && keys q
'
# Hebrew laid out by tether itself (tmux does no bidi): the subject's
# letters in visual order, right-aligned in its column.
test_expect_success 'a Hebrew subject is shown right to left, right-aligned in its column' '
	keys Home && shows "$(printf "\327\221\327\231\327\221\327\220\327\224 \327\252\327\240\327\236\327\226\327\224\327\234")" &&
	screen | grep "$(printf "\327\221\327\231\327\221\327\220\327\224")" | grep -q "$(printf "\327\252\327\242\327\246\327\224")\\($(printf "\342\224\202")\\|\$\\)" &&
	! screen | grep -q "$(printf "\327\224\327\246\327\242\327\252 \327\236\327\227\327\231\327\250")"
'
test_expect_success 'Q quits and gives the terminal back' '
	keys Q && sleep 0.5 && ! tmux -L "$SOCK" has-session -t t0200 2>/dev/null
'
test_expect_success '[keys] in the configuration rebinds keys, and the help shows them' '
	printf "[keys]\nx = archive\nj = none\nC-n = down\n" >"$PROFILE/config" && chmod 600 "$PROFILE/config" &&
	tmux -L "$SOCK" -f /dev/null new -d -s k -x 120 -y 40 \
		"env LANG=C.UTF-8 TERM=screen-256color TETHER_PROFILE=$PROFILE $TETHER" && sleep 0.5 &&
	tmux -L "$SOCK" send-keys -t k "?" && sleep 0.3 &&
	tmux -L "$SOCK" capture-pane -p -t k | grep -q "Down C-n *next line" &&
	tmux -L "$SOCK" capture-pane -p -t k | grep -q "a x *archive the thread" &&
	tmux -L "$SOCK" send-keys -t k q j && sleep 0.3 &&
	tmux -L "$SOCK" capture-pane -p -t k | grep -q "that key does nothing here" &&
	tmux -L "$SOCK" send-keys -t k x && sleep 0.3 &&
	tmux -L "$SOCK" capture-pane -p -t k | grep -q "1 thread archived" &&
	tmux -L "$SOCK" send-keys -t k u Q && rm -f "$PROFILE/config"
'
test_expect_success 'a [keys] line with an unknown action is an error of config check' '
	printf "[keys]\nx = frobnicate\n" >"$TEST_TMP/keys.conf" &&
	run_tether --config "$TEST_TMP/keys.conf" config check && [ "$rc" -eq 1 ] &&
	contains "$err$out" "is not an action of the interface"
'
# A profile with no account and no mail opens on setup; the test is
# against a port where nothing listens, so the doctor's report says so.
test_expect_success 'with no account and no mail the interface offers setup and writes the account' '
	E=$TEST_TMP/empty && mkdir -p "$E" &&
	tmux -L "$SOCK" -f /dev/null new -d -s setup -x 120 -y 40 \
		"env LANG=C.UTF-8 TERM=screen-256color TETHER_PROFILE=$E $TETHER" &&
	n=50 && while [ $n -gt 0 ] && ! tmux -L "$SOCK" capture-pane -p -t setup | grep -q "Provider (number"; do
		sleep 0.1; n=$((n - 1)); done &&
	tmux -L "$SOCK" capture-pane -p -t setup | grep -q "Gmail" &&
	tmux -L "$SOCK" send-keys -t setup Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "ann@example.test" Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "Ann Lee" Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "ann" Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "127.0.0.1" Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "127.0.0.1" Enter && sleep 0.2 &&
	tmux -L "$SOCK" send-keys -t setup "printf secret" Enter &&
	n=100 && while [ $n -gt 0 ] && ! tmux -L "$SOCK" capture-pane -p -t setup | grep -q "Save this account"; do
		sleep 0.1; n=$((n - 1)); done &&
	tmux -L "$SOCK" capture-pane -p -t setup | grep -q "FAIL" &&
	tmux -L "$SOCK" capture-pane -p -t setup | grep -q "port 587 with STARTTLS did not work either" &&
	tmux -L "$SOCK" send-keys -t setup y Enter && sleep 0.5 &&
	tmux -L "$SOCK" capture-pane -p -t setup | grep -q "account example saved" &&
	[ "$(stat -c %a "$E/config")" = 600 ] && grep -q "^email = ann@example.test" "$E/config" &&
	grep -q "^password_cmd = printf secret" "$E/config" && grep -q "^name = Ann Lee" "$E/config" &&
	tmux -L "$SOCK" send-keys -t setup Q
'
test_expect_success 'v hands the thread to $PAGER and takes the screen back after' '
	tmux -L "$SOCK" -f /dev/null new -d -s pg -x 100 -y 24 \
		"env LANG=C.UTF-8 TERM=screen-256color PAGER=\"tee $TEST_TMP/paged.txt\" TETHER_PROFILE=$PROFILE $TETHER" &&
	sleep 0.5 && tmux -L "$SOCK" send-keys -t pg v && sleep 0.5 &&
	grep -q "Subject: Your invoice 2026-117" "$TEST_TMP/paged.txt" &&
	tmux -L "$SOCK" capture-pane -p -t pg | grep -q "threads   ? help" &&
	tmux -L "$SOCK" send-keys -t pg Q
'
# Monochrome (vt100), 8 colours (linux), 256 colours: each draws the
# index and the status bar, and Q leaves.
for term in vt100 linux xterm-256color tmux-256color; do
	test_expect_success "TERM=$term draws the index and quits" '
		tmux -L "$SOCK" -f /dev/null new -d -s term -x 100 -y 24 \
			"env LANG=C.UTF-8 TERM='"$term"' TETHER_PROFILE=$PROFILE $TETHER" &&
		n=50 && while [ $n -gt 0 ] && ! tmux -L "$SOCK" capture-pane -p -t term | grep -q "threads   ? help"; do
			sleep 0.1; n=$((n - 1)); done && [ $n -gt 0 ] &&
		tmux -L "$SOCK" capture-pane -p -t term | grep -q "Your invoice 2026-117" &&
		tmux -L "$SOCK" send-keys -t term Q && sleep 0.3 &&
		! tmux -L "$SOCK" has-session -t term 2>/dev/null
	'
done
test_expect_success 'tether --demo opens the interface on sample mail, without a sync' '
	tmux -L "$SOCK" -f /dev/null new -d -s demo -x 120 -y 30 \
		"env LANG=C.UTF-8 TERM=screen-256color XDG_RUNTIME_DIR=$TEST_TMP TETHER_PROFILE= $TETHER --demo" &&
	n=50 && while [ $n -gt 0 ] && ! tmux -L "$SOCK" capture-pane -p -t demo | grep -q "threads"; do
		sleep 0.1; n=$((n - 1)); done &&
	tmux -L "$SOCK" capture-pane -p -t demo | grep -q "(local)/Inbox  6[0-9] threads   ? help" &&
	tmux -L "$SOCK" capture-pane -p -t demo | grep -q "Quote for the spring order" &&
	tmux -L "$SOCK" send-keys -t demo Q
'
test_expect_success 'a second --demo starts afresh: nothing of the first is kept' '
	XDG_RUNTIME_DIR=$TEST_TMP run_tether --demo list --folders &&
	is_n=$(printf "%s\n" "$out" | awk "/\\(local\\)\\/Inbox/ { print \$1 }") && [ "$is_n" = 305 ]
'
test_done
