# t0300-crm.sh - crm add/edit/show/list/delete/convert: persons, organizations, deals, leads, projects, their rules, JSON and refusals.
. "$top_srcdir/tests/integration/test-lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"

write_config "[general]
link_mode = auto

[account work]
email = me@example.com
imap_host = imap.example.com
smtp_host = smtp.example.com"

# deliver ID FROM TO: imports message <ID@t> with subject ID into Local.
deliver() {
	printf 'From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s@t>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n\nabout %s\n' \
		"$2" "$3" "$1" "$1" "$1" >"$TEST_TMP/$1.eml"
	"$TETHER" import "$TEST_TMP/$1.eml" >/dev/null
}

# tid ID: the thread of message <ID@t>.
tid() {
	"$TETHER" list --json | jq -r --arg m "$1@t" '.messages[] | select(.message_id == $m) | .thread_id'
}

# link_of ID: the item of the thread of message <ID@t> as KIND:TITLE:STATUS, or -.
link_of() {
	local j
	j=$("$TETHER" link "$(tid "$1")" --json) || { echo "(tether link failed)"; return 1; }
	printf '%s' "$j" | jq -r 'if .link == null then "-" else "\(.link.kind):\(.link.title):\(.link.status)" end'
}

# add KIND --FIELD VALUE...: adds an item and prints its id.
add() {
	local j
	j=$("$TETHER" crm add "$@" --json) || return 1
	printf '%s' "$j" | jq -r .id
}

# get KIND ID FILTER: jq -r FILTER over the item (crm show --json .item).
get() {
	local j
	j=$("$TETHER" crm show "$1" "$2" --json) || { echo "(crm show $1 $2 failed)"; return 1; }
	printf '%s' "$j" | jq -r ".item | $3"
}

# view KIND ID: the subjects of the item's threads, sorted, space-separated.
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

# refused STATUS TEXT ARGS...: tether ARGS fails with STATUS, prints nothing on
# standard output, and says why in one line on standard error that holds TEXT.
refused() {
	local want=$1 text=$2
	shift 2
	run_tether "$@"
	is "$rc" "$want" || { printf 'stderr: %s\n' "$err" >&2; return 1; }
	is "$out" "" && is "$(printf '%s\n' "$err" | wc -l)" 1 &&
		case $err in "tether: "*) ;; *) echo "no \"tether: \" prefix: $err" >&2; return 1 ;; esac &&
		contains "$err" "$text"
}

# --- persons (CRM-01, CRM-14, IMP-04) -----------------------------------------

test_expect_success 'CRM-01: a person keeps several emails in order (the first is the primary one) and phones' '
	id=$(add person --name "Dana Levi" --emails "dana@acme.example; d.levi@home.example" \
		--phones "+972 3 555 0100; +972 50 555 0101") && [ -n "$id" ] &&
	is "$(get person "$id" "[.emails[]] | join(\",\")")" "dana@acme.example,d.levi@home.example" &&
	is "$(get person "$id" ".emails[0]")" "dana@acme.example" &&
	is "$(get person "$id" "[.phones[]] | join(\",\")")" "+972 3 555 0100,+972 50 555 0101"
'
test_expect_success 'CRM-01: a person belongs to at most one organization, named by name or id' '
	oid=$(add org --name "Acme Ltd") &&
	pid=$(add person --name "Oren Org" --org "Acme Ltd") &&
	is "$(get person "$pid" "\"\(.org.id) \(.org.name)\"")" "$oid Acme Ltd" &&
	is "$(get person "$pid" ".org | type")" object
'
test_expect_success 'CRM-01: the text view lists the emails and phones' '
	run_tether crm show person "Dana Levi" && [ "$rc" -eq 0 ] &&
	contains "$out" "dana@acme.example; d.levi@home.example" && contains "$out" "+972 50 555 0101"
'
while IFS='|' read -r args name first last; do
	[ -n "$args" ] || continue
	test_expect_success "IMP-04: crm add person $args → name \"$name\", first \"$first\", last \"$last\"" '
		id=$(eval "add person $args") && [ -n "$id" ] &&
		is "$(get person "$id" "\"\(.name)|\(.first_name)|\(.last_name)\"")" "$name|$first|$last"
	'
