#!/bin/sh
# Many tabs of one preview (issue 18): starts `asyncdoc serve` on
# 127.0.0.1 on a copy of the parking example and runs
# tests/browser/tabs.mjs in headless Chromium, once per way the pages
# share the event stream: a SharedWorker (8 tabs), a leader tab elected
# with a Web Lock when SharedWorker is missing (8 tabs), and a stream per
# tab when BroadcastChannel and Web Locks are missing too (3 tabs: more
# would stall, which is the point of the other two). TAP; skipped like
# tests/browser.sh when Chromium, node or playwright-core are missing.
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   CHROMIUM      the browser (default: chromium on PATH, /usr/bin/chromium)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${ASYNCDOC_BIN:-./asyncdoc}

# shellcheck source=tests/browser/env.sh
. "$top_srcdir/tests/browser/env.sh"
[ -f "$top_srcdir/node_modules/playwright-core/package.json" ] ||
	skip "no $top_srcdir/node_modules/playwright-core: run npm ci"
[ -x "$bin" ] || {
	echo "Bail out! no asyncdoc binary at $bin"
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-tabs-XXXXXX") || exit 1
pid=
stop() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	pid=
}
trap 'stop; rm -rf "$tmp"' EXIT

n=0
fails=0
# run MODE TABS: one server, one browser, the TAP of tabs.mjs renumbered.
run() {
	mode=$1 tabs=$2
	rm -rf "$tmp/spec" && cp -R "$top_srcdir/examples/parking-v3" "$tmp/spec" ||
		exit 1
	: >"$tmp/url"
	"$bin" serve "$tmp/spec/asyncapi.yaml" --host 127.0.0.1 --port 0 \
		>"$tmp/url" 2>"$tmp/serve.log" &
	pid=$!
	# The address is printed once the server listens: wait for it.
	i=0
	while ! grep -q '^http://' "$tmp/url" && [ $i -lt 600 ]; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	url=$(grep -m1 '^http://' "$tmp/url")
	if [ -z "$url" ]; then
		echo "Bail out! asyncdoc serve did not start"
		sed 's/^/# /' "$tmp/serve.log"
		exit 1
	fi
	node "$top_srcdir/tests/browser/tabs.mjs" --chromium "$browser" \
		--url "$url" --spec "$tmp/spec/asyncapi.yaml" --mode "$mode" \
		--tabs "$tabs" >"$tmp/tap" 2>&1
	status=$?
	stop
	# Renumber: each run counts from 1.
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			n=$((n + 1))
			case $line in "not ok "*) fails=$((fails + 1)) ;; esac
			echo "$line" | sed -E "s/^(not )?ok [0-9]+/\\1ok $n/"
			;;
		1..* | "TAP version"*) ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/tap"
	if [ "$status" -ne 0 ] && [ "$fails" -eq 0 ]; then
		n=$((n + 1))
		fails=$((fails + 1))
		echo "not ok $n - $mode: tabs.mjs exited with $status"
	fi
	if [ "$fails" -gt 0 ]; then
		sed 's/^/# serve: /' "$tmp/serve.log" | tail -20
	fi
}

run shared 8
run leader 8
run alone 3
echo "1..$n"
