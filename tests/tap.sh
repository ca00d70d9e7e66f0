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