done <<'EOF'
--name "Noa Bar"|Noa Bar|Noa|Bar
--first-name Noa --last-name Bar|Noa Bar|Noa|Bar
--first_name Uri|Uri|Uri|null
--last-name Katz|Katz|null|Katz
--name Cher|Cher|null|null
EOF
test_expect_success 'IMP-04: editing the first name changes the full name' '
	id=$(add person --first-name Dana --last-name Shir) &&
	"$TETHER" crm edit person "$id" --first-name Danielle >/dev/null &&
	is "$(get person "$id" "\"\(.name)|\(.first_name)|\(.last_name)\"")" "Danielle Shir|Danielle|Shir"
'
test_expect_success 'IMP-04: editing the full name changes the first and last names' '
	id=$(add person --name "Gil Tal") &&
	"$TETHER" crm edit person "$id" --name "Gil Paz" >/dev/null &&
	is "$(get person "$id" "\"\(.name)|\(.first_name)|\(.last_name)\"")" "Gil Paz|Gil|Paz"
'
test_expect_success 'CRM-01: a person needs a name' '
	refused 1 "needs a name" crm add person --emails nameless@example.org
'
test_expect_success 'CRM-14: marketing status is no_consent by default; subscribed is taken; others are refused' '
	is "$(get person "Dana Levi" .marketing_status)" no_consent &&
	id=$(add person --name "Mia Mail" --marketing-status subscribed) &&
	is "$(get person "$id" .marketing_status)" subscribed &&
	refused 1 "no_consent, subscribed, unsubscribed, archived" crm add person --name "Bad Status" --marketing-status spam
'

# --- organizations (CRM-02) ----------------------------------------------------

test_expect_success 'CRM-02: an organization keeps its address sub-fields' '
	id=$(add org --name "Globex" --street-number 12 --route "Main St" --subpremise "Suite 4" \
		--sublocality Downtown --locality Springfield --admin-area-level-1 IL \
		--admin-area-level-2 "Sangamon County" --country US --postal-code 62701) &&
	is "$(get org "$id" "[.street_number, .route, .subpremise, .sublocality, .locality, .admin_area_level_1, .admin_area_level_2, .country, .postal_code] | join(\"|\")")" \
		"12|Main St|Suite 4|Downtown|Springfield|IL|Sangamon County|US|62701"
'
test_expect_success 'CRM-02: a sub-field can be changed and cleared with crm edit' '
	"$TETHER" crm edit org Globex --locality Chicago --subpremise "" >/dev/null &&
	is "$(get org Globex "\"\(.locality)|\(.subpremise)\"")" "Chicago|null"
'
test_expect_success 'CRM-02: an organization needs a name' '
	refused 1 "name" crm add org --locality Nowhere
'

# --- deals (CRM-03..08) ---------------------------------------------------------

# behaviour | exit status | words of the message | crm add deal arguments
while IFS='|' read -r bid code text args; do
	[ -n "$bid" ] || continue
	test_expect_success "$bid: crm add deal $args is refused (exit $code, \"$text\")" '
		eval "refused $code \"\$text\" crm add deal $args"
	'
done <<'EOF'
CRM-03|1|needs a person or an organization|--title "Nobody's deal"
CRM-03|1|needs a title|--person "Dana Levi"
CRM-08|1|not a date|--title "Bad date" --person "Dana Levi" --expected-close 31/12/2026
CRM-08|1|not a date|--title "Bad date" --person "Dana Levi" --expected-close tomorrow
CRM-08|1|not a date|--title "Bad date" --person "Dana Levi" --expected-close 2026-02-30
CRM-08|1|not a date|--title "Bad date" --person "Dana Levi" --expected-close 2026-13-01
CRM-08|1|between 0 and 100|--title "Bad probability" --person "Dana Levi" --probability 150
CRM-08|1|between 0 and 100|--title "Bad probability" --person "Dana Levi" --probability -5
CRM-08|1|not a number|--title "Bad value" --person "Dana Levi" --value lots
CRM-04|1|not one of open, won, lost|--title "Bad status" --person "Dana Levi" --status pending
CRM-05|1|a lost reason can be set only on a lost deal|--title "Early reason" --person "Dana Levi" --lost-reason "too dear"
CRM-06|1|stage|--title "Bad stage" --person "Dana Levi" --stage Nowhere
CRM-06|1|pipeline|--title "Bad pipeline" --person "Dana Levi" --pipeline Nowhere
EOF
test_expect_success 'CRM-03..08: none of the refused deals was stored' '
	is "$("$TETHER" crm list deal --json | jq ".items | length")" 0
