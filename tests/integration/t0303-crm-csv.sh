# t0303-crm-csv.sh - the CRM from the command line's other side: crm import/export of CSV files (skip file, exit status, spreadsheets refused, round trips), link_mode's two values, the thread record's API fields, stages and their probabilities, marketing status.
. "$top_srcdir/tests/integration/test-lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"

write_config "[general]
link_mode = auto

[account work]
email = me@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com"

is() {
	[ "$1" = "$2" ] && return 0
	printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
	return 1
}
deliver() {
	printf 'From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s@t>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n\nabout %s\n' \
		"$2" "$3" "$1" "$1" "$1" >"$TEST_TMP/$1.eml"
	"$TETHER" import "$TEST_TMP/$1.eml" >/dev/null
}
tid() {
	"$TETHER" list --json | jq -r --arg m "$1@t" '.messages[] | select(.message_id == $m) | .thread_id'
}

# Mail first, persons after: the import matches stored mail (LINK-02).
deliver early "Rina Bar <rina@bar.example>" me@example.com

printf '\357\273\277Person - Name;Person - Email;Person - Organization;Person - Marketing status\r\nRina Bar;rina@bar.example;Bar Ltd;subscribed\r\n"Omer ""O"" Tal";omer@tal.example;Tal & Co;\r\n;nobody@example.com;;\r\nBad Status;bad@example.com;;loud\r\n' >"$TEST_TMP/persons.csv"

test_expect_success 'IMP-03: crm import takes the good rows, writes the others with a reason to the skip file, and exits 1' '
	run_tether crm import persons "$TEST_TMP/persons.csv"; is "$rc" 1 &&
	printf "%s" "$out" >"$TEST_TMP/first-import.out" &&
	contains "$out" "4 rows: 2 created, 0 updated, 2 skipped" &&
	[ -f "$TEST_TMP/persons.csv.skipped.csv" ] &&
	is "$(wc -l <"$TEST_TMP/persons.csv.skipped.csv")" 3 &&
	grep -q "Reason" "$TEST_TMP/persons.csv.skipped.csv" &&
	grep -q "loud" "$TEST_TMP/persons.csv.skipped.csv"
'
test_expect_success 'IMP-05: the person and the organization of one row are linked to each other' '
	run_tether crm show person "Omer \"O\" Tal" --json && is "$rc" 0 &&
	is "$(printf "%s" "$out" | jq -r .item.org.name)" "Tal & Co"
'
test_expect_success 'CRM-14: the marketing status is kept; the default is no_consent' '
	is "$("$TETHER" crm show person "Rina Bar" --json | jq -r .item.marketing_status)" subscribed &&
	is "$("$TETHER" crm show person "Omer \"O\" Tal" --json | jq -r .item.marketing_status)" no_consent
'
test_expect_success 'LINK-02: after the import, stored mail from the address shows the person' '
	is "$("$TETHER" link "$(tid early)" --json | jq -r ".persons[0].name")" "Rina Bar" &&
	grep -q "^1 address in stored mail now shows its person" "$TEST_TMP/first-import.out"
'
test_expect_success 'IMP-01: a spreadsheet (.xlsx) is refused with a sentence that says to save it as CSV' '
	printf "PK\003\004rest-of-a-zip" >"$TEST_TMP/people.xlsx" &&
	run_tether crm import persons "$TEST_TMP/people.xlsx"; is "$rc" 1 &&
	contains "$err" "save the sheet as" && is "$(printf "%s" "$err" | wc -l)" 0
'
test_expect_success 'IMP-03: a file with an unbalanced quote imports nothing and names the line' '
	before=$("$TETHER" crm list persons --json | jq ".items | length") &&
	printf "Person - Name,Person - Email\nAvi,avi@example.com\n\"Broken,x@example.com\n" >"$TEST_TMP/broken.csv" &&
	run_tether crm import persons "$TEST_TMP/broken.csv"; is "$rc" 1 &&
	contains "$err" "nothing was imported" && contains "$err" "line 3" &&
	is "$("$TETHER" crm list persons --json | jq ".items | length")" "$before"
