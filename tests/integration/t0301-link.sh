# t0301-link.sh - persons and items of threads from real imports: matching, auto and manual links, reasons, views, archive, delete, merges.
. "$top_srcdir/tests/integration/test-lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"

# link_mode MODE: the config, two accounts (own addresses) and link_mode = MODE.
link_mode() {
	write_config "[general]
link_mode = $1

[account work]
email = me@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com

[account home]
email = Me@Home.Example
imap_host = imap.home.example
smtp_host = smtp.home.example"
}

# deliver ID FROM TO [CC [REFS]]: imports message <ID@t> with subject ID into
# Local; REFS are the IDs it replies to, oldest first (the last is In-Reply-To).
deliver() {
	local r
	{
		printf 'From: %s\nTo: %s\n' "$2" "$3"
		[ -z "${4:-}" ] || printf 'Cc: %s\n' "$4"
		printf 'Subject: %s\nMessage-ID: <%s@t>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n' "$1" "$1"
		if [ -n "${5:-}" ]; then
			printf 'In-Reply-To: <%s@t>\nReferences:' "${5##* }"
			for r in $5; do printf ' <%s@t>' "$r"; done
			printf '\n'
		fi
		printf '\nabout %s\n' "$1"
	} >"$TEST_TMP/$1.eml"
	"$TETHER" import "$TEST_TMP/$1.eml" >/dev/null
}

# tid ID: the thread of message <ID@t>.
tid() {
	"$TETHER" list --json | jq -r --arg m "$1@t" '.messages[] | select(.message_id == $m) | .thread_id'
}

# tj ID FILTER: jq -r FILTER over the thread of message <ID@t> (tether link --json).
tj() {
	local t j
	t=$(tid "$1") && [ -n "$t" ] || { echo "(no thread for $1@t)"; return 1; }
	j=$("$TETHER" link "$t" --json) || { echo "(tether link $t failed)"; return 1; }
	printf '%s' "$j" | jq -r "$2"
}

# item ID: the thread's item as KIND:TITLE, or - when it has none.
item() {
	tj "$1" 'if .link == null then "-" else "\(.link.kind):\(.link.title)" end'
}

# add KIND --FIELD VALUE...: adds a CRM item and prints its id.
add() {
	local j
	j=$("$TETHER" crm add "$@" --json) || return 1
	printf '%s' "$j" | jq -r .id
}

# view KIND ITEM: the subjects of an item's threads, sorted, space-separated
# (a failure prints a line that matches nothing).
view() {
	local j
	j=$("$TETHER" crm show "$1" "$2" --all --json) || { echo "(crm show $1 $2 failed)"; return 1; }
	printf '%s' "$j" | jq -r '[.threads[].subject] | sort | join(" ")'
}

# is GOT WANT: the strings are equal, or both are printed.
is() {
	[ "$1" = "$2" ] && return 0
	printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
	return 1
}

link_mode auto

# --- persons from addresses (LINK-01..05) --------------------------------------

test_expect_success 'LINK-01/02: a sender is matched case-insensitively and recorded as the participant'"'"'s person' '
	pid=$(add person --name "Ann Lee" --emails "Ann@Example.ORG; ann.lee@work.example") && [ -n "$pid" ] &&
	deliver m01 "Ann Lee <ANN@example.org>" me@example.com &&
	is "$(tj m01 "[.persons[] | \"\(.id) \(.name)\"] | join(\",\")")" "$pid Ann Lee"
'
test_expect_success 'LINK-02: a recipient is matched through any stored email of the person, case ignored' '
	deliver m02 me@example.com "Ann <ann.lee@WORK.example>" &&
	is "$(tj m02 "[.persons[].name] | join(\",\")")" "Ann Lee"
'
test_expect_success 'LINK-04: an unknown address creates no person and stays unlinked' '
	before=$("$TETHER" crm list person --json | jq ".items | length") &&
	deliver m04 "Stranger <stranger@nowhere.example>" me@example.com &&
	is "$(tj m04 ".persons | length")" 0 &&
	is "$("$TETHER" crm list person --json | jq ".items | length")" "$before" &&
	is "$("$TETHER" crm list person stranger --json | jq ".items | length")" 0
'

