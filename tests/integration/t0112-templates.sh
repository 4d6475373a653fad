# t0112-templates.sh - templates (files, private/shared, order), smart fields and their context, empty fields before sending, [Label] import, signatures in new mail and replies, drafts and scheduled mail frozen at insertion (CMP-01, CMP-03, CMP-04, CMP-06..08, CMP-10, CMP-12, CMP-13, §3, ambiguities 25..27). No server: compose prints the message.
. "$top_srcdir/tests/integration/test-lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"

# Two accounts; work (first) is the one compose uses unless told. Nothing
# listens on localhost:465, so a send is queued and its first try fails.
CONFIG="[account work]
name = Dana Levi
email = dana@tether-test.example
imap_host = localhost
smtp_host = localhost
password_cmd = printf x

[account home]
name = Dana L
email = dana@home.example
imap_host = localhost
smtp_host = localhost
password_cmd = printf x"
write_config "$CONFIG"

# is GOT WANT: the strings are equal, or both are printed.
is() {
	[ "$1" = "$2" ] && return 0
	printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
	return 1
}

# lacks HAYSTACK NEEDLE: exit 0 when the needle is not in the haystack.
lacks() {
	case $1 in *"$2"*) printf 'did not expect: %s\nin: %s\n' "$2" "$1" >&2; return 1 ;; esac
	return 0
}

# body: the text after the header of the message in $out (single-part text/plain).
body() {
	printf '%s\n' "$out" | sed '1,/^$/d'
}

# header NAME: that header of the message in $out.
header() {
	printf '%s\n' "$out" | sed -n "1,/^\$/s/^$1: //p"
}

# line_of TEXT PATTERN: the number of the first line of TEXT matching the
# fixed string PATTERN, or 0.
line_of() {
	local n
	n=$(printf '%s\n' "$1" | grep -n -F -m1 -e "$2" | cut -d: -f1)
	echo "${n:-0}"
}

# sql DB QUERY: a read-only query on the profile's database.
sql() {
	sqlite3 -readonly "$PROFILE/$1" "$2"
}

# outbox_count: how many messages the outbox holds, whatever their state.
outbox_count() {
	"$TETHER" outbox list --all --json | jq ".outbox | length"
}

# today_is VALUE: VALUE is today's date (checked before and after, for midnight).
today_is() {
	[ "$1" = "$d0" ] || [ "$1" = "$(date +%F)" ] || {
		printf 'expected today (%s), got: %s\n' "$d0" "$1" >&2
		return 1
	}
}

printf 'Price list 2026: pallets 100 EUR\n' >"$TEST_TMP/price-list.txt"
FILE_SIZE=$(wc -c <"$TEST_TMP/price-list.txt")

# --- CMP-01: a template keeps its name, subject, body and files ------------------

test_expect_success 'CMP-01: template add stores a name, a subject, a body and a file' '
	run_tether template add Intro --subject "Our price list" \
		--body "Dear customer, the price list is attached." --attach "$TEST_TMP/price-list.txt" &&
	is "$rc" 0 && contains "$out" "Intro"
'
test_expect_success 'CMP-01: template show gives back the subject, the body and the file with its size' '
	run_tether template show Intro && is "$rc" 0 &&
	contains "$out" "Intro" && contains "$out" "Subject: Our price list" &&
	contains "$out" "Dear customer, the price list is attached." &&
	contains "$out" "price-list.txt ($FILE_SIZE bytes)"
'
test_expect_success 'CMP-01: template show --json gives the same, with the file name and size' '
	run_tether template show Intro --json && is "$rc" 0 &&
	is "$(printf "%s" "$out" | jq -r "\"\(.name)|\(.subject)|\(.body)|\(.private)\"")" \
		"Intro|Our price list|Dear customer, the price list is attached.|false" &&
	is "$(printf "%s" "$out" | jq -r "[.files[] | \"\(.name):\(.size)\"] | join(\",\")")" \
		"price-list.txt:$FILE_SIZE"
'
test_expect_success 'CMP-01: compose --template fills subject and body and attaches the file' '
	run_tether compose --to bob@example.org --template Intro --no-signature && is "$rc" 0 &&
	is "$(header Subject)" "Our price list" &&
	contains "$out" "Dear customer, the price list is attached." &&
	printf "%s\n" "$out" | grep -Eq "^Content-Disposition: attachment; filename=\"?price-list\.txt\"?$" &&
	contains "$out" "$(base64 <"$TEST_TMP/price-list.txt")"
