# testbed.sh - real servers on loopback for the integration scripts: a throwaway CA and certificates, a private Dovecot (IMAPS) per directory, and a private Postfix (SMTPS, submission) that delivers into that Dovecot.
# Source it after test-lib.sh. The functions print nothing on stdout (that is TAP);
# errors go to stderr. A function returns 77 when a program it needs is missing
# (the script then calls skip_all). Only 127.0.0.1 is ever used.
# The script's EXIT trap must call testbed_cleanup (before removing $TEST_TMP).

TESTBED_VUID=5000   # the virtual uid/gid that owns the mail when run as root (Dovecot refuses uid 0)
_testbed_pid=       # master PID of the running Dovecot, empty when none
_testbed_conf=      # its config file
_testbed_caps=      # the capability list to announce instead of Dovecot's, or empty
_testbed_dir=       # its directory
_testbed_last_port= # the port of the last start, tried first by a restart in the same directory
_testbed_last_sport= # the same for the SMTP submission port
_testbed_lmtp=      # "yes" when the running Dovecot has LMTP and an auth socket for Postfix (dovecot-lmtpd installed, run as root)
TESTBED_MAIL_DOMAIN=tether-test.example # the domain whose addresses Postfix delivers into Dovecot (alice, bob, sink)
_testbed_pf_pid=    # master PID of the running Postfix, empty when none
_testbed_pf_dir=    # its config directory
_testbed_pf_last_dir=   # the directory of the last Postfix start
_testbed_pf_last_ports= # its "SMTPS SUBMISSION" ports, tried first by a restart in the same directory

# _testbed_err MESSAGE...: one line on stderr.
_testbed_err() {
	printf 'testbed: %s\n' "$*" >&2
}

# _testbed_find PROGRAM: prints its path, also looking in the sbin directories a user's PATH lacks.
_testbed_find() {
	local d
	command -v "$1" 2>/dev/null && return 0
	for d in /usr/sbin /sbin /usr/local/sbin; do
		if [ -x "$d/$1" ]; then
			printf '%s\n' "$d/$1"
			return 0
		fi
	done
	return 1
}

# testbed_require PROGRAM...: 0 when all are installed, else 77 with the reason on stderr.
testbed_require() {
	local p missing='' pkgs=''
	for p in "$@"; do
		_testbed_find "$p" >/dev/null && continue
		missing="$missing $p"
		case $p in
			dovecot | doveadm) p='dovecot-imapd' ;;
			postfix | postconf) p=postfix ;;
		esac
		case " $pkgs " in *" $p "*) ;; *) pkgs="$pkgs $p" ;; esac
	done
	if [ -n "$missing" ]; then
		_testbed_err "not installed:$missing (Debian packages:$pkgs; scripts/install-deps --test)"
		return 77
	fi
	return 0
}

# testbed_certs DIR: a throwaway CA (ca.pem) and two certificates it signs, server.pem/.key (localhost, 127.0.0.1) and wrong.pem/.key (wrong.example).
testbed_certs() {
	local dir=${1:-}
	if [ -z "$dir" ]; then
		_testbed_err "usage: testbed_certs DIR"
		return 1
	fi
	testbed_require openssl || return 77
	mkdir -p "$dir" || return 1
	(
		set -e
		cd "$dir"
		umask 077
		# EC P-256, valid 2 days: quick to make, accepted by every TLS library.
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout ca.key -out ca.pem -days 2 -subj "/CN=tether test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign"
		for name in server wrong; do
			if [ $name = server ]; then
				cn=localhost san="DNS:localhost,IP:127.0.0.1"
			else
				cn=wrong.example san="DNS:wrong.example"
			fi
			printf '%s\n' "subjectAltName=$san" "basicConstraints=critical,CA:FALSE" \
				"keyUsage=critical,digitalSignature,keyEncipherment" \
				"extendedKeyUsage=serverAuth" "subjectKeyIdentifier=hash" \
				"authorityKeyIdentifier=keyid" >$name.ext
			openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout $name.key -out $name.csr -subj "/CN=$cn"
			openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key \
				-set_serial "0x$(openssl rand -hex 8)" -days 2 \
				-extfile $name.ext -out $name.pem
			rm -f $name.csr $name.ext
		done
		chmod 644 ca.pem server.pem wrong.pem
	) </dev/null >"$dir/openssl.log" 2>&1
	if [ $? -ne 0 ]; then
		_testbed_err "making the certificates in $dir failed; last lines of $dir/openssl.log:"
		tail -n 15 "$dir/openssl.log" >&2
		return 1
	fi
	return 0
}