'
test_expect_success 'CRM-03: a deal with only a person, or only an organization, is taken' '
	add deal --title "Person deal" --person "Dana Levi" >/dev/null &&
	add deal --title "Org deal" --org "Acme Ltd" >/dev/null &&
	is "$(get deal "Person deal" "\"\(.person.name)|\(.org)\"")" "Dana Levi|null" &&
	is "$(get deal "Org deal" "\"\(.person)|\(.org.name)\"")" "null|Acme Ltd"
'
test_expect_success 'CRM-04/06: a new deal is open, in pipeline "Sales" and its first stage' '
	is "$(get deal "Person deal" "\"\(.status)|\(.pipeline.name)|\(.stage.name)\"")" "open|Sales|Lead in" &&
	is "$(get deal "Person deal" "[.won_time, .lost_time, .lost_reason, .close_time] | map(tostring) | join(\"|\")")" "null|null|null|null"
'
test_expect_success 'CRM-06: --stage Negotiation puts the deal in that stage of Sales' '
	id=$(add deal --title "Late stage" --person "Dana Levi" --stage Negotiation) &&
	is "$(get deal "$id" "\"\(.pipeline.name)|\(.stage.name)\"")" "Sales|Negotiation"
'
test_expect_success 'CRM-06: the stage moves with crm edit --stage' '
	"$TETHER" crm edit deal "Late stage" --stage "Proposal made" >/dev/null &&
	is "$(get deal "Late stage" .stage.name)" "Proposal made"
'
test_expect_success 'CRM-06: an unknown stage is refused and the command the message suggests works' '
	run_tether crm add deal --title "Bad stage" --person "Dana Levi" --stage Nowhere; is "$rc" 1 &&
	hint=$(printf "%s" "$err" | sed -n "s/.*(tether \(.*\) lists them)\$/\1/p") && [ -n "$hint" ] &&
	eval "run_tether $hint" && is "$rc" 0 && contains "$out" "Negotiation"
'
test_expect_success 'CRM-08: value, currency, probability and expected close date are kept, with JSON types' '
	id=$(add deal --title "Valued" --person "Dana Levi" --value 1200.50 --currency EUR \
		--probability 40 --expected-close 2026-12-31) &&
	is "$(get deal "$id" "[.value, .currency, .probability, .expected_close] | map(tostring) | join(\"|\")")" "1200.5|EUR|40|2026-12-31" &&
	is "$(get deal "$id" "[.value, .probability] | map(type) | join(\",\")")" "number,number"
'

# CRM-05: one deal through its statuses; each row: crm edit arguments | status | won_time set | lost_time set | lost_reason | close_time
test_expect_success 'CRM-05: a deal for the status changes' '
	add deal --title "Status deal" --person "Dana Levi" >/dev/null