'
test_expect_success 'CMP-01: a template name that does not exist is refused' '
	run_tether compose --to bob@example.org --template Nosuch &&
	[ "$rc" -ne 0 ] && is "$out" "" && contains "$err" "Nosuch"
'

# --- CMP-03: private templates -------------------------------------------------------

test_expect_success 'CMP-03: a private template has a lock marker in template list, shared ones none' '
	"$TETHER" template add Secret --private --subject "Just mine" --body "Quiet words." >/dev/null &&
	run_tether template list && is "$rc" 0 &&
	printf "%s\n" "$out" | grep "Secret" | grep -q "🔒" &&
	! printf "%s\n" "$out" | grep "Intro" | grep -q "🔒"
'
test_expect_success 'CMP-03: template list --json and show --json say "private": true' '
	is "$("$TETHER" template list --json | jq -r ".templates[] | select(.name == \"Secret\") | .private")" true &&
	is "$("$TETHER" template list --json | jq -r ".templates[] | select(.name == \"Intro\") | .private")" false &&
	is "$("$TETHER" template show Secret --json | jq -r .private)" true
'
test_expect_success 'CMP-03: another user'"'"'s private template is not listed, shown or applied' '
	sqlite3 "$PROFILE/crm.db" "UPDATE templates SET owner = '"'"'someone-else'"'"' WHERE name = '"'"'Secret'"'"'" &&
	run_tether template list && is "$rc" 0 && lacks "$out" "Secret" && lacks "$out" "Just mine" &&
	is "$("$TETHER" template list --json | jq "[.templates[] | select(.name == \"Secret\")] | length")" 0 &&
	run_tether template show Secret && [ "$rc" -ne 0 ] && is "$out" "" &&
	contains "$err" "no template \"Secret\"" &&
	run_tether compose --to bob@example.org --template Secret && [ "$rc" -ne 0 ] && is "$out" "" &&
	contains "$err" "no template \"Secret\""
'
test_expect_success 'CMP-03: another user'"'"'s shared template is listed and applied' '
	"$TETHER" template add Common --subject "Team words" --body "Shared text." >/dev/null &&
	sqlite3 "$PROFILE/crm.db" "UPDATE templates SET owner = '"'"'someone-else'"'"' WHERE name = '"'"'Common'"'"'" &&
	is "$("$TETHER" template list --json | jq -r ".templates[] | select(.name == \"Common\") | .owner")" someone-else &&
	run_tether compose --to bob@example.org --template Common --no-signature && is "$rc" 0 &&
	contains "$out" "Shared text."
'

# --- CMP-04: order ----------------------------------------------------------------------

OP="$TEST_TMP/order"
mkdir -p "$OP" && cp "$PROFILE/config" "$OP/config"
# order_of: the names in template list, then in --json by position.
order_of() {
	printf '%s / %s\n' \
		"$("$TETHER" --profile "$OP" template list | sed "s/^ *[0-9]*\. *//; s/ .*//" | paste -sd " ")" \
		"$("$TETHER" --profile "$OP" template list --json |
			jq -r "[.templates | sort_by(.position)[] | \"\(.position)=\(.name)\"] | join(\" \")")"
}
test_expect_success 'CMP-04: templates are listed in the order they were added' '
	for n in Alpha Beta Gamma; do
		"$TETHER" --profile "$OP" template add $n --subject "About $n" --body "Text $n." >/dev/null || exit 1
	done &&
	is "$(order_of)" "Alpha Beta Gamma / 1=Alpha 2=Beta 3=Gamma"
'
test_expect_success 'CMP-04: template move NAME 1 puts it first, in list and in "position"' '
	run_tether --profile "$OP" template move Gamma 1 && is "$rc" 0 &&
	is "$(order_of)" "Gamma Alpha Beta / 1=Gamma 2=Alpha 3=Beta"
'
test_expect_success 'CMP-04: moving beyond the end puts it last' '
	run_tether --profile "$OP" template move Gamma 99 && is "$rc" 0 &&
	is "$(order_of)" "Alpha Beta Gamma / 1=Alpha 2=Beta 3=Gamma" &&
	run_tether --profile "$OP" template move Alpha 2 && is "$rc" 0 &&
	is "$(order_of)" "Beta Alpha Gamma / 1=Beta 2=Alpha 3=Gamma"
'

# --- CMP-06 and §3: smart fields and their context (ambiguity 26) -------------------

