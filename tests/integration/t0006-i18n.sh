# t0006-i18n.sh - the message catalogues: valid, built, and used at run time (Hebrew, right to left).
. "$top_srcdir/tests/integration/test-lib.sh"

linguas=$(sed 's/#.*//' "$top_srcdir/po/LINGUAS")
[ -n "$linguas" ] || skip_all "po/LINGUAS lists no language"

for lang in $linguas; do
	test_expect_success "po/$lang.po is well-formed and its formats match the source" '
		msgfmt --check -o /dev/null "$top_srcdir/po/$lang.po"
	'
done

# Hebrew letters are U+05D0..U+05EA: bytes D7 90..D7 AA in UTF-8.
has_hebrew() {
	printf "%s" "$1" | LC_ALL=C grep -q "$(printf "\327[\220-\252]")"
}

# Install the built catalogue into a scratch tree and point tether at it.
if [ -f "$top_builddir/po/he.gmo" ] || [ -f "$top_srcdir/po/he.gmo" ]; then
	gmo="$top_builddir/po/he.gmo"
	[ -f "$gmo" ] || gmo="$top_srcdir/po/he.gmo"
	mkdir -p "$TEST_TMP/locale/he/LC_MESSAGES" && cp "$gmo" "$TEST_TMP/locale/he/LC_MESSAGES/tether.mo"
	export TETHER_LOCALEDIR="$TEST_TMP/locale"
	test_expect_success 'with LANGUAGE=he, errors come in Hebrew' '
		LANGUAGE=he run_tether frobnicate; [ "$rc" -eq 2 ] &&
		contains "$err" "frobnicate" && has_hebrew "$err"
	'
	test_expect_success 'Hebrew messages carry no bidi control characters (logical order only)' '
		LANGUAGE=he run_tether --help &&
		! printf "%s%s" "$out" "$err" | LC_ALL=C grep -q \
			-e "$(printf "\342\200[\216\217\252\253\254\255\256]")" \
			-e "$(printf "\342\201[\246\247\250\251]")"
	'
	test_expect_success 'config check speaks Hebrew and keeps key names as written' '
		write_config "[account w]
provider = gmail
email = a@example.com
imap_port = 143" &&
		LANGUAGE=he run_tether config check; [ "$rc" -eq 1 ] &&
		contains "$err" "143" && contains "$err" "imap_port" && has_hebrew "$err"
	'
	test_expect_success 'without LANGUAGE, messages stay English' '
		run_tether frobnicate; contains "$err" "there is no command"
	'
else
	test_skip 'Hebrew messages at run time' 'po/he.gmo was not built (NLS disabled?)'
fi
test_done