# _testbed_listening PORT [HEXADDR]: 0 when a socket listens on that TCP port (any address, or only HEXADDR as /proc writes it), read from /proc/net.
_testbed_listening() {
	local port f
	port=$(printf '%04X' "$1")
	for f in /proc/net/tcp /proc/net/tcp6; do
		[ -r "$f" ] || continue
		# fields: sl local_address rem_address st ...; st 0A is LISTEN
		if awk -v p="$port" -v a="${2:-}" '$4 == "0A" {
				n = split($2, la, ":")
				if (la[n] == p && (a == "" || la[1] == a)) found = 1
			} END { exit !found }' "$f"; then
			return 0
		fi
	done
	return 1
}

# _testbed_greeting PORT: 0 when an IMAPS client on 127.0.0.1:PORT gets Dovecot's greeting (login and auth processes ready) and logs out.
_testbed_greeting() {
	printf 'a LOGOUT\r\n' |
		timeout 2 openssl s_client -quiet -ign_eof -connect "127.0.0.1:$1" 2>/dev/null |
		grep -q '^a OK'
}

# _testbed_free_port: prints an unprivileged port nobody listens on, below the kernel's ephemeral range (32768-).
_testbed_free_port() {
	local i port
	for i in $(seq 1 100); do
		port=$((20000 + RANDOM % 12000))
		if ! _testbed_listening "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	_testbed_err "no free port found in 20000-31999"
	return 1
}

# _testbed_session_pids SID: prints the live PIDs whose session is SID (the Dovecot master calls setsid, so SID is its PID).
_testbed_session_pids() {
	local want=$1 stat line state sid
	for stat in /proc/[0-9]*/stat; do
		{ read -r line <"$stat"; } 2>/dev/null || continue
		# after the command name (which may hold spaces): state ppid pgrp session ...
		read -r state _ _ sid _ <<<"${line##*) }"
		if [ "$sid" = "$want" ] && [ "$state" != Z ]; then
			stat=${stat#/proc/}
			printf '%s\n' "${stat%/stat}"
		fi
	done
}

# _testbed_alive SID: 0 while a process of that session is left.
_testbed_alive() {
	[ -n "$(_testbed_session_pids "$1")" ]
}

# _testbed_workers SID: 0 while a process of that session other than the master and its log process is left.
_testbed_workers() {
	local p comm
	for p in $(_testbed_session_pids "$1"); do
		[ "$p" = "$1" ] && continue
		comm=
		{ read -r comm <"/proc/$p/comm"; } 2>/dev/null
		[ "$comm" = log ] && continue
		return 0
	done
	return 1
}

# _testbed_is_master PID: 0 when PID is a Dovecot or Postfix master leading its own session (not a reused PID).
_testbed_is_master() {
	local line comm state sid
	{ read -r comm <"/proc/$1/comm" && read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	read -r state _ _ sid _ <<<"${line##*) }"
	case $comm in
		dovecot) ;;
		master) [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = /usr/lib/postfix/sbin/master ] || return 1 ;;
		*) return 1 ;;
	esac
	[ "$sid" = "$1" ] && [ "$state" != Z ]
}

# _testbed_registry: the file listing the masters this script started (also from subshells), empty when $TEST_TMP is unset.
_testbed_registry() {
	[ -n "${TEST_TMP:-}" ] && [ -d "$TEST_TMP" ] && printf '%s\n' "$TEST_TMP/testbed.pids"
}