OFFER_SUBJECT='Offer for {{person.first_name}}: {{deal.title}}'
OFFER_BODY='Hello {{person.first_name}},
deal: {{deal.title}}
value: [{{deal.value_formatted}}]
org: {{org.name}} in {{org.address.locality}}
sender: {{user.email}} / {{user.sender_name}}
date: {{date.today}}'

test_expect_success 'CMP-06: the CRM context: Ann Lee of Acme Ltd (Haifa), open deal "Spring order" 12000 EUR' '
	"$TETHER" crm add org --name "Acme Ltd" --locality Haifa >/dev/null &&
	"$TETHER" crm add person --name "Ann Lee" --emails ann@acme.example --org "Acme Ltd" >/dev/null &&
	"$TETHER" crm add deal --title "Spring order" --value 12000 --currency EUR --person "Ann Lee" >/dev/null &&
	is "$("$TETHER" crm show person "Ann Lee" --json | jq -r .item.first_name)" Ann &&
	"$TETHER" template add Offer --subject "$OFFER_SUBJECT" --body "$OFFER_BODY" >/dev/null
'
# offer_filled: $out is the Offer template filled for Ann and Spring order.
offer_filled() {
	local v
	is "$(header Subject)" "Offer for Ann: Spring order" &&
	contains "$out" "Hello Ann," && contains "$out" "deal: Spring order" &&
	v=$(body | sed -n "s/^value: \[\(.*\)\]\$/\1/p") &&
	contains "$v" "EUR" && is "$(printf "%s" "$v" | tr -cd "0-9")" 12000 &&
	contains "$out" "org: Acme Ltd in Haifa" &&
	contains "$out" "sender: dana@tether-test.example / Dana Levi" &&
	today_is "$(body | sed -n "s/^date: //p")" &&
	lacks "$out" "{{"
}
test_expect_success 'CMP-06 §3: new mail to a person: person, deal, org, user and date fields are filled (ambiguity 26)' '
	d0=$(date +%F) &&
	run_tether compose --to ann@acme.example --template Offer --no-signature && is "$rc" 0 &&
	offer_filled && lacks "$err" "has no value" && lacks "$err" "not a smart field"
'
test_expect_success 'CMP-06 (ambiguity 26): the first To address that is a person gives the context, not Cc' '
	d0=$(date +%F) &&
	run_tether compose --to "zed@nowhere.example, Ann Lee <ann@acme.example>" --template Offer --no-signature &&
	is "$rc" 0 && offer_filled &&
	run_tether compose --to zed@nowhere.example --cc ann@acme.example --template Offer --no-signature &&
	is "$rc" 0 && lacks "$out" "Hello Ann," && contains "$err" "{{person.first_name}}"
'
test_expect_success 'CMP-06 (ambiguity 26): --deal with a To that is no person: the deal'"'"'s person fills person.*' '
	d0=$(date +%F) &&
	run_tether compose --to zed@nowhere.example --deal "Spring order" --template Offer --no-signature &&
	is "$rc" 0 && offer_filled && lacks "$err" "has no value"
'
test_expect_success '§3: {{date.today}} is the date in the user'"'"'s time zone' '
	[ -e /usr/share/zoneinfo/Etc/GMT+12 ] || exit 0
	for tz in Etc/GMT+12 Etc/GMT-14; do
		want=$(TZ=$tz date +%F) &&
		got=$(TZ=$tz "$TETHER" compose --to bob@example.org --subject d --body "today={{date.today}}" \
			--no-signature | sed -n "s/^today=//p") &&
		{ [ "$got" = "$want" ] || [ "$got" = "$(TZ=$tz date +%F)" ]; } ||
		{ printf "TZ=%s: expected %s, got %s\n" "$tz" "$want" "$got"; exit 1; }
	done
'
test_expect_success '§3 fallbacks: {{person.first_name|there}} gives "there" for a To that is no person' '
	"$TETHER" template add Greet --subject "Hi" --body "Hello {{person.first_name|there}}, welcome." >/dev/null &&
	run_tether compose --to zed@nowhere.example --template Greet --no-signature && is "$rc" 0 &&
	contains "$out" "Hello there, welcome." && lacks "$err" "has no value" &&
	run_tether compose --to ann@acme.example --template Greet --no-signature && is "$rc" 0 &&
	contains "$out" "Hello Ann, welcome."