'
while IFS='|' read -r args status won lost reason close; do
	[ -n "$args" ] || continue
	test_expect_success "CRM-05: crm edit deal $args → status $status, won_time $won, lost_time $lost, lost_reason $reason, close_time $close" '
		eval "\"\$TETHER\" crm edit deal \"Status deal\" $args" >/dev/null &&
		is "$(get deal "Status deal" "[.status,
			(if .won_time then \"set\" else \"null\" end),
			(if .lost_time then \"set\" else \"null\" end),
			(.lost_reason // \"null\"),
			(if .close_time == null then \"null\" elif .close_time == .won_time or .close_time == .lost_time then \"same\" else \"other\" end)] | join(\"|\")")" \
			"$status|$won|$lost|$reason|$close"
	'
done <<'EOF'
--status won|won|set|null|null|same
--status open|open|null|null|null|null
--status lost --lost-reason "too expensive"|lost|null|set|too expensive|same
--lost-reason "went elsewhere"|lost|null|set|went elsewhere|same
--status won|won|set|null|null|same
--status open|open|null|null|null|null
EOF
while IFS='|' read -r text args; do
	[ -n "$text" ] || continue
	test_expect_success "CRM-05: on an open deal, crm edit deal $args is refused" '
		eval "refused 1 \"\$text\" crm edit deal \"Status deal\" $args" &&
		is "$(get deal "Status deal" .status)" open
	'
done <<'EOF'
lost reason|--lost-reason "no budget"
won time|--won-time 2026-01-01T00:00:00Z
lost time|--lost-time 2026-01-01T00:00:00Z
close time|--close-time 2026-01-01T00:00:00Z
EOF
test_expect_success 'CRM-05: a won deal takes no lost reason' '
	"$TETHER" crm edit deal "Status deal" --status won >/dev/null &&
	refused 1 "lost reason" crm edit deal "Status deal" --lost-reason "late" &&
	is "$(get deal "Status deal" "\"\(.status)|\(.lost_reason)\"")" "won|null"
'
test_expect_success 'CRM-05: a deal added as won gets its won and close times at once' '
	id=$(add deal --title "Born won" --person "Dana Levi" --status won) &&
	is "$(get deal "$id" "(.won_time != null) and (.close_time == .won_time) and (.lost_time == null)")" true
'

# --- leads (CRM-09, CRM-10) -----------------------------------------------------

test_expect_success 'CRM-09: a lead id is a UUID and it has value, currency, archived, source' '
	id=$(add lead --title "Lead one" --person "Dana Levi" --value 500 --currency USD --source "web form") &&
	printf "%s\n" "$id" | grep -Eq "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" &&
	is "$(get lead "$id" "[.title, .value, .currency, .archived, .source] | map(tostring) | join(\"|\")")" "Lead one|500|USD|false|web form"
'
test_expect_success 'CRM-09: two leads get different UUIDs' '
	a=$(add lead --title "Lead two" --org "Acme Ltd") && b=$(add lead --title "Lead three" --org "Acme Ltd") &&
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]
'
test_expect_success 'CRM-09: a lead needs a person or an organization, and a title' '
	refused 1 "needs a person or an organization" crm add lead --title "Orphan lead" &&
	refused 1 "title" crm add lead --person "Dana Levi" &&
	is "$("$TETHER" crm list lead orphan --json | jq ".items | length")" 0
'
test_expect_success 'CRM-10: a lead converts into an open deal with its title, value and person' '
	add person --name "Lia Lead" --emails lia@lead.example >/dev/null &&
	lid=$(add lead --title "Convert me" --person "Lia Lead" --value 900 --currency EUR) &&
	deliver c1 lia@lead.example me@example.com && is "$(link_of c1)" "lead:Convert me:open" &&
	run_tether crm convert lead "$lid" && [ "$rc" -eq 0 ] &&
	did=$(printf "%s" "$out" | sed -n "s/.* is now deal \([0-9]*\)\$/\1/p") && [ -n "$did" ] &&
	is "$(get deal "$did" "[.title, .status, .value, .currency, .person.name, .pipeline.name, .stage.name] | map(tostring) | join(\"|\")")" \
		"Convert me|open|900|EUR|Lia Lead|Sales|Lead in"
'
test_expect_success 'CRM-10: the lead is marked converted (and so archived)' '
	lid=$("$TETHER" crm list lead "Convert me" --json | jq -r ".items[0].id") &&
	is "$(get lead "$lid" "\"\(.converted_to)|\(.archived)\"")" "$(get deal "Convert me" .id)|true"
'
test_expect_success 'CRM-10: the linked thread follows the lead to the deal' '
	is "$(link_of c1)" "deal:Convert me:open" && is "$(view deal "Convert me")" c1 &&
	lid=$("$TETHER" crm list lead "Convert me" --json | jq -r ".items[0].id") && is "$(view lead "$lid")" ""
'
test_expect_success 'CRM-10: a converted lead cannot be converted again' '
	lid=$("$TETHER" crm list lead "Convert me" --json | jq -r ".items[0].id") &&
	refused 1 "already" crm convert lead "$lid"
'
test_expect_success 'CRM-10: a deal converts back into a lead; the deal is deleted and the thread follows' '
	run_tether crm convert deal "Convert me" && [ "$rc" -eq 0 ] &&
	nid=$(printf "%s" "$out" | sed -n "s/.* is now lead \(.*\)\$/\1/p") && [ -n "$nid" ] &&
	is "$(get lead "$nid" "[.title, .value, .currency, .person.name, .archived] | map(tostring) | join(\"|\")")" "Convert me|900|EUR|Lia Lead|false" &&
	is "$("$TETHER" crm list deal --deleted --json | jq -r ".items[] | select(.title == \"Convert me\") | .status")" deleted &&
	is "$(link_of c1)" "lead:Convert me:open" && is "$(view lead "$nid")" c1
'
test_expect_success 'CRM-10: converting a lead takes --pipeline and --stage' '
	lid=$(add lead --title "Staged lead" --person "Lia Lead") &&
	run_tether crm convert lead "$lid" --stage Negotiation && [ "$rc" -eq 0 ] &&
	is "$(get deal "Staged lead" "\"\(.pipeline.name)|\(.stage.name)\"")" "Sales|Negotiation"