'
test_expect_success 'IMP-09: export then import of the same file updates every row and changes nothing' '
	"$TETHER" crm export persons >"$TEST_TMP/out1.csv" &&
	run_tether crm import persons "$TEST_TMP/out1.csv"; is "$rc" 0 &&
	contains "$out" "0 created, 2 updated, 0 skipped" &&
	"$TETHER" crm export persons >"$TEST_TMP/out2.csv" &&
	cmp "$TEST_TMP/out1.csv" "$TEST_TMP/out2.csv"
'
test_expect_success 'IMP: an exported deals file imports into a fresh profile (IDs dropped) with the same data' '
	"$TETHER" crm add deal --title "Round trip" --value 1500.5 --currency EUR --person "Rina Bar" \
		--stage "Proposal made" --expected-close 2026-09-30 >/dev/null &&
	"$TETHER" crm export deals | cut -d, -f2- >"$TEST_TMP/deals.csv" &&
	"$TETHER" crm export persons | cut -d, -f2- >"$TEST_TMP/people.csv" &&
	mkdir -p "$TEST_TMP/fresh" && cp "$PROFILE/config" "$TEST_TMP/fresh/config" &&
	TETHER_PROFILE=$TEST_TMP/fresh "$TETHER" crm import persons "$TEST_TMP/people.csv" >/dev/null &&
	TETHER_PROFILE=$TEST_TMP/fresh "$TETHER" crm import deals "$TEST_TMP/deals.csv" >/dev/null &&
	is "$(TETHER_PROFILE=$TEST_TMP/fresh "$TETHER" crm list deals --json | jq -r ".items[0] | [.title, .value, .currency, .stage.name, .expected_close, .person.name] | map(tostring) | join(\"|\")")" \
		"Round trip|1500.5|EUR|Proposal made|2026-09-30|Rina Bar"
'
test_expect_success 'LINK-06: link_mode takes auto or manual, and nothing else' '
	cp "$PROFILE/config" "$TEST_TMP/config.keep" &&
	sed -i "s/^link_mode = auto/link_mode = sometimes/" "$PROFILE/config" &&
	run_tether config check; is "$rc" 1 && contains "$err$out" "link_mode" &&
	sed -i "s/^link_mode = sometimes/link_mode = manual/" "$PROFILE/config" &&
	run_tether config check; is "$rc" 0 &&
	cp "$TEST_TMP/config.keep" "$PROFILE/config"
'
test_expect_success 'LINK-22: the thread record has deal_id, deal_status and lead_id' '
	deliver rt "Rina Bar <rina@bar.example>" me@example.com &&
	j=$("$TETHER" link "$(tid rt)" --json) &&
	is "$(printf "%s" "$j" | jq -r "[.deal_id, .deal_status, .lead_id] | map(tostring) | join(\"|\")")" \
		"$("$TETHER" crm list deals "Round trip" --json | jq -r ".items[0].id")|open|null"
'
test_expect_success 'LINK-24: a deal has one person and one organization (JSON objects, not lists)' '
	j=$("$TETHER" crm show deal "Round trip" --json) &&
	is "$(printf "%s" "$j" | jq -r ".item.person | type")" object &&
	is "$(printf "%s" "$j" | jq -r ".item.org | type")" null
'
test_expect_success 'CRM-06/07: stages are ordered, each with a default probability; crm stages add appends one' '
	run_tether crm stages --json && is "$rc" 0 &&
	is "$(printf "%s" "$out" | jq -r "[.stages[] | select(.pipeline == \"Sales\") | \"\(.order):\(.name):\(.probability)\"] | join(\",\")")" \
		"1:Lead in:10,2:Contact made:25,3:Proposal made:50,4:Negotiation:75" &&
	run_tether crm stages add Sales Contract --probability 90 && is "$rc" 0 &&
	is "$("$TETHER" crm stages --json | jq -r "[.stages[] | select(.pipeline == \"Sales\")] | last | \"\(.order):\(.name):\(.probability)\"")" "5:Contract:90" &&
	run_tether crm stages add Sales Contract; is "$rc" 1 && contains "$err" "already"
'
test_done