'
test_expect_success '§3: an unknown field {{person.shoe_size}} stays as written and is warned about' '
	"$TETHER" template add Shoes --subject "Shoes" --body "Your size is {{person.shoe_size}} here." >/dev/null &&
	run_tether compose --to ann@acme.example --template Shoes --no-signature && is "$rc" 0 &&
	contains "$out" "Your size is {{person.shoe_size}} here." &&
	contains "$err" "{{person.shoe_size}}" && contains "$err" "not a smart field"
'
test_expect_success 'ambiguity 25: [Person first name] and [Deal title] labels are stored as {{person.first_name}} and {{deal.title}}' '
	"$TETHER" template add Labels --subject "About [Deal title]" \
		--body "Dear [Person first name], about [Deal title] and [not a label]." >/dev/null &&
	run_tether template show Labels && is "$rc" 0 &&
	contains "$out" "Subject: About {{deal.title}}" &&
	contains "$out" "Dear {{person.first_name}}, about {{deal.title}} and [not a label]." &&
	is "$("$TETHER" template show Labels --json | jq -r "\"\(.subject)|\(.body)\"")" \
		"About {{deal.title}}|Dear {{person.first_name}}, about {{deal.title}} and [not a label]."
'

# --- CMP-12: empty fields before sending ---------------------------------------------

test_expect_success 'CMP-12: a field with no value is listed on stderr in the preview' '
	"$TETHER" template add Needy --subject "For you" --body "Hi {{person.first_name}}, thanks." >/dev/null &&
	run_tether compose --to zed@nowhere.example --template Needy --no-signature && is "$rc" 0 &&
	contains "$out" "Hi , thanks." &&
	contains "$err" "{{person.first_name}}" && contains "$err" "no value"
'
test_expect_success 'CMP-12: --send with an empty field is refused before anything is queued' '
	run_tether compose --to zed@nowhere.example --template Needy --no-signature --send &&
	[ "$rc" -ne 0 ] && contains "$err" "{{person.first_name}}" && contains "$err" "--confirm-empty" &&
	is "$(outbox_count)" 0 &&
	run_tether compose --to zed@nowhere.example --template Needy --no-signature --at +2h &&
	[ "$rc" -ne 0 ] && contains "$err" "--confirm-empty" && is "$(outbox_count)" 0
'
test_expect_success 'CMP-12: with --confirm-empty the message is queued (the field as empty text)' '
	run_tether compose --to zed@nowhere.example --template Needy --no-signature --send --confirm-empty
	lacks "$err" "--confirm-empty" && lacks "$err" "have no value here" &&
	is "$(outbox_count)" 1 &&
	is "$("$TETHER" outbox list --json | jq -r ".outbox[] | \"\(.subject)|\(.state)\"")" "For you|queued" &&
	sqlite3 -readonly "$PROFILE/mail.db" "SELECT raw FROM outbox" | grep -q "^Hi , thanks\."
'

# --- ambiguity 27 / CMP-13: resolved at insertion ------------------------------------

test_expect_success 'CMP-13 (ambiguity 27): --draft --template saves the filled body and the template files' '
	"$TETHER" template add Pack --subject "{{deal.title}} for {{org.name}}" \
		--body "Dear {{person.first_name}}, the terms of {{deal.title}}." \
		--attach "$TEST_TMP/price-list.txt" >/dev/null &&
	run_tether compose --to ann@acme.example --template Pack --no-signature --draft && is "$rc" 0 &&
	id=$(printf "%s" "$out" | grep -o "[0-9][0-9]*" | tail -1) && [ -n "$id" ] &&
	is "$(sql mail.db "SELECT subject FROM drafts WHERE id = $id")" "Spring order for Acme Ltd" &&
	is "$(sql mail.db "SELECT body FROM drafts WHERE id = $id")" "Dear Ann, the terms of Spring order." &&
	is "$(sql mail.db "SELECT to_addrs FROM drafts WHERE id = $id")" "ann@acme.example" &&
	is "$(sql mail.db "SELECT name || \":\" || length(data) FROM draft_files WHERE draft_id = $id")" \
		"price-list.txt:$FILE_SIZE"
'
test_expect_success 'CMP-13: scheduled mail is frozen when scheduled: a later CRM edit does not change it' '
	run_tether compose --to ann@acme.example --template Offer --no-signature --at +2h && is "$rc" 0 &&
	"$TETHER" crm edit person "Ann Lee" --first-name Annie >/dev/null &&
	raw=$(sql mail.db "SELECT raw FROM outbox WHERE subject = '"'"'Offer for Ann: Spring order'"'"'") &&
	contains "$raw" "Hello Ann," && lacks "$raw" "Annie" &&
	"$TETHER" crm edit person "Annie Lee" --first-name Ann >/dev/null &&
	is "$("$TETHER" crm show person "Ann Lee" --json | jq -r .item.first_name)" Ann
