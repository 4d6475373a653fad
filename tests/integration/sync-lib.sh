# sync-lib.sh - for the sync tests (t0102, t0103): starts the Dovecot bed (or skips), and compares tether's folders and messages with the server's.
# Sourced after test-lib.sh; SYNC_BED_CAPS (optional) is the capability list the bed announces.
# The whole script needs the bed and sqlite3 (to read mail.db and set a
# thread link, which has no command yet). A missing program skips with the
# reason; a bed that is there but fails to start is a failure.
if [ ! -f "$top_srcdir/tests/servers/testbed.sh" ]; then
	skip_all "no Dovecot test bed here (tests/servers/testbed.sh)"
fi
. "$top_srcdir/tests/servers/testbed.sh"
trap 'testbed_cleanup; rm -rf "$TEST_TMP"' EXIT
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip_all "not installed: sqlite3 (scripts/install-deps --test)"
fi
testbed_dovecot_start "$TEST_TMP/bed" ${SYNC_BED_CAPS:+--caps "$SYNC_BED_CAPS"} \
	2>"$TEST_TMP/bed.err"
bed=$?
if [ "$bed" -eq 77 ]; then
	skip_all "$(cat "$TEST_TMP/bed.err")"
fi
if [ "$bed" -ne 0 ]; then
	cat "$TEST_TMP/bed.err" >&2
	test_expect_success 'the Dovecot test bed starts' 'false'
	test_done
fi

MAIL=$TEST_TMP/mail
mkdir -p "$MAIL"

# bed_config PROFILE [TRUST [PASSWORD_CMD [PORT]]]: alice's account on the bed in PROFILE/config (0600);
# TRUST is a tls_ca_file or tls_fingerprint line, or "" for neither.
bed_config() {
	local dir=$1 trust=${2-"tls_ca_file = $TESTBED_CA"} pw=${3:-printf secret} port=${4:-$TESTBED_IMAP_PORT}
	mkdir -p "$dir" &&
	printf '%s\n' "[account test]" "email = alice@example.test" "username = alice" \
		"imap_host = localhost" "imap_port = $port" "$trust" "smtp_host = localhost" \
		"smtp_port = 465" "password_cmd = $pw" "sync_since = all" >"$dir/config" &&
	chmod 600 "$dir/config"
}

# tsync PROFILE ARGS...: tether sync, leaving $rc, $out and $err.
tsync() {
	local p=$1
	shift
	run_tether --profile "$p" sync "$@"
}

# synced PROFILE ARGS...: a sync that must succeed; shows its output otherwise.
synced() {
	tsync "$@"
	[ "$rc" -eq 0 ] && return 0
	printf 'tether sync exited %s\nstdout: %s\nstderr: %s\n' "$rc" "$out" "$err" >&2
	return 1
}

# mkmail ID SUBJECT DAY [PARENTS [BODY]]: $MAIL/ID.eml, plain text dated DAY March 2026,
# a reply to the last of PARENTS (ids, oldest first); its Message-Id is ID@t0102.example.
mkmail() {
	local id=$1 subject=$2 day=$3 parents=${4:-} body=${5:-"This is the text of $1."} p refs=
	{
		printf 'From: Ann Lee <ann@example.com>\nTo: Alice <alice@example.test>\n'
		printf 'Subject: %s\nDate: %s Mar 2026 10:00:00 +0000\nMessage-ID: <%s@t0102.example>\n' \
			"$subject" "$day" "$id"
		if [ -n "$parents" ]; then
			for p in $parents; do
				refs="$refs <$p@t0102.example>"
			done
			printf 'In-Reply-To: <%s@t0102.example>\nReferences:%s\n' "${parents##* }" "$refs"
		fi
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' "$body"
	} >"$MAIL/$id.eml"
}

# put BOX ID...: saves those messages into alice's BOX on the server.
put() {
	local box=$1 id
	shift
	for id in "$@"; do
		testbed_deliver alice "$MAIL/$id.eml" "$box" || return 1
	done
}

# Awk helpers for tether's JSON, one object per record (json_records):
# val(KEY) is the string or number member KEY ("null" when null, "?" when absent);
# flagset(TEXT) names the flags TEXT mentions, in tether's order, comma-separated, or "-".
AWK_LIB='
function val(key,   s) {
	if (!match($0, "\"" key "\": (\"[^\"]*\"|[^,}]*)"))
		return "?"
	s = substr($0, RSTART + length(key) + 4, RLENGTH - length(key) - 4)
	if (s ~ /^"/)
		s = substr(s, 2, length(s) - 2)
	return s
}
function flagset(text,   n, i, names, s) {
	text = tolower(text)
	n = split("seen answered flagged deleted draft", names, " ")
	s = ""
	for (i = 1; i <= n; i++)
		if (index(text, names[i]) > 0)
			s = s (s == "" ? "" : ",") names[i]
	return s == "" ? "-" : s
}
function flags(   s) {
	if (!match($0, /"flags": \[[^]]*\]/))
		return "?"
	return flagset(substr($0, RSTART, RLENGTH))
}
'