# _testbed_open_path DIR: lets Dovecot's unprivileged processes (user dovecot, the virtual uid) pass through every parent of DIR (adds o+x only).
_testbed_open_path() {
	local d=$1 mode
	while [ -n "$d" ] && [ "$d" != / ]; do
		mode=$(stat -c %a "$d") || return 1
		if [ $((0$mode & 1)) -eq 0 ]; then
			chmod o+x "$d" || return 1
		fi
		d=${d%/*}
	done
	return 0
}

# _testbed_hash PASSWORD: a SHA512-CRYPT hash in passwd-file syntax.
_testbed_hash() {
	printf '{SHA512-CRYPT}%s' "$(printf '%s\n' "$1" | openssl passwd -6 -stdin)"
}

# _testbed_write_conf DIR PORT CERT UID GID [SPORT]: writes DIR/dovecot.conf (with SMTP submission over TLS on SPORT when given, and LMTP plus an auth socket for Postfix when $_testbed_lmtp is yes).
_testbed_write_conf() {
	local dir=$1 port=$2 cert=$3 uid=$4 gid=$5 sport=${6:-} instance rootless='' login_chroot='' dh='' box
	local protocols=imap submission='' lmtp=''
	if [ -n "$sport" ]; then
		protocols="imap submission"
		# Submission listens with TLS from the start (port 465 style); it
		# relays to a port where nothing listens: sending is not its job here.
		submission="hostname = localhost
submission_relay_host = 127.0.0.1
submission_relay_port = 9
service submission-login {
$login_chroot
  inet_listener submission {
    port = 0
  }
  inet_listener submissions {
    address = 127.0.0.1
    port = $sport
    ssl = yes
  }
}"
	fi
	if [ "$_testbed_lmtp" = yes ]; then
		# For a private Postfix (testbed_postfix_start): LMTP delivery on the
		# unix socket run/lmtp, and Dovecot's auth for its SMTP AUTH on
		# run/auth-postfix, both only for user postfix. LMTP recipients are
		# addresses (bob@$TESTBED_MAIL_DOMAIN); the users are bare names.
		protocols="$protocols lmtp"
		lmtp="service lmtp {
  unix_listener lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0600
    user = postfix
    group = postfix
  }
}
protocol lmtp {
  auth_username_format = %Ln
  postmaster_address = postmaster@$TESTBED_MAIL_DOMAIN
}"
	fi
	# instance_name tells instances apart (process titles, doveadm).
	instance="tether-testbed-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
	if [ "$(id -u)" -ne 0 ]; then
		# Rootless: every process runs as the caller, and nothing chroots.
		rootless="default_internal_user = $(id -un)
default_internal_group = $(id -gn)
default_login_user = $(id -un)
service anvil {
  chroot =
}"
		login_chroot="  chroot ="
	fi
	[ -r /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
	{
		cat <<EOF
# Written by tests/servers/testbed.sh for one test script; thrown away with it.
instance_name = $instance
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
auth_verbose = yes
log_timestamp = "%H:%M:%S.%{usecs} "
protocols = $protocols
listen = 127.0.0.1
ssl = required
ssl_cert = <$dir/$cert.pem
ssl_key = <$dir/$cert.key
$dh
disable_plaintext_auth = yes
auth_mechanisms = plain login
# A failed login answers within 0.5 s (auth's flush timer) instead of 2 s,
# and without the penalty that grows to 15 s per address (every client
# here is 127.0.0.1): the anvil-auth-penalty listener is off below.
auth_failure_delay = 0
mail_max_userip_connections = 100
# No stats process: login processes waiting for it slow the shutdown by 5 s.
stats_writer_socket_path =
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
last_valid_gid = $gid
mail_location = maildir:~/Maildir
${_testbed_caps:+imap_capability = $_testbed_caps}
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
  default_fields = uid=$uid gid=$gid home=$dir/mail/%u
}
service imap-login {
$login_chroot
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port
    ssl = yes
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
$submission
$lmtp
$rootless
namespace inbox {
  inbox = yes
  separator = /
EOF
		for box in Sent Drafts Trash Junk Archive; do
			printf '  mailbox %s {\n    special_use = \\%s\n    auto = subscribe\n  }\n' "$box" "$box"
		done
		echo "}"
	} >"$dir/dovecot.conf"
}

# testbed_dovecot_start DIR [--cert server|wrong] [--caps "CAP ..."]: configures and starts a private Dovecot (IMAPS on 127.0.0.1, a free port; SMTP submission over TLS on another when dovecot-submissiond is installed); exports TESTBED_IMAP_PORT, TESTBED_SMTP_PORT (empty without submission), TESTBED_CA, TESTBED_DIR, TESTBED_DOVECOT_PID, TESTBED_DOVECOT_CONF.  --caps announces only those capabilities after login (a server without CONDSTORE or QRESYNC, say).
testbed_dovecot_start() {
	local dir=${1:-} cert=server
	_testbed_caps=
	if [ -z "$dir" ]; then
		_testbed_err "usage: testbed_dovecot_start DIR [--cert server|wrong]"
		return 1
	fi
	shift
	while [ $# -gt 0 ]; do
		case $1 in
			--cert) cert=${2:-}; shift; [ $# -gt 0 ] && shift ;;
			--cert=*) cert=${1#--cert=}; shift ;;
			--caps) _testbed_caps=${2:-}; shift; [ $# -gt 0 ] && shift ;;
			*) _testbed_err "testbed_dovecot_start: unknown argument $1"; return 1 ;;
		esac
	done
	case $cert in
		server | wrong) ;;
		*) _testbed_err "testbed_dovecot_start: --cert takes server or wrong"; return 1 ;;
	esac
	testbed_require dovecot doveadm openssl || return 77
	if [ -n "$_testbed_pid" ]; then
		_testbed_err "Dovecot already runs (pid $_testbed_pid); call testbed_dovecot_stop first"
		return 1
	fi
	local uid gid
	if [ "$(id -u)" -eq 0 ]; then
		uid=$TESTBED_VUID gid=$TESTBED_VUID
		if ! id dovecot >/dev/null 2>&1 || ! id dovenull >/dev/null 2>&1; then
			_testbed_err "users dovecot and dovenull are missing (reinstall dovecot-core)"
			return 77
		fi
	else
		uid=$(id -u) gid=$(id -g)
	fi
	mkdir -p "$dir" && dir=$(cd "$dir" && pwd -P) || return 1
	# Unix sockets live under base_dir, and their paths must fit in 108 bytes.
	if [ ${#dir} -gt 70 ]; then
		_testbed_err "directory path too long for Dovecot's sockets (${#dir} > 70 bytes): $dir"
		return 1
	fi
	if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/$cert.pem" ] || [ ! -s "$dir/$cert.key" ]; then
		testbed_certs "$dir" || return $?
	fi
	mkdir -p "$dir/run" "$dir/state" "$dir/mail" || return 1
	# LMTP and the auth socket for Postfix need dovecot-lmtpd and user postfix
	# (the sockets belong to it), so Postfix runs only as root.
	_testbed_lmtp=no
	if [ -x /usr/lib/dovecot/lmtp ] && [ "$(id -u)" -eq 0 ] && id postfix >/dev/null 2>&1; then
		_testbed_lmtp=yes
	fi
	chmod 755 "$dir" "$dir/run" && chmod 700 "$dir/state" || return 1

	# Users alice/secret and bob/"päss wörd" (UTF-8), mail as the virtual uid;
	# sink/secret gets what Postfix accepts for addresses outside the test domain.
	{
		printf 'alice:%s::::::\n' "$(_testbed_hash secret)"
		printf 'bob:%s::::::\n' "$(_testbed_hash 'päss wörd')"
		printf 'sink:%s::::::\n' "$(_testbed_hash secret)"
	} >"$dir/users" || return 1
	if [ "$(id -u)" -eq 0 ]; then
		# auth runs as user dovecot, mail access as the virtual uid.
		chgrp dovecot "$dir/users" && chmod 640 "$dir/users" &&
			chown "$uid:$gid" "$dir/mail" && chmod 700 "$dir/mail" &&
			_testbed_open_path "$dir" || return 1
	else
		chmod 600 "$dir/users" && chmod 700 "$dir/mail" || return 1
	fi

	local dovecot try port sport log=$dir/dovecot.log before rc pid i reg deadline
	dovecot=$(_testbed_find dovecot)
	for try in 1 2 3 4 5; do
		port=
		# A restart keeps its port when it can, so a client may reconnect.
		if [ "$try" -eq 1 ] && [ -n "$_testbed_last_port" ] && [ "$_testbed_dir" = "$dir" ] &&
			! _testbed_listening "$_testbed_last_port"; then
			port=$_testbed_last_port
		fi
		[ -n "$port" ] || port=$(_testbed_free_port) || return 1
		sport=
		if [ -x /usr/lib/dovecot/submission ]; then
			if [ "$try" -eq 1 ] && [ -n "$_testbed_last_sport" ] && [ "$_testbed_dir" = "$dir" ] &&
				! _testbed_listening "$_testbed_last_sport"; then
				sport=$_testbed_last_sport
			fi
			while [ -z "$sport" ] || [ "$sport" = "$port" ]; do
				sport=$(_testbed_free_port) || return 1
			done
		fi
		_testbed_write_conf "$dir" "$port" "$cert" "$uid" "$gid" "$sport" || return 1
		rm -f "$dir/run/master.pid"
		before=0
		[ -f "$log" ] && before=$(wc -l <"$log")
		# Every descriptor closed or redirected: a daemon holding the caller's
		# pipe would keep "script | tail" (and make check) waiting.
		(
			for fd in "/proc/$BASHPID/fd/"*; do
				fd=${fd##*/}
				[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
			done
			exec "$dovecot" -c "$dir/dovecot.conf"
		) </dev/null >>"$log" 2>&1
		rc=$? pid=
		# The master binds its listeners, forks, calls setsid and writes master.pid.
		if [ $rc -eq 0 ]; then
			for i in $(seq 1 100); do
				{ read -r pid <"$dir/run/master.pid"; } 2>/dev/null && [ -n "$pid" ] && break
				pid=
				sleep 0.02
			done
		fi
		if [ -n "$pid" ]; then
			_testbed_pid=$pid _testbed_conf=$dir/dovecot.conf _testbed_dir=$dir
			reg=$(_testbed_registry) && printf '%s\n' "$pid" >>"$reg"
			# Bounded wait (10 s) until 127.0.0.1:PORT listens and a client gets
			# its greeting: a stop while auth still starts would take 7 s.
			deadline=$((SECONDS + 10))
			while [ $SECONDS -lt $deadline ]; do
				if _testbed_listening "$port" 0100007F && _testbed_greeting "$port"; then
					_testbed_last_port=$port _testbed_last_sport=$sport
					TESTBED_IMAP_PORT=$port TESTBED_CA=$dir/ca.pem TESTBED_DIR=$dir
					TESTBED_DOVECOT_PID=$pid TESTBED_DOVECOT_CONF=$dir/dovecot.conf
					TESTBED_SMTP_PORT=$sport
					export TESTBED_IMAP_PORT TESTBED_CA TESTBED_DIR TESTBED_DOVECOT_PID TESTBED_DOVECOT_CONF \
						TESTBED_SMTP_PORT
					return 0
				fi
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.05
			done
			testbed_dovecot_stop --fast
		fi
		# Someone took the port between the check and Dovecot's bind: another port.
		tail -n +$((before + 1)) "$log" 2>/dev/null | grep -q 'Address already in use' || break
	done
	_testbed_err "Dovecot did not start (exit $rc, config $dir/dovecot.conf); last lines of $log:"
	tail -n +$((before + 1)) "$log" 2>/dev/null | tail -n 15 >&2
	return 1
}