'

# --- projects (CRM-11) ----------------------------------------------------------

test_expect_success 'CRM-11: a project keeps board, phase, status, dates and its deals' '
	id=$(add project --title "Rollout" --person "Dana Levi" --org "Acme Ltd" --board Delivery --phase Planning \
		--status open --start-date 2026-01-01 --end-date 2026-06-30 --deals "Person deal; Org deal") &&
	is "$(get project "$id" "[.title, .board, .phase, .status, .start_date, .end_date, .person.name, .org.name] | join(\"|\")")" \
		"Rollout|Delivery|Planning|open|2026-01-01|2026-06-30|Dana Levi|Acme Ltd" &&
	is "$(get project "$id" "[.deals[]] | sort | map(tostring) | join(\",\")")" \
		"$( (get deal "Person deal" .id; get deal "Org deal" .id) | sort | tr "\n" "," | sed "s/,\$//")"
'
test_expect_success 'CRM-11: a project moves through the phases of its board' '
	"$TETHER" crm edit project Rollout --phase Execution >/dev/null &&
	is "$(get project Rollout .phase)" Execution &&
	"$TETHER" crm edit project Rollout --status completed >/dev/null &&
	is "$(get project Rollout .status)" completed
'
while IFS='|' read -r text args; do
	[ -n "$text" ] || continue
	test_expect_success "CRM-11: crm add project $args is refused" '
		eval "refused 1 \"\$text\" crm add project $args"
	'
done <<'EOF'
not a date|--title "Bad start" --person "Dana Levi" --start-date soon
not a date|--title "Bad end" --person "Dana Levi" --end-date 2026-06-31
no deal|--title "Ghost deals" --person "Dana Levi" --deals 9999
not one of|--title "Bad status" --person "Dana Levi" --status finished
EOF

# --- deleting (soft deals, parties) -------------------------------------------

test_expect_success 'CRM-04/LINK-15: crm delete deal is a soft delete: gone from crm list, kept with --deleted, its thread keeps the link' '
	add person --name "Del Deal" --emails del@deal.example >/dev/null &&
	add deal --title "Doomed" --person "Del Deal" >/dev/null &&
	deliver d1 del@deal.example me@example.com && is "$(link_of d1)" "deal:Doomed:open" &&
	run_tether crm delete deal Doomed && [ "$rc" -eq 0 ] &&
	is "$("$TETHER" crm list deal Doomed --json | jq ".items | length")" 0 &&
	is "$("$TETHER" crm list deal Doomed --deleted --json | jq -r ".items[0].status")" deleted &&
	did=$("$TETHER" crm list deal Doomed --deleted --json | jq -r ".items[0].id") &&
	is "$(link_of d1)" "deal:Doomed:deleted" && is "$(get deal "$did" .status)" deleted &&
	is "$(view deal "$did")" d1
'
test_expect_success 'CRM-04: a deleted deal is restored with --status open' '
	did=$("$TETHER" crm list deal Doomed --deleted --json | jq -r ".items[0].id") &&
	"$TETHER" crm edit deal "$did" --status open >/dev/null &&
	is "$("$TETHER" crm list deal Doomed --json | jq -r ".items[0].status")" open && is "$(link_of d1)" "deal:Doomed:open"
