# Sourced by script tests (not run) that count shell checks: TAP lines.
# (tests/tap.sh has the ok/not_ok/check helpers of cli.sh and newuser.sh.)
#   t STATUS NAME   "ok N - NAME" when STATUS is 0, else "not ok N - NAME"
#                   followed by the file $why (if set) as "# " comments,
#                   which is then emptied
#   tap_end         exit status: 0 when every t passed
# shellcheck shell=sh
n=0
fails=0
why=${why:-}
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
		[ -n "$why" ] && sed 's/^/# /' "$why" 2>/dev/null | head -30
	fi
	[ -n "$why" ] && : >"$why"
	return 0
}
tap_end() { [ "$fails" = 0 ]; }
