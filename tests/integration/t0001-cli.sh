# t0001-cli.sh - the command line: help, version, errors, profiles, exit statuses.
. "$top_srcdir/tests/integration/test-lib.sh"

test_expect_success '--version prints the package version' '
	run_tether --version && [ "$rc" -eq 0 ] && contains "$out" "tether 0.1"
'
test_expect_success '--help lists the options and every command' '
	run_tether --help && [ "$rc" -eq 0 ] && contains "$out" "--profile DIR" &&
	contains "$out" "config "
'
test_expect_success 'an unknown command exits 2 with a sentence' '
	run_tether frobnicate; [ "$rc" -eq 2 ] && contains "$err" "there is no command \"frobnicate\""
'
test_expect_success 'an unknown option exits 2' '
	run_tether --frob; [ "$rc" -eq 2 ] && contains "$err" "unknown option --frob"
'
test_expect_success '--profile without a directory exits 2' '
	run_tether --profile; [ "$rc" -eq 2 ] && contains "$err" "needs an argument"
'
test_expect_success 'a command'"'"'s --help prints its usage' '
	run_tether config --help && [ "$rc" -eq 0 ] && contains "$out" "usage: tether"
'
test_expect_success 'tether help config describes the command' '
	run_tether help config && [ "$rc" -eq 0 ] && contains "$out" "show|check|providers"
'
test_expect_success 'without a terminal, the interface explains itself instead of drawing' '
	run_tether; [ "$rc" -eq 1 ] && contains "$err" "needs a terminal"
'
test_expect_success 'TETHER_PROFILE decides where the config is read' '
	run_tether config show && contains "$out" "$PROFILE/config"
'
test_expect_success '--profile beats TETHER_PROFILE' '
	mkdir -p "$TEST_TMP/other" && run_tether --profile "$TEST_TMP/other" config show &&
	contains "$out" "$TEST_TMP/other/config"
'
test_expect_success '--config names the file itself' '
	printf "[general]\nlink_mode = manual\n" >"$TEST_TMP/alt.conf" &&
	run_tether --config "$TEST_TMP/alt.conf" config show && contains "$out" "link_mode = manual"
'
test_expect_success 'without a profile, XDG_CONFIG_HOME is used' '
	mkdir -p "$TEST_TMP/xdg/tether" && printf "[general]\nlink_mode = manual\n" >"$TEST_TMP/xdg/tether/config" &&
	( unset TETHER_PROFILE; XDG_CONFIG_HOME="$TEST_TMP/xdg" run_tether config show &&
	  contains "$out" "$TEST_TMP/xdg/tether/config" && contains "$out" "link_mode = manual" )
'
test_expect_success 'reading the configuration creates no file in the profile' '
	rm -rf "$PROFILE"/* && run_tether config show && [ -z "$(ls -A "$PROFILE")" ]
'
test_done