'
test_expect_success 'CRM-03: a person who is a deal'"'"'s only party is not deleted' '
	refused 1 "it is the only person or organization of" crm delete person "Del Deal" &&
	is "$(get person "Del Deal" .name)" "Del Deal"
'
test_expect_success 'CRM-09: an organization that is a lead'"'"'s only party is not deleted' '
	add org --name "Lead Org" >/dev/null && add lead --title "Org only lead" --org "Lead Org" >/dev/null &&
	refused 1 "it is the only person or organization of" crm delete org "Lead Org" &&
	is "$(get org "Lead Org" .name)" "Lead Org" &&
	is "$("$TETHER" crm list lead "Org only lead" --json | jq -r ".items[0].org.name")" "Lead Org"
'
test_expect_success 'CRM-09: a person who is a lead'"'"'s only party is not deleted' '
	add person --name "Lead Person" >/dev/null && add lead --title "Person only lead" --person "Lead Person" >/dev/null &&
	refused 1 "it is the only person or organization of" crm delete person "Lead Person" &&
	is "$("$TETHER" crm list lead "Person only lead" --json | jq -r ".items[0].person.name")" "Lead Person"
'
test_expect_success 'CRM-03: with another party the person can be deleted; the deal keeps the organization' '
	"$TETHER" crm edit deal Doomed --org "Acme Ltd" >/dev/null &&
	run_tether crm delete person "Del Deal" && [ "$rc" -eq 0 ] &&
	is "$(get deal Doomed "\"\(.person)|\(.org.name)\"")" "null|Acme Ltd" &&
	refused 1 "" crm show person "Del Deal"
'
test_expect_success 'LINK-25: a deleted lead is gone and its threads lose the link, with the reason' '
	add person --name "Del Lead" --emails del@lead.example >/dev/null &&
	lid=$(add lead --title "Short lead" --person "Del Lead") &&
	deliver d2 del@lead.example me@example.com && is "$(link_of d2)" "lead:Short lead:open" &&
	run_tether crm delete lead "$lid" && [ "$rc" -eq 0 ] &&
	is "$(link_of d2)" - && refused 1 "" crm show lead "$lid" &&
	contains "$("$TETHER" link "$(tid d2)" --json | jq -r .link_reason)" "deleted"
'
test_expect_success 'LINK-17/CRM-11: a deleted project is gone and its threads lose the link' '
	add person --name "Del Proj" --emails del@proj.example >/dev/null &&
	add project --title "Short project" --person "Del Proj" >/dev/null &&
	deliver d3 del@proj.example me@example.com && is "$(link_of d3)" "project:Short project:open" &&
	run_tether crm delete project "Short project" && [ "$rc" -eq 0 ] && is "$(link_of d3)" -
'

# --- JSON shapes ------------------------------------------------------------------

# behaviour | kind | item | keys its JSON has
while IFS='|' read -r bid kind ref keys; do
	[ -n "$bid" ] || continue
	test_expect_success "$bid JSON: crm show $kind --json has item (kind $kind: $keys), thread_count and threads" '
		j=$("$TETHER" crm show $kind "$ref" --json) &&
		is "$(printf "%s" "$j" | jq -r "keys | join(\",\")")" "item,thread_count,threads" &&
		is "$(printf "%s" "$j" | jq -r ".item.kind")" "$kind" &&
		is "$(printf "%s" "$j" | jq -r "\"\\(.thread_count | type),\\(.threads | type)\"")" "number,array" &&
		for k in $(echo "$keys" | tr "," " "); do
			printf "%s" "$j" | jq -e --arg k "$k" ".item | has(\$k)" >/dev/null || { echo "no key $k"; exit 1; }
		done
	'
