#!/bin/bash
# bench.sh - make bench: times tether's import, thread list and search on generated mail beside notmuch; prints a table, writes results.json.
#
# `make bench` runs it from the build tree with TETHER and GEN set; the
# knobs and the meaning of every figure are in tests/bench/README.  Exit
# status: 0 when every step ran, whether or not the targets were met (the
# table says which); 1 when a step itself failed; 2 on bad use.

set -u
# One locale and zone for every program, so decimals, dates and the
# notmuch date: ranges mean the same on every machine.
export LC_ALL=C.UTF-8 TZ=UTC

: "${TETHER:?bench.sh: TETHER must name the tether binary}"
: "${GEN:?bench.sh: GEN must name the gen-mail binary}"
BENCH_DIR=${BENCH_DIR:-$PWD/bench-data}
BENCH_COUNT=${BENCH_COUNT:-100000}
BENCH_BIG=${BENCH_BIG:-1000000}
BENCH_QUERIES=${BENCH_QUERIES:-100}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_RUNS=${BENCH_RUNS:-10}
BENCH_PEER_BIG=${BENCH_PEER_BIG:-0}
BENCH_SEARCH_LIMIT=${BENCH_SEARCH_LIMIT:-50}
BENCH_PEER_REUSE=${BENCH_PEER_REUSE:-0}

for knob in BENCH_COUNT BENCH_BIG BENCH_QUERIES BENCH_SEED BENCH_RUNS \
    BENCH_PEER_BIG BENCH_SEARCH_LIMIT BENCH_PEER_REUSE; do
	case ${!knob} in
	'' | *[!0-9]*)
		echo "bench.sh: $knob must be a whole number, not '${!knob}'" >&2
		exit 2
		;;
	esac
done
if [ "$BENCH_COUNT" -eq 0 ] || [ "$BENCH_RUNS" -eq 0 ]; then
	echo "bench.sh: BENCH_COUNT and BENCH_RUNS must be at least 1" >&2
	exit 2
fi
for prog in "$TETHER" "$GEN"; do
	if [ ! -x "$prog" ]; then
		echo "bench.sh: $prog is not an executable; run 'make bench'" >&2
		exit 2
	fi
done
if [ ! -x /usr/bin/time ]; then
	echo "bench.sh: /usr/bin/time is missing; it measures peak memory (scripts/install-deps --bench, or apt-get install time)" >&2
	exit 2
fi