# json_records: splits tether's JSON into one line per object that starts with "id" (a message,
# thread or folder), the id first; nested objects (addresses, a link) stay in their line.
json_records() {
	awk 'BEGIN { RS = "[{]\"id\": " } NR > 1 { gsub(/\n/, " "); print }'
}

# role_of NAME: the role tether must give the bed's mailbox NAME (SPECIAL-USE, and INBOX).
role_of() {
	case $1 in
		INBOX) echo inbox ;;
		Sent) echo sent ;;
		Drafts) echo drafts ;;
		Trash) echo trash ;;
		Junk) echo junk ;;
		Archive) echo archive ;;
		*) echo null ;;
	esac
}

# server_boxes: alice's mailboxes on the server, one a line.
server_boxes() {
	testbed_doveadm mailbox list -u alice | LC_ALL=C sort
}

# server_folders: "NAME<tab>ROLE<tab>MESSAGES<tab>UNSEEN" for each of alice's mailboxes, sorted.
server_folders() {
	local box
	server_boxes | while IFS= read -r box; do
		testbed_doveadm -f tab mailbox status -u alice 'messages unseen' "$box" |
			awk -F '\t' -v box="$box" -v role="$(role_of "$box")" '
				NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
				{ print box "\t" role "\t" $col["messages"] "\t" $col["unseen"] }'
	done | LC_ALL=C sort
}

# tether_folders PROFILE: the same lines from tether list --folders --json.
tether_folders() {
	"$TETHER" --profile "$1" list --folders --json | json_records |
		awk "$AWK_LIB"'{ print val("name") "\t" val("role") "\t" val("messages") "\t" val("unread") }' |
		LC_ALL=C sort
}

# server_msgs BOX: "UID<tab>MESSAGE-ID<tab>FLAGS" for each message in alice's BOX, by UID.
server_msgs() {
	testbed_doveadm -f tab fetch -u alice 'uid hdr.message-id flags' mailbox "$1" ALL |
		awk -F '\t' "$AWK_LIB"'
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			{
				id = $col["hdr.message-id"]
				sub(/^[^<]*</, "", id); sub(/>.*$/, "", id)
				print $col["uid"] "\t" id "\t" flagset($col["flags"])
			}' | sort -n
}

# tether_msgs PROFILE BOX: the same lines from tether list --folder test/BOX --json.
tether_msgs() {
	"$TETHER" --profile "$1" list --folder "test/$2" --json --limit 100000 | json_records |
		awk "$AWK_LIB"'{ print val("uid") "\t" val("message_id") "\t" flags() }' | sort -n
}

# same WHAT FILE1 FILE2: the server's lines (FILE1) equal tether's (FILE2); shows the difference otherwise.
same() {
	diff -u --label "server: $1" --label "tether: $1" "$2" "$3" && return 0
	echo "(lines: UID, Message-Id, flags; or folder, role, messages, unread)"
	return 1
}

# same_box PROFILE BOX: tether's copy of BOX has exactly the server's UIDs, Message-Ids and flags.
same_box() {
	server_msgs "$2" >"$TEST_TMP/server.tsv" && tether_msgs "$1" "$2" >"$TEST_TMP/tether.tsv" &&
		same "$2" "$TEST_TMP/server.tsv" "$TEST_TMP/tether.tsv"
}

# same_boxes PROFILE: same_box for every mailbox on the server.
same_boxes() {
	local box bad=0
	server_boxes >"$TEST_TMP/boxes" || return 1
	while IFS= read -r box; do
		same_box "$1" "$box" </dev/null || bad=1
	done <"$TEST_TMP/boxes"
	return $bad
}

# srv_status BOX FIELD: one status item (messages, unseen, uidvalidity, ...) of alice's BOX on the server.
srv_status() {
	testbed_doveadm -f tab mailbox status -u alice "$2" "$1" |
		awk -F '\t' -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } { print $col[f] }'
}

# srv_uid BOX ID: the UID of message ID in alice's BOX on the server.
srv_uid() {
	server_msgs "$1" | awk -F '\t' -v id="$2@t0102.example" '$2 == id { print $1; found = 1 }
		END { if (!found) { print "no " id " on the server" > "/dev/stderr"; exit 1 } }'
}

# flag add|remove FLAG BOX ID...: changes a flag of those messages on the server.
flag() {
	local op=$1 fl=$2 box=$3 id uid
	shift 3
	for id in "$@"; do
		uid=$(srv_uid "$box" "$id") && testbed_doveadm flags "$op" -u alice "$fl" mailbox "$box" uid "$uid" ||
			return 1
	done
}