'

# --- ambiguity 26: two open items: none is chosen ---------------------------------

test_expect_success 'CMP-06 (ambiguity 26): with two open deals for Ann, deal.* stay empty and are listed' '
	"$TETHER" crm add deal --title "Autumn order" --value 500 --currency EUR --person "Ann Lee" >/dev/null &&
	run_tether compose --to ann@acme.example --template Offer --no-signature && is "$rc" 0 &&
	is "$(header Subject)" "Offer for Ann:" && contains "$out" "Hello Ann," &&
	printf "%s\n" "$out" | grep -qx "deal: *" && lacks "$out" "Spring order" && lacks "$out" "Autumn order" &&
	contains "$err" "{{deal.title}}" && contains "$err" "{{deal.value_formatted}}" &&
	run_tether compose --to ann@acme.example --deal "Autumn order" --template Offer --no-signature &&
	is "$rc" 0 && contains "$out" "deal: Autumn order" && lacks "$err" "has no value"
'

# --- CMP-07/08/10: signatures -----------------------------------------------------

test_expect_success 'CMP-07: several signatures, one of them the default' '
	"$TETHER" signature set main --default --body "Dana Levi
Acme sales desk" >/dev/null &&
	"$TETHER" signature set short --body "DL" >/dev/null &&
	run_tether signature list && is "$rc" 0 &&
	contains "$out" "main (default)" && contains "$out" "short" && lacks "$out" "short (default)"
'
test_expect_success 'CMP-08: a new message gets "-- " and the default signature below the text' '
	run_tether compose --to bob@example.org --subject "Hello" --body "Body text here." && is "$rc" 0 &&
	is "$(body)" "$(printf "Body text here.\n\n-- \nDana Levi\nAcme sales desk")"
'
test_expect_success 'CMP-07: --signature short uses that one instead' '
	run_tether compose --to bob@example.org --subject "Hello" --body "Body text here." --signature short &&
	is "$rc" 0 && is "$(body)" "$(printf "Body text here.\n\n-- \nDL")"
'
test_expect_success 'CMP-08: --no-signature leaves it out' '
	run_tether compose --to bob@example.org --subject "Hello" --body "Body text here." --no-signature &&
	is "$rc" 0 && is "$(body)" "Body text here."
'
test_expect_success 'CMP-08: a new draft has the default signature too' '
	run_tether compose --to bob@example.org --subject "Signed draft" --body "Draft text." --draft && is "$rc" 0 &&
	is "$(sql mail.db "SELECT body FROM drafts WHERE subject = '"'"'Signed draft'"'"'")" \
		"$(printf "Draft text.\n\n-- \nDana Levi\nAcme sales desk")"
'
test_expect_success 'CMP-08: the signature goes below the template text' '
	run_tether compose --to ann@acme.example --template Greet && is "$rc" 0 &&
	is "$(body)" "$(printf "Hello Ann, welcome.\n\n-- \nDana Levi\nAcme sales desk")"
'
printf 'From: Bob Berg <bob@example.org>\nTo: Dana Levi <dana@tether-test.example>\nSubject: Pallets\nMessage-ID: <pallets1@example.org>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n\nHow many pallets do you need?\nWe have forty left.\n' \
	>"$TEST_TMP/pallets.eml"
printf 'From: Ann Lee <ann@acme.example>\nTo: Dana Levi <dana@tether-test.example>\nSubject: Mailer\nMessage-ID: <mailer1@acme.example>\nDate: Mon, 02 Mar 2026 11:00:00 +0000\n\nOur mailer wrote {{person.first_name}} and {{deal.title}} here.\n' \
	>"$TEST_TMP/mailer.eml"