test_expect_success 'LINK-03: in manual mode persons are still matched' '
	link_mode manual &&
	add person --name "Carl Manual" --emails carl@manual.example >/dev/null &&
	add deal --title "D03" --person "Carl Manual" >/dev/null &&
	deliver m03 carl@manual.example me@example.com &&
	deliver m03b me@example.com carl@manual.example &&
	is "$(tj m03b "[.persons[].name] | join(\",\")")" "Carl Manual" &&
	is "$(tj m03 "[.persons[].name] | join(\",\")")" "Carl Manual"
'
test_expect_success 'LINK-07: in manual mode one open deal makes no item link, and the reason says manual' '
	for m in m03 m03b; do
		is "$(item $m)" - && is "$(tj $m .link_state)" none && contains "$(tj $m .link_reason)" "manual" || exit 1
	done
'
test_expect_success 'LINK-16: in manual mode the thread is linked by hand' '
	run_tether link "$(tid m03)" --deal D03 && [ "$rc" -eq 0 ] &&
	is "$(item m03)" "deal:D03" && is "$(tj m03 .link_state)" linked &&
	is "$(view deal D03)" m03
'
link_mode auto

test_expect_success 'LINK-05: link --person --address gives every thread of that address the person and adds the email' '
	add person --name "Dora Corp" --emails dora@corp.example >/dev/null &&
	add deal --title "D05" --person "Dora Corp" >/dev/null &&
	deliver m05a "Dora <dora.private@free.example>" me@example.com &&
	deliver m05b me@example.com dora.private@free.example &&
	is "$(tj m05a ".persons | length")" 0 &&
	run_tether link "$(tid m05a)" --person "Dora Corp" --address dora.private@free.example &&
	[ "$rc" -eq 0 ] && contains "$out" "2 threads" &&
	is "$(tj m05a "[.persons[].name] | join(\",\")")" "Dora Corp" &&
	is "$(tj m05b "[.persons[].name] | join(\",\")")" "Dora Corp" &&
	"$TETHER" crm show person "Dora Corp" --json | jq -e ".item.emails | index(\"dora.private@free.example\")" >/dev/null &&
	is "$(view person "Dora Corp")" "m05a m05b"
'
test_expect_success 'LINK-05/LINK-14: attaching an address changes no item link' '
	is "$(item m05a)" - && is "$(item m05b)" - && is "$(view deal D05)" ""
'
test_expect_success 'LINK-05: later mail from the attached address finds the person' '
	deliver m05c dora.private@free.example me@example.com &&
	is "$(tj m05c "[.persons[].name] | join(\",\")")" "Dora Corp" && is "$(item m05c)" "deal:D05"
'

test_expect_success 'LINK-02: an email added with crm edit matches the mail already stored' '
	add person --name "Edna Edit" --emails edna@old.example >/dev/null &&
	deliver m06 edna@new.example me@example.com && is "$(tj m06 ".persons | length")" 0 &&
	"$TETHER" crm edit person "Edna Edit" --emails "edna@old.example; Edna@New.example" >/dev/null &&
	is "$(tj m06 "[.persons[].name] | join(\",\")")" "Edna Edit"
'
test_expect_success 'LINK-02: an email removed with crm edit no longer matches' '
	"$TETHER" crm edit person "Edna Edit" --emails edna@old.example >/dev/null &&
	is "$(tj m06 ".persons | length")" 0 && is "$(view person "Edna Edit")" ""
'
test_expect_success 'LINK-02: a deleted person is no longer a participant'"'"'s person' '
	deliver m06b edna@old.example me@example.com &&
	is "$(tj m06b "[.persons[].name] | join(\",\")")" "Edna Edit" &&
	"$TETHER" crm delete person "Edna Edit" >/dev/null && is "$(tj m06b ".persons | length")" 0
'

# --- automatic item links (LINK-08..13), one isolated scenario per row ----------
# name | setup (tether crm commands, ";"-separated) | from | to | cc | state | item | candidates | description
while IFS='|' read -r name setup from to cc state want cands desc; do
	[ -n "$name" ] || continue
	test_expect_success "$desc" '
		(IFS=";"; for c in $setup; do eval "\"\$TETHER\" crm $c" >/dev/null || { echo "setup failed: crm $c"; exit 1; }; done) &&
		deliver "$name" "$from" "$to" "$cc" &&
		is "$(tj "$name" .link_state)" "$state" && is "$(item "$name")" "$want" &&
		is "$(tj "$name" "[.candidates[] | \"\(.kind):\(.title)\"] | sort | join(\",\")")" "$cands"
	'
