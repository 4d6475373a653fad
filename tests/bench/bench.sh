#!/bin/bash
# bench.sh - make bench: times tether's import, thread list, search and IMAP sync on generated mail beside notmuch and mbsync; prints a table, writes results.json.
#
# `make bench` runs it from the build tree with TETHER, GEN and IMAP_RAW set; the
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
BENCH_SYNC_COUNT=${BENCH_SYNC_COUNT:-100000}
BENCH_CRM=${BENCH_CRM:-1}
# Optional: without it the sync part runs without its lower bound.
IMAP_RAW=${IMAP_RAW:-}

for knob in BENCH_COUNT BENCH_BIG BENCH_QUERIES BENCH_SEED BENCH_RUNS \
    BENCH_PEER_BIG BENCH_SEARCH_LIMIT BENCH_PEER_REUSE BENCH_SYNC_COUNT BENCH_CRM; do
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
#   is missing.  Later issues add their figures with the same call.  The
#   peer is notmuch unless FIG_PEER names another: FIG_PEER=mbsync figure ...
F_ID=() F_LABEL=() F_VALUE=() F_UNIT=() F_BETTER=() F_OP=() F_TARGET=()
F_PEER=() F_MEETS=() F_RATIO=() F_NOTE=() F_MSGS=() F_PNAME=()
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
	F_PNAME+=("${FIG_PEER:-notmuch}")
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
have_mbsync=false
mbsync_version=""
dovecot_version="" # known once the sync part starts its server
if command -v mbsync >/dev/null 2>&1; then
	have_mbsync=true
	mbsync_version=$(mbsync --version 2>/dev/null | awk '{ print $2 }')
elif [ "$BENCH_SYNC_COUNT" -gt 0 ]; then
	say "peer mbsync: not installed (apt-get install isync)"
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

# --- IMAP sync ------------------------------------------------------------------------
#
# A private Dovecot (tests/servers/testbed.sh) on loopback serves
# BENCH_SYNC_COUNT generated messages in alice's INBOX; tether sync, mbsync
# and imap-raw fetch them from it in the same run.

# shellcheck source=SCRIPTDIR/../servers/testbed.sh
. "$(dirname "${BASH_SOURCE[0]}")/../servers/testbed.sh"

sync_running=false # a Dovecot of ours runs
SYNC_TMP=""        # the server's directory under /tmp when BENCH_DIR is too deep for its sockets

