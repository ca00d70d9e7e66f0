# shellcheck shell=sh
# Sourced by the browser tests (tests/browser.sh, tests/tabs.sh): skip(),
# and $browser, the Chromium to drive (CHROMIUM, else chromium on PATH,
# else /usr/bin/chromium); the test is skipped (1..0 # SKIP) when it or
# node is missing.

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
	browser=$(command -v chromium || command -v chromium-browser ||
		echo /usr/bin/chromium)
fi
[ -x "$browser" ] || skip "no Chromium ($browser): install the chromium package"
command -v node >/dev/null 2>&1 || skip "no node"