done <<'EOF'
CRM-01|person|Dana Levi|id,name,first_name,last_name,emails,phones,org,owner,visible_to,labels,marketing_status,created_at,updated_at
CRM-02|org|Globex|id,name,address,street_number,route,subpremise,sublocality,locality,admin_area_level_1,admin_area_level_2,country,postal_code,owner,visible_to,labels
CRM-08|deal|Valued|id,title,value,currency,pipeline,stage,status,expected_close,probability,won_time,lost_time,lost_reason,close_time,owner,person,org,visible_to,labels
CRM-09|lead|Lead one|id,title,value,currency,expected_close,person,org,owner,labels,archived,source,visible_to
CRM-11|project|Rollout|id,title,board,phase,status,start_date,end_date,deals,person,org,owner,labels
EOF
test_expect_success 'CRM-01..11 JSON: crm list --json is {"items": [...]} of the same item objects' '
	j=$("$TETHER" crm list deal --json) && is "$(printf "%s" "$j" | jq -r "keys | join(\",\")")" items &&
	is "$(printf "%s" "$j" | jq -r ".items | map(.kind) | unique | join(\",\")")" deal &&
	is "$(printf "%s" "$j" | jq -r ".items[] | select(.title == \"Valued\") | .currency")" EUR
'
test_expect_success 'LINK-20 JSON: a deal'"'"'s thread_count counts its threads' '
	is "$("$TETHER" crm show deal Doomed --json | jq "[.thread_count, (.threads | length)] | map(tostring) | join(\",\")" -r)" "1,1"
'

# --- searching (crm list) -----------------------------------------------------------

# behaviour | kind | search | what it finds (names or titles, sorted)
while IFS='|' read -r bid kind search want; do
	[ -n "$bid" ] || continue
	test_expect_success "$bid: crm list $kind \"$search\" finds: ${want:-nothing}" '
		run_tether crm list $kind "$search" --json && [ "$rc" -eq 0 ] &&
		is "$(printf "%s" "$out" | jq -r "[.items[] | (.name // .title)] | sort | join(\",\")")" "$want"
	'
done <<'EOF'
CRM-01|person|levi|Dana Levi
CRM-01|person|LEVI|Dana Levi
CRM-01|person|home.example|Dana Levi
CRM-01|person|acme.example|Dana Levi
CRM-01|person|ACME.EXAMPLE|Dana Levi
CRM-01|person|lia@lead|Lia Lead
CRM-01|person|nobody-like-this|
CRM-02|org|glob|Globex
CRM-03|deal|deal|Org deal,Person deal,Status deal
CRM-09|lead|lead t|Lead three,Lead two
EOF
test_expect_success 'CRM-01/02 (tether(1) crm list): crm list without a search lists every item of the kind, one line each' '
	run_tether crm list org && [ "$rc" -eq 0 ] && contains "$out" "Globex" && contains "$out" "Acme Ltd" &&
	is "$(printf "%s\n" "$out" | wc -l)" "$("$TETHER" crm list org --json | jq ".items | length")"
'

# --- refusals are one sentence with status 1 or 2 -----------------------------------

# behaviour | exit status | words of the message | arguments
while IFS='|' read -r bid code text args; do
	[ -n "$bid" ] || continue
	test_expect_success "$bid errors: tether $args → exit $code, one sentence with \"$text\"" '
		eval "refused $code \"\$text\" $args"
	'
done <<'EOF'
CRM-01..11|2|name the kind of item|crm add widget --name x
CRM-01..11|2|name the kind of item|crm list
CRM-04|2|crm show needs the id|crm show deal
CRM-01|2|crm delete needs the id|crm delete person
CRM-10|2|crm convert turns a lead into a deal|crm convert org 1
CRM-01|1|no person with id 999|crm show person 999
CRM-09|1|lead|crm show lead 00000000-0000-0000-0000-000000000000
CRM-04|1|no deal with id 999|crm edit deal 999 --status won
CRM-03|1|no person "99"|crm add deal --title "Ghost person" --person 99
CRM-01|1|no organization "No Such Org"|crm add person --name "Orgless Person" --org "No Such Org"
CRM-01|1|visible_to|crm add person --name "Odd Visibility" --visible-to 9
EOF
test_expect_success 'CRM-01 errors: an unknown field is refused with exit 2, naming it and the fields there are' '
	run_tether crm add person --colour blue; is "$rc" 2 && is "$out" "" &&
	contains "$err" "--colour is not one of the person fields" && contains "$err" "--first_name"
'
test_done
