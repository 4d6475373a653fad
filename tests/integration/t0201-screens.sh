# t0201-screens.sh - golden screens of the interface on the sample mail (clock pinned): the index at 120x30 and 80x24, a thread, the help; TETHER_UPDATE_SCREENS=1 writes them again.
. "$top_srcdir/tests/integration/test-lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "not installed: tmux (scripts/install-deps --test)"
fi
SOCK="tether-t0201-$$"
GOLD=$top_srcdir/tests/data/screens
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
run_tether import --folder Inbox "$top_srcdir/tests/data/sample.mbox"

# screen NAME: the pane now, compared with tests/data/screens/NAME.txt (or
# written there with TETHER_UPDATE_SCREENS=1).
screen() {
	sleep 0.4
	tmux -L "$SOCK" capture-pane -p -t s >"$TEST_TMP/$1.txt" || return 1
	if [ -n "${TETHER_UPDATE_SCREENS:-}" ]; then
		cp "$TEST_TMP/$1.txt" "$GOLD/$1.txt"
		echo "# wrote $GOLD/$1.txt"
		return 0
	fi
	diff -u "$GOLD/$1.txt" "$TEST_TMP/$1.txt"
}
keys() {
	tmux -L "$SOCK" send-keys -t s "$@"
}

test_expect_success 'the index at 120x30' '
	tmux -L "$SOCK" -f /dev/null new -d -s s -x 120 -y 30 \
		"env LANG=C.UTF-8 TERM=screen-256color TZ=UTC TETHER_NOW=1780272000 TETHER_PROFILE=$PROFILE $TETHER" &&
	screen index-120x30
'
test_expect_success 'a thread with three messages' '
	keys j Enter && screen thread-120x30 && keys q
'
test_expect_success 'the help' '
	keys "?" && screen help-120x30 && keys q
'
test_expect_success 'the index at 80x24' '
	tmux -L "$SOCK" resize-window -t s -x 80 -y 24 && screen index-80x24
'
test_expect_success 'a Hebrew thread at 80x24, laid out right to left' '
	keys Home j j Enter && screen thread-hebrew-80x24 && keys q Q
'
test_done
