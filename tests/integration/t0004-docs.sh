# t0004-docs.sh - the docs stay true: the man page's options part matches the table, every command is documented, every marked file is in POTFILES.in.
. "$top_srcdir/tests/integration/test-lib.sh"

test_expect_success 'tether.conf(5) options and providers match the options table (make update-man)' '
	"$top_builddir/doc/mkconfman" <"$top_srcdir/doc/tether.conf.5" >"$TEST_TMP/conf.5" &&
	diff -u "$top_srcdir/doc/tether.conf.5" "$TEST_TMP/conf.5"
'
test_expect_success 'mkconfman refuses a page without the generated markers' '
	echo ".TH X 5" | { ! "$top_builddir/doc/mkconfman" >/dev/null 2>&1; }
'
test_expect_success 'tether(1) documents every command that tether --help lists' '
	run_tether --help &&
	sed "s/\\\\-/-/g" "$top_srcdir/doc/tether.1" >"$TEST_TMP/tether.1" &&
	for cmd in $(printf "%s\n" "$out" | sed -n "/^Commands:/,/^\$/p" | awk "NR>1 && NF {print \$1}"); do
		grep -q "^\\.B $cmd\\( \\|\$\\)" "$TEST_TMP/tether.1" || { echo "tether.1 lacks $cmd"; exit 1; }
	done
'
test_expect_success 'every source file with translatable strings is in po/POTFILES.in' '
	cd "$top_srcdir" &&
	grep -rlE "\\b_\\(\"|\\bN_\\(\"|ngettext_\\(" src ui --include="*.c" | sort >"$TEST_TMP/marked" &&
	grep -v "^#" po/POTFILES.in | sed "/^\$/d" | sort >"$TEST_TMP/listed" &&
	diff -u "$TEST_TMP/listed" "$TEST_TMP/marked"
'
test_expect_success 'every file in po/POTFILES.in exists' '
	cd "$top_srcdir" && for f in $(grep -v "^#" po/POTFILES.in); do [ -f "$f" ] || { echo "missing $f"; exit 1; }; done
'
test_expect_success 'po/tether.pot holds every marked string (make -C po tether.pot-update)' '
	cd "$top_srcdir" &&
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext_:1,2 \
		-o "$TEST_TMP/fresh.pot" $(grep -v "^#" po/POTFILES.in) &&
	msgcmp --use-untranslated po/tether.pot "$TEST_TMP/fresh.pot" &&
	msgcmp --use-untranslated "$TEST_TMP/fresh.pot" po/tether.pot
'
if command -v groff >/dev/null 2>&1; then
	test_expect_success 'the man pages render without groff warnings' '
		for page in tether.1 tether.conf.5; do
			w=$(groff -man -Tutf8 -ww -z "$top_srcdir/doc/$page" 2>&1) &&
			[ -z "$w" ] || { echo "$page: $w"; exit 1; }
		done
	'
else
	test_skip 'the man pages render without groff warnings' 'groff is not installed'
fi
test_done
