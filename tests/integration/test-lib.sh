# test-lib.sh - shared harness for the numbered integration scripts: TAP output, a private profile per script, helpers.
# Source it first; it needs $TETHER, $top_srcdir and $top_builddir (set by make check).
set -u

: "${TETHER:?run the integration tests through make check}"
: "${top_srcdir:?run the integration tests through make check}"
: "${top_builddir:?run the integration tests through make check}"

test_count=0
test_failed=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tether-it.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT

# Every script gets its own profile and home, so nothing touches the user's files.
PROFILE="$TEST_TMP/profile"
mkdir -p "$PROFILE" "$TEST_TMP/home"
export HOME="$TEST_TMP/home" TETHER_PROFILE="$PROFILE"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME TETHER_LOG_LEVEL
export LC_ALL=C.UTF-8

# ok COND-EXIT-STATUS DESCRIPTION: records one TAP result.
_tap() {
	test_count=$((test_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
	fi
}

# test_expect_success DESCRIPTION 'COMMANDS': ok when the commands exit 0.
test_expect_success() {
	local out
	out=$( (eval "$2") 2>&1 )
	local rc=$?
	_tap $rc "$1"
	[ $rc -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
	return 0
}

# test_skip DESCRIPTION REASON
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# skip_all REASON: the whole script cannot run here.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# run_tether ARGS...: runs tether, leaving $rc, $out (stdout) and $err (stderr).
run_tether() {
	"$TETHER" "$@" >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr" </dev/null
	rc=$?
	out=$(cat "$TEST_TMP/stdout")
	err=$(cat "$TEST_TMP/stderr")
}

# contains HAYSTACK NEEDLE: exit 0 when the needle is in the haystack (fixed string).
contains() {
	case $1 in *"$2"*) return 0 ;; esac
	printf 'expected to find: %s\nin: %s\n' "$2" "$1" >&2
	return 1
}

# file_mode PATH: the octal permission bits.
file_mode() {
	stat -c %a "$1"
}

# write_config TEXT: the profile's config file, mode 0600.
write_config() {
	printf '%s\n' "$1" >"$PROFILE/config"
	chmod 600 "$PROFILE/config"
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
	exit $?
}
