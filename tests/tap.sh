# TAP helpers of the script tests (sourced, not run). The sourcing script
# sets n=0, bin (the asyncdoc to run), out and err (files for its output).

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	# Show what the command said, as TAP comments.
	sed 's/^/# stdout: /' "$out" 2>/dev/null | head -n 20
	sed 's/^/# stderr: /' "$err" 2>/dev/null | head -n 20
}

# check DESCRIPTION CONDITION...: ok when the condition (a command) holds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run ARGS...: runs asyncdoc, keeping its status in $rc.
run() {
	"$bin" "$@" >"$out" 2>"$err"
	rc=$?
}

has() { grep -q -e "$1" "$2"; }
is_rc() { test "$rc" -eq "$1"; }

# wait_url FILE: sets url to the first line of FILE (where `asyncdoc serve`
# prints its address) once there, waiting up to 30 s; empty when it never
# came.
wait_url() {
	url=
	i=0
	while [ $i -lt 300 ] && [ -z "$url" ]; do
		url=$(head -n 1 "$1" 2>/dev/null)
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
}

# serve_check DESCRIPTION CONDITION SERVE_ARGS...: starts `asyncdoc serve
# SERVE_ARGS --port 0` (its address in $tmp/url, stderr in $err), gets its
# index page into $out and checks CONDITION, a `sh -c` script given the
# HTTP status as $0 and the page's file as $1; then stops the server.
# Skipped without curl; not ok when the server never says where it is.
serve_check() {
	desc=$1
	cond=$2
	shift 2
	"$bin" serve "$@" --port 0 >"$tmp/url" 2>"$err" &
	pid=$!
	wait_url "$tmp/url"
	if [ -z "$url" ]; then
		not_ok "$desc"
	elif ! command -v curl >/dev/null 2>&1; then
		ok "$desc # SKIP no curl"
	else
		code=$(curl -s -o "$out" -w '%{http_code}' "$url")
		check "$desc" sh -c "$cond" "$code" "$out"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}
