# t0202-slow-server.sh - the interface over a server that does not answer: the cached mail shows, keys work, a message whose text is not here says "loading", and the text appears once the server answers.
. "$top_srcdir/tests/integration/test-lib.sh"
. "$top_srcdir/tests/integration/sync-lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "not installed: tmux (scripts/install-deps --test)"
fi
P=$PROFILE
bed_config "$P"
SOCK="tether-t0202-$$"
INSTANCE="tether-testbed-$(printf '%s' "$TESTBED_DIR" | cksum | cut -d' ' -f1)"
trap 'pkill -CONT -f "$INSTANCE" 2>/dev/null; tmux -L "$SOCK" kill-server 2>/dev/null; testbed_cleanup; rm -rf "$TEST_TMP"' EXIT

screen() {
	tmux -L "$SOCK" capture-pane -p -t s
}
# shows SECONDS TEXT: the screen holds TEXT within SECONDS.
shows() {
	local n=$(($1 * 10))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$2" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "the screen does not show: $2"
	screen
	return 1
}

test_expect_success 'headers are cached, bodies are not' '
	mkmail s1 "Slow one" 01 "" "The text that comes late." && put INBOX s1 &&
	synced "$P" --headers-only &&
	is "body" "$(sql "$P" "SELECT body_state FROM messages")" none
'
# The server freezes (every process of it stopped): it accepts nothing.
pkill -STOP -f "$INSTANCE"
tmux -L "$SOCK" -f /dev/null new -d -s s -x 120 -y 30 \
	"env LANG=C.UTF-8 TERM=screen-256color TETHER_PROFILE=$P $TETHER"
test_expect_success 'the cached index shows at once while the server hangs' '
	shows 5 "Slow one" && shows 5 "[connecting]"
'
test_expect_success 'opening the message says it is loading, and keys still answer' '
	tmux -L "$SOCK" send-keys -t s Enter && shows 3 "loading..." &&
	tmux -L "$SOCK" send-keys -t s "?" && shows 2 "tether keys" &&
	tmux -L "$SOCK" send-keys -t s q && shows 2 "loading..."
'
pkill -CONT -f "$INSTANCE"
test_expect_success 'when the server answers, the text appears in the open thread' '
	shows 30 "The text that comes late."
'
tmux -L "$SOCK" send-keys -t s Q 2>/dev/null
test_done