# msg_id MESSAGE-ID: the id of that message.
msg_id() {
	"$TETHER" list --json | jq -r --arg m "$1" ".messages[] | select(.message_id == \$m) | .id"
}
test_expect_success 'CMP-10: a reply has the new text, then the signature, then the quoted original' '
	"$TETHER" import --folder Inbox "$TEST_TMP/pallets.eml" >/dev/null &&
	id=$(msg_id pallets1@example.org) && [ -n "$id" ] &&
	run_tether compose --reply-to "$id" --body "Forty pallets, please." && is "$rc" 0 &&
	is "$(header Subject)" "Re: Pallets" &&
	b=$(body) && text=$(line_of "$b" "Forty pallets, please.") && dash=$(line_of "$b" "-- ") &&
	sig=$(line_of "$b" "Acme sales desk") && quote=$(line_of "$b" "> How many pallets do you need?") &&
	echo "text=$text dash=$dash sig=$sig quote=$quote" &&
	[ "$text" -gt 0 ] && [ "$dash" -gt "$text" ] && [ "$sig" -gt "$dash" ] && [ "$quote" -gt "$sig" ] &&
	is "$(printf "%s\n" "$b" | sed -n "$dash,\$p" | grep -c "^> ")" 2 &&
	is "$(printf "%s\n" "$b" | sed -n "1,${dash}p" | grep -c "^> ")" 0
'
test_expect_success 'CMP-07/08: an account'"'"'s own default signature wins over the every-account one' '
	"$TETHER" signature set worksig --account work --default --body "Dana at the work desk" >/dev/null &&
	run_tether compose --to bob@example.org --subject "Hello" --body "Body text here." && is "$rc" 0 &&
	is "$(body)" "$(printf "Body text here.\n\n-- \nDana at the work desk")" &&
	run_tether compose --account home --to bob@example.org --subject "Hello" --body "Body text here." &&
	is "$rc" 0 && is "$(body)" "$(printf "Body text here.\n\n-- \nDana Levi\nAcme sales desk")"
'
test_expect_success 'CMP-10: a reply from the work account puts its signature above the quote' '
	id=$(msg_id pallets1@example.org) &&
	run_tether compose --reply-to "$id" --body "Forty pallets, please." && is "$rc" 0 &&
	b=$(body) && [ "$(line_of "$b" "Dana at the work desk")" -gt 0 ] &&
	[ "$(line_of "$b" "> How many pallets")" -gt "$(line_of "$b" "Dana at the work desk")" ] &&
	lacks "$b" "Acme sales desk"
'
test_expect_success 'CMP-13: the quoted original is not filled: {{...}} text in it stays as the sender wrote it' '
	"$TETHER" import --folder Inbox "$TEST_TMP/mailer.eml" >/dev/null &&
	id=$(msg_id mailer1@acme.example) && [ -n "$id" ] &&
	run_tether compose --reply-to "$id" --body "Thanks." --no-signature && is "$rc" 0 &&
	contains "$out" "> Our mailer wrote {{person.first_name}} and {{deal.title}} here."
'

test_expect_success 'a reply to mail imported locally comes from the account it was sent to, whose address is left out of Cc' '
	printf "%s\n" "From: Ann Lee <ann@acme.example>" "To: Dana L <dana@home.example>" \
		"Cc: Dana Levi <dana@tether-test.example>, bob@example.org" "Subject: Weekend" \
		"Message-ID: <home1@acme.example>" "Date: Mon, 02 Mar 2026 12:00:00 +0000" "" "See you?" \
		>"$TEST_TMP/home.eml" &&
	"$TETHER" import --folder Inbox "$TEST_TMP/home.eml" >/dev/null &&
	id=$(msg_id home1@acme.example) && [ -n "$id" ] &&
	run_tether compose --reply-to "$id" --all --body "Sure." --no-signature && is "$rc" 0 &&
	contains "$out" "From: Dana L <dana@home.example>" &&
	contains "$out" "Cc: bob@example.org" && lacks "$out" "dana@tether-test.example"
'

test_expect_success 'CMP-02: a saved draft becomes a template (subject, text and files), as written' '
	printf "rate card\n" >"$TEST_TMP/rates.txt" &&
	run_tether compose --to "ann@acme.example" --subject "Rates for {{org.name}}" \
		--body "Our rates, {{person.first_name|there}}." --attach "$TEST_TMP/rates.txt" --draft --no-signature &&
	is "$rc" 0 && id=$(printf "%s" "$out" | sed -n "s/^saved as draft \([0-9]*\)$/\1/p") && [ -n "$id" ] &&
	run_tether template add "From draft" --from-draft "$id" && is "$rc" 0 &&
	run_tether template show "From draft" --json && is "$rc" 0 &&
	contains "$out" "\"subject\": \"Rates for Acme Ltd\"" &&
	contains "$out" "Our rates, Ann." && contains "$out" "\"name\": \"rates.txt\"" &&
	run_tether template add "Bad" --from-draft 99999 && [ "$rc" -ne 0 ] && contains "$err" "no draft 99999"
'

test_done