# _testbed_kill_session SID yes|no: SIGTERM to the master SID (Dovecot or Postfix), a bounded wait, then SIGKILL for what is left of its session; "yes" (fast) kills as soon as only the master and its log process remain.
_testbed_kill_session() {
	local pid=$1 fast=$2 i left
	# Signals go only to a live Dovecot or Postfix master (never to a reused
	# PID) and to the processes of its session. Postfix's master passes
	# SIGTERM on to its process group and exits at once.
	if _testbed_is_master "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		if [ "$fast" = yes ]; then
			# The master waits for its children (up to 5 s), sends SIGQUIT
			# and sleeps 1 s more before it exits; once the workers are gone
			# that wait guards nothing a test keeps.
			for i in $(seq 1 50); do
				_testbed_workers "$pid" || break
				sleep 0.02
			done
			sleep 0.05 # lets the log process write what the workers sent last
		else
			for i in $(seq 1 200); do
				_testbed_alive "$pid" || return 0
				sleep 0.05
			done
			_testbed_err "the server of session $pid did not stop within 10 s; killing it"
		fi
	fi
	left=$(_testbed_session_pids "$pid")
	[ -n "$left" ] || return 0
	# shellcheck disable=SC2086 # one PID a word
	kill -KILL $left 2>/dev/null
	for i in $(seq 1 100); do
		_testbed_alive "$pid" || return 0
		sleep 0.02
	done
	_testbed_err "processes of server session $pid are still running: $(_testbed_session_pids "$pid" | tr '\n' ' ')"
	return 1
}