mkdir -p "$BENCH_DIR/corpus" "$BENCH_DIR/logs" || exit 1
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
LOGS=$BENCH_DIR/logs
rm -f "$LOGS"/*
failed=0

say() {
	printf 'bench: %s\n' "$*" >&2
}

# Shows why a step failed and remembers that the run must exit 1.
step_failed() {
	local what=$1 rc=$2 log=$3

	failed=1
	say "$what failed (exit $rc); its error output ($log):"
	sed -n '1,20s/^/    /p' "$log" >&2
}

# run_timed OUT ERR CMD...: runs CMD with stdout to OUT and stderr to ERR;
# sets t_rc, t_ms (wall time of the process, ms) and t_kb (its peak RSS).
run_timed() {
	local out=$1 err=$2 t0 t1
	shift 2

	t0=$EPOCHREALTIME
	/usr/bin/time -f '%e %M' -o "$LOGS/time.out" "$@" >"$out" 2>"$err"
	t_rc=$?
	t1=$EPOCHREALTIME
	t_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	t_kb=$(awk 'END { print $2 + 0 }' "$LOGS/time.out")
}

# Arithmetic on decimals, through awk: calc 'EXPR' [name=value...].
calc() {
	local expr=$1
	shift
	awk "$@" "BEGIN { printf \"%s\", $expr }" </dev/null
}

# Nearest-rank percentile P of the numbers in FILE.
percentile() {
	sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 }
	    END { if (NR == 0) exit; r = int((p * NR + 99) / 100); if (r < 1) r = 1;
	          print v[r] }'
}

human() {
	local n=$1

	if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
	elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
	else echo "$n"
	fi
}

# --- figures ---------------------------------------------------------------
#
# figure ID LABEL VALUE UNIT BETTER OP TARGET PEER [NOTE]
#   BETTER is "higher" or "lower"; OP is >=, >, <, <= or empty (no
#   target); VALUE or PEER empty when not measured.  NOTE says why a value
#   is missing.  Later issues add their figures with the same call.
F_ID=() F_LABEL=() F_VALUE=() F_UNIT=() F_BETTER=() F_OP=() F_TARGET=()
F_PEER=() F_MEETS=() F_RATIO=() F_NOTE=() F_MSGS=()
cur_msgs=0

figure() {
	local id=$1 label=$2 value=$3 unit=$4 better=$5 op=$6 target=$7 peer=$8
	local note=${9:-} meets="" ratio=""

	if [ -n "$value" ] && [ -n "$op" ]; then
		meets=$(calc "(v $op t) ? \"yes\" : \"no\"" -v v="$value" -v t="$target")
	fi
	if [ -n "$value" ] && [ -n "$peer" ]; then
		# Above 1 always means tether does better.
		if [ "$better" = higher ]; then
			ratio=$(calc '(p > 0) ? sprintf("%.2f", v / p) : ""' -v v="$value" -v p="$peer")
		else
			ratio=$(calc '(v > 0) ? sprintf("%.2f", p / v) : ""' -v v="$value" -v p="$peer")
		fi
	fi
	F_ID+=("$id") F_LABEL+=("$label") F_VALUE+=("$value") F_UNIT+=("$unit")
	F_BETTER+=("$better") F_OP+=("$op") F_TARGET+=("$target") F_PEER+=("$peer")
	F_MEETS+=("$meets") F_RATIO+=("$ratio") F_NOTE+=("$note") F_MSGS+=("$cur_msgs")
}

mb() {
	[ -n "$1" ] && calc 'sprintf("%.1f", k / 1024)' -v k="$1"
}

# --- the machine and the programs ---------------------------------------------

tether_has() {
	"$TETHER" --help 2>/dev/null | grep -q "^  $1 "
}

sqlite_version=$(pkg-config --modversion sqlite3 2>/dev/null ||
	sqlite3 --version 2>/dev/null | cut -d' ' -f1 ||
	dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
tether_version=$("$TETHER" --version 2>/dev/null | head -1)

have_notmuch=false
notmuch_version=""
if command -v notmuch >/dev/null 2>&1; then
	have_notmuch=true
	notmuch_version=$(notmuch --version 2>/dev/null | awk '{ print $2 }')
else
	say "peer notmuch: not installed (apt-get install notmuch)"
fi

# Cold runs need the page cache emptied, which only root outside a
# container may do; otherwise every run is warm, and the table says so.
can_drop=false
if sync && (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
	can_drop=true
else
	say "cannot write /proc/sys/vm/drop_caches: warm runs only"
fi
drop_caches() {
	$can_drop && sync && echo 3 >/proc/sys/vm/drop_caches
}

# --- corpora -------------------------------------------------------------------

# Bytes per message of gen-mail's output, measured at 100,000 (see README):
# a little above, for the free-space check.
AVG_NORMAL=8000
AVG_SMALL=3400

need_space() {
	local bytes=$1 what=$2 avail

	avail=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 * 1024 }')
	if [ "$(calc '(a < b) ? 1 : 0' -v a="$avail" -v b="$bytes")" = 1 ]; then
		say "$what need about $((bytes / 1000000)) MB in $BENCH_DIR, which has $((avail / 1000000)) MB free"
		failed=1
		return 1
	fi
}

# corpus NAME COUNT FORMAT [--small]: generates BENCH_DIR/corpus/NAME unless
# a stamp says the same generator made it with the same arguments.
corpus() {
	local name=$1 count=$2 format=$3 small=${4:-} path stamp want avg
	path=$BENCH_DIR/corpus/$name
	stamp=$path.stamp
	want="$(cksum <"$GEN") --count $count --seed $BENCH_SEED --format $format $small"

	if [ -e "$path" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		say "reusing $path"
		return 0
	fi
	rm -rf "$path" "$stamp"
	# Room for the corpus and twice as much for the databases made from it.
	avg=$AVG_NORMAL
	[ -n "$small" ] && avg=$AVG_SMALL
	need_space $((count * avg * 3)) "$name and the databases made from it" || return 1
	say "generating $path ($count messages${small:+, small})"
	run_timed /dev/null "$LOGS/gen-$name.err" "$GEN" --count "$count" \
	    --seed "$BENCH_SEED" --format "$format" --out "$path" ${small:+"$small"}
	if [ "$t_rc" -ne 0 ]; then
		step_failed "gen-mail ($name)" "$t_rc" "$LOGS/gen-$name.err"
		rm -rf "$path"
		return 1
	fi
	say "  $(calc 'sprintf("%.1f", ms / 1000)' -v ms="$t_ms") s"
	echo "$want" >"$stamp"
}

# Reads a corpus once so that every importer starts from a warm page cache.
warm() {
	if [ -d "$1" ]; then
		find "$1" -type f -exec cat {} + >/dev/null
	else
		cat "$1" >/dev/null
	fi
}

corpus_bytes() {
	du -sb "$1" 2>/dev/null | cut -f1
}

# --- tether steps -------------------------------------------------------------------

# tether_import LABEL PROFILE MBOX COUNT: sets imp_rate and imp_kb, or
# leaves them empty with imp_note saying why.
tether_import() {
	local label=$1 profile=$2 mbox=$3 count=$4

	imp_rate="" imp_kb="" imp_note=""
	if ! tether_has import; then
		imp_note="tether has no import command yet"
		say "tether import: skipped, $imp_note"
		return 1
	fi
	rm -rf "$profile"
	warm "$mbox"
	say "tether import of $count messages ($label)"
	run_timed "$LOGS/import-$label.out" "$LOGS/import-$label.err" \
	    "$TETHER" --profile "$profile" import --folder Bench "$mbox"
	if [ "$t_rc" -ne 0 ]; then
		step_failed "tether import ($label)" "$t_rc" "$LOGS/import-$label.err"
		imp_note="tether import failed"
		return 1
	fi
	imp_rate=$(calc 'sprintf("%.0f", n / (ms / 1000))' -v n="$count" -v ms="$t_ms")
	imp_kb=$t_kb
	say "  $imp_rate messages/s, $(mb "$imp_kb") MB; tether said: $(tail -1 "$LOGS/import-$label.out")"
}

# timed_runs LABEL RUNS CMD...: a cold run (when caches can be dropped), then
# RUNS warm ones; sets r_median, r_max, r_cold (ms) and r_kb (peak RSS).
timed_runs() {
	local label=$1 runs=$2 i times=$LOGS/$1.times
	shift 2

	r_median="" r_max="" r_cold="" r_kb=0
	: >"$times"
	if $can_drop; then
		drop_caches
		run_timed "$LOGS/$label.out" "$LOGS/$label.err" "$@"
		if [ "$t_rc" -ne 0 ]; then
			step_failed "$label" "$t_rc" "$LOGS/$label.err"
			return 1
		fi
		r_cold=$t_ms
		r_kb=$t_kb
	fi
	for ((i = 0; i < runs; i++)); do
		run_timed "$LOGS/$label.out" "$LOGS/$label.err" "$@"
		if [ "$t_rc" -ne 0 ]; then
			step_failed "$label" "$t_rc" "$LOGS/$label.err"
			return 1
		fi
		echo "$t_ms" >>"$times"
		[ "$t_kb" -gt "$r_kb" ] && r_kb=$t_kb
	done
	r_median=$(percentile 50 "$times")
	r_max=$(percentile 100 "$times")
	if ! [ -s "$LOGS/$label.out" ]; then
		say "$label printed nothing"
		step_failed "$label" 0 "$LOGS/$label.err"
		return 1
	fi
}

# tether_list LABEL PROFILE: sets l_median, l_max, l_cold, l_kb, l_note.
tether_list() {
	l_median="" l_max="" l_cold="" l_kb="" l_note=""
	if ! tether_has list; then
		l_note="tether has no list command yet"
		say "tether list: skipped, $l_note"
		return 1
	fi
	say "tether list --threads --limit 50 ($1), $BENCH_RUNS runs"
	if ! timed_runs "list-$1" "$BENCH_RUNS" \
	    "$TETHER" --profile "$2" list --threads --limit 50 --json; then
		l_note="tether list failed"
		return 1
	fi
	l_median=$r_median l_max=$r_max l_cold=$r_cold l_kb=$r_kb
	say "  median $l_median ms, max $l_max ms${l_cold:+, cold $l_cold ms}, $(mb "$l_kb") MB"
}

# The queries: kind, tether syntax and notmuch syntax, tab-separated.
Q_KIND=() Q_TETHER=() Q_NOTMUCH=()
load_queries() {
	local kind tq nq

	while IFS=$'\t' read -r kind tq nq; do
		Q_KIND+=("$kind") Q_TETHER+=("$tq") Q_NOTMUCH+=("$nq")
	done < <("$GEN" --queries "$BENCH_QUERIES" --seed "$BENCH_SEED")
	[ "${#Q_KIND[@]}" -eq "$BENCH_QUERIES" ]
}

# search_runs LABEL SYNTAX CMD...: runs CMD QUERY for every query (SYNTAX:
# tether or notmuch); sets s_p50, s_p95, s_max, s_kb and writes
# LOGS/LABEL.times as "kind<TAB>ms<TAB>query".
search_runs() {
	local label=$1 syntax=$2 i q times=$LOGS/$1.times
	shift 2

	s_p50="" s_p95="" s_max="" s_kb=0
	: >"$times"
	for ((i = 0; i < ${#Q_KIND[@]}; i++)); do
		if [ "$syntax" = tether ]; then q=${Q_TETHER[i]}; else q=${Q_NOTMUCH[i]}; fi
		run_timed "$LOGS/$label.out" "$LOGS/$label.err" "$@" "$q"
		if [ "$t_rc" -ne 0 ]; then
			say "query: $q"
			step_failed "$label" "$t_rc" "$LOGS/$label.err"
			rm -f "$times"
			return 1
		fi
		printf '%s\t%s\t%s\n' "${Q_KIND[i]}" "$t_ms" "$q" >>"$times"
		[ "$t_kb" -gt "$s_kb" ] && s_kb=$t_kb
	done
	cut -f2 "$times" >"$times.ms"
	s_p50=$(percentile 50 "$times.ms")
	s_p95=$(percentile 95 "$times.ms")
	s_max=$(percentile 100 "$times.ms")
	say "  p50 $s_p50 ms, p95 $s_p95 ms, max $s_max ms, $(mb "$s_kb") MB"
}

# --- notmuch ------------------------------------------------------------------------

# Its config and database live in BENCH_DIR/notmuch-LABEL; HOME points there
# too, so nothing of the user's is read or written.
nm_env() {
	local dir=$BENCH_DIR/notmuch-$1

	NM=(env NOTMUCH_CONFIG="$dir/config" HOME="$dir/home"
	    XDG_CONFIG_HOME="$dir/home/.config" XDG_DATA_HOME="$dir/home/.local/share"
	    notmuch)
}

nm_setup() {
	local dir=$BENCH_DIR/notmuch-$1

	rm -rf "$dir" "$dir.stamp"
	mkdir -p "$dir/db" "$dir/home"
	cat >"$dir/config" <<-EOF
	[database]
	path=$dir/db
	mail_root=$2
	[user]
	name=Dana Katz
	primary_email=dana@tether-bench.example
	[new]
	tags=unread;inbox;
	[maildir]
	synchronize_flags=true
	EOF
	nm_env "$1"
}

# nm_import LABEL MAILDIR COUNT: sets n_rate, n_kb.  With BENCH_PEER_REUSE=1,
# a database indexed earlier from the same corpus by the same notmuch is
# kept, and so are the figures measured then (notmuch new takes minutes).
nm_import() {
	local stamp=$BENCH_DIR/notmuch-$1.stamp want

	n_rate="" n_kb="" n_reused=false
	want="$(cat "$2.stamp" 2>/dev/null) notmuch $notmuch_version"
	if [ "$BENCH_PEER_REUSE" -ne 0 ] && [ -s "$stamp" ] &&
	    [ -d "$BENCH_DIR/notmuch-$1/db" ] &&
	    [ "$(head -1 "$stamp")" = "$want" ]; then
		nm_env "$1"
		read -r n_rate n_kb < <(sed -n 2p "$stamp")
		n_reused=true
		say "notmuch: reusing the database and the import figures of an earlier run ($1)"
		return 0
	fi
	nm_setup "$1" "$2"
	warm "$2"
	say "notmuch new on $3 messages ($1)"
	run_timed "$LOGS/notmuch-new-$1.out" "$LOGS/notmuch-new-$1.err" \
	    "${NM[@]}" new --quiet
	if [ "$t_rc" -ne 0 ]; then
		step_failed "notmuch new ($1)" "$t_rc" "$LOGS/notmuch-new-$1.err"
		return 1
	fi
	n_rate=$(calc 'sprintf("%.0f", n / (ms / 1000))' -v n="$3" -v ms="$t_ms")
	n_kb=$t_kb
	printf '%s\n%s %s\n' "$want" "$n_rate" "$n_kb" >"$stamp"
	say "  $n_rate messages/s, $(mb "$n_kb") MB"
}

nm_list() {
	n_median="" n_max="" n_cold="" n_lkb=""
	say "notmuch search --limit=50 '*' ($1), $BENCH_RUNS runs"
	timed_runs "notmuch-list-$1" "$BENCH_RUNS" "${NM[@]}" search \
	    --format=json --limit=50 '*' || return 1
	n_median=$r_median n_max=$r_max n_cold=$r_cold n_lkb=$r_kb
	say "  median $n_median ms, max $n_max ms${n_cold:+, cold $n_cold ms}, $(mb "$n_lkb") MB"
}

nm_search_args() {
	NM_SEARCH=("${NM[@]}" search --format=json)
	[ "$BENCH_SEARCH_LIMIT" -gt 0 ] && NM_SEARCH+=(--limit="$BENCH_SEARCH_LIMIT")
}

# --- the run ---------------------------------------------------------------------------

small_label=$(human "$BENCH_COUNT")
big_label=$(human "$BENCH_BIG")
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t_start=$SECONDS

say "tether: $tether_version ($TETHER)"
say "corpus: $BENCH_COUNT messages, seed $BENCH_SEED, in $BENCH_DIR"

MBOX=$BENCH_DIR/corpus/mail-$small_label.mbox
MAILDIR=$BENCH_DIR/corpus/mail-$small_label.maildir
small_ok=true
corpus "mail-$small_label.mbox" "$BENCH_COUNT" mbox || small_ok=false
peer_ok=$have_notmuch
if $small_ok && $have_notmuch; then
	corpus "mail-$small_label.maildir" "$BENCH_COUNT" maildir || peer_ok=false
fi
load_queries || { say "gen-mail --queries gave no queries"; failed=1; }

# Import, list and search at BENCH_COUNT.
cur_msgs=$BENCH_COUNT
imp_rate="" imp_kb="" imp_note="corpus missing"
l_median="" l_max="" l_cold="" l_kb="" l_note="no data imported"
s_p50="" s_p95="" s_max="" s_kb="" s_note="no data imported"
if $small_ok && tether_import "$small_label" "$BENCH_DIR/profile-$small_label" "$MBOX" "$BENCH_COUNT"; then
	tether_list "$small_label" "$BENCH_DIR/profile-$small_label"
	if ! tether_has search; then
		s_note="tether has no search command yet"
		say "tether search: skipped, $s_note"
	else
		T_SEARCH=("$TETHER" --profile "$BENCH_DIR/profile-$small_label" search --json)
		[ "$BENCH_SEARCH_LIMIT" -gt 0 ] && T_SEARCH+=(--limit "$BENCH_SEARCH_LIMIT")
		say "tether search, ${#Q_KIND[@]} queries"
		if search_runs "search-$small_label" tether "${T_SEARCH[@]}"; then
			s_note=""
		else
			s_note="tether search failed"
			s_p50="" s_p95="" s_max="" s_kb=""
		fi
	fi
else
	l_note=$imp_note s_note=$imp_note
fi

n_rate="" n_kb="" n_median="" n_max="" n_cold="" n_lkb=""
np50="" np95="" nmax="" nskb=""
peer_reused=false
if $small_ok && $peer_ok && nm_import "$small_label" "$MAILDIR" "$BENCH_COUNT"; then
	peer_reused=$n_reused
	nm_list "$small_label"
	nm_search_args
	say "notmuch search, ${#Q_KIND[@]} queries"
	sp50=$s_p50 sp95=$s_p95 smax=$s_max skb=$s_kb
	if search_runs "notmuch-search-$small_label" notmuch "${NM_SEARCH[@]}"; then
		np50=$s_p50 np95=$s_p95 nmax=$s_max nskb=$s_kb
	fi
	s_p50=$sp50 s_p95=$sp95 s_max=$smax s_kb=$skb
fi

figure import_rate "import $small_label (messages/s)" "$imp_rate" messages/s higher '>=' 5000 "$n_rate" "$imp_note"
figure import_rss "import $small_label peak RSS (MB)" "$(mb "$imp_kb")" MB lower '' '' "$(mb "$n_kb")" "$imp_note"
figure list_median "list threads $small_label median (ms)" "$l_median" ms lower '' '' "$n_median" "$l_note"
figure list_max "list threads $small_label max (ms)" "$l_max" ms lower '' '' "$n_max" "$l_note"
if $can_drop; then
	figure list_cold "list threads $small_label cold (ms)" "$l_cold" ms lower '' '' "$n_cold" "$l_note"
fi
figure list_rss "list threads $small_label peak RSS (MB)" "$(mb "$l_kb")" MB lower '<' 50 "$(mb "$n_lkb")" "$l_note"
figure search_p50 "search $small_label p50 (ms)" "$s_p50" ms lower '' '' "$np50" "$s_note"
figure search_p95 "search $small_label p95 (ms)" "$s_p95" ms lower '<' 50 "$np95" "$s_note"
figure search_max "search $small_label max (ms)" "$s_max" ms lower '' '' "$nmax" "$s_note"
figure search_rss "search $small_label peak RSS (MB)" "$(mb "$s_kb")" MB lower '' '' "$(mb "$nskb")" "$s_note"
small_median=$l_median

# The listing set: BENCH_BIG messages with small bodies, to keep disk use sane.
if [ "$BENCH_BIG" -gt 0 ]; then
	cur_msgs=$BENCH_BIG
	BIG_MBOX=$BENCH_DIR/corpus/mail-$big_label-small.mbox
	BIG_MAILDIR=$BENCH_DIR/corpus/mail-$big_label-small.maildir
	say "listing set: $BENCH_BIG messages generated with --small (bodies of 1-2 KB, no attachments)"
	big_ok=true
	corpus "mail-$big_label-small.mbox" "$BENCH_BIG" mbox --small || big_ok=false
	big_peer=false
	if $big_ok && $have_notmuch && [ "$BENCH_PEER_BIG" -ne 0 ]; then
		big_peer=true
		corpus "mail-$big_label-small.maildir" "$BENCH_BIG" maildir --small || big_peer=false
	fi
	imp_rate="" imp_kb="" imp_note="corpus missing"
	l_median="" l_max="" l_cold="" l_kb="" l_note="no data imported"
	if $big_ok && tether_import "$big_label" "$BENCH_DIR/profile-$big_label" "$BIG_MBOX" "$BENCH_BIG"; then
		tether_list "$big_label" "$BENCH_DIR/profile-$big_label"
	else
		l_note=$imp_note
	fi
	n_rate="" n_kb="" n_median="" n_max="" n_cold="" n_lkb=""
	if $big_peer && nm_import "$big_label" "$BIG_MAILDIR" "$BENCH_BIG"; then
		$n_reused && peer_reused=true
		nm_list "$big_label"
	fi
	vs=""
	if [ -n "$l_median" ] && [ -n "$small_median" ]; then
		vs=$(calc 'sprintf("%.2f", a / b)' -v a="$l_median" -v b="$small_median")
	fi
	figure big_import_rate "import $big_label small (messages/s)" "$imp_rate" messages/s higher '' '' "$n_rate" "$imp_note"
	figure big_import_rss "import $big_label small peak RSS (MB)" "$(mb "$imp_kb")" MB lower '' '' "$(mb "$n_kb")" "$imp_note"
	figure big_list_median "list threads $big_label median (ms)" "$l_median" ms lower '<' 50 "$n_median" "$l_note"
	figure big_list_max "list threads $big_label max (ms)" "$l_max" ms lower '' '' "$n_max" "$l_note"
	if $can_drop; then
		figure big_list_cold "list threads $big_label cold (ms)" "$l_cold" ms lower '' '' "$n_cold" "$l_note"
	fi
	figure big_list_rss "list threads $big_label peak RSS (MB)" "$(mb "$l_kb")" MB lower '<' 50 "$(mb "$n_lkb")" "$l_note"
	# "No slower than at 100,000", with 10% for the noise of a shared machine.
	figure big_list_vs_small "list $big_label median / $small_label median" "$vs" ratio lower '<=' 1.10 '' "$l_note"
else
	say "BENCH_BIG=0: the large listing set is skipped"
fi

# --- the table ---------------------------------------------------------------------------

target_text() {
	case $1 in
	'') echo "-" ;;
	'>=') echo ">= $2" ;;
	'<=') echo "<= $2" ;;
	*) echo "$1 $2" ;;
	esac
}

peer_name=notmuch
$have_notmuch && peer_name="notmuch $notmuch_version"
{
	echo
	printf '%-40s %10s %10s %6s %12s %7s\n' figure value target meets "$peer_name" ratio
	printf '%.0s-' {1..90}
	echo
	for ((i = 0; i < ${#F_ID[@]}; i++)); do
		value=${F_VALUE[i]:-"-"}
		[ -z "${F_VALUE[i]}" ] && [ -n "${F_NOTE[i]}" ] && value="n/a"
		printf '%-40s %10s %10s %6s %12s %7s\n' "${F_LABEL[i]}" "$value" \
		    "$(target_text "${F_OP[i]}" "${F_TARGET[i]}")" "${F_MEETS[i]:--}" \
		    "${F_PEER[i]:--}" "${F_RATIO[i]:--}"
	done
	printf '%.0s-' {1..90}
	echo
	echo "ratio > 1: tether does better (rates: tether / notmuch; times and memory: notmuch / tether)."
	if [ "$BENCH_BIG" -gt 0 ]; then
		echo "The $big_label listing set is generated with --small (bodies of 1-2 KB, no attachments)."
		[ "$BENCH_PEER_BIG" -eq 0 ] && echo "notmuch is not run on it (BENCH_PEER_BIG=1 to do so)."
	fi
	$can_drop || echo "Page cache could not be dropped: all runs are warm, no cold figures."
	echo "Times are process wall times, start-up included; list: median of $BENCH_RUNS runs."
	if [ "$BENCH_SEARCH_LIMIT" -gt 0 ]; then
		echo "Searches ask for the first $BENCH_SEARCH_LIMIT results (tether: messages, notmuch: threads; BENCH_SEARCH_LIMIT=0: all)."
	else
		echo "Searches print every result (BENCH_SEARCH_LIMIT=0)."
	fi
	$peer_reused && echo "notmuch's import figures come from an earlier run (BENCH_PEER_REUSE=1)."
	$have_notmuch || echo "peer notmuch: not installed (apt-get install notmuch)"
	for ((i = 0; i < ${#F_ID[@]}; i++)); do
		[ -z "${F_VALUE[i]}" ] && [ -n "${F_NOTE[i]}" ] && echo "n/a: ${F_NOTE[i]}."
	done | awk '!seen[$0]++'
	if [ -s "$LOGS/search-$small_label.times" ]; then
		echo
		echo "search by kind, median ms (tether / notmuch):"
		cut -f1 "$LOGS/search-$small_label.times" | awk '!s[$0]++' |
		while read -r kind; do
			a=$(awk -F'\t' -v k="$kind" '$1 == k { print $2 }' "$LOGS/search-$small_label.times" |
			    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
			b=$(awk -F'\t' -v k="$kind" '$1 == k { print $2 }' "$LOGS/notmuch-search-$small_label.times" 2>/dev/null |
			    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
			printf '  %-12s %8s %8s\n' "$kind" "$a" "${b:--}"
		done
	fi
}

# --- results.json ------------------------------------------------------------------------

json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	printf '"%s"' "$s"
}

json_num() {
	if [ -n "$1" ]; then printf '%s' "$1"; else printf 'null'; fi
}

json_times() {
	local file=$1 first=true kind ms q

	printf '['
	if [ -s "$file" ]; then
		while IFS=$'\t' read -r kind ms q; do
			$first || printf ', '
			first=false
			printf '{"kind": %s, "query": %s, "ms": %s}' "$(json_str "$kind")" \
			    "$(json_str "$q")" "$ms"
		done <"$file"
	fi
	printf ']'
}

{
	printf '{\n  "tether_bench": 1,\n  "started": %s,\n  "seconds": %s,\n' \
	    "$(json_str "$started")" "$((SECONDS - t_start))"
	printf '  "machine": {"nproc": %s, "uname": %s, "cpu": %s, "mem_kb": %s, "sqlite": %s, "tether": %s},\n' \
	    "$(nproc)" "$(json_str "$(uname -srm)")" "$(json_str "$cpu")" \
	    "$(json_num "$mem_kb")" "$(json_str "$sqlite_version")" "$(json_str "$tether_version")"
	printf '  "corpus": {"seed": %s, "count": %s, "big": %s, "big_small_bodies": true, "queries": %s, "search_limit": %s, "list_runs": %s, "cold_runs": %s, "mbox_bytes": %s, "big_mbox_bytes": %s},\n' \
	    "$BENCH_SEED" "$BENCH_COUNT" "$BENCH_BIG" "${#Q_KIND[@]}" "$BENCH_SEARCH_LIMIT" "$BENCH_RUNS" \
	    "$can_drop" "$(json_num "$(corpus_bytes "$MBOX")")" \
	    "$(json_num "$( [ "$BENCH_BIG" -gt 0 ] && corpus_bytes "${BIG_MBOX:-/nonexistent}")")"
	printf '  "peers": {"notmuch": {"installed": %s, "version": %s, "on_big_set": %s, "import_reused": %s}},\n' \
	    "$have_notmuch" "$(json_str "$notmuch_version")" \
	    "$([ "$BENCH_PEER_BIG" -ne 0 ] && echo true || echo false)" "$peer_reused"
	printf '  "figures": [\n'
	for ((i = 0; i < ${#F_ID[@]}; i++)); do
		meets=null
		[ -n "${F_MEETS[i]}" ] && { [ "${F_MEETS[i]}" = yes ] && meets=true || meets=false; }
		target=null
		[ -n "${F_OP[i]}" ] && target="{\"op\": $(json_str "${F_OP[i]}"), \"value\": ${F_TARGET[i]}}"
		printf '    {"id": %s, "label": %s, "messages": %s, "value": %s, "unit": %s, "better": %s, "target": %s, "meets": %s, "peer": {"name": "notmuch", "value": %s}, "ratio": %s, "note": %s}%s\n' \
		    "$(json_str "${F_ID[i]}")" "$(json_str "${F_LABEL[i]}")" "${F_MSGS[i]}" \
		    "$(json_num "${F_VALUE[i]}")" "$(json_str "${F_UNIT[i]}")" \
		    "$(json_str "${F_BETTER[i]}")" "$target" "$meets" \
		    "$(json_num "${F_PEER[i]}")" "$(json_num "${F_RATIO[i]}")" \
		    "$(json_str "${F_NOTE[i]}")" "$([ $((i + 1)) -lt ${#F_ID[@]} ] && echo ,)"
	done
	printf '  ],\n'
	printf '  "searches": {"tether": %s, "notmuch": %s}\n}\n' \
	    "$(json_times "$LOGS/search-$small_label.times")" \
	    "$(json_times "$LOGS/notmuch-search-$small_label.times")"
} >"$BENCH_DIR/results.json"
say "results: $BENCH_DIR/results.json; logs: $LOGS"

if [ "$failed" -ne 0 ]; then
	say "a step failed (see above); exit status 1"
	exit 1
fi
exit 0
