# t0005-fuzz-replay.sh - every fuzz target replays its corpus without a crash (sanitizers catch more under --enable-asan).
. "$top_srcdir/tests/integration/test-lib.sh"

for target in config message refs imap csv compose; do
	bin="$top_builddir/tests/fuzz/fuzz-$target"
	corpus="$top_srcdir/tests/fuzz/corpus/$target"
	if [ ! -x "$bin" ]; then
		test_skip "fuzz-$target replays its corpus" "not built (make check builds it)"
		continue
	fi
	test_expect_success "fuzz-$target replays its corpus ($(ls "$corpus" | wc -l) inputs)" '
		[ -n "$(ls "$corpus")" ] && "$bin" "$corpus"/*
	'
done
test_done