# testbed_dovecot_stop [--fast]: SIGTERM to the master, then waits (at most 10 s, then SIGKILL) until no process of its session is left; --fast kills it once its workers are gone (~0.1 s instead of 1-3 s).
testbed_dovecot_stop() {
	local pid=$_testbed_pid fast=no reg rc=0
	[ "${1:-}" = --fast ] && fast=yes
	[ -n "$pid" ] || return 0
	_testbed_kill_session "$pid" $fast || rc=1
	_testbed_pid=
	unset TESTBED_DOVECOT_PID
	if reg=$(_testbed_registry) && [ -f "$reg" ]; then
		grep -vx "$pid" "$reg" >"$reg.new"
		mv -f "$reg.new" "$reg"
	fi
	return $rc
}

# testbed_doveadm ARGS...: doveadm with the running instance's config; its stdout is the caller's to capture.
testbed_doveadm() {
	testbed_require doveadm || return 77
	if [ -z "$_testbed_pid" ]; then
		_testbed_err "testbed_doveadm: no Dovecot running (call testbed_dovecot_start)"
		return 1
	fi
	"$(_testbed_find doveadm)" -c "$_testbed_conf" "$@" </dev/null
}

# testbed_deliver USER FILE [MAILBOX]: saves the message in FILE into USER's MAILBOX (default INBOX) with doveadm save.
testbed_deliver() {
	local user=${1:-} file=${2:-} box=${3:-INBOX}
	if [ -z "$user" ] || [ -z "$file" ]; then
		_testbed_err "usage: testbed_deliver USER FILE [MAILBOX]"
		return 1
	fi
	testbed_require doveadm || return 77
	if [ -z "$_testbed_pid" ]; then
		_testbed_err "testbed_deliver: no Dovecot running (call testbed_dovecot_start)"
		return 1
	fi
	if [ ! -r "$file" ]; then
		_testbed_err "testbed_deliver: cannot read $file"
		return 1
	fi
	"$(_testbed_find doveadm)" -c "$_testbed_conf" save -u "$user" -m "$box" <"$file"
}