done <<'EOF'
r08d|add person --name "P08 Deal" --emails p08d@c08.example;add deal --title D08 --person "P08 Deal"|p08d@c08.example|me@example.com||linked|deal:D08||LINK-08: exactly one open deal → the new thread is linked to it
r08l|add person --name "P08 Lead" --emails p08l@c08.example;add lead --title L08 --person "P08 Lead"|p08l@c08.example|me@example.com||linked|lead:L08||LINK-08: exactly one open lead → linked to it
r08p|add person --name "P08 Proj" --emails p08p@c08.example;add project --title PR08 --person "P08 Proj"|p08p@c08.example|me@example.com||linked|project:PR08||LINK-08: exactly one open project → linked to it
r09|add person --name "P09 A" --emails p09a@c09.example;add person --name "P09 B" --emails p09b@c09.example;add deal --title D09a --person "P09 A";add deal --title D09b --person "P09 B"|p09a@c09.example|me@example.com|p09b@c09.example|choose|-|deal:D09a,deal:D09b|LINK-09: two open deals across two persons → choose item with both candidates
r09m|add person --name "P09 M" --emails p09m@c09.example;add deal --title D09m --person "P09 M";add lead --title L09m --person "P09 M"|p09m@c09.example|me@example.com||choose|-|deal:D09m,lead:L09m|LINK-09: an open deal and an open lead of one person count together → choose
r10|add person --name "P10 None" --emails p10@c10.example|p10@c10.example|me@example.com||none|-||LINK-10: no open items → linked to persons only
r11|add person --name "P11 A" --emails p11a@c11.example;add person --name "P11 B" --emails p11b@c11.example;add person --name "P11 C" --emails p11c@c11.example;add deal --title D11 --person "P11 C"|me@example.com|p11a@c11.example, p11b@c11.example|p11c@c11.example|linked|deal:D11||LINK-11: several recipients, only one has an open item → linked to it
r12w|add person --name "P12 Won" --emails p12w@c12.example;add deal --title D12w --person "P12 Won" --status won|p12w@c12.example|me@example.com||none|-||LINK-12: a won deal is never a candidate
r12l|add person --name "P12 Lost" --emails p12l@c12.example;add deal --title D12l --person "P12 Lost" --status lost|p12l@c12.example|me@example.com||none|-||LINK-12: a lost deal is never a candidate
r12x|add person --name "P12 Del" --emails p12x@c12.example;add deal --title D12x --person "P12 Del";delete deal D12x|p12x@c12.example|me@example.com||none|-||LINK-12: a deleted deal is never a candidate
r12m|add person --name "P12 Mix" --emails p12m@c12.example;add deal --title D12open --person "P12 Mix";add deal --title D12won --person "P12 Mix" --status won;add deal --title D12lost --person "P12 Mix" --status lost;add deal --title D12del --person "P12 Mix";delete deal D12del|p12m@c12.example|me@example.com||linked|deal:D12open||LINK-12: one open deal beside won, lost and deleted ones → linked to the open one
r13a|add person --name "P13 Arch" --emails p13a@c13.example;add lead --title L13a --person "P13 Arch" --archived yes|p13a@c13.example|me@example.com||none|-||LINK-13: an archived lead does not count
r13c|add person --name "P13 Conv" --emails p13c@c13.example;add lead --title L13c --person "P13 Conv";convert lead L13c|p13c@c13.example|me@example.com||linked|deal:L13c||LINK-13: a converted lead does not count (only the deal it became)
r13d|add person --name "P13 Done" --emails p13d@c13.example;add project --title PR13d --person "P13 Done" --status completed|p13d@c13.example|me@example.com||none|-||LINK-13: a completed project does not count
r13k|add person --name "P13 Cxl" --emails p13k@c13.example;add project --title PR13k --person "P13 Cxl" --status canceled|p13k@c13.example|me@example.com||none|-||LINK-13: a canceled project does not count
r13p|add person --name "P13 PArch" --emails p13p@c13.example;add project --title PR13p --person "P13 PArch" --archived yes|p13p@c13.example|me@example.com||none|-||LINK-13: an archived project does not count
r13o|add person --name "P13 Open" --emails p13o@c13.example;add lead --title L13o --person "P13 Open";add project --title PR13o --person "P13 Open"|p13o@c13.example|me@example.com||choose|-|lead:L13o,project:PR13o|LINK-13: an open lead and an open project both count → choose
EOF