# Dovecot is stopped however the run ends: its master leaves our session.
sync_cleanup() {
	if $sync_running; then
		testbed_cleanup
		sync_running=false
	fi
	if [ -n "$SYNC_TMP" ]; then
		rm -rf "$SYNC_TMP"
		SYNC_TMP=""
	fi
}
trap sync_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# sync_load CORPUS MAILDIR: fills MAILDIR with the corpus's messages under
# the names Dovecot's own delivery gives, TIME.N.bench,S=SIZE,W=VSIZE:2,FLAGS:
# Dovecot then takes sizes from the names instead of reading each file, and
# numbers the messages in the corpus's order (it sorts new names by their
# leading time).  The files are hard links to the corpus (copies across file
# systems), so a reload is cheap; the names, which need every file read once,
# are kept in CORPUS.dovecot-names.  As root the files go to the virtual uid
# Dovecot runs as, and so do the corpus's (the same inodes; root reads them).
sync_load() {
	local corpus=$1 maildir=$2 names=$1.dovecot-names build=1 owner=()

	if [ -s "$names" ] && [ "$(cat "$names.stamp" 2>/dev/null)" = "$(cat "$corpus.stamp")" ]; then
		build=0
	fi
	[ "$(id -u)" -eq 0 ] && owner=("$TESTBED_VUID" "$TESTBED_VUID")
	mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp" || return 1
	perl - "$corpus" "$maildir" "$names" "$build" "${owner[@]}" \
	    >"$LOGS/sync-load.out" 2>"$LOGS/sync-load.err" <<-'PERL'
	use strict;
	use warnings;

	# Only perl-base: File::Copy is in perl-modules, which may be missing.
	sub copy_file {
		my ($from, $to) = @_;
		open(my $in, '<:raw', $from) or return 0;
		my $m = do { local $/; <$in> };
		open(my $out, '>:raw', $to) or return 0;
		print $out $m or return 0;
		return close $out;
	}

	my ($src, $dst, $names, $build, $uid, $gid) = @ARGV;
	my @pairs;
	if ($build) {
		opendir(my $d, "$src/cur") or die "$src/cur: $!\n";
		for my $f (readdir $d) {
			next unless $f =~ /^(\d+)\.\d+\.bench:2,([A-Za-z]*)$/;
			my ($n, $flags) = ($1, $2);
			open(my $fh, '<:raw', "$src/cur/$f") or die "$src/cur/$f: $!\n";
			my $m = do { local $/; <$fh> };
			close $fh;
			# W= is the size with CRLF line ends, as IMAP counts it.
			my $crlf = 0;
			$crlf = () = $m =~ /\r\n/g if index($m, "\r") >= 0;
			my $vsize = length($m) + ($m =~ tr/\n//) - $crlf;
			push @pairs, [$f, sprintf('%d.%d.bench,S=%d,W=%d:2,%s',
			    1500000000 + $n, $n, length $m, $vsize, $flags)];
		}
		closedir $d;
		open(my $out, '>', "$names.new") or die "$names.new: $!\n";
		print $out "$_->[0]\t$_->[1]\n" for @pairs;
		close $out or die "$names.new: $!\n";
		rename("$names.new", $names) or die "$names: $!\n";
	} else {
		open(my $in, '<', $names) or die "$names: $!\n";
		while (<$in>) {
			chomp;
			push @pairs, [split /\t/];
		}
	}
	for my $p (@pairs) {
		my ($from, $to) = ("$src/cur/$p->[0]", "$dst/cur/$p->[1]");
		link($from, $to) or copy_file($from, $to) or die "$to: $!\n";
		if (defined $gid) {
			chown($uid, $gid, $to) or die "chown $to: $!\n";
		}
	}
	print scalar(@pairs), "\n";
	PERL
	t_rc=$?
	if [ "$t_rc" -ne 0 ]; then
		step_failed "loading the server's Maildir" "$t_rc" "$LOGS/sync-load.err"
		return 1
	fi
	[ "$build" -eq 1 ] && cp "$corpus.stamp" "$names.stamp"
	if [ ${#owner[@]} -gt 0 ]; then
		chown "$TESTBED_VUID:$TESTBED_VUID" "${maildir%/*}" "$maildir" \
		    "$maildir/cur" "$maildir/new" "$maildir/tmp" || return 1
	fi
	sync_loaded=$(cat "$LOGS/sync-load.out")
	[ "$build" -eq 0 ] && warm "$corpus"
	return 0
}

# sync_start CORPUS: a fresh Dovecot index each run over alice's Maildir,
# reloaded from the corpus; sets sync_note when the server cannot run.
sync_start() {
	local dir rc

	dir=$(cd "$BENCH_DIR" && pwd -P)/imap
	# Dovecot's sockets live under DIR/run, and a socket path has at most 108 bytes.
	if [ ${#dir} -gt 70 ]; then
		SYNC_TMP=$(mktemp -d /tmp/tether-bench.XXXXXX) || return 1
		dir=$SYNC_TMP/imap
		say "$BENCH_DIR is too deep for Dovecot's sockets; the server lives in $dir for this run"
	fi
	# The test bed's certificates are valid for 2 days: new ones each run.
	rm -rf "$dir/mail/alice" "$dir"/*.pem "$dir"/*.key
	mkdir -p "$dir/mail" || return 1
	say "loading $BENCH_SYNC_COUNT messages into alice's Maildir ($dir/mail/alice)"
	sync_load "$1" "$dir/mail/alice/Maildir" || { sync_note="loading the server's Maildir failed"; return 1; }
	if [ "$sync_loaded" != "$BENCH_SYNC_COUNT" ]; then
		say "the server's Maildir holds $sync_loaded messages, not $BENCH_SYNC_COUNT"
		sync_note="the server's Maildir is incomplete"
		failed=1
		return 1
	fi
	testbed_dovecot_start "$dir" 2>"$LOGS/testbed.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		step_failed "starting Dovecot" "$rc" "$LOGS/testbed.err"
		sync_note="Dovecot did not start"
		return 1
	fi
	sync_running=true
	dovecot_version=$("$(_testbed_find dovecot)" --version 2>/dev/null | cut -d' ' -f1)
	say "Dovecot $dovecot_version on localhost:$TESTBED_IMAP_PORT ($dir)"
	return 0
}

# sync_step LABEL CMD...: runs CMD timed, at most SYNC_LIMIT seconds, with its
# output in LOGS/LABEL.out and .err; sets st_s (wall seconds) and st_kb.
sync_step() {
	local label=$1
	shift

	st_s="" st_kb=""
	run_timed "$LOGS/$label.out" "$LOGS/$label.err" timeout "$SYNC_LIMIT" "$@"
	if [ "$t_rc" -ne 0 ]; then
		[ "$t_rc" -eq 124 ] && echo "(timed out after $SYNC_LIMIT s)" >>"$LOGS/$label.err"
		step_failed "$label" "$t_rc" "$LOGS/$label.err"
		return 1
	fi
	st_s=$(calc 'sprintf("%.3f", ms / 1000)' -v ms="$t_ms")
	st_kb=$t_kb
}

# sync_noop LABEL CMD...: a resync with nothing to do, 3 times in a row
# (the first right after the sync before it); st_s is their median, since
# one run of a tenth of a second is at the mercy of the shared machine.
sync_noop() {
	local label=$1 i runs=()
	shift

	for i in 1 2 3; do
		sync_step "$label" "$@" || return 1
		runs+=("$st_s")
	done
	st_s=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p)
	say "  ${runs[*]} s; median $st_s s"
}

# Messages per second of a sync that took $1 seconds.
rate() {
	[ -n "$1" ] && calc '(s > 0) ? sprintf("%.0f", n / s) : ""' -v n="$BENCH_SYNC_COUNT" -v s="$1"
}

# The lower bound: imap-raw's one UID FETCH of the header fields (best of
# 3, the first of which may fill Dovecot's cache) and of the whole bodies.
sync_raw() {
	local i n

	raw_h="" raw_b="" raw_runs=()
	if [ -z "$IMAP_RAW" ] || [ ! -x "$IMAP_RAW" ]; then
		raw_note="imap-raw is not built (make bench builds it)"
		say "raw bound: skipped, $raw_note"
		return 1
	fi
	RAW=("$IMAP_RAW" localhost "$TESTBED_IMAP_PORT" "$TESTBED_CA" alice secret)
	say "raw bound: imap-raw, UID FETCH 1:* of the header fields, 3 runs"
	for i in 1 2 3; do
		sync_step raw-headers "${RAW[@]}" || { raw_note="imap-raw failed"; return 1; }
		n=$(awk '{ print $3 }' "$LOGS/raw-headers.out")
		if [ "$n" != "$BENCH_SYNC_COUNT" ]; then
			say "imap-raw saw $n messages, not $BENCH_SYNC_COUNT"
			failed=1
			raw_note="imap-raw saw $n messages"
			return 1
		fi
		raw_runs+=("$st_s")
		if [ -z "$raw_h" ] || [ "$(calc '(a < b)' -v a="$st_s" -v b="$raw_h")" = 1 ]; then
			raw_h=$st_s
		fi
	done
	say "  ${raw_runs[*]} s; best $raw_h s, $(rate "$raw_h") messages/s"
	say "raw bound: imap-raw --bodies, UID FETCH 1:* BODY.PEEK[]"
	sync_step raw-bodies "${RAW[0]}" --bodies "${RAW[@]:1}" || { raw_note="imap-raw --bodies failed"; return 1; }
	raw_b=$st_s
	say "  $raw_b s, $(rate "$raw_b") messages/s, $(awk '{ printf "%.0f", $5 / 1048576 }' "$LOGS/raw-bodies.out") MB received"
}

# Messages in a Maildir.
maildir_count() {
	find "$1/cur" "$1/new" -type f 2>/dev/null | wc -l
}

# mbsync pulls INBOX into a fresh Maildir: full sync, no-op resync;
# sync_mbsync_flags later does its resync after the flag changes.
sync_mbsync() {
	local dir=$BENCH_DIR/mbsync n

	mb_full="" mb_kb="" mb_noop="" mb_flags=""
	if ! $have_mbsync; then
		mb_note="mbsync is not installed (apt-get install isync)"
		return 1
	fi
	mb_note="mbsync failed"
	rm -rf "$dir"
	mkdir -p "$dir/home" "$dir/mail" || return 1
	# FSync off: a flush per file would time the disk, not the sync.
	# localhost, since mbsync's certificate check ignores IP addresses;
	# blank lines end its sections.
	cat >"$dir/config" <<-EOF
	FSync no

	IMAPAccount bench
	Host localhost
	Port $TESTBED_IMAP_PORT
	User alice
	Pass secret
	SSLType IMAPS
	CertificateFile $TESTBED_CA

	IMAPStore far
	Account bench

	MaildirStore near
	Path $dir/mail/
	Inbox $dir/mail/INBOX

	Channel bench
	Far :far:INBOX
	Near :near:INBOX
	Sync Pull
	Create Near
	SyncState *
	EOF
	# HOME points into BENCH_DIR: nothing of the user's is read or written.
	MBSYNC=(env HOME="$dir/home" mbsync -c "$dir/config" bench)
	say "mbsync: full sync of INBOX into a new Maildir"
	sync_step mbsync-full "${MBSYNC[@]}" || return 1
	n=$(maildir_count "$dir/mail/INBOX")
	if [ "$n" -ne "$BENCH_SYNC_COUNT" ]; then
		say "mbsync fetched $n messages, not $BENCH_SYNC_COUNT"
		failed=1
		return 1
	fi
	mb_full=$st_s mb_kb=$st_kb
	say "  $mb_full s, $(rate "$mb_full") messages/s, $(mb "$mb_kb") MB"
	# mbsync waits 1 s after a recent change of its Maildir before trusting it.
	sleep 2
	say "mbsync: no-op resync, 3 runs"
	sync_noop mbsync-noop "${MBSYNC[@]}" || return 1
	mb_noop=$st_s
	mb_note=""
}

sync_mbsync_flags() {
	[ -n "$mb_noop" ] || return 1
	say "mbsync: resync after the flag changes"
	sync_step mbsync-flags "${MBSYNC[@]}" || return 1
	mb_flags=$st_s
	say "  $mb_flags s"
}

# \Flagged on 1% of the messages, spread evenly over the folder, among those
# not flagged yet so that each is a change; sets flags_changed.
sync_flag_changes() {
	local want=$((BENCH_SYNC_COUNT / 100)) set before after

	[ "$want" -lt 1 ] && want=1
	before=$(testbed_doveadm search -u alice mailbox INBOX FLAGGED 2>>"$LOGS/doveadm.err" | wc -l)
	set=$(testbed_doveadm search -u alice mailbox INBOX UNFLAGGED 2>>"$LOGS/doveadm.err" |
	    awk -v k="$want" '{ u[NR] = $2 }
	        END { for (i = 0; i < k && i < NR; i++)
	                  printf "%s%s", (i ? "," : ""), u[int((i + 0.5) * NR / k) + 1] }')
	if [ -z "$set" ] ||
	    ! testbed_doveadm flags add -u alice '\Flagged' mailbox INBOX uid "$set" 2>>"$LOGS/doveadm.err"; then
		step_failed "doveadm flags add" 1 "$LOGS/doveadm.err"
		return 1
	fi
	after=$(testbed_doveadm search -u alice mailbox INBOX FLAGGED 2>>"$LOGS/doveadm.err" | wc -l)
	flags_changed=$((after - before))
	say "server: \\Flagged added to $flags_changed messages (doveadm flags add)"
}

# tether sync into a new profile: headers, bodies, no-op resync; the resync
# after the flag changes is sync_tether_flags.
sync_tether() {
	local profile=$BENCH_DIR/sync-profile-$sync_label

	tt_h="" tt_b="" tt_full="" tt_kb="" tt_noop="" tt_flags=""
	if ! "$TETHER" sync --help >/dev/null 2>&1; then
		tt_note="tether has no sync command yet"
		say "tether sync: skipped, $tt_note"
		return 1
	fi
	rm -rf "$profile"
	mkdir -p "$profile" || return 1
	cat >"$profile/config" <<-EOF
	[account bench]
	email = alice@example.test
	username = alice
	imap_host = localhost
	imap_port = $TESTBED_IMAP_PORT
	tls_ca_file = $TESTBED_CA
	smtp_host = localhost
	smtp_port = 465
	password_cmd = printf secret
	EOF
	chmod 600 "$profile/config"
	T_SYNC=("$TETHER" --profile "$profile" sync)
	tt_note="tether sync failed"
	if "$TETHER" sync --help 2>&1 | grep -q -- --headers-only; then
		say "tether sync --headers-only: the initial sync's headers"
		sync_step tether-sync-headers "${T_SYNC[@]}" --headers-only || return 1
		tt_h=$st_s tt_kb=$st_kb
		say "  $tt_h s, $(rate "$tt_h") messages/s, $(mb "$st_kb") MB"
		say "tether sync: the bodies"
	else
		tt_hnote="tether sync has no --headers-only"
		say "tether sync: $tt_hnote; one initial sync of everything"
	fi
	sync_step tether-sync-bodies "${T_SYNC[@]}" || return 1
	[ -n "$tt_h" ] && tt_b=$st_s
	tt_full=$(calc 'sprintf("%.3f", a + b)' -v a="${tt_h:-0}" -v b="$st_s")
	[ "$st_kb" -gt "${tt_kb:-0}" ] && tt_kb=$st_kb
	say "  $st_s s; initial sync $tt_full s, $(rate "$tt_full") messages/s, $(mb "$tt_kb") MB"
	# What tether says it holds, for the reader to compare with the count.
	"$TETHER" --profile "$profile" list --folders >"$LOGS/tether-sync-folders.out" 2>&1 &&
	    say "  tether list --folders: $(grep -i -m1 inbox "$LOGS/tether-sync-folders.out")"
	say "tether sync: no-op resync, 3 runs"
	sync_noop tether-sync-noop "${T_SYNC[@]}" || return 1
	tt_noop=$st_s
	tt_note=""
}

sync_tether_flags() {
	[ -n "$tt_noop" ] || return 1
	say "tether sync: resync after the flag changes"
	sync_step tether-sync-flags "${T_SYNC[@]}" || { tt_fnote="tether sync failed"; return 1; }
	tt_flags=$st_s
	say "  $tt_flags s"
}

# The journal: up to 10,000 messages flagged in tether (one command, the
# local commit), then the sync that sends them (its seconds and how many
# commands went to the server, from the IMAP trace).
sync_journal() {
	local profile=$BENCH_DIR/sync-profile-$sync_label ids n trace=$LOGS/journal.trace

	jn_note="" jn_local="" jn_replay="" jn_trips="" jn_count=""
	if ! "$TETHER" journal --help >/dev/null 2>&1; then
		jn_note="tether has no journal yet"
		return 1
	fi
	ids=$("$TETHER" --profile "$profile" list --folder bench/INBOX --limit 10000 --json |
	    grep -o '{"id": [0-9]*' | cut -d' ' -f2 | tr '\n' ' ')
	n=$(printf '%s\n' $ids | grep -c .)
	jn_count=$n
	say "tether flag: $n messages flagged locally"
	# shellcheck disable=SC2086
	sync_step tether-flag "$TETHER" --profile "$profile" flag $ids || { jn_note="tether flag failed"; return 1; }
	jn_local=$st_s
	say "  $jn_local s; tether sync sends them"
	rm -f "$trace"
	TETHER_IMAP_TRACE=$trace sync_step tether-journal-replay "${T_SYNC[@]}" ||
	    { jn_note="tether sync failed"; return 1; }
	jn_replay=$st_s
	jn_trips=$(grep -c '^C: [0-9]* UID STORE' "$trace")
	say "  $jn_replay s, $jn_trips UID STORE commands"
}

# Delivery to store under tether sync --watch: a message saved on the
# server with doveadm, the time until the store holds it; the median of 5.
sync_watch() {
	local profile=$BENCH_DIR/sync-profile-$sync_label fifo=$BENCH_DIR/watch.fifo
	local pid i t0 before now times=() msg=$LOGS/watch.eml

	wt_note="" wt_ms=""
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	"$TETHER" --profile "$profile" sync --watch --events <"$fifo" >"$LOGS/watch.out" 2>&1 &
	pid=$!
	exec 8>"$fifo"
	count() {
		"$TETHER" --profile "$profile" list --folders --json | grep -o '"name": "INBOX", "role": "inbox", "messages": [0-9]*' |
		    awk '{ print $NF }'
	}
	# The first full pass ends with the watch idling on the inbox.
	for i in $(seq 1 600); do
		grep -q "progress bench/" "$LOGS/watch.out" && break
		sleep 0.1
	done
	sleep 2
	for i in 1 2 3 4 5; do
		printf 'From: Bench <b@example.com>\nTo: alice@example.test\nSubject: watch %s\nMessage-ID: <watch%s.%s@bench.example>\nDate: %s\n\nhello\n' \
		    "$i" "$i" "$$" "$(date -R)" >"$msg"
		before=$(count)
		t0=$(date +%s%N)
		testbed_doveadm save -u alice -m INBOX <"$msg" 2>>"$LOGS/doveadm.err"
		now=$before
		while [ "$now" = "$before" ]; do
			[ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 30000 ] && break
			sleep 0.05
			now=$(count)
		done
		times+=($(( ($(date +%s%N) - t0) / 1000000 )))
	done
	exec 8>&-
	wait "$pid"
	wt_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
	say "tether sync --watch: delivery to store ${times[*]} ms, median $wt_ms ms"
}

# The whole sync part; adds its figures.
sync_run() {
	local corpus=$BENCH_DIR/corpus/mail-$sync_label.maildir h_vs="" full_vs=""
	local h_vs_note="" full_vs_note=""

	sync_note="" raw_note="" tt_note="" tt_hnote="" tt_fnote="" mb_note=""
	raw_h="" raw_b="" raw_runs=() mb_full="" mb_kb="" mb_noop="" mb_flags=""
	tt_h="" tt_b="" tt_full="" tt_kb="" tt_noop="" tt_flags="" flags_changed=""
	jn_note="" jn_local="" jn_replay="" jn_trips="" jn_count="" wt_note="" wt_ms=""
	# At most a minute plus 20 ms a message for any one step: a hung step
	# fails instead of holding the run.
	SYNC_LIMIT=$((60 + BENCH_SYNC_COUNT / 50))
	cur_msgs=$BENCH_SYNC_COUNT
	say "IMAP sync: $BENCH_SYNC_COUNT messages on a private Dovecot"
	if ! testbed_require dovecot doveadm openssl 2>"$LOGS/testbed.err"; then
		sync_note="Dovecot is not installed (apt-get install dovecot-imapd)"
		say "IMAP sync: skipped, $sync_note"
	elif ! command -v perl >/dev/null 2>&1; then
		sync_note="perl is missing (it loads the server's Maildir)"
		say "IMAP sync: skipped, $sync_note"
	elif corpus "mail-$sync_label.maildir" "$BENCH_SYNC_COUNT" maildir &&
	    need_space $((BENCH_SYNC_COUNT * AVG_NORMAL * 3)) "mbsync's Maildir and tether's synced profile" &&
	    sync_start "$corpus"; then
		if testbed_doveadm mailbox status -u alice messages INBOX >"$LOGS/doveadm.out" 2>"$LOGS/doveadm.err"; then
			# Dovecot indexes a new Maildir on first access; a real server has done so long ago.
			say "  Dovecot indexed INBOX: $(cat "$LOGS/doveadm.out")"
		fi
		sync_raw
		sync_mbsync
		sync_tether
		if [ -n "$mb_noop" ] || [ -n "$tt_noop" ]; then
			sync_flag_changes && { sync_tether_flags; sync_mbsync_flags; }
		fi
		if [ -n "$tt_noop" ]; then
			sync_journal
			sync_watch
		fi
	else
		[ -n "$sync_note" ] || sync_note="no server to sync from"
	fi
	sync_cleanup

	[ -n "$sync_note" ] && raw_note=$sync_note tt_note=$sync_note mb_note=$sync_note
	# A ratio's note names what is missing: tether's side first.
	if [ -n "$tt_h" ] && [ -n "$raw_h" ]; then
		h_vs=$(calc 'sprintf("%.2f", a / b)' -v a="$tt_h" -v b="$raw_h")
	elif [ -z "$tt_h" ]; then
		h_vs_note=${tt_note:-$tt_hnote}
	else
		h_vs_note=$raw_note
	fi
	if [ -n "$tt_full" ] && [ -n "$mb_full" ]; then
		full_vs=$(calc 'sprintf("%.2f", a / b)' -v a="$tt_full" -v b="$mb_full")
	elif [ -z "$tt_full" ]; then
		full_vs_note=$tt_note
	else
		full_vs_note=$mb_note
	fi
	FIG_PEER=imap-raw figure sync_headers "sync $sync_label headers (s)" "$tt_h" s lower '' '' "$raw_h" "${tt_note:-$tt_hnote}"
	FIG_PEER=imap-raw figure sync_headers_rate "sync $sync_label headers (messages/s)" "$(rate "$tt_h")" messages/s higher '' '' "$(rate "$raw_h")" "${tt_note:-$tt_hnote}"
	FIG_PEER=imap-raw figure sync_headers_vs_raw "sync $sync_label headers / raw bound" "$h_vs" ratio lower '<=' 1.5 '' "$h_vs_note"
	FIG_PEER=imap-raw figure sync_bodies "sync $sync_label bodies (s)" "$tt_b" s lower '' '' "$raw_b" "${tt_note:-$tt_hnote}"
	FIG_PEER=mbsync figure sync_full "sync $sync_label initial, all (s)" "$tt_full" s lower '' '' "$mb_full" "$tt_note"
	FIG_PEER=mbsync figure sync_full_vs_mbsync "sync $sync_label initial / mbsync" "$full_vs" ratio lower '<' 1 '' "$full_vs_note"
	FIG_PEER=mbsync figure sync_rss "sync $sync_label peak RSS (MB)" "$(mb "$tt_kb")" MB lower '' '' "$(mb "$mb_kb")" "$tt_note"
	FIG_PEER=mbsync figure sync_noop "resync $sync_label no-op (s)" "$tt_noop" s lower '<' 1 "$mb_noop" "$tt_note"
	FIG_PEER=mbsync figure sync_flags "resync $sync_label after 1% flagged (s)" "$tt_flags" s lower '' '' "$mb_flags" "${tt_note:-$tt_fnote}"
	figure journal_local "flag $jn_count messages in tether (s)" "$jn_local" s lower '' '' '' "${tt_note:-$jn_note}"
	figure journal_replay "sync sending $jn_count flag changes (s)" "$jn_replay" s lower '' '' '' "${tt_note:-$jn_note}"
	figure journal_trips "UID STORE commands for them" "$jn_trips" commands lower '' '' '' "${tt_note:-$jn_note}"
	figure watch_latency "delivery to store under --watch (ms)" "$wt_ms" ms lower '<' 5000 '' "${tt_note:-$wt_note}"
}

# --- the interface ------------------------------------------------------------------

# ui_keys FILE: 1,000 scripted keys: j, PgDn (back Home every 100), and a
# search every tenth key, from the generated queries.
ui_keys() {
	local i=0 q=0
	: >"$1"
	while [ $i -lt 1000 ]; do
		case $((i % 10)) in
			0 | 1 | 2 | 3 | 4) echo j ;;
			9) echo "/${Q_TETHER[$((q % ${#Q_TETHER[@]}))]:-invoice}"; q=$((q + 1)) ;;
			*) echo PgDn ;;
		esac >>"$1"
		[ $((i % 100)) -eq 99 ] && echo Home >>"$1"
		i=$((i + 1))
	done
}

# ui_run LABEL PROFILE: the interface in tmux on PROFILE, replaying the
# keys; sets ui_paint (ms), ui_med/ui_p95 (ms a key), ui_kb (peak RSS).
ui_run() {
	local label=$1 profile=$2 out=$LOGS/ui-$1.out t=$LOGS/ui-$1.time sock=tether-bench-$$ i

	ui_paint="" ui_med="" ui_p95="" ui_kb="" ui_open=""
	rm -f "$out" "$t" "$t.open"
	tmux -L "$sock" -f /dev/null new -d -s ui -x 120 -y 40 \
	    "env LANG=C.UTF-8 TERM=screen-256color TETHER_NO_SYNC=1 TETHER_UI_REPLAY=$BENCH_DIR/ui-keys TETHER_UI_REPLAY_OUT=$out /usr/bin/time -f %M -o $t $TETHER --profile $profile" ||
	    return 1
	for i in $(seq 1 1200); do
		tmux -L "$sock" has-session -t ui 2>/dev/null || break
		sleep 0.25
	done
	tmux -L "$sock" kill-server 2>/dev/null
	[ -s "$out" ] || { say "  the interface wrote no figures"; return 1; }
	# Open and quit, timed from outside like NeoMutt: the whole process.
	echo Q >"$BENCH_DIR/ui-quit"
	tmux -L "$sock" -f /dev/null new -d -s ui -x 120 -y 40 \
	    "env LANG=C.UTF-8 TERM=screen-256color TETHER_NO_SYNC=1 TETHER_UI_REPLAY=$BENCH_DIR/ui-quit /usr/bin/time -f %e -o $t.open $TETHER --profile $profile" ||
	    return 1
	for i in $(seq 1 400); do
		tmux -L "$sock" has-session -t ui 2>/dev/null || break
		sleep 0.05
	done
	tmux -L "$sock" kill-server 2>/dev/null
	ui_open=$(tail -1 "$t.open" 2>/dev/null)
	ui_paint=$(awk '/^first_paint_ms/ { printf "%.1f", $2 }' "$out")
	ui_med=$(awk '/^keys/ { printf "%.2f", $4 }' "$out")
	ui_p95=$(awk '/^keys/ { printf "%.2f", $6 }' "$out")
	ui_kb=$(tail -1 "$t" 2>/dev/null)
	say "  first paint $ui_paint ms (open and quit: $ui_open s); a key: median $ui_med ms, p95 $ui_p95 ms; $(mb "$ui_kb") MB"
}

# nm_open LABEL MAILDIR: NeoMutt opening the same mail from its header cache
# (a first open builds the cache, untimed); sets mu_s and mu_kb.
nm_open() {
	local label=$1 dir=$BENCH_DIR/neomutt-$1 sock=tether-bench-nm-$$ run i

	mu_s="" mu_kb="" mu_note=""
	if ! command -v neomutt >/dev/null 2>&1; then
		mu_note="neomutt is not installed (apt-get install neomutt)"
		return 1
	fi
	mkdir -p "$dir"
	cat >"$dir/rc" <<-EOF
	set folder = $dir
	set spoolfile = $2
	set header_cache = $dir/hcache
	set sleep_time = 0
	set mbox_type = Maildir
	set sort = threads
	set mark_old = no
	EOF
	for run in cache timed; do
		rm -f "$dir/time"
		tmux -L "$sock" -f /dev/null new -d -s nm -x 120 -y 40 \
		    "/usr/bin/time -f '%e %M' -o $dir/time env TERM=screen-256color neomutt -n -F $dir/rc -e 'push <quit>'"
		for i in $(seq 1 2400); do
			tmux -L "$sock" has-session -t nm 2>/dev/null || break
			sleep 0.25
		done
		tmux -L "$sock" kill-server 2>/dev/null
	done
	read -r mu_s mu_kb <"$dir/time" || { mu_note="neomutt failed"; return 1; }
	say "  NeoMutt opens it in $mu_s s from its header cache, $(mb "$mu_kb") MB"
}

# ui_part LABEL PROFILE [MAILDIR]: the interface's figures for one set.
ui_part() {
	local label=$1 note=""

	if ! command -v tmux >/dev/null 2>&1; then
		note="tmux is not installed (scripts/install-deps --test)"
	elif [ ! -s "$BENCH_DIR/ui-keys" ] && ! ui_keys "$BENCH_DIR/ui-keys"; then
		note="no keys"
	fi
	say "interface ($label): first paint and 1,000 keys (j, PgDn, search)"
	if [ -z "$note" ] && ! ui_run "$label" "$2"; then
		note="the interface failed"
	fi
	mu_s="" mu_kb="" mu_note="no Maildir of the same mail"
	if [ -n "${3:-}" ] && [ -d "$3" ]; then
		say "NeoMutt ($label): open from the header cache"
		nm_open "$label" "$3"
	fi
	figure "ui_paint_$label" "interface $label first paint (ms)" "$ui_paint" ms lower '<' 100 '' "$note"
	FIG_PEER=neomutt figure "ui_open_$label" "interface $label open and quit (s)" "$ui_open" s lower '' '' \
	    "$mu_s" "${note:-$mu_note}"
	figure "ui_key_$label" "interface $label key median (ms)" "$ui_med" ms lower '<' 10 '' "$note"
	figure "ui_key_p95_$label" "interface $label key p95 (ms)" "$ui_p95" ms lower '' '' '' "$note"
	FIG_PEER=neomutt figure "ui_rss_$label" "interface $label peak RSS (MB)" "$(mb "$ui_kb")" MB lower '<' 50 \
	    "$(mb "$mu_kb")" "$note"
}

# --- the run ---------------------------------------------------------------------------

small_label=$(human "$BENCH_COUNT")
big_label=$(human "$BENCH_BIG")
sync_label=$(human "$BENCH_SYNC_COUNT")
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
	ui_part "$small_label" "$BENCH_DIR/profile-$small_label" "$MAILDIR"
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

# --- the CRM: persons import, linking cost, an item view ----------------------------
#
# 50,000 persons (gen-mail's 2,000 correspondents first, then others who
# write no mail), 3,000 organizations and 20,000 deals, of which the
# correspondents hold: every fifth one open deal, every fifth two (their
# threads wait for a choice), every fifth a won deal (never a candidate).
# One more person, the hub, holds one open deal and writes 10,000
# one-message threads, which link to that deal: its view is timed.
CRM_PERSONS=50000 CRM_ORGS=3000 CRM_DEALS=20000 CRM_HUB=10000

# crm_csvs DIR: writes organizations.csv, persons.csv, deals.csv and hub.mbox.
crm_csvs() {
	local dir=$1

	mkdir -p "$dir" || return 1
	"$GEN" --people --seed "$BENCH_SEED" >"$dir/people.tsv" 2>"$LOGS/gen-people.err" || {
		step_failed "gen-mail --people" $? "$LOGS/gen-people.err"
		return 1
	}
	# Every field quoted, quotes doubled: names hold commas and quotes.
	awk -F'\t' -v orgs="$CRM_ORGS" -v persons="$CRM_PERSONS" -v deals="$CRM_DEALS" -v dir="$dir" '
	function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	{ addr[NR] = $1; name[NR] = $2; org[NR] = $3; if (!($3 in seen)) { seen[$3] = 1; olist[++no] = $3 } }
	END {
		n = NR
		of = dir "/organizations.csv"; pf = dir "/persons.csv"; df = dir "/deals.csv"
		print "Organization - Name,Organization - City" > of
		for (i = 1; i <= no; i++) print q(olist[i]) ",Bench City" > of
		print q("Hub Trading") ",Bench City" > of
		for (i = no + 2; i <= orgs; i++) print q("Filler Org " i) ",Filler City" > of
		print "Person - Name,Person - Email,Person - Organization" > pf
		for (i = 1; i <= n; i++) print q(name[i]) "," q(addr[i]) "," q(org[i]) > pf
		hub = n + 1
		print q("Hub Customer") "," q("orders@hub-bench.example") "," q("Hub Trading") > pf
		for (i = hub + 1; i <= persons; i++)
			print q("Filler Person " i) "," q("p" i "@filler" (i % 997) ".example") "," q("Filler Org " (no + 2 + i % (orgs - no - 1))) > pf
		# Persons are referred to by id: the import numbers them 1, 2, ...
		# in file order (bench.sh checks the hub has id n + 1).
		print "Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Person" > df
		print q("Hub account") ",50000,EUR,open," hub > df
		d = 1
		for (i = 1; i <= n; i++) {
			if (i % 5 == 1) { print q("Order " i) ",1000,EUR,open," i > df; d++ }
			else if (i % 5 == 2) { print q("Order " i " A") ",1000,EUR,open," i > df
				print q("Order " i " B") ",2000,EUR,open," i > df; d += 2 }
			else if (i % 5 == 3) { print q("Order " i " (won)") ",1500,EUR,won," i > df; d++ }
		}
		for (p = hub + 1; d < deals; d++) {
			print q("Filler deal " d) ",500,USD," (d % 4 == 0 ? "lost" : "open") "," p > df
			if (++p > persons) p = hub + 1
		}
	}' "$dir/people.tsv" || return 1
	# The hub: one-message threads to the mailbox owner, a minute apart.
	awk -v n="$CRM_HUB" 'BEGIN {
		for (i = 1; i <= n; i++) {
			t = 1767225600 + i * 60
			printf "From orders@hub-bench.example %s\n", strftime("%a %b %e %H:%M:%S %Y", t, 1)
			printf "From: Hub Customer <orders@hub-bench.example>\nTo: Dana Levi <dana@tether-bench.example>\n"
			printf "Subject: Hub order %d\nDate: %s\nMessage-ID: <hub-%d@hub-bench.example>\n", i, strftime("%a, %d %b %Y %H:%M:%S +0000", t, 1), i
			printf "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nPlease ship order %d.\n\n", i
		}
	}' >"$dir/hub.mbox"
}

# crm_step LABEL CMD...: one timed run; sets t_ms, fails the run on error.
crm_step() {
	local label=$1
	shift

	run_timed "$LOGS/$label.out" "$LOGS/$label.err" "$@"
	if [ "$t_rc" -ne 0 ]; then
		step_failed "$label" "$t_rc" "$LOGS/$label.err"
		return 1
	fi
}

# crm_states PROFILE: how many threads are linked, wait for a choice, have none.
crm_states() {
	"$TETHER" --profile "$1" list --threads --limit 10000000 --json 2>/dev/null |
	    grep -o '"link_state": "[a-z_]*"' | sort | uniq -c |
	    awk '{ gsub(/"/, "", $3); printf "%s%s %s", sep, $1, $3; sep = ", " }'
}

crm_part() {
	local dir=$BENCH_DIR/crm csv plain with hub_id
	local note="" p_s="" link_s="" view_med="" view_all=""

	cr_note=""
	if ! tether_has crm; then
		note="tether has no crm command yet"
	elif ! $small_ok; then
		note="corpus missing"
	fi
	if [ -z "$note" ]; then
		say "CRM: generating $CRM_PERSONS persons, $CRM_ORGS organizations, $CRM_DEALS deals, $CRM_HUB hub threads"
		crm_csvs "$dir" || note="the CRM files could not be made"
	fi
	plain=$dir/profile-plain with=$dir/profile-crm
	if [ -z "$note" ]; then
		rm -rf "$plain" "$with"
		crm_step crm-orgs "$TETHER" --profile "$with" crm import org "$dir/organizations.csv" &&
		say "CRM: import of $CRM_PERSONS persons" &&
		crm_step crm-persons "$TETHER" --profile "$with" crm import person "$dir/persons.csv" &&
		p_s=$(calc 'sprintf("%.2f", ms / 1000)' -v ms="$t_ms") &&
		say "  $p_s s; tether said: $(tail -1 "$LOGS/crm-persons.out")" &&
		crm_step crm-deals "$TETHER" --profile "$with" crm import deal "$dir/deals.csv" ||
		    note="a CRM import failed"
	fi
	if [ -z "$note" ]; then
		hub_id=$(($(wc -l <"$dir/people.tsv") + 1))
		if ! "$TETHER" --profile "$with" crm show person "$hub_id" 2>/dev/null | grep -q 'orders@hub-bench.example'; then
			say "CRM: person $hub_id is not the hub: the import did not number persons in file order"
			failed=1
			note="the persons were not numbered in file order"
		fi
	fi
	if [ -z "$note" ]; then
		# The same import twice, without and with the CRM: the difference
		# is what matching and linking cost.
		warm "$MBOX"
		say "CRM: import of $BENCH_COUNT messages without a CRM, then with it"
		crm_step crm-mail-plain "$TETHER" --profile "$plain" import --folder Bench "$MBOX" &&
		plain_ms=$t_ms &&
		crm_step crm-mail-crm "$TETHER" --profile "$with" import --folder Bench "$MBOX" &&
		link_s=$(calc 'sprintf("%.2f", (w - p) / 1000)' -v w="$t_ms" -v p="$plain_ms") &&
		say "  $(calc 'sprintf("%.1f", p / 1000)' -v p="$plain_ms") s without, $(calc 'sprintf("%.1f", w / 1000)' -v w="$t_ms") s with: linking costs $link_s s" &&
		say "  threads: $(crm_states "$with")" ||
		    note="a mail import failed"
	fi
	if [ -z "$note" ]; then
		crm_step crm-hub "$TETHER" --profile "$with" import --folder Hub "$dir/hub.mbox" &&
		crm_step crm-view-all "$TETHER" --profile "$with" crm show deal 1 --all --json ||
		    note="the hub's threads could not be imported"
	fi
	if [ -z "$note" ]; then
		view_all=$(calc 'sprintf("%.0f", ms)' -v ms="$t_ms")
		hub_threads=$(grep -o '"subject": "Hub order' "$LOGS/crm-view-all.out" | wc -l)
		say "CRM: the hub deal's view holds $hub_threads threads (all of them as JSON: $view_all ms)"
		if [ "$hub_threads" -lt "$CRM_HUB" ]; then
			say "CRM: $CRM_HUB hub threads should have linked to the hub deal"
			failed=1
		fi
		say "CRM: the hub deal's view, first 50 threads, $BENCH_RUNS runs"
		if timed_runs crm-view "$BENCH_RUNS" "$TETHER" --profile "$with" crm show deal 1 --json; then
			view_med=$r_median
			say "  median $r_median ms, max $r_max ms"
		else
			note="tether crm show failed"
		fi
	fi
	[ -n "$note" ] && say "CRM part: $note"
	figure crm_persons_import "crm import $(human "$CRM_PERSONS") persons (s)" "$p_s" s lower '' '' '' "${note:-no peer has a CRM}"
	figure crm_link_cost "linking cost, $small_label messages (s)" "$link_s" s lower '<' 5 '' "${note:-no peer has a CRM}"
	figure crm_view "deal view, $(human "$CRM_HUB") threads, first 50 (ms)" "$view_med" ms lower '<' 50 '' "${note:-no peer has a CRM}"
	figure crm_view_all "deal view, $(human "$CRM_HUB") threads, all (ms)" "$view_all" ms lower '' '' '' "${note:-no peer has a CRM}"
}

if [ "$BENCH_CRM" -ne 0 ]; then
	crm_part
else
	say "BENCH_CRM=0: the CRM part is skipped"
fi

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
		ui_part "$big_label" "$BENCH_DIR/profile-$big_label"
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

# IMAP sync from a private Dovecot holding BENCH_SYNC_COUNT messages.
if [ "$BENCH_SYNC_COUNT" -gt 0 ]; then
	sync_run
else
	say "BENCH_SYNC_COUNT=0: the IMAP sync part is skipped"
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
	printf '%-40s %10s %10s %6s %15s %7s\n' figure value target meets "$peer_name" ratio
	printf '%.0s-' {1..93}
	echo
	for ((i = 0; i < ${#F_ID[@]}; i++)); do
		value=${F_VALUE[i]:-"-"}
		[ -z "${F_VALUE[i]}" ] && [ -n "${F_NOTE[i]}" ] && value="n/a"
		# Another peer than the column's is named in its cell.
		peer=${F_PEER[i]:--}
		[ "${F_PNAME[i]}" != notmuch ] && [ -n "${F_PEER[i]}" ] && peer="${F_PNAME[i]} ${F_PEER[i]}"
		printf '%-40s %10s %10s %6s %15s %7s\n' "${F_LABEL[i]}" "$value" \
		    "$(target_text "${F_OP[i]}" "${F_TARGET[i]}")" "${F_MEETS[i]:--}" \
		    "$peer" "${F_RATIO[i]:--}"
	done
	printf '%.0s-' {1..93}
	echo
	echo "ratio > 1: tether does better (rates: tether / peer; times and memory: peer / tether)."
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
	if [ "$BENCH_SYNC_COUNT" -gt 0 ]; then
		echo "Sync: $sync_label messages in INBOX of a private Dovecot${dovecot_version:+ $dovecot_version}, TLS on loopback;"
		echo "  initial = tether's --headers-only run + its run for the bodies; no-op: median of 3 runs."
		if [ -n "$IMAP_RAW" ] && [ -x "$IMAP_RAW" ]; then
			echo "  imap-raw: one UID FETCH, responses read and thrown away, the lower bound (headers: best of 3)."
		else
			echo "  imap-raw was not built (make bench builds it): no lower bound."
		fi
		if $have_mbsync; then
			echo "  mbsync $mbsync_version: pulls INBOX into a Maildir (FSync no)."
		else
			echo "  peer mbsync: not installed (apt-get install isync)"
		fi
	fi
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
	printf '  "corpus": {"seed": %s, "count": %s, "big": %s, "sync_count": %s, "big_small_bodies": true, "queries": %s, "search_limit": %s, "list_runs": %s, "cold_runs": %s, "mbox_bytes": %s, "big_mbox_bytes": %s},\n' \
	    "$BENCH_SEED" "$BENCH_COUNT" "$BENCH_BIG" "$BENCH_SYNC_COUNT" "${#Q_KIND[@]}" "$BENCH_SEARCH_LIMIT" "$BENCH_RUNS" \
	    "$can_drop" "$(json_num "$(corpus_bytes "$MBOX")")" \
	    "$(json_num "$( [ "$BENCH_BIG" -gt 0 ] && corpus_bytes "${BIG_MBOX:-/nonexistent}")")"
	printf '  "peers": {"notmuch": {"installed": %s, "version": %s, "on_big_set": %s, "import_reused": %s},\n' \
	    "$have_notmuch" "$(json_str "$notmuch_version")" \
	    "$([ "$BENCH_PEER_BIG" -ne 0 ] && echo true || echo false)" "$peer_reused"
	printf '            "mbsync": {"installed": %s, "version": %s},\n' \
	    "$have_mbsync" "$(json_str "$mbsync_version")"
	printf '            "imap-raw": {"built": %s}},\n' \
	    "$([ -n "$IMAP_RAW" ] && [ -x "$IMAP_RAW" ] && echo true || echo false)"
	if [ "$BENCH_SYNC_COUNT" -gt 0 ]; then
		raw_json=$(printf '%s, ' "${raw_runs[@]}")
		printf '  "sync": {"server": %s, "messages": %s, "raw_headers_runs": [%s], "flags_changed": %s, "step_limit_s": %s},\n' \
		    "$(json_str "${dovecot_version:+Dovecot $dovecot_version}")" "$BENCH_SYNC_COUNT" \
		    "${raw_json%, }" "$(json_num "$flags_changed")" "$SYNC_LIMIT"
	fi
	printf '  "figures": [\n'
	for ((i = 0; i < ${#F_ID[@]}; i++)); do
		meets=null
		[ -n "${F_MEETS[i]}" ] && { [ "${F_MEETS[i]}" = yes ] && meets=true || meets=false; }
		target=null
		[ -n "${F_OP[i]}" ] && target="{\"op\": $(json_str "${F_OP[i]}"), \"value\": ${F_TARGET[i]}}"
		printf '    {"id": %s, "label": %s, "messages": %s, "value": %s, "unit": %s, "better": %s, "target": %s, "meets": %s, "peer": {"name": %s, "value": %s}, "ratio": %s, "note": %s}%s\n' \
		    "$(json_str "${F_ID[i]}")" "$(json_str "${F_LABEL[i]}")" "${F_MSGS[i]}" \
		    "$(json_num "${F_VALUE[i]}")" "$(json_str "${F_UNIT[i]}")" \
		    "$(json_str "${F_BETTER[i]}")" "$target" "$meets" \
		    "$(json_str "${F_PNAME[i]}")" "$(json_num "${F_PEER[i]}")" "$(json_num "${F_RATIO[i]}")" \
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