# _testbed_smtp_greeting PORT plain|tls: 0 when a client on 127.0.0.1:PORT gets an SMTP greeting (220) in plain text, or after a TLS handshake (SMTPS), and quits.
_testbed_smtp_greeting() {
	if [ "$2" = plain ]; then
		(
			exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
			read -r -t 2 line <&3 || exit 1
			printf 'QUIT\r\n' >&3
			case $line in 220[\ -]*) exit 0 ;; esac
			exit 1
		) 2>/dev/null
	else
		# QUIT a moment after the handshake, not before the greeting (Postfix
		# would log "improper command pipelining").
		{ sleep 0.2; printf 'QUIT\r\n'; } |
			timeout 3 openssl s_client -quiet -ign_eof -connect "127.0.0.1:$1" 2>/dev/null |
			grep -q '^220[ -]'
	fi
}

# _testbed_pf_queue_files: prints the messages in the running Postfix's queue (every queue that holds mail until delivered or bounced).
_testbed_pf_queue_files() {
	local q
	for q in maildrop incoming active deferred hold; do
		[ -d "$_testbed_pf_dir/queue/$q" ] && find "$_testbed_pf_dir/queue/$q" -type f
	done
}

# _testbed_pf_write_conf DIR SMTPS_PORT SUBMISSION_PORT STARTTLS(yes|no): writes DIR/etc/main.cf, DIR/etc/master.cf and its two tables for the running testbed Dovecot.
_testbed_pf_write_conf() {
	local dir=$1 smtps=$2 sub=$3 starttls=$4 d=$TESTBED_MAIL_DOMAIN sublevel etc=$1/etc
	# Relaying needs AUTH everywhere; the submission port without STARTTLS
	# also takes AUTH in clear text, so a client that falls back to plain
	# text would really send (the test sees the message arrive).
	if [ "$starttls" = yes ]; then
		sublevel="-o smtpd_tls_security_level=encrypt"
	else
		sublevel="-o smtpd_tls_security_level=none -o smtpd_tls_auth_only=no"
	fi
	cat >"$etc/main.cf" <<EOF_MAIN
# Written by tests/servers/testbed.sh for one test script; thrown away with it.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
mail_owner = postfix
setgid_group = postdrop
# Loopback only, no DNS, nothing leaves the machine: the only transport that
# delivers is LMTP into the test Dovecot; every other route is an error.
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
myhostname = mail.$d
mydomain = $d
myorigin = \$mydomain
mydestination =
mynetworks = 127.0.0.1/32
relayhost =
local_transport = error:5.1.1 no local delivery in the test bed
relay_transport = error:5.7.1 the test bed relays nowhere
default_transport = error:5.7.1 the test bed relays nowhere
alias_maps =
alias_database =
local_recipient_maps =
biff = no
append_dot_mydomain = no
# alice, bob and sink @$d go to the Dovecot users of that name; any other
# address at $d is unknown (550); every address elsewhere, and postmaster,
# goes to sink.
virtual_alias_domains =
virtual_mailbox_domains = $d
virtual_mailbox_maps = texthash:$etc/vmailbox
virtual_alias_maps = regexp:$etc/sink.regexp
virtual_transport = lmtp:unix:$TESTBED_DIR/run/lmtp
message_size_limit = 10240000
# A delivery that failed for a moment (Dovecot restarted) is retried soon,
# and an smtpd that died (no Dovecot auth to talk to) is replaced after 1 s,
# not 60.
service_throttle_time = 1s
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
# SMTP AUTH (PLAIN, LOGIN) through the test Dovecot, only after TLS.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $TESTBED_DIR/run/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_tls_auth_only = yes
smtpd_tls_chain_files = $TESTBED_DIR/server.key, $TESTBED_DIR/server.pem
smtpd_tls_security_level = encrypt
smtpd_tls_session_cache_database =
smtpd_tls_received_header = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
EOF_MAIN
	printf '%s\n' "alice@$d alice" "bob@$d bob" "sink@$d sink" >"$etc/vmailbox"
	printf '%s\n' "/^postmaster@/ sink@$d" "!/@${d//./\\.}\$/ sink@$d" >"$etc/sink.regexp"
	# max_use=1: an smtpd serves one client and exits. An idle one would keep
	# its connection to Dovecot's auth, and Dovecot's auth process does not
	# exit before its clients do: a Dovecot stop would last until SIGKILL.
	cat >"$etc/master.cf" <<EOF_MASTER
# Written by tests/servers/testbed.sh. Nothing runs chrooted.
# service type private unpriv chroot wakeup maxproc command
127.0.0.1:$smtps inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o max_use=1
127.0.0.1:$sub inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o max_use=1
  $sublevel
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF_MASTER
	# Every Postfix program rereads a main.cf younger than 2 s until it is
	# that old (300 ms naps, in case an editor still writes it): backdated,
	# a start takes 0.3 s instead of 2.5.
	touch -d '-1 min' "$etc/main.cf" "$etc/master.cf" "$etc/vmailbox" "$etc/sink.regexp"
}

