# t0003-layers.sh - the layering rules: src/ without curses or ui/, ui/ without SQL or sockets.
. "$top_srcdir/tests/integration/test-lib.sh"
check="$top_srcdir/tests/integration/layer-check.sh"

test_expect_success 'the source tree keeps its layers' '
	sh "$check" "$top_srcdir"
'
# The checker itself must catch each kind of violation, or the test above proves nothing.
plant() {
	rm -rf "$TEST_TMP/tree" && mkdir -p "$TEST_TMP/tree/src/store" "$TEST_TMP/tree/ui" &&
	printf "%s\n" "$2" >"$TEST_TMP/tree/$1" && ! sh "$check" "$TEST_TMP/tree" >/dev/null
}
test_expect_success 'a curses include in src/ is caught' 'plant src/store/x.c "#include <ncursesw/curses.h>"'
test_expect_success 'a plain curses.h include in src/ is caught' 'plant src/store/x.c "#include <curses.h>"'
test_expect_success 'a ui/ header included from src/ is caught' 'plant src/store/x.c "#include \"ui/ui.h\""'
test_expect_success 'an sqlite3_ call in ui/ is caught' 'plant ui/x.c "	sqlite3_exec(db, q, 0, 0, 0);"'
test_expect_success 'a socket() call in ui/ is caught' 'plant ui/x.c "	fd = socket(AF_INET, SOCK_STREAM, 0);"'
test_expect_success 'an OpenSSL include in ui/ is caught' 'plant ui/x.c "#include <openssl/ssl.h>"'
test_expect_success 'a clean tree passes, comments that name sockets included' '
	rm -rf "$TEST_TMP/tree" && mkdir -p "$TEST_TMP/tree/src" "$TEST_TMP/tree/ui" &&
	echo "#include \"util/util.h\"" >"$TEST_TMP/tree/src/a.c" &&
	printf "/* never opens a socket (see below) */\n * nor calls sqlite3_exec (here)\n" >"$TEST_TMP/tree/ui/b.c" &&
	sh "$check" "$TEST_TMP/tree"
'
# The same rule on the built objects: what ui/ links against, not what it spells.
if command -v nm >/dev/null 2>&1 && [ -f "$top_builddir/ui/libui.a" ]; then
	test_expect_success 'ui/libui.a references no SQLite, socket or TLS symbol' '
		! nm -u "$top_builddir/ui/libui.a" | grep -E " (sqlite3_[a-z0-9_]+|socket|connect|getaddrinfo|SSL_[A-Za-z_]+|curl_[a-z_]+)$"
	'
else
	test_skip 'ui/libui.a references no SQLite, socket or TLS symbol' 'nm or ui/libui.a not available'
fi
test_done