# expunge BOX ID...: removes those messages from alice's BOX on the server.
expunge() {
	local box=$1 id uid
	shift
	for id in "$@"; do
		uid=$(srv_uid "$box" "$id") && testbed_doveadm expunge -u alice mailbox "$box" uid "$uid" || return 1
	done
}

# msg_field PROFILE ID FIELD: a member of message ID@t0102.example in tether list --json ("id" is its id).
msg_field() {
	"$TETHER" --profile "$1" list --json --limit 100000 | json_records |
		awk -v m="$2@t0102.example" -v f="$3" "$AWK_LIB"'
			val("message_id") == m { print (f == "id" ? $1 + 0 : val(f)); found = 1; exit }
			END { if (!found) { print "tether lists no message " m > "/dev/stderr"; exit 1 } }'
}

# listed PROFILE ID: 0 when tether lists message ID@t0102.example in any folder.
listed() {
	"$TETHER" --profile "$1" list --json --limit 100000 | grep -q "\"message_id\": \"$2@t0102.example\""
}

# thread_count PROFILE TID: the message_count of thread TID.
thread_count() {
	"$TETHER" --profile "$1" thread "$2" --json | json_records | awk "$AWK_LIB"'NR == 1 { print val("message_count") }'
}

# body_states PROFILE BOX: "COUNT STATE" for each body_state of the messages tether lists in BOX.
body_states() {
	"$TETHER" --profile "$1" list --folder "test/$2" --json --limit 100000 | json_records |
		awk "$AWK_LIB"'{ print val("body_state") }' | sort | uniq -c | awk '{ print $1, $2 }'
}

# is WHAT GOT WANT: GOT equals WANT; says what differs otherwise.
is() {
	[ "$2" = "$3" ] && return 0
	printf '%s: got "%s", expected "%s"\n' "$1" "$2" "$3"
	return 1
}

# sql PROFILE QUERY: one read of PROFILE/mail.db.
sql() {
	sqlite3 -readonly -cmd '.timeout 5000' "$1/mail.db" "$2"
}

# no_duplicates PROFILE: no Message-Id is stored twice for an account.
no_duplicates() {
	local d
	d=$(sql "$1" "SELECT message_id, count(*) FROM messages GROUP BY account_id, message_id HAVING count(*) > 1") &&
		[ -z "$d" ] && return 0
	printf 'messages stored more than once (Message-Id|copies):\n%s\n' "$d"
	return 1
}

# uidvalidities PROFILE: "NAME<tab>UIDVALIDITY" of each folder, from mail.db; server_uidvalidities the same from the server.
uidvalidities() {
	sql "$1" "SELECT name || char(9) || uidvalidity FROM folders ORDER BY 1" | LC_ALL=C sort
}
server_uidvalidities() {
	local box
	server_boxes | while IFS= read -r box; do
		testbed_doveadm -f tab mailbox status -u alice uidvalidity "$box" |
			awk -F '\t' -v box="$box" 'NR == 2 { print box "\t" $NF }'
	done | LC_ALL=C sort
}

# one_error: the last run failed with exit 1 and one line on stderr, starting "tether: ".
one_error() {
	[ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && case $err in "tether: "*) true ;; *) false ;; esac &&
		return 0
	printf 'expected exit 1 and one line "tether: ..." on stderr; got exit %s\nstderr: %s\n' "$rc" "$err"
	return 1
}

# write_maildir DIR N [PAD]: N small messages (bulkI@t0102.example) as files in the Maildir
# directory DIR (cur/), every third one seen, each with PAD more bytes of text; doveadm
# save would take ~20 ms a message.
write_maildir() {
	LC_ALL=C awk -v dir="$1" -v n="$2" -v pad="${3:-0}" -v now="$(date +%s)" 'BEGIN {
		line = "The quick brown fox jumps over the lazy dog, again and again.\n"
		for (k = 0; k < pad; k += length(line))
			extra = extra line
		# print, not printf: mawk formats at most 8 KB at a time.
		ORS = ""
		for (i = 1; i <= n; i++) {
			m = sprintf("From: Bulk Sender <bulk@example.net>\nTo: alice@example.test\n" \
				"Subject: bulk message %d\nDate: 20 Mar 2026 10:00:00 +0000\n" \
				"Message-ID: <bulk%d@t0102.example>\n\nBulk body number %d.\n", i, i, i)
			f = sprintf("%s/%d.M%dP1.t0102,S=%d:2,%s", dir, now, i, length(m) + length(extra),
				i % 3 == 0 ? "S" : "")
			print m >f
			print extra >f
			close(f)
		}
	}'
}