test_expect_success 'LINK-09/ambiguity 8: a later message in a "choose" thread keeps the flag' '
	deliver r09re p09a@c09.example me@example.com "" r09 &&
	is "$(tid r09re)" "$(tid r09)" && is "$(tj r09 .link_state)" choose
'
test_expect_success 'LINK-09/16: picking a candidate by hand links the thread' '
	run_tether link "$(tid r09)" --deal D09b && [ "$rc" -eq 0 ] &&
	is "$(item r09)" "deal:D09b" && is "$(tj r09 .link_state)" linked && is "$(view deal D09b)" r09
'
test_expect_success 'LINK-09: tether link lists the candidates of a "choose" thread for people' '
	run_tether link "$(tid r09m)" && [ "$rc" -eq 0 ] && contains "$out" "choose" &&
	contains "$out" "candidate: deal $(tj r09m "[.candidates[] | select(.kind == \"deal\") | .id][0]") D09m" &&
	contains "$out" "candidate: lead $(tj r09m "[.candidates[] | select(.kind == \"lead\") | .id][0]") L09m"
'
test_expect_success 'LINK-22 JSON: list --threads, thread and link --json agree on link, link_state, link_reason, candidates and persons' '
	for m in r08d r09m r10; do
		t=$(tid $m) && f="{link, link_state, link_reason, candidates, persons}" &&
		a=$("$TETHER" list --threads --json | jq -c ".threads[] | select(.id == $t) | $f") &&
		b=$("$TETHER" thread "$t" --json | jq -c ".thread | $f") &&
		c=$("$TETHER" link "$t" --json | jq -c "$f") &&
		[ -n "$a" ] && is "$b" "$a" && is "$c" "$a" || exit 1
	done
'
test_expect_success 'LINK-10: a thread without open items lists its persons and says why' '
	is "$(tj r10 "[.persons[].name] | join(\",\")")" "P10 None" &&
	contains "$(tj r10 .link_reason)" "no open deal, lead or project"
'
test_expect_success 'LINK-12: a thread whose persons have only closed deals says they were closed' '
	contains "$(tj r12w .link_reason)" "closed"
'

# --- timing and status changes (LINK-14, LINK-15) -----------------------------

test_expect_success 'LINK-14: a deal made after a thread began is not linked to a later reply in it' '
	add person --name "P14 Late" --emails p14@c14.example >/dev/null &&
	deliver m14a p14@c14.example me@example.com &&
	sleep 1 && add deal --title D14 --person "P14 Late" >/dev/null &&
	deliver m14b me@example.com p14@c14.example "" m14a &&
	is "$(tid m14b)" "$(tid m14a)" && is "$(item m14a)" - && is "$(view deal D14)" ""
'
test_expect_success 'LINK-14/25: its reason says the thread began before the deal was created' '
	contains "$(tj m14a .link_reason)" "began before deal \"D14\""
'
test_expect_success 'LINK-14: a new thread of that person is linked to the deal' '
	deliver m14c p14@c14.example me@example.com && is "$(item m14c)" "deal:D14"
'
test_expect_success 'LINK-15: marking the deal won keeps the existing link' '
	add person --name "P15 Won" --emails p15@c15.example >/dev/null &&
	add deal --title D15 --person "P15 Won" >/dev/null &&
	deliver m15a p15@c15.example me@example.com && is "$(item m15a)" "deal:D15" &&
	"$TETHER" crm edit deal D15 --status won >/dev/null &&
	is "$(item m15a)" "deal:D15" && is "$(tj m15a .link.status)" won && is "$(view deal D15)" m15a
'
test_expect_success 'LINK-15: a thread begun after the deal was won is not linked to it' '
	deliver m15b p15@c15.example me@example.com &&
	is "$(item m15b)" - && is "$(tj m15b .link_state)" none && is "$(view deal D15)" m15a
'

# --- manual links (LINK-16, 17, 23) and one link per thread (LINK-18) -----------

test_expect_success 'LINK-16: a thread is linked to a deal by hand, reason "by hand"' '
	add person --name "P16 Hand" --emails p16@c16.example >/dev/null &&
	deliver m16 p16@c16.example me@example.com &&
	add deal --title D16 --person "P16 Hand" >/dev/null &&
	add lead --title L16 --person "P16 Hand" >/dev/null &&
	run_tether link "$(tid m16)" --deal D16 && [ "$rc" -eq 0 ] && contains "$out" "D16" &&
	is "$(item m16)" "deal:D16" && contains "$(tj m16 .link_reason)" "by hand" &&
	is "$(view deal D16)" m16
'
test_expect_success 'LINK-17: linking the thread to a lead replaces the deal (one item only)' '
	run_tether link "$(tid m16)" --lead L16 && [ "$rc" -eq 0 ] &&
	is "$(item m16)" "lead:L16" && is "$(tj m16 ".link | type")" object &&
	is "$(view lead L16)" m16 && is "$(view deal D16)" ""
'
test_expect_success 'LINK-23: a thread links to a lead by its UUID and to a project by its title' '
	add person --name "P23 Pick" --emails p23@c23.example >/dev/null &&
	lid=$(add lead --title L23 --person "P23 Pick") &&
	add project --title PR23 --person "P23 Pick" >/dev/null &&
	deliver m23 p23@c23.example me@example.com && is "$(tj m23 .link_state)" choose &&
	"$TETHER" link "$(tid m23)" --lead "$lid" >/dev/null &&
	is "$(tj m23 "\"\\(.link.kind) \\(.link.id)\"")" "lead $lid" &&
	"$TETHER" link "$(tid m23)" --project PR23 >/dev/null &&
	is "$(item m23)" "project:PR23" && is "$(view project PR23)" m23 && is "$(view lead L23)" ""
'
test_expect_success 'LINK-16: linking to an item that does not exist is refused, the link stays' '
	run_tether link "$(tid m23)" --deal "No such deal"; [ "$rc" -eq 1 ] && [ -n "$err" ] &&
	is "$(item m23)" "project:PR23"
'
test_expect_success 'LINK-16/25: unlink removes the item link but keeps the persons' '
	run_tether unlink "$(tid m16)" && [ "$rc" -eq 0 ] &&
	is "$(item m16)" - && is "$(tj m16 "[.persons[].name] | join(\",\")")" "P16 Hand" &&
	is "$(view lead L16)" "" && contains "$(tj m16 .link_reason)" "by hand"
'
test_expect_success 'LINK-18: a reply in a linked thread shares its link; the deal view still counts one thread' '
	deliver r08re me@example.com p08d@c08.example "" r08d &&
	is "$(tid r08re)" "$(tid r08d)" && is "$(tj r08re .message_count)" 2 &&
	is "$(item r08re)" "deal:D08" &&
	is "$("$TETHER" crm show deal D08 --json | jq .thread_count)" 1
'
test_expect_success 'LINK-18/ambiguity 8: a reply that adds a person with an open item keeps the thread'"'"'s link' '
	deliver r08re2 p08d@c08.example me@example.com p11c@c11.example "r08d r08re" &&
	is "$(tid r08re2)" "$(tid r08d)" && is "$(item r08d)" "deal:D08" && is "$(view deal D11)" r11
'

# --- detail views (LINK-20, LINK-21) -----------------------------------------

test_expect_success 'LINK-20: a linked thread is listed in the deal, person and organization views' '
	add org --name "Org20" >/dev/null &&
	add person --name "P20 Org" --emails p20@org20.example --org Org20 >/dev/null &&
	add deal --title D20 --person "P20 Org" --org Org20 >/dev/null &&
	deliver m20 p20@org20.example me@example.com && is "$(item m20)" "deal:D20" &&
	is "$(view deal D20)" m20 && is "$(view person "P20 Org")" m20 && is "$(view org Org20)" m20
'
test_expect_success 'LINK-20: the organization view also lists threads of its deals whose person is elsewhere' '
	add person --name "P20 Free" --emails p20b@free20.example >/dev/null &&
	add deal --title D20b --person "P20 Free" --org Org20 >/dev/null &&
	deliver m20b p20b@free20.example me@example.com && is "$(item m20b)" "deal:D20b" &&
	is "$(view org Org20)" "m20 m20b"
'
test_expect_success 'LINK-20: crm show counts the threads in thread_count' '
	is "$("$TETHER" crm show org Org20 --json | jq .thread_count)" 2 &&
	run_tether crm show deal D20 && contains "$out" "1 thread"
'
test_expect_success 'LINK-21: a project view lists the threads of its deals (crm add project --deals)' '
	add project --title PR21 --person "P20 Org" --deals D20 >/dev/null &&
	is "$(view project PR21)" m20
'
test_expect_success 'LINK-21: and the threads linked to the project itself' '
	deliver m21 me@example.com p20@org20.example &&
	"$TETHER" link "$(tid m21)" --project PR21 >/dev/null &&
	is "$(view project PR21)" "m20 m21"
'

# --- why a thread is not linked (LINK-25, ERR-10) -----------------------------

test_expect_success 'LINK-25/ERR-10: every unlinked case has its own one-sentence reason' '
	is "$(tj r09m .link_state)" choose &&
	for m in m03b m04 r10 r12w m14a m16; do is "$(tj $m .link_state)" none || exit 1; done &&
	for m in m03b m04 r10 r12w m14a m16 r09m; do tj $m .link_reason; done >"$TEST_TMP/reasons" &&
	cat "$TEST_TMP/reasons" && is "$(wc -l <"$TEST_TMP/reasons")" 7 &&
	is "$(grep "^not linked: [^.]*[^.]$" "$TEST_TMP/reasons" | sort -u | wc -l)" 7
'
test_expect_success 'LINK-25: tether link THREAD prints the reason for people too' '
	run_tether link "$(tid m04)" && [ "$rc" -eq 0 ] && contains "$out" "no item" &&
	contains "$out" "$(tj m04 .link_reason)"
'

# --- archive and delete (ARC-01/02, LINK-26) ---------------------------------

test_expect_success 'ARC-01: an archived thread keeps its link and stays in the deal and person views' '
	add person --name "P26 Arc" --emails p26@c26.example >/dev/null &&
	add deal --title D26 --person "P26 Arc" >/dev/null &&
	deliver m26 p26@c26.example me@example.com && deliver m26b p26@c26.example me@example.com &&
	"$TETHER" link "$(tid m26b)" --deal D26 >/dev/null &&
	is "$(view deal D26)" "m26 m26b" &&
	run_tether archive "$(tid m26)" --thread && [ "$rc" -eq 0 ] &&
	is "$(tj m26 .archived)" true && is "$(item m26)" "deal:D26" &&
	is "$(view deal D26)" "m26 m26b" && is "$(view person "P26 Arc")" "m26 m26b"
'
test_expect_success 'LINK-26/ARC-02: a deleted thread leaves the deal and person views' '
	t=$(tid m26) && run_tether delete "$t" --thread && [ "$rc" -eq 0 ] &&
	is "$(view deal D26)" m26b && is "$(view person "P26 Arc")" m26b &&
	run_tether thread "$t"; [ "$rc" -eq 1 ]
'
test_expect_success 'ARC-02: a deleted thread cannot be linked again' '
	t=$(tid m26b) && "$TETHER" delete "$t" --thread >/dev/null &&
	run_tether link "$t" --deal D26; [ "$rc" -eq 1 ] && contains "$err" "deleted" &&
	is "$(view deal D26)" ""
'
test_expect_success 'ARC-02: tether link on a deleted thread fails, as tether thread does' '
	deliver m26c p26@c26.example me@example.com && t=$(tid m26c) &&
	"$TETHER" delete "$t" --thread >/dev/null &&
	run_tether link "$t"; is "$rc" 1 && contains "$err" "thread $t"
'

# --- several persons with one address (ambiguity 11) ---------------------------

test_expect_success 'ambiguity 11: of two persons sharing an address, the one with it as primary is linked' '
	add person --name "Pri Mary" --emails "shared@team.example; pm@pri.example" >/dev/null &&
	add person --name "Sec Ond" --emails "so@sec.example; shared@team.example" >/dev/null &&
	deliver a11a shared@team.example me@example.com &&
	is "$(tj a11a "[.persons[].name] | join(\",\")")" "Pri Mary"
'
test_expect_success 'ambiguity 11: both with it as primary → the participant stays unlinked' '
	add person --name "Both A" --emails "both@team.example" >/dev/null &&
	add person --name "Both B" --emails "both@team.example" >/dev/null &&
	deliver a11b both@team.example me@example.com && is "$(tj a11b ".persons | length")" 0
'
test_expect_success 'ambiguity 11: neither with it as primary → the participant stays unlinked' '
	add person --name "Nei A" --emails "a@nei.example; nei@team.example" >/dev/null &&
	add person --name "Nei B" --emails "b@nei.example; nei@team.example" >/dev/null &&
	deliver a11c nei@team.example me@example.com && is "$(tj a11c ".persons | length")" 0
'
test_expect_success 'ambiguity 11: an address with several matching persons shows "multiple matching contacts"' '
	run_tether link "$(tid a11b)" && contains "$out" "multiple matching contacts" &&
	run_tether link "$(tid a11c)" && contains "$out" "multiple matching contacts"
'
test_expect_success 'LINK-05: link --person --address settles an address several persons share' '
	"$TETHER" link "$(tid a11b)" --person "Both B" --address both@team.example >/dev/null &&
	is "$(tj a11b "[.persons[].name] | join(\",\")")" "Both B"
'

# --- merges keep the link (THREADS) -------------------------------------------

test_expect_success 'LINK-17/18: a message referencing two threads merges them and the link stays (linked thread first)' '
	add person --name "P27 Merge" --emails p27@c27.example >/dev/null &&
	add deal --title D27 --person "P27 Merge" >/dev/null &&
	deliver g1 p27@c27.example me@example.com && is "$(item g1)" "deal:D27" &&
	deliver g2 stranger@nowhere.example me@example.com && is "$(item g2)" - &&
	deliver g3 me@example.com "p27@c27.example, stranger@nowhere.example" "" "g1 g2" &&
	is "$(tid g2)" "$(tid g1)" && is "$(tid g3)" "$(tid g1)" &&
	is "$(item g3)" "deal:D27" && is "$(view deal D27)" g1
'
test_expect_success 'LINK-17/18: a merge into an unlinked thread that began first takes the other thread'"'"'s link' '
	deliver h1 stranger@nowhere.example me@example.com && is "$(item h1)" - &&
	deliver h2 p27@c27.example me@example.com && is "$(item h2)" "deal:D27" &&
	deliver h3 me@example.com "p27@c27.example, stranger@nowhere.example" "" "h1 h2" &&
	is "$(tid h2)" "$(tid h1)" && is "$(item h1)" "deal:D27" && is "$(view deal D27)" "g1 h1"
'
# --- own addresses are never counterparties (ambiguity 6) ---------------------

test_expect_success 'ambiguity 6 (own addresses): a person holding an own address does not make mail to me link to its deal' '
	add person --name "Self Person" --emails "ME@example.com" >/dev/null &&
	add deal --title DSelf --person "Self Person" >/dev/null &&
	deliver o1 p10@c10.example me@example.com &&
	is "$(item o1)" - && is "$(tj o1 .link_state)" none && is "$(view deal DSelf)" ""
'
test_expect_success 'ambiguity 6 (own addresses): another account'"'"'s address (any case) is own too; the counterparty'"'"'s one deal links' '
	add person --name "Self Home" --emails "me@home.example" >/dev/null &&
	add deal --title DSelfHome --person "Self Home" >/dev/null &&
	deliver o2 "me@HOME.example" p08d@c08.example &&
	is "$(item o2)" "deal:D08" && is "$(view deal DSelfHome)" ""
'
test_expect_success 'ambiguity 6 (own addresses): mail only between own addresses links to nothing' '
	deliver o3 me@example.com me@home.example && is "$(item o3)" - && is "$(tj o3 .link_state)" none
'

test_done
