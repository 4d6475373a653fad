#!/bin/sh
# layer-check.sh ROOT - fails when src/ includes curses or ui/ headers, or when ui/ runs SQL or opens sockets.
root=${1:?usage: layer-check.sh SOURCE-ROOT}
status=0

# Drops hits inside comments ("file:line: * text" or "// text").
code_only() {
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*|//)'
}

# The core must build without a terminal library and without the front-end.
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]*/)?(n?cursesw?|curses|term|panel|menu|form)\.h[>"]|^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](\.\./)*ui/' \
	"$root/src" --include='*.c' --include='*.h' 2>/dev/null | code_only)
if [ -n "$hits" ]; then
	echo "src/ must not include curses or ui/ headers:"
	echo "$hits"
	status=1
fi

# The front-end asks the core; it never touches the database or the network.
if [ -d "$root/ui" ]; then
	hits=$(grep -rnE '\bsqlite3_[a-z0-9_]+[[:space:]]*\(|#[[:space:]]*include[[:space:]]*[<"](sqlite3|sys/socket|netdb|openssl/[a-z]+|curl/curl)\.h|\b(socket|connect|getaddrinfo|SSL_connect|SSL_new|curl_easy_init|curl_easy_perform)[[:space:]]*\(' \
		"$root/ui" --include='*.c' --include='*.h' 2>/dev/null | code_only)
	if [ -n "$hits" ]; then
		echo "ui/ must not run SQL or open connections:"
		echo "$hits"
		status=1
	fi
fi
exit $status