# testbed_postfix_start DIR [--no-starttls]: configures and starts a private Postfix in DIR that delivers into the running testbed Dovecot (LMTP) and authenticates through it; SMTPS and submission (STARTTLS required) on 127.0.0.1, free ports; exports TESTBED_SMTPS_PORT, TESTBED_SUBMISSION_PORT, TESTBED_POSTFIX_DIR, TESTBED_POSTFIX_PID.  --no-starttls: the submission port offers no STARTTLS (and AUTH in clear text).
testbed_postfix_start() {
	local dir=${1:-} starttls=yes
	if [ -z "$dir" ]; then
		_testbed_err "usage: testbed_postfix_start DIR [--no-starttls]"
		return 1
	fi
	shift
	while [ $# -gt 0 ]; do
		case $1 in
			--no-starttls) starttls=no; shift ;;
			*) _testbed_err "testbed_postfix_start: unknown argument $1"; return 1 ;;
		esac
	done
	testbed_require postfix openssl || return 77
	if [ ! -x /usr/lib/dovecot/lmtp ]; then
		_testbed_err "not installed: Dovecot's LMTP server (Debian package: dovecot-lmtpd; scripts/install-deps --test)"
		return 77
	fi
	if [ "$(id -u)" -ne 0 ]; then
		_testbed_err "Postfix runs only as root (its master and the queue's owners need it)"
		return 77
	fi
	if ! id postfix >/dev/null 2>&1 || ! getent group postdrop >/dev/null 2>&1; then
		_testbed_err "the user postfix or the group postdrop is missing (reinstall postfix)"
		return 77
	fi
	if [ ! -x /usr/lib/postfix/sbin/master ]; then
		_testbed_err "Postfix's master is not /usr/lib/postfix/sbin/master (not Debian's postfix?)"
		return 77
	fi
	if [ -n "$_testbed_pf_pid" ]; then
		_testbed_err "Postfix already runs (pid $_testbed_pf_pid); call testbed_postfix_stop first"
		return 1
	fi
	if [ -z "$_testbed_pid" ] || [ "$_testbed_lmtp" != yes ]; then
		_testbed_err "testbed_postfix_start: no testbed Dovecot with LMTP runs (call testbed_dovecot_start first)"
		return 1
	fi
	mkdir -p "$dir" && dir=$(cd "$dir" && pwd -P) || return 1
	# Postfix's sockets live in DIR/queue/private and DIR/queue/public.
	if [ ${#dir} -gt 70 ]; then
		_testbed_err "directory path too long for Postfix's sockets (${#dir} > 70 bytes): $dir"
		return 1
	fi
	# The configuration (DIR/etc) and the queue belong to root (Postfix makes
	# the queue's subdirectories, owned by postfix, so the configuration
	# cannot be their parent), the data directory to postfix; the smtpd
	# processes (user postfix) pass through every parent.
	mkdir -p "$dir/etc" "$dir/queue" "$dir/data" &&
		chown root:root "$dir" "$dir/etc" "$dir/queue" && chmod 755 "$dir" "$dir/etc" "$dir/queue" &&
		chown postfix:postfix "$dir/data" && chmod 700 "$dir/data" &&
		_testbed_open_path "$dir" || return 1

	local postfix try smtps sub log=$dir/postfix.log before rc pid i reg deadline
	postfix=$(_testbed_find postfix)
	for try in 1 2 3 4 5; do
		smtps='' sub=''
		# A restart keeps its ports when it can, so a client may reconnect.
		if [ "$try" -eq 1 ] && [ "$_testbed_pf_last_dir" = "$dir" ]; then
			read -r smtps sub <<<"$_testbed_pf_last_ports"
			if _testbed_listening "$smtps" || _testbed_listening "$sub"; then
				smtps='' sub=''
			fi
		fi
		[ -n "$smtps" ] || smtps=$(_testbed_free_port) || return 1
		while [ -z "$sub" ] || [ "$sub" = "$smtps" ]; do
			sub=$(_testbed_free_port) || return 1
		done
		_testbed_pf_write_conf "$dir" "$smtps" "$sub" "$starttls" || return 1
		rm -f "$dir/queue/pid/master.pid"
		before=0
		[ -f "$log" ] && before=$(wc -l <"$log")
		# postfix start checks and fixes the queue's permissions, then runs
		# the master, which returns once its listeners are bound. Every
		# descriptor closed or redirected, as for Dovecot.
		(
			for fd in "/proc/$BASHPID/fd/"*; do
				fd=${fd##*/}
				[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
			done
			exec "$postfix" -c "$dir/etc" start
		) </dev/null >>"$dir/postfix.out" 2>&1
		rc=$? pid=
		if [ $rc -eq 0 ]; then
			for i in $(seq 1 100); do
				{ read -r pid <"$dir/queue/pid/master.pid"; } 2>/dev/null && [ -n "$pid" ] && break
				pid=
				sleep 0.02
			done
		fi
		if [ -n "$pid" ]; then
			_testbed_pf_pid=$pid _testbed_pf_dir=$dir
			reg=$(_testbed_registry) && printf '%s\n' "$pid" >>"$reg"
			# Bounded wait (10 s) until both ports greet: 220 in plain text
			# on submission, after the TLS handshake on SMTPS.
			deadline=$((SECONDS + 10))
			while [ $SECONDS -lt $deadline ]; do
				if _testbed_listening "$smtps" 0100007F && _testbed_listening "$sub" 0100007F &&
					_testbed_smtp_greeting "$sub" plain && _testbed_smtp_greeting "$smtps" tls; then
					_testbed_pf_last_dir=$dir _testbed_pf_last_ports="$smtps $sub"
					TESTBED_SMTPS_PORT=$smtps TESTBED_SUBMISSION_PORT=$sub
					TESTBED_POSTFIX_DIR=$dir TESTBED_POSTFIX_CONFIG=$dir/etc TESTBED_POSTFIX_PID=$pid
					export TESTBED_SMTPS_PORT TESTBED_SUBMISSION_PORT TESTBED_POSTFIX_DIR \
						TESTBED_POSTFIX_CONFIG TESTBED_POSTFIX_PID TESTBED_MAIL_DOMAIN
					return 0
				fi
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.05
			done
			testbed_postfix_stop
		fi
		# Someone took a port between the check and Postfix's bind: other ports.
		{ cat "$dir/postfix.out"; tail -n +$((before + 1)) "$log"; } 2>/dev/null |
			grep -q 'Address already in use' || break
		: >"$dir/postfix.out"
	done
	_testbed_err "Postfix did not start (exit $rc, config $dir/etc/main.cf); its output and the last lines of $log:"
	{ cat "$dir/postfix.out"; tail -n +$((before + 1)) "$log" | tail -n 15; } >&2 2>/dev/null
	return 1
}

# testbed_postfix_stop: SIGTERM to the Postfix master, then waits (at most 10 s, then SIGKILL) until no process of its session is left.
testbed_postfix_stop() {
	local pid=$_testbed_pf_pid reg rc=0
	[ -n "$pid" ] || return 0
	_testbed_kill_session "$pid" no || rc=1
	_testbed_pf_pid=
	unset TESTBED_POSTFIX_PID
	if reg=$(_testbed_registry) && [ -f "$reg" ]; then
		grep -vx "$pid" "$reg" >"$reg.new"
		mv -f "$reg.new" "$reg"
	fi
	return $rc
}

# testbed_postfix_wait [SECONDS]: waits (default 10 s) until the running Postfix's queue is empty, every accepted message delivered into Dovecot (or bounced); 1 with the queue and the end of the log on stderr otherwise.
testbed_postfix_wait() {
	local limit=${1:-10} deadline
	if [ -z "$_testbed_pf_pid" ]; then
		_testbed_err "testbed_postfix_wait: no Postfix running (call testbed_postfix_start)"
		return 1
	fi
	deadline=$((SECONDS + limit))
	while [ -n "$(_testbed_pf_queue_files)" ]; do
		if [ $SECONDS -ge $deadline ]; then
			_testbed_err "Postfix's queue is not empty after $limit s:"
			"$(_testbed_find postqueue)" -c "$_testbed_pf_dir/etc" -p >&2 </dev/null
			_testbed_err "last lines of $_testbed_pf_dir/postfix.log:"
			tail -n 10 "$_testbed_pf_dir/postfix.log" >&2
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# testbed_cleanup: stops every Postfix and Dovecot this script started (also from subshells, through the registry); idempotent, for the EXIT trap.
testbed_cleanup() {
	local reg pid rc=0
	testbed_postfix_stop || rc=1
	testbed_dovecot_stop --fast || rc=1
	if reg=$(_testbed_registry) && [ -f "$reg" ]; then
		while read -r pid; do
			[ -n "$pid" ] && { _testbed_kill_session "$pid" yes || rc=1; }
		done <"$reg"
		rm -f "$reg"
	fi
	return $rc
}
